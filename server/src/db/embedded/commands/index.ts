/** Command dispatch: name → handler, transaction refusal, error → reply mapping. */
import type { Document } from 'bson';
import { EngineError, setFaultLog, toEngineError } from '../errors';
import * as admin from './admin';
import { aggregate } from './aggregate';
import * as crud from './crud';
import { explain } from './explain';
import type { ConnectionInfo, EngineContext, Handler } from './context';
import * as tools from './tools';
import { evaluateLet } from '../storage/query';
import { isPlainObject } from '../storage/values';
import { checkCommandFields, checkWriteConcern } from './validate';

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
  getLog: tools.getLog,
  currentOp: tools.currentOp,
  killOp: tools.killOp,
  validate: tools.validate,
  usersInfo: tools.usersInfo,
  rolesInfo: tools.rolesInfo,
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
  collStats: tools.collStats,
  dbStats: tools.dbStats,
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
  explain,
};
for (const name of tools.REPL_SET_COMMANDS) HANDLERS[name] = tools.noReplication;
HANDLERS.listCommands = tools.listCommandsOf([...Object.keys(HANDLERS), 'listCommands']);

let faultLogger: EngineContext['logger'] | undefined;

export async function runCommand(
  ctx: EngineContext,
  db: string,
  cmd: Document,
  conn: ConnectionInfo,
  bytes = 0,
): Promise<Document> {
  const name = Object.keys(cmd)[0];
  if (faultLogger !== ctx.logger) {
    faultLogger = ctx.logger;
    const logger = ctx.logger;
    setFaultLog((message, fields) => logger.error(message, fields));
  }
  if (!name) return new EngineError(59, 'CommandNotFound', "no such command: ''").toReply();
  try {
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
    checkCommandFields(cmd, name);
    // `let` values are expressions evaluated once, before the command (MongoDB 5.0+).
    if (isPlainObject(cmd.let)) cmd = { ...cmd, let: evaluateLet(cmd.let) };
    if (cmd.writeConcern !== undefined) checkWriteConcern(cmd);
    const req = { db, cmd, name, conn, bytes };
    const opid = tools.beginOp(ctx, req);
    try {
      return await handler(ctx, req);
    } finally {
      tools.endOp(ctx, opid);
    }
  } catch (err) {
    const e = toEngineError(err);
    if (e.code === 2 && !(err instanceof EngineError))
      ctx.logger.debug('mapped error', { command: name, message: e.message });
    return e.toReply();
  }
}
