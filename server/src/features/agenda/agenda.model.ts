import mongoose, { Schema, type Types } from 'mongoose';
import { isValidTimeZone, type LocalizedText } from '@polos/shared';

/** A scheduled live session of a workspace (collection `agendasessions`, written only by `agenda.service.ts`). */
export interface AgendaSessionDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  title: LocalizedText & { pt?: string; fr?: string };
  /** UTC instant. */
  start: Date;
  /** UTC instant, after `start`. */
  end: Date;
  /** IANA zone the session was planned in. */
  timeZone: string;
  blockId: Types.ObjectId | null;
  createdBy: Types.ObjectId;
  createdAt: Date;
  /** Bumped on every change (ICS `SEQUENCE`, so calendar apps take the update). */
  sequence: number;
  /** The creating request's idempotency key (absent for sessions scheduled without one); see the unique index. */
  requestId?: string;
}

/**
 * A workspace's agenda settings (collection `agendasettings`, `_id` = the workspace id): the two reference clocks
 * and the feed token (a capability for calendar apps, which cannot send cookies; an admin rotates it to revoke).
 */
export interface AgendaSettingsDoc {
  _id: Types.ObjectId;
  referenceZones: string[];
  feedToken: string;
}

const zone = {
  type: String,
  required: true,
  validate: { validator: isValidTimeZone, message: 'must be an IANA time zone' },
};

const agendaSessionSchema = new Schema<AgendaSessionDoc>({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  title: {
    type: new Schema(
      {
        en: { type: String, required: true },
        es: { type: String, required: true },
        pt: { type: String },
        fr: { type: String },
      },
      { _id: false },
    ),
    required: true,
  },
  start: { type: Date, required: true },
  end: { type: Date, required: true },
  timeZone: zone,
  blockId: { type: Schema.Types.ObjectId, default: null },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
  sequence: { type: Number, default: 0 },
  requestId: { type: String },
});
agendaSessionSchema.index({ workspaceId: 1, start: 1 });
// One session per (workspace, creator, request id): a repeated or concurrent POST with the same key loses the
// insert (E11000) and is answered with the stored session (agenda.service createSession). Partial: sessions
// without a key are not constrained.
agendaSessionSchema.index(
  { workspaceId: 1, createdBy: 1, requestId: 1 },
  { unique: true, partialFilterExpression: { requestId: { $exists: true } } },
);

const agendaSettingsSchema = new Schema<AgendaSettingsDoc>({
  referenceZones: { type: [zone], required: true },
  feedToken: { type: String, required: true, unique: true },
});

export const AgendaSession = mongoose.model<AgendaSessionDoc>('AgendaSession', agendaSessionSchema);
export const AgendaSettings = mongoose.model<AgendaSettingsDoc>('AgendaSettings', agendaSettingsSchema);
