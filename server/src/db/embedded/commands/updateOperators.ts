/**
 * The update operators whose result depends on value types, implemented by the engine rather than
 * mingo's updater: `$set`, `$inc`, `$mul`, `$min`, `$max`, `$currentDate`, `$push` and `$addToSet`.
 * They keep BSON numeric types (numeric.ts), apply `$push`/`$addToSet` modifiers on missing fields too,
 * and refuse a value of the wrong type with mongod's error instead of silently changing nothing:
 *
 * - a path through a non-document (`$set: { "name.first": 1 }` on a string) → 28 PathNotViable;
 * - `$inc`/`$mul` on a non-number → 14 TypeMismatch, with a non-numeric argument → 14;
 * - `$push` on a non-array → 2 BadValue, `$addToSet` on a non-array → 2 BadValue;
 * - `$pop` on a non-array → 14, `$pull`/`$pullAll` on a non-array → 2 (checked before mingo applies them).
 *
 * Paths support `a.0.b`, positional `$` (first element matched by the filter), `$[]` and `$[id]` with
 * `arrayFilters`.
 */
import { Timestamp } from 'bson';
import type { Document } from 'bson';
import type { Options } from 'mingo/types';
import { EngineError, badValue, typeMismatch } from '../errors';
import { Query } from '../storage/mingo';
import { add, bsonTypeName, isNumeric, multiply, normalizePlain, num, zeroLike } from '../storage/numeric';
import {
  MINGO_BASE,
  cloneValue,
  compareValues,
  getPath,
  isPlainObject,
  pathValues,
  renderValue,
  setPath,
  valueKey,
} from '../storage/values';

/** Operators applied here (the rest go to mingo's updater). */
export const OWN_OPERATORS = [
  '$set',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$addToSet',
] as const;

export interface OwnUpdateOptions {
  arrayFilters?: Document[];
  filter?: Document;
  mingo?: Partial<Options>;
}

type Target = (container: Document | unknown[], key: string | number) => void;

interface WalkState {
  doc: Document;
  opts: OwnUpdateOptions;
  filters: Map<string, Query> | undefined;
  positional: Map<string, number>;
}

function pathNotViable(field: string, parent: string, value: unknown): EngineError {
  return new EngineError(
    28,
    'PathNotViable',
    `Cannot create field '${field}' in element {${parent}: ${renderValue(value)}}`,
  );
}

function idOf(doc: Document): string {
  return `{_id: ${renderValue(doc._id)}}`;
}

function arrayFilterQueries(state: WalkState): Map<string, Query> {
  if (state.filters) return state.filters;
  const grouped = new Map<string, Document>();
  for (const f of state.opts.arrayFilters ?? []) {
    for (const [k, v] of Object.entries(f)) {
      const id = k.split('.')[0] ?? k;
      const g = grouped.get(id) ?? {};
      g[k] = v as unknown;
      grouped.set(id, g);
    }
  }
  const out = new Map<string, Query>();
  for (const [id, cond] of grouped) out.set(id, new Query(cond, { ...MINGO_BASE, ...state.opts.mingo }));
  state.filters = out;
  return out;
}

/** Index of the first element of the array at `arrPath` that the update's filter matched (`$`). */
function positionalIndex(state: WalkState, arrPath: string, arr: unknown[]): number {
  const cached = state.positional.get(arrPath);
  if (cached !== undefined) return cached;
  const conds: Document = {};
  const visit = (f: Document): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) for (const sub of v) if (isPlainObject(sub)) visit(sub);
      if (k === arrPath || k.startsWith(arrPath + '.')) conds[k] = v as unknown;
    }
  };
  visit(state.opts.filter ?? {});
  const fail = badValue('The positional operator did not find the match needed from the query.');
  if (Object.keys(conds).length === 0) throw fail;
  const q = new Query(conds, { ...MINGO_BASE, ...state.opts.mingo });
  for (let i = 0; i < arr.length; i++) {
    const probe: Document = {};
    setPath(probe, arrPath, [arr[i]]);
    if (q.test(probe)) {
      state.positional.set(arrPath, i);
      return i;
    }
  }
  throw fail;
}

/**
 * Rewrites every positional `$` in the update's paths to the index it designates in `original` (the
 * document as the filter matched it, before any operator ran), so all operators see the same element
 * and mingo's updater needs no filter. mongod resolves `$` once, against the matched document; re-testing
 * the filter after `$set` changed a filtered field would otherwise skip the remaining operators.
 * A `$` whose array is missing stays as is (the operators then refuse it with mongod's error).
 *
 * @param modifier `{ $op: { path: arg } }`, rewritten in place.
 * @throws 2 BadValue when the array exists but the filter matched none of its elements.
 */
export function resolvePositional(original: Document, modifier: Document, opts: OwnUpdateOptions): void {
  const state: WalkState = { doc: original, opts, filters: undefined, positional: new Map() };
  for (const [op, fields] of Object.entries(modifier)) {
    // `$rename` never takes a positional path (mingo refuses it as mongod does): leave it to that check.
    if (op === '$rename') continue;
    if (!isPlainObject(fields) || !Object.keys(fields).some((k) => k.split('.').includes('$'))) continue;
    const next: Document = {};
    for (const [path, arg] of Object.entries(fields)) {
      const parts = path.split('.');
      const at = parts.indexOf('$');
      const prefix = parts.slice(0, at).join('.');
      const arr = at > 0 && !prefix.includes('$') ? getPath(original, prefix) : undefined;
      if (Array.isArray(arr)) parts[at] = String(positionalIndex(state, prefix, arr));
      next[parts.join('.')] = arg as unknown;
    }
    modifier[op] = next;
  }
}

/**
 * Calls `target(container, key)` for every place `path` designates, creating missing documents on
 * the way (as mongod does for these operators). Throws 28 PathNotViable through a non-container.
 */
function forEachTarget(state: WalkState, path: string, target: Target): void {
  const parts = path.split('.');
  const walk = (cur: Document | unknown[], i: number, parentName: string): void => {
    const part = parts[i];
    const last = i === parts.length - 1;
    const prefix = parts.slice(0, i).join('.');
    if (Array.isArray(cur)) {
      let indexes: number[];
      if (part === '$') indexes = [positionalIndex(state, prefix, cur)];
      else if (part === '$[]') indexes = cur.map((_, j) => j);
      else if (part.startsWith('$[') && part.endsWith(']')) {
        const id = part.slice(2, -1);
        const q = arrayFilterQueries(state).get(id);
        if (!q) throw badValue(`No array filter found for identifier '${id}' in path '${path}'`);
        indexes = [];
        for (let j = 0; j < cur.length; j++) if (q.test({ [id]: cur[j] as unknown })) indexes.push(j);
      } else if (/^\d+$/.test(part)) indexes = [Number(part)];
      else throw pathNotViable(part, parentName, cur);
      for (const j of indexes) {
        if (last) {
          while (cur.length < j) cur.push(null);
          target(cur, j);
          continue;
        }
        let child = cur[j] as unknown;
        if (child === undefined) {
          while (cur.length < j) cur.push(null);
          child = {};
          cur[j] = child;
        }
        if (isPlainObject(child) || Array.isArray(child)) walk(child, i + 1, String(j));
        else throw pathNotViable(parts[i + 1] ?? '', String(j), child);
      }
      return;
    }
    if (part === '$' || part.startsWith('$['))
      throw badValue(
        part === '$'
          ? 'The positional operator did not find the match needed from the query.'
          : `Cannot apply array updates to non-array element ${parentName}: ${renderValue(cur)}`,
      );
    if (last) {
      target(cur, part);
      return;
    }
    let child = cur[part] as unknown;
    if (child === undefined) {
      child = {};
      cur[part] = child;
    }
    if (isPlainObject(child) || Array.isArray(child)) walk(child, i + 1, part);
    else throw pathNotViable(parts[i + 1] ?? '', part, child);
  };
  walk(state.doc, 0, '');
}

function read(c: Document | unknown[], k: string | number): unknown {
  return (c as Record<string | number, unknown>)[k];
}

function write(c: Document | unknown[], k: string | number, v: unknown): void {
  (c as Record<string | number, unknown>)[k] = v;
}

function lastField(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? path : path.slice(i + 1);
}

let tsCounter = 0;
let tsSecond = 0;

/** A fresh Timestamp (seconds since the epoch, increment within the second), as mongod generates. */
function nowTimestamp(): Timestamp {
  const t = Math.floor(Date.now() / 1000);
  if (t !== tsSecond) {
    tsSecond = t;
    tsCounter = 0;
  }
  tsCounter++;
  return new Timestamp({ t, i: tsCounter });
}

function sortElements(arr: unknown[], spec: unknown): void {
  if (isPlainObject(spec)) {
    const keys = Object.entries(spec).map(([k, d]) => [k, num(d) < 0 ? -1 : 1] as const);
    arr.sort((a, b) => {
      for (const [k, d] of keys) {
        const va = isPlainObject(a) ? (pathValues(a, k)[0] ?? null) : null;
        const vb = isPlainObject(b) ? (pathValues(b, k)[0] ?? null) : null;
        const c = compareValues(va, vb) * d;
        if (c !== 0) return c;
      }
      return 0;
    });
    return;
  }
  const d = num(spec) < 0 ? -1 : 1;
  arr.sort((a, b) => compareValues(a, b) * d);
}

function checkPushSpec(field: string, spec: Document): void {
  for (const k of Object.keys(spec)) {
    if (!['$each', '$slice', '$sort', '$position'].includes(k))
      throw badValue(`Unrecognized clause in $push: ${k}`);
  }
  if (!Array.isArray(spec.$each))
    throw badValue(
      `The argument to $each in $push must be an array but it was of type: ${bsonTypeName(spec.$each)}`,
    );
  if (spec.$slice !== undefined && !isNumeric(spec.$slice))
    throw badValue(
      `The value for $slice must be an integer value but was given type: ${bsonTypeName(spec.$slice)}`,
    );
  if (spec.$position !== undefined && !isNumeric(spec.$position))
    throw badValue(
      `The value for $position must be an integer value, not of type: ${bsonTypeName(spec.$position)}`,
    );
  if (spec.$sort !== undefined) {
    const s = spec.$sort as unknown;
    const ok = isPlainObject(s)
      ? Object.keys(s).length > 0 && Object.values(s).every((v) => num(v) === 1 || num(v) === -1)
      : num(s) === 1 || num(s) === -1;
    if (!ok)
      throw badValue(
        `The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields (field '${field}')`,
      );
  }
}

/** Applies the engine's own operators to `doc` in place. */
export function applyOwnOperators(doc: Document, ops: Document, opts: OwnUpdateOptions): void {
  const state: WalkState = { doc, opts, filters: undefined, positional: new Map() };
  for (const [op, fields] of Object.entries(ops)) {
    for (const [path, arg] of Object.entries(fields as Document)) {
      const field = lastField(path);
      switch (op) {
        case '$set':
          forEachTarget(state, path, (c, k) => write(c, k, cloneValue(arg)));
          break;
        case '$inc':
        case '$mul': {
          if (!isNumeric(arg))
            throw typeMismatch(
              `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${renderValue(arg)}}`,
            );
          forEachTarget(state, path, (c, k) => {
            const cur = read(c, k);
            if (cur === undefined) {
              write(c, k, op === '$inc' ? arg : zeroLike(arg));
              return;
            }
            if (!isNumeric(cur))
              throw typeMismatch(
                `Cannot apply ${op} to a value of non-numeric type. ${idOf(doc)} has the field '${field}' of non-numeric type ${bsonTypeName(cur)}`,
              );
            write(c, k, op === '$inc' ? add(cur, arg) : multiply(cur, arg));
          });
          break;
        }
        case '$min':
        case '$max':
          forEachTarget(state, path, (c, k) => {
            const cur = read(c, k);
            const cmp = cur === undefined ? 0 : compareValues(arg, cur);
            if (cur === undefined || (op === '$min' ? cmp < 0 : cmp > 0)) write(c, k, cloneValue(arg));
          });
          break;
        case '$currentDate': {
          let kind = 'date';
          if (isPlainObject(arg)) {
            const t = arg.$type as unknown;
            if (Object.keys(arg).length !== 1 || (t !== 'date' && t !== 'timestamp'))
              throw badValue(
                "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
              );
            kind = t;
          } else if (typeof arg !== 'boolean')
            throw badValue(
              `${path} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
            );
          forEachTarget(state, path, (c, k) =>
            write(c, k, kind === 'timestamp' ? nowTimestamp() : new Date()),
          );
          break;
        }
        case '$push':
        case '$addToSet': {
          const withEach = isPlainObject(arg) && '$each' in arg;
          if (withEach && op === '$push') checkPushSpec(field, arg);
          if (withEach && op === '$addToSet') {
            if (Object.keys(arg).length !== 1)
              throw badValue(`Found unexpected fields after $each in $addToSet: ${renderValue(arg)}`);
            if (!Array.isArray(arg.$each))
              throw typeMismatch(
                `The argument to $each in $addToSet must be an array but it was of type ${bsonTypeName(arg.$each)}`,
              );
          }
          const items = withEach ? (arg.$each as unknown[]) : [arg];
          forEachTarget(state, path, (c, k) => {
            const cur = read(c, k);
            if (cur !== undefined && !Array.isArray(cur)) {
              if (op === '$push')
                throw badValue(
                  `The field '${field}' must be an array but is of type ${bsonTypeName(cur)} in document ${idOf(doc)}`,
                );
              throw badValue(
                `Cannot apply $addToSet to non-array field. Field named '${field}' has non-array type ${bsonTypeName(cur)}`,
              );
            }
            const arr: unknown[] = cur === undefined ? [] : cur;
            if (op === '$addToSet') {
              const seen = new Set(arr.map((x) => valueKey(x)));
              for (const x of items) {
                const key = valueKey(x);
                if (seen.has(key)) continue;
                seen.add(key);
                arr.push(cloneValue(x));
              }
              write(c, k, arr);
              return;
            }
            const spec: Document = withEach ? arg : {};
            const added: unknown[] = items.map((x: unknown) => cloneValue(x));
            if (spec.$position !== undefined) {
              let pos = Math.trunc(num(spec.$position));
              if (pos < 0) pos = Math.max(0, arr.length + pos);
              arr.splice(Math.min(pos, arr.length), 0, ...added);
            } else arr.push(...added);
            if (spec.$sort !== undefined) sortElements(arr, spec.$sort);
            let result = arr;
            if (spec.$slice !== undefined) {
              const n = Math.trunc(num(spec.$slice));
              result = n >= 0 ? arr.slice(0, n) : n === 0 ? [] : arr.slice(Math.max(0, arr.length + n));
            }
            write(c, k, result);
          });
          break;
        }
        default:
          break;
      }
    }
  }
}

/** `$pop` / `$pull` / `$pullAll` / `$bit` on an existing value of the wrong type → mongod's error. */
export function checkArrayTargets(doc: Document, op: string, fields: Document): void {
  for (const [path, arg] of Object.entries(fields)) {
    if (path.includes('$')) continue;
    const cur = getPath(doc, path);
    if (cur === undefined || (cur === null && op !== '$bit')) continue;
    if (op === '$bit') {
      const k = bsonTypeName(cur);
      if (k !== 'int' && k !== 'long')
        throw badValue(
          `Cannot apply $bit to a value of non-integral type.${idOf(doc)} has the field ${lastField(path)} of non-integer type ${k}`,
        );
      continue;
    }
    if (Array.isArray(cur)) {
      if (op === '$pullAll' && !Array.isArray(normalizePlain(arg)))
        throw badValue(`$pullAll requires an array argument but was given a ${bsonTypeName(arg)}`);
      continue;
    }
    if (op === '$pop')
      throw typeMismatch(`Path '${path}' contains an element of non-array type '${bsonTypeName(cur)}'`);
    throw badValue('Cannot apply $pull to a non-array value');
  }
}
