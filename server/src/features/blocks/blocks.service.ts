import type { Types } from 'mongoose';
import type { BlockState } from '@polos/shared';
import { notFound } from '../../lib/errors';
import { questionLastSeqs } from '../questions/counter.model';
import type { QuestionDoc } from '../questions/question.model';
import { questionsOfBlocks } from '../questions/questions.service';
import { Block, type BlockDoc } from './block.model';
import type { BlocksEvent } from './events';

/**
 * The blocks feature owns every write to the `blocks` collection. The live-session flow (open block, close
 * block, end session) orchestrates through the ports below; each is one atomic `findOneAndUpdate`.
 */

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

/** The live blocks of a workspace (normally at most one). */
export function liveBlocksOf(workspaceId: Types.ObjectId): Promise<BlockDoc[]> {
  return Block.find({ workspaceId, state: 'live' }).lean<BlockDoc[]>().exec();
}

/** The `block.changed` fact: the block as presented everywhere, with its questions in order and their last seqs. */
export async function blockChanged(block: BlockDoc): Promise<BlocksEvent> {
  const { questions, lastSeqs } = await loadBlocks([block]);
  return { type: 'block.changed', block, questions, lastSeqs };
}

/**
 * Sets block `id` to `state`; with `onlyFrom`, only if it is in that state now (a concurrent change wins once).
 * Returns the changed block, or null when it does not exist or the condition failed.
 */
export function setBlockState(
  id: Types.ObjectId,
  state: BlockState,
  onlyFrom?: BlockState,
): Promise<BlockDoc | null> {
  return Block.findOneAndUpdate(
    onlyFrom ? { _id: id, state: onlyFrom } : { _id: id },
    { $set: { state } },
    { returnDocument: 'after' },
  )
    .lean<BlockDoc>()
    .exec();
}
