/** What every command handler gets: the store, cursors, the connection, and a way to commit effects. */
import type { Document } from 'bson';
import type { Store } from '../storage/store';
import type { EngineLogger, Effect } from '../types';
import type { Cursors } from './cursors';
import { EngineError, invalidNamespace, typeMismatch } from '../errors';
import { isPlainObject } from '../storage/values';

export interface ConnectionInfo {
  id: number;
  remote: string;
}

export interface EngineContext {
  store: Store;
  cursors: Cursors;
  logger: EngineLogger;
  startedAt: number;
  /** Journals effects (group-committed fsync) and resolves when durable. */
  commit(effects: Effect[]): Promise<void>;
  connections(): number;
}

export interface Request {
  db: string;
  cmd: Document;
  name: string;
  conn: ConnectionInfo;
  /** Size of the wire message that carried the command (0 when unknown). */
  bytes: number;
}

export type Handler = (ctx: EngineContext, req: Request) => Document | Promise<Document>;

export const MAX_BSON = 16 * 1024 * 1024;

export function collName(req: Request): string {
  const v = req.cmd[req.name] as unknown;
  if (typeof v !== 'string')
    throw invalidNamespace(`collection name has invalid type ${v === null ? 'null' : typeof v}`);
  if (v.length === 0 || v.includes('\0') || v.startsWith('.'))
    throw invalidNamespace(`Invalid namespace specified '${req.db}.${v}'`);
  if (v.startsWith('system.') && !['system.js', 'system.views'].includes(v)) return v;
  return v;
}

export function optDoc(cmd: Document, field: string, cmdName: string): Document | undefined {
  const v = cmd[field] as unknown;
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) {
    throw typeMismatch(
      `BSON field '${cmdName}.${field}' is the wrong type '${Array.isArray(v) ? 'array' : typeof v}', expected type 'object'`,
    );
  }
  return v;
}

export function optNumber(cmd: Document, field: string, cmdName: string): number | undefined {
  const v = cmd[field] as unknown;
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number.NaN;
  if (Number.isNaN(n))
    throw typeMismatch(
      `BSON field '${cmdName}.${field}' is the wrong type '${typeof v}', expected types '[long, int, decimal, double]'`,
    );
  return n;
}

export function nonNegative(n: number | undefined, field: string): number | undefined {
  if (n !== undefined && n < 0)
    throw new EngineError(
      51024,
      'Location51024',
      `BSON field '${field}' value must be >= 0, actual value '${n}'`,
    );
  return n;
}
