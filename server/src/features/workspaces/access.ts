import type { Types } from 'mongoose';
import type { Role } from '@polos/shared';
import type { BlockDoc } from '../blocks/block.model';
import { getBlockOrThrow } from '../blocks/blocks.service';
import type { PostDoc } from '../posts/post.model';
import { getPostOrThrow } from '../posts/posts.service';
import type { QuestionDoc } from '../questions/question.model';
import { getQuestionOrThrow } from '../questions/questions.service';
import type { WorkspaceDoc } from './workspace.model';
import { authorize, type Ability } from './workspaces.policy';
import { membershipOf } from './workspaces.service';

/** Loads a resource, then checks the caller's role in its workspace allows `ability`. */
export async function accessWorkspace(
  workspaceId: string | Types.ObjectId,
  userId: Types.ObjectId,
  ability: Ability,
): Promise<{ workspace: WorkspaceDoc; role: Role }> {
  const { workspace, role } = await membershipOf(workspaceId, userId);
  return { workspace, role: authorize(role, ability) };
}

export async function accessBlock(
  blockId: string,
  userId: Types.ObjectId,
  ability: Ability,
): Promise<{ block: BlockDoc; role: Role }> {
  const block = await getBlockOrThrow(blockId);
  const { role } = await accessWorkspace(block.workspaceId, userId, ability);
  return { block, role };
}

export async function accessQuestion(
  questionId: string | Types.ObjectId,
  userId: Types.ObjectId,
  ability: Ability,
): Promise<{ question: QuestionDoc; role: Role }> {
  const question = await getQuestionOrThrow(questionId);
  const { role } = await accessWorkspace(question.workspaceId, userId, ability);
  return { question, role };
}

export async function accessPost(
  postId: string,
  userId: Types.ObjectId,
  ability: Ability,
): Promise<{ post: PostDoc; question: QuestionDoc; role: Role }> {
  const post = await getPostOrThrow(postId);
  const { question, role } = await accessQuestion(post.questionId, userId, ability);
  return { post, question, role };
}
