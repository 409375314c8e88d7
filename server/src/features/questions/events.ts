import type { QuestionDoc } from './question.model';

/** A question opened, closed, reopened, locked or unlocked. */
export interface QuestionChanged {
  type: 'question.changed';
  question: QuestionDoc;
  lastSeq: number;
}

export type QuestionsEvent = QuestionChanged;
