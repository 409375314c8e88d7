/**
 * Search across a workspace (issue 13.4): posts, conclusions drafts and releases, questions and district
 * profiles. Matching is MongoDB text search (case- and accent-insensitive, Snowball stemming per language);
 * the server answers ranked results with a plain-text snippet and the character ranges to highlight.
 */
import { z } from 'zod/mini';
import { REGION_GROUPS, type RegionGroup } from './domain';
import { objectIdSchema } from './schemas/common';

export const SEARCH_KINDS = ['post', 'question', 'draft', 'release', 'profile'] as const;
/** What a result is. */
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Languages the query can be stemmed in (the UI languages). */
export const SEARCH_LANGUAGES = ['en', 'es', 'pt', 'fr'] as const;
export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number];

/** Longest query accepted (characters). */
export const MAX_SEARCH_QUERY_LENGTH = 200;
/** Most results answered for one query. */
export const MAX_SEARCH_RESULTS = 50;

const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Query string of `GET /api/workspaces/:workspaceId/search` (every value a string: `?q[$ne]=` is a 400). */
export const searchQuerySchema = z.object({
  q: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(MAX_SEARCH_QUERY_LENGTH)),
  /** Language the query is stemmed in (default: the user's saved language). */
  lang: z.optional(z.enum(SEARCH_LANGUAGES)),
  type: z.optional(z.enum(SEARCH_KINDS)),
  blockId: z.optional(objectIdSchema),
  authorId: z.optional(objectIdSchema),
  districtId: z.optional(objectIdSchema),
  region: z.optional(z.enum(REGION_GROUPS)),
  /** ISO 8601 date or instant: results on or after it. */
  from: z.optional(dateOrInstant),
  /** ISO 8601 date (inclusive, whole UTC day) or instant: results before it. */
  to: z.optional(dateOrInstant),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_SEARCH_RESULTS))),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** A plain-text excerpt and the `[start, end)` UTF-16 ranges of matched words in it, in order. */
export interface SearchSnippet {
  text: string;
  highlights: Array<[number, number]>;
  /** Text was cut before / after the excerpt. */
  truncatedStart: boolean;
  truncatedEnd: boolean;
}

/** One result. `title` is plain text (render as text, never as HTML). */
export interface SearchResultDto {
  kind: SearchKind;
  /** Id of the post, question, draft, release or district. */
  id: string;
  title: string;
  titleHighlights: Array<[number, number]>;
  snippet: SearchSnippet;
  /** MongoDB text score (higher is better); results are in descending score. */
  score: number;
  /** ISO 8601: when the post/release/question was made, or the draft last indexed. */
  at: string;
  authorName: string | null;
  districtName: string | null;
  regionGroup: RegionGroup | null;
  blockId: string | null;
  questionId: string | null;
  /** For drafts and releases. */
  draftId: string | null;
  releaseNumber: number | null;
  /** Hidden post (moderators only ever see these). */
  hidden: boolean;
}

/** `GET /api/workspaces/:workspaceId/search`. */
export interface SearchResponseDto {
  query: string;
  results: SearchResultDto[];
  /** More results matched than were answered (refine the query or filters). */
  more: boolean;
}

/** Where a result opens in the client (same-origin path). */
export function searchResultPath(workspaceId: string, r: SearchResultDto): string {
  switch (r.kind) {
    case 'post':
      return `/w/${workspaceId}/q/${r.questionId ?? ''}#post-${r.id}`;
    case 'question':
      return `/w/${workspaceId}/q/${r.id}`;
    case 'draft':
      return `/w/${workspaceId}/drafts/${r.id}`;
    case 'release':
      return `/w/${workspaceId}/drafts/${r.draftId ?? ''}#release-${r.releaseNumber ?? ''}`;
    case 'profile':
      return `/w/${workspaceId}/directory/${r.id}`;
  }
}
