import mongoose, { Schema, type Types } from 'mongoose';
import { POST_CHANGE_KINDS, type PostChangeKind } from '@polos/shared';

/** The per-question change log: one entry per stored change, `seq` strictly increasing per question. */
export interface PostChangeDoc {
  _id: Types.ObjectId;
  questionId: Types.ObjectId;
  seq: number;
  kind: PostChangeKind;
  postId: Types.ObjectId;
  actorId: Types.ObjectId;
  at: Date;
}

const postChangeSchema = new Schema<PostChangeDoc>({
  questionId: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, required: true },
  kind: { type: String, enum: POST_CHANGE_KINDS, required: true },
  postId: { type: Schema.Types.ObjectId, required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
postChangeSchema.index({ questionId: 1, seq: 1 }, { unique: true });

export const PostChange = mongoose.model<PostChangeDoc>('PostChange', postChangeSchema);
