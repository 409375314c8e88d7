import mongoose, { Schema, type Types } from 'mongoose';
import { LOCALES, type Locale } from '@polos/shared';

export interface UserDoc {
  _id: Types.ObjectId;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  /** argon2id PHC string. */
  passwordHash: string;
  districtId: Types.ObjectId | null;
  locale: Locale;
  createdAt: Date;
}

const userSchema = new Schema<UserDoc>({
  email: { type: String, required: true, lowercase: true, trim: true, maxlength: 254 },
  name: { type: String, required: true, trim: true, maxlength: 100 },
  passwordHash: { type: String, required: true },
  districtId: { type: Schema.Types.ObjectId, ref: 'District', default: null },
  locale: { type: String, enum: LOCALES, default: 'en' },
  createdAt: { type: Date, default: () => new Date() },
});
userSchema.index({ email: 1 }, { unique: true });

export const User = mongoose.model<UserDoc>('User', userSchema);
