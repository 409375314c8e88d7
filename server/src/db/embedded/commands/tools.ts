/**
 * What the MongoDB shell and GUI tools call to inspect a server: storage statistics (`collStats`,
 * `$collStats`, `dbStats` with `scale`, `$indexStats`), operations (`currentOp`, `$currentOp`,
 * `killOp`, `serverStatus` op counters), `validate`, `listCommands`, `usersInfo` / `rolesInfo` (no
 * authentication: no users, MongoDB's built-in roles), `getLog`, `$listLocalSessions`, and the
 * replica-set commands, answered as a standalone mongod answers them (76 NoReplicationEnabled).
 *
 * Sizes are BSON sizes of the documents held in memory; index sizes are estimated from their entry
 * counts and key sizes (there are no pages on disk to measure).
 */
import { BSON, Long } from 'bson';
import type { Document } from 'bson';
import { EngineError, badValue } from '../errors';
import type { Collection } from '../storage/collection';
import { pathValues, valueKey } from '../storage/values';
import type { EngineContext, Handler, Request } from './context';
import { collName } from './context';

// --------------------------------------------------------------------------------- ops and counters

/** MongoDB's `serverStatus().opcounters`. */
export interface OpCounters {
  insert: number;
  query: number;
  update: number;
  delete: number;
  getmore: number;
  command: number;
}

/** Kept minimal: it is created for every command (the findOne path); `currentOp` derives the rest. */
interface InProgress {
  req: Request;
  started: number;
  killed: boolean;
}

interface EngineOps {
  counters: OpCounters;
  inprog: Map<number, InProgress>;
  nextOpId: number;
  sessions: Map<string, Document>;
}

const STATE = new WeakMap<EngineContext, EngineOps>();

function ops(ctx: EngineContext): EngineOps {
  let s = STATE.get(ctx);
  if (!s) {
    s = {
      counters: { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 },
      inprog: new Map(),
      nextOpId: 1,
      sessions: new Map(),
    };
    STATE.set(ctx, s);
  }
  return s;
}

/** Counts one command as mongod's opcounters do and registers it as in progress; returns its opid. */
export function beginOp(ctx: EngineContext, req: Request): number {
  const s = ops(ctx);
  const c = s.counters;
  const { cmd, name } = req;
  if (name === 'insert') c.insert += Array.isArray(cmd.documents) ? cmd.documents.length : 0;
  else if (name === 'update') c.update += Array.isArray(cmd.updates) ? cmd.updates.length : 0;
  else if (name === 'delete') c.delete += Array.isArray(cmd.deletes) ? cmd.deletes.length : 0;
  else if (name === 'find') c.query++;
  else if (name === 'getMore') c.getmore++;
  else c.command++;
  const lsid = cmd.lsid as Document | undefined;
  const now = Date.now();
  if (lsid && lsid.id !== undefined) {
    const key = sessionKey(lsid.id);
    const known = s.sessions.get(key);
    if (known) known.lastUseMs = now;
    else s.sessions.set(key, { _id: { id: lsid.id as unknown }, lastUseMs: now });
  }
  const opid = s.nextOpId++;
  s.inprog.set(opid, { req, started: now, killed: false });
  return opid;
}

/** A cheap map key for a session id (a 16-byte UUID `Binary`): its bytes as a string. */
function sessionKey(id: unknown): string {
  const bytes = (id as { buffer?: Uint8Array }).buffer;
  if (!(bytes instanceof Uint8Array)) return String(id);
  let key = '';
  for (let i = 0; i < bytes.length; i++) key += String.fromCharCode(bytes[i]);
  return key;
}

export function endOp(ctx: EngineContext, opid: number): void {
  STATE.get(ctx)?.inprog.delete(opid);
}

export function opCounters(ctx: EngineContext): OpCounters {
  return { ...ops(ctx).counters };
}

function currentOps(ctx: EngineContext, filter: Document | undefined): Document[] {
  const now = Date.now();
  const list = [...ops(ctx).inprog.entries()].map(([opid, op]) => {
    const { req } = op;
    const target = req.cmd[req.name] as unknown;
    return {
      type: 'op',
      host: 'localhost',
      desc: `conn${req.conn.id}`,
      connectionId: req.conn.id,
      client: req.conn.remote,
      active: true,
      currentOpTime: new Date(now).toISOString(),
      opid,
      secs_running: Long.fromNumber(Math.floor((now - op.started) / 1000)),
      microsecs_running: Long.fromNumber((now - op.started) * 1000),
      op: 'command',
      ns: typeof target === 'string' ? `${req.db}.${target}` : `${req.db}.$cmd`,
      command: req.cmd,
      numYields: 0,
      waitingForLock: false,
      killPending: op.killed,
    };
  });
  if (!filter) return list;
  const { $all: _all, $ownOps: _own, $truncateOps: _t, ...rest } = filter;
  return list.filter((d) =>
    Object.entries(rest).every(([k, v]) => pathValues(d, k).some((x) => valueKey(x) === valueKey(v))),
  );
}

export const currentOp: Handler = (ctx, req) => {
  if (req.db !== 'admin')
    throw new EngineError(13, 'Unauthorized', 'currentOp may only be run against the admin database.');
  const { currentOp: _c, $all: _a, $ownOps: _o, lsid: _l, $db: _d, ...filter } = req.cmd;
  return { inprog: currentOps(ctx, filter), ok: 1 };
};

export const killOp: Handler = (ctx, req) => {
  if (req.db !== 'admin')
    throw new EngineError(13, 'Unauthorized', 'killOp may only be run against the admin database.');
  const op = req.cmd.op as unknown;
  const id = typeof op === 'number' ? op : op instanceof Long ? op.toNumber() : Number.NaN;
  if (!Number.isInteger(id)) throw new EngineError(14, 'TypeMismatch', 'Did not provide "op" field');
  const found = ops(ctx).inprog.get(id);
  // Commands here run to completion in one step of the event loop; the flag is what a later check would see.
  if (found) found.killed = true;
  return { info: 'attempting to kill op', ok: 1 };
};

/** `$currentOp` as the first stage of `db.aggregate` on admin. */
export function currentOpStage(ctx: EngineContext, req: Request): Document[] {
  if (req.db !== 'admin')
    throw new EngineError(
      73,
      'InvalidNamespace',
      "$currentOp must be run against the 'admin' database with {aggregate: 1}",
    );
  return currentOps(ctx, undefined);
}

/** `$listLocalSessions`: sessions seen on this server (from commands' `lsid`). */
export function listLocalSessionsStage(ctx: EngineContext): Document[] {
  return [...ops(ctx).sessions.values()].map((s) => ({
    _id: s._id as unknown,
    lastUse: new Date(s.lastUseMs as number),
  }));
}

// ------------------------------------------------------------------------------------------- sizes

function docBytes(coll: Collection): number {
  let n = 0;
  for (const d of coll.docs.values()) n += BSON.calculateObjectSize(d);
  return n;
}

/** Estimated bytes of each index: entries × (average key size over a sample + 16 bytes of record id). */
function indexSizes(coll: Collection): Record<string, number> {
  const out: Record<string, number> = {};
  const sample: Document[] = [];
  for (const d of coll.docs.values()) {
    sample.push(d);
    if (sample.length >= 200) break;
  }
  for (const spec of coll.specs()) {
    const fields = Object.keys(spec.key).filter((f) => !f.startsWith('_fts'));
    let keyBytes = 0;
    for (const d of sample) {
      const key: Document = {};
      fields.forEach((f, i) => (key[String(i)] = pathValues(d, f)[0] ?? null));
      keyBytes += BSON.calculateObjectSize(key);
    }
    const avg = sample.length ? keyBytes / sample.length : 0;
    // A B-tree page holds at least one entry; an empty index still takes a page (4 KiB) as in WiredTiger.
    out[spec.name] = Math.max(4096, Math.round(coll.docs.size * (avg + 16)));
  }
  return out;
}

function scaleOf(v: unknown): number {
  if (v === undefined || v === null) return 1;
  const n = typeof v === 'number' ? v : v instanceof Long ? v.toNumber() : Number.NaN;
  if (!Number.isFinite(n) || n < 1) throw badValue('Scale factor must be greater than zero');
  return Math.trunc(n);
}

/** The storage statistics `collStats` and `$collStats: { storageStats }` report (MongoDB's field names). */
function storageStats(coll: Collection, scale: number): Document {
  const size = docBytes(coll);
  const sizes = indexSizes(coll);
  const totalIndexSize = Object.values(sizes).reduce((a, b) => a + b, 0);
  const scaled: Record<string, number> = {};
  for (const [k, v] of Object.entries(sizes)) scaled[k] = Math.trunc(v / scale);
  const count = coll.docs.size;
  return {
    size: Math.trunc(size / scale),
    count,
    avgObjSize: count ? Math.trunc(size / count) : 0,
    numOrphanDocs: 0,
    storageSize: Math.trunc(size / scale),
    freeStorageSize: 0,
    capped: false,
    nindexes: coll.indexes.size,
    indexDetails: Object.fromEntries(Object.keys(sizes).map((k) => [k, {}])),
    indexBuilds: [],
    totalIndexSize: Math.trunc(totalIndexSize / scale),
    totalSize: Math.trunc((size + totalIndexSize) / scale),
    indexSizes: scaled,
    scaleFactor: scale,
  };
}

export const collStats: Handler = (ctx, req) => {
  const name = collName(req);
  const scale = scaleOf(req.cmd.scale);
  const coll = ctx.store.getColl(req.db, name);
  if (!coll) throw new EngineError(26, 'NamespaceNotFound', `Collection [${req.db}.${name}] not found.`);
  return { ns: coll.ns, ...storageStats(coll, scale), ok: 1 };
};

/** `$collStats` (first stage): `storageStats`, `count`, `latencyStats`, `queryExecStats` as requested. */
export function collStatsStage(
  ctx: EngineContext,
  req: Request,
  collection: string,
  spec: unknown,
): Document[] {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
    throw new EngineError(
      5447000,
      'Location5447000',
      '$collStats must take a nested object but found: ' + String(spec),
    );
  const s = spec as Document;
  const coll = ctx.store.getColl(req.db, collection);
  const out: Document = { ns: `${req.db}.${collection}`, host: 'localhost', localTime: new Date() };
  if (s.latencyStats !== undefined) {
    const zero = { latency: Long.fromNumber(0), ops: Long.fromNumber(0) };
    out.latencyStats = { reads: zero, writes: zero, commands: zero, transactions: zero };
  }
  if (s.storageStats !== undefined) {
    if (!coll)
      throw new EngineError(
        26,
        'NamespaceNotFound',
        `Unable to retrieve storageStats in $collStats stage :: caused by :: Collection [${req.db}.${collection}] not found.`,
      );
    const scale = scaleOf((s.storageStats as Document | null)?.scale);
    out.storageStats = storageStats(coll, scale);
  }
  if (s.count !== undefined) {
    if (!coll)
      throw new EngineError(
        26,
        'NamespaceNotFound',
        `Unable to retrieve count in $collStats stage :: caused by :: Collection [${req.db}.${collection}] not found.`,
      );
    out.count = coll.docs.size;
  }
  if (s.queryExecStats !== undefined)
    out.queryExecStats = { collectionScans: { total: Long.fromNumber(0), nonTailable: Long.fromNumber(0) } };
  return [out];
}

/** `$indexStats` (first stage): one document per index. Access counts are not tracked (0). */
export function indexStatsStage(ctx: EngineContext, req: Request, collection: string): Document[] {
  const coll = ctx.store.getColl(req.db, collection);
  if (!coll) return [];
  return coll.specs().map((spec) => ({
    name: spec.name,
    key: spec.key,
    host: 'localhost',
    accesses: { ops: Long.fromNumber(0), since: new Date(ctx.startedAt) },
    spec: { ...spec },
  }));
}

export const dbStats: Handler = (ctx, req) => {
  const scale = scaleOf(req.cmd.scale);
  const colls = [...(ctx.store.dbs.get(req.db)?.values() ?? [])];
  let objects = 0;
  let dataSize = 0;
  let indexSize = 0;
  let indexes = 0;
  const views = viewCount(ctx, req.db);
  for (const c of colls) {
    objects += c.docs.size;
    dataSize += docBytes(c);
    indexSize += Object.values(indexSizes(c)).reduce((a, b) => a + b, 0);
    indexes += c.indexes.size;
  }
  return {
    db: req.db,
    collections: colls.length,
    views,
    objects,
    avgObjSize: objects ? dataSize / objects : 0,
    dataSize: dataSize / scale,
    storageSize: dataSize / scale,
    freeStorageSize: 0,
    indexes,
    indexSize: indexSize / scale,
    indexFreeStorageSize: 0,
    totalSize: (dataSize + indexSize) / scale,
    totalFreeStorageSize: 0,
    scaleFactor: scale,
    fsUsedSize: 0,
    fsTotalSize: 0,
    ok: 1,
  };
};

function viewCount(ctx: EngineContext, db: string): number {
  return ctx.store.getColl(db, 'system.views')?.docs.size ?? 0;
}

// -------------------------------------------------------------------------------------- validate

export const validate: Handler = (ctx, req) => {
  const name = collName(req);
  const coll = ctx.store.getColl(req.db, name);
  if (!coll)
    throw new EngineError(
      26,
      'NamespaceNotFound',
      `Collection '${req.db}.${name}' does not exist to validate.`,
    );
  const keysPerIndex: Record<string, number> = {};
  const indexDetails: Record<string, Document> = {};
  const errors: string[] = [];
  for (const ix of coll.btrees()) {
    const n = ix.entries.size;
    keysPerIndex[ix.name] = n;
    // Every document has at least one entry in a non-sparse, non-partial, non-multikey index.
    const valid = ix.sparse || ix.partial || ix.multikeyPossible || n === coll.docs.size;
    if (!valid) errors.push(`index ${ix.name} has ${n} entries for ${coll.docs.size} documents`);
    indexDetails[ix.name] = { valid };
  }
  const text = coll.textIndex;
  if (text) {
    keysPerIndex[text.spec.name] = coll.docs.size;
    indexDetails[text.spec.name] = { valid: true };
  }
  return {
    ns: coll.ns,
    uuid: coll.uuid,
    nInvalidDocuments: 0,
    nNonCompliantDocuments: 0,
    nrecords: coll.docs.size,
    nIndexes: coll.indexes.size,
    keysPerIndex,
    indexDetails,
    valid: errors.length === 0,
    repaired: false,
    warnings: [],
    errors,
    extraIndexEntries: [],
    missingIndexEntries: [],
    corruptRecords: [],
    ok: 1,
  };
};

// ----------------------------------------------------------------------------------- users, roles

const DB_ROLES = ['dbAdmin', 'dbOwner', 'enableSharding', 'read', 'readWrite', 'userAdmin'];
const ADMIN_ROLES = [
  'backup',
  'clusterAdmin',
  'clusterManager',
  'clusterMonitor',
  'dbAdminAnyDatabase',
  'directShardOperations',
  'hostManager',
  'readAnyDatabase',
  'readWriteAnyDatabase',
  'restore',
  'root',
  '__system',
  'userAdminAnyDatabase',
];

function builtinRoles(db: string): string[] {
  return db === 'admin' ? [...DB_ROLES, ...ADMIN_ROLES].sort() : DB_ROLES;
}

function roleDoc(role: string, db: string): Document {
  return { _id: `${db}.${role}`, role, db, isBuiltin: true, roles: [], inheritedRoles: [] };
}

export const usersInfo: Handler = () => ({ users: [], ok: 1 });

export const rolesInfo: Handler = (_ctx, req) => {
  const arg = req.cmd.rolesInfo as unknown;
  if (arg === 1 || arg === true) {
    const roles =
      req.cmd.showBuiltinRoles === true ? builtinRoles(req.db).map((r) => roleDoc(r, req.db)) : [];
    return { roles, ok: 1 };
  }
  const wanted = (Array.isArray(arg) ? arg : [arg]).map((r) =>
    typeof r === 'string' ? { role: r, db: req.db } : (r as { role: string; db: string }),
  );
  const roles = wanted
    .filter((r) => r && typeof r.role === 'string' && builtinRoles(r.db).includes(r.role))
    .map((r) => roleDoc(r.role, r.db));
  return { roles, ok: 1 };
};

// ------------------------------------------------------------------------------------------- misc

export const getLog: Handler = (_ctx, req) => {
  const which = req.cmd.getLog as unknown;
  if (which === '*') return { names: ['global', 'startupWarnings'], ok: 1 };
  if (which === 'global' || which === 'startupWarnings') return { totalLinesWritten: 0, log: [], ok: 1 };
  throw new EngineError(2, 'BadValue', `No log named '${String(which)}'`);
};

/** `listCommands`: every command this engine answers, in MongoDB's reply shape. */
export function listCommandsOf(names: string[]): Handler {
  return () => {
    const commands: Document = {};
    for (const n of [...names].sort())
      commands[n] = {
        help: '',
        requiresAuth: false,
        secondaryOk: true,
        adminOnly: false,
        apiVersions: [],
        deprecatedApiVersions: [],
      };
    return { commands, ok: 1 };
  };
}

/** Replica-set commands on a standalone: 76 NoReplicationEnabled, as mongod without `--replSet`. */
export const REPL_SET_COMMANDS = [
  'replSetGetStatus',
  'replSetGetConfig',
  'replSetInitiate',
  'replSetReconfig',
  'replSetStepDown',
  'replSetStepUp',
  'replSetFreeze',
  'replSetMaintenance',
  'replSetSyncFrom',
  'replSetGetRBID',
  'replSetUpdatePosition',
  'replSetHeartbeat',
  'replSetRequestVotes',
  'replSetAbortPrimaryCatchUp',
  'replSetTest',
];

export const noReplication: Handler = () => {
  throw new EngineError(76, 'NoReplicationEnabled', 'not running with --replSet');
};
