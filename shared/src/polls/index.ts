/**
 * Polls per question (issue 12.1): a moderator opens a poll inside a live question — single choice, multiple
 * choice, a 1–5 scale or a ranking — participants vote (one vote per person, or one voice per district), results
 * are shown overall and per region group (EU / LAC / other) side by side. Every poll change (opened, voted,
 * closed) takes a seq of the question's log (the same counter as its posts and window facts), is sent live as
 * `poll:changed` and replayed after a reconnect by `sync:since` with the posts' changes (its `polls` field).
 */
import { z } from 'zod/mini';
import type { AckCallback } from '../ack';
import type { RegionGroup } from '../domain';
import { objectIdSchema, userTextSchema } from '../schemas/common';
import type { QuestionRef } from '../schemas/socket';

/** `single`: one option; `multiple`: one or more; `scale`: one value 1–5; `ranking`: every option in order. */
export const POLL_KINDS = ['single', 'multiple', 'scale', 'ranking'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

/** `live`: everyone sees results while voting; `hiddenUntilClose`: only moderators/admins until the close. */
export const POLL_VISIBILITIES = ['live', 'hiddenUntilClose'] as const;
export type PollVisibility = (typeof POLL_VISIBILITIES)[number];

/**
 * `person`: one vote per member; `district`: one voice per district — the vote of the district's representative
 * who voted last counts (a later representative's vote replaces an earlier one's).
 */
export const POLL_UNITS = ['person', 'district'] as const;
export type PollUnit = (typeof POLL_UNITS)[number];

export const POLL_STATES = ['open', 'closed'] as const;
export type PollState = (typeof POLL_STATES)[number];

export const POLL_MIN_OPTIONS = 2;
export const POLL_MAX_OPTIONS = 10;
/** The values of a `scale` poll: 1 (lowest) … 5 (highest). */
export const POLL_SCALE_VALUES = [1, 2, 3, 4, 5] as const;

const optionTextSchema = userTextSchema(200);

/**
 * `poll:open`: `options` (2–10 distinct labels) for single/multiple/ranking; none for `scale` (its options are
 * the values 1–5).
 */
export const pollOpenSchema = z
  .strictObject({
    questionId: objectIdSchema,
    kind: z.enum(POLL_KINDS),
    prompt: userTextSchema(300),
    options: z.optional(z.array(optionTextSchema).check(z.maxLength(POLL_MAX_OPTIONS))),
    visibility: z.enum(POLL_VISIBILITIES),
    unit: z.enum(POLL_UNITS),
  })
  .check(
    z.refine(
      (p) =>
        p.kind === 'scale'
          ? (p.options ?? []).length === 0
          : (p.options ?? []).length >= POLL_MIN_OPTIONS &&
            new Set((p.options ?? []).map((o) => o.toLowerCase())).size === (p.options ?? []).length,
      {
        message: `options: ${POLL_MIN_OPTIONS}–${POLL_MAX_OPTIONS} distinct labels (none for a scale)`,
        path: ['options'],
      },
    ),
  );

export const pollRefSchema = z.strictObject({ pollId: objectIdSchema });

/**
 * `poll:vote`: `choice` holds option indexes (0-based) — exactly one for `single`, one or more distinct for
 * `multiple`, every option once in preference order (best first) for `ranking` — or, for `scale`, one value 1–5.
 * The server checks it against the poll's kind (`invalid` otherwise).
 */
export const pollVoteSchema = z.strictObject({
  pollId: objectIdSchema,
  choice: z
    .array(z.number().check(z.int(), z.minimum(0), z.maximum(POLL_MAX_OPTIONS)))
    .check(z.minLength(1), z.maxLength(POLL_MAX_OPTIONS)),
});

export type PollOpenPayload = z.infer<typeof pollOpenSchema>;
export type PollRef = z.infer<typeof pollRefSchema>;
export type PollVotePayload = z.infer<typeof pollVoteSchema>;

/** One option's tally in one group of voters. */
export interface PollTallyDto {
  /** Option index (0-based), or the scale value 1–5. */
  option: number;
  /** Voters who chose it (ranking: who ranked it first). */
  count: number;
  /** count / voters of the group (0 when none voted); ranking: Borda points / (voters × (n−1)), 0–1. */
  share: number;
  /** Ranking only: Borda points (n−1 for a first place … 0 for the last); otherwise equal to `count`. */
  score: number;
}

/** Results within one group of voters (everyone, or one region group). */
export interface PollGroupResultDto {
  /** Votes counted (persons, or districts for a district-voice poll). */
  voters: number;
  tallies: PollTallyDto[];
  /** Scale only: the mean value (null when no votes, or not a scale). */
  mean: number | null;
}

/** Results overall and per region group of the voter's district (side by side; `other` = neither EU nor LAC). */
export interface PollResultsDto {
  overall: PollGroupResultDto;
  byRegion: Record<RegionGroup, PollGroupResultDto>;
}

export interface PollDto {
  id: string;
  questionId: string;
  workspaceId: string;
  kind: PollKind;
  prompt: string;
  /** Option labels (for `scale`: "1" … "5"). */
  options: string[];
  visibility: PollVisibility;
  unit: PollUnit;
  state: PollState;
  openedAt: string;
  closedAt: string | null;
  /** Seq of the opening in the question's log. */
  seq: number;
  /** Seq of the poll's latest change (opened, voted or closed). */
  lastSeq: number;
  /** Votes counted so far (always shown). */
  voteCount: number;
  /** Null while hidden to this audience (hiddenUntilClose, still open, not a moderator/admin). */
  results: PollResultsDto | null;
}

export const POLL_CHANGE_KINDS = ['opened', 'voted', 'closed'] as const;
export type PollChangeKind = (typeof POLL_CHANGE_KINDS)[number];

/** A poll change, with its seq of the question's log. */
export interface PollChangeDto {
  questionId: string;
  seq: number;
  kind: PollChangeKind;
  poll: PollDto;
}

/** `poll:vote` ack: the stored vote and the poll as the voter may see it. */
export interface PollVoteResult {
  poll: PollDto;
  /** The vote now stored for the voter's unit (for a district poll, the district's voice), read after `seq`. */
  myVote: number[];
  /** Seq of this vote in the question's log (a client keeps, per poll, the own vote with the highest seq). */
  seq: number;
}

/**
 * `poll:myVote` (server → client): the vote now stored for the receiver's own unit in a poll — sent, after the
 * vote is stored, to every socket of the voter (person poll) or of every member representing the voter's district
 * (district poll), so another tab or device shows it at once. Carries no results and no one else's vote. `choice`
 * is read after `seq` was taken, so the fact with the highest seq holds the unit's final vote.
 */
export const pollOwnVoteSchema = z.strictObject({
  questionId: objectIdSchema,
  pollId: objectIdSchema,
  seq: z.number().check(z.int(), z.minimum(0)),
  choice: z.array(z.number().check(z.int(), z.minimum(0))),
});
export type PollOwnVoteDto = z.infer<typeof pollOwnVoteSchema>;

/** `poll:list` ack: the question's polls (newest last) and the requester's votes. */
export interface PollListResult {
  polls: PollDto[];
  /** pollId → the stored vote of the requester's unit. */
  myVotes: Record<string, number[]>;
  lastSeq: number;
}

type Command<P, R> = (payload: P, ack: AckCallback<R>) => void;

/** Poll commands (merged into the app's `ClientToServerEvents`). */
export interface PollClientToServerEvents {
  /** Moderator/admin: opens a poll in the question (it must be open live or inside its window). Audited. */
  'poll:open': Command<PollOpenPayload, PollDto>;
  /** Moderator/admin: closes the poll; its results become visible to everyone. Audited. */
  'poll:close': Command<PollRef, PollDto>;
  /**
   * Participant/moderator/admin (not observers): stores or changes the vote of the sender's unit. Refused with
   * `poll_closed` once the poll is closed, `question_closed` / `window_closed` once its question takes no
   * contributions (409).
   */
  'poll:vote': Command<PollVotePayload, PollVoteResult>;
  /** Any member: the question's polls as the sender may see them. */
  'poll:list': Command<QuestionRef, PollListResult>;
}

/** Poll facts (merged into the app's `ServerToClientEvents`). */
export interface PollServerToClientEvents {
  /** To the question room, per audience (results hidden from members while hidden): a poll changed. */
  'poll:changed': (change: PollChangeDto) => void;
  /** To the user rooms of the voter's unit (the voter; a district's representatives among the members). */
  'poll:myVote': (vote: PollOwnVoteDto) => void;
}
