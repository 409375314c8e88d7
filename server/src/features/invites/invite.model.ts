import mongoose, { Schema, type Types } from 'mongoose';
import { ROLES, type Role } from '@polos/shared';

/** An invite link; only the SHA-256 of its token is stored. */
export interface InviteDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  role: Role;
  tokenHash: string;
  expiresAt: Date;
  maxUses: number;
  /** Incremented atomically with a `uses < maxUses` guard. */
  uses: number;
  createdBy: Types.ObjectId;
  createdAt: Date;
  /** Set when an admin revoked the link (it then answers like an unknown one). */
  revokedAt?: Date | null;
}

const inviteSchema = new Schema<InviteDoc>({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  role: { type: String, enum: ROLES, required: true },
  tokenHash: { type: String, required: true },
  expiresAt: { type: Date, required: true },
  maxUses: { type: Number, required: true, min: 1 },
  uses: { type: Number, default: 0, min: 0 },
  createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  createdAt: { type: Date, default: () => new Date() },
  revokedAt: { type: Date, default: null },
});
inviteSchema.index({ tokenHash: 1 }, { unique: true });
inviteSchema.index({ workspaceId: 1, expiresAt: 1 });

export const Invite = mongoose.model<InviteDoc>('Invite', inviteSchema);
