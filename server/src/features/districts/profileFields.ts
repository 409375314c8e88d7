/**
 * Reading district documents as profiles, and the fields derived from a profile on every write (region group,
 * folded name and search text, completeness, sort keys). Pure functions.
 */
import {
  EMPTY_PROFILE,
  PROFILE_FIELDS,
  profileCompleteness,
  regionGroupOf,
  type DistrictKind,
  type DistrictProfileFields,
  type ProfileField,
  type RegionGroup,
} from '@polos/shared';

/** Lower case without accents or other combining marks ("Pôle Mer" → "pole mer"). */
export const foldText = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Folded words (letters and digits) of a text. */
export const foldedWords = (s: string): string[] =>
  foldText(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);

/** The profile fields of a stored district (documents from before issue 10 get the empty defaults). */
export function profileOf(d: {
  name: string;
  kind: DistrictKind;
  country: string;
  region: string;
}): DistrictProfileFields {
  const p = { ...EMPTY_PROFILE, name: d.name, kind: d.kind, country: d.country, region: d.region } as Record<
    string,
    unknown
  >;
  for (const f of PROFILE_FIELDS) {
    const v = (d as unknown as Record<string, unknown>)[f];
    if (v !== undefined) p[f] = v;
  }
  return p as DistrictProfileFields;
}

/** Values of `fields` of a profile (for revisions and conflicts). */
export function pickFields(
  p: DistrictProfileFields,
  fields: readonly ProfileField[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = p[f];
  return out;
}

/** Stable JSON (object keys sorted): equal values give equal strings whatever the key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export const sameValue = (a: unknown, b: unknown): boolean => canonical(a ?? null) === canonical(b ?? null);

/**
 * Lengths of the word prefixes stored in `searchKeys` (the indexed side of the directory's text filter): a query
 * word of at least {@link SEARCH_KEY_MIN} letters is looked up by its first (up to) {@link SEARCH_KEY_MAX}
 * letters in the multikey index; longer words and shorter ones are then checked on `searchText`.
 */
export const SEARCH_KEY_MIN = 3;
export const SEARCH_KEY_MAX = 6;

/** The `searchKeys` of folded words: every prefix of 3..6 letters (a word of 3..6 letters is its own key). */
export function searchKeysOf(words: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const w of words)
    for (let n = SEARCH_KEY_MIN; n <= Math.min(w.length, SEARCH_KEY_MAX); n += 1) keys.add(w.slice(0, n));
  return [...keys];
}

/** The index key of a folded query word, or null when it is too short to be looked up by prefix. */
export const searchKeyOf = (word: string): string | null =>
  word.length >= SEARCH_KEY_MIN ? word.slice(0, SEARCH_KEY_MAX) : null;

/** Stored fields derived from the profile (never written by users). */
export interface DerivedFields {
  regionGroup: RegionGroup;
  nameKey: string;
  searchText: string;
  /** Folded word prefixes of `searchText` ({@link searchKeysOf}), multikey-indexed. */
  searchKeys: string[];
  complete: boolean;
  completenessPercent: number;
  sortFirms: number;
  sortEmployees: number;
}

export function derivedOf(p: DistrictProfileFields): DerivedFields {
  const texts = [
    p.name,
    p.localDesignation ?? '',
    p.specialisation ?? '',
    ...p.offers.flatMap((c) => [c.title, c.description ?? '']),
    ...p.requests.flatMap((c) => [c.title, c.description ?? '']),
  ];
  const words = [...new Set(foldedWords(texts.join(' ')))];
  const completeness = profileCompleteness(p);
  return {
    regionGroup: regionGroupOf(p.country),
    nameKey: foldText(p.name),
    searchText: ` ${words.join(' ')} `,
    searchKeys: searchKeysOf(words),
    complete: completeness.complete,
    completenessPercent: completeness.percent,
    sortFirms: p.members?.firms ?? -1,
    sortEmployees: p.employees ?? -1,
  };
}
