/**
 * Collation → comparison function. MongoDB's collation documents (ICU options) are mapped onto
 * `Intl.Collator` (Node's ICU). Shared by the query sorter/matcher and by B-tree indexes that carry a
 * collation (their keys are ordered, and unique keys compared, with the index's collator).
 */
import type { Document } from 'bson';
import type { StringCompare } from './values';

const ICU_COLLATION_KEYWORD: Record<string, string> = {
  phonebook: 'phonebk',
  dictionary: 'dict',
  traditional: 'trad',
  gb2312han: 'gb2312',
  big5han: 'big5han',
  pinyin: 'pinyin',
  stroke: 'stroke',
  unihan: 'unihan',
  zhuyin: 'zhuyin',
  search: 'search',
  standard: 'standard',
  eor: 'eor',
  compat: 'compat',
  emoji: 'emoji',
};

/** MongoDB's ICU locale id (`en_US`, `de@collation=phonebook`) as a BCP 47 tag for `Intl.Collator`. */
export function bcp47Locale(locale: string): string {
  const [base, keywords] = locale.split('@');
  let tag = base.replace(/_/g, '-');
  const co = /collation=(\w+)/.exec(keywords ?? '')?.[1];
  if (co) tag += `-u-co-${ICU_COLLATION_KEYWORD[co] ?? co}`;
  return tag;
}

/** `simple` (or none) → undefined; otherwise the spec with an `Intl` locale and strength 4/5 as 3. */
export function normalisedCollation(collation: Document | undefined): Document | undefined {
  if (!collation || typeof collation.locale !== 'string' || collation.locale === 'simple') return undefined;
  const strength = typeof collation.strength === 'number' ? Math.min(collation.strength, 3) : 3;
  return { ...collation, locale: bcp47Locale(collation.locale), strength };
}

const collatorCache = new Map<string, StringCompare>();

/**
 * The string comparison of a collation (undefined for none/`simple` = binary). Strength 1 → ICU primary
 * (`base`), 2 → secondary (`accent`), 3–5 → tertiary (`variant`); `caseLevel`, `caseFirst`,
 * `numericOrdering` and `alternate: "shifted"` map to the `Intl.Collator` options of the same meaning.
 */
export function collator(collation: Document | undefined): StringCompare | undefined {
  const c0 = normalisedCollation(collation);
  if (!c0) return undefined;
  const key = collationKey(c0);
  const cached = collatorCache.get(key);
  if (cached) return cached;
  const strength = c0.strength as number;
  let sensitivity: Intl.CollatorOptions['sensitivity'] =
    strength === 1 ? 'base' : strength === 2 ? 'accent' : 'variant';
  if (c0.caseLevel === true) sensitivity = strength === 1 ? 'case' : 'variant';
  const c = new Intl.Collator(c0.locale as string, {
    sensitivity,
    numeric: c0.numericOrdering === true,
    ignorePunctuation: c0.alternate === 'shifted',
    caseFirst: c0.caseFirst === 'upper' ? 'upper' : c0.caseFirst === 'lower' ? 'lower' : 'false',
  });
  const cmp: StringCompare = (a, b) => c.compare(a, b);
  if (collatorCache.size > 256) collatorCache.clear();
  collatorCache.set(key, cmp);
  return cmp;
}

/** Canonical text of a collation with MongoDB's defaults filled in ('' for simple). */
function collationKey(c0: Document | undefined): string {
  if (!c0) return '';
  return JSON.stringify([
    c0.locale,
    typeof c0.strength === 'number' ? c0.strength : 3,
    c0.caseLevel === true,
    c0.caseFirst ?? 'off',
    c0.numericOrdering === true,
    c0.alternate ?? 'non-ignorable',
    c0.maxVariable ?? 'punct',
    c0.backwards === true,
  ]);
}

/**
 * Do two collations order and compare strings the same way? (MongoDB uses an index for a query only when
 * the query's collation equals the index's; `simple` and none are the same.) Defaults are filled in, so
 * `{ locale: "es" }` equals `{ locale: "es", strength: 3 }`.
 */
export function sameCollation(a: Document | undefined, b: Document | undefined): boolean {
  return collationKey(normalisedCollation(a)) === collationKey(normalisedCollation(b));
}
