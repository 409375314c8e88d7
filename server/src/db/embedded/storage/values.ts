/**
 * BSON value helpers: MongoDB's cross-type comparison order, a canonical string key for equality
 * (1, 1.0 and Long(1) share a key), document cloning that keeps BSON classes, and dotted-path reads.
 */
import { Binary, BSONSymbol, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId } from 'bson';
import type { Document, BSONRegExp, Timestamp } from 'bson';
import { compareNumbers, numKind, numericKey } from './numeric';

/** Options every mingo Query/Aggregator gets: server-side JavaScript ($where, $function, $accumulator) is off. */
export const MINGO_BASE = { scriptEnabled: false } as const;

/** Sentinel bounds used by range scans: below/above every value of one type rank. */
export class RankBound {
  constructor(
    readonly rank: number,
    readonly high: boolean,
  ) {}
}

export function isPlainObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function bsontype(v: object): string | undefined {
  const t = (v as { _bsontype?: unknown })._bsontype;
  return typeof t === 'string' ? t : undefined;
}

/** MongoDB sort/comparison order of BSON types. */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    case 'object':
      break;
    default:
      return 13;
  }
  if (v instanceof RankBound) return v.rank;
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  switch (bsontype(v)) {
    case 'MinKey':
      return 1;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
    case 'Symbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
    case 'ObjectID':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'Code':
      return 13;
    case 'MaxKey':
      return 14;
    default:
      return 5;
  }
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Int32 || v instanceof Double) return v.valueOf();
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number.parseFloat(v.toString());
  const t = v && typeof v === 'object' ? bsontype(v) : undefined;
  if (t === 'Long') return (v as Long).toNumber();
  if (t === 'Int32' || t === 'Double') return Number((v as Int32).valueOf());
  if (t === 'Decimal128') return Number.parseFloat(String(v));
  return Number.NaN;
}

function stringOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof BSONSymbol) return v.valueOf();
  return (v as { toString(): string }).toString();
}

function cmpPrim<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bytesCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

export type StringCompare = (a: string, b: string) => number;
const binaryStringCompare: StringCompare = (a, b) => cmpPrim(a, b);

/** Compares two BSON values in MongoDB's order (no array min/max logic: arrays compare element-wise). */
export function compareValues(a: unknown, b: unknown, strCmp: StringCompare = binaryStringCompare): number {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'number') {
      const x = a as number;
      const y = b as number;
      if (x < y) return -1;
      if (x > y) return 1;
      if (x === y) return 0;
    } else if (ta === 'string' && strCmp === binaryStringCompare) {
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    } else if (a instanceof Date && b instanceof Date) {
      return a.getTime() - b.getTime();
    } else if (a instanceof ObjectId && b instanceof ObjectId) {
      return compareObjectIds(a, b);
    }
  }
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (a instanceof RankBound) {
    if (ra !== rb) return ra - rb;
    return a.high ? 1 : -1;
  }
  if (b instanceof RankBound) {
    if (ra !== rb) return ra - rb;
    return b.high ? -1 : 1;
  }
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
    case 2:
    case 14:
      return 0;
    case 3:
      return compareNumbers(a, b);
    case 4:
      return strCmp(stringOf(a), stringOf(b));
    case 5: {
      const ka = Object.keys(a as Document);
      const kb = Object.keys(b as Document);
      const n = Math.min(ka.length, kb.length);
      for (let i = 0; i < n; i++) {
        const va = (a as Document)[ka[i]] as unknown;
        const vb = (b as Document)[kb[i]] as unknown;
        const r = typeRank(va) - typeRank(vb);
        if (r !== 0) return r;
        const c = cmpPrim(ka[i], kb[i]);
        if (c !== 0) return c;
        const d = compareValues(va, vb, strCmp);
        if (d !== 0) return d;
      }
      return ka.length - kb.length;
    }
    case 6: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const d = compareValues(xa[i], xb[i], strCmp);
        if (d !== 0) return d;
      }
      return xa.length - xb.length;
    }
    case 7: {
      const ba = a as Binary;
      const bb = b as Binary;
      if (ba.position !== bb.position) return ba.position - bb.position;
      if (ba.sub_type !== bb.sub_type) return ba.sub_type - bb.sub_type;
      return bytesCompare(ba.buffer, bb.buffer);
    }
    case 8:
      return compareObjectIds(a as ObjectId, b as ObjectId);
    case 9:
      return (a === true ? 1 : 0) - (b === true ? 1 : 0);
    case 10:
      return cmpPrim((a as Date).getTime(), (b as Date).getTime());
    case 11: {
      const ta = a as Timestamp;
      const tb = b as Timestamp;
      return ta.t !== tb.t ? ta.t - tb.t : ta.i - tb.i;
    }
    case 12: {
      const sa = a instanceof RegExp ? a.source : (a as BSONRegExp).pattern;
      const sb = b instanceof RegExp ? b.source : (b as BSONRegExp).pattern;
      return cmpPrim(sa, sb);
    }
    default:
      return cmpPrim(String(a), String(b));
  }
}

interface OidParts {
  i0?: unknown;
  i1?: number;
  i2?: number;
  i3?: number;
}

function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const x = a as unknown as OidParts;
  const y = b as unknown as OidParts;
  if (typeof x.i0 === 'number' && typeof y.i0 === 'number') {
    return x.i0 - y.i0 || (x.i1 ?? 0) - (y.i1 ?? 0) || (x.i2 ?? 0) - (y.i2 ?? 0) || (x.i3 ?? 0) - (y.i3 ?? 0);
  }
  return cmpPrim(a.toHexString(), b.toHexString());
}

function numberKey(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (Object.is(n, -0)) return '0';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

/**
 * Keys of ObjectIds already seen, by instance: stored documents keep their ObjectId objects, and filters and
 * `$group` ask for the same ids' keys again and again (hex encoding is the costly part of a key).
 */
const objectIdKeys = new WeakMap<object, string>();

function objectIdKey(id: ObjectId): string {
  let key = objectIdKeys.get(id);
  if (key === undefined) objectIdKeys.set(id, (key = 'o' + id.toHexString()));
  return key;
}

/**
 * Canonical string for equality (type-tagged; numbers normalised so 1, 1.0, Long(1) and Decimal 1
 * share a key; field order significant). `exact` keeps the numeric BSON type apart (int 1 ≠ double 1),
 * for deciding whether an update changed a document.
 */
export function valueKey(v: unknown, exact = false): string {
  if (v === undefined || v === null) return 'n';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return (exact ? 'd' + String(numKind(v)) : 'd') + numberKey(v);
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return 'd' + v.toString();
    default:
      break;
  }
  if (Array.isArray(v)) return '[' + v.map((x) => JSON.stringify(valueKey(x, exact))).join(',') + ']';
  if (v instanceof Date) return 't' + String(v.getTime());
  if (v instanceof RegExp) return 'r/' + v.source + '/' + v.flags;
  if (typeof v !== 'object') return '?' + typeof v;
  switch (bsontype(v)) {
    case 'ObjectId':
    case 'ObjectID':
      return objectIdKey(v as ObjectId);
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return (exact ? 'd' + String(numKind(v)) : 'd') + numericKey(v);
    case 'Binary': {
      const b = v as Binary;
      return (
        'x' + String(b.sub_type) + ':' + Buffer.from(b.buffer.subarray(0, b.position)).toString('base64')
      );
    }
    case 'Timestamp':
      return 'T' + String((v as Timestamp).t) + ':' + String((v as Timestamp).i);
    case 'MinKey':
      return 'm-';
    case 'MaxKey':
      return 'm+';
    case 'BSONRegExp':
      return 'r/' + (v as BSONRegExp).pattern + '/' + (v as BSONRegExp).options;
    case 'BSONSymbol':
      return 's' + (v as BSONSymbol).valueOf();
    case undefined:
      break;
    default:
      return (bsontype(v) ?? '?') + JSON.stringify((v as { toString(): string }).toString());
  }
  const parts: string[] = [];
  for (const k of Object.keys(v))
    parts.push(JSON.stringify(k) + ':' + JSON.stringify(valueKey((v as Document)[k], exact)));
  return '{' + parts.join(',') + '}';
}

/** Deep copy of plain objects/arrays; BSON value classes are immutable and shared (Dates copied). */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => cloneValue(x)) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    const out: Document = {};
    for (const k of Object.keys(v)) out[k] = cloneValue(v[k] as unknown);
    return out as T;
  }
  return v;
}

function walkPath(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(value);
    return;
  }
  const part = parts[i];
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) {
      const idx = Number(part);
      if (idx < value.length) walkPath(value[idx], parts, i + 1, out);
    }
    for (const el of value) if (isPlainObject(el) && part in el) walkPath(el[part], parts, i + 1, out);
    return;
  }
  if (isPlainObject(value) && part in value) walkPath(value[part], parts, i + 1, out);
}

/** All values reachable at a dotted path, descending through arrays (MongoDB multikey semantics). */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  if (!path.includes('.')) {
    if (isPlainObject(doc) && path in doc) out.push(doc[path]);
    return out;
  }
  walkPath(doc, path.split('.'), 0, out);
  return out;
}

/**
 * The sort value of one document for one key, as mongod sorts: over the path's values with arrays flattened one
 * level, the minimum (`dir` > 0) or maximum (`dir` < 0) under `cmp`; an empty array counts as undefined, a missing
 * path as null.
 */
export function sortValue(doc: unknown, path: string, dir: number, cmp: StringCompare | undefined): unknown {
  const vals = pathValues(doc, path);
  const flat: unknown[] = [];
  for (const v of vals) {
    if (Array.isArray(v)) {
      if (v.length === 0) flat.push(undefined);
      else flat.push(...(v as unknown[]));
    } else flat.push(v);
  }
  if (flat.length === 0) return null;
  let best = flat[0];
  for (let i = 1; i < flat.length; i++) {
    const c = compareValues(flat[i], best, cmp);
    if ((dir > 0 && c < 0) || (dir < 0 && c > 0)) best = flat[i];
  }
  return best;
}

/** Plain value at a dotted path without array traversal (undefined if missing). */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (isPlainObject(cur)) cur = cur[part];
    else if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else return undefined;
  }
  return cur;
}

export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Document = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    const next = cur[p] as unknown;
    if (!isPlainObject(next)) {
      const created: Document = {};
      cur[p] = created;
      cur = created;
    } else cur = next;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Shell-like rendering used in E11000 messages: `{ email: "a@b.c" }`. */
export function renderValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return '[ ' + v.map(renderValue).join(', ') + ' ]';
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    return '{ ' + keys.map((k) => `${k}: ${renderValue(v[k])}`).join(', ') + ' }';
  }
  if (typeof v === 'object' && bsontype(v) === 'ObjectId')
    return `ObjectId('${(v as ObjectId).toHexString()}')`;
  return (v as { toString(): string }).toString();
}

export { Binary, MaxKey, MinKey, ObjectId };
