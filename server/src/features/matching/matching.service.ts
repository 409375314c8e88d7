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

// — The prepared profiles of a workspace, cached —
// Preparing (tokenising, stemming) 5,000 profiles takes far longer than scoring them, so each process keeps
// the workspace's prepared profiles; a profile change or import (bus events) drops them, and they live at most
// CACHE_TTL_MS so a change made through another process shows within that time.

const CACHE_TTL_MS = 10_000;
interface WorkspaceProfiles {
  at: number;
  list: MatchProfile[];
  byId: Map<string, MatchProfile>;
}
const cache = new Map<string, Promise<WorkspaceProfiles>>();
const cacheTime = new Map<string, number>();

/** Forgets the prepared profiles of a workspace (all workspaces without an argument). */
export function invalidateProfiles(workspaceId?: string): void {
  if (workspaceId === undefined) {
    cache.clear();
    cacheTime.clear();
  } else {
    cache.delete(workspaceId);
    cacheTime.delete(workspaceId);
  }
}

async function loadProfiles(workspaceId: Types.ObjectId): Promise<WorkspaceProfiles> {
  const [docs, hidden] = await Promise.all([
    District.find({ workspaceIds: workspaceId }, MATCH_PROJECTION).lean<MatchDistrictDoc[]>().exec(),
    MatchingSetting.find({ workspaceId, hidden: true }, { districtId: 1 })
      .lean<Array<{ districtId: Types.ObjectId }>>()
      .exec(),
  ]);
  const hiddenIds = new Set(hidden.map((h) => h.districtId.toHexString()));
  const list = docs.map((d) => matchProfileOf(d, hiddenIds.has(d._id.toHexString())));
  list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { at: Date.now(), list, byId: new Map(list.map((p) => [p.id, p])) };
}

function workspaceProfiles(workspaceId: Types.ObjectId): Promise<WorkspaceProfiles> {
  const key = workspaceId.toHexString();
  const at = cacheTime.get(key);
  const entry = cache.get(key);
  if (entry && at !== undefined && Date.now() - at <= CACHE_TTL_MS) return entry;
  const next = loadProfiles(workspaceId);
  const stamp = Date.now();
  cacheTime.set(key, stamp);
  next.catch(() => invalidateProfiles(key));
  if (!entry) {
    cache.set(key, next);
    return next;
  }
  // Expired (not invalidated): answer from the previous profiles while the new ones load (stale while
  // revalidate), so no request waits for the reload of thousands of profiles.
  void next.then(
    (loaded) => {
      // Not if the workspace was invalidated (or reloaded) meanwhile.
      if (cacheTime.get(key) === stamp) cache.set(key, Promise.resolve(loaded));
    },
    () => undefined,
  );
  return entry;
}

/** Filters of a suggestion list. */
export interface SuggestOptions {
  scope: MatchScope;
  sector?: string;
  country?: string;
  limit: number;
}

/**
 * Ranks `self` against `candidates` (pure): hidden districts and `self` are left out, scope and filters
 * applied, partners with a score of 0 dropped; order {@link compareSuggestions} (cross-region first for
 * `all`). Returns at most `limit` items (interest states filled in by the caller).
 */
export function rankSuggestions(
  self: MatchProfile,
  candidates: readonly MatchProfile[],
  options: SuggestOptions,
): Array<Omit<SuggestionDto, 'interest'>> {
  const scored: Array<Omit<SuggestionDto, 'interest'> & { id: string }> = [];
  for (const p of candidates) {
    if (p.id === self.id || p.hidden) continue;
    const crossRegion = p.regionGroup !== self.regionGroup;
    if (options.scope === 'cross' && !crossRegion) continue;
    if (options.scope === 'same' && crossRegion) continue;
    if (options.sector && !p.sectors.includes(options.sector)) continue;
    if (options.country && p.country !== options.country) continue;
    const { score, reasons } = scorePair(self, p);
    if (score <= 0) continue;
    scored.push({
      id: p.id,
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
    });
  }
  scored.sort((a, b) => compareSuggestions(a, b, options.scope === 'all'));
  return scored.slice(0, options.limit).map(({ id: _id, ...rest }) => rest);
}

/** Suggestions for a district of the workspace (see {@link rankSuggestions}). */
export async function suggestionsFor(
  workspaceId: Types.ObjectId,
  district: MatchDistrictDoc,
  options: SuggestOptions,
): Promise<{ items: SuggestionDto[]; hidden: boolean }> {
  const profiles = await workspaceProfiles(workspaceId);
  const id = district._id.toHexString();
  const self = profiles.byId.get(id) ?? matchProfileOf(district, false);
  const ranked = rankSuggestions(self, profiles.list, options);
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
  invalidateProfiles(workspaceId.toHexString());
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
