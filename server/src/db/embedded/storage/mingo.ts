/**
 * The engine's mingo: mingo's operators with MongoDB's numeric and BSON-type semantics laid over them.
 * Stored values may be bson `Double` (integral doubles), `Long` and `Decimal128` (see numeric.ts), which
 * mingo's own comparison and arithmetic do not know; the operators below compare by value across
 * numeric types, compute with MongoDB's type promotion, and answer `$type` by BSON type.
 *
 * Use `Query` / `Aggregator` from this module (never mingo's top-level classes: their default context
 * would shadow these operators).
 */
import { Aggregator as BaseAggregator } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import { Lazy } from 'mingo/lazy';
import type { Iterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query as BaseQuery } from 'mingo/query';
import type { AnyObject, Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import { BSONRegExp, Decimal128, Long } from 'bson';
import type { Document } from 'bson';
import { EngineError, badValue, typeMismatch } from '../errors';
import {
  NumericSum,
  add,
  bsonTypeName,
  compareNumbers,
  dbl,
  divide,
  hasBsonType,
  isNumeric,
  multiply,
  num,
  numKind,
  subtract,
  typeSpecValid,
} from './numeric';
import { compareValues, isPlainObject, sortValue, typeRank, valueKey } from './values';
import type { StringCompare } from './values';

// ------------------------------------------------------------------------------------------------
// Query operators

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return a !== undefined || b !== undefined;
  if (typeof a !== 'object' && typeof a === typeof b) return false;
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b) === 0;
  if ((a === undefined || a === null) && b === null) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return valueKey(a) === valueKey(b);
}

function flatten(xs: unknown[], depth: number): unknown[] {
  const out: unknown[] = [];
  const visit = (arr: unknown[], d: number): void => {
    for (const x of arr) {
      if (Array.isArray(x) && d > 0) visit(x, d - 1);
      else out.push(x);
    }
  };
  visit(xs, depth);
  return out;
}

function depthOf(selector: string): number {
  let d = 0;
  for (let i = 0; i < selector.length; i++) if (selector.charCodeAt(i) === 46) d++;
  return d;
}

type Pred = (lhs: unknown, rhs: unknown, depth: number) => boolean;

function queryOp(pred: Pred, check?: (rhs: unknown) => void) {
  return (selector: string, value: unknown): ((o: unknown) => boolean) => {
    check?.(value);
    const depth = depthOf(selector);
    return (o: unknown) => pred(resolve(o as AnyObject, selector, { unwrapArray: true }), value, depth);
  };
}

const eqPred: Pred = (a, b, depth) => {
  if (equal(a, b)) return true;
  if (Array.isArray(a)) {
    if (a.some((v) => equal(v, b))) return true;
    return flatten(a, depth || 1).some((v) => equal(v, b));
  }
  return false;
};

function isRegexValue(v: unknown): v is RegExp | BSONRegExp {
  return v instanceof RegExp || v instanceof BSONRegExp;
}

function regexOf(v: RegExp | BSONRegExp): RegExp {
  return v instanceof RegExp ? v : new RegExp(v.pattern, v.options.replace(/[^gimsuy]/g, ''));
}

const inPred: Pred = (a, b) => {
  const list = b as unknown[];
  const values = Array.isArray(a) ? [...(a as unknown[]), a] : [a];
  for (const x of list) {
    if (isRegexValue(x)) {
      const re = regexOf(x);
      if (values.some((v) => typeof v === 'string' && re.test(v))) return true;
    } else if (values.some((v) => equal(v, x))) return true;
    else if (x === null && a === undefined) return true;
  }
  return false;
};

function rangePred(test: (c: number) => boolean): Pred {
  return (a, b, depth) => {
    const rb = typeRank(b);
    const one = (v: unknown): boolean => typeRank(v) === rb && test(compareValues(v, b));
    if (Array.isArray(a)) {
      if (Array.isArray(b) && one(a)) return true;
      return flatten(a, depth || 1).some(one);
    }
    return one(a);
  };
}

function checkInArg(op: string) {
  return (v: unknown): void => {
    if (!Array.isArray(v)) throw badValue(`${op} needs an array`);
  };
}

function checkTypeArg(v: unknown): void {
  const specs = Array.isArray(v) ? (v as unknown[]) : [v];
  for (const s of specs) {
    if (typeSpecValid(s)) continue;
    if (typeof s === 'string') throw badValue(`Unknown type name alias: ${s}`);
    if (isNumeric(s)) throw badValue(`Invalid numerical type code: ${num(s)}`);
    throw typeMismatch('type must be represented as a number or a string');
  }
}

const typePred: Pred = (a, b) => {
  const specs = Array.isArray(b) ? (b as unknown[]) : [b];
  const test = (v: unknown): boolean => specs.some((s) => hasBsonType(v, s));
  if (a === undefined) return false;
  if (test(a)) return true;
  return Array.isArray(a) && a.some(test);
};

const QUERY_OPS = {
  $eq: queryOp(eqPred),
  $ne: queryOp((a, b, d) => !eqPred(a, b, d)),
  $in: queryOp(inPred, checkInArg('$in')),
  $nin: queryOp((a, b, d) => !inPred(a, b, d), checkInArg('$nin')),
  $gt: queryOp(rangePred((c) => c > 0)),
  $gte: queryOp(rangePred((c) => c >= 0)),
  $lt: queryOp(rangePred((c) => c < 0)),
  $lte: queryOp(rangePred((c) => c <= 0)),
  $type: queryOp(typePred, checkTypeArg),
};

// ------------------------------------------------------------------------------------------------
// Expression operators

function args(obj: unknown, expr: unknown, options: Options): unknown[] {
  const v = evalExpr(obj, expr, options);
  return Array.isArray(expr) ? (v as unknown[]) : [v];
}

function isNil(v: unknown): boolean {
  return v === null || v === undefined;
}

function typeError(op: string, v: unknown, what = 'numeric or date types'): EngineError {
  return typeMismatch(`${op} only supports ${what}, not ${bsonTypeName(v)}`);
}

const exprAdd = (obj: unknown, expr: unknown, options: Options): unknown => {
  const xs = args(obj, expr, options);
  let acc: unknown = 0;
  let date: Date | undefined;
  for (const x of xs) {
    if (isNil(x)) return null;
    if (x instanceof Date) {
      if (date) throw badValue('only one date allowed in an $add expression');
      date = x;
    } else if (isNumeric(x)) acc = add(acc, x);
    else throw typeError('$add', x);
  }
  if (date) return new Date(date.getTime() + Math.round(num(acc)));
  return acc;
};

const exprMultiply = (obj: unknown, expr: unknown, options: Options): unknown => {
  const xs = args(obj, expr, options);
  let acc: unknown = 1;
  for (const x of xs) {
    if (isNil(x)) return null;
    if (!isNumeric(x)) throw typeMismatch(`$multiply only supports numeric types, not ${bsonTypeName(x)}`);
    acc = multiply(acc, x);
  }
  return acc;
};

function twoArgs(op: string, obj: unknown, expr: unknown, options: Options): [unknown, unknown] {
  const xs = args(obj, expr, options);
  if (xs.length !== 2)
    throw new EngineError(
      16020,
      'Location16020',
      `Expression ${op} takes exactly 2 arguments. ${xs.length} were passed in.`,
    );
  return [xs[0], xs[1]];
}

const exprSubtract = (obj: unknown, expr: unknown, options: Options): unknown => {
  const [a, b] = twoArgs('$subtract', obj, expr, options);
  if (isNil(a) || isNil(b)) return null;
  if (a instanceof Date && b instanceof Date) return Long.fromNumber(a.getTime() - b.getTime());
  if (a instanceof Date && isNumeric(b)) return new Date(a.getTime() - Math.round(num(b)));
  if (isNumeric(a) && isNumeric(b)) return subtract(a, b);
  throw typeMismatch(`can't $subtract ${bsonTypeName(b)} from ${bsonTypeName(a)}`);
};

const exprDivide = (obj: unknown, expr: unknown, options: Options): unknown => {
  const [a, b] = twoArgs('$divide', obj, expr, options);
  if (isNil(a) || isNil(b)) return null;
  if (!isNumeric(a) || !isNumeric(b))
    throw typeMismatch(`$divide only supports numeric types, not ${bsonTypeName(a)} and ${bsonTypeName(b)}`);
  const r = divide(a, b);
  if (r === undefined) throw badValue("can't $divide by zero");
  return r;
};

function sumOf(values: unknown[]): NumericSum {
  const s = new NumericSum();
  for (const v of values) s.push(v);
  return s;
}

function extreme(values: unknown[], sign: 1 | -1): unknown {
  let best: unknown;
  for (const v of values) {
    if (isNil(v)) continue;
    if (best === undefined || compareValues(v, best) * sign > 0) best = v;
  }
  return best ?? null;
}

function compareExpr(test: (c: number) => boolean) {
  return (obj: unknown, expr: unknown, options: Options): boolean => {
    const [a, b] = twoArgs('comparison', obj, expr, options);
    return test(compareValues(a ?? null, b ?? null));
  };
}

const EXPRESSION_OPS = {
  $__engineGroupKey: (obj: unknown, expr: unknown, options: Options) => groupKeyExpr(obj, expr, options),
  $add: exprAdd,
  $subtract: exprSubtract,
  $multiply: exprMultiply,
  $divide: exprDivide,
  $type: (obj: unknown, expr: unknown, options: Options) => {
    const v = evalExpr(obj, Array.isArray(expr) ? expr[0] : expr, options);
    return bsonTypeName(v);
  },
  $isNumber: (obj: unknown, expr: unknown, options: Options) =>
    isNumeric(evalExpr(obj, Array.isArray(expr) ? expr[0] : expr, options)),
  $eq: compareExpr((c) => c === 0),
  $ne: compareExpr((c) => c !== 0),
  $gt: compareExpr((c) => c > 0),
  $gte: compareExpr((c) => c >= 0),
  $lt: compareExpr((c) => c < 0),
  $lte: compareExpr((c) => c <= 0),
  $cmp: (obj: unknown, expr: unknown, options: Options) => {
    const [a, b] = twoArgs('$cmp', obj, expr, options);
    const c = compareValues(a ?? null, b ?? null);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  },
  /**
   * Server-side JavaScript stays off for clients: a `$function` whose body is a string (all a client
   * can send) is refused; mingo's own `$setWindowFields` uses `$function` with a JS closure internally.
   */
  $function: (obj: unknown, expr: unknown, options: Options) => {
    const spec = expr as { body?: unknown; args?: unknown };
    if (typeof spec.body !== 'function')
      throw badValue('$function is not allowed: server-side JavaScript is disabled');
    const fn = spec.body as (...a: unknown[]) => unknown;
    const a = evalExpr(obj, spec.args ?? [], options) as unknown[];
    return fn(...a);
  },
};

// mingo's remaining numeric operators only know JS numbers: their arguments are evaluated here,
// BSON numeric wrappers become numbers, and the result gets the BSON type mongod gives it.

type BaseExpr = (obj: unknown, expr: unknown, options: Options) => unknown;

function literal(v: unknown): unknown {
  return { $literal: isNumeric(v) ? num(v) : v };
}

/** Result type: `same` = type of the first argument, `double`, or `promote` (like arithmetic). */
type ResultType = 'same' | 'double' | 'promote';

function typed(r: unknown, xs: unknown[], how: ResultType): unknown {
  if (typeof r !== 'number') return r;
  if (how === 'double') return dbl(r);
  const kinds = how === 'same' ? [numKind(xs[0])] : xs.map((x) => numKind(x));
  if (kinds.includes('decimal')) return Decimal128.fromString(Number.isFinite(r) ? String(r) : 'NaN');
  if (kinds.includes('double') || !Number.isInteger(r)) return dbl(r);
  if (kinds.includes('long')) return Long.fromNumber(r);
  return r;
}

function numericArgs(name: string, how: ResultType): BaseExpr {
  const base = (expressionOperators as unknown as Record<string, BaseExpr>)[name];
  return (obj, expr, options) => {
    if (Array.isArray(expr)) {
      const xs = expr.map((e) => evalExpr(obj, e, options));
      return typed(base(obj, xs.map(literal), options), xs, how);
    }
    if (isPlainObject(expr) && !Object.keys(expr).some((k) => k.startsWith('$')))
      return base(obj, expr, options);
    const x = evalExpr(obj, expr, options);
    return typed(base(obj, literal(x), options), [x], how);
  };
}

/** `$pow`: integral results of int/long bases stay int/long (int overflow → long), as in mongod. */
function powResult(r: unknown, xs: unknown[]): unknown {
  const [b, e] = xs;
  const kb = numKind(b);
  const ke = numKind(e);
  if (
    typeof r === 'number' &&
    Number.isInteger(r) &&
    (kb === 'int' || kb === 'long') &&
    (ke === 'int' || ke === 'long')
  ) {
    if (kb === 'int' && ke === 'int' && r >= -2147483648 && r <= 2147483647) return r;
    if (Number.isSafeInteger(r)) return Long.fromNumber(r);
  }
  return typed(r, xs, 'promote');
}

function conversionFailure(msg: string): EngineError {
  return new EngineError(241, 'ConversionFailure', msg);
}

type Target = 'double' | 'int' | 'long' | 'decimal';

function convertNumeric(v: unknown, to: Target): unknown {
  if (isNil(v)) return null;
  let n: number;
  if (isNumeric(v)) {
    if (to === 'decimal')
      return numKind(v) === 'decimal'
        ? v
        : Decimal128.fromString(numKind(v) === 'double' ? num(v).toPrecision(15) : bigString(v));
    if (to === 'long' && numKind(v) === 'long') return v;
    n = num(v);
  } else if (typeof v === 'boolean') n = v ? 1 : 0;
  else if (v instanceof Date) n = v.getTime();
  else if (typeof v === 'string') {
    const s = v.trim();
    if (to === 'decimal') {
      try {
        return Decimal128.fromString(s);
      } catch {
        throw conversionFailure(`Failed to parse number '${v}' in $convert with no onError value`);
      }
    }
    if (to === 'long' && /^[+-]?\d+$/.test(s)) {
      const b = BigInt(s);
      if (b < -(2n ** 63n) || b >= 2n ** 63n)
        throw conversionFailure(
          `Failed to parse number '${v}' in $convert with no onError value: Out of range`,
        );
      return Long.fromBigInt(b);
    }
    if (s === '' || (to !== 'double' && !/^[+-]?\d+$/.test(s)) || Number.isNaN(Number(s)))
      throw conversionFailure(
        `Failed to parse number '${v}' in $convert with no onError value: Did not consume whole string.`,
      );
    n = Number(s);
  } else
    throw conversionFailure(
      `Unsupported conversion from ${bsonTypeName(v)} to ${to} in $convert with no onError value`,
    );
  if (to === 'double') return dbl(n);
  if (to === 'decimal') return Decimal128.fromString(String(n));
  if (!Number.isFinite(n))
    throw conversionFailure(
      `Attempt to convert NaN or infinity value to integer type in $convert with no onError value: ${n}`,
    );
  const t = Math.trunc(n);
  if (to === 'int') {
    if (t < -2147483648 || t > 2147483647)
      throw conversionFailure(
        `Conversion would overflow target type in $convert with no onError value: ${n}`,
      );
    return t;
  }
  return Long.fromNumber(t);
}

function bigString(v: unknown): string {
  return numKind(v) === 'long' ? (v as Long).toString() : String(num(v));
}

const TARGETS: Record<string, Target> = {
  double: 'double',
  int: 'int',
  long: 'long',
  decimal: 'decimal',
  '1': 'double',
  '16': 'int',
  '18': 'long',
  '19': 'decimal',
};

function toOp(to: Target): BaseExpr {
  return (obj, expr, options) =>
    convertNumeric(evalExpr(obj, Array.isArray(expr) ? expr[0] : expr, options), to);
}

const convertOp: BaseExpr = (obj, expr, options) => {
  const spec = isPlainObject(expr) ? expr : {};
  const to = evalExpr(obj, spec.to, options);
  const target = TARGETS[String(isNumeric(to) ? num(to) : to)];
  const base = expressionOperators.$convert as unknown as BaseExpr;
  if (!target) {
    const input = evalExpr(obj, spec.input, options);
    return base(obj, { ...spec, input: literal(input) }, options);
  }
  const input = evalExpr(obj, spec.input, options);
  if (isNil(input)) return 'onNull' in spec ? evalExpr(obj, spec.onNull, options) : null;
  try {
    return convertNumeric(input, target);
  } catch (err) {
    if ('onError' in spec) return evalExpr(obj, spec.onError, options);
    throw err;
  }
};

const toStringOp: BaseExpr = (obj, expr, options) => {
  const v = evalExpr(obj, Array.isArray(expr) ? expr[0] : expr, options);
  if (isNil(v)) return null;
  if (numKind(v) === 'long' || numKind(v) === 'decimal') return (v as Long).toString();
  if (isNumeric(v)) return String(num(v));
  const base = expressionOperators.$toString as unknown as BaseExpr;
  return base(obj, literal(v), options);
};

const NUMERIC_WRAPPED: Record<string, BaseExpr> = {};
for (const name of ['$abs', '$ceil', '$floor', '$round', '$trunc'])
  NUMERIC_WRAPPED[name] = numericArgs(name, 'same');
for (const name of [
  '$sqrt',
  '$exp',
  '$ln',
  '$log',
  '$log10',
  '$sigmoid',
  '$acos',
  '$acosh',
  '$asin',
  '$asinh',
  '$atan',
  '$atan2',
  '$atanh',
  '$cos',
  '$cosh',
  '$degreesToRadians',
  '$radiansToDegrees',
  '$sin',
  '$sinh',
  '$tan',
  '$tanh',
])
  NUMERIC_WRAPPED[name] = numericArgs(name, 'double');
NUMERIC_WRAPPED.$mod = numericArgs('$mod', 'promote');
for (const name of [
  '$arrayElemAt',
  '$slice',
  '$range',
  '$substr',
  '$substrBytes',
  '$substrCP',
  '$toBool',
  '$toDate',
])
  NUMERIC_WRAPPED[name] = numericArgs(name, 'same');
{
  const pow = numericArgs('$pow', 'double');
  NUMERIC_WRAPPED.$pow = (obj, expr, options) => {
    const xs = Array.isArray(expr) ? expr.map((e) => evalExpr(obj, e, options)) : [];
    const base = expressionOperators.$pow as unknown as BaseExpr;
    return Array.isArray(expr) ? powResult(base(obj, xs.map(literal), options), xs) : pow(obj, expr, options);
  };
}
Object.assign(NUMERIC_WRAPPED, {
  $toDouble: toOp('double'),
  $toInt: toOp('int'),
  $toLong: toOp('long'),
  $toDecimal: toOp('decimal'),
  $convert: convertOp,
  $toString: toStringOp,
});

// ------------------------------------------------------------------------------------------------
// Accumulators

/** Values of `expr` over the group; `expr` null means `coll` already holds the values (expression form). */
function pushValues(coll: unknown[], expr: unknown, options: Options): unknown[] {
  if (expr === null || expr === undefined) return coll;
  const push = accumulatorOperators.$push;
  return push(coll, expr, options);
}

const accTop = (name: '$topN' | '$bottomN') => (coll: unknown[], expr: unknown, options: Options) => {
  const base = accumulatorOperators[name] as unknown as (c: unknown[], e: unknown, o: Options) => unknown[];
  const r = base(coll, { ...(expr as Document), n: 1 }, options);
  return r[0] ?? null;
};

/**
 * `$sum` / `$avg` / `$min` / `$max` as expressions (`$project`, `$addFields` …): one operand that may be
 * an array, or a list of operands. mingo evaluates an accumulator with the group's documents as `obj`,
 * so an array `obj` means accumulator use.
 */
function accumulatorExpression(name: '$sum' | '$avg' | '$min' | '$max') {
  return (obj: unknown, expr: unknown, options: Options): unknown => {
    const acc = ACCUMULATOR_OPS[name];
    if (Array.isArray(obj)) return acc(obj, expr, options);
    const v = evalExpr(obj, expr, options);
    const values = Array.isArray(expr) ? (v as unknown[]) : Array.isArray(v) ? (v as unknown[]) : [v];
    return acc(values, null, options);
  };
}

const ACCUMULATOR_OPS = {
  $sum: (coll: unknown[], expr: unknown, options: Options) => {
    if (isNumeric(expr)) {
      const s = new NumericSum();
      for (let i = 0; i < coll.length; i++) s.push(expr);
      return s.sum();
    }
    return sumOf(pushValues(coll, expr, options)).sum();
  },
  $avg: (coll: unknown[], expr: unknown, options: Options) => sumOf(pushValues(coll, expr, options)).avg(),
  $min: (coll: unknown[], expr: unknown, options: Options) => extreme(pushValues(coll, expr, options), -1),
  $max: (coll: unknown[], expr: unknown, options: Options) => extreme(pushValues(coll, expr, options), 1),
  $top: accTop('$topN'),
  $bottom: accTop('$bottomN'),
};

// ------------------------------------------------------------------------------------------------
// Pipeline stages

function collatorOf(options: Options): StringCompare | undefined {
  const c = options.collation;
  if (!c || c.locale === 'simple') return undefined;
  const strength = c.strength ?? 3;
  const coll = new Intl.Collator(c.locale, {
    sensitivity: strength === 1 ? 'base' : strength === 2 ? 'accent' : 'variant',
    numeric: c.numericOrdering === true,
    caseFirst: c.caseFirst === 'upper' ? 'upper' : c.caseFirst === 'lower' ? 'lower' : 'false',
  });
  return (a, b) => coll.compare(a, b);
}

/** `$sort` in MongoDB's cross-type order (numbers by value across types; arrays by min/max element). */
const sortStage = (coll: Iterator, expr: unknown, options: Options): Iterator => {
  if (!isPlainObject(expr) || Object.keys(expr).length === 0)
    throw new EngineError(15976, 'Location15976', '$sort stage must have at least one sort key');
  const keys: Array<[string, number]> = Object.entries(expr).map(([k, v]) => [k, num(v) < 0 ? -1 : 1]);
  const cmp = collatorOf(options);
  return coll.transform((docs: unknown[]) => {
    const rows = docs.map((doc) => ({ doc, vals: keys.map(([k, d]) => sortValue(doc, k, d, cmp)) }));
    rows.sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const c = compareValues(a.vals[i], b.vals[i], cmp) * keys[i][1];
        if (c !== 0) return c;
      }
      return 0;
    });
    return Lazy(rows.map((r) => r.doc));
  });
};

/** `$bucket`: lower bounds inclusive, upper exclusive; empty buckets omitted; `_id` first. */
const bucketStage = (coll: Iterator, expr: unknown, options: Options): Iterator => {
  const spec = expr as { groupBy?: unknown; boundaries?: unknown; default?: unknown; output?: unknown };
  const bounds = spec.boundaries;
  if (!Array.isArray(bounds) || bounds.length < 2)
    throw new EngineError(
      40192,
      'Location40192',
      "The $bucket 'boundaries' field must have at least 2 values",
    );
  for (let i = 1; i < bounds.length; i++) {
    if (typeRank(bounds[i]) !== typeRank(bounds[i - 1]))
      throw new EngineError(
        40193,
        'Location40193',
        "All values in the the 'boundaries' option to $bucket must have the same type",
      );
    if (compareValues(bounds[i], bounds[i - 1]) <= 0)
      throw new EngineError(
        40194,
        'Location40194',
        "The 'boundaries' option to $bucket must be sorted in ascending order",
      );
  }
  const hasDefault = 'default' in spec;
  const lower = bounds[0] as unknown;
  const upper = bounds[bounds.length - 1] as unknown;
  if (
    hasDefault &&
    typeRank(spec.default) === typeRank(lower) &&
    compareValues(spec.default, lower) >= 0 &&
    compareValues(spec.default, upper) < 0
  )
    throw new EngineError(
      40199,
      'Location40199',
      "The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary.",
    );
  const output = isPlainObject(spec.output) ? spec.output : { count: { $sum: 1 } };
  return coll.transform((docs: unknown[]) => {
    const groups: unknown[][] = bounds.slice(0, -1).map(() => []);
    const fallback: unknown[] = [];
    for (const doc of docs) {
      const key = evalExpr(doc, spec.groupBy, options);
      const inRange =
        key !== undefined &&
        typeRank(key) === typeRank(lower) &&
        compareValues(key, lower) >= 0 &&
        compareValues(key, upper) < 0;
      if (!inRange) {
        if (!hasDefault)
          throw new EngineError(
            40066,
            'Location40066',
            `$switch could not find a matching branch for an input, and no default was specified.`,
          );
        fallback.push(doc);
        continue;
      }
      let lo = 0;
      let hi = bounds.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (compareValues(key, bounds[mid]) >= 0) lo = mid;
        else hi = mid;
      }
      groups[lo].push(doc);
    }
    const out: Document[] = [];
    const emit = (id: unknown, items: unknown[]): void => {
      const r: Document = { _id: id };
      for (const [field, acc] of Object.entries(output)) r[field] = evalExpr(items, acc, options);
      out.push(r);
    };
    groups.forEach((items, i) => {
      if (items.length) emit(bounds[i], items);
    });
    if (fallback.length) emit(spec.default, fallback);
    return Lazy(out);
  });
};

/** Moves `_id` to the front of computed documents (MongoDB writes it first; `null` if missing). */
function idFirstStage(name: '$bucketAuto' | '$sortByCount' | '$group') {
  const base = pipelineOperators[name] as unknown as (c: Iterator, e: unknown, o: Options) => Iterator;
  return (coll: Iterator, expr: unknown, options: Options): Iterator =>
    base(coll, expr, options).map((d: unknown) => {
      if (!isPlainObject(d) || Object.keys(d)[0] === '_id') return d;
      // mingo leaves `_id` out when the group key is missing; mongod writes `_id: null`.
      const r: Document = { _id: '_id' in d ? (d._id as unknown) : null };
      for (const [k, v] of Object.entries(d)) if (k !== '_id') r[k] = v as unknown;
      return r;
    });
}

/** Is this `$project` value an expression (computed field) rather than an inclusion/exclusion? */
function isComputed(v: unknown): boolean {
  if (typeof v === 'boolean' || isNumeric(v)) return false;
  if (isPlainObject(v)) return Object.keys(v).some((k) => k.startsWith('$'));
  return true;
}

/** Sub-specification of `key` in a projection: `{ key: {...} }` or the dotted `key.x` entries. */
function subSpec(spec: Document, key: string): Document {
  const direct = spec[key] as unknown;
  if (isPlainObject(direct) && !isComputed(direct)) return direct;
  const out: Document = {};
  for (const [k, v] of Object.entries(spec))
    if (k.startsWith(key + '.')) out[k.slice(key.length + 1)] = v as unknown;
  return out;
}

/**
 * MongoDB's field order for `$project`: `_id` first, then kept fields in the input document's order
 * (recursively), then computed fields in specification order.
 */
function projectOrder(input: unknown, output: unknown, spec: Document, top: boolean): unknown {
  if (!isPlainObject(input) || !isPlainObject(output)) return output;
  const res: Document = {};
  if (top && '_id' in output) res._id = output._id as unknown;
  for (const k of Object.keys(input)) {
    if (!(k in output) || k in res || (k in spec && isComputed(spec[k]))) continue;
    res[k] = projectOrder(input[k], output[k], subSpec(spec, k), false);
  }
  for (const path of Object.keys(spec)) {
    const k = path.split('.')[0] ?? path;
    if (k in output && !(k in res)) res[k] = output[k] as unknown;
  }
  for (const [k, v] of Object.entries(output)) if (!(k in res)) res[k] = v as unknown;
  return res;
}

const projectStage = (coll: Iterator, expr: unknown, options: Options): Iterator => {
  const base = pipelineOperators.$project as unknown as (c: Iterator, e: unknown, o: Options) => Iterator;
  if (!isPlainObject(expr)) return base(coll, expr, options);
  const inputs: unknown[] = [];
  const src = coll.map((d: unknown) => {
    inputs.push(d);
    return d;
  });
  return base(src, expr, options).map((out: unknown) => projectOrder(inputs.shift(), out, expr, true));
};

/**
 * A `$group` key as mingo sees it: equal for values MongoDB groups together (int 7, Long 7, Decimal
 * 7 …), carrying the first such value (not enumerable, so mingo's hash and equality ignore it).
 */
class GroupKey {
  declare readonly value: unknown;
  constructor(
    readonly key: string,
    value: unknown,
  ) {
    Object.defineProperty(this, 'value', { value, enumerable: false });
  }
  toString(): string {
    return this.key;
  }
}

const groupKeyExpr: BaseExpr = (obj, expr, options) => {
  const v = evalExpr(obj, expr, options) ?? null;
  return new GroupKey(valueKey(v), v);
};

/** `$group` with mongod's key equality across numeric types, `_id` first and `null` when missing. */
const groupStage = (coll: Iterator, expr: unknown, options: Options): Iterator => {
  const base = idFirstStage('$group');
  if (!isPlainObject(expr) || !('_id' in expr)) return base(coll, expr, options);
  const keyed = { ...expr, _id: { $__engineGroupKey: expr._id as unknown } };
  return base(coll, keyed, options).map((d: unknown) => {
    if (isPlainObject(d) && d._id instanceof GroupKey) d._id = d._id.value;
    return d;
  });
};

/**
 * Values of `path` in `doc` as mongod joins on them (`document_path_support::visitAllValuesAtPath`):
 * arrays along the path and at its end are expanded one level; nothing found → `[null]`.
 */
function lookupLocalValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  const visit = (v: unknown, parts: string[]): void => {
    if (parts.length === 0) {
      if (Array.isArray(v)) out.push(...(v as unknown[]));
      else if (v !== undefined) out.push(v);
      return;
    }
    if (Array.isArray(v)) for (const x of v as unknown[]) visit(x, parts);
    else if (isPlainObject(v)) visit(v[parts[0]], parts.slice(1));
  };
  visit(doc, path.split('.'));
  return out.length ? out : [null];
}

/**
 * `$lookup` with `localField`/`foreignField` AND `pipeline` (MongoDB 5.0+ concise correlated
 * subquery): per input document the foreign documents are first narrowed to
 * `{ $or: [{ <foreignField>: { $eq: v } } for each local value v] }` (mongod's
 * `DocumentSourceLookUp::makeMatchStageFromInput`: array elements expanded, missing/empty → null,
 * which matches a null or missing foreign field), then the pipeline runs over them with the `let`
 * variables. mingo alone would run the pipeline over every foreign document. Other forms go to mingo.
 */
const lookupStage = (coll: Iterator, expr: unknown, options: Options): Iterator => {
  const base = pipelineOperators.$lookup as unknown as (c: Iterator, e: unknown, o: Options) => Iterator;
  if (
    !isPlainObject(expr) ||
    typeof expr.localField !== 'string' ||
    typeof expr.foreignField !== 'string' ||
    !Array.isArray(expr.pipeline) ||
    expr.pipeline.length === 0
  )
    return base(coll, expr, options);
  const { localField, foreignField, pipeline, ...rest } = expr as Document & {
    localField: string;
    foreignField: string;
    pipeline: Document[];
  };
  // Resolve the foreign collection once (the resolver copies it), not once per input document.
  let from = rest.from as unknown;
  if (typeof from === 'string' && options.collectionResolver) from = options.collectionResolver(from);
  if (!Array.isArray(from)) return base(coll, expr, options);
  const foreign = from as unknown[];
  return coll.map((doc: unknown) => {
    const filter = {
      $or: lookupLocalValues(doc, localField).map((v) => ({ [foreignField]: { $eq: v } })),
    };
    const q = new Query(filter, options);
    const matched = foreign.filter((d) => q.test(d as AnyObject));
    return base(Lazy([doc]), { ...rest, from: matched, pipeline }, options).collect()[0];
  });
};

const ACCUMULATOR_EXPRESSIONS = {
  $sum: accumulatorExpression('$sum'),
  $avg: accumulatorExpression('$avg'),
  $min: accumulatorExpression('$min'),
  $max: accumulatorExpression('$max'),
};

const PIPELINE_OPS = {
  $project: projectStage,
  $sort: sortStage,
  $bucket: bucketStage,
  $bucketAuto: idFirstStage('$bucketAuto'),
  $sortByCount: idFirstStage('$sortByCount'),
  $group: groupStage,
  $lookup: lookupStage,
};

/** mingo's operators with the engine's overrides (later entries win). */
export const ENGINE_CONTEXT = Context.init({
  accumulator: { ...accumulatorOperators, ...ACCUMULATOR_OPS },
  expression: { ...expressionOperators, ...NUMERIC_WRAPPED, ...EXPRESSION_OPS, ...ACCUMULATOR_EXPRESSIONS },
  pipeline: { ...pipelineOperators, ...PIPELINE_OPS },
  projection: { ...projectionOperators },
  query: { ...queryOperators, ...QUERY_OPS } as never,
  window: { ...windowOperators },
});

function withContext(options: Partial<Options> | undefined): Partial<Options> {
  return { scriptEnabled: false, ...options, context: ENGINE_CONTEXT };
}

/** mingo Query with the engine's operators. */
export class Query extends BaseQuery {
  constructor(condition: AnyObject, options?: Partial<Options>) {
    super(condition, withContext(options));
  }
}

/** mingo Aggregator with the engine's operators. */
export class Aggregator extends BaseAggregator {
  constructor(pipeline: AnyObject[], options?: Partial<Options>) {
    super(pipeline, withContext(options));
  }
}
