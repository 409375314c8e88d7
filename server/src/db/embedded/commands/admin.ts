/** Handshake, diagnostics and DDL: create/drop/rename, indexes, listCollections/listDatabases. */
import { Query } from '../storage/mingo';
import { BSON, UUID } from 'bson';
import type { Document } from 'bson';
import type { Effect, IndexSpec } from '../types';
import { EngineError, badValue, toEngineError, typeMismatch } from '../errors';
import { isTextSpec } from '../storage/collection';
import { MINGO_BASE, isPlainObject, renderValue, valueKey } from '../storage/values';
import type { Handler, Request } from './context';
import { MAX_BSON, collName } from './context';
import { opCounters } from './tools';
import { checkFilter } from './validate';
import { createView, dropView, refuseViewWrite, viewEntries, viewOf } from './views';
import { checkCollation } from '../storage/query';

export const MAX_MESSAGE = 48_000_000;
export const VERSION = '7.0.0';

export const hello: Handler = (_ctx, req) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: MAX_BSON,
  maxMessageSizeBytes: MAX_MESSAGE,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: req.conn.id,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
});

export const ping: Handler = () => ({ ok: 1 });

export const buildInfo: Handler = () => ({
  version: VERSION,
  gitVersion: 'polos-embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON,
  storageEngines: ['polos-embedded'],
  javascriptEngine: 'none',
  modules: [],
  ok: 1,
});

export const getParameter: Handler = (_ctx, req) => {
  const all: Document = {
    featureCompatibilityVersion: { version: '7.0' },
    authenticationMechanisms: [],
    logLevel: 0,
  };
  if (req.cmd.getParameter === '*') return { ...all, ok: 1 };
  const out: Document = {};
  for (const k of Object.keys(req.cmd)) if (k in all) out[k] = all[k] as unknown;
  return { ...out, ok: 1 };
};

export const serverStatus: Handler = (ctx) => ({
  host: 'localhost',
  version: VERSION,
  process: 'polos-embedded',
  pid: process.pid,
  uptime: Math.floor((Date.now() - ctx.startedAt) / 1000),
  uptimeMillis: Date.now() - ctx.startedAt,
  localTime: new Date(),
  connections: { current: ctx.connections(), available: 10_000 },
  opcounters: opCounters(ctx),
  storageEngine: { name: 'polos-embedded', supportsCommittedReads: false, persistent: true },
  mem: { resident: Math.round(process.memoryUsage().rss / 1048576) },
  ok: 1,
});

export const hostInfo: Handler = () => ({
  system: { currentTime: new Date(), hostname: 'localhost' },
  os: { type: process.platform },
  extra: {},
  ok: 1,
});
export const whatsmyuri: Handler = (_ctx, req) => ({ you: req.conn.remote, ok: 1 });
export const getCmdLineOpts: Handler = () => ({ argv: [], parsed: {}, ok: 1 });
export const connectionStatus: Handler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});
export const okOnly: Handler = () => ({ ok: 1 });
export const startSession: Handler = () => ({ id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 });

export const transactionsRefused: Handler = () => {
  throw new EngineError(
    20,
    'IllegalOperation',
    'Transaction numbers are only allowed on a replica set member or mongos',
  );
};

// ------------------------------------------------------------------------------------------------ DDL

export const create: Handler = async (ctx, req) => {
  const name = collName(req);
  const { cmd } = req;
  if (name.startsWith('system.') && !['system.js', 'system.views'].includes(name))
    throw new EngineError(73, 'InvalidNamespace', `Invalid system namespace: ${req.db}.${name}`);
  if (cmd.collation !== undefined) checkCollation(cmd.collation);
  if (cmd.viewOn !== undefined || cmd.pipeline !== undefined) {
    const effects: Effect[] = [];
    createView(ctx, req.db, name, cmd, effects);
    await ctx.commit(effects);
    return { ok: 1 };
  }
  checkValidator(cmd.validator);
  if (cmd.capped === true)
    throw new EngineError(
      115,
      'CommandNotSupported',
      'capped collections are not supported by the embedded engine',
    );
  if (cmd.timeseries !== undefined)
    throw new EngineError(
      115,
      'CommandNotSupported',
      'time-series collections are not supported by the embedded engine',
    );
  if (ctx.store.getColl(req.db, name) || viewOf(ctx, req.db, name))
    throw new EngineError(48, 'NamespaceExists', `Collection ${req.db}.${name} already exists.`);
  const options: Document = {};
  for (const k of ['validator', 'validationLevel', 'validationAction', 'collation'])
    if (cmd[k] !== undefined) options[k] = cmd[k] as unknown;
  const effects: Effect[] = [];
  ctx.store.ensureColl(req.db, name, effects, options);
  await ctx.commit(effects);
  return { ok: 1 };
};

const COLLMOD_FIELDS = new Set([
  'collMod',
  'validator',
  'validationLevel',
  'validationAction',
  'index',
  'viewOn',
  'pipeline',
]);

export const collMod: Handler = async (ctx, req) => {
  const name = collName(req);
  for (const k of Object.keys(req.cmd))
    if (
      !COLLMOD_FIELDS.has(k) &&
      !k.startsWith('$') &&
      ![
        'lsid',
        'writeConcern',
        'comment',
        'maxTimeMS',
        'apiVersion',
        'apiStrict',
        'apiDeprecationErrors',
      ].includes(k)
    )
      throw new EngineError(40415, 'Location40415', `BSON field 'collMod.${k}' is an unknown field.`);
  if (viewOf(ctx, req.db, name)) {
    if (req.cmd.index !== undefined || req.cmd.validator !== undefined)
      throw new EngineError(
        166,
        'CommandNotSupportedOnView',
        `Namespace ${req.db}.${name} is a view, not a collection`,
      );
    throw new EngineError(
      115,
      'CommandNotSupported',
      'collMod of a view is not supported by the embedded engine (drop and re-create it)',
    );
  }
  const coll = ctx.store.getColl(req.db, name);
  if (!coll) throw new EngineError(26, 'NamespaceNotFound', `ns does not exist: ${req.db}.${name}`);
  if (req.cmd.viewOn !== undefined || req.cmd.pipeline !== undefined)
    throw new EngineError(
      72,
      'InvalidOptions',
      `option not supported on a collection: ${req.cmd.viewOn !== undefined ? 'viewOn' : 'pipeline'}`,
    );
  if (req.cmd.validator !== undefined) checkValidator(req.cmd.validator);
  const effects: Effect[] = [];
  const reply: Document = {};
  const ix = req.cmd.index as unknown;
  if (ix !== undefined) {
    // Index options: hidden (hideIndex / unhideIndex) and expireAfterSeconds (TTL change).
    if (!isPlainObject(ix))
      throw typeMismatch("BSON field 'collMod.index' is the wrong type, expected type 'object'");
    for (const k of Object.keys(ix))
      if (!['keyPattern', 'name', 'hidden', 'expireAfterSeconds'].includes(k))
        throw new EngineError(40415, 'Location40415', `BSON field 'collMod.index.${k}' is an unknown field.`);
    const spec =
      typeof ix.name === 'string'
        ? coll.indexes.get(ix.name)?.spec
        : isPlainObject(ix.keyPattern)
          ? coll.specs().find((s) => valueKey(s.key) === valueKey(ix.keyPattern))
          : undefined;
    if (ix.name === undefined && ix.keyPattern === undefined)
      throw badValue('Must specify either index name or key pattern.');
    if (!spec)
      throw new EngineError(
        27,
        'IndexNotFound',
        `cannot find index ${renderIx(ix)} for ns ${req.db}.${name}`,
      );
    if (ix.hidden === undefined && ix.expireAfterSeconds === undefined)
      throw badValue('no expireAfterSeconds or hidden field');
    const next: IndexSpec = { ...spec };
    if (ix.hidden !== undefined) {
      if (typeof ix.hidden !== 'boolean')
        throw typeMismatch("BSON field 'collMod.index.hidden' is the wrong type, expected type 'bool'");
      if (spec.name === '_id_') throw badValue("can't hide _id index");
      reply.hidden_old = spec.hidden === true;
      reply.hidden_new = ix.hidden;
      if (ix.hidden) next.hidden = true;
      else delete next.hidden;
    }
    if (ix.expireAfterSeconds !== undefined) {
      if (spec.expireAfterSeconds === undefined) throw badValue('no expireAfterSeconds field to update');
      const secs = ix.expireAfterSeconds as unknown;
      if (typeof secs !== 'number' || !Number.isInteger(secs) || secs < 0 || secs > 2147483647)
        throw new EngineError(
          2,
          'BadValue',
          "TTL index 'expireAfterSeconds' option must be within an acceptable range, try a lower number",
        );
      reply.expireAfterSeconds_old = spec.expireAfterSeconds;
      reply.expireAfterSeconds_new = secs;
      next.expireAfterSeconds = secs;
    }
    // Rebuilt from the new spec (the replay of a journal does the same: drop + create).
    coll.dropIndex(spec.name);
    coll.addIndex(next);
    effects.push({ op: 'dropIndex', db: req.db, coll: name, name: spec.name });
    effects.push({ op: 'createIndex', db: req.db, coll: name, spec: next });
  }
  for (const k of ['validator', 'validationLevel', 'validationAction'])
    if (req.cmd[k] !== undefined) coll.options[k] = req.cmd[k];
  // options changes are journaled as a re-create marker of the options (createCollection is idempotent on replay)
  effects.push({ op: 'createCollection', db: req.db, coll: name, options: coll.options });
  await ctx.commit(effects);
  return { ...reply, ok: 1 };
};

function renderIx(ix: Document): string {
  return typeof ix.name === 'string' ? ix.name : JSON.stringify(ix.keyPattern);
}

/** A validator is a query (checked like one; `$jsonSchema` keywords outside the supported set are refused). */
function checkValidator(v: unknown): void {
  if (v === undefined || v === null) return;
  if (!isPlainObject(v))
    throw typeMismatch("BSON field 'validator' is the wrong type, expected type 'object'");
  checkFilter(v);
}

export const drop: Handler = async (ctx, req) => {
  const name = collName(req);
  const viewEffects: Effect[] = [];
  if (dropView(ctx, req.db, name, viewEffects)) {
    await ctx.commit(viewEffects);
    return { ns: `${req.db}.${name}`, ok: 1 };
  }
  const coll = ctx.store.getColl(req.db, name);
  if (!coll) return { ok: 1 };
  const nIndexesWas = coll.indexes.size;
  ctx.store.dropColl(req.db, name);
  await ctx.commit([{ op: 'dropCollection', db: req.db, coll: name }]);
  return { nIndexesWas, ns: `${req.db}.${name}`, ok: 1 };
};

export const dropDatabase: Handler = async (ctx, req) => {
  if (ctx.store.dbs.delete(req.db)) await ctx.commit([{ op: 'dropDatabase', db: req.db }]);
  return { dropped: req.db, ok: 1 };
};

function splitNs(ns: unknown, field: string): [string, string] {
  if (typeof ns !== 'string' || !ns.includes('.'))
    throw new EngineError(73, 'InvalidNamespace', `Invalid ${field} namespace: ${String(ns)}`);
  const i = ns.indexOf('.');
  return [ns.slice(0, i), ns.slice(i + 1)];
}

export const renameCollection: Handler = async (ctx, req) => {
  const [fromDb, from] = splitNs(req.cmd.renameCollection, 'source');
  const [toDb, to] = splitNs(req.cmd.to, 'target');
  const coll = ctx.store.getColl(fromDb, from);
  if (!coll) throw new EngineError(26, 'NamespaceNotFound', 'Source collection does not exist');
  if (fromDb === toDb && from === to)
    throw new EngineError(20, 'IllegalOperation', "Can't rename a collection to itself");
  const effects: Effect[] = [];
  if (ctx.store.getColl(toDb, to)) {
    if (req.cmd.dropTarget !== true) throw new EngineError(48, 'NamespaceExists', 'target namespace exists');
    ctx.store.dropColl(toDb, to);
    effects.push({ op: 'dropCollection', db: toDb, coll: to });
  }
  ctx.store.rename(fromDb, from, toDb, to);
  effects.push({ op: 'renameCollection', db: fromDb, coll: from, toDb, toColl: to });
  await ctx.commit(effects);
  return { ok: 1 };
};

// --------------------------------------------------------------------------------------------- indexes

const OPTION_KEYS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'weights',
  'default_language',
  'language_override',
  'collation',
  'hidden',
];

function normaliseSpec(raw: Document): IndexSpec {
  const key = raw.key as unknown;
  if (!isPlainObject(key) || Object.keys(key).length === 0)
    throw new EngineError(67, 'CannotCreateIndex', 'Index keys cannot be empty.');
  if (typeof raw.name !== 'string' || !raw.name)
    throw typeMismatch("The 'name' field is a required property of an index specification");
  for (const [f, v] of Object.entries(key)) {
    if (f.includes('$**') && v !== 'text')
      throw new EngineError(
        67,
        'CannotCreateIndex',
        'wildcard indexes are not supported by the embedded engine',
      );
    if (v === 'text' || v === 1 || v === -1) continue;
    if (typeof v === 'number' && v !== 0) continue;
    if (typeof v === 'string')
      throw new EngineError(
        67,
        'CannotCreateIndex',
        `Unknown index plugin '${v}' (the embedded engine supports ascending/descending and text indexes)`,
      );
    throw new EngineError(
      67,
      'CannotCreateIndex',
      `Values in the index key pattern can only be numbers or strings: ${f}`,
    );
  }
  const spec: IndexSpec = { v: 2, key: {}, name: raw.name };
  if (isTextSpec({ key, name: raw.name })) {
    const weights: Document = isPlainObject(raw.weights) ? { ...raw.weights } : {};
    if ('_fts' in key) spec.key = { ...key };
    else {
      spec.key = { _fts: 'text', _ftsx: 1 };
      for (const [f, v] of Object.entries(key)) if (v === 'text' && !(f in weights)) weights[f] = 1;
    }
    spec.weights = weights;
    spec.default_language = typeof raw.default_language === 'string' ? raw.default_language : 'english';
    spec.language_override = typeof raw.language_override === 'string' ? raw.language_override : 'language';
    spec.textIndexVersion = 3;
  } else {
    for (const [f, v] of Object.entries(key))
      spec.key[f] = typeof v === 'number' ? (v < 0 ? -1 : 1) : (v as unknown);
  }
  for (const k of OPTION_KEYS) {
    if (k === 'weights' || k === 'default_language' || k === 'language_override') continue;
    if (raw[k] === undefined || raw[k] === false) continue;
    spec[k] = raw[k];
  }
  if (spec.collation !== undefined) checkCollation(spec.collation);
  if (spec.expireAfterSeconds !== undefined && typeof spec.expireAfterSeconds !== 'number')
    throw badValue("TTL index 'expireAfterSeconds' option must be numeric");
  return spec;
}

/**
 * MongoDB's collation rules for a new index: no collation → the collection's default; `simple` → none
 * (listed without `collation`); a text index takes no collation (67 "Index type 'text' does not support
 * collation"). A collated index orders and compares its string keys with the collation (storage/btree.ts).
 */
function applyIndexCollation(spec: IndexSpec, collDefault: unknown): void {
  if (spec.collation === undefined && isPlainObject(collDefault)) spec.collation = { ...collDefault };
  const c = spec.collation;
  if (c === undefined) return;
  if (c.locale === 'simple') {
    delete spec.collation;
    return;
  }
  if (isTextSpec(spec))
    throw new EngineError(
      67,
      'CannotCreateIndex',
      `Index type 'text' does not support collation: ${renderValue(c)}`,
    );
}

function optionsKey(spec: IndexSpec): string {
  return OPTION_KEYS.map((k) => valueKey(spec[k])).join('|');
}

export const createIndexes: Handler = async (ctx, req) => {
  const name = collName(req);
  refuseViewWrite(ctx, req.db, name);
  const raws = req.cmd.indexes as unknown;
  if (!Array.isArray(raws) || raws.length === 0) throw badValue('Must specify at least one index to create');
  const specs = (raws as unknown[]).map((r) => {
    if (!isPlainObject(r)) throw typeMismatch('index specification must be an object');
    return normaliseSpec(r);
  });
  const effects: Effect[] = [];
  const existed = ctx.store.getColl(req.db, name);
  const coll = ctx.store.ensureColl(req.db, name, effects);
  for (const spec of specs) applyIndexCollation(spec, coll.options.collation);
  const before = coll.indexes.size;
  let created = 0;
  try {
    for (const spec of specs) {
      const sameName = coll.indexes.get(spec.name)?.spec;
      const keyStr = valueKey(spec.key);
      if (sameName) {
        if (valueKey(sameName.key) !== keyStr) {
          throw new EngineError(
            86,
            'IndexKeySpecsConflict',
            `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
          );
        }
        if (optionsKey(sameName) !== optionsKey(spec) && spec.name !== '_id_') {
          throw new EngineError(
            85,
            'IndexOptionsConflict',
            `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
          );
        }
        continue;
      }
      const sameKey = coll
        .specs()
        .find((s) => valueKey(s.key) === keyStr && optionsKey(s) === optionsKey(spec));
      if (sameKey)
        throw new EngineError(
          85,
          'IndexOptionsConflict',
          `Index already exists with a different name: ${sameKey.name}`,
        );
      if (isTextSpec(spec) && coll.textIndex) {
        throw new EngineError(
          85,
          'IndexOptionsConflict',
          `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(coll.textIndex.spec)}`,
        );
      }
      coll.addIndex(spec);
      effects.push({ op: 'createIndex', db: req.db, coll: name, spec });
      created++;
    }
  } catch (err) {
    await ctx.commit(effects);
    throw toEngineError(err);
  }
  await ctx.commit(effects);
  return {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.size,
    createdCollectionAutomatically: !existed,
    ...(created === 0 ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
};

export const listIndexes: Handler = (ctx, req) => {
  const name = collName(req);
  const coll = ctx.store.getColl(req.db, name);
  if (!coll) throw new EngineError(26, 'NamespaceNotFound', `ns does not exist: ${req.db}.${name}`);
  return ctx.cursors.first(
    `${req.db}.${name}`,
    coll.specs().map((s) => ({ ...s })),
    { batchSize: Infinity },
  );
};

export const dropIndexes: Handler = async (ctx, req) => {
  const name = collName(req);
  const coll = ctx.store.getColl(req.db, name);
  if (!coll) throw new EngineError(26, 'NamespaceNotFound', `ns not found ${req.db}.${name}`);
  const nIndexesWas = coll.indexes.size;
  const target = req.cmd.index as unknown;
  let names: string[];
  if (target === '*') names = [...coll.indexes.keys()].filter((n) => n !== '_id_');
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (isPlainObject(target)) {
    const found = coll.specs().find((s) => valueKey(s.key) === valueKey(target));
    if (!found)
      throw new EngineError(27, 'IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
    names = [found.name];
  } else throw typeMismatch("BSON field 'dropIndexes.index' is missing or the wrong type");
  for (const n of names) {
    if (n === '_id_') throw new EngineError(72, 'InvalidOptions', 'cannot drop _id index');
    if (!coll.indexes.has(n)) throw new EngineError(27, 'IndexNotFound', `index not found with name [${n}]`);
  }
  const effects: Effect[] = [];
  for (const n of names) {
    coll.dropIndex(n);
    effects.push({ op: 'dropIndex', db: req.db, coll: name, name: n });
  }
  await ctx.commit(effects);
  return { nIndexesWas, ok: 1 };
};

// ----------------------------------------------------------------------------------------- listings

export const listCollections: Handler = (ctx, req) => {
  const filter = isPlainObject(req.cmd.filter) ? req.cmd.filter : undefined;
  const nameOnly = req.cmd.nameOnly === true;
  const colls = [...(ctx.store.dbs.get(req.db)?.values() ?? [])];
  const views = viewEntries(ctx, req.db, nameOnly);
  let docs: Document[] = colls.map((c) =>
    nameOnly
      ? { name: c.name, type: 'collection' }
      : {
          name: c.name,
          type: 'collection',
          options: { ...c.options },
          info: { readOnly: false, uuid: c.uuid },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        },
  );
  docs.push(...views);
  if (filter && Object.keys(filter).length) {
    try {
      const q = new Query(filter, MINGO_BASE);
      docs = docs.filter((d) => q.test(d));
    } catch (err) {
      throw toEngineError(err);
    }
  }
  const batchSize =
    isPlainObject(req.cmd.cursor) && typeof req.cmd.cursor.batchSize === 'number'
      ? req.cmd.cursor.batchSize
      : Infinity;
  return ctx.cursors.first(`${req.db}.$cmd.listCollections`, docs, { batchSize });
};

function collBytes(docs: Iterable<Document>): number {
  let n = 0;
  for (const d of docs) n += BSON.calculateObjectSize(d);
  return n;
}

export const listDatabases: Handler = (ctx, req) => {
  const nameOnly = req.cmd.nameOnly === true;
  let databases: Document[] = [...ctx.store.dbs.entries()].map(([name, colls]) => {
    if (nameOnly) return { name };
    let size = 0;
    let empty = true;
    for (const c of colls.values()) {
      if (c.docs.size) empty = false;
      size += collBytes(c.docs.values());
    }
    return { name, sizeOnDisk: size, empty };
  });
  if (isPlainObject(req.cmd.filter) && Object.keys(req.cmd.filter).length) {
    const q = new Query(req.cmd.filter, MINGO_BASE);
    databases = databases.filter((d) => q.test(d));
  }
  const totalSize = databases.reduce((s, d) => s + (typeof d.sizeOnDisk === 'number' ? d.sizeOnDisk : 0), 0);
  return nameOnly
    ? { databases, ok: 1 }
    : { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
};

export function dbOf(req: Request): string {
  return req.db;
}
