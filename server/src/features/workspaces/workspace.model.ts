import mongoose, { Schema, type Types } from 'mongoose';
import { ROLES, type Role } from '@polos/shared';

export interface MemberDoc {
  userId: Types.ObjectId;
  role: Role;
  joinedAt: Date;
}

export interface WorkspaceDoc {
  _id: Types.ObjectId;
  title: string;
  description: string;
  members: MemberDoc[];
  demo: boolean;
  createdAt: Date;
}

const memberSchema = new Schema<MemberDoc>(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    role: { type: String, enum: ROLES, required: true },
    joinedAt: { type: Date, default: () => new Date() },
  },
  { _id: false },
);

const workspaceSchema = new Schema<WorkspaceDoc>({
  title: { type: String, required: true, maxlength: 200 },
  description: { type: String, default: '', maxlength: 5000 },
  members: { type: [memberSchema], default: [] },
  demo: { type: Boolean, default: false },
  createdAt: { type: Date, default: () => new Date() },
});
workspaceSchema.index({ 'members.userId': 1 });

export const Workspace = mongoose.model<WorkspaceDoc>('Workspace', workspaceSchema);
