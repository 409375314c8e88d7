/**
 * Text search: tokenizer with case + accent folding, light stop-word lists and suffix stripping for
 * English, Spanish, Portuguese and French, an inverted index, and `$search` parsing (terms, "phrases",
 * -negations). Scores are weight * (1 + ln(freq)) summed over matched terms and fields.
 */
import type { Document } from 'bson';
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

export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function stem(word: string, lang: string): string {
  if (lang === 'none' || word.length <= 3 || /^\d+$/.test(word)) return word;
  if (lang === 'english') {
    if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
    if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
    if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
    if (/(ss|us|is)$/.test(word)) return word;
    if (/(ches|shes|xes|zes|sses)$/.test(word)) return word.slice(0, -2);
    if (word.endsWith('s')) return word.slice(0, -1);
    return word;
  }
  // es / pt / fr: plural stripping only
  if (word.endsWith('es') && word.length > 4 && lang !== 'french') return word.slice(0, -2);
  if (word.endsWith('s') || (lang === 'french' && word.endsWith('x'))) return word.slice(0, -1);
  return word;
}

/** Words of a text, folded (no stop-word removal, no stemming). */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

export function terms(text: string, language: string): string[] {
  const stop = STOP[language];
  const out: string[] = [];
  for (const w of words(text)) {
    if (stop?.has(w)) continue;
    out.push(stem(w, language));
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
      const freq = new Map<string, number>();
      for (const t of terms(text, lang)) freq.set(t, (freq.get(t) ?? 0) + 1);
      for (const [t, f] of freq) scores.set(t, (scores.get(t) ?? 0) + w * (1 + Math.log(f)));
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
