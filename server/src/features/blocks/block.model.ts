import mongoose, { Schema, type Types } from 'mongoose';
import {
  BLOCK_KINDS,
  BLOCK_STATES,
  type BlockKind,
  type BlockState,
  type LocalizedText,
} from '@polos/shared';
import { localizedTextSchema } from '../../lib/localizedText';

export interface BlockDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  order: number;
  title: LocalizedText;
  description: LocalizedText;
  kind: BlockKind;
  state: BlockState;
  createdAt: Date;
}

const blockSchema = new Schema<BlockDoc>({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  order: { type: Number, required: true, min: 1 },
  title: { type: localizedTextSchema, required: true },
  description: { type: localizedTextSchema, required: true },
  kind: { type: String, enum: BLOCK_KINDS, required: true },
  state: { type: String, enum: BLOCK_STATES, default: 'upcoming' },
  createdAt: { type: Date, default: () => new Date() },
});
blockSchema.index({ workspaceId: 1, order: 1 }, { unique: true });

export const Block = mongoose.model<BlockDoc>('Block', blockSchema);
