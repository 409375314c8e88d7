import mongoose, { Schema, type Types } from 'mongoose';
import { DISTRICT_KINDS, REGION_GROUPS, type DistrictKind, type RegionGroup } from '@polos/shared';

/** A Competitive District / Polo. Block 1's full profile form will add fields here. */
export interface DistrictDoc {
  _id: Types.ObjectId;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  region: string;
  regionGroup: RegionGroup;
  sectors: string[];
  kind: DistrictKind;
  demo: boolean;
  createdAt: Date;
}

const districtSchema = new Schema<DistrictDoc>({
  name: { type: String, required: true, trim: true, maxlength: 200 },
  country: { type: String, required: true, match: /^[A-Z]{2}$/ },
  region: { type: String, required: true, maxlength: 200 },
  regionGroup: { type: String, required: true, enum: REGION_GROUPS },
  sectors: { type: [String], default: [] },
  kind: { type: String, required: true, enum: DISTRICT_KINDS },
  demo: { type: Boolean, default: false },
  createdAt: { type: Date, default: () => new Date() },
});

export const District = mongoose.model<DistrictDoc>('District', districtSchema);
