/**
 * Partner matching between districts (issue 11): the suggestion query, the explained reasons of a suggestion
 * (structured, so each client words them in its own language), interests and matches, and their live fact.
 *
 * A suggestion's `score` is the sum of its reasons' `points` (0–100, higher = better partner); the parts and
 * their weights are documented in docs/API.md, "Partner matching". Ids are 24-hex strings; dates ISO 8601 UTC.
 */
import { z } from 'zod/mini';
import type { DistrictKind, DistrictSummaryDto, RegionGroup } from '../domain';
import { objectIdSchema, userTextSchema } from '../schemas/common';
import { isNaceDivision } from '../profiles/nace';

/** `cross`: the other region group only (EU ↔ LAC, the default); `same`: the own group; `all`: cross first. */
export const MATCH_SCOPES = ['cross', 'same', 'all'] as const;
export type MatchScope = (typeof MATCH_SCOPES)[number];

/** Longest interest note (UTF-16 code units). */
export const MAX_INTEREST_NOTE = 500;
/** Most suggestions one request returns. */
export const MAX_SUGGESTIONS = 100;

const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_SUGGESTIONS}`;

/** `GET …/matching/districts/:districtId/suggestions` query. */
export const suggestionsQuerySchema = z.strictObject({
  scope: z.optional(z.enum(MATCH_SCOPES)),
  /** NACE Rev. 2 division the partner works in. */
  sector: z.optional(
    z
      .string()
      .check(
        z.refine(
          isNaceDivision,
          'must be a NACE Rev. 2 division code (two digits, e.g. 52; see NACE_DIVISIONS)',
        ),
      ),
  ),
  /** ISO 3166-1 alpha-2 country of the partner. */
  country: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))),
  /** How many suggestions, 1–`MAX_SUGGESTIONS`; out of range is refused (it used to be clamped silently). */
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,9}$/, LIMIT_MESSAGE)),
      z.pipe(
        z.transform((s: string) => Number(s)),
        z.number().check(z.gte(1, LIMIT_MESSAGE), z.lte(MAX_SUGGESTIONS, LIMIT_MESSAGE)),
      ),
    ),
  ),
});
export type SuggestionsQuery = z.infer<typeof suggestionsQuerySchema>;

/** One offer or request of a profile an interest is about. */
export const interestAboutSchema = z.strictObject({
  side: z.enum(['offer', 'request']),
  /** Whose card: the interested district's (`from`) or the target's (`to`). */
  owner: z.enum(['from', 'to']),
  cardId: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type InterestAbout = z.infer<typeof interestAboutSchema>;

/** `POST …/matching/interests`: the representative of `fromDistrictId` is interested in `toDistrictId`. */
export const interestBodySchema = z.strictObject({
  fromDistrictId: objectIdSchema,
  toDistrictId: objectIdSchema,
  about: z.optional(z.nullable(interestAboutSchema)),
  note: z.optional(userTextSchema(MAX_INTEREST_NOTE)),
});
export type InterestBody = z.infer<typeof interestBodySchema>;

/** `PUT …/matching/districts/:districtId/settings`. */
export const matchingSettingsBodySchema = z.strictObject({
  /** Leave the district out of everyone's suggestions (it still sees its own). */
  hidden: z.boolean(),
});

/** One explained part of a suggestion's score. `points` add up to the score. */
export type MatchReason =
  | {
      /** An offer of `offerOwner` matches a request of the other district. */
      kind: 'offerMatchesRequest';
      /** `mine`: the viewer's district offers; `theirs`: the partner offers. */
      offerOwner: 'mine' | 'theirs';
      offerId: string;
      offerTitle: string;
      requestId: string;
      requestTitle: string;
      /** Words both texts share (after accent folding and stemming), as written in the request. */
      terms: string[];
      /** NACE divisions both cards name. */
      nace: string[];
      points: number;
    }
  | {
      /** A request of `requestOwner` targets the other district's country. */
      kind: 'requestTargetsCountry';
      requestOwner: 'mine' | 'theirs';
      requestId: string;
      requestTitle: string;
      country: string;
      points: number;
    }
  | { kind: 'sharedSectors'; nace: string[]; points: number }
  | {
      /** Different divisions of one NACE section or of one value chain (e.g. 10 food → 52 logistics). */
      kind: 'complementarySectors';
      pairs: Array<{ mine: string; theirs: string }>;
      points: number;
    }
  | { kind: 'complementaryKinds'; mine: DistrictKind; theirs: DistrictKind; points: number }
  | {
      /** Member firms of the same order of magnitude. */
      kind: 'similarSize';
      myFirms: number;
      theirFirms: number;
      points: number;
    };
export type MatchReasonKind = MatchReason['kind'];

/** The partner district as a suggestion shows it. */
export interface MatchDistrictDto {
  id: string;
  name: string;
  country: string;
  regionGroup: RegionGroup;
  kind: DistrictKind;
  sectors: string[];
  region: string;
  offers: Array<{ id: string; title: string }>;
  requests: Array<{ id: string; title: string }>;
}

/** The state of the interests between the viewer's district and a partner. */
export interface InterestStateDto {
  /** The viewer's district expressed interest (active). */
  outgoing: boolean;
  /** The partner expressed interest in the viewer's district (active). */
  incoming: boolean;
}

/** One ranked suggestion. */
export interface SuggestionDto {
  district: MatchDistrictDto;
  /** Sum of `reasons[].points`, 0–100. */
  score: number;
  /** The partner is in the other region group (EU ↔ LAC). */
  crossRegion: boolean;
  reasons: MatchReason[];
  interest: InterestStateDto;
}

/** `GET …/matching/districts/:districtId/suggestions`. */
export interface SuggestionsDto {
  districtId: string;
  scope: MatchScope;
  /** The district is hidden from others' suggestions. */
  hidden: boolean;
  items: SuggestionDto[];
}

export const INTEREST_STATES = ['active', 'withdrawn'] as const;
export type InterestState = (typeof INTEREST_STATES)[number];

/** One interest of a district in another (unique per from → to pair in a workspace). */
export interface InterestDto {
  id: string;
  workspaceId: string;
  from: DistrictSummaryDto;
  to: DistrictSummaryDto;
  /** The card it is about, with its title at the time of the interest. */
  about: (InterestAbout & { title: string }) | null;
  note: string | null;
  state: InterestState;
  /** The opposite interest is active too (and this one is active): a match. */
  mutual: boolean;
  byUserId: string;
  createdAt: string;
  updatedAt: string;
}

/** `GET …/matching/interests`: the caller's districts' interests (all of them for moderators and admins). */
export interface InterestListDto {
  /** Districts the caller represents in this workspace. */
  myDistrictIds: string[];
  /** The same districts with their names (the page's district picker). */
  myDistricts: DistrictSummaryDto[];
  items: InterestDto[];
}

/**
 * `matching:interest` fact, after the change is stored: to the representatives of both districts (user rooms)
 * and the workspace's moderators. `change`: `expressed` (new or renewed), `withdrawn`; `match` when the change
 * made or ended a mutual pair.
 */
export interface InterestFactDto {
  workspaceId: string;
  change: 'expressed' | 'withdrawn';
  interest: InterestDto;
  /** The change made a match (`expressed`) or ended one (`withdrawn`). */
  match: boolean;
}

export interface MatchingServerToClientEvents {
  'matching:interest': (fact: InterestFactDto) => void;
}
