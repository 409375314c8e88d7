import mongoose, { Schema, type Types } from 'mongoose';

/** A signed-in browser. `_id` is the HMAC of the cookie's session id: the id itself is never stored. */
export interface SessionDoc {
  _id: string;
  userId: Types.ObjectId;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set when the user's role changed: the next HTTP request gets a fresh session id. */
  rotate: boolean;
}

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
