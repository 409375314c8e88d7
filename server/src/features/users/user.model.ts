import mongoose, { Schema } from 'mongoose';
import { LOCALES } from '@polos/shared';
import type { UserDoc } from '../../contracts/requestAuth';

export type { UserDoc };

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
