/**
 * Query planning and execution over one collection. The planner picks an index from the filter's
 * top-level (and top-level `$and`) equality / `$in` / range conditions on a prefix of the index key and
 * returns candidate documents (a superset); mingo then tests each candidate against the full filter.
 * When the chosen index slice is already in the requested sort order, sort+limit stops early.
 */
import { Aggregator, Query } from './mingo';
import type { CollationSpec } from 'mingo/types';
import { BSONRegExp, ObjectId } from 'bson';
import type { Document } from 'bson';
import { normaliseLanguage, parseSearch } from './text';
import { EngineError, badValue } from '../errors';
import { checkFilter } from '../commands/validate';
import { matchesSchema } from './jsonschema';
import type { BTreeIndex } from './btree';
import { HIGH, LOW } from './btree';
import type { Collection } from './collection';
import type { Pos } from './sortedlist';
import {
  MINGO_BASE,
  RankBound,
  compareValues,
  isPlainObject,
  pathValues,
  renderValue,
  sortValue,
  typeRank,
  valueKey,
} from './values';
import type { StringCompare } from './values';
import { bcp47Locale, collator, normalisedCollation, sameCollation } from './collation';

export { bcp47Locale, collator };

export interface FindSpec {
  filter?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  collation?: Document;
  let?: Document;
}

export interface FindResult {
  docs: Document[];
  scores?: Map<Document, number>;
}

interface FieldCond {
  points?: unknown[];
  lo?: unknown;
  hi?: unknown;
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

function isOperatorObject(v: unknown): v is Document {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function isRegex(v: unknown): boolean {
  return v instanceof RegExp || v instanceof BSONRegExp;
}

function eqPoints(v: unknown): unknown[] | undefined {
  if (isRegex(v)) return undefined;
  if (Array.isArray(v)) return [v, v.length ? (v[0] as unknown) : undefined];
  return [v];
}

function fieldCond(v: unknown): FieldCond | undefined {
  if (!isOperatorObject(v)) return eqPoints(v) ? { points: eqPoints(v) as unknown[] } : undefined;
  if ('$eq' in v) {
    const p = eqPoints(v.$eq);
    if (p) return { points: p };
  }
  if ('$in' in v && Array.isArray(v.$in)) {
    const vals = v.$in as unknown[];
    if (vals.some(isRegex)) return undefined;
    const points: unknown[] = [];
    for (const x of vals) points.push(...(eqPoints(x) ?? []));
    return { points };
  }
  const c: FieldCond = {};
  for (const [op, val] of Object.entries(v)) {
    if (!RANGE_OPS.has(op)) continue;
    const r = typeRank(val);
    if (r === 5 || r === 6 || r === 2 || r === 1 || r === 14) return undefined;
    if (op === '$gt' || op === '$gte') c.lo = val;
    else c.hi = val;
  }
  if (c.lo === undefined && c.hi === undefined) return undefined;
  if (c.lo === undefined) c.lo = new RankBound(typeRank(c.hi), false);
  if (c.hi === undefined) c.hi = new RankBound(typeRank(c.lo), true);
  return c;
}

function collectConds(filter: Document, out: Map<string, FieldCond>): void {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) collectConds(sub, out);
      continue;
    }
    if (k.startsWith('$') || out.has(k)) continue;
    const c = fieldCond(v);
    if (c) out.set(k, c);
  }
}

interface Plan {
  ids: Iterable<string>;
  ordered: boolean;
  /** The index scanned (undefined with `idHack`: an `_id` point lookup in the document map). */
  index?: BTreeIndex;
  idHack?: boolean;
  /** Scan direction over `index` (-1 = backward, for a sort served in reverse). */
  direction?: 1 | -1;
  /**
   * Equalities every candidate satisfies by construction (`[path, value]`): a single-point bound of the
   * scanned index on a string, ObjectId or boolean, compared binary (the index has no collation). A
   * top-level condition `path: value` (or `$eq`, or `$in` of that one value) need not be tested again.
   */
  covered?: Array<[string, unknown]>;
}

function sortKeys(sort: Document | undefined): Array<[string, number]> {
  if (!sort) return [];
  return Object.entries(sort).map(([k, v]) => [k, isPlainObject(v) ? 0 : Number(v) < 0 ? -1 : 1]);
}

/** Does iterating this index (after `eqCount` fixed fields) yield `sort` order? Returns direction. */
function sortDirection(
  ix: BTreeIndex,
  eqFields: Set<string>,
  eqCount: number,
  sort: Array<[string, number]>,
): 1 | -1 | 0 {
  const rest = sort.filter(([k]) => !eqFields.has(k));
  if (rest.length === 0) return 1;
  if (rest.length > ix.fields.length - eqCount) return 0;
  let dir: 1 | -1 | 0 = 0;
  for (let i = 0; i < rest.length; i++) {
    const [k, d] = rest[i];
    const f = ix.fields[eqCount + i];
    if (!f || f.path !== k || d === 0) return 0;
    const this_ = d === f.dir ? 1 : -1;
    if (dir === 0) dir = this_;
    else if (dir !== this_) return 0;
  }
  return dir;
}

function* iterSlices(ix: BTreeIndex, slices: Array<[Pos, Pos]>, reverse: boolean): Generator<string> {
  const multi = slices.length > 1 || ix.multikeyPossible;
  const seen = multi ? new Set<string>() : null;
  const list = reverse ? [...slices].reverse() : slices;
  for (const [s, e] of list) {
    for (const entry of ix.entries.between(s, e, reverse)) {
      const id = entry.id;
      if (seen) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      yield id;
    }
  }
}

/**
 * Chooses an index for `filter` (+ `sort`) under the query's `collation`: only indexes whose collation
 * equals the query's are candidates (MongoDB's rule; none/`simple` match indexes without a collation). On
 * a collated index a string range bound is not used (the filter's range operators compare binary here),
 * so the slice is always a superset of the matches. Returns null for a collection scan.
 */
export function plan(
  coll: Collection,
  filter: Document,
  sort: Document | undefined,
  collation: Document | undefined,
): Plan | null {
  const conds = new Map<string, FieldCond>();
  collectConds(filter, conds);
  const idCond = conds.get('_id');
  const sk = sortKeys(sort);
  const simpleQuery = sameCollation(collation, undefined);
  // `_id_` has no collation: under another collation it serves only points without strings.
  if (idCond?.points && (simpleQuery || idCond.points.every(withoutStrings))) {
    const ids = idCond.points.map((p) => valueKey(p));
    return { ids: new Set(ids), ordered: ids.length <= 1, idHack: true };
  }
  let best: { ix: BTreeIndex; score: number; eq: unknown[][]; range?: FieldCond; dir: 1 | -1 | 0 } | null =
    null;
  for (const ix of coll.btrees()) {
    if (ix.partial || ix.spec.hidden === true) continue;
    // Another collation than the query's: usable only for bounds without strings, never for the sort.
    const sameColl = sameCollation(ix.spec.collation, collation);
    const eq: unknown[][] = [];
    let range: FieldCond | undefined;
    for (const f of ix.fields) {
      const c = conds.get(f.path);
      if (!c) break;
      if (c.points) {
        if (ix.sparse && c.points.some((p) => p === null || p === undefined)) break;
        if (!sameColl && !c.points.every(withoutStrings)) break;
        eq.push(c.points);
        continue;
      }
      if ((!sameColl || ix.collator) && (typeof c.lo === 'string' || typeof c.hi === 'string')) break;
      range = c;
      break;
    }
    const singlePoint = eq.every((p) => p.length === 1);
    const eqFields = new Set(ix.fields.slice(0, eq.length).map((f) => f.path));
    const dir = !sameColl
      ? 0
      : sk.length > 0 && singlePoint && !range
        ? sortDirection(ix, eqFields, eq.length, sk)
        : range && singlePoint
          ? sortDirection(ix, eqFields, eq.length, sk)
          : 0;
    let score = eq.length * 10 + (range ? 5 : 0);
    if (score === 0) {
      if (sk.length === 0 || ix.sparse || dir === 0) continue;
      score = 1;
    }
    if (ix.unique && eq.length === ix.fields.length) score += 100;
    if (dir !== 0) score += 3;
    if (!best || score > best.score) best = { ix, score, eq, ...(range ? { range } : {}), dir };
  }
  if (!best) return null;
  const { ix, eq, range, dir } = best;
  let combos: unknown[][] = [[]];
  for (const points of eq) {
    const next: unknown[][] = [];
    for (const c of combos) for (const p of points) next.push([...c, p]);
    combos = next;
    if (combos.length > 5000) return null;
  }
  if (!range && eq.length === ix.fields.length && ix.isHashed) {
    const ids = new Set<string>();
    for (const c of combos) {
      const id = ix.exact(c);
      if (id !== undefined) ids.add(id);
    }
    return { ids, ordered: combos.length <= 1, index: ix, direction: 1 };
  }
  const slices: Array<[Pos, Pos]> = [];
  for (const c of combos) {
    if (range) {
      const f = ix.fields[eq.length];
      const [a, b] = f && f.dir === -1 ? [range.hi, range.lo] : [range.lo, range.hi];
      slices.push(ix.range([...c, a], [...c, b]));
    } else if (c.length === 0) slices.push([ix.entries.start(), ix.entries.end()]);
    else slices.push(ix.range(c, c));
  }
  const covered: Array<[string, unknown]> = [];
  if (!ix.collator)
    eq.forEach((points, i) => {
      const [p] = points;
      if (points.length === 1 && (typeof p === 'string' || typeof p === 'boolean' || p instanceof ObjectId))
        covered.push([ix.fields[i].path, p]);
    });
  return {
    ids: iterSlices(ix, slices, dir === -1),
    ordered: dir !== 0,
    index: ix,
    direction: dir === -1 ? -1 : 1,
    covered,
  };
}

function withoutStrings(v: unknown): boolean {
  if (typeof v === 'string') return false;
  if (Array.isArray(v)) return v.every(withoutStrings);
  if (isPlainObject(v)) return Object.values(v).every(withoutStrings);
  return true;
}

const COLLATION_FIELDS = new Set([
  'locale',
  'caseLevel',
  'caseFirst',
  'strength',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);
const collationError = (msg: string): EngineError => new EngineError(2, 'BadValue', msg);

/**
 * Throws MongoDB's error for an invalid collation document (unknown field 40415, missing locale 40414,
 * unsupported locale or option value 2 BadValue).
 */
export function checkCollation(c: unknown): void {
  if (!isPlainObject(c))
    throw new EngineError(
      14,
      'TypeMismatch',
      "BSON field 'collation' is the wrong type, expected type 'object'",
    );
  for (const k of Object.keys(c))
    if (!COLLATION_FIELDS.has(k))
      throw new EngineError(40415, 'Location40415', `BSON field 'collation.${k}' is an unknown field.`);
  if (c.locale === undefined)
    throw new EngineError(
      40414,
      'Location40414',
      "BSON field 'collation.locale' is missing but a required field",
    );
  if (typeof c.locale !== 'string')
    throw new EngineError(
      14,
      'TypeMismatch',
      "BSON field 'collation.locale' is the wrong type, expected type 'string'",
    );
  if (c.locale !== 'simple') {
    let ok: boolean;
    try {
      ok = c.locale.length > 0 && Intl.Collator.supportedLocalesOf(bcp47Locale(c.locale)).length > 0;
    } catch {
      ok = false;
    }
    if (!ok) throw collationError(`Field 'locale' is invalid in: ${renderValue(c)}`);
  }
  if (c.strength !== undefined && (typeof c.strength !== 'number' || ![1, 2, 3, 4, 5].includes(c.strength)))
    throw collationError(`Field 'strength' must be an integer 1 through 5. Got: ${renderValue(c.strength)}`);
  if (c.caseFirst !== undefined && !['upper', 'lower', 'off'].includes(c.caseFirst as string))
    throw collationError(
      `Field 'caseFirst' must be 'upper', 'lower' or 'off'. Got: ${renderValue(c.caseFirst)}`,
    );
  if (c.alternate !== undefined && !['non-ignorable', 'shifted'].includes(c.alternate as string))
    throw collationError(
      `Field 'alternate' must be 'non-ignorable' or 'shifted'. Got: ${renderValue(c.alternate)}`,
    );
  if (c.maxVariable !== undefined && !['punct', 'space'].includes(c.maxVariable as string))
    throw collationError(
      `Field 'maxVariable' must be 'punct' or 'space'. Got: ${renderValue(c.maxVariable)}`,
    );
  for (const k of ['caseLevel', 'numericOrdering', 'normalization', 'backwards'])
    if (c[k] !== undefined && typeof c[k] !== 'boolean')
      throw new EngineError(
        14,
        'TypeMismatch',
        `BSON field 'collation.${k}' is the wrong type, expected type 'bool'`,
      );
}

export function mingoCollation(collation: Document | undefined): CollationSpec | undefined {
  return normalisedCollation(collation) as unknown as CollationSpec | undefined;
}

export function sortDocs(
  docs: Document[],
  sort: Document,
  scores: Map<Document, number> | undefined,
  collation: Document | undefined,
): Document[] {
  const cmp = collator(collation);
  const keys = sortKeys(sort);
  for (const [k, d] of keys) {
    if (d === 0) {
      const meta = (sort[k] as Document).$meta as unknown;
      if (meta !== 'textScore') throw badValue(`invalid $meta sort: ${String(meta)}`);
      if (!scores) throw new EngineError(17311, 'Location17311', 'textScore sort requires a $text query');
    }
  }
  const rows = docs.map((doc) => ({
    doc,
    vals: keys.map(([k, d]) => (d === 0 ? (scores?.get(doc) ?? 0) : sortValue(doc, k, d, cmp))),
  }));
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const d = keys[i][1];
      const c =
        d === 0
          ? (b.vals[i] as number) - (a.vals[i] as number)
          : compareValues(a.vals[i], b.vals[i], cmp) * d;
      if (c !== 0) return c;
    }
    return 0;
  });
  return rows.map((r) => r.doc);
}

interface TextSpec {
  $search: string;
  $language?: string;
}

function extractText(filter: Document): { rest: Document; text?: TextSpec } {
  if (!('$text' in filter) && !Array.isArray(filter.$and)) return { rest: filter };
  const rest: Document = {};
  let text: TextSpec | undefined;
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$text') {
      if (!isPlainObject(v) || typeof v.$search !== 'string') throw badValue('$search needs a String');
      if (v.$caseSensitive === true || v.$diacriticSensitive === true) {
        throw badValue(
          '$caseSensitive / $diacriticSensitive text search is not supported by the embedded engine',
        );
      }
      text = { $search: v.$search, ...(typeof v.$language === 'string' ? { $language: v.$language } : {}) };
    } else if (k === '$and' && Array.isArray(v)) {
      const kept: unknown[] = [];
      for (const sub of v) {
        if (isPlainObject(sub) && '$text' in sub) {
          const r = extractText(sub);
          text = r.text;
          if (Object.keys(r.rest).length) kept.push(r.rest);
        } else kept.push(sub);
      }
      if (kept.length) rest.$and = kept;
    } else rest[k] = v as unknown;
  }
  return { rest, ...(text ? { text } : {}) };
}

export interface Matcher {
  test(doc: Document): boolean;
}

function isSimpleScalar(v: unknown): boolean {
  const t = typeof v;
  if (t === 'string' || t === 'boolean') return true;
  if (t === 'number') return !Number.isNaN(v);
  return v instanceof Date || v instanceof ObjectId;
}

/**
 * One top-level condition the fast matcher decides: field, wanted value keys (`valueKey`), the wanted strings
 * themselves (a string's key is `'s' + string`: tested without building the key), `null` wanted, negated (`$ne`).
 */
type SimpleCondition = [string, Set<string>, Set<string>, boolean, boolean];

/**
 * A top-level `field: scalar`, `field: { $eq: scalar }`, `field: { $ne: scalar | null }` or
 * `field: { $in: [scalar | null, …] }` condition for the fast matcher, or null when mingo must decide it.
 */
function simpleCondition(k: string, v: unknown): SimpleCondition | null {
  if (k.startsWith('$') || k.includes('.')) return null;
  let wanted: unknown[];
  let negated = false;
  if (isSimpleScalar(v)) wanted = [v];
  else if (
    isPlainObject(v) &&
    Object.keys(v).length === 1 &&
    '$ne' in v &&
    (v.$ne === null || isSimpleScalar(v.$ne))
  ) {
    // `$ne: x` is `$not: { $eq: x }` (mongod): true where the equality is false (`$ne: null` = present, not null).
    wanted = [v.$ne];
    negated = true;
  } else if (isPlainObject(v) && Object.keys(v).length === 1 && isSimpleScalar(v.$eq)) wanted = [v.$eq];
  else if (
    isPlainObject(v) &&
    Object.keys(v).length === 1 &&
    Array.isArray(v.$in) &&
    v.$in.length > 0 &&
    v.$in.every((x) => x === null || isSimpleScalar(x))
  )
    wanted = v.$in as unknown[];
  else return null;
  const strings = new Set(wanted.filter((w): w is string => typeof w === 'string'));
  return [k, new Set(wanted.map((w) => valueKey(w))), strings, wanted.includes(null), negated];
}

/**
 * Fast matcher for simple conditions (`simpleCondition`), all of which must hold (no mingo compile; the
 * search service's `{ workspaceId: { $in: [ws, null] }, hidden: false }` is one). Same semantics as mingo for
 * these: an array field matches when an element matches, `null` matches a missing field or null.
 */
function simpleMatcher(conds: readonly SimpleCondition[]): Matcher {
  // Plain loops, no closures per call: this runs once per candidate document.
  const equals = (x: unknown, keys: Set<string>, strings: Set<string>): boolean =>
    typeof x === 'string' ? strings.has(x) : keys.has(valueKey(x));
  return {
    test(doc: Document): boolean {
      for (const [k, keys, strings, nullOk, negated] of conds) {
        const v = doc[k] as unknown;
        let equal = false;
        if (Array.isArray(v)) {
          for (const x of v as unknown[]) {
            if (equals(x, keys, strings) || (nullOk && x === null)) {
              equal = true;
              break;
            }
          }
        } else equal = equals(v, keys, strings);
        if (equal === negated) return false;
      }
      return true;
    },
  };
}

/**
 * Splits a filter's conjunction — its top-level conditions and those of top-level `$and` entries (each entry
 * is a conjunction too) — into the simple conditions and the rest, which keeps the filter's own shape (a
 * top-level `$and` keeps the entries' remaining parts). The filter matches exactly when every simple condition
 * and the rest match.
 */
function splitConjunction(
  filter: Document,
  covered: ReadonlySet<string>,
): { simple: SimpleCondition[]; rest: Document } {
  const simple: SimpleCondition[] = [];
  const rest: Document = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v) && v.length > 0 && v.every((x) => isPlainObject(x))) {
      const kept: Document[] = [];
      for (const sub of v) {
        const part = splitConjunction(sub, covered);
        simple.push(...part.simple);
        if (Object.keys(part.rest).length > 0) kept.push(part.rest);
      }
      if (kept.length > 0) rest.$and = kept;
      continue;
    }
    const cond = simpleCondition(k, v);
    if (!cond) rest[k] = v as unknown;
    else if (!isCovered(cond, covered)) simple.push(cond);
  }
  return { simple, rest };
}

/** Is this condition `path: value` for one `[path, value]` of the plan's covered equalities (by `valueKey`)? */
function isCovered(cond: SimpleCondition, covered: ReadonlySet<string>): boolean {
  const [k, keys, , nullOk, negated] = cond;
  if (negated || nullOk || keys.size !== 1) return false;
  const [key] = keys;
  return covered.has(`${k}\u0000${key}`);
}

/** Top-level string equalities compared with the collation (mingo's Query ignores collation for them). */
function collatedEqualities(
  filter: Document,
  cmp: StringCompare,
): { rest: Document; matcher: Matcher | null } {
  const rest: Document = {};
  const conds: Array<[string, string[]]> = [];
  for (const [k, v] of Object.entries(filter)) {
    if (!k.startsWith('$')) {
      if (typeof v === 'string') {
        conds.push([k, [v]]);
        continue;
      }
      if (isPlainObject(v) && Object.keys(v).length === 1) {
        if (typeof v.$eq === 'string') {
          conds.push([k, [v.$eq]]);
          continue;
        }
        if (Array.isArray(v.$in) && v.$in.length > 0 && v.$in.every((x) => typeof x === 'string')) {
          conds.push([k, v.$in]);
          continue;
        }
      }
    }
    rest[k] = v as unknown;
  }
  if (conds.length === 0) return { rest, matcher: null };
  const matches = (v: unknown, wanted: string[]): boolean =>
    typeof v === 'string' && wanted.some((w) => cmp(v, w) === 0);
  return {
    rest,
    matcher: {
      test(doc: Document): boolean {
        for (const [k, wanted] of conds) {
          const vals = pathValues(doc, k);
          if (!vals.some((v) => (Array.isArray(v) ? v.some((x) => matches(x, wanted)) : matches(v, wanted))))
            return false;
        }
        return true;
      },
    },
  };
}

/**
 * The matcher of `filter` (null = everything matches). `covered` are the equalities the query plan's candidates
 * all satisfy (`Plan.covered`): top-level conditions that are exactly one of them are not tested again — only
 * for candidates of that plan.
 */
export function compileFilter(
  filter: Document,
  spec: { collation?: Document; let?: Document },
  covered: ReadonlyArray<[string, unknown]> = [],
): Matcher | null {
  if (Object.keys(filter).length === 0) return null;
  const cmp = collator(spec.collation);
  if (!cmp) {
    // The simple conditions are tested without mingo, first: they are cheap and usually reject most candidates;
    // mingo compiles and tests only what is left (a `$regex`, a range, an `$or`…).
    const coveredKeys = new Set(covered.map(([path, v]) => `${path}\u0000${valueKey(v)}`));
    const { simple, rest } = splitConjunction(filter, coveredKeys);
    if (simple.length > 0 || coveredKeys.size > 0) {
      const fast = simple.length > 0 ? simpleMatcher(simple) : null;
      const inner = Object.keys(rest).length > 0 ? compileFilter(rest, spec) : null;
      if (fast && inner) return { test: (d) => fast.test(d) && inner.test(d) };
      return fast ?? inner;
    }
  } else {
    const { rest, matcher } = collatedEqualities(filter, cmp);
    if (matcher) {
      const inner = compileFilter(rest, spec);
      return inner ? { test: (d) => matcher.test(d) && inner.test(d) } : matcher;
    }
  }
  const collation = mingoCollation(spec.collation);
  return new Query(filter, {
    ...MINGO_BASE,
    jsonSchemaValidator: (schema: Document) => (doc: Document) => matchesSchema(schema, doc),
    ...(collation ? { collation } : {}),
    ...(spec.let ? { variables: spec.let } : {}),
  });
}

/** Runs a query: candidates → filter → (text) → sort → skip/limit. Returned docs are the stored objects. */
function validateSort(sort: Document | undefined): void {
  if (!sort) return;
  for (const [k, v] of Object.entries(sort)) {
    if (isPlainObject(v)) {
      if (v.$meta === 'textScore') continue;
      throw new EngineError(
        17312,
        'Location17312',
        `$meta is the only expression supported by $sort right now`,
      );
    }
    const n = typeof v === 'number' ? v : Number.NaN;
    if (n !== 1 && n !== -1)
      throw new EngineError(
        15975,
        'Location15975',
        `$sort key ordering must be 1 (for ascending) or -1 (for descending) (field: ${k})`,
      );
  }
}

export function runFind(coll: Collection | undefined, spec: FindSpec): FindResult {
  validateSort(spec.sort);
  if (spec.filter) checkFilter(spec.filter);
  if (spec.collation) checkCollation(spec.collation);
  const { rest, text } = extractText(spec.filter ?? {});
  if (text && !coll?.textIndex)
    throw new EngineError(27, 'IndexNotFound', 'text index required for $text query');
  if (!coll) {
    compileFilter(rest, spec);
    return { docs: [] };
  }
  const skip = spec.skip ?? 0;
  const limit = spec.limit ?? 0;
  const sort = spec.sort && Object.keys(spec.sort).length > 0 ? spec.sort : undefined;

  if (text) {
    const query = compileFilter(rest, spec);
    const tix = coll.textIndex;
    if (!tix) throw new EngineError(27, 'IndexNotFound', 'text index required for $text query');
    const getDoc = (id: string): Document | undefined => coll.get(id);
    if (limit && sort !== undefined && isScoreOnlySort(sort)) {
      // top-k by score: only as many postings are read as the best skip + limit need (issue 13)
      const top = tix.topK(text.$search, text.$language, getDoc, query, skip + limit);
      const scores = new Map<Document, number>();
      const docs: Document[] = [];
      for (const [doc, score] of top) {
        scores.set(doc, score);
        docs.push(doc);
      }
      return { docs: docs.slice(skip), scores };
    }
    const hits = tix.search(text.$search, text.$language, getDoc, query);
    const scores = new Map<Document, number>();
    const docs: Document[] = [];
    for (const [doc, score] of hits) {
      scores.set(doc, score);
      docs.push(doc);
    }
    const sorted = sort ? sortDocs(docs, sort, scores, spec.collation) : docs;
    return { docs: limit ? sorted.slice(skip, skip + limit) : sorted.slice(skip), scores };
  }

  const p = plan(coll, rest, sort, spec.collation);
  // Conditions the plan's index bounds already decide for every candidate are not tested again.
  const query = compileFilter(rest, spec, p?.covered);
  const candidates: Iterable<Document> = p ? docsOf(coll, p.ids) : coll.docs.values();
  const ordered = !sort || (p?.ordered ?? false);
  const out: Document[] = [];
  const want = limit ? skip + limit : Infinity;
  for (const doc of candidates) {
    if (query && !query.test(doc)) continue;
    out.push(doc);
    if (ordered && out.length >= want) break;
  }
  const sorted = sort && !ordered ? sortDocs(out, sort, undefined, spec.collation) : out;
  if (skip === 0 && (!limit || sorted.length <= limit)) return { docs: sorted };
  return { docs: limit ? sorted.slice(skip, skip + limit) : sorted.slice(skip) };
}

/**
 * The plan `runFind` would execute for `spec`, as a MongoDB 7.0 `winningPlan` tree: `COLLSCAN`,
 * `IDHACK`, `FETCH` over `IXSCAN` (with `indexName`, `keyPattern`, `direction`, the index's `collation`),
 * `TEXT_MATCH` over the text index, topped by `SORT` (when the index does not give the order), `SKIP`
 * and `LIMIT`. For `explain` (commands/explain.ts); the executed query and this answer share `plan()`.
 */
export function explainFind(coll: Collection | undefined, spec: FindSpec): Document {
  validateSort(spec.sort);
  if (spec.filter) checkFilter(spec.filter);
  if (spec.collation) checkCollation(spec.collation);
  const { rest, text } = extractText(spec.filter ?? {});
  if (text && !coll?.textIndex)
    throw new EngineError(27, 'IndexNotFound', 'text index required for $text query');
  const sort = spec.sort && Object.keys(spec.sort).length > 0 ? spec.sort : undefined;
  const filterOf = (): Document => (Object.keys(rest).length ? { filter: rest } : {});
  let stage: Document;
  let ordered = !sort;
  if (!coll) stage = { stage: 'EOF' };
  else if (text) {
    const tix = coll.textIndex;
    stage = {
      stage: 'TEXT_MATCH',
      indexPrefix: {},
      indexName: tix?.spec.name,
      parsedTextQuery: parseSearch(
        text.$search,
        normaliseLanguage(text.$language) ?? tix?.defaultLanguage ?? 'english',
      ),
      textIndexVersion: 3,
      inputStage: { stage: 'TEXT_OR', indexName: tix?.spec.name, ...filterOf() },
    };
  } else {
    const p = plan(coll, rest, sort, spec.collation);
    ordered = !sort || (p?.ordered ?? false);
    if (!p) stage = { stage: 'COLLSCAN', ...filterOf(), direction: 'forward' };
    else if (p.idHack || !p.index) stage = { stage: 'IDHACK' };
    else {
      const ix = p.index;
      stage = {
        stage: 'FETCH',
        ...filterOf(),
        inputStage: {
          stage: 'IXSCAN',
          keyPattern: { ...ix.spec.key },
          indexName: ix.name,
          ...(ix.spec.collation ? { collation: { ...ix.spec.collation } } : {}),
          isMultiKey: ix.multikeyPossible,
          isUnique: ix.unique,
          isSparse: ix.sparse,
          isPartial: false,
          indexVersion: 2,
          direction: p.direction === -1 ? 'backward' : 'forward',
        },
      };
    }
  }
  if (sort && !ordered)
    stage = {
      stage: 'SORT',
      sortPattern: { ...sort },
      memLimit: 104857600,
      type: 'simple',
      inputStage: stage,
    };
  if (spec.skip) stage = { stage: 'SKIP', skipAmount: spec.skip, inputStage: stage };
  if (spec.limit) stage = { stage: 'LIMIT', limitAmount: spec.limit, inputStage: stage };
  return stage;
}

function isScoreOnlySort(sort: Document): boolean {
  const keys = Object.keys(sort);
  if (keys.length !== 1) return false;
  const v = sort[keys[0]] as unknown;
  return isPlainObject(v) && v.$meta === 'textScore';
}

function* docsOf(coll: Collection, ids: Iterable<string>): Generator<Document> {
  for (const id of ids) {
    const d = coll.get(id);
    if (d) yield d;
  }
}

export { HIGH, LOW };

/**
 * A command's `let` holds expressions evaluated once before the command runs (`{ $literal: "$bar" }` is
 * the string "$bar"); the engine hands mingo their values.
 */
export function evaluateLet(vars: Document): Document {
  const keys = Object.keys(vars);
  if (keys.length === 0) return vars;
  const set: Document = {};
  keys.forEach((k, i) => (set[`v${i}`] = vars[k] as unknown));
  const [row] = new Aggregator([{ $set: set }], { ...MINGO_BASE }).run<Document>([{}]);
  const out: Document = {};
  keys.forEach((k, i) => (out[k] = (row?.[`v${i}`] as unknown) ?? null));
  return out;
}
