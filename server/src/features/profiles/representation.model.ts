import mongoose, { Schema, type Types } from 'mongoose';
import { REPRESENTATION_STATES, type RepresentationState } from '@polos/shared';

/** A user's request to represent a district in a workspace (collection `representationrequests`). */
export interface RepresentationRequestDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  districtId: Types.ObjectId;
  userId: Types.ObjectId;
  state: RepresentationState;
  /** Filed with the proposal of a new district. */
  proposedDistrict: boolean;
  message: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  decidedById: Types.ObjectId | null;
}

const representationRequestSchema = new Schema<RepresentationRequestDoc>({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  districtId: { type: Schema.Types.ObjectId, ref: 'District', required: true },
  userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  state: { type: String, enum: REPRESENTATION_STATES, required: true },
  proposedDistrict: { type: Boolean, default: false },
  message: { type: String, default: null },
  createdAt: { type: Date, default: () => new Date() },
  decidedAt: { type: Date, default: null },
  decidedById: { type: Schema.Types.ObjectId, default: null },
});
representationRequestSchema.index({ workspaceId: 1, state: 1, createdAt: -1 });
representationRequestSchema.index({ districtId: 1, userId: 1 });

export const RepresentationRequest = mongoose.model<RepresentationRequestDoc>(
  'RepresentationRequest',
  representationRequestSchema,
);
