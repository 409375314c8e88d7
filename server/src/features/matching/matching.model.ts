import mongoose, { Schema, type Types } from 'mongoose';
import { INTEREST_STATES, type InterestAbout, type InterestState } from '@polos/shared';

/**
 * One district's interest in another within a workspace (collection `matchinginterests`). Unique per
 * (workspace, from, to): expressing again renews the same record (atomic upsert), withdrawing sets its state.
 */
export interface InterestDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  fromDistrictId: Types.ObjectId;
  toDistrictId: Types.ObjectId;
  /** The representative who expressed it (last time). */
  byUserId: Types.ObjectId;
  about: (InterestAbout & { title: string }) | null;
  note: string | null;
  state: InterestState;
  createdAt: Date;
  updatedAt: Date;
}

const interestSchema = new Schema<InterestDoc>(
  {
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    fromDistrictId: { type: Schema.Types.ObjectId, required: true },
    toDistrictId: { type: Schema.Types.ObjectId, required: true },
    byUserId: { type: Schema.Types.ObjectId, required: true },
    about: { type: Schema.Types.Mixed, default: null },
    note: { type: String, default: null },
    state: { type: String, enum: INTEREST_STATES, required: true },
    createdAt: { type: Date, default: () => new Date() },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { minimize: false },
);
// One record per pair: parallel "express" calls race on this index and store one.
interestSchema.index({ workspaceId: 1, fromDistrictId: 1, toDistrictId: 1 }, { unique: true });
interestSchema.index({ workspaceId: 1, toDistrictId: 1 });
interestSchema.index({ workspaceId: 1, updatedAt: -1 });

export const Interest = mongoose.model<InterestDoc>('MatchingInterest', interestSchema);

/** Per-district matching settings in a workspace (collection `matchingsettings`). */
export interface MatchingSettingDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  districtId: Types.ObjectId;
  /** Left out of other districts' suggestions. */
  hidden: boolean;
  updatedAt: Date;
  updatedById: Types.ObjectId;
}

const settingSchema = new Schema<MatchingSettingDoc>({
  workspaceId: { type: Schema.Types.ObjectId, required: true },
  districtId: { type: Schema.Types.ObjectId, required: true },
  hidden: { type: Boolean, default: false },
  updatedAt: { type: Date, default: () => new Date() },
  updatedById: { type: Schema.Types.ObjectId, required: true },
});
settingSchema.index({ workspaceId: 1, districtId: 1 }, { unique: true });

export const MatchingSetting = mongoose.model<MatchingSettingDoc>('MatchingSetting', settingSchema);
