import type { Types } from 'mongoose';
import type { Role } from '@polos/shared';
import { accessQuestion } from '../questions/access';
import type { QuestionDoc } from '../questions/question.model';
import type { Ability } from '../workspaces/workspaces.policy';
import type { PostDoc } from './post.model';
import { getPostOrThrow } from './posts.service';

/** Loads the post and its question (`not_found`), then applies the access rule to the question. */
export async function accessPost(
  postId: string,
  userId: Types.ObjectId,
  ability: Ability,
): Promise<{ post: PostDoc; question: QuestionDoc; role: Role }> {
  const post = await getPostOrThrow(postId);
  const { question, role } = await accessQuestion(post.questionId, userId, ability);
  return { post, question, role };
}
