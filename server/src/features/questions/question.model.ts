import mongoose, { Schema, type Types } from 'mongoose';
import {
  MAX_QUESTIONS_PER_BLOCK,
  QUESTION_STATES,
  type LocalizedText,
  type QuestionState,
} from '@polos/shared';
import { localizedTextSchema } from '../../lib/localizedText';

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
}

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
});
questionSchema.index({ blockId: 1, order: 1 }, { unique: true });
questionSchema.index({ workspaceId: 1 });

export const Question = mongoose.model<QuestionDoc>('Question', questionSchema);
