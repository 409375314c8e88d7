/**
 * Text search (MongoDB text index version 3): tokenizer, stop words, Snowball stemmers, an inverted index
 * with per-document term scores, and `$search` parsing (terms, "phrases", -negations).
 *
 * A token goes through mongod's steps (`fts_unicode_tokenizer.cpp`): lower-cased (diacritics kept) →
 * stop-word check → Snowball stem of the word *with* its diacritics (the stemmers' suffix rules are
 * written with them: "internacionalización" → "internacionaliz") → diacritics removed (v3 is
 * diacritic-insensitive: "Bogotá" and "Bogota" both index as "bogot"). Stemmers: english (Porter2),
 * spanish, portuguese, french from the `snowball-stemmers` package (the Snowball project's algorithms,
 * the ones mongod's libstemmer runs); `none` = no stop words, no stemming.
 *
 * Score of a document for a term, per field (mongod's `FTSSpec::scoreString`): the n-th occurrence adds
 * 1/2^(n-1) to `freq`, and `score = weight × freq × (0.5 × count / tokensInField + 0.5)`; fields add up,
 * and a query's score is the sum over its distinct terms.
 */
import type { Document } from 'bson';
import { newStemmer } from 'snowball-stemmers';
import type { IndexSpec } from '../types';
import { isPlainObject, pathValues } from './values';

const STOP: Record<string, Set<string>> = {
  english: new Set(
    'a an and are as at be but by for from has have he her his i if in into is it its me my no not of on or our she so than that the their them then there these they this to was we were what when which who will with you your'.split(
      ' ',
    ),
  ),
  spanish: new Set(
    'a al algo como con de del el ella en entre es esta este esto ha la las le lo los mas me mi no o para pero por que se si sin sobre su sus te tu un una uno y ya yo'.split(
      ' ',
    ),
  ),
  portuguese: new Set(
    'a ao aos as com como da das de do dos e ela ele em entre era essa esse esta este eu foi ha isso mais mas me meu na nao nas no nos o os ou para pela pelo por que se sem seu sua um uma'.split(
      ' ',
    ),
  ),
  french: new Set(
    'a au aux avec ce ces dans de des du elle en est et il ils je la le les leur lui ma mais me mes mon ne nous on ou par pas pour qu que qui sa se ses son sur ta te tes ton tu un une vous y'.split(
      ' ',
    ),
  ),
};

const LANG_ALIASES: Record<string, string> = {
  en: 'english',
  english: 'english',
  es: 'spanish',
  spanish: 'spanish',
  pt: 'portuguese',
  portuguese: 'portuguese',
  fr: 'french',
  french: 'french',
  none: 'none',
};

export function normaliseLanguage(lang: unknown): string | undefined {
  if (typeof lang !== 'string') return undefined;
  return LANG_ALIASES[lang.toLowerCase()];
}

/** Case- and diacritic-folded form of a text (NFD, combining marks removed, lower case). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const STEMMED = new Set(['english', 'spanish', 'portuguese', 'french']);
/** Per-language memo of Snowball stems: texts repeat words, and a stem costs ~10 µs in this port. */
const stemCache = new Map<string, Map<string, string>>();
const stemmers = new Map<string, { stem(word: string): string }>();
const STEM_CACHE_MAX = 200_000;

function stem(word: string, lang: string): string {
  if (!STEMMED.has(lang)) return word;
  let cache = stemCache.get(lang);
  if (!cache) stemCache.set(lang, (cache = new Map<string, string>()));
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let stemmer = stemmers.get(lang);
  if (!stemmer) stemmers.set(lang, (stemmer = newStemmer(lang)));
  const out = stemmer.stem(word);
  if (cache.size >= STEM_CACHE_MAX) cache.clear();
  cache.set(word, out);
  return out;
}

const WORD_SPLIT = /[^\p{L}\p{N}\p{M}]+/u;

/** Lower-cased words of a text, diacritics kept (NFC), in order. */
function rawWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(WORD_SPLIT)
    .filter((w) => w.length > 0);
}

/** Words of a text, folded (no stop-word removal, no stemming); phrases are matched on these. */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Index terms of a text in `language`: stop words dropped, Snowball-stemmed, then diacritics folded. */
export function terms(text: string, language: string): string[] {
  const stop = STOP[language];
  const out: string[] = [];
  for (const w of rawWords(text)) {
    if (stop) {
      if (stop.has(w)) continue;
      const f = fold(w);
      if (f !== w && stop.has(f)) continue;
    }
    const t = fold(stem(w, language));
    if (t) out.push(t);
  }
  return out;
}

export interface ParsedSearch {
  terms: string[];
  phrases: string[];
  negTerms: string[];
  negPhrases: string[];
}

export function parseSearch(search: string, language: string): ParsedSearch {
  const out: ParsedSearch = { terms: [], phrases: [], negTerms: [], negPhrases: [] };
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(search)) !== null) {
    if (m[2] !== undefined) {
      const phrase = words(m[2]).join(' ');
      if (!phrase) continue;
      if (m[1]) out.negPhrases.push(phrase);
      else {
        out.phrases.push(phrase);
        out.terms.push(...terms(m[2], language));
      }
    } else if (m[3] !== undefined) {
      const tok = m[3];
      if (tok.startsWith('-') && tok.length > 1) out.negTerms.push(...terms(tok.slice(1), language));
      else out.terms.push(...terms(tok, language));
    }
  }
  out.terms = [...new Set(out.terms)];
  return out;
}

export class TextIndex {
  readonly kind = 'text';
  readonly weights: Map<string, number>;
  readonly wildcard: boolean;
  readonly defaultLanguage: string;
  readonly languageOverride: string;
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly docTerms = new Map<string, string[]>();

  constructor(readonly spec: IndexSpec) {
    const weights = isPlainObject(spec.weights) ? spec.weights : {};
    this.weights = new Map(Object.entries(weights).map(([k, v]) => [k, typeof v === 'number' ? v : 1]));
    this.wildcard = this.weights.has('$**');
    this.defaultLanguage = normaliseLanguage(spec.default_language) ?? 'english';
    this.languageOverride = typeof spec.language_override === 'string' ? spec.language_override : 'language';
  }

  docLanguage(doc: Document): string {
    return normaliseLanguage(doc[this.languageOverride]) ?? this.defaultLanguage;
  }

  /** Field texts with their weights. */
  fieldTexts(doc: Document): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    const collect = (v: unknown, w: number): void => {
      if (typeof v === 'string') out.push([v, w]);
      else if (Array.isArray(v)) for (const x of v) collect(x, w);
      else if (this.wildcard && isPlainObject(v)) for (const x of Object.values(v)) collect(x, w);
    };
    if (this.wildcard) {
      const w = this.weights.get('$**') ?? 1;
      for (const [k, v] of Object.entries(doc)) if (k !== '_id' && !this.weights.has(k)) collect(v, w);
    }
    for (const [path, w] of this.weights) {
      if (path === '$**') continue;
      for (const v of pathValues(doc, path)) collect(v, w);
    }
    return out;
  }

  add(id: string, doc: Document): void {
    const lang = this.docLanguage(doc);
    const scores = new Map<string, number>();
    for (const [text, w] of this.fieldTexts(doc)) {
      const ts = terms(text, lang);
      // mongod: the n-th occurrence of a term adds 1/2^(n-1); coefficient 0.5 × count / tokens + 0.5.
      const stats = new Map<string, { count: number; freq: number }>();
      for (const t of ts) {
        const st = stats.get(t);
        if (st) {
          st.freq += 1 / 2 ** st.count;
          st.count++;
        } else stats.set(t, { count: 1, freq: 1 });
      }
      for (const [t, st] of stats) {
        // a field that is exactly the term gets mongod's 10% boost
        const exact = text.length === t.length && text.toLowerCase() === t ? 1.1 : 1;
        const score = w * st.freq * ((0.5 * st.count) / ts.length + 0.5) * exact;
        scores.set(t, (scores.get(t) ?? 0) + score);
      }
    }
    if (scores.size === 0) return;
    for (const [t, s] of scores) {
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = new Map<string, number>()));
      p.set(id, s);
    }
    this.docTerms.set(id, [...scores.keys()]);
  }

  remove(id: string): void {
    const ts = this.docTerms.get(id);
    if (!ts) return;
    for (const t of ts) {
      const p = this.postings.get(t);
      if (!p) continue;
      p.delete(id);
      if (p.size === 0) this.postings.delete(t);
    }
    this.docTerms.delete(id);
  }

  clear(): void {
    this.postings.clear();
    this.docTerms.clear();
  }

  /** Matching ids with scores; `getDoc` is used for phrase and negated-phrase checks. */
  search(
    search: string,
    language: string | undefined,
    getDoc: (id: string) => Document | undefined,
  ): Map<string, number> {
    const lang = normaliseLanguage(language) ?? this.defaultLanguage;
    const q = parseSearch(search, lang);
    const result = new Map<string, number>();
    for (const t of q.terms) {
      const p = this.postings.get(t);
      if (!p) continue;
      for (const [id, s] of p) result.set(id, (result.get(id) ?? 0) + s);
    }
    const foldedText = (id: string): string => {
      const doc = getDoc(id);
      return doc
        ? ' ' +
            this.fieldTexts(doc)
              .map(([t]) => words(t).join(' '))
              .join(' | ') +
            ' '
        : '';
    };
    for (const id of [...result.keys()]) {
      if (q.negTerms.some((t) => this.postings.get(t)?.has(id))) {
        result.delete(id);
        continue;
      }
      if (q.phrases.length > 0 || q.negPhrases.length > 0) {
        const text = foldedText(id);
        const has = (ph: string): boolean => text.includes(' ' + ph + ' ');
        if (!q.phrases.every(has) || q.negPhrases.some(has)) result.delete(id);
      }
    }
    return result;
  }
}
