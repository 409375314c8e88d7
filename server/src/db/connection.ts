import mongoose from 'mongoose';
import type { Logger } from '../lib/logger';

export type DatabaseKind = 'embedded' | 'mongodb';

/** The app's handle on its database; the rest of the app never learns which server is behind it. */
export interface Database {
  readonly kind: DatabaseKind;
  readonly uri: string;
  /** Pings the server with a short timeout. */
  isHealthy(): Promise<boolean>;
  /** Closes the mongoose connection (pending writes are awaited by the driver). */
  close(): Promise<void>;
}

// Applied once, before any model is compiled: unknown filter keys throw instead of matching everything,
// and `$`-operators in filters built from user input are neutralised.
mongoose.set('strictQuery', 'throw');
mongoose.set('sanitizeFilter', true);

/** Connects mongoose (the process-wide default connection) to `uri`. */
export async function connectDatabase(uri: string, kind: DatabaseKind, logger: Logger): Promise<Database> {
  const connection = mongoose.connection;
  connection.on('disconnected', () => logger.warn({ kind }, 'database disconnected'));
  connection.on('reconnected', () => logger.info({ kind }, 'database reconnected'));
  await mongoose.connect(uri, {
    serverSelectionTimeoutMS: 5000,
    // A write that cannot reach the database fails fast (→ 503) instead of hanging the request.
    socketTimeoutMS: 30000,
    autoIndex: true,
  });
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  logger.info({ kind, uri: redactUri(uri) }, 'database connected');
  return {
    kind,
    uri,
    async isHealthy() {
      const db = connection.db;
      if (connection.readyState !== mongoose.ConnectionStates.connected || !db) return false;
      try {
        await withTimeout(db.command({ ping: 1 }), 1000);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await mongoose.disconnect();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Hides credentials in a connection string before it is logged. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}
