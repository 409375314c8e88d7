/**
 * Numbers with their BSON type. In memory the engine holds
 *
 * - int32: a JS `number` that is an integer in the int32 range (and not -0);
 * - double: a JS `number` that is not such an integer, or a bson `Double` wrapper for integral doubles
 *   (3.0, -0.0), because bson serialises an integral JS number as int32;
 * - int64: a bson `Long`;
 * - Decimal128: a bson `Decimal128`.
 *
 * So the common values (ints, fractional doubles) stay plain numbers that mingo and the planner handle
 * natively, and every BSON numeric type survives storage, the journal and replies. Arithmetic follows
 * MongoDB's promotion rules (int32 overflow → int64, int64 overflow → double, any double → double,
 * any Decimal128 → Decimal128); Decimal128 arithmetic is exact to 34 digits (decimal.js) with IEEE 754
 * preferred exponents, so `10.50 + 1` is `11.50` as in mongod.
 */
import Decimal from 'decimal.js';
import { Decimal128, Double, Long } from 'bson';
import type { Document, BSONSymbol, Int32 } from 'bson';

/** BSON numeric type of a value, or undefined for non-numbers. */
export type NumKind = 'int' | 'long' | 'double' | 'decimal';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Exact intermediate results (sums of 34-digit decimals with far-apart exponents stay exact). */
const DX = Decimal.clone({
  precision: 200,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
type Dec = InstanceType<typeof DX>;

function bsontype(v: object): unknown {
  return (v as { _bsontype?: unknown })._bsontype;
}

/** True for an integer JS number that bson would serialise as int32. */
export function isInt32Number(n: number): boolean {
  return Number.isInteger(n) && n >= INT_MIN && n <= INT_MAX && !Object.is(n, -0);
}

export function numKind(v: unknown): NumKind | undefined {
  if (typeof v === 'number') return isInt32Number(v) ? 'int' : 'double';
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? 'long' : undefined;
  switch (bsontype(v)) {
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'Int32':
      return 'int';
    default:
      return undefined;
  }
}

export function isNumeric(v: unknown): boolean {
  return numKind(v) !== undefined;
}

/** The engine's in-memory form of a double. */
export function dbl(x: number): number | Double {
  return isInt32Number(x) || Object.is(x, -0) ? new Double(x) : x;
}

/** An int64 result; beyond the int64 range MongoDB falls back to a double. */
function longOrDouble(b: bigint): Long | number | Double {
  if (b < LONG_MIN || b > LONG_MAX) return dbl(Number(b));
  return Long.fromBigInt(b);
}

/** int32 result of int32 arithmetic, promoted to int64 on overflow. */
function intOrLong(b: bigint): number | Long | Double {
  if (b >= BigInt(INT_MIN) && b <= BigInt(INT_MAX)) return Number(b);
  return longOrDouble(b);
}

/** Approximate JS number of any numeric (NaN for non-numbers). */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v !== 'object') return Number.NaN;
  switch (bsontype(v)) {
    case 'Double':
    case 'Int32':
      return Number((v as Double).valueOf());
    case 'Long':
      return (v as Long).toNumber();
    case 'Decimal128':
      return Number.parseFloat((v as Decimal128).toString());
    default:
      return Number.NaN;
  }
}

function big(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (bsontype(v as object) === 'Long') return (v as Long).toBigInt();
  return BigInt(num(v));
}

interface DecParts {
  d: Dec;
  /** IEEE 754 exponent of the coefficient (`10.50` → -2). */
  e: number;
}

const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function decParse(s: string): DecParts {
  const m = DEC_RE.exec(s);
  if (!m) return { d: new DX(s.replace(/^(-?)inf.*$/i, '$1Infinity')), e: 0 };
  return { d: new DX(s), e: Number(m[4] ?? 0) - (m[3] ?? '').length };
}

/** Decimal value and exponent of any numeric (doubles are taken to 15 digits, as mongod converts them). */
function dec(v: unknown): DecParts {
  const k = numKind(v);
  if (k === 'decimal') return decParse((v as Decimal128).toString());
  if (k === 'int' || k === 'long') return { d: new DX(big(v).toString()), e: 0 };
  const x = num(v);
  if (!Number.isFinite(x)) return { d: new DX(x), e: 0 };
  return decParse(x.toPrecision(15));
}

/** Rounds an exact result to Decimal128, keeping `ideal` as exponent when it is exactly representable. */
function decOut(exact: Dec, ideal: number): Decimal128 {
  if (exact.isNaN()) return Decimal128.fromString('NaN');
  if (!exact.isFinite()) return Decimal128.fromString(exact.isPos() ? 'Infinity' : '-Infinity');
  const coef = exact.times(new DX(10).pow(-ideal));
  if (coef.isInteger() && coef.abs().toFixed(0).length <= 34 && ideal >= -6176 && ideal <= 6111) {
    const s = ideal <= 0 ? exact.toFixed(-ideal) : `${coef.toFixed(0)}E+${ideal}`;
    return Decimal128.fromString(exact.isNeg() && !s.startsWith('-') ? '-' + s : s);
  }
  const r = exact.toSignificantDigits(34, Decimal.ROUND_HALF_EVEN);
  return Decimal128.fromStringWithRounding(r.toExponential());
}

/** Smallest exponent-free form: the exponent of the value without trailing zeros. */
function naturalExp(d: Dec): number {
  if (d.isZero() || !d.isFinite()) return 0;
  const s = d.toExponential();
  const m = /^-?(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return 0;
  return Number(m[3]) - (m[2] ?? '').length;
}

type Op = 'add' | 'sub' | 'mul';

function arith(op: Op, a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka === 'decimal' || kb === 'decimal') {
    const x = dec(a);
    const y = dec(b);
    if (op === 'add') return decOut(x.d.plus(y.d), Math.min(x.e, y.e));
    if (op === 'sub') return decOut(x.d.minus(y.d), Math.min(x.e, y.e));
    return decOut(x.d.times(y.d), x.e + y.e);
  }
  if (ka === 'double' || kb === 'double') {
    const x = num(a);
    const y = num(b);
    return dbl(op === 'add' ? x + y : op === 'sub' ? x - y : x * y);
  }
  const x = big(a);
  const y = big(b);
  const r = op === 'add' ? x + y : op === 'sub' ? x - y : x * y;
  return ka === 'long' || kb === 'long' ? longOrDouble(r) : intOrLong(r);
}

/** `a + b` with MongoDB's type promotion (both arguments numeric). */
export function add(a: unknown, b: unknown): unknown {
  return arith('add', a, b);
}
export function subtract(a: unknown, b: unknown): unknown {
  return arith('sub', a, b);
}
export function multiply(a: unknown, b: unknown): unknown {
  return arith('mul', a, b);
}

/** `$divide`: a double, or a Decimal128 when either side is one. Division by zero → undefined. */
export function divide(a: unknown, b: unknown): unknown {
  if (numKind(a) === 'decimal' || numKind(b) === 'decimal') {
    const x = dec(a);
    const y = dec(b);
    if (y.d.isZero()) return undefined;
    const exact = x.d.div(y.d);
    const r = exact.toSignificantDigits(34, Decimal.ROUND_HALF_EVEN);
    if (r.times(y.d).eq(x.d)) return decOut(r, Math.max(Math.min(naturalExp(r), x.e - y.e), -6176));
    return decOut(r, naturalExp(r));
  }
  const y = num(b);
  if (y === 0) return undefined;
  return dbl(num(a) / y);
}

/** Zero of the same numeric type as `v` (`$mul` on a missing field). */
export function zeroLike(v: unknown): unknown {
  switch (numKind(v)) {
    case 'long':
      return Long.fromInt(0);
    case 'double':
      return new Double(0);
    case 'decimal':
      return Decimal128.fromString('0');
    default:
      return 0;
  }
}

/** Converts to the given type (for `$avg` results and `$toDouble` & co.). */
export function asDouble(v: unknown): number | Double {
  return dbl(num(v));
}

/**
 * Running `$sum` / `$avg` over values in order: non-numerics are skipped; the result type follows the
 * widest type seen (int → long → double → decimal); int/long sums are exact (BigInt).
 */
export class NumericSum {
  private hasLong = false;
  private hasDouble = false;
  private intSum = 0n;
  private dblSum = 0;
  private decSum: Dec | undefined;
  private decExp = 0;
  count = 0;

  push(v: unknown): void {
    const k = numKind(v);
    if (!k) return;
    this.count++;
    if (k === 'decimal') {
      const x = dec(v);
      this.decExp = this.decSum === undefined ? x.e : Math.min(this.decExp, x.e);
      this.decSum = (this.decSum ?? new DX(0)).plus(x.d);
    } else if (k === 'double') {
      this.hasDouble = true;
      this.dblSum += num(v);
    } else {
      if (k === 'long') this.hasLong = true;
      this.intSum += big(v);
    }
  }

  /** Sum with its type; an int sum beyond int32 is a long, beyond int64 a double. */
  sum(): unknown {
    if (this.decSum !== undefined) {
      let total = this.decSum.plus(new DX(this.intSum.toString()));
      let e = this.intSum !== 0n ? Math.min(this.decExp, 0) : this.decExp;
      if (this.hasDouble) {
        const d = dec(this.dblSum);
        total = total.plus(d.d);
        e = Math.min(e, d.e);
      }
      return decOut(total, e);
    }
    if (this.hasDouble) return dbl(this.dblSum + Number(this.intSum));
    if (this.hasLong) return longOrDouble(this.intSum);
    return intOrLong(this.intSum);
  }

  /** Average: a double (Decimal128 if any decimal was seen); null without numeric values. */
  avg(): unknown {
    if (this.count === 0) return null;
    if (this.decSum !== undefined) return divide(this.sum(), this.count);
    return dbl((this.dblSum + Number(this.intSum)) / this.count);
  }
}

/** Exact comparison of two numerics (NaN sorts below every number and equals NaN). */
export function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : 1;
  }
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka === 'decimal' || kb === 'decimal') {
    const x =
      ka === 'decimal'
        ? decParse((a as Decimal128).toString()).d
        : new DX(ka === 'long' ? big(a).toString() : num(a));
    const y =
      kb === 'decimal'
        ? decParse((b as Decimal128).toString()).d
        : new DX(kb === 'long' ? big(b).toString() : num(b));
    if (x.isNaN()) return y.isNaN() ? 0 : -1;
    if (y.isNaN()) return 1;
    return x.comparedTo(y);
  }
  if (ka === 'long' || kb === 'long') {
    if (ka === 'long' && kb === 'long') {
      const x = big(a);
      const y = big(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const [l, d, sign] = ka === 'long' ? [a, num(b), 1] : [b, num(a), -1];
    if (Number.isNaN(d)) return sign;
    if (!Number.isFinite(d)) return d > 0 ? -sign : sign;
    const fl = Math.floor(d);
    const x = big(l);
    const y = BigInt(fl);
    const c = x < y ? -1 : x > y ? 1 : d === fl ? 0 : -1;
    return c * sign;
  }
  return compareNumbers(num(a), num(b));
}

/** Canonical equality key of a numeric: equal values of any numeric type share it. */
export function numericKey(v: unknown): string {
  const k = numKind(v);
  if (k === 'long') return big(v).toString();
  if (k === 'decimal') {
    const d = decParse((v as Decimal128).toString()).d;
    if (d.isNaN()) return 'NaN';
    if (!d.isFinite()) return d.isPos() ? 'Infinity' : '-Infinity';
    if (d.isInteger()) return d.toFixed(0).replace(/^-0$/, '0');
    return d.toString();
  }
  const n = num(v);
  if (Number.isNaN(n)) return 'NaN';
  if (Object.is(n, -0)) return '0';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  if (Number.isInteger(n)) return new DX(n).toFixed(0);
  return String(n);
}

/** BSON type names and numbers as MongoDB's `$type` uses them. */
export const BSON_TYPE_NUMBERS: Record<string, number> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};

/** MongoDB's name of a value's BSON type (`$type` expression); "missing" for undefined. */
export function bsonTypeName(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return isInt32Number(v) ? 'int' : 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'long';
    case 'function':
      return 'javascript';
    case 'object':
      break;
    default:
      return 'undefined';
  }
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  switch (bsontype(v)) {
    case 'Double':
      return 'double';
    case 'Int32':
      return 'int';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'ObjectId':
    case 'ObjectID':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'Code':
      return 'javascript';
    case 'BSONSymbol':
    case 'Symbol':
      return 'symbol';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'DBRef':
      return 'object';
    default:
      return 'object';
  }
}

/**
 * Does `v` have the BSON type `spec` (a name, a number or the alias "number")? Unknown names and
 * numbers are refused by the caller ({@link typeSpecValid}).
 */
export function hasBsonType(v: unknown, spec: unknown): boolean {
  const name = bsonTypeName(v);
  if (spec === 'number') return name === 'int' || name === 'long' || name === 'double' || name === 'decimal';
  if (typeof spec === 'string') return spec === name;
  const n = num(spec);
  return BSON_TYPE_NUMBERS[name] === n;
}

/** Is `spec` a type name, type number or "number"? */
export function typeSpecValid(spec: unknown): boolean {
  if (typeof spec === 'string') return spec === 'number' || spec in BSON_TYPE_NUMBERS;
  if (!isNumeric(spec)) return false;
  const n = num(spec);
  return Object.values(BSON_TYPE_NUMBERS).includes(n);
}

// ---------------------------------------------------------------------------------------------------
// Wire / disk decoding: documents are deserialised with `promoteValues: false` and normalised here.

function isPlain(v: unknown): v is Document {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v) as unknown;
  return p === Object.prototype || p === null;
}

/**
 * Walks arrays and plain objects in place and replaces every other object (a BSON value) by `leaf(value)`.
 * Mutates in place and returns `v`, or `leaf(v)` when `v` itself is a BSON value.
 */
function normalizeInPlace<T>(v: T, leaf: (value: object) => unknown): T {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalizeInPlace(v[i] as unknown, leaf);
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (isPlain(v)) {
    const o: Document = v;
    for (const k in o) {
      const x = o[k] as unknown;
      if (x !== null && typeof x === 'object') o[k] = normalizeInPlace(x, leaf);
    }
    return v;
  }
  return leaf(v) as T;
}

function exactLeaf(v: object): unknown {
  switch (bsontype(v)) {
    case 'Int32':
      return (v as Int32).value;
    case 'Double': {
      const x = (v as Double).value;
      return isInt32Number(x) || Object.is(x, -0) ? v : x;
    }
    case 'BSONSymbol':
      return (v as BSONSymbol).valueOf();
    default:
      return v;
  }
}

function plainLeaf(v: object): unknown {
  switch (bsontype(v)) {
    case 'Int32':
    case 'Double':
      return (v as Double).value;
    case 'Long': {
      const n = (v as Long).toNumber();
      return Number.isSafeInteger(n) ? n : v;
    }
    case 'BSONSymbol':
      return (v as BSONSymbol).valueOf();
    default:
      return v;
  }
}

/**
 * Exact form (stored data): Int32 → number, Double → number unless integral (kept as `Double`),
 * Long and Decimal128 kept, symbols → strings (as the engine always held them). Mutates in place.
 */
export function normalizeExact<T>(v: T): T {
  return normalizeInPlace(v, exactLeaf);
}

/**
 * Plain form (command parameters, filters, pipelines): what the engine received before exact types —
 * Int32/Double → number, a Long within ±2^53 → number (larger ones stay `Long`). Mutates in place.
 */
export function normalizePlain<T>(v: T): T {
  return normalizeInPlace(v, plainLeaf);
}

/**
 * Normalises a received command: data fields (insert `documents`, the `u` of update statements that
 * are not pipelines, findAndModify's `update`) keep exact numeric types; everything else is plain.
 */
export function normalizeCommand(cmd: Document): Document {
  const name = Object.keys(cmd)[0];
  for (const k of Object.keys(cmd)) {
    const v = cmd[k] as unknown;
    if (v === null || typeof v !== 'object') continue;
    if (name === 'insert' && k === 'documents') cmd[k] = normalizeExact(v);
    else if (name === 'update' && k === 'updates' && Array.isArray(v)) {
      for (const st of v as unknown[]) {
        if (!isPlain(st)) continue;
        for (const sk of Object.keys(st)) {
          const x = st[sk] as unknown;
          if (sk === 'u' && isPlain(x)) st[sk] = normalizeExact(x);
          else st[sk] = normalizePlain(x);
        }
      }
    } else if ((name === 'findAndModify' || name === 'findandmodify') && k === 'update' && isPlain(v))
      cmd[k] = normalizeExact(v);
    else cmd[k] = normalizePlain(v);
  }
  return cmd;
}
