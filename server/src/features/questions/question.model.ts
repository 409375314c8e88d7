import mongoose, { Schema, type Types } from 'mongoose';
import {
  ASYNC_WINDOW_STATES,
  MAX_QUESTIONS_PER_BLOCK,
  type AsyncWindowState,
  QUESTION_STATES,
  type LocalizedText,
  type QuestionState,
} from '@polos/shared';
import { localizedTextSchema } from '../../lib/localizedText';

/** An asynchronous window (issue 13.3): instants in UTC; `state` moves scheduled → open → closed. */
export interface AsyncWindowDoc {
  startsAt: Date;
  endsAt: Date;
  state: AsyncWindowState;
}

/** A window's opening or closing, in the question's seq log (same counter as its posts; `sync:since` replays it). */
export interface WindowFactDoc {
  seq: number;
  kind: 'opened' | 'closed';
  at: Date;
  startsAt: Date;
  endsAt: Date;
}

export interface QuestionDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  blockId: Types.ObjectId;
  /** 1–5 inside the block. */
  order: number;
  text: LocalizedText;
  state: QuestionState;
  openedAt: Date | null;
  closedAt: Date | null;
  locked: boolean;
  createdAt: Date;
  /** Null/absent: no asynchronous window. */
  asyncWindow?: AsyncWindowDoc | null;
  /**
   * Window facts, appended in the same atomic update as the transition they record (a handful per question).
   */
  windowFacts?: WindowFactDoc[];
}

const asyncWindowSchema = new Schema<AsyncWindowDoc>(
  {
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    state: { type: String, enum: ASYNC_WINDOW_STATES, required: true },
  },
  { _id: false },
);

const windowFactSchema = new Schema<WindowFactDoc>(
  {
    seq: { type: Number, required: true },
    kind: { type: String, enum: ['opened', 'closed'], required: true },
    at: { type: Date, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
  },
  { _id: false },
);

const questionSchema = new Schema<QuestionDoc>({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  blockId: { type: Schema.Types.ObjectId, ref: 'Block', required: true },
  order: { type: Number, required: true, min: 1, max: MAX_QUESTIONS_PER_BLOCK },
  text: { type: localizedTextSchema, required: true },
  state: { type: String, enum: QUESTION_STATES, default: 'pending' },
  openedAt: { type: Date, default: null },
  closedAt: { type: Date, default: null },
  locked: { type: Boolean, default: false },
  createdAt: { type: Date, default: () => new Date() },
  asyncWindow: { type: asyncWindowSchema, default: null },
  windowFacts: { type: [windowFactSchema], default: undefined },
});
questionSchema.index({ blockId: 1, order: 1 }, { unique: true });
// The scheduler's start-up sweep: windows not yet closed, by their next instant.
questionSchema.index({ 'asyncWindow.state': 1, 'asyncWindow.endsAt': 1 });
questionSchema.index({ workspaceId: 1 });

export const Question = mongoose.model<QuestionDoc>('Question', questionSchema);
