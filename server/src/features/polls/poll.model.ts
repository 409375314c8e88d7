import mongoose, { Schema, type Types } from 'mongoose';
import {
  POLL_CHANGE_KINDS,
  POLL_KINDS,
  POLL_STATES,
  POLL_UNITS,
  POLL_VISIBILITIES,
  REGION_GROUPS,
  type PollChangeKind,
  type PollKind,
  type PollResultsDto,
  type PollState,
  type PollUnit,
  type PollVisibility,
  type RegionGroup,
} from '@polos/shared';

/** An opening or closing of the poll, in the question's seq log (same counter as its posts). */
export interface PollFactDoc {
  seq: number;
  kind: 'opened' | 'closed';
  at: Date;
}

/** A poll of a question (issue 12.1). Written only by the polls feature. */
export interface PollDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  questionId: Types.ObjectId;
  kind: PollKind;
  prompt: string;
  options: string[];
  visibility: PollVisibility;
  unit: PollUnit;
  state: PollState;
  openedBy: Types.ObjectId;
  openedAt: Date;
  closedAt: Date | null;
  /** Seq of the opening. */
  seq: number;
  /** Seq of the latest change (opened, a vote, closed). */
  lastSeq: number;
  /** Votes counted (kept by the vote path from the votes collection, never incremented blindly). */
  voteCount: number;
  /** Frozen at the close (the results of record); null while open. */
  finalResults: PollResultsDto | null;
  facts: PollFactDoc[];
}

/**
 * One vote: `voterKey` is the user id (`person` polls) or the district id (`district` polls: the last
 * representative's vote counts). Unique per (pollId, voterKey): a vote is an atomic upsert, never a second row.
 */
export interface PollVoteDoc {
  _id: Types.ObjectId;
  pollId: Types.ObjectId;
  voterKey: string;
  userId: Types.ObjectId;
  districtId: Types.ObjectId | null;
  /** Region group of the voter's district at voting time ('other' without a district). */
  regionGroup: RegionGroup;
  choice: number[];
  at: Date;
}

const factSchema = new Schema<PollFactDoc>(
  {
    seq: { type: Number, required: true },
    kind: { type: String, enum: ['opened', 'closed'], required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const pollSchema = new Schema<PollDoc>({
  workspaceId: { type: Schema.Types.ObjectId, required: true },
  questionId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, enum: POLL_KINDS, required: true },
  prompt: { type: String, required: true },
  options: { type: [String], default: [] },
  visibility: { type: String, enum: POLL_VISIBILITIES, required: true },
  unit: { type: String, enum: POLL_UNITS, required: true },
  state: { type: String, enum: POLL_STATES, required: true },
  openedBy: { type: Schema.Types.ObjectId, required: true },
  openedAt: { type: Date, required: true },
  closedAt: { type: Date, default: null },
  seq: { type: Number, required: true },
  lastSeq: { type: Number, required: true },
  voteCount: { type: Number, default: 0 },
  finalResults: { type: Schema.Types.Mixed, default: null },
  facts: { type: [factSchema], default: [] },
});
pollSchema.index({ questionId: 1, lastSeq: 1 });

const pollVoteSchema = new Schema<PollVoteDoc>({
  pollId: { type: Schema.Types.ObjectId, required: true },
  voterKey: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  districtId: { type: Schema.Types.ObjectId, default: null },
  regionGroup: { type: String, enum: REGION_GROUPS, required: true },
  choice: { type: [Number], required: true },
  at: { type: Date, required: true },
});
pollVoteSchema.index({ pollId: 1, voterKey: 1 }, { unique: true });

export const Poll = mongoose.model<PollDoc>('Poll', pollSchema);
export const PollVote = mongoose.model<PollVoteDoc>('PollVote', pollVoteSchema);

/**
 * The polls' part of a question's seq log (issue 12.1): one entry per stored poll change, with the seq it took of
 * the question's counter. `sync:since` reads it through the polls' seq log source (`polls.seqLog.ts`): its seqs
 * are not holes of the posts' log, and each poll changed in a replayed range is replayed once. No voter is named
 * (anonymous polls stay anonymous).
 */
export interface PollChangeDoc {
  _id: Types.ObjectId;
  questionId: Types.ObjectId;
  seq: number;
  pollId: Types.ObjectId;
  kind: PollChangeKind;
  at: Date;
}

const pollChangeSchema = new Schema<PollChangeDoc>({
  questionId: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, required: true },
  pollId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, enum: POLL_CHANGE_KINDS, required: true },
  at: { type: Date, required: true },
});
pollChangeSchema.index({ questionId: 1, seq: 1 }, { unique: true });

export const PollChange = mongoose.model<PollChangeDoc>('PollChange', pollChangeSchema);
