/**
 * Update application on top of mingo's updater: `$setOnInsert` (ours), `$set: { _id: <same> }` allowed,
 * _id immutability (66 ImmutableField), replacement documents, pipeline updates, upsert seeding from
 * the filter's equality conditions.
 */
import { Aggregator, ENGINE_CONTEXT } from '../storage/mingo';
import { update as mingoUpdate } from 'mingo/updater';
import type { Modifier } from 'mingo/updater';
import type { Options } from 'mingo/types';
import { ObjectId } from 'bson';
import type { Document } from 'bson';
import { EngineError, failedToParse, toEngineError } from '../errors';
import { MINGO_BASE, cloneValue, isPlainObject, renderValue, setPath, valueKey } from '../storage/values';
import { normalizePlain } from '../storage/numeric';
import { OWN_OPERATORS, applyOwnOperators, checkArrayTargets, resolvePositional } from './updateOperators';

const MODIFIERS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$rename',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$pull',
  '$pullAll',
  '$pop',
  '$addToSet',
  '$bit',
  '$setOnInsert',
]);

export type UpdateSpec = Document | Document[];

export interface UpdateOptions {
  arrayFilters?: Document[];
  filter?: Document;
  mingo?: Partial<Options>;
}

export function isReplacement(u: UpdateSpec): boolean {
  return !Array.isArray(u) && !Object.keys(u).some((k) => k.startsWith('$'));
}

export function validateUpdate(u: unknown): UpdateSpec {
  if (Array.isArray(u)) {
    for (const st of u)
      if (!isPlainObject(st)) throw failedToParse('Each element of the pipeline update must be an object');
    return u as Document[];
  }
  if (!isPlainObject(u)) throw failedToParse('Update argument must be either an object or an array');
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length > 0 && ops.length !== keys.length) {
    const bad = keys.find((k) => !k.startsWith('$')) ?? '';
    throw failedToParse(
      `Unknown modifier: ${bad}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  for (const op of ops) {
    if (!MODIFIERS.has(op))
      throw failedToParse(
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    if (!isPlainObject(u[op]))
      throw failedToParse(
        `Modifiers operate on fields but we found type ${typeof u[op]} instead. For example: {$mod: {<field>: ...}} not {${op}: ${String(u[op])}}`,
      );
  }
  return u;
}

function immutable(path = '_id'): EngineError {
  return new EngineError(
    66,
    'ImmutableField',
    `Performing an update on the path '${path}' would modify the immutable field '${path}'`,
  );
}

function idFirst(doc: Document, id: unknown): Document {
  if (Object.keys(doc)[0] === '_id') return doc;
  const out: Document = { _id: id };
  for (const [k, v] of Object.entries(doc)) if (k !== '_id') out[k] = v as unknown;
  return out;
}

function runPipeline(doc: Document, pipeline: Document[], opts: UpdateOptions): Document {
  try {
    const out = new Aggregator(pipeline, { ...MINGO_BASE, ...opts.mingo }).run<Document>([cloneValue(doc)]);
    return out[0] ?? {};
  } catch (err) {
    throw toEngineError(err);
  }
}

/**
 * Applies `u` to a copy of `doc` and returns the new document (the input is never mutated).
 * `inserting` merges `$setOnInsert` into `$set`.
 */
export function applyUpdate(doc: Document, u: UpdateSpec, opts: UpdateOptions, inserting = false): Document {
  const id = doc._id as unknown;
  const hadId = '_id' in doc;
  if (Array.isArray(u)) {
    const out = runPipeline(doc, u, opts);
    if (hadId && valueKey(out._id) !== valueKey(id)) throw immutable();
    return hadId ? idFirst(out, id) : out;
  }
  if (isReplacement(u)) {
    const r = u;
    if ('_id' in r && hadId && valueKey(r._id) !== valueKey(id)) {
      throw new EngineError(
        66,
        'ImmutableField',
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${renderValue(r._id)}`,
      );
    }
    const out: Document = hadId ? { _id: id } : {};
    for (const [k, v] of Object.entries(r)) if (k !== '_id' || !hadId) out[k] = cloneValue(v as unknown);
    return out;
  }
  checkConflicts(u, inserting);
  const modifier: Document = {};
  for (const [op, fields] of Object.entries(u)) {
    if (op === '$setOnInsert') continue;
    modifier[op] = { ...(fields as Document) };
  }
  if (inserting && isPlainObject(u.$setOnInsert))
    modifier.$set = { ...(modifier.$set as Document | undefined), ...u.$setOnInsert };
  const set = modifier.$set as Document | undefined;
  if (set && '_id' in set) {
    if (hadId && valueKey(set._id) !== valueKey(id)) throw immutable();
    if (hadId) delete set._id;
  }
  for (const op of [
    '$unset',
    '$rename',
    '$inc',
    '$mul',
    '$min',
    '$max',
    '$push',
    '$pull',
    '$addToSet',
    '$pop',
    '$bit',
    '$currentDate',
  ]) {
    const f = modifier[op] as Document | undefined;
    if (!f) continue;
    for (const k of Object.keys(f)) if (k === '_id' || k.startsWith('_id.')) throw immutable(k);
    if (op === '$rename') {
      for (const v of Object.values(f)) if (v === '_id') throw immutable();
      // mongod: a positional or array-filter path in $rename → 2 BadValue (mingo would rename through it).
      for (const [from, to] of Object.entries(f)) {
        const dynamic = (p: unknown): boolean =>
          typeof p === 'string' && p.split('.').some((x) => x.startsWith('$'));
        if (dynamic(from))
          throw new EngineError(2, 'BadValue', `The source field for $rename may not be dynamic: ${from}`);
        if (dynamic(to))
          throw new EngineError(
            2,
            'BadValue',
            `The destination field for $rename may not be dynamic: ${String(to)}`,
          );
      }
    }
  }
  for (const [op, f] of Object.entries(modifier))
    if (isPlainObject(f) && Object.keys(f).length === 0) delete modifier[op];
  resolvePositional(doc, modifier, opts);
  const out = cloneValue(doc);
  const own: Document = {};
  for (const op of OWN_OPERATORS) {
    if (modifier[op] === undefined) continue;
    own[op] = modifier[op] as unknown;
    delete modifier[op];
  }
  applyOwnOperators(out, own, opts);
  for (const op of ['$pop', '$pull', '$pullAll', '$bit']) {
    const f = modifier[op] as Document | undefined;
    if (f) {
      modifier[op] = normalizePlain({ ...f });
      checkArrayTargets(out, op, f);
    }
  }
  if (Object.keys(modifier).length > 0) {
    try {
      // No condition: the document already matched, and `$` is resolved above. Passing the filter
      // made mingo re-test it after our own operators ran (a `$set` of a filtered field → nothing applied).
      mingoUpdate(
        out,
        modifier as Modifier<Document>,
        opts.arrayFilters,
        {},
        {
          cloneMode: 'copy',
          queryOptions: { ...MINGO_BASE, ...opts.mingo, context: ENGINE_CONTEXT },
        },
      );
    } catch (err) {
      throw toEngineError(err);
    }
  }
  if (hadId && valueKey(out._id) !== valueKey(id)) throw immutable();
  return out;
}

/** Two operators touching the same path (or a path and its prefix) → 40 ConflictingUpdateOperators. */
function checkConflicts(u: Document, inserting: boolean): void {
  const seen: string[] = [];
  for (const [op, fields] of Object.entries(u)) {
    if (op === '$setOnInsert' && !inserting) continue;
    if (!isPlainObject(fields)) continue;
    const paths = Object.keys(fields);
    if (op === '$rename') for (const v of Object.values(fields)) if (typeof v === 'string') paths.push(v);
    for (const p of paths) {
      const base = p;
      for (const q of seen) {
        if (base === q || base.startsWith(q + '.') || q.startsWith(base + '.')) {
          throw new EngineError(
            40,
            'ConflictingUpdateOperators',
            `Updating the path '${p}' would create a conflict at '${q}'`,
          );
        }
      }
      seen.push(base);
    }
  }
}

/** Seed document for an upsert: equality fields of the filter (top-level and `$and`). */
export function seedFromFilter(filter: Document): Document {
  const seed: Document = {};
  const visit = (f: Document): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) setPath(seed, k, cloneValue(v.$eq));
        continue;
      }
      if (v instanceof RegExp) continue;
      setPath(seed, k, cloneValue(v));
    }
  };
  visit(filter);
  return seed;
}

/** Builds the document an upsert inserts. */
export function upsertDocument(filter: Document, u: UpdateSpec, opts: UpdateOptions): Document {
  const seed = seedFromFilter(filter);
  let doc: Document;
  if (!Array.isArray(u) && isReplacement(u)) {
    doc = { ...('_id' in seed ? { _id: seed._id as unknown } : {}), ...cloneValue(u) };
  } else {
    doc = applyUpdate(seed, u, { ...opts, filter: {} }, true);
  }
  if (!('_id' in doc)) return idFirst(doc, new ObjectId());
  return idFirst(doc, doc._id);
}

export { idFirst };
