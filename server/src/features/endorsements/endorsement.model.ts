import mongoose, { Schema, type Types } from 'mongoose';
import {
  ENDORSEMENT_ANSWERS,
  ENDORSEMENT_ROUND_STATES,
  REGION_GROUPS,
  type EndorsementAnswer,
  type EndorsementParagraphResultDto,
  type EndorsementQuorumDto,
  type EndorsementRoundState,
  type QuorumRule,
  type RegionGroup,
} from '@polos/shared';

/** A paragraph of the round's version, frozen at the opening (id = the block's Yjs item id, see drafts). */
export interface FrozenParagraphDoc {
  id: string;
  number: number;
  kind: string;
  text: string;
}

/**
 * An endorsement round on a saved version of a conclusions draft (issue 12.2). Written only by the endorsements
 * feature. `openSlot` is the draft id while the round is open and the round's own id once closed: its unique index
 * makes "one open round per draft" atomic (a second opening fails on the index, never by a read-then-write).
 */
export interface EndorsementRoundDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  draftId: Types.ObjectId;
  blockId: Types.ObjectId | null;
  draftTitle: string;
  versionId: Types.ObjectId;
  versionName: string;
  state: EndorsementRoundState;
  openSlot: string;
  /** +1 per stored change (answer, amendment, close). */
  rev: number;
  openedBy: Types.ObjectId | null;
  openedByName: string;
  openedAt: Date;
  closedAt: Date | null;
  closedBy: Types.ObjectId | null;
  quorumRule: QuorumRule;
  paragraphs: FrozenParagraphDoc[];
  /** Frozen at the close: the results and quorum of record. */
  finalResults: { results: EndorsementParagraphResultDto[]; quorum: EndorsementQuorumDto } | null;
  /** The draft's last release number at the close + 1: the results attach to the first release numbered ≥ it. */
  attachFromNumber: number | null;
  /** That release once it exists (set by the first reader or the `draft.published` listener). */
  release: { number: number; id: Types.ObjectId } | null;
}

const paragraphSchema = new Schema<FrozenParagraphDoc>(
  {
    id: { type: String, required: true },
    number: { type: Number, required: true },
    kind: { type: String, required: true },
    text: { type: String, required: true },
  },
  { _id: false },
);

const roundSchema = new Schema<EndorsementRoundDoc>(
  {
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    draftId: { type: Schema.Types.ObjectId, required: true },
    blockId: { type: Schema.Types.ObjectId, default: null },
    draftTitle: { type: String, required: true },
    versionId: { type: Schema.Types.ObjectId, required: true },
    versionName: { type: String, required: true },
    state: { type: String, enum: ENDORSEMENT_ROUND_STATES, required: true },
    openSlot: { type: String, required: true },
    rev: { type: Number, default: 0 },
    openedBy: { type: Schema.Types.ObjectId, default: null },
    openedByName: { type: String, required: true },
    openedAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    closedBy: { type: Schema.Types.ObjectId, default: null },
    quorumRule: { type: Schema.Types.Mixed, required: true },
    paragraphs: { type: [paragraphSchema], default: [] },
    finalResults: { type: Schema.Types.Mixed, default: null },
    attachFromNumber: { type: Number, default: null },
    release: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'endorsementrounds', minimize: false },
);
roundSchema.index({ openSlot: 1 }, { unique: true });
roundSchema.index({ workspaceId: 1, openedAt: -1 });
roundSchema.index({ draftId: 1, state: 1 });

/**
 * One district's answer to one paragraph: unique per (roundId, paragraphId, districtId) — one voice per district;
 * a later representative's answer replaces it (last write wins), keeping who (`userId`, `userName`) and when.
 */
export interface EndorsementVoteDoc {
  _id: Types.ObjectId;
  roundId: Types.ObjectId;
  workspaceId: Types.ObjectId;
  paragraphId: string;
  districtId: Types.ObjectId;
  districtName: string;
  country: string;
  regionGroup: RegionGroup;
  answer: EndorsementAnswer;
  wording: string | null;
  reason: string | null;
  /** Null once the account is deleted (`userName` is then a placeholder). */
  userId: Types.ObjectId | null;
  userName: string;
  at: Date;
}

const voteSchema = new Schema<EndorsementVoteDoc>(
  {
    roundId: { type: Schema.Types.ObjectId, required: true },
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    paragraphId: { type: String, required: true },
    districtId: { type: Schema.Types.ObjectId, required: true },
    districtName: { type: String, required: true },
    country: { type: String, required: true },
    regionGroup: { type: String, enum: REGION_GROUPS, required: true },
    answer: { type: String, enum: ENDORSEMENT_ANSWERS, required: true },
    wording: { type: String, default: null },
    reason: { type: String, default: null },
    userId: { type: Schema.Types.ObjectId, default: null },
    userName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'endorsementvotes' },
);
voteSchema.index({ roundId: 1, paragraphId: 1, districtId: 1 }, { unique: true });
voteSchema.index({ userId: 1 });

/**
 * An amendment taken into the draft, with its provenance. Unique per (roundId, paragraphId, districtId): the same
 * amendment is taken in once (`applying` claims it; `applied` once the draft edit is durable).
 */
export interface EndorsementAmendmentDoc {
  _id: Types.ObjectId;
  roundId: Types.ObjectId;
  workspaceId: Types.ObjectId;
  paragraphId: string;
  districtId: Types.ObjectId;
  districtName: string;
  regionGroup: RegionGroup;
  state: 'applying' | 'applied';
  wording: string;
  proposerId: Types.ObjectId | null;
  proposerName: string;
  appliedBy: Types.ObjectId | null;
  appliedByName: string;
  appliedAt: Date;
  /** The draft block holding the wording now, and the version saved after the edit. */
  blockId: string | null;
  versionId: Types.ObjectId | null;
}

const amendmentSchema = new Schema<EndorsementAmendmentDoc>(
  {
    roundId: { type: Schema.Types.ObjectId, required: true },
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    paragraphId: { type: String, required: true },
    districtId: { type: Schema.Types.ObjectId, required: true },
    districtName: { type: String, required: true },
    regionGroup: { type: String, enum: REGION_GROUPS, required: true },
    state: { type: String, enum: ['applying', 'applied'], required: true },
    wording: { type: String, required: true },
    proposerId: { type: Schema.Types.ObjectId, default: null },
    proposerName: { type: String, required: true },
    appliedBy: { type: Schema.Types.ObjectId, default: null },
    appliedByName: { type: String, required: true },
    appliedAt: { type: Date, required: true },
    blockId: { type: String, default: null },
    versionId: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'endorsementamendments' },
);
amendmentSchema.index({ roundId: 1, paragraphId: 1, districtId: 1 }, { unique: true });

export const EndorsementRound = mongoose.model<EndorsementRoundDoc>('EndorsementRound', roundSchema);
export const EndorsementVote = mongoose.model<EndorsementVoteDoc>('EndorsementVote', voteSchema);
export const EndorsementAmendment = mongoose.model<EndorsementAmendmentDoc>(
  'EndorsementAmendment',
  amendmentSchema,
);
