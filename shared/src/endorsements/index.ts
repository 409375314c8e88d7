/**
 * Endorsement rounds on the conclusions (issue 12.2): a moderator opens a round on a saved version of a conclusions
 * draft; its paragraphs are frozen with stable ids; for each paragraph each district taking part in the workspace
 * answers — through its representatives, one voice per district (the last representative's answer counts) —
 * agree, amend (with proposed wording) or object (with a reason). Progress and a quorum per region group, results
 * per paragraph split by region; a moderator can take an amendment into the live draft (provenance kept); closing
 * freezes the results, which attach to the draft's next release.
 */
import { z } from 'zod/mini';
import type { AckCallback } from '../ack';
import type { RegionGroup } from '../domain';
import { objectIdSchema, userTextSchema } from '../schemas/common';
import type { WorkspaceRef } from '../schemas/socket';

/** A district's answer to one paragraph. */
export const ENDORSEMENT_ANSWERS = ['agree', 'amend', 'object'] as const;
export type EndorsementAnswer = (typeof ENDORSEMENT_ANSWERS)[number];

export const ENDORSEMENT_ROUND_STATES = ['open', 'closed'] as const;
export type EndorsementRoundState = (typeof ENDORSEMENT_ROUND_STATES)[number];

/**
 * Which districts count towards a region's quorum: `allParagraphs` — a district that answered every paragraph of
 * the round; `anyParagraph` — a district that answered at least one. Chosen by the moderator at the opening.
 */
export const QUORUM_BASES = ['allParagraphs', 'anyParagraph'] as const;
export type QuorumBasis = (typeof QUORUM_BASES)[number];

/** The region groups whose quorum decides the round (a bi-regional group: both must reach it). */
export const QUORUM_REGIONS = ['EU', 'LAC'] as const satisfies readonly RegionGroup[];
export type QuorumRegion = (typeof QUORUM_REGIONS)[number];

/** Longest proposed wording of an amendment, and longest objection reason (UTF-16 code units). */
export const MAX_AMENDMENT_LENGTH = 4000;
export const MAX_OBJECTION_LENGTH = 2000;

/** A frozen paragraph id: `<Yjs client>-<clock>` of the paragraph's top-level node in the draft document. */
export const paragraphIdSchema = z
  .string()
  .check(z.regex(/^[0-9]{1,20}-[0-9]{1,20}$/, 'must be a paragraph id'));

/**
 * The quorum rule: per region group (EU and LAC), at least `minShare` (0–1, e.g. 0.5 = half) of the region's
 * districts taking part in the workspace must count by `basis`; required = max(1, ⌈minShare × districts⌉).
 */
export const quorumRuleSchema = z.strictObject({
  minShare: z.number().check(z.minimum(0.01), z.maximum(1)),
  basis: z.enum(QUORUM_BASES),
});
export type QuorumRule = z.infer<typeof quorumRuleSchema>;

/** The default rule offered by the UI: half of each region's districts answering every paragraph. */
export const DEFAULT_QUORUM_RULE: QuorumRule = { minShare: 0.5, basis: 'allParagraphs' };

/** `endorsement:open`: a round on a saved version of the draft (moderators/admins). */
export const endorsementOpenSchema = z.strictObject({
  draftId: objectIdSchema,
  versionId: objectIdSchema,
  quorum: quorumRuleSchema,
});

export const endorsementRoundRefSchema = z.strictObject({ roundId: objectIdSchema });

/**
 * `endorsement:answer`: the sender's district's answer to one paragraph. `amend` requires `wording` (the proposed
 * text of the paragraph), `object` requires `reason`; `agree` takes neither.
 */
export const endorsementAnswerSchema = z
  .strictObject({
    roundId: objectIdSchema,
    paragraphId: paragraphIdSchema,
    answer: z.enum(ENDORSEMENT_ANSWERS),
    wording: z.optional(userTextSchema(MAX_AMENDMENT_LENGTH)),
    reason: z.optional(userTextSchema(MAX_OBJECTION_LENGTH)),
  })
  .check(
    z.refine((p) => p.answer !== 'amend' || p.wording !== undefined, {
      message: 'an amendment needs the proposed wording',
      path: ['wording'],
    }),
    z.refine((p) => p.answer !== 'object' || p.reason !== undefined, {
      message: 'an objection needs a reason',
      path: ['reason'],
    }),
    z.refine((p) => p.answer === 'amend' || p.wording === undefined, {
      message: 'only an amendment carries a wording',
      path: ['wording'],
    }),
    z.refine((p) => p.answer === 'object' || p.reason === undefined, {
      message: 'only an objection carries a reason',
      path: ['reason'],
    }),
  );

/** `endorsement:apply-amendment`: take a district's proposed wording into the live draft (moderators/admins). */
export const endorsementApplySchema = z.strictObject({
  roundId: objectIdSchema,
  paragraphId: paragraphIdSchema,
  districtId: objectIdSchema,
});

export type EndorsementOpenPayload = z.infer<typeof endorsementOpenSchema>;
export type EndorsementRoundRef = z.infer<typeof endorsementRoundRefSchema>;
export type EndorsementAnswerPayload = z.infer<typeof endorsementAnswerSchema>;
export type EndorsementApplyPayload = z.infer<typeof endorsementApplySchema>;

/** A frozen paragraph of the round's version. */
export interface EndorsementParagraphDto {
  /** Stable id (see {@link paragraphIdSchema}). */
  id: string;
  /** 1-based position among the round's paragraphs. */
  number: number;
  /** Editor node type of the block (paragraph, heading, blockquote, bulletList, orderedList, …). */
  kind: string;
  /** Plain text of the block (list items and nested blocks joined by newlines). */
  text: string;
}

/** Answers to one paragraph within one group of districts. */
export interface EndorsementTallyDto {
  agree: number;
  amend: number;
  object: number;
}

export interface EndorsementParagraphResultDto {
  paragraphId: string;
  overall: EndorsementTallyDto;
  byRegion: Record<RegionGroup, EndorsementTallyDto>;
}

/** One region group's progress and quorum. */
export interface EndorsementRegionQuorumDto {
  regionGroup: RegionGroup;
  /** Districts of this region group taking part in the workspace. */
  districts: number;
  /** Of them, districts that answered every paragraph. */
  answeredAll: number;
  /** Of them, districts that answered at least one paragraph. */
  answeredAny: number;
  /** The districts that count under the round's basis (`answeredAll` or `answeredAny`). */
  counted: number;
  /** max(1, ⌈minShare × districts⌉); a region without districts cannot reach its quorum. */
  required: number;
  reached: boolean;
}

export interface EndorsementQuorumDto {
  rule: QuorumRule;
  byRegion: Record<RegionGroup, EndorsementRegionQuorumDto>;
  /** Both EU and LAC reached their quorum (`other` is shown, not required). */
  reached: boolean;
}

/** An amendment taken into the draft, with its provenance. */
export interface EndorsementAmendmentDto {
  paragraphId: string;
  districtId: string;
  districtName: string;
  regionGroup: RegionGroup;
  /** Who proposed the wording (the district's answering representative). */
  proposedBy: { id: string | null; name: string };
  wording: string;
  appliedBy: { id: string | null; name: string };
  appliedAt: string;
  /** The draft version saved right after the edit ("Amendment of … taken in"), in the draft's version history. */
  versionId: string | null;
}

/** A round as members see it (answers separately: {@link EndorsementRoundDetailDto}). */
export interface EndorsementRoundDto {
  id: string;
  workspaceId: string;
  draftId: string;
  /** Null for the workspace's overall conclusions. */
  blockId: string | null;
  draftTitle: string;
  versionId: string;
  versionName: string;
  state: EndorsementRoundState;
  /** Grows by one per stored change (answer, amendment, close): a client keeps the round with the highest. */
  rev: number;
  openedAt: string;
  openedBy: { id: string | null; name: string };
  closedAt: string | null;
  paragraphs: EndorsementParagraphDto[];
  results: EndorsementParagraphResultDto[];
  quorum: EndorsementQuorumDto;
  amendments: EndorsementAmendmentDto[];
  /**
   * The release the closed round's results attach to: the draft's first release published after the close
   * (null while open or until that release exists).
   */
  release: { number: number; id: string } | null;
}

/** Ids are null once the person's account is deleted (their name is then a placeholder). */
/** One district's stored answer (one voice per district and paragraph; the latest representative's). */
export interface EndorsementAnswerDto {
  paragraphId: string;
  districtId: string;
  districtName: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  regionGroup: RegionGroup;
  answer: EndorsementAnswer;
  wording: string | null;
  reason: string | null;
  /** The representative whose answer counts (the last to answer for the district), and when. */
  by: { id: string | null; name: string };
  at: string;
}

export interface EndorsementRoundDetailDto {
  round: EndorsementRoundDto;
  answers: EndorsementAnswerDto[];
  /** The sender's district when they may answer in this round, else null. */
  myDistrict: { id: string; name: string; regionGroup: RegionGroup } | null;
}

/** `endorsement:list` ack: the workspace's rounds, newest first. */
export interface EndorsementListResult {
  rounds: EndorsementRoundDto[];
  myDistrict: { id: string; name: string; regionGroup: RegionGroup } | null;
}

export const ENDORSEMENT_CHANGE_KINDS = ['opened', 'answered', 'amended', 'closed', 'attached'] as const;
export type EndorsementChangeKind = (typeof ENDORSEMENT_CHANGE_KINDS)[number];

/** Fact to the workspace room: the round after a stored change, and the stored answer for `answered`. */
export interface EndorsementChangeDto {
  kind: EndorsementChangeKind;
  round: EndorsementRoundDto;
  answer: EndorsementAnswerDto | null;
}

/** A round with its answers, as `listEndorsementResults` and `GET …/endorsements/results` give it. */
export interface EndorsementRoundResultsDto extends EndorsementRoundDto {
  answers: EndorsementAnswerDto[];
}

type Command<P, R> = (payload: P, ack: AckCallback<R>) => void;

/** Endorsement commands (merged into the app's `ClientToServerEvents`). */
export interface EndorsementClientToServerEvents {
  /** Moderator/admin: opens a round on a saved version (one open round per draft). Audited. */
  'endorsement:open': Command<EndorsementOpenPayload, EndorsementRoundDto>;
  /** Representative of a district taking part in the workspace: stores the district's answer. */
  'endorsement:answer': Command<EndorsementAnswerPayload, EndorsementChangeDto>;
  /** Moderator/admin: closes the round and freezes its results. Audited. */
  'endorsement:close': Command<EndorsementRoundRef, EndorsementRoundDto>;
  /** Moderator/admin: takes an amendment into the live draft (a normal, relayed edit). Audited. */
  'endorsement:apply-amendment': Command<EndorsementApplyPayload, EndorsementRoundDto>;
  /** Any member: the workspace's rounds. */
  'endorsement:list': Command<WorkspaceRef, EndorsementListResult>;
  /** Any member: one round with every district's answers. */
  'endorsement:get': Command<EndorsementRoundRef, EndorsementRoundDetailDto>;
}

/** Endorsement facts (merged into the app's `ServerToClientEvents`). */
export interface EndorsementServerToClientEvents {
  /** To the workspace room: a round opened, got an answer, took an amendment in, closed or attached to a release. */
  'endorsement:changed': (change: EndorsementChangeDto) => void;
}
