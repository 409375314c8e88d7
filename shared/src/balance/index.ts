/**
 * Bi-regional balance dashboard (issue 12.3): participation by region group (EU / LAC / other, from the author's
 * district), country, district, language and role — per block, per question and over time — and the balance
 * indicator (EU vs LAC share of contributions against their share of members). Read with
 * `GET /api/workspaces/:workspaceId/balance` (JSON) and `…/balance.csv`; moderators receive `balance:warning`
 * live when a region starts or stops dominating a question.
 */
import { z } from 'zod/mini';
import { can } from '../access';
import type { RegionGroup, Role } from '../domain';
import { objectIdSchema } from '../schemas/common';

/** Dimensions the figures are broken down by. */
export const BALANCE_DIMENSIONS = ['regionGroup', 'country', 'district', 'language', 'role'] as const;
export type BalanceDimension = (typeof BALANCE_DIMENSIONS)[number];

/**
 * The dashboard's access rule, for the JSON and the CSV alike (docs/API.md, "Balance dashboard"): moderators and
 * admins always; any other member (participants, observers) only while no live session runs in the workspace, so
 * the figures never steer a running discussion. `role` null/undefined (not a member) → false. The server refuses
 * with `403` what this refuses (`requireSeeBalance`); the client uses it to show the dashboard, its CSV download and
 * its navigation link only to those who may use them.
 */
export function canSeeBalance(role: Role | null | undefined, live: boolean): boolean {
  return can(role, 'moderate') || (can(role, 'read') && !live);
}

/** Time bucket of the "over time" series (UTC). */
export const BALANCE_BUCKETS = ['day', 'hour'] as const;
export type BalanceBucket = (typeof BALANCE_BUCKETS)[number];

/**
 * The balance rule (documented in docs/API.md, "Balance dashboard"): on one question, a region (EU or LAC)
 * **dominates** when its share of the EU+LAC posts exceeds its share of the EU+LAC members by more than
 * {@link BALANCE_THRESHOLD} (0.15 = 15 percentage points), counted only once the question has at least
 * {@link BALANCE_MIN_SAMPLE} EU+LAC posts (fewer posts say nothing about balance).
 */
export const BALANCE_THRESHOLD = 0.15;
/** Minimum EU+LAC posts on a question before the indicator may say a region dominates. */
export const BALANCE_MIN_SAMPLE = 10;

/** `GET …/balance` query: optional filters and the time bucket (default `day`). */
export const balanceQuerySchema = z.strictObject({
  blockId: z.optional(objectIdSchema),
  questionId: z.optional(objectIdSchema),
  bucket: z.optional(z.enum(BALANCE_BUCKETS)),
});
export type BalanceQuery = z.infer<typeof balanceQuerySchema>;

/** The counted figures of one row. `words`: whitespace-separated words of post bodies. */
export interface BalanceFigures {
  posts: number;
  words: number;
  /** Distinct authors of the row's posts. */
  contributors: number;
  /** Replies whose author's region group differs from the parent post author's. */
  crossRegionReplies: number;
  /** Reactions given (by anyone) to the row's posts. */
  reactions: number;
  /** Accepted draft updates (conclusions edits) by the row's people (not split by question). */
  draftContributions: number;
  /** Poll votes cast (counts only — who voted what is never shown). */
  pollVotes: number;
  /**
   * Endorsement answers given (one voice per district and paragraph; agree, amend and object alike), counted for
   * the answering district and the representative who gave it; per block by the round's draft's block (not split by
   * question).
   */
  endorsements: number;
}

/** One row of a breakdown: `key` is the region group, ISO 3166-1 country, district id, locale or role. */
export interface BalanceRow extends BalanceFigures {
  key: string;
  /** Human label (district name; otherwise the key). */
  label: string;
}

/** The balance indicator of one scope (the workspace, a block, a question). */
export interface BalanceIndicatorDto {
  /** EU / LAC share of EU+LAC posts (0–1; null without EU+LAC posts). */
  contributionShare: { EU: number | null; LAC: number | null };
  /** EU / LAC share of EU+LAC members with a district (0–1; null without such members). */
  memberShare: { EU: number | null; LAC: number | null };
  /** EU+LAC posts counted. */
  sample: number;
  /** The region that dominates by the rule above, or null. */
  dominant: Extract<RegionGroup, 'EU' | 'LAC'> | null;
}

/** Per block / per question row (figures + its indicator). */
export interface BalanceScopeRow extends BalanceFigures {
  id: string;
  /** Block order ("2") or block.question order ("2.3"). */
  label: string;
  byRegion: Record<RegionGroup, BalanceFigures>;
  indicator: BalanceIndicatorDto;
}

/** One time bucket (UTC start as ISO 8601) with posts per region group. */
export interface BalanceTimePoint {
  at: string;
  posts: Record<RegionGroup, number>;
  words: Record<RegionGroup, number>;
}

/** `GET …/balance` body. */
export interface BalanceDto {
  workspaceId: string;
  filter: { blockId: string | null; questionId: string | null; bucket: BalanceBucket };
  /** Whether a live session is running (then only moderators/admins may read this). */
  live: boolean;
  totals: BalanceFigures;
  members: Record<RegionGroup, number>;
  indicator: BalanceIndicatorDto;
  breakdown: Record<BalanceDimension, BalanceRow[]>;
  blocks: BalanceScopeRow[];
  questions: BalanceScopeRow[];
  overTime: BalanceTimePoint[];
  /** Whether poll votes are counted (the polls feature is present). */
  pollsCounted: boolean;
  computedAt: string;
}

/** `balance:warning` (to the workspace's moderators): a question's dominance flipped. */
export interface BalanceWarningDto {
  workspaceId: string;
  questionId: string;
  indicator: BalanceIndicatorDto;
  at: string;
}

export interface BalanceServerToClientEvents {
  /** To `workspace:<id>#moderators`: a region started (dominant set) or stopped (null) dominating a question. */
  'balance:warning': (warning: BalanceWarningDto) => void;
}
