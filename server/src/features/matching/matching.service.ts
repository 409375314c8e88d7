import mongoose, { Types } from 'mongoose';
import {
  regionGroupOf,
  type CooperationCard,
  type InterestAbout,
  type MatchScope,
  type SuggestionDto,
} from '@polos/shared';
import { conflict, invalid, notFound } from '../../lib/errors';
import { District, type DistrictDoc } from '../districts/district.model';
import { Interest, MatchingSetting, type InterestDoc } from './matching.model';
import { ProfileIndex } from './profileIndex';
import { compareSuggestions, prepareCard, scorePair, type MatchProfile } from './scoring';

/** District fields matching reads (no contact person, no long texts besides the cards). */
const MATCH_PROJECTION = {
  name: 1,
  country: 1,
  region: 1,
  regionGroup: 1,
  kind: 1,
  sectors: 1,
  members: 1,
  offers: 1,
  requests: 1,
  representativeIds: 1,
  workspaceIds: 1,
} as const;

type MatchDistrictDoc = Pick<
  DistrictDoc,
  | '_id'
  | 'name'
  | 'country'
  | 'region'
  | 'regionGroup'
  | 'kind'
  | 'sectors'
  | 'members'
  | 'offers'
  | 'requests'
>;

/** A district document → the prepared profile scoring uses. */
export function matchProfileOf(d: MatchDistrictDoc, hidden: boolean): MatchProfile {
  const cards = (list: CooperationCard[] | undefined) =>
    (list ?? []).map((c) =>
      prepareCard({
        id: String(c.id),
        title: c.title ?? '',
        description: c.description ?? null,
        sectors: c.sectors ?? [],
        targetCountries: c.targetCountries ?? [],
      }),
    );
  const firms = d.members?.firms;
  return {
    id: d._id.toHexString(),
    name: d.name,
    country: d.country,
    regionGroup: d.regionGroup ?? regionGroupOf(d.country),
    kind: d.kind,
    sectors: (d.sectors ?? []).filter((s) => /^\d{2}$/.test(s)),
    region: d.region,
    firms: typeof firms === 'number' && firms > 0 ? firms : null,
    offers: cards(d.offers),
    requests: cards(d.requests),
    hidden,
  };
}

// — The prepared profiles of a workspace, kept up to date —
// Preparing (tokenising, stemming) 5,000 profiles takes far longer than ranking them, so each process keeps
// the workspace's prepared profiles in a ProfileIndex. A profile fact (`district.changed`, or the hide setting)
// queues that district: the next request re-reads the queued districts (one query) and replaces them in the
// index before it ranks, so a change is seen at once. An import of more than 100 profiles (progress without
// per-district facts) drops the workspace: the next request loads it whole. Writes that publish no fact (the
// start-up migration of legacy districts) are picked up by a reload every FULL_RELOAD_MS, served stale while it
// runs.

const FULL_RELOAD_MS = 60_000;
interface CacheEntry {
  profiles: Promise<ProfileIndex>;
  /** When `profiles` was last loaded whole (ms epoch). */
  loadedAt: number;
  /** Districts changed since the last refresh (hex ids). */
  pending: Set<string>;
  /** Incremented on each change fact: a background reload begun before a change is discarded. */
  version: number;
  reloading: boolean;
}
const cache = new Map<string, CacheEntry>();
/** Workspaces with a per-district fact in the current synchronous publish (see {@link profilesBulkChanged}). */
const touched = new Set<string>();

/** Forgets the prepared profiles of a workspace (all workspaces without an argument). */
export function invalidateProfiles(workspaceId?: string): void {
  if (workspaceId === undefined) cache.clear();
  else cache.delete(workspaceId);
}

/** A fact says these districts (hex ids) of the workspace changed: the next request refreshes them. */
export function profilesChanged(workspaceId: string, districtIds: readonly string[]): void {
  if (touched.size === 0) queueMicrotask(() => touched.clear());
  touched.add(workspaceId);
  const entry = cache.get(workspaceId);
  if (!entry) return; // not loaded: the next request reads everything fresh
  for (const id of districtIds) entry.pending.add(id);
  entry.version += 1;
}

/**
 * Progress of a workspace changed (`districts.progressed`). Published after the `district.changed` facts of a
 * write of up to 100 profiles (then those were queued already); alone after a larger import, which drops the
 * workspace's profiles.
 */
export function profilesBulkChanged(workspaceId: string): void {
  if (!touched.has(workspaceId)) invalidateProfiles(workspaceId);
}

function loadHidden(workspaceId: Types.ObjectId, districtIds?: Types.ObjectId[]): Promise<Set<string>> {
  const filter: Record<string, unknown> = { workspaceId, hidden: true };
  if (districtIds) filter.districtId = mongoose.trusted({ $in: districtIds });
  return MatchingSetting.find(filter, { districtId: 1 })
    .lean<Array<{ districtId: Types.ObjectId }>>()
    .exec()
    .then((rows) => new Set(rows.map((h) => h.districtId.toHexString())));
}

async function loadProfiles(workspaceId: Types.ObjectId): Promise<ProfileIndex> {
  const [docs, hiddenIds] = await Promise.all([
    District.find({ workspaceIds: workspaceId }, MATCH_PROJECTION).lean<MatchDistrictDoc[]>().exec(),
    loadHidden(workspaceId),
  ]);
  return new ProfileIndex(docs.map((d) => matchProfileOf(d, hiddenIds.has(d._id.toHexString()))));
}

/** Re-reads the districts `ids` and replaces (or removes, when gone from the workspace) them in `index`. */
async function refreshProfiles(
  workspaceId: Types.ObjectId,
  index: ProfileIndex,
  ids: string[],
): Promise<ProfileIndex> {
  const objectIds = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  const [docs, hiddenIds] = await Promise.all([
    District.find({ _id: mongoose.trusted({ $in: objectIds }) }, MATCH_PROJECTION)
      .lean<Array<MatchDistrictDoc & { workspaceIds?: Types.ObjectId[] }>>()
      .exec(),
    loadHidden(workspaceId, objectIds),
  ]);
  const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
  for (const id of ids) {
    const d = byId.get(id);
    if (d && (d.workspaceIds ?? []).some((w) => w.equals(workspaceId)))
      index.upsert(matchProfileOf(d, hiddenIds.has(id)));
    else index.remove(id);
  }
  return index;
}

function workspaceProfiles(workspaceId: Types.ObjectId): Promise<ProfileIndex> {
  const key = workspaceId.toHexString();
  let entry = cache.get(key);
  if (!entry) {
    const created: CacheEntry = {
      profiles: loadProfiles(workspaceId),
      loadedAt: Date.now(),
      pending: new Set(),
      version: 0,
      reloading: false,
    };
    created.profiles.catch(() => {
      if (cache.get(key) === created) cache.delete(key);
    });
    cache.set(key, created);
    entry = created;
  } else if (Date.now() - entry.loadedAt > FULL_RELOAD_MS && !entry.reloading) {
    const current = entry;
    const version = current.version;
    current.reloading = true;
    loadProfiles(workspaceId).then(
      (loaded) => {
        current.reloading = false;
        current.loadedAt = Date.now();
        // Kept only if no fact arrived meanwhile (else the refreshed index is the newer one).
        if (cache.get(key) === current && current.version === version)
          current.profiles = Promise.resolve(loaded);
      },
      () => {
        current.reloading = false;
        current.loadedAt = Date.now();
      },
    );
  }
  if (entry.pending.size > 0) {
    const ids = [...entry.pending];
    entry.pending.clear();
    const current = entry;
    current.profiles = current.profiles.then((index) => refreshProfiles(workspaceId, index, ids));
    current.profiles.catch(() => {
      if (cache.get(key) === current) cache.delete(key);
    });
  }
  return entry.profiles;
}

/** Filters of a suggestion list. */
export interface SuggestOptions {
  scope: MatchScope;
  sector?: string;
  country?: string;
  limit: number;
}

/**
 * A suggestion without its interest state: the partner's card summary, `score` as the ranking computed it (equal to
 * {@link scorePair}'s) and the reasons of {@link scorePair}.
 */
function suggestionOf(
  self: MatchProfile,
  p: MatchProfile,
  score: number,
  crossRegion: boolean,
): Omit<SuggestionDto, 'interest'> {
  const { reasons } = scorePair(self, p);
  return {
    score,
    crossRegion,
    reasons,
    district: {
      id: p.id,
      name: p.name,
      country: p.country,
      regionGroup: p.regionGroup,
      kind: p.kind,
      sectors: p.sectors,
      region: p.region,
      offers: p.offers.map((c) => ({ id: c.card.id, title: c.card.title })),
      requests: p.requests.map((c) => ({ id: c.card.id, title: c.card.title })),
    },
  };
}

/**
 * Ranks `self` against `candidates` by scoring every one (pure; the definition the indexed ranking
 * {@link rankIndexed} equals): hidden districts and `self` are left out, scope and filters applied, partners with
 * a score of 0 dropped; order {@link compareSuggestions} (cross-region first for `all`). Returns at most `limit`
 * items (interest states filled in by the caller).
 */
export function rankSuggestions(
  self: MatchProfile,
  candidates: readonly MatchProfile[],
  options: SuggestOptions,
): Array<Omit<SuggestionDto, 'interest'>> {
  const scored: Array<{ p: MatchProfile; score: number; crossRegion: boolean; id: string }> = [];
  for (const p of candidates) {
    if (p.id === self.id || p.hidden) continue;
    const crossRegion = p.regionGroup !== self.regionGroup;
    if (options.scope === 'cross' && !crossRegion) continue;
    if (options.scope === 'same' && crossRegion) continue;
    if (options.sector && !p.sectors.includes(options.sector)) continue;
    if (options.country && p.country !== options.country) continue;
    const { score } = scorePair(self, p);
    if (score <= 0) continue;
    scored.push({ p, score, crossRegion, id: p.id });
  }
  scored.sort((a, b) => compareSuggestions(a, b, options.scope === 'all'));
  return scored.slice(0, options.limit).map((s) => suggestionOf(self, s.p, s.score, s.crossRegion));
}

/**
 * The same list as {@link rankSuggestions} over the profiles of `index`, scoring card parts only for the
 * index's candidates and building reasons only for the `limit` returned (see `profileIndex.ts`).
 */
export function rankIndexed(
  self: MatchProfile,
  index: ProfileIndex,
  options: SuggestOptions,
): Array<Omit<SuggestionDto, 'interest'>> {
  return index.rank(self, options).map((r) => suggestionOf(self, r.profile, r.score, r.crossRegion));
}

/** Suggestions for a district of the workspace (see {@link rankIndexed}). */
export async function suggestionsFor(
  workspaceId: Types.ObjectId,
  district: MatchDistrictDoc,
  options: SuggestOptions,
): Promise<{ items: SuggestionDto[]; hidden: boolean }> {
  const profiles = await workspaceProfiles(workspaceId);
  const id = district._id.toHexString();
  const self = profiles.get(id) ?? matchProfileOf(district, false);
  const ranked = rankIndexed(self, profiles, options);
  const partnerIds = ranked.map((s) => new Types.ObjectId(s.district.id));
  const interests = partnerIds.length
    ? await Interest.find({
        workspaceId,
        state: 'active',
        $or: [
          { fromDistrictId: district._id, toDistrictId: mongoose.trusted({ $in: partnerIds }) },
          { toDistrictId: district._id, fromDistrictId: mongoose.trusted({ $in: partnerIds }) },
        ],
      })
        .lean<InterestDoc[]>()
        .exec()
    : [];
  const out = new Set(
    interests.filter((i) => i.fromDistrictId.equals(district._id)).map((i) => i.toDistrictId.toHexString()),
  );
  const inc = new Set(
    interests.filter((i) => i.toDistrictId.equals(district._id)).map((i) => i.fromDistrictId.toHexString()),
  );
  return {
    hidden: self.hidden,
    items: ranked.map((s) => ({
      ...s,
      interest: { outgoing: out.has(s.district.id), incoming: inc.has(s.district.id) },
    })),
  };
}

/** A district of the workspace with what matching needs (`not_found` otherwise). */
export async function matchDistrictIn(
  workspaceId: Types.ObjectId,
  districtId: string,
): Promise<MatchDistrictDoc & { representativeIds?: Types.ObjectId[] }> {
  const d = await District.findOne({ _id: districtId, workspaceIds: workspaceId }, MATCH_PROJECTION)
    .lean<MatchDistrictDoc & { representativeIds?: Types.ObjectId[] }>()
    .exec();
  if (!d) throw notFound('District');
  return d;
}

/** Districts of the workspace the user represents. */
export function districtsRepresentedBy(
  workspaceId: Types.ObjectId,
  userId: Types.ObjectId,
): Promise<Array<Pick<DistrictDoc, '_id' | 'name' | 'country' | 'regionGroup'>>> {
  return District.find(
    { workspaceIds: workspaceId, representativeIds: userId },
    { name: 1, country: 1, regionGroup: 1 },
  )
    .lean<Array<Pick<DistrictDoc, '_id' | 'name' | 'country' | 'regionGroup'>>>()
    .exec();
}

/** Sets the district's "hidden from suggestions" flag (atomic upsert of its setting). */
export async function setHidden(
  workspaceId: Types.ObjectId,
  districtId: Types.ObjectId,
  hidden: boolean,
  by: Types.ObjectId,
): Promise<void> {
  await upsertOnce(() =>
    MatchingSetting.updateOne(
      { workspaceId, districtId },
      { $set: { hidden, updatedAt: new Date(), updatedById: by } },
      { upsert: true },
    ).exec(),
  );
  profilesChanged(workspaceId.toHexString(), [districtId.toHexString()]);
}

const isDuplicateKey = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 11000;

/** Runs an upsert; when a parallel upsert inserted the same key first (E11000), runs it once more as an update. */
async function upsertOnce<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return op();
  }
}

/** The card an interest is about, checked against the profiles (`invalid` when it does not exist). */
export function aboutCard(
  about: InterestAbout | null | undefined,
  from: MatchDistrictDoc,
  to: MatchDistrictDoc,
): (InterestAbout & { title: string }) | null {
  if (!about) return null;
  const owner = about.owner === 'from' ? from : to;
  const cards = (about.side === 'offer' ? owner.offers : owner.requests) ?? [];
  const card = cards.find((c) => String(c.id) === about.cardId);
  if (!card) throw invalid(`No ${about.side} ${about.cardId} in the profile of ${owner.name}`);
  return { ...about, title: card.title };
}

/**
 * Expresses (or renews) `from`'s interest in `to`: one atomic upsert on the unique (workspace, from, to) key —
 * parallel calls store one record. Returns the stored interest and whether the opposite one is active.
 */
export async function expressInterest(input: {
  workspaceId: Types.ObjectId;
  fromDistrictId: Types.ObjectId;
  toDistrictId: Types.ObjectId;
  byUserId: Types.ObjectId;
  about: (InterestAbout & { title: string }) | null;
  note: string | null;
}): Promise<{ interest: InterestDoc; created: boolean; mutual: boolean }> {
  if (input.fromDistrictId.equals(input.toDistrictId))
    throw invalid('A district cannot be interested in itself');
  const now = new Date();
  const interest = await upsertOnce(() =>
    Interest.findOneAndUpdate(
      {
        workspaceId: input.workspaceId,
        fromDistrictId: input.fromDistrictId,
        toDistrictId: input.toDistrictId,
      },
      {
        $set: {
          state: 'active',
          about: input.about,
          note: input.note,
          byUserId: input.byUserId,
          updatedAt: now,
        },
        $setOnInsert: { createdAt: now },
      },
      { upsert: true, returnDocument: 'after' },
    )
      .lean<InterestDoc>()
      .exec(),
  );
  const mutual = Boolean(
    await Interest.exists({
      workspaceId: input.workspaceId,
      fromDistrictId: input.toDistrictId,
      toDistrictId: input.fromDistrictId,
      state: 'active',
    }),
  );
  return { interest, created: interest.createdAt.getTime() === now.getTime(), mutual };
}

export function findInterest(workspaceId: Types.ObjectId, interestId: string): Promise<InterestDoc | null> {
  return Interest.findOne({ _id: interestId, workspaceId }).lean<InterestDoc>().exec();
}

/**
 * Withdraws an active interest (atomic on `state: 'active'`; withdrawing twice → 409). Returns it and whether
 * the opposite interest is active (then a match ended).
 */
export async function withdrawInterest(
  workspaceId: Types.ObjectId,
  interestId: Types.ObjectId,
): Promise<{ interest: InterestDoc; mutual: boolean }> {
  const interest = await Interest.findOneAndUpdate(
    { _id: interestId, workspaceId, state: 'active' },
    { $set: { state: 'withdrawn', updatedAt: new Date() } },
    { returnDocument: 'after' },
  )
    .lean<InterestDoc>()
    .exec();
  if (!interest) throw conflict('This interest was already withdrawn');
  const mutual = Boolean(
    await Interest.exists({
      workspaceId,
      fromDistrictId: interest.toDistrictId,
      toDistrictId: interest.fromDistrictId,
      state: 'active',
    }),
  );
  return { interest, mutual };
}

/** Interests of a workspace, newest change first: all, or those from or to `districtIds`. */
export function listInterests(
  workspaceId: Types.ObjectId,
  districtIds: Types.ObjectId[] | null,
): Promise<InterestDoc[]> {
  const filter: Record<string, unknown> = { workspaceId };
  if (districtIds)
    filter.$or = [
      { fromDistrictId: mongoose.trusted({ $in: districtIds }) },
      { toDistrictId: mongoose.trusted({ $in: districtIds }) },
    ];
  return Interest.find(filter).sort({ updatedAt: -1, _id: 1 }).limit(1000).lean<InterestDoc[]>().exec();
}

/** Active interest pairs (`from|to`) among the given interests' pairs, to mark mutual ones. */
export async function activePairs(
  workspaceId: Types.ObjectId,
  interests: InterestDoc[],
): Promise<Set<string>> {
  const ids = [...new Set(interests.map((i) => i.toDistrictId.toHexString()))].map(
    (id) => new Types.ObjectId(id),
  );
  if (ids.length === 0) return new Set();
  const reverse = await Interest.find(
    { workspaceId, state: 'active', fromDistrictId: mongoose.trusted({ $in: ids }) },
    { fromDistrictId: 1, toDistrictId: 1 },
  )
    .lean<InterestDoc[]>()
    .exec();
  return new Set(reverse.map((r) => `${r.fromDistrictId.toHexString()}|${r.toDistrictId.toHexString()}`));
}

/** Name, country, group of districts by id (for presenting interests). */
export async function districtSummaries(ids: Types.ObjectId[]): Promise<Map<string, DistrictDoc>> {
  const unique = [...new Set(ids.map((i) => i.toHexString()))].map((i) => new Types.ObjectId(i));
  if (unique.length === 0) return new Map();
  const docs = await District.find(
    { _id: mongoose.trusted({ $in: unique }) },
    { name: 1, country: 1, regionGroup: 1, representativeIds: 1 },
  )
    .lean<DistrictDoc[]>()
    .exec();
  return new Map(docs.map((d) => [d._id.toHexString(), d]));
}
