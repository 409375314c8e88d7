import * as Y from 'yjs';
import type { Types } from 'mongoose';
import mongoose, { type AnyBulkWriteOperation } from 'mongoose';
import { SEARCH_LANGUAGES, naceLabel, type SearchLanguage } from '@polos/shared';
import { District, type DistrictDoc } from '../districts/district.model';
import { Draft, DraftPublication, type DraftDoc, type DraftPublicationDoc } from '../drafts/draft.model';
import { ProvenanceSigner } from '../drafts/draftDocument';
import { loadDraft } from '../drafts/draftPersistence';
import { proseMirrorDocOf } from '../drafts/draftDocument';
import type { PostDoc } from '../posts/post.model';
import { Question, type QuestionDoc } from '../questions/question.model';
import { User } from '../users/user.model';
import { SearchEntry, type SearchEntryDoc } from './search.model';
import { markdownText, TEXT_LANGUAGE, textLanguageOf } from './searchText';

/**
 * The sources of the search projection: how each owner's document becomes entries. Adding a source = a function
 * here returning its entries, a loader for rebuilds (`entriesOfWorkspace` / `profileEntries`) and, for live
 * updates, a listener in `search.indexer.ts` on the owner's domain event.
 */

const EMPTY = {
  blockId: null,
  questionId: null,
  draftId: null,
  releaseNumber: null,
  authorId: null,
  authorName: null,
  districtId: null,
  districtName: null,
  regionGroup: null,
  hidden: false,
  rev: 0,
} as const;

/** One entry per UI language (sources without a language of their own: drafts, releases, profiles). */
const perLanguage = (
  base: Omit<SearchEntryDoc, '_id' | 'language'>,
  idPrefix: string,
  languages: readonly SearchLanguage[] = SEARCH_LANGUAGES,
): SearchEntryDoc[] =>
  languages.map((l) => ({ ...base, _id: `${idPrefix}:${l}`, language: TEXT_LANGUAGE[l] }));

/**
 * A post's entry, stemmed in its author's saved UI language (the best signal of the language a post is written
 * in without a detector). A deleted post becomes an empty tombstone: no terms, so no match, and its `rev` stops
 * a rebuild that read the post earlier from bringing the text back.
 */
export function postEntry(post: PostDoc, language: string, blockId: Types.ObjectId | null): SearchEntryDoc {
  const deleted = post.deleted;
  return {
    ...EMPTY,
    _id: `post:${post._id.toHexString()}`,
    kind: 'post',
    sourceId: post._id,
    workspaceId: post.workspaceId,
    language,
    title: '',
    body: deleted ? '' : markdownText(post.body),
    blockId,
    questionId: post.questionId,
    authorId: deleted ? null : post.authorId,
    authorName: deleted ? null : post.authorName,
    districtId: post.authorDistrict?.id ?? null,
    districtName: post.authorDistrict?.name ?? null,
    regionGroup: post.authorDistrict?.regionGroup ?? null,
    at: post.createdAt,
    hidden: deleted || post.hidden,
    rev: post.lastSeq ?? post.seq,
  };
}

/** A question's entries: one per language its text is written in, each stemmed in that language. */
export function questionEntries(q: QuestionDoc): SearchEntryDoc[] {
  const text = q.text as unknown as Partial<Record<SearchLanguage, string>>;
  return SEARCH_LANGUAGES.flatMap((l) =>
    typeof text[l] === 'string' && text[l]
      ? [
          {
            ...EMPTY,
            _id: `question:${q._id.toHexString()}:${l}`,
            kind: 'question' as const,
            sourceId: q._id,
            workspaceId: q.workspaceId,
            language: TEXT_LANGUAGE[l],
            title: text[l],
            body: '',
            blockId: q.blockId,
            questionId: q._id,
            at: q.createdAt,
          },
        ]
      : [],
  );
}

/** The plain text of a Yjs draft state (as the editor shows it: the editor schema's document). */
function stateText(doc: Y.Doc): string {
  const pm = proseMirrorDocOf(doc, new ProvenanceSigner());
  return pm.textBetween(0, pm.content.size, '\n', ' ');
}

/** A draft's entries (its current text, read from the update log and snapshot). */
export async function draftEntries(draft: DraftDoc): Promise<SearchEntryDoc[]> {
  const { doc } = await loadDraft(draft._id);
  try {
    return perLanguage(
      {
        ...EMPTY,
        kind: 'draft',
        sourceId: draft._id,
        workspaceId: draft.workspaceId,
        title: draft.title,
        body: stateText(doc),
        blockId: draft.blockId,
        draftId: draft._id,
        at: draft.updatedAt ?? draft.createdAt,
      },
      `draft:${draft._id.toHexString()}`,
    );
  } finally {
    doc.destroy();
  }
}

/** A release's entries (immutable: written once). */
export function releaseEntries(p: DraftPublicationDoc): SearchEntryDoc[] {
  const doc = new Y.Doc();
  try {
    Y.applyUpdateV2(doc, new Uint8Array(p.state.buffer, p.state.byteOffset, p.state.byteLength));
    return perLanguage(
      {
        ...EMPTY,
        kind: 'release',
        sourceId: p._id,
        workspaceId: p.workspaceId,
        title: p.title,
        body: stateText(doc),
        blockId: p.blockId,
        draftId: p.draftId,
        releaseNumber: p.number,
        authorId: p.publishedBy,
        authorName: p.publishedByName,
        at: p.publishedAt,
      },
      `release:${p._id.toHexString()}`,
    );
  } finally {
    doc.destroy();
  }
}

/**
 * The descriptive fields of a district profile that are searched (issue 10's profile; absent fields are skipped).
 * Never the contact person, representatives or workspaces: search shows only what the directory shows.
 */
export const PROFILE_SEARCH_FIELDS = [
  'localDesignation',
  'city',
  'region',
  'specialisation',
  'summary',
  'sectors',
  'offers',
  'requests',
  'governance',
  'services',
  'rdPartners',
  'internationalPartners',
] as const;

/**
 * The searchable (and snippet) text of a district profile in one UI language, built from readable fields only:
 * local designation, city/region (once when equal), specialisation, the summary (this language's first), sector
 * labels (NACE Rev. 2 division names in this language, never bare codes), offer/request titles and descriptions,
 * then the free-text lists. One line per field, no repeated lines, no ids or country codes.
 */
export function profileText(d: DistrictDoc, language: SearchLanguage): string {
  const lines: string[] = [];
  const add = (v: string | null | undefined) => {
    const text = v?.trim();
    if (text && !lines.includes(text)) lines.push(text);
  };
  add(d.localDesignation);
  const place = [d.city, d.region].map((x) => x?.trim() ?? '').filter(Boolean);
  add([...new Set(place)].join(', '));
  add(d.specialisation);
  const summary = (d.summary ?? {}) as Partial<Record<string, string>>;
  add(summary[language]);
  for (const l of SEARCH_LANGUAGES) add(summary[l]);
  add((d.sectors ?? []).map((code) => naceLabel(code, language)).join('; '));
  for (const card of [...(d.offers ?? []), ...(d.requests ?? [])]) {
    add(card.title);
    add(card.description);
  }
  for (const list of [d.governance, d.services, d.rdPartners, d.internationalPartners]) {
    if (typeof list === 'string') add(list);
    else if (Array.isArray(list)) add(list.join('; '));
  }
  return lines.join('\n');
}

/** A district profile's entries, one per UI language (not tied to a workspace: every signed-in user may read districts). */
export function profileEntries(d: DistrictDoc): SearchEntryDoc[] {
  return SEARCH_LANGUAGES.map((l) => ({
    ...EMPTY,
    _id: `profile:${d._id.toHexString()}:${l}`,
    language: TEXT_LANGUAGE[l],
    kind: 'profile' as const,
    sourceId: d._id,
    workspaceId: null,
    title: d.name,
    body: profileText(d, l),
    districtId: d._id,
    districtName: d.name,
    regionGroup: d.regionGroup,
    at: d.createdAt,
  }));
}

/** Saved UI locale → text language of each author (one query per batch). */
export async function authorLanguages(ids: readonly Types.ObjectId[]): Promise<Map<string, string>> {
  const users = await User.find({ _id: mongoose.trusted({ $in: ids }) }, { locale: 1 })
    .lean()
    .exec();
  return new Map(users.map((u) => [u._id.toHexString(), textLanguageOf(u.locale)]));
}

/** Block of each question of a workspace. */
export async function questionBlocks(workspaceId: Types.ObjectId): Promise<Map<string, Types.ObjectId>> {
  const qs = await Question.find({ workspaceId }, { blockId: 1 }).lean().exec();
  return new Map(qs.map((q) => [q._id.toHexString(), q.blockId]));
}

/** Writes entries. `guarded`: only over an entry with a lower `rev` (posts); others replace. */
export async function writeEntries(entries: readonly SearchEntryDoc[], guarded: boolean): Promise<void> {
  // In commands of WRITE_CHUNK entries: one bulk write of a rebuild (4,000 profile entries, 1,000 posts) into a
  // large text index could outlast the driver's socketTimeoutMS on a loaded machine; the driver then rejects with a
  // MongoBulkWriteError wrapping the network timeout (a 500 for the search that started the rebuild, issue 13.4).
  for (let i = 0; i < entries.length; i += WRITE_CHUNK) {
    await writeChunk(entries.slice(i, i + WRITE_CHUNK), guarded);
  }
}

/** Entries per bulk write command (see {@link writeEntries}). */
const WRITE_CHUNK = 250;

async function writeChunk(entries: readonly SearchEntryDoc[], guarded: boolean): Promise<void> {
  if (entries.length === 0) return;
  const ops: AnyBulkWriteOperation<SearchEntryDoc>[] = entries.map((e) => {
    if (!guarded) return { replaceOne: { filter: { _id: e._id }, replacement: e, upsert: true } };
    const { _id, ...rest } = e;
    return { updateOne: { filter: { _id, rev: { $lt: e.rev } }, update: { $set: rest }, upsert: true } };
  });
  try {
    await SearchEntry.collection.bulkWrite(ops as never, { ordered: false });
  } catch (error) {
    // A guarded upsert whose entry is already newer fails its insert with a duplicate key: that entry stays.
    // Anything else — also a driver error (timeout, network) wrapped with an empty `writeErrors` — is rethrown,
    // never taken for "all duplicates".
    const writeErrors = (error as { writeErrors?: Array<{ code?: number }> }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (!guarded || list.length === 0 || list.some((w) => w.code !== 11000)) throw error;
  }
}

/** Replaces all entries of one source (its languages may have changed). */
export async function replaceSourceEntries(
  sourceId: Types.ObjectId,
  entries: readonly SearchEntryDoc[],
): Promise<void> {
  await writeEntries(entries, false);
  await SearchEntry.collection.deleteMany({
    sourceId,
    _id: { $nin: entries.map((e) => e._id) as never[] },
  });
}

/** Every non-post source of a workspace, as entries (questions, drafts, releases). */
export async function workspaceEntries(workspaceId: Types.ObjectId): Promise<SearchEntryDoc[]> {
  const [questions, drafts, releases] = await Promise.all([
    Question.find({ workspaceId }).lean().exec(),
    Draft.find({ workspaceId }).lean().exec(),
    DraftPublication.find({ workspaceId }).lean().exec(),
  ]);
  const out = questions.flatMap(questionEntries);
  for (const d of drafts) out.push(...(await draftEntries(d)));
  for (const r of releases) out.push(...releaseEntries(r));
  return out;
}

/** Every district's entries. */
export async function allProfileEntries(): Promise<SearchEntryDoc[]> {
  const districts = await District.find().lean().exec();
  return districts.flatMap((d) => profileEntries(d as DistrictDoc));
}
