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

const NON_ASCII = /[\u0080-\uffff]/;

/** Case- and diacritic-folded form of a text (NFD, combining marks removed, lower case). */
export function fold(s: string): string {
  if (!NON_ASCII.test(s)) return s.toLowerCase();
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
  return (NON_ASCII.test(text) ? text.normalize('NFC') : text)
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
  /**
   * Term → (document ordinal → score). Documents are numbered as they are indexed ({@link ordinalOf}), so a
   * query sums scores into a dense array instead of a string-keyed map (the OR of a few common terms touches
   * tens of thousands of postings at 100k documents).
   */
  private readonly postings = new Map<string, Map<number, number>>();
  /** Postings of queried terms by score, descending (built on demand, dropped when the term changes). */
  private readonly byScore = new Map<string, Array<[number, number]>>();
  private readonly docTerms = new Map<string, string[]>();
  private readonly ordinalOf = new Map<string, number>();
  /** Ordinal → document id (`undefined` once removed; a re-indexed document gets a new ordinal). */
  private idOf: Array<string | undefined> = [];
  /** Scratch of {@link topK}: summed scores and the query that last touched each ordinal. */
  private acc = new Float64Array(0);
  private stamp = new Uint32Array(0);
  private query = 0;

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
    if (this.ordinalOf.has(id)) this.remove(id);
    const ord = this.idOf.length;
    this.idOf.push(id);
    this.ordinalOf.set(id, ord);
    for (const [t, s] of scores) {
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = new Map<number, number>()));
      p.set(ord, s);
      const sorted = this.byScore.get(t);
      if (sorted) sorted.splice(sortedIndex(sorted, s), 0, [ord, s]);
    }
    this.docTerms.set(id, [...scores.keys()]);
  }

  remove(id: string): void {
    const ts = this.docTerms.get(id);
    const ord = this.ordinalOf.get(id);
    if (!ts || ord === undefined) return;
    for (const t of ts) {
      const p = this.postings.get(t);
      if (!p) continue;
      const s = p.get(ord);
      p.delete(ord);
      if (p.size === 0) this.postings.delete(t);
      const sorted = this.byScore.get(t);
      if (sorted) {
        if (p.size === 0 || s === undefined) this.byScore.delete(t);
        else {
          // the run of equal scores ends just before sortedIndex(s)
          let i = sortedIndex(sorted, s) - 1;
          while (i >= 0 && sorted[i][1] === s && sorted[i][0] !== ord) i--;
          if (i >= 0 && sorted[i][0] !== ord) i = -1;
          if (i >= 0) sorted.splice(i, 1);
          else this.byScore.delete(t);
        }
      }
    }
    this.docTerms.delete(id);
    this.ordinalOf.delete(id);
    this.idOf[ord] = undefined;
  }

  clear(): void {
    this.byScore.clear();
    this.postings.clear();
    this.docTerms.clear();
    this.ordinalOf.clear();
    this.idOf = [];
  }

  /** `$search` parsed in `language` (or the index default), with the postings its terms use. */
  private prepare(search: string, language: string | undefined) {
    const lang = normaliseLanguage(language) ?? this.defaultLanguage;
    const q = parseSearch(search, lang);
    const terms: string[] = [];
    for (const t of q.terms) if (this.postings.has(t)) terms.push(t);
    const negs: Array<Map<number, number>> = [];
    for (const t of q.negTerms) {
      const p = this.postings.get(t);
      if (p) negs.push(p);
    }
    return { q, terms, negs };
  }

  /** A document (by ordinal) that has a query term passes the negations, the rest of the filter and the phrases. */
  private acceptor(
    q: ParsedSearch,
    negs: Array<Map<number, number>>,
    getDoc: (id: string) => Document | undefined,
    filter: { test(doc: Document): boolean } | null | undefined,
  ): (ord: number) => Document | undefined {
    const checkPhrases = q.phrases.length > 0 || q.negPhrases.length > 0;
    return (ord) => {
      if (negs.length && negs.some((p) => p.has(ord))) return undefined;
      const id = this.idOf[ord];
      const doc = id === undefined ? undefined : getDoc(id);
      if (!doc || (filter && !filter.test(doc))) return undefined;
      if (checkPhrases) {
        const text =
          ' ' +
          this.fieldTexts(doc)
            .map(([t]) => words(t).join(' '))
            .join(' | ') +
          ' ';
        const has = (ph: string): boolean => text.includes(' ' + ph + ' ');
        if (!q.phrases.every(has) || q.negPhrases.some(has)) return undefined;
      }
      return doc;
    };
  }

  /**
   * Matching documents with their scores, in posting order. `getDoc` resolves ids (the stored documents);
   * `filter` (the rest of the query) is tested once per matching document. Negated terms drop documents
   * through their postings; phrases and negated phrases are checked on the folded field texts.
   */
  search(
    search: string,
    language: string | undefined,
    getDoc: (id: string) => Document | undefined,
    filter?: { test(doc: Document): boolean } | null,
  ): Array<[Document, number]> {
    const { q, terms, negs } = this.prepare(search, language);
    if (terms.length === 0) return [];
    const lists = terms.map((t) => this.postings.get(t) as Map<number, number>);
    let scored: Map<number, number>;
    if (lists.length === 1) scored = lists[0];
    else {
      scored = new Map<number, number>();
      for (const p of lists) for (const [ord, s] of p) scored.set(ord, (scored.get(ord) ?? 0) + s);
    }
    const accept = this.acceptor(q, negs, getDoc, filter);
    const out: Array<[Document, number]> = [];
    for (const [ord, score] of scored) {
      const doc = accept(ord);
      if (doc) out.push([doc, score]);
    }
    return out;
  }

  /**
   * The `k` best matches, score descending (ties in the order met), for `$text` + sort by textScore +
   * limit. One term: its postings kept sorted by score are walked from the top until k documents pass
   * the negations, the filter and the phrases — a common term with a selective filter reads only about
   * k / selectivity postings. Several terms (an OR has to see all their postings): scores are summed into a
   * dense array indexed by document ordinal (no hashing), the touched documents are heapified by score, and
   * candidates leave the heap best first until k pass; the filter and phrase checks (the costly part) run only
   * on those.
   */
  topK(
    search: string,
    language: string | undefined,
    getDoc: (id: string) => Document | undefined,
    filter: { test(doc: Document): boolean } | null | undefined,
    k: number,
  ): Array<[Document, number]> {
    const { q, terms, negs } = this.prepare(search, language);
    if (terms.length === 0 || k <= 0) return [];
    const accept = this.acceptor(q, negs, getDoc, filter);
    const out: Array<[Document, number]> = [];
    if (terms.length === 1) {
      for (const [ord, score] of this.sortedPostings(terms[0])) {
        const doc = accept(ord);
        if (!doc) continue;
        out.push([doc, score]);
        if (out.length >= k) break;
      }
      return out;
    }
    const n = this.idOf.length;
    if (this.acc.length < n) {
      const size = Math.max(n, this.acc.length * 2, 1024);
      this.acc = new Float64Array(size);
      this.stamp = new Uint32Array(size);
      this.query = 0;
    }
    this.query = (this.query + 1) >>> 0 || 1; // 0 = never touched
    if (this.query === 1) this.stamp.fill(0);
    const { acc, stamp } = this;
    const stampNow = this.query;
    const touched: number[] = [];
    // Terms in query order, each posting list in insertion order: the same sums (and tie order) as a map.
    for (const t of terms)
      for (const [ord, s] of this.postings.get(t) as Map<number, number>) {
        if (stamp[ord] !== stampNow) {
          stamp[ord] = stampNow;
          acc[ord] = s;
          touched.push(ord);
        } else acc[ord] += s;
      }
    const scores = new Float64Array(touched.length);
    for (let i = 0; i < touched.length; i++) scores[i] = acc[touched[i]];
    const heap = new MaxHeap(scores);
    while (out.length < k && heap.size > 0) {
      const i = heap.pop();
      const doc = accept(touched[i]);
      if (doc) out.push([doc, scores[i]]);
    }
    return out;
  }

  private sortedPostings(term: string): Array<[number, number]> {
    let list = this.byScore.get(term);
    if (!list) {
      list = [...(this.postings.get(term) ?? [])];
      list.sort((a, b) => b[1] - a[1]);
      this.byScore.set(term, list);
    }
    return list;
  }
}

/** Position after every entry of `list` (score descending) scoring at least `score`. */
function sortedIndex(list: Array<[number, number]>, score: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid][1] >= score) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Max-heap of indexes into `scores` (heapified in O(n)); ties leave in index order (= posting order),
 * like a stable sort.
 */
class MaxHeap {
  private readonly h: Int32Array;
  private n: number;

  constructor(private readonly scores: ArrayLike<number>) {
    this.n = scores.length;
    this.h = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) this.h[i] = i;
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number {
    return this.n;
  }

  pop(): number {
    const h = this.h;
    const top = h[0];
    this.n--;
    if (this.n > 0) {
      h[0] = h[this.n];
      this.down(0);
    }
    return top;
  }

  private better(a: number, b: number): boolean {
    const sa = this.scores[a];
    const sb = this.scores[b];
    return sa > sb || (sa === sb && a < b);
  }

  private down(i: number): void {
    const h = this.h;
    const size = this.n;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && this.better(h[l], h[m])) m = l;
      if (r < size && this.better(h[r], h[m])) m = r;
      if (m === i) return;
      const t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
    }
  }
}
