import type { QuestionDoc } from '../questions/question.model';
import type { BlockDoc } from './block.model';

/** A block opened or closed; carries its questions and their last seqs (the block as presented). */
export interface BlockChanged {
  type: 'block.changed';
  block: BlockDoc;
  questions: QuestionDoc[];
  lastSeqs: Record<string, number>;
}

export type BlocksEvent = BlockChanged;
