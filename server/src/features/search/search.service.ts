import { Types } from 'mongoose';
import {
  MAX_SEARCH_RESULTS,
  SEARCH_LANGUAGES,
  can,
  type Role,
  type SearchLanguage,
  type SearchQuery,
  type SearchResponseDto,
  type SearchResultDto,
} from '@polos/shared';
import type { SearchIndexer } from './search.indexer';
import { SearchEntry, type SearchEntryDoc } from './search.model';
import { matchRanges, queryKeys, snippetOf, TEXT_LANGUAGE, unionSearch } from './searchText';

/** Entries per source at most (questions: one per language of their text; drafts, releases, profiles: 4). */
const ENTRIES_PER_SOURCE = SEARCH_LANGUAGES.length;

/**
 * How long a search waits for its workspace's index to be built (ms) before answering 503 with `Retry-After`
 * (the build goes on; 100,000 posts take minutes). A small workspace is built within it: the first search answers.
 */
export const SEARCH_BUILD_WAIT_MS = 20_000;

/** The entry fields a result is made of ({@link present}); `rev`, `authorId`, `districtId` stay in the engine. */
const RESULT_FIELDS = {
  _id: 1,
  kind: 1,
  sourceId: 1,
  language: 1,
  title: 1,
  body: 1,
  blockId: 1,
  questionId: 1,
  draftId: 1,
  releaseNumber: 1,
  authorName: 1,
  districtName: 1,
  regionGroup: 1,
  at: 1,
  hidden: 1,
} as const;

/** The end of a `to` filter: a date means the whole UTC day. */
const endOf = (to: string): Date =>
  /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : new Date(to);

/**
 * Searches one workspace for a member with `role`: its posts, questions, drafts and releases and the district
 * profiles, by one MongoDB text search (`$text` with `$language: 'none'` over the union of the query's stems
 * in the four UI languages, see {@link unionSearch}; each entry is stemmed in its own), ranked by text score. Permissions are part of the filter: only this workspace's entries (profiles are
 * everyone's), hidden posts only for moderators and admins, deleted posts never (their entries are empty).
 * Waits up to {@link SEARCH_BUILD_WAIT_MS} for the workspace's index to be built (503 `unavailable` after that or
 * when the build failed, see `SearchIndexer.whenReady`) and for index writes already started (a post acknowledged
 * before the search is found).
 */
export async function search(
  indexer: SearchIndexer,
  workspaceId: Types.ObjectId,
  role: Role,
  query: SearchQuery,
  fallbackLanguage: SearchLanguage,
): Promise<SearchResponseDto> {
  await indexer.whenReady(workspaceId, SEARCH_BUILD_WAIT_MS);
  await indexer.settled();

  const filter: Record<string, unknown> = {
    workspaceId: query.type === 'profile' ? null : query.type ? workspaceId : { $in: [workspaceId, null] },
  };
  if (query.type) filter.kind = query.type;
  if (!can(role, 'moderate')) filter.hidden = false;
  if (query.blockId) filter.blockId = new Types.ObjectId(query.blockId);
  if (query.authorId) filter.authorId = new Types.ObjectId(query.authorId);
  if (query.districtId) filter.districtId = new Types.ObjectId(query.districtId);
  if (query.region) filter.regionGroup = query.region;
  if (query.from || query.to) {
    filter.at = {
      ...(query.from ? { $gte: new Date(query.from) } : {}),
      ...(query.to ? { $lt: endOf(query.to) } : {}),
    };
  }
  const limit = query.limit ?? MAX_SEARCH_RESULTS;
  // The query is read in each UI language (the viewer's first): an entry matches when the query stemmed in one
  // of them shares a stem with the entry stemmed in its own, so a Portuguese query finds a Spanish post where
  // the two Snowball stemmers agree ("competitividade" / "competitividad" → "competit"). One `$text` query
  // over the union of those stems (`$language: 'none'`), not one per language: a quarter of the index work.
  const languages = [...new Set([query.lang ?? fallbackLanguage, ...SEARCH_LANGUAGES])].map(
    (l) => TEXT_LANGUAGE[l],
  );
  const $search = unionSearch(query.q, languages);
  // Enough entries for limit + 1 distinct sources (the extra one tells whether there is more).
  const candidates = (limit + 1) * ENTRIES_PER_SOURCE;
  // One query: the ranking and the fields a result shows (no second fetch by id, no mongoose hydration). The
  // candidates' bodies are read for at most (limit + 1) × 4 entries; snippets are cut only for the page answered.
  const ranked = !$search
    ? []
    : ((await SearchEntry.collection
        .find(
          { ...filter, $text: { $search, $language: 'none' } },
          { projection: { ...RESULT_FIELDS, score: { $meta: 'textScore' } } },
        )
        .sort({ score: { $meta: 'textScore' } })
        .limit(candidates)
        .toArray()) as unknown as Array<SearchEntryDoc & { score: number }>);

  // One result per source: its best-scoring language.
  const seen = new Set<string>();
  const best: Array<SearchEntryDoc & { score: number }> = [];
  for (const e of ranked) {
    const key = e.sourceId.toHexString();
    if (seen.has(key)) continue;
    seen.add(key);
    best.push(e);
  }
  const found = best.slice(0, limit);
  const keys = new Set(languages.flatMap((l) => [...queryKeys(query.q, l)]));
  const results = found.map((e) => present(e, keys));
  return {
    query: query.q,
    results,
    more: best.length > limit || ranked.length >= candidates,
  };
}

/** A result; words are highlighted as the index matched them: stemmed in the entry's language. */
function present(e: SearchEntryDoc & { score: number }, keys: ReadonlySet<string>): SearchResultDto {
  const languages = [e.language];
  const text = e.body || '';
  const hex = (id: Types.ObjectId | null) => (id ? id.toHexString() : null);
  return {
    kind: e.kind,
    id: e.sourceId.toHexString(),
    title: e.title,
    titleHighlights: matchRanges(e.title, keys, languages),
    snippet: snippetOf(text, matchRanges(text, keys, languages)),
    score: Math.round(e.score * 1000) / 1000,
    at: e.at.toISOString(),
    authorName: e.authorName,
    districtName: e.districtName,
    regionGroup: e.regionGroup,
    blockId: hex(e.blockId),
    questionId: hex(e.questionId),
    draftId: hex(e.draftId),
    releaseNumber: e.releaseNumber,
    hidden: e.hidden,
  };
}
