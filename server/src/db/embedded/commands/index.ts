/** Command dispatch: name → handler, transaction refusal, error → reply mapping. */
import type { Document } from 'bson';
import { EngineError, toEngineError } from '../errors';
import * as admin from './admin';
import { aggregate } from './aggregate';
import * as crud from './crud';
import type { ConnectionInfo, EngineContext, Handler } from './context';

const HANDLERS: Record<string, Handler> = {
  hello: admin.hello,
  isMaster: admin.hello,
  ismaster: admin.hello,
  ping: admin.ping,
  buildInfo: admin.buildInfo,
  buildinfo: admin.buildInfo,
  getParameter: admin.getParameter,
  serverStatus: admin.serverStatus,
  hostInfo: admin.hostInfo,
  whatsmyuri: admin.whatsmyuri,
  getCmdLineOpts: admin.getCmdLineOpts,
  connectionStatus: admin.connectionStatus,
  getLog: admin.getLog,
  endSessions: admin.okOnly,
  killSessions: admin.okOnly,
  killAllSessions: admin.okOnly,
  killAllSessionsByPattern: admin.okOnly,
  refreshSessions: admin.okOnly,
  startSession: admin.startSession,
  commitTransaction: admin.transactionsRefused,
  abortTransaction: admin.transactionsRefused,
  create: admin.create,
  collMod: admin.collMod,
  drop: admin.drop,
  dropDatabase: admin.dropDatabase,
  renameCollection: admin.renameCollection,
  createIndexes: admin.createIndexes,
  listIndexes: admin.listIndexes,
  dropIndexes: admin.dropIndexes,
  deleteIndexes: admin.dropIndexes,
  listCollections: admin.listCollections,
  listDatabases: admin.listDatabases,
  collStats: admin.collStats,
  dbStats: admin.dbStats,
  find: crud.find,
  getMore: crud.getMore,
  killCursors: crud.killCursors,
  insert: crud.insert,
  update: crud.update,
  delete: crud.del,
  findAndModify: crud.findAndModify,
  findandmodify: crud.findAndModify,
  count: crud.count,
  distinct: crud.distinct,
  aggregate,
};

const EXPLAIN_REFUSAL = new EngineError(
  115,
  'CommandNotSupported',
  'explain is not supported by the embedded engine',
);

export async function runCommand(
  ctx: EngineContext,
  db: string,
  cmd: Document,
  conn: ConnectionInfo,
  bytes = 0,
): Promise<Document> {
  const name = Object.keys(cmd)[0];
  if (!name) return new EngineError(59, 'CommandNotFound', "no such command: ''").toReply();
  try {
    if (name === 'explain') throw EXPLAIN_REFUSAL;
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) {
      return { ok: 0, errmsg: `no such command: '${name}'`, code: 59, codeName: 'CommandNotFound' };
    }
    if (cmd.txnNumber !== undefined || cmd.startTransaction !== undefined || cmd.autocommit !== undefined) {
      throw new EngineError(
        20,
        'IllegalOperation',
        'Transaction numbers are only allowed on a replica set member or mongos',
      );
    }
    return await handler(ctx, { db, cmd, name, conn, bytes });
  } catch (err) {
    const e = toEngineError(err);
    if (e.code === 2 && !(err instanceof EngineError))
      ctx.logger.debug('mapped error', { command: name, message: e.message });
    return e.toReply();
  }
}
