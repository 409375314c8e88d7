import type { MatchScope } from '@polos/shared';
import { compareSuggestions, MAX_PROFILE_POINTS, scorePoints, type MatchProfile } from './scoring';

/**
 * The prepared profiles of one workspace with an inverted index over their cooperation cards, so a ranking
 * reads the cards of only the partners that can match them (issue 11 benchmark: suggestions among 5,000
 * profiles).
 *
 * A pair's offer↔request part is non-zero only when an offer and a request share a term key or a card NACE
 * division, and its target-country part only when a request targets the other's country (`scoring.ts`). The
 * postings (term key / division → districts with an offer or a request that has it; country → districts in it
 * and districts with a request targeting it) give exactly the partners for which either part can be non-zero:
 * the candidates. Every other partner scores its profile parts alone (sectors, kinds, size:
 * `scorePoints(…, false)`), so the ranking equals the full scan of `rankSuggestions` (property test in
 * tests/server/features/matching/scoring.test.ts). Profiles are added, replaced and removed one at a time as
 * profile facts arrive (`matching.service.ts`).
 */

interface Entry {
  profile: MatchProfile;
  /** Position in `entries` (swap-remove). */
  pos: number;
  /** Equals the index's epoch while this entry is a candidate of the ranking in progress. */
  mark: number;
}

type PostingName = 'offerTerm' | 'requestTerm' | 'offerNace' | 'requestNace' | 'requestTarget' | 'country';

/** Filters of a ranking (as `SuggestOptions` of the service). */
export interface RankOptions {
  scope: MatchScope;
  sector?: string;
  country?: string;
  /** At most this many results (top-k). */
  limit: number;
}

/** One ranked partner: its prepared profile, the score (0–100) and whether it is in the other region group. */
export interface RankedPartner {
  profile: MatchProfile;
  score: number;
  crossRegion: boolean;
}

export class ProfileIndex {
  private readonly entries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private readonly postings: Record<PostingName, Map<string, Set<Entry>>> = {
    offerTerm: new Map(),
    requestTerm: new Map(),
    offerNace: new Map(),
    requestNace: new Map(),
    requestTarget: new Map(),
    country: new Map(),
  };
  private epoch = 0;

  constructor(profiles: Iterable<MatchProfile> = []) {
    for (const p of profiles) this.upsert(p);
  }

  /** Number of profiles. */
  get size(): number {
    return this.entries.length;
  }

  get(id: string): MatchProfile | undefined {
    return this.byId.get(id)?.profile;
  }

  /** Adds a profile, or replaces the one with its id. */
  upsert(profile: MatchProfile): void {
    this.remove(profile.id);
    const entry: Entry = { profile, pos: this.entries.length, mark: 0 };
    this.entries.push(entry);
    this.byId.set(profile.id, entry);
    this.eachKey(profile, (name, key) => {
      const map = this.postings[name];
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(entry);
    });
  }

  /** Removes the profile with this id (nothing when there is none). */
  remove(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    const last = this.entries.pop()!;
    if (last !== entry) {
      this.entries[entry.pos] = last;
      last.pos = entry.pos;
    }
    this.eachKey(entry.profile, (name, key) => {
      const map = this.postings[name];
      const set = map.get(key);
      if (!set) return;
      set.delete(entry);
      if (set.size === 0) map.delete(key);
    });
  }

  /** The posting keys of a profile (as the owner of the cards). */
  private eachKey(p: MatchProfile, visit: (name: PostingName, key: string) => void): void {
    visit('country', p.country);
    for (const o of p.offers) {
      for (const key of o.terms.keys()) visit('offerTerm', key);
      for (const s of o.card.sectors) visit('offerNace', s);
    }
    for (const r of p.requests) {
      for (const key of r.terms.keys()) visit('requestTerm', key);
      for (const s of r.card.sectors) visit('requestNace', s);
      for (const c of r.card.targetCountries) visit('requestTarget', c);
    }
  }

  /** Marks the entries whose card parts with `self` can be non-zero; returns them (each once). */
  private markCandidates(self: MatchProfile, epoch: number): Entry[] {
    const out: Entry[] = [];
    const mark = (set: Set<Entry> | undefined) => {
      if (set)
        for (const e of set)
          if (e.mark !== epoch) {
            e.mark = epoch;
            out.push(e);
          }
    };
    const p = this.postings;
    for (const o of self.offers) {
      for (const key of o.terms.keys()) mark(p.requestTerm.get(key));
      for (const s of o.card.sectors) mark(p.requestNace.get(s));
    }
    for (const r of self.requests) {
      for (const key of r.terms.keys()) mark(p.offerTerm.get(key));
      for (const s of r.card.sectors) mark(p.offerNace.get(s));
      for (const c of r.card.targetCountries) mark(p.country.get(c));
    }
    mark(p.requestTarget.get(self.country));
    return out;
  }

  /**
   * The best `limit` partners of `self` in the order of `rankSuggestions` (cross-region first for `all`, score,
   * id): `self` and hidden profiles left out, scope and filters applied, score 0 dropped. Synchronous (the
   * candidate marks are per call).
   */
  rank(self: MatchProfile, options: RankOptions): RankedPartner[] {
    const limit = Math.max(0, Math.floor(options.limit));
    if (limit === 0) return [];
    this.epoch += 1;
    const epoch = this.epoch;
    const candidates = this.markCandidates(self, epoch);
    const crossFirst = options.scope === 'all';
    // Sorted best first, at most `limit` long: insertion after a check against the worst (no per-partner
    // allocation for the many that do not enter).
    const top: Array<RankedPartner & { id: string }> = [];
    const consider = (entry: Entry, cards: boolean): void => {
      const p = entry.profile;
      if (p.hidden || p.id === self.id) return;
      const crossRegion = p.regionGroup !== self.regionGroup;
      if (options.scope === 'cross' && !crossRegion) return;
      if (options.scope === 'same' && crossRegion) return;
      if (options.sector && !p.sectors.includes(options.sector)) return;
      if (options.country && p.country !== options.country) return;
      const full = top.length === limit;
      // Without card parts a partner scores at most MAX_PROFILE_POINTS: skip it unscored when even that would
      // not enter (the list is full of better ones).
      if (
        !cards &&
        full &&
        compareSuggestions(
          { score: MAX_PROFILE_POINTS, crossRegion, id: p.id },
          top[limit - 1],
          crossFirst,
        ) >= 0
      )
        return;
      const score = scorePoints(self, p, cards);
      if (score <= 0) return;
      const item = { score, crossRegion, id: p.id };
      if (full && compareSuggestions(item, top[limit - 1], crossFirst) >= 0) return;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareSuggestions(top[mid], item, crossFirst) <= 0) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, { profile: p, score, crossRegion, id: p.id });
      if (top.length > limit) top.pop();
    };
    // Candidates first (they may score above MAX_PROFILE_POINTS), then the rest, most of which the bound skips.
    for (const entry of candidates) consider(entry, true);
    for (const entry of this.entries) if (entry.mark !== epoch) consider(entry, false);
    return top.map(({ profile, score, crossRegion }) => ({ profile, score, crossRegion }));
  }
}
