import mongoose, { Schema } from 'mongoose';
import type { SessionDoc } from '../../contracts/requestAuth';

export type { SessionDoc };

const sessionSchema = new Schema<SessionDoc>({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  csrfToken: { type: String, required: true },
  createdAt: { type: Date, default: () => new Date() },
  expiresAt: { type: Date, required: true },
  rotate: { type: Boolean, default: false },
});
sessionSchema.index({ userId: 1 });

export const Session = mongoose.model<SessionDoc>('Session', sessionSchema);
