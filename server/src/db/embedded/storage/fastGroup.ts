/**
 * A compiled `$group` for the common shape — group keys made of field paths, literals, `$ifNull`,
 * `$dateToString` (UTC) and `$size` / `$add` of such, with `$sum` and `$push` accumulators — run as one loop over the
 * input instead of through mingo's generic expression evaluator (which costs ~20–50 µs per document and
 * expression: a dashboard `$group` over 20k posts took seconds). Semantics are mongod's and the engine's:
 * keys equal across numeric types ({@link valueKey}), `_id` first and `null` when missing, `$sum` through {@link NumericSum} (int → long →
 * double → decimal, non-numerics skipped).
 *
 * Anything else is not compiled ({@link compileGroup} returns undefined) and a value the compiled form does not
 * handle exactly (an array inside a path, a field of an expression object that is missing, `$size` of a non-array, `$add` beyond int32, a date out of
 * years 0–9999) makes {@link runCompiledGroup} return undefined: the caller then runs the stage through mingo,
 * which gives the same result or mongod's error. Never used with a collation or `let` variables.
 */
import type { Document } from 'bson';
import { NumericSum, isInt32Number, isNumeric } from './numeric';
import { isPlainObject, valueKey } from './values';

/** Raised while evaluating: this document needs the generic evaluator (one instance, never escapes). */
class Fallback extends Error {}
const FALLBACK = new Fallback('needs the generic $group');

type Compiled = (doc: Document) => unknown;

function compilePath(path: string): Compiled | undefined {
  if (path.startsWith('$$') || path.length < 2) return undefined;
  const parts = path.slice(1).split('.');
  if (parts.some((p) => p === '' || p.startsWith('$'))) return undefined;
  return (doc) => {
    let v: unknown = doc;
    for (let i = 0; i < parts.length; i++) {
      if (Array.isArray(v)) throw FALLBACK; // paths through arrays yield arrays of values: generic path
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Document)[parts[i]];
    }
    return v;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Milliseconds of the finest unit a format specifier shows (its result is constant within that unit). */
const UNIT_MS: Record<string, number> = {
  Y: 86_400_000,
  m: 86_400_000,
  d: 86_400_000,
  j: 86_400_000,
  H: 3_600_000,
  M: 60_000,
  S: 1000,
  L: 1,
};

/**
 * `$dateToString` formats of UTC fields only (%Y %m %d %H %M %S %L %j %%), compiled to a function. Results are
 * memoised per unit of the finest field shown (hour buckets of 20k posts format a few hundred strings).
 */
function compileDateFormat(format: string): ((d: Date) => string) | undefined {
  const pieces: Array<string | ((d: Date) => string)> = [];
  let unit = 86_400_000;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      pieces.push(c);
      continue;
    }
    const f = format[++i];
    if (f === 'Y') pieces.push((d) => pad(d.getUTCFullYear(), 4));
    else if (f === 'm') pieces.push((d) => pad(d.getUTCMonth() + 1, 2));
    else if (f === 'd') pieces.push((d) => pad(d.getUTCDate(), 2));
    else if (f === 'H') pieces.push((d) => pad(d.getUTCHours(), 2));
    else if (f === 'M') pieces.push((d) => pad(d.getUTCMinutes(), 2));
    else if (f === 'S') pieces.push((d) => pad(d.getUTCSeconds(), 2));
    else if (f === 'L') pieces.push((d) => pad(d.getUTCMilliseconds(), 3));
    else if (f === 'j')
      pieces.push((d) =>
        pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3),
      );
    else if (f === '%') pieces.push('%');
    else return undefined;
    if (f !== '%') unit = Math.min(unit, UNIT_MS[f]);
  }
  const memo = new Map<number, string>();
  return (d) => {
    const slot = Math.floor(d.getTime() / unit);
    let out = memo.get(slot);
    if (out === undefined) {
      out = pieces.map((p) => (typeof p === 'string' ? p : p(d))).join('');
      if (memo.size < 10_000) memo.set(slot, out);
    }
    return out;
  };
}

/** Compiles an aggregation expression of the supported subset, or undefined. */
function compileExpr(expr: unknown, top: boolean): Compiled | undefined {
  if (typeof expr === 'string') return expr.startsWith('$') ? compilePath(expr) : () => expr;
  if (expr === null || typeof expr === 'boolean' || (typeof expr === 'number' && Number.isFinite(expr)))
    return () => expr;
  if (Array.isArray(expr)) {
    // An array expression: its elements evaluated, missing ones as null.
    const items = expr.map((x) => compileExpr(x, false));
    if (items.some((f) => !f)) return undefined;
    return (doc) => items.map((f) => (f as Compiled)(doc) ?? null);
  }
  if (!isPlainObject(expr)) return undefined;
  const keys = Object.keys(expr);
  if (keys.length === 1 && keys[0].startsWith('$')) {
    const arg = expr[keys[0]] as unknown;
    switch (keys[0]) {
      case '$ifNull': {
        if (!Array.isArray(arg) || arg.length !== 2) return undefined;
        const a = compileExpr(arg[0], false);
        const b = compileExpr(arg[1], false);
        if (!a || !b) return undefined;
        return (doc) => {
          const v = a(doc);
          return v === undefined || v === null ? b(doc) : v;
        };
      }
      case '$size': {
        const a = compileExpr(Array.isArray(arg) && arg.length === 1 ? arg[0] : arg, false);
        if (!a || (Array.isArray(arg) && arg.length !== 1)) return undefined;
        return (doc) => {
          const v = a(doc);
          if (!Array.isArray(v)) throw FALLBACK; // mongod's error comes from the generic path
          return v.length;
        };
      }
      case '$add': {
        if (!Array.isArray(arg)) return undefined;
        const parts = arg.map((x) => compileExpr(x, false));
        if (parts.some((p) => !p)) return undefined;
        const fs = parts as Compiled[];
        return (doc) => {
          let sum = 0;
          for (const f of fs) {
            const v = f(doc);
            // int32 operands only (other types promote or null out: generic path)
            if (typeof v !== 'number' || !isInt32Number(v)) throw FALLBACK;
            sum += v;
          }
          if (!isInt32Number(sum)) throw FALLBACK;
          return sum;
        };
      }
      case '$dateToString': {
        if (!isPlainObject(arg) || typeof arg.format !== 'string') return undefined;
        if (Object.keys(arg).some((k) => k !== 'format' && k !== 'date')) return undefined;
        const date = compileExpr(arg.date, false);
        const format = compileDateFormat(arg.format);
        if (!date || !format) return undefined;
        return (doc) => {
          const d = date(doc);
          if (d === undefined || d === null) return null; // mongod: null or missing date → null
          if (!(d instanceof Date)) throw FALLBACK;
          const y = d.getUTCFullYear();
          if (!(y >= 0 && y <= 9999)) throw FALLBACK;
          return format(d);
        };
      }
      default:
        return undefined;
    }
  }
  // An expression object (the group key, possibly nested).
  if (!top && !keys.length) return undefined;
  if (keys.some((k) => k.startsWith('$') || k.includes('.'))) return undefined;
  const fields = keys.map((k) => [k, compileExpr(expr[k], true)] as const);
  if (fields.some(([, f]) => !f)) return undefined;
  return (doc) => {
    const out: Document = {};
    for (const [k, f] of fields) {
      const v = (f as Compiled)(doc);
      // A missing field: the generic evaluator decides its shape (the engine answers it as null).
      if (v === undefined) throw FALLBACK;
      out[k] = v;
    }
    return out;
  };
}

export interface CompiledGroup {
  id: Compiled;
  /** The group key of an `_id` value (for an expression object: its fields' keys, in specification order). */
  key: (id: unknown) => string;
  accumulators: Array<{ name: string; op: '$sum' | '$push'; constant: unknown; value: Compiled | null }>;
}

/** The compiled form of a `$group` specification, or undefined when it is outside the supported subset. */
export function compileGroup(spec: unknown): CompiledGroup | undefined {
  if (!isPlainObject(spec) || !('_id' in spec)) return undefined;
  const id = compileExpr(spec._id, true);
  if (!id) return undefined;
  // Every value of an expression-object `_id` has all its fields in specification order (a missing one falls
  // back), so joining the fields' keys identifies it as `valueKey` of the whole object would, more cheaply.
  const idFields =
    isPlainObject(spec._id) && !Object.keys(spec._id)[0]?.startsWith('$') ? Object.keys(spec._id) : null;
  const key = idFields
    ? (v: unknown) => {
        if (!isPlainObject(v)) return valueKey(v);
        let k = '';
        for (const f of idFields) k += valueKey(v[f]) + '\u0000';
        return k;
      }
    : (v: unknown) => valueKey(v);
  const accumulators: CompiledGroup['accumulators'] = [];
  for (const [name, acc] of Object.entries(spec)) {
    if (name === '_id') continue;
    if (name.includes('.') || name.startsWith('$')) return undefined;
    if (!isPlainObject(acc) || Object.keys(acc).length !== 1) return undefined;
    const op = Object.keys(acc)[0];
    if (op !== '$sum' && op !== '$push') return undefined;
    const arg = acc[op] as unknown;
    if (op === '$sum' && isNumeric(arg)) accumulators.push({ name, op, constant: arg, value: null });
    else {
      if (Array.isArray(arg)) return undefined;
      const value = compileExpr(arg, false);
      if (!value) return undefined;
      accumulators.push({ name, op, constant: undefined, value });
    }
  }
  return { id, key, accumulators };
}

/**
 * Runs a compiled `$group` over `docs`: groups in order of first appearance, `{ _id, <accumulators> }` in
 * specification order. Undefined when a document needs the generic evaluator.
 */
export function runCompiledGroup(group: CompiledGroup, docs: Iterable<Document>): Document[] | undefined {
  const groups = new Map<string, { id: unknown; sums: Array<NumericSum | unknown[]> }>();
  const n = group.accumulators.length;
  try {
    for (const doc of docs) {
      const id = group.id(doc);
      const value = id === undefined ? null : id;
      const key = group.key(value);
      let g = groups.get(key);
      if (!g) {
        g = {
          id: value,
          sums: group.accumulators.map((a) => (a.op === '$sum' ? new NumericSum() : [])),
        };
        groups.set(key, g);
      }
      for (let i = 0; i < n; i++) {
        const acc = group.accumulators[i];
        const v = acc.value ? acc.value(doc) : acc.constant;
        const state = g.sums[i];
        if (Array.isArray(state)) {
          if (v === undefined) throw FALLBACK; // a missing value: the generic path decides (null here)
          state.push(v);
        } else state.push(v);
      }
    }
  } catch (err) {
    if (err === FALLBACK) return undefined;
    throw err;
  }
  const out: Document[] = [];
  for (const g of groups.values()) {
    const d: Document = { _id: g.id };
    for (let i = 0; i < n; i++) {
      const state = g.sums[i];
      d[group.accumulators[i].name] = Array.isArray(state) ? state : state.sum();
    }
    out.push(d);
  }
  return out;
}
