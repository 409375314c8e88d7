import mongoose, { Schema, type Types } from 'mongoose';
import {
  DEFAULT_WORKSPACE_TIME_ZONE,
  isValidTimeZone,
  ROLES,
  type LocalizedText,
  type Role,
} from '@polos/shared';

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
  /** IANA time zone its dates are shown in (exports, releases); absent on older documents → the default. */
  timeZone?: string;
  /**
   * The read-only year page (`/public/<id>`: summary and the publication bundle) is readable without an account
   * (issue 12.4). Absent on older documents → not public. Written only by `setPublicPage`.
   */
  publicPage?: boolean;
  /**
   * Translations of `title` / `description` per UI language (issue 13), written only by `setWorkspaceTexts`.
   * Absent on older documents: their one string is presented as English and Spanish (read-time migration).
   */
  texts?: { title?: Partial<LocalizedText>; description?: Partial<LocalizedText> };
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
  timeZone: {
    type: String,
    default: DEFAULT_WORKSPACE_TIME_ZONE,
    validate: { validator: isValidTimeZone, message: 'must be an IANA time zone' },
  },
  publicPage: { type: Boolean, default: false },
  // Free-form per-language paths (`texts.title.pt`…), set and unset one language at a time.
  texts: { type: Schema.Types.Mixed, default: undefined },
  createdAt: { type: Date, default: () => new Date() },
});
workspaceSchema.index({ 'members.userId': 1 });

export const Workspace = mongoose.model<WorkspaceDoc>('Workspace', workspaceSchema);
