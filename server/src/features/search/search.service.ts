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

/** The end of a `to` filter: a date means the whole UTC day. */
const endOf = (to: string): Date =>
  /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : new Date(to);

/**
 * Searches one workspace for a member with `role`: its posts, questions, drafts and releases and the district
 * profiles, by one MongoDB text search (`$text` with `$language: 'none'` over the union of the query's stems
 * in the four UI languages, see {@link unionSearch}; each entry is stemmed in its own), ranked by text score. Permissions are part of the filter: only this workspace's entries (profiles are
 * everyone's), hidden posts only for moderators and admins, deleted posts never (their entries are empty).
 * Waits for the workspace's index to be built and for index writes already started (a post acknowledged before
 * the search is found).
 */
export async function search(
  indexer: SearchIndexer,
  workspaceId: Types.ObjectId,
  role: Role,
  query: SearchQuery,
  fallbackLanguage: SearchLanguage,
): Promise<SearchResponseDto> {
  await Promise.all([indexer.ensureWorkspace(workspaceId), indexer.ensureProfiles()]);
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
  // First the ranking (ids, sources and scores only), then the text of the results answered.
  const ranked = !$search
    ? []
    : ((await SearchEntry.collection
        .find(
          { ...filter, $text: { $search, $language: 'none' } },
          { projection: { _id: 1, sourceId: 1, score: { $meta: 'textScore' } } },
        )
        .sort({ score: { $meta: 'textScore' } })
        .limit(candidates)
        .toArray()) as unknown as Array<{ _id: string; sourceId: Types.ObjectId; score: number }>);

  // One result per source: its best-scoring language.
  const seen = new Set<string>();
  const best: Array<{ _id: string; score: number }> = [];
  for (const e of ranked) {
    const key = e.sourceId.toHexString();
    if (seen.has(key)) continue;
    seen.add(key);
    best.push(e);
  }
  const top = best.slice(0, limit);
  const docs = (await SearchEntry.collection
    .find({ _id: { $in: top.map((e) => e._id) as never[] } })
    .toArray()) as unknown as SearchEntryDoc[];
  const byId = new Map(docs.map((d) => [d._id, d]));
  const found = top.flatMap((e) => {
    const doc = byId.get(e._id);
    return doc ? [{ ...doc, score: e.score }] : [];
  });
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
