import * as snowball from 'snowball-stemmers';
import type { SearchLanguage, SearchSnippet } from '@polos/shared';
import { parseMarkdown } from '@polos/shared/markdown';

/** MongoDB text-search language names of the UI languages (the `language` field of an entry, `$language`). */
export const TEXT_LANGUAGE: Record<SearchLanguage, string> = {
  en: 'english',
  es: 'spanish',
  pt: 'portuguese',
  fr: 'french',
};

/** The MongoDB language of a saved UI locale (unknown → Spanish, the group's most common language). */
export const textLanguageOf = (locale: string | null | undefined): string =>
  TEXT_LANGUAGE[locale as SearchLanguage] ?? 'spanish';

const stemmers = new Map<string, snowball.Stemmer>();
function stemmer(language: string): snowball.Stemmer {
  let s = stemmers.get(language);
  if (!s) stemmers.set(language, (s = snowball.newStemmer(language)));
  return s;
}

/** Case and accent folding as text indexes do it (NFD, combining marks removed, lower case). */
export const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const WORD = /[\p{L}\p{N}]+/gu;

/** Per-language memo of stem keys: result texts repeat words, and a Snowball stem costs ~10 µs in this port. */
const keyCache = new Map<string, Map<string, string>>();
const KEY_CACHE_MAX = 100_000;

/**
 * A word's stem key, as a MongoDB text index (version 3) stores it: the lower-cased word (NFC) stemmed by
 * Snowball in `language`, then folded. Used for highlighting and for the one-query search of {@link unionSearch}.
 */
export function stemKey(word: string, language: string): string {
  let cache = keyCache.get(language);
  if (!cache) keyCache.set(language, (cache = new Map<string, string>()));
  let key = cache.get(word);
  if (key === undefined) {
    key = fold(stemmer(language).stem(word.normalize('NFC').toLowerCase()));
    if (cache.size >= KEY_CACHE_MAX) cache.clear();
    cache.set(word, key);
  }
  return key;
}

/** Words as a text index tokenizes them (letters, digits and combining marks; everything else delimits). */
const INDEX_WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * One `$search` string, to be run with `$language: 'none'` (no stemming, no stop words), that matches what the
 * query matches when read in each of `languages` (the union): every word becomes its stem key in each language
 * (an entry is indexed by the stems of its own language, so the keys it shares with any reading match);
 * `-word` becomes `-key` for every key (an entry having any of them is excluded); a `"phrase"` is kept (MongoDB
 * checks it on the entry's text) with its words' keys beside it as terms. Stop words need no list: a word
 * that is a stop word in a language is never indexed for entries in that language, so its key matches only
 * entries whose language keeps it — as the per-language query did. Replaces four `$text` queries by one.
 * Shape: `'"cadena de valor" caden cadena valor -export'`.
 */
export function unionSearch(search: string, languages: readonly string[]): string {
  const out = new Set<string>();
  const keysOf = (text: string): string[] => {
    const keys = new Set<string>();
    for (const m of text.normalize('NFC').matchAll(INDEX_WORD))
      for (const l of languages) {
        const k = stemKey(m[0], l);
        if (k) keys.add(k);
      }
    return [...keys];
  };
  for (const m of search.matchAll(/(-?)"([^"]*)"?|(\S+)/g)) {
    if (m[2] !== undefined) {
      if (!m[2].trim()) continue;
      if (m[1]) out.add(`-"${m[2]}"`);
      else {
        out.add(`"${m[2]}"`);
        for (const k of keysOf(m[2])) out.add(k);
      }
    } else if (m[3].startsWith('-') && m[3].length > 1) {
      for (const k of keysOf(m[3].slice(1))) out.add(`-${k}`);
    } else for (const k of keysOf(m[3])) out.add(k);
  }
  return [...out].join(' ');
}

/**
 * The plain text of a post's Markdown (what the reader sees: link labels, code, list items; no markup), via the
 * post dialect's markdown-it tokens (`@polos/shared/markdown`).
 */
export function markdownText(body: string): string {
  const { tokens } = parseMarkdown(body);
  const out: string[] = [];
  for (const t of tokens) {
    if (t.type === 'inline') {
      for (const c of t.children ?? [])
        if (c.type === 'text' || c.type === 'code_inline') out.push(c.content);
        else if (c.type === 'softbreak' || c.type === 'hardbreak') out.push(' ');
      out.push('\n');
    } else if (t.type === 'code_block' || t.type === 'fence') out.push(t.content, '\n');
  }
  return out
    .join('')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/**
 * The words to highlight for a `$search` string: every term except negated ones and the quote marks, as stem
 * keys in the query's language. A text word is highlighted when its key — in the query's or the entry's
 * language — is one of them, so highlighting agrees with what the text index matched.
 */
export function queryKeys(search: string, language: string): Set<string> {
  const keys = new Set<string>();
  for (const token of search.split(/\s+/)) {
    if (token.startsWith('-')) continue;
    for (const m of token.matchAll(WORD)) keys.add(stemKey(m[0], language));
  }
  return keys;
}

/** `[start, end)` ranges of the words of `text` whose key is in `keys`. */
export function matchRanges(
  text: string,
  keys: ReadonlySet<string>,
  languages: readonly string[],
): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (keys.size === 0) return ranges;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    if (languages.some((l) => keys.has(stemKey(m[0], l)))) ranges.push([start, start + m[0].length]);
  }
  return ranges;
}

/** Characters of context in a snippet. */
export const SNIPPET_LENGTH = 180;

/**
 * An excerpt of `text` around its first highlighted range (or its start), cut at word boundaries, with the
 * ranges inside it shifted to the excerpt's offsets.
 */
export function snippetOf(text: string, ranges: ReadonlyArray<[number, number]>): SearchSnippet {
  const flat = text.replace(/\s+/g, ' ');
  // Whitespace collapsing keeps lengths only when each run is one character: recompute ranges on `flat`.
  const shift = (i: number) => text.slice(0, i).replace(/\s+/g, ' ').length;
  const mapped = flat === text ? ranges : ranges.map(([s, e]): [number, number] => [shift(s), shift(e)]);
  if (flat.length <= SNIPPET_LENGTH) {
    return { text: flat, highlights: [...mapped], truncatedStart: false, truncatedEnd: false };
  }
  const first = mapped[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(SNIPPET_LENGTH / 3));
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(flat.length, start + SNIPPET_LENGTH);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > start && space >= (mapped.find(([s]) => s >= start)?.[1] ?? 0)) end = space;
  }
  return {
    text: flat.slice(start, end),
    highlights: mapped
      .filter(([s, e]) => s >= start && e <= end)
      .map(([s, e]): [number, number] => [s - start, e - start]),
    truncatedStart: start > 0,
    truncatedEnd: end < flat.length,
  };
}
