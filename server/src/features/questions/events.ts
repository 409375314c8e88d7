import type { QuestionWindowFactDto } from '@polos/shared';
import type { QuestionDoc } from './question.model';

/** A question opened, closed, reopened, locked or unlocked. */
export interface QuestionChanged {
  type: 'question.changed';
  question: QuestionDoc;
  lastSeq: number;
}

/** A question's asynchronous window opened or closed (a fact of its seq log). */
export interface QuestionWindowChanged {
  type: 'question.window';
  fact: QuestionWindowFactDto;
}

export type QuestionsEvent = QuestionChanged | QuestionWindowChanged;
