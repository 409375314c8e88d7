import mongoose, { Schema, type Types } from 'mongoose';

/** One conclusions draft: a block's (blockId set) or the workspace's overall one (blockId null). */
export interface DraftDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  blockId: Types.ObjectId | null;
  title: string;
  locked: boolean;
  /** Users whose accepted updates are in the document (for release credits). */
  contributorIds: Types.ObjectId[];
  /** Last release number given (0 = never published). */
  lastPublicationNumber: number;
  createdAt: Date;
  updatedAt: Date;
}

const draftSchema = new Schema<DraftDoc>({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  blockId: { type: Schema.Types.ObjectId, ref: 'Block', default: null },
  title: { type: String, required: true, maxlength: 200 },
  locked: { type: Boolean, default: false },
  contributorIds: { type: [Schema.Types.ObjectId], default: [] },
  lastPublicationNumber: { type: Number, default: 0 },
  createdAt: { type: Date, default: () => new Date() },
  updatedAt: { type: Date, default: () => new Date() },
});
draftSchema.index({ workspaceId: 1, blockId: 1 }, { unique: true });

export const Draft = mongoose.model<DraftDoc>('Draft', draftSchema);

/**
 * The update log: one accepted Yjs update (v1 encoding, as received) per entry, appended before it is
 * acknowledged or relayed. Compaction folds entries into the snapshot and deletes exactly those entries.
 */
export interface DraftUpdateDoc {
  _id: Types.ObjectId;
  draftId: Types.ObjectId;
  update: Buffer;
  /** Author (null for server-made edits such as restores). */
  userId: Types.ObjectId | null;
  at: Date;
}

const draftUpdateSchema = new Schema<DraftUpdateDoc>(
  {
    draftId: { type: Schema.Types.ObjectId, required: true },
    update: { type: Buffer, required: true },
    userId: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, default: () => new Date() },
  },
  { collection: 'draftupdates' },
);
draftUpdateSchema.index({ draftId: 1, _id: 1 });

export const DraftUpdate = mongoose.model<DraftUpdateDoc>('DraftUpdate', draftUpdateSchema);

/**
 * Editing sessions of one person on one draft (the "draft edits" of the balance dashboard, docs/API.md): a session
 * is a run of that person's accepted changes with no pause of {@link EDIT_SESSION_GAP_MS} or more. Kept apart from
 * the update log because compaction deletes log entries; one document per draft × user, written only with atomic
 * updates (`recordDraftEdit`, draft.service.ts).
 */
export interface DraftEditSessionDoc {
  _id: Types.ObjectId;
  draftId: Types.ObjectId;
  userId: Types.ObjectId;
  /** Sessions counted so far (≥ 1). */
  sessions: number;
  /** When the person's latest recorded change was accepted (recorded at most once a minute per loaded draft). */
  lastAt: Date;
}

/** A pause of this long (ms) or more ends an editing session: 30 minutes. */
export const EDIT_SESSION_GAP_MS = 30 * 60_000;

const draftEditSessionSchema = new Schema<DraftEditSessionDoc>(
  {
    draftId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    sessions: { type: Number, required: true },
    lastAt: { type: Date, required: true },
  },
  { collection: 'drafteditsessions' },
);
// Unique: the upsert of a new session relies on it to refuse a second document for the same draft × user.
draftEditSessionSchema.index({ draftId: 1, userId: 1 }, { unique: true });

export const DraftEditSession = mongoose.model<DraftEditSessionDoc>('DraftEditSession', draftEditSessionSchema);

/**
 * The compacted state of a draft: `encodeStateAsUpdateV2` of snapshot + folded log entries. `rev` grows by
 * one per compaction; a compaction writes only if `rev` is still the one it read (optimistic concurrency).
 * `_id` is the draft id.
 */
export interface DraftSnapshotDoc {
  _id: Types.ObjectId;
  state: Buffer;
  rev: number;
  /** How many log entries have been folded in overall. */
  foldedUpdates: number;
  at: Date;
}

const draftSnapshotSchema = new Schema<DraftSnapshotDoc>(
  {
    state: { type: Buffer, required: true },
    rev: { type: Number, required: true },
    foldedUpdates: { type: Number, default: 0 },
    at: { type: Date, default: () => new Date() },
  },
  { collection: 'draftsnapshots' },
);

export const DraftSnapshot = mongoose.model<DraftSnapshotDoc>('DraftSnapshot', draftSnapshotSchema);

/** A named version: the full document state (`encodeStateAsUpdateV2`) at the time it was saved. */
export interface DraftVersionDoc {
  _id: Types.ObjectId;
  draftId: Types.ObjectId;
  name: string;
  state: Buffer;
  createdBy: Types.ObjectId;
  createdByName: string;
  createdAt: Date;
}

const draftVersionSchema = new Schema<DraftVersionDoc>({
  draftId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true, maxlength: 120 },
  state: { type: Buffer, required: true },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdByName: { type: String, required: true },
  createdAt: { type: Date, default: () => new Date() },
});
draftVersionSchema.index({ draftId: 1, createdAt: -1 });

export const DraftVersion = mongoose.model<DraftVersionDoc>('DraftVersion', draftVersionSchema);

export interface ContributorGroupDoc {
  regionGroup: 'EU' | 'LAC' | 'other' | 'none';
  districts: Array<{
    name: string | null;
    country: string | null;
    region: string | null;
    people: Array<{ id: string; name: string }>;
  }>;
}

/** An immutable release of a draft version: never updated after insert. */
export interface DraftPublicationDoc {
  _id: Types.ObjectId;
  draftId: Types.ObjectId;
  workspaceId: Types.ObjectId;
  blockId: Types.ObjectId | null;
  number: number;
  title: string;
  blockTitle: string | null;
  workspaceTitle: string;
  /** The workspace's IANA time zone when published (dates of the release are shown in it); absent on older ones. */
  timeZone?: string;
  versionId: Types.ObjectId;
  state: Buffer;
  publishedBy: Types.ObjectId;
  publishedByName: string;
  publishedAt: Date;
  contributors: ContributorGroupDoc[];
}

const draftPublicationSchema = new Schema<DraftPublicationDoc>({
  draftId: { type: Schema.Types.ObjectId, required: true },
  workspaceId: { type: Schema.Types.ObjectId, required: true },
  blockId: { type: Schema.Types.ObjectId, default: null },
  number: { type: Number, required: true },
  title: { type: String, required: true },
  blockTitle: { type: String, default: null },
  workspaceTitle: { type: String, required: true },
  timeZone: { type: String },
  versionId: { type: Schema.Types.ObjectId, required: true },
  state: { type: Buffer, required: true },
  publishedBy: { type: Schema.Types.ObjectId, required: true },
  publishedByName: { type: String, required: true },
  publishedAt: { type: Date, default: () => new Date() },
  contributors: { type: Schema.Types.Mixed, default: [] },
});
draftPublicationSchema.index({ draftId: 1, number: 1 }, { unique: true });
draftPublicationSchema.index({ workspaceId: 1, publishedAt: -1 });

export const DraftPublication = mongoose.model<DraftPublicationDoc>(
  'DraftPublication',
  draftPublicationSchema,
);
