import * as snowball from 'snowball-stemmers';
import type { CooperationCard, DistrictKind, MatchReason, RegionGroup } from '@polos/shared';

/**
 * Partner scoring (issue 11), a pure function of two prepared profiles: no database, no clock, no corpus
 * statistics — the score of a pair depends on that pair only, so it is deterministic and explainable.
 *
 * Parts (points, caps) — each reason carries its points, the score is their sum (≤ 100):
 * - offer ↔ request text relevance, both directions: per (offer, request) pair 4 points per shared term
 *   (accent-folded, Snowball-stemmed in en/es/pt/fr) + 5 per shared NACE division of the two cards, capped at
 *   20 per pair; the best 2 pairs per direction count (max 80 before the total cap);
 * - a request's target countries contain the partner's country: 6 per request, best 2 per direction;
 * - shared profile sectors: 5 per NACE division, max 15;
 * - complementary sectors (same NACE section, or a value-chain pair of {@link VALUE_CHAIN}): 3 per pair, max 9;
 * - complementary kinds (cluster ↔ R&D body ↔ government ↔ technology park/agency): 6;
 * - similar size (member firms within a factor 3): up to 4.
 * Every part is a capped sum of non-negative per-card terms or a best-k of them, so adding an offer, a request,
 * a sector or a target country to either profile never lowers the pair's score (tested with fast-check).
 */

/** What scoring needs of a district (prepared once per profile revision). */
export interface MatchProfile {
  id: string;
  name: string;
  country: string;
  regionGroup: RegionGroup;
  kind: DistrictKind;
  sectors: string[];
  region: string;
  /** Member firms, when known. */
  firms: number | null;
  offers: PreparedCard[];
  requests: PreparedCard[];
  hidden: boolean;
}

/** A cooperation card with its text terms (stem key → the word as written). */
export interface PreparedCard {
  card: CooperationCard;
  terms: Map<string, string>;
}

// Function words of en/es/pt/fr that carry no topic (folded). Stems of these would match everything.
const STOP_WORDS = new Set(
  (
    'the and for with from into our their your this that these those are was were has have will can its of to in on ' +
    'by or an as at be we us not all any more other such also via per new los las del con para por una uno unos ' +
    'unas que sus nuestro nuestra nuestros nuestras entre sobre como mas sin desde hacia este esta estos estas ' +
    'ese esa son ser muy les des une pour avec dans sur par est sont nos notre leur leurs aux plus ces cette ' +
    'ainsi entre dos das nos nas num numa com pelo pela pelos pelas seu sua seus suas mais sem para ao aos ' +
    'servicio servicios service services servico servicos'
  ).split(' '),
);

const LANGUAGES = ['english', 'spanish', 'portuguese', 'french'] as const;
const stemmers = LANGUAGES.map((l) => snowball.newStemmer(l));
const stemCache = new Map<string, string>();

/** Lower case without accents (NFD, combining marks removed). */
export const foldText = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The term key of one folded word: the shortest of its Snowball stems in en/es/pt/fr (ties: alphabetical), so
 * "logistics", "logística" and "logistique" share `logist`. The language of a card is not recorded, hence all four.
 */
export function termKey(folded: string): string {
  let key = stemCache.get(folded);
  if (key !== undefined) return key;
  key = folded;
  for (const s of stemmers) {
    const stem = foldText(s.stem(folded));
    if (stem.length < key.length || (stem.length === key.length && stem < key)) key = stem;
  }
  if (stemCache.size < 200_000) stemCache.set(folded, key);
  return key;
}

/** Terms of a text: words of ≥ 3 letters that are not function words → their key, first spelling kept. */
export function termsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
    const folded = foldText(word);
    if (folded.length < 3 || STOP_WORDS.has(folded) || /^\d+$/.test(folded)) continue;
    const key = termKey(folded);
    if (key.length >= 3 && !out.has(key)) out.set(key, word.toLowerCase());
  }
  return out;
}

export const prepareCard = (card: CooperationCard): PreparedCard => ({
  card,
  terms: termsOf(`${card.title} ${card.description ?? ''}`),
});

/** Kinds that complement each other (unordered pairs). */
const COMPLEMENTARY_KINDS = new Set([
  'cluster|rd_organisation',
  'cluster|local_government',
  'cluster|technology_park',
  'cluster|agency',
  'local_government|rd_organisation',
  'rd_organisation|technology_park',
  'agency|rd_organisation',
]);
const kindMemo = new Map<string, Map<string, boolean>>();
/** Whether two kinds complement each other (memoised per ordered pair: asked for every ranked partner). */
export const kindsComplement = (a: DistrictKind, b: DistrictKind): boolean => {
  let row = kindMemo.get(a);
  if (!row) kindMemo.set(a, (row = new Map<string, boolean>()));
  let value = row.get(b);
  if (value === undefined) {
    value = COMPLEMENTARY_KINDS.has(a < b ? `${a}|${b}` : `${b}|${a}`);
    row.set(b, value);
  }
  return value;
};

/**
 * Value-chain neighbours among NACE Rev. 2 divisions (unordered): primary production → processing →
 * logistics/trade, and technology suppliers of manufacturing. Curated for the group's sectors.
 */
const VALUE_CHAIN = new Set(
  [
    ['01', '10'],
    ['01', '11'],
    ['03', '10'],
    ['02', '16'],
    ['02', '17'],
    ['10', '52'],
    ['10', '46'],
    ['11', '46'],
    ['01', '52'],
    ['03', '52'],
    ['10', '49'],
    ['13', '14'],
    ['14', '15'],
    ['20', '21'],
    ['20', '22'],
    ['24', '25'],
    ['25', '28'],
    ['26', '62'],
    ['27', '35'],
    ['28', '29'],
    ['29', '30'],
    ['29', '45'],
    ['49', '52'],
    ['50', '52'],
    ['51', '52'],
    ['55', '79'],
    ['56', '79'],
    ['61', '62'],
    ['62', '63'],
    ['62', '72'],
    ['72', '21'],
    ['72', '26'],
    ['07', '24'],
    ['35', '36'],
    ['38', '39'],
    ['41', '42'],
    ['42', '43'],
  ].map((p) => p.sort().join('|')),
);
// Section letter of a division code (the NACE Rev. 2 structure).
const SECTION_RANGES: Array<[number, string]> = [
  [3, 'A'],
  [9, 'B'],
  [33, 'C'],
  [35, 'D'],
  [39, 'E'],
  [43, 'F'],
  [47, 'G'],
  [53, 'H'],
  [56, 'I'],
  [63, 'J'],
  [66, 'K'],
  [68, 'L'],
  [75, 'M'],
  [82, 'N'],
  [84, 'O'],
  [85, 'P'],
  [88, 'Q'],
  [93, 'R'],
  [96, 'S'],
  [98, 'T'],
  [99, 'U'],
];
const sectionOf = (code: string): string | null => {
  const n = Number(code);
  if (!Number.isInteger(n)) return null;
  for (const [max, letter] of SECTION_RANGES) if (n <= max) return letter;
  return null;
};
// Memoised per ordered pair (a few hundred divisions at most): scoring asks it for every sector pair of every
// candidate.
const complementMemo = new Map<string, Map<string, boolean>>();
const sectorsComplement = (a: string, b: string): boolean => {
  let row = complementMemo.get(a);
  if (!row) {
    row = new Map();
    if (complementMemo.size < 1000) complementMemo.set(a, row);
  }
  let value = row.get(b);
  if (value === undefined) {
    value =
      a !== b &&
      (VALUE_CHAIN.has(a < b ? `${a}|${b}` : `${b}|${a}`) ||
        (sectionOf(a) !== null && sectionOf(a) === sectionOf(b)));
    if (row.size < 1000) row.set(b, value);
  }
  return value;
};

type OfferMatch = Extract<MatchReason, { kind: 'offerMatchesRequest' }>;

function offerMatches(
  offerer: MatchProfile,
  requester: MatchProfile,
  offerOwner: 'mine' | 'theirs',
): OfferMatch[] {
  const found: OfferMatch[] = [];
  for (const o of offerer.offers) {
    for (const r of requester.requests) {
      const terms: string[] = [];
      for (const [key, word] of r.terms) if (o.terms.has(key)) terms.push(word);
      const nace = r.card.sectors.filter((s) => o.card.sectors.includes(s));
      if (terms.length === 0 && nace.length === 0) continue;
      found.push({
        kind: 'offerMatchesRequest',
        offerOwner,
        offerId: o.card.id,
        offerTitle: o.card.title,
        requestId: r.card.id,
        requestTitle: r.card.title,
        terms: terms.sort(),
        nace: nace.sort(),
        points: Math.min(20, 4 * terms.length + 5 * nace.length),
      });
    }
  }
  // Best 2 (ties: offer id, then request id — deterministic).
  found.sort(
    (a, b) =>
      b.points - a.points || a.offerId.localeCompare(b.offerId) || a.requestId.localeCompare(b.requestId),
  );
  return found.slice(0, 2);
}

type CountryReason = Extract<MatchReason, { kind: 'requestTargetsCountry' }>;

function countryTargets(
  requester: MatchProfile,
  target: MatchProfile,
  owner: 'mine' | 'theirs',
): CountryReason[] {
  return requester.requests
    .filter((r) => r.card.targetCountries.includes(target.country))
    .map((r) => r.card)
    .sort((a, b) => a.id.localeCompare(b.id))
    .slice(0, 2)
    .map((c) => ({
      kind: 'requestTargetsCountry',
      requestOwner: owner,
      requestId: c.id,
      requestTitle: c.title,
      country: target.country,
      points: 6,
    }));
}

/**
 * The score of `theirs` as a partner for `mine` with its reasons (points > 0 only). Symmetric in value
 * (`score(a, b) === score(b, a)`), the reasons are worded from `mine`'s side.
 */
export function scorePair(
  mine: MatchProfile,
  theirs: MatchProfile,
): { score: number; reasons: MatchReason[] } {
  const reasons: MatchReason[] = [
    ...offerMatches(mine, theirs, 'mine'),
    ...offerMatches(theirs, mine, 'theirs'),
    ...countryTargets(mine, theirs, 'mine'),
    ...countryTargets(theirs, mine, 'theirs'),
  ];
  const shared = mine.sectors.filter((s) => theirs.sectors.includes(s)).sort();
  if (shared.length > 0)
    reasons.push({ kind: 'sharedSectors', nace: shared, points: Math.min(15, 5 * shared.length) });
  const pairs: Array<{ mine: string; theirs: string }> = [];
  for (const a of [...mine.sectors].sort())
    for (const b of [...theirs.sectors].sort())
      if (!shared.includes(a) && !shared.includes(b) && sectorsComplement(a, b))
        pairs.push({ mine: a, theirs: b });
  if (pairs.length > 0)
    reasons.push({
      kind: 'complementarySectors',
      pairs: pairs.slice(0, 3),
      points: Math.min(9, 3 * pairs.length),
    });
  if (kindsComplement(mine.kind, theirs.kind))
    reasons.push({ kind: 'complementaryKinds', mine: mine.kind, theirs: theirs.kind, points: 6 });
  if (mine.firms && theirs.firms && mine.firms > 0 && theirs.firms > 0) {
    const ratio = Math.abs(Math.log(mine.firms / theirs.firms)) / Math.log(3);
    const points = Math.round(4 * Math.max(0, 1 - ratio));
    if (points > 0)
      reasons.push({ kind: 'similarSize', myFirms: mine.firms, theirFirms: theirs.firms, points });
  }
  const raw = reasons.reduce((sum, r) => sum + r.points, 0);
  return { score: Math.min(100, raw), reasons };
}

/** Ranking order: cross-region first when asked, then score (high first), then id (stable for equal input). */
export function compareSuggestions(
  a: { score: number; crossRegion: boolean; id: string },
  b: { score: number; crossRegion: boolean; id: string },
  crossFirst: boolean,
): number {
  if (crossFirst && a.crossRegion !== b.crossRegion) return a.crossRegion ? -1 : 1;
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// — Score without reasons (ranking) —
// The same sums as scorePair, as numbers only: ranking thousands of partners needs the score of each, the reasons
// of the few it returns. `scorePoints(a, b) === scorePair(a, b).score` for every pair (property test in
// tests/server/features/matching/scoring.test.ts).

/** Points of the best 2 (offer of `offerer`, request of `requester`) pairs, as in {@link offerMatches}. */
function offerPoints(offerer: MatchProfile, requester: MatchProfile): number {
  let best1 = 0;
  let best2 = 0;
  for (const o of offerer.offers) {
    for (const r of requester.requests) {
      let terms = 0;
      for (const key of r.terms.keys()) if (o.terms.has(key)) terms += 1;
      let nace = 0;
      for (const s of r.card.sectors) if (o.card.sectors.includes(s)) nace += 1;
      if (terms === 0 && nace === 0) continue;
      const points = Math.min(20, 4 * terms + 5 * nace);
      if (points > best1) {
        best2 = best1;
        best1 = points;
      } else if (points > best2) best2 = points;
    }
  }
  return best1 + best2;
}

/** Points of `requester`'s requests targeting `target`'s country (6 each, best 2), as in {@link countryTargets}. */
function countryPoints(requester: MatchProfile, target: MatchProfile): number {
  let n = 0;
  for (const r of requester.requests) if (r.card.targetCountries.includes(target.country)) n += 1;
  return 6 * Math.min(2, n);
}

/** Upper bound of {@link profilePoints}: 15 + 9 + 6 + 4. */
export const MAX_PROFILE_POINTS = 34;

/**
 * Points of the parts that do not read cooperation cards: shared and complementary profile sectors,
 * complementary kinds, similar size (≤ {@link MAX_PROFILE_POINTS} in all). For a pair with no offer↔request match and no targeted
 * country this is the whole score.
 */
export function profilePoints(mine: MatchProfile, theirs: MatchProfile): number {
  let shared = 0;
  for (const s of mine.sectors) if (theirs.sectors.includes(s)) shared += 1;
  let points = shared > 0 ? Math.min(15, 5 * shared) : 0;
  // A pair (a, b) counts when a is not also theirs and b is not also mine (scorePair: neither is shared).
  let pairs = 0;
  for (const a of mine.sectors) {
    if (theirs.sectors.includes(a)) continue;
    for (const b of theirs.sectors) if (!mine.sectors.includes(b) && sectorsComplement(a, b)) pairs += 1;
  }
  if (pairs > 0) points += Math.min(9, 3 * pairs);
  if (kindsComplement(mine.kind, theirs.kind)) points += 6;
  if (mine.firms && theirs.firms && mine.firms > 0 && theirs.firms > 0) {
    const ratio = Math.abs(Math.log(mine.firms / theirs.firms)) / Math.log(3);
    points += Math.round(4 * Math.max(0, 1 - ratio));
  }
  return points;
}

/**
 * The score of {@link scorePair} without building its reasons. `cards` false skips the offer↔request and
 * target-country parts — exact when the pair has no shared card term, no shared card sector and no targeted
 * country (what the candidate index of `profileIndex.ts` decides).
 */
export function scorePoints(mine: MatchProfile, theirs: MatchProfile, cards = true): number {
  let raw = profilePoints(mine, theirs);
  if (cards)
    raw +=
      offerPoints(mine, theirs) +
      offerPoints(theirs, mine) +
      countryPoints(mine, theirs) +
      countryPoints(theirs, mine);
  return Math.min(100, raw);
}
