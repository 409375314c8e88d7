/** find / getMore / killCursors / insert / update / delete / findAndModify / count / distinct. */
import { Query } from '../storage/mingo';
import { Long } from 'bson';
import type { Document } from 'bson';
import type { Effect } from '../types';
import { EngineError, badValue, failedToParse, toEngineError, typeMismatch } from '../errors';
import type { Collection } from '../storage/collection';
import { compileFilter, mingoCollation, runFind } from '../storage/query';
import { compileSimpleProjection, copyPlain } from '../storage/projection';
import { MINGO_BASE, compareValues, isPlainObject, pathValues, valueKey } from '../storage/values';
import type { EngineContext, Handler, Request } from './context';
import { MAX_BSON, collName, nonNegative, optDoc, optNumber } from './context';
import { applyUpdate, isReplacement, upsertDocument, validateUpdate } from './update';
import { checkArrayFilters, checkHint, checkWritableNamespace } from './validate';
import { refuseViewWrite, viewOf } from './views';
import { aggregate as aggregateHandler } from './aggregate';
import type { UpdateSpec } from './update';
import { insertOne, validateForStorage, withDefaultCollation } from './storeDocument';

function mingoOpts(collation: Document | undefined, vars: Document | undefined): Document {
  const c = mingoCollation(collation);
  return { ...MINGO_BASE, ...(c ? { collation: c } : {}), ...(vars ? { variables: vars } : {}) };
}

/**
 * Builds a projector for find-style projections with `{ $meta: "textScore" }` support: plain inclusion or
 * exclusion projections by `storage/projection.ts`, the others (`$slice`, `$elemMatch`, positional `$`,
 * expressions) by mingo on a copy of the document. The stored document is never modified.
 */
export function projector(
  projection: Document | undefined,
  filter: Document,
  scores: Map<Document, number> | undefined,
  opts: Document,
): ((d: Document) => Document) | undefined {
  if (!projection || Object.keys(projection).length === 0) return undefined;
  const metaFields: string[] = [];
  const rest: Document = {};
  for (const [k, v] of Object.entries(projection)) {
    if (isPlainObject(v) && '$meta' in v) {
      if (v.$meta !== 'textScore') throw badValue(`Unsupported $meta: ${String(v.$meta)}`);
      metaFields.push(k);
    } else rest[k] = v as unknown;
  }
  const simple = Object.keys(rest).length ? compileSimpleProjection(rest) : null;
  if (simple)
    return (doc) => {
      const out = simple(doc);
      for (const f of metaFields) out[f] = scores?.get(doc) ?? 0;
      return out;
    };
  const positional = Object.keys(rest).some((k) => k.includes('.$') || k.endsWith('$'));
  const cleanFilter = positional
    ? Object.fromEntries(Object.entries(filter).filter(([k]) => k !== '$text'))
    : {};
  let q: Query | null = null;
  try {
    q = Object.keys(rest).length ? new Query(cleanFilter, opts) : null;
  } catch (err) {
    throw toEngineError(err);
  }
  return (doc) => {
    let out: Document;
    if (q) {
      let projected: Document | undefined;
      try {
        // mingo's projection may edit the document it is given (nested exclusions): give it a copy.
        projected = q.find<Document>([copyPlain(doc)], rest).all()[0];
      } catch (err) {
        throw toEngineError(err);
      }
      out = {};
      const p = projected ?? {};
      for (const k of Object.keys(doc)) if (k in p) out[k] = p[k] as unknown;
      for (const k of Object.keys(p)) if (!(k in out)) out[k] = p[k] as unknown;
    } else out = { ...doc };
    for (const f of metaFields) out[f] = scores?.get(doc) ?? 0;
    return out;
  };
}

function checkFilterType(cmd: Document, field: string, name: string): Document {
  return optDoc(cmd, field, name) ?? {};
}

/** The hinted index's spec (by name or key pattern), if any. */
function hintedSpec(coll: Collection | undefined, hint: unknown): Document | undefined {
  if (!coll) return undefined;
  if (typeof hint === 'string') return coll.indexes.get(hint)?.spec;
  if (isPlainObject(hint) && !('$natural' in hint))
    return (
      coll.specs().find((s) => valueKey(s.key) === valueKey(hint)) ??
      coll.specs().find((s) => Object.keys(s.key).join() === Object.keys(hint).join())
    );
  return undefined;
}

/** Index key tuple of `doc` for `key` (first value of each path; missing = null), as `min`/`max` compare it. */
function keyTuple(doc: Document, key: Document): unknown[] {
  return Object.keys(key).map((p) => {
    const v = pathValues(doc, p)[0];
    return v === undefined ? null : v;
  });
}

function compareTuple(a: unknown[], b: unknown[], key: Document): number {
  const dirs = Object.values(key).map((d) => (Number(d) < 0 ? -1 : 1));
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]) * (dirs[i] ?? 1);
    if (c !== 0) return c;
  }
  return 0;
}

/** `min` (inclusive) / `max` (exclusive) index bounds: they need a hint naming an index with exactly their fields. */
function minMaxFilter(
  coll: Collection | undefined,
  hint: unknown,
  min: Document | undefined,
  max: Document | undefined,
): ((d: Document) => boolean) | undefined {
  if (!min && !max) return undefined;
  if (hint === undefined || hint === null)
    throw new EngineError(
      51173,
      'Location51173',
      'When using min()/max() a hint of which index to use must be provided',
    );
  if (min && max && Object.keys(min).join() !== Object.keys(max).join())
    throw new EngineError(51176, 'Location51176', 'min() and max() must have the same field names');
  const spec = hintedSpec(coll, hint);
  if (!coll) return () => false;
  const fields = Object.keys((min ?? max) as Document);
  if (!spec || Object.keys(spec.key as Document).join() !== fields.join())
    throw new EngineError(51174, 'Location51174', 'The index chosen is not compatible with min/max');
  const key = spec.key as Document;
  const lo = min ? Object.values(min) : undefined;
  const hi = max ? Object.values(max) : undefined;
  return (d) => {
    const t = keyTuple(d, key);
    if (lo && compareTuple(t, lo, key) < 0) return false;
    if (hi && compareTuple(t, hi, key) >= 0) return false;
    return true;
  };
}

export const find: Handler = (ctx, req) => {
  const name = collName(req);
  const { cmd } = req;
  if (cmd.tailable || cmd.awaitData)
    throw new EngineError(
      115,
      'CommandNotSupported',
      'tailable cursors are not supported by the embedded engine',
    );
  const filter = checkFilterType(cmd, 'filter', 'FindCommandRequest');
  const sort = optDoc(cmd, 'sort', 'FindCommandRequest');
  const projection = optDoc(cmd, 'projection', 'FindCommandRequest');
  const collation = optDoc(cmd, 'collation', 'FindCommandRequest');
  const vars = optDoc(cmd, 'let', 'FindCommandRequest');
  const min = optDoc(cmd, 'min', 'FindCommandRequest');
  const max = optDoc(cmd, 'max', 'FindCommandRequest');
  const skip = nonNegative(optNumber(cmd, 'skip', 'FindCommandRequest'), 'skip') ?? 0;
  let limit = optNumber(cmd, 'limit', 'FindCommandRequest') ?? 0;
  let singleBatch = cmd.singleBatch === true;
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const batchSize = nonNegative(optNumber(cmd, 'batchSize', 'FindCommandRequest'), 'batchSize');
  if (viewOf(ctx, req.db, name)) {
    // MongoDB runs a find on a view as an aggregation: the view's pipeline, then the find's parts.
    if (
      min ||
      max ||
      cmd.returnKey === true ||
      cmd.showRecordId === true ||
      (isPlainObject(cmd.hint) && '$natural' in cmd.hint)
    )
      throw new EngineError(
        166,
        'CommandNotSupportedOnView',
        'min, max, returnKey, showRecordId and $natural hints are not supported on a view',
      );
    const pipeline: Document[] = [];
    if (Object.keys(filter).length) pipeline.push({ $match: filter });
    if (sort && Object.keys(sort).length) pipeline.push({ $sort: sort });
    if (skip) pipeline.push({ $skip: skip });
    if (limit) pipeline.push({ $limit: limit });
    if (projection && Object.keys(projection).length) pipeline.push({ $project: projection });
    return aggregateHandler(ctx, {
      ...req,
      name: 'aggregate',
      cmd: {
        aggregate: name,
        pipeline,
        cursor: { batchSize: singleBatch ? limit || 2 ** 31 - 1 : (batchSize ?? 101) },
        ...(collation ? { collation } : {}),
        ...(vars ? { let: vars } : {}),
      },
    });
  }
  const coll = ctx.store.getColl(req.db, name);
  const natural = checkHint(coll, cmd.hint);
  const bounds = minMaxFilter(coll, cmd.hint, min, max);
  const returnKey = cmd.returnKey === true;
  const showRecordId = cmd.showRecordId === true;
  const reverse = natural === -1 && (!sort || Object.keys(sort).length === 0);
  const postFilter = bounds !== undefined || reverse;
  const effCollation = withDefaultCollation(coll, collation);
  let res;
  try {
    res = runFind(coll, {
      filter,
      ...(sort ? { sort } : {}),
      skip: postFilter ? 0 : skip,
      limit: postFilter ? 0 : limit,
      ...(effCollation ? { collation: effCollation } : {}),
      ...(vars ? { let: vars } : {}),
    });
  } catch (err) {
    throw toEngineError(err);
  }
  if (postFilter) {
    let docs = bounds ? res.docs.filter(bounds) : res.docs;
    if (reverse) docs = bounds ? docs.reverse() : [...docs].reverse();
    docs = limit ? docs.slice(skip, skip + limit) : docs.slice(skip);
    res = { ...res, docs };
  }
  let project = projector(projection, filter, res.scores, mingoOpts(effCollation, vars));
  if (returnKey) {
    // Only the key of the index that served the query: the hinted one (a collection scan has none).
    const spec = hintedSpec(coll, cmd.hint);
    const key = spec ? (spec.key as Document) : undefined;
    project = (d) => {
      if (!key) return {};
      const out: Document = {};
      for (const p of Object.keys(key)) {
        const v = pathValues(d, p)[0];
        if (v !== undefined) out[p] = v;
      }
      return out;
    };
  }
  if (showRecordId && coll) {
    const ids = recordIds(coll);
    const inner = project;
    project = (d) => ({ ...(inner ? inner(d) : d), $recordId: Long.fromNumber(ids.get(d) ?? 0) });
  }
  const bs = Math.min(batchSize ?? 101, limit > 0 ? limit : Infinity);
  return ctx.cursors.first(`${req.db}.${name}`, res.docs, {
    batchSize: singleBatch ? Math.min(batchSize || Infinity, limit > 0 ? limit : Infinity) : bs,
    singleBatch,
    ...(project ? { project } : {}),
  });
};

/** Record ids for `showRecordId`: the position (1-based) of each document in natural order. */
function recordIds(coll: Collection): Map<Document, number> {
  const out = new Map<Document, number>();
  let i = 0;
  for (const d of coll.docs.values()) out.set(d, ++i);
  return out;
}

function cursorIdOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof Long) return v.toNumber();
  if (typeof v === 'bigint') return Number(v);
  throw typeMismatch(`BSON field 'getMore' is the wrong type, expected type 'long'`);
}

export const getMore: Handler = (ctx, req) => {
  const id = cursorIdOf(req.cmd.getMore);
  const coll = req.cmd.collection as unknown;
  if (typeof coll !== 'string')
    throw typeMismatch(`BSON field 'getMore.collection' is missing or the wrong type`);
  const batchSize = optNumber(req.cmd, 'batchSize', 'getMore');
  return ctx.cursors.getMore(id, `${req.db}.${coll}`, batchSize);
};

export const killCursors: Handler = (ctx, req) => {
  const ids = req.cmd.cursors as unknown;
  if (!Array.isArray(ids))
    throw typeMismatch(`BSON field 'killCursors.cursors' is missing or the wrong type`);
  return ctx.cursors.kill(ids.map(cursorIdOf));
};

// ---------------------------------------------------------------------------------------------- writes

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [k: string]: unknown;
}

function writeError(index: number, err: unknown): WriteError {
  const e = toEngineError(err);
  return {
    index,
    code: e.code,
    errmsg: e.message,
    ...(e.code === 11000 ? e.extra : {}),
    ...(e.code === 121 ? { errInfo: e.extra.errInfo as unknown } : {}),
  };
}

function ensure(ctx: EngineContext, req: Request, name: string, effects: Effect[]): Collection {
  return ctx.store.ensureColl(req.db, name, effects);
}

function docsArg(req: Request, field: string): Document[] {
  const v = req.cmd[field] as unknown;
  if (!Array.isArray(v)) throw typeMismatch(`BSON field '${req.name}.${field}' is missing or the wrong type`);
  for (const d of v)
    if (!isPlainObject(d)) throw typeMismatch(`BSON field '${req.name}.${field}' must contain objects`);
  if (v.length === 0 || v.length > 100_000)
    throw new EngineError(
      16,
      'InvalidLength',
      `Write batch sizes must be between 1 and 100000. Got ${v.length} operations.`,
    );
  return v as Document[];
}

export const insert: Handler = async (ctx, req) => {
  const name = collName(req);
  checkWritableNamespace(req.db, name);
  refuseViewWrite(ctx, req.db, name);
  const docs = docsArg(req, 'documents');
  const bypass = req.cmd.bypassDocumentValidation === true;
  const ordered = req.cmd.ordered !== false;
  const effects: Effect[] = [];
  const coll = ensure(ctx, req, name, effects);
  const writeErrors: WriteError[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      insertOne(ctx, coll, docs[i], effects, req.bytes > 0 && req.bytes < MAX_BSON, bypass);
      n++;
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  await ctx.commit(effects);
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};

interface UpdateStatement {
  q: Document;
  u: UpdateSpec;
  upsert: boolean;
  multi: boolean;
  arrayFilters?: Document[];
  collation?: Document;
  vars?: Document;
  sort?: Document;
  hint?: unknown;
  bypass?: boolean;
}

function parseStatement(raw: Document, vars: Document | undefined): UpdateStatement {
  if (!isPlainObject(raw.q)) throw typeMismatch(`BSON field 'UpdateOpEntry.q' is missing or the wrong type`);
  const u = validateUpdate(raw.u);
  if (!Array.isArray(u)) checkArrayFilters(u, raw.arrayFilters);
  const multi = raw.multi === true;
  if (multi && isReplacement(u))
    throw failedToParse('multi update is not supported for replacement-style update');
  const c = isPlainObject(raw.c) ? raw.c : undefined;
  const v = vars || c ? { ...vars, ...c } : undefined;
  return {
    q: raw.q,
    u,
    upsert: raw.upsert === true,
    multi,
    ...(Array.isArray(raw.arrayFilters) ? { arrayFilters: raw.arrayFilters as Document[] } : {}),
    ...(isPlainObject(raw.collation) ? { collation: raw.collation } : {}),
    ...(v ? { vars: v } : {}),
    ...(isPlainObject(raw.sort) ? { sort: raw.sort } : {}),
    ...(raw.hint !== undefined ? { hint: raw.hint as unknown } : {}),
  };
}

interface UpdateOutcome {
  n: number;
  nModified: number;
  upsertedId?: unknown;
  before?: Document;
  after?: Document;
}

/** Executes one update statement in memory, pushing effects. Throws on the first failing document. */
function updateStatement(coll: Collection, st: UpdateStatement, effects: Effect[]): UpdateOutcome {
  checkHint(coll, st.hint);
  const collation = withDefaultCollation(coll, st.collation);
  const mo = mingoOpts(collation, st.vars);
  const res = runFind(coll, {
    filter: st.q,
    limit: st.multi ? 0 : 1,
    ...(st.sort ? { sort: st.sort } : {}),
    ...(collation ? { collation } : {}),
    ...(st.vars ? { let: st.vars } : {}),
  });
  const filterNoText = Object.fromEntries(Object.entries(st.q).filter(([k]) => k !== '$text'));
  const opts = {
    ...(st.arrayFilters ? { arrayFilters: st.arrayFilters } : {}),
    filter: filterNoText,
    mingo: mo,
  };
  if (res.docs.length === 0) {
    if (!st.upsert) return { n: 0, nModified: 0 };
    const doc = upsertDocument(st.q, st.u, opts);
    validateForStorage(coll, doc, false, { bypass: st.bypass === true });
    coll.insert(doc);
    effects.push({ op: 'insert', db: coll.db, coll: coll.name, doc });
    return { n: 1, nModified: 0, upsertedId: doc._id, after: doc };
  }
  let nModified = 0;
  let before: Document | undefined;
  let after: Document | undefined;
  for (const doc of res.docs) {
    const next = applyUpdate(doc, st.u, opts);
    before = doc;
    after = next;
    if (valueKey(next, true) === valueKey(doc, true)) continue;
    validateForStorage(coll, next, false, { bypass: st.bypass === true, before: doc });
    coll.replace(valueKey(doc._id), next);
    effects.push({ op: 'replace', db: coll.db, coll: coll.name, id: next._id, doc: next });
    nModified++;
  }
  return { n: res.docs.length, nModified, ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

export const update: Handler = async (ctx, req) => {
  const name = collName(req);
  checkWritableNamespace(req.db, name);
  refuseViewWrite(ctx, req.db, name);
  const stmts = docsArg(req, 'updates');
  const bypass = req.cmd.bypassDocumentValidation === true;
  const vars = optDoc(req.cmd, 'let', 'update');
  const ordered = req.cmd.ordered !== false;
  const effects: Effect[] = [];
  const writeErrors: WriteError[] = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  let coll = ctx.store.getColl(req.db, name);
  for (let i = 0; i < stmts.length; i++) {
    try {
      const st = { ...parseStatement(stmts[i], vars), bypass };
      if (!coll) {
        if (!st.upsert) continue;
        coll = ensure(ctx, req, name, effects);
      }
      const r = updateStatement(coll, st, effects);
      n += r.n;
      nModified += r.nModified;
      if (r.upsertedId !== undefined) upserted.push({ index: i, _id: r.upsertedId });
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  await ctx.commit(effects);
  return {
    n,
    nModified,
    ...(upserted.length ? { upserted } : {}),
    ...(writeErrors.length ? { writeErrors } : {}),
    ok: 1,
  };
};

export const del: Handler = async (ctx, req) => {
  const name = collName(req);
  checkWritableNamespace(req.db, name);
  refuseViewWrite(ctx, req.db, name);
  const stmts = docsArg(req, 'deletes');
  const vars = optDoc(req.cmd, 'let', 'delete');
  const ordered = req.cmd.ordered !== false;
  const effects: Effect[] = [];
  const writeErrors: WriteError[] = [];
  let n = 0;
  const coll = ctx.store.getColl(req.db, name);
  for (let i = 0; i < stmts.length; i++) {
    const st = stmts[i];
    try {
      if (!isPlainObject(st.q))
        throw typeMismatch(`BSON field 'DeleteOpEntry.q' is missing or the wrong type`);
      const limit = st.limit === undefined ? 0 : Number(st.limit);
      if (limit !== 0 && limit !== 1)
        throw failedToParse(`The limit field in delete objects must be 0 or 1. Got ${String(st.limit)}`);
      if (!coll) continue;
      checkHint(coll, st.hint);
      const collation = withDefaultCollation(coll, isPlainObject(st.collation) ? st.collation : undefined);
      const res = runFind(coll, {
        filter: st.q,
        limit,
        ...(collation ? { collation } : {}),
        ...(vars ? { let: vars } : {}),
      });
      for (const doc of res.docs) {
        if (coll.delete(valueKey(doc._id))) {
          effects.push({ op: 'delete', db: coll.db, coll: coll.name, id: doc._id });
          n++;
        }
      }
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  await ctx.commit(effects);
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};

export const findAndModify: Handler = async (ctx, req) => {
  const name = collName(req);
  checkWritableNamespace(req.db, name);
  refuseViewWrite(ctx, req.db, name);
  const { cmd } = req;
  const query = optDoc(cmd, 'query', 'findAndModify') ?? {};
  const sort = optDoc(cmd, 'sort', 'findAndModify');
  const fields = optDoc(cmd, 'fields', 'findAndModify');
  const collation = optDoc(cmd, 'collation', 'findAndModify');
  const vars = optDoc(cmd, 'let', 'findAndModify');
  const remove = cmd.remove === true;
  const returnNew = cmd.new === true;
  const upsert = cmd.upsert === true;
  if (remove && cmd.update !== undefined)
    throw failedToParse('Cannot specify both an update and remove=true');
  if (!remove && cmd.update === undefined)
    throw failedToParse('Either an update or remove=true must be specified');
  if (remove && (upsert || returnNew)) throw failedToParse('Cannot specify both upsert=true and remove=true');
  const effects: Effect[] = [];
  const mo = mingoOpts(collation, vars);
  let reply: Document;
  try {
    if (remove) {
      const coll = ctx.store.getColl(req.db, name);
      checkHint(coll, cmd.hint);
      const effColl = withDefaultCollation(coll, collation);
      const res = runFind(coll, {
        filter: query,
        limit: 1,
        ...(sort ? { sort } : {}),
        ...(effColl ? { collation: effColl } : {}),
        ...(vars ? { let: vars } : {}),
      });
      const doc = res.docs[0];
      if (coll && doc) {
        coll.delete(valueKey(doc._id));
        effects.push({ op: 'delete', db: coll.db, coll: coll.name, id: doc._id });
      }
      const project = projector(fields, query, undefined, mo);
      reply = {
        lastErrorObject: { n: doc ? 1 : 0 },
        value: doc ? (project ? project(doc) : doc) : null,
        ok: 1,
      };
    } else {
      const u = validateUpdate(cmd.update);
      if (!Array.isArray(u)) checkArrayFilters(u, cmd.arrayFilters);
      let coll = ctx.store.getColl(req.db, name);
      if (!coll && upsert) coll = ensure(ctx, req, name, effects);
      if (!coll) {
        reply = { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
      } else {
        const st: UpdateStatement = {
          q: query,
          u,
          upsert,
          multi: false,
          ...(Array.isArray(cmd.arrayFilters) ? { arrayFilters: cmd.arrayFilters as Document[] } : {}),
          ...(collation ? { collation } : {}),
          ...(vars ? { vars } : {}),
          ...(sort ? { sort } : {}),
          ...(cmd.hint !== undefined ? { hint: cmd.hint as unknown } : {}),
          bypass: cmd.bypassDocumentValidation === true,
        };
        const r = updateStatement(coll, st, effects);
        const project = projector(fields, query, undefined, mo);
        const value = returnNew ? r.after : r.upsertedId !== undefined ? undefined : r.before;
        reply = {
          lastErrorObject: {
            n: r.n,
            updatedExisting: r.n > 0 && r.upsertedId === undefined,
            ...(r.upsertedId !== undefined ? { upserted: r.upsertedId } : {}),
          },
          value: value ? (project ? project(value) : value) : null,
          ok: 1,
        };
      }
    }
  } catch (err) {
    await ctx.commit(effects);
    throw toEngineError(err);
  }
  await ctx.commit(effects);
  return reply;
};

/** Runs `pipeline` on a view and returns every resulting document (for count / distinct on views). */
async function viewAggregate(
  ctx: EngineContext,
  req: Request,
  view: string,
  pipeline: Document[],
  collation: Document | undefined,
): Promise<Document[]> {
  const reply = await aggregateHandler(ctx, {
    ...req,
    name: 'aggregate',
    cmd: {
      aggregate: view,
      pipeline,
      cursor: { batchSize: 2 ** 31 - 1 },
      ...(collation ? { collation } : {}),
    },
  });
  const cursor = reply.cursor as { id: unknown; firstBatch: Document[] };
  return cursor.firstBatch;
}

export const count: Handler = async (ctx, req) => {
  const name = collName(req);
  const query = optDoc(req.cmd, 'query', 'count') ?? {};
  const skip = nonNegative(optNumber(req.cmd, 'skip', 'count'), 'skip') ?? 0;
  const limit = Math.abs(optNumber(req.cmd, 'limit', 'count') ?? 0);
  if (viewOf(ctx, req.db, name)) {
    const pipeline: Document[] = [{ $match: query }];
    if (skip) pipeline.push({ $skip: skip });
    if (limit) pipeline.push({ $limit: limit });
    pipeline.push({ $count: 'n' });
    const docs = await viewAggregate(ctx, req, name, pipeline, optDoc(req.cmd, 'collation', 'count'));
    return { n: (docs[0]?.n as number | undefined) ?? 0, ok: 1 };
  }
  const coll = ctx.store.getColl(req.db, name);
  checkHint(coll, req.cmd.hint);
  const collation = withDefaultCollation(coll, optDoc(req.cmd, 'collation', 'count'));
  if (!coll) return { n: 0, ok: 1 };
  if (Object.keys(query).length === 0) {
    const total = Math.max(0, coll.docs.size - skip);
    return { n: limit ? Math.min(limit, total) : total, ok: 1 };
  }
  try {
    const res = runFind(coll, { filter: query, skip, limit, ...(collation ? { collation } : {}) });
    return { n: res.docs.length, ok: 1 };
  } catch (err) {
    throw toEngineError(err);
  }
};

export const distinct: Handler = async (ctx, req) => {
  const name = collName(req);
  const key = req.cmd.key as unknown;
  if (typeof key !== 'string') throw typeMismatch(`BSON field 'distinct.key' is missing or the wrong type`);
  const query = optDoc(req.cmd, 'query', 'distinct') ?? {};
  const coll = ctx.store.getColl(req.db, name);
  const collation = withDefaultCollation(coll, optDoc(req.cmd, 'collation', 'distinct'));
  let docs: Document[];
  try {
    docs = viewOf(ctx, req.db, name)
      ? await viewAggregate(ctx, req, name, [{ $match: query }], collation)
      : runFind(coll, { filter: query, ...(collation ? { collation } : {}) }).docs;
  } catch (err) {
    throw toEngineError(err);
  }
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const v of pathValues(doc, key)) {
      const vals = Array.isArray(v) ? (v as unknown[]) : [v];
      for (const x of vals) {
        const k = valueKey(x);
        if (!seen.has(k)) seen.set(k, x === undefined ? null : x);
      }
    }
  }
  const values = [...seen.values()].sort((a, b) => compareValues(a, b));
  return { values, ok: 1 };
};

export { compileFilter };
