import type { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import { questionLastSeqs } from '../questions/counter.model';
import type { QuestionDoc } from '../questions/question.model';
import { questionsOfBlocks } from '../questions/questions.service';
import { Block, type BlockDoc } from './block.model';

export async function getBlockOrThrow(id: Types.ObjectId | string): Promise<BlockDoc> {
  const block = await Block.findById(id).lean<BlockDoc>().exec();
  if (!block) throw notFound('Block');
  return block;
}

export function blocksOfWorkspace(workspaceId: Types.ObjectId): Promise<BlockDoc[]> {
  return Block.find({ workspaceId }).sort({ order: 1 }).lean<BlockDoc[]>().exec();
}

/** Blocks with their questions and each question's last seq. */
export async function loadBlocks(
  blocks: BlockDoc[],
): Promise<{ blocks: BlockDoc[]; questions: QuestionDoc[]; lastSeqs: Record<string, number> }> {
  const questions = await questionsOfBlocks(blocks.map((b) => b._id));
  const lastSeqs = await questionLastSeqs(questions.map((q) => q._id.toHexString()));
  return { blocks, questions, lastSeqs };
}
