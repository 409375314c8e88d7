/**
 * One database per caller for tests. With `MONGODB_URI` set, a uniquely named database on that server
 * (dropped on stop); otherwise an in-memory embedded engine on a free loopback port (closed on stop).
 *
 *   const db = await startTestDatabase();
 *   await mongoose.connect(db.uri);          // `uri` already names `dbName`
 *   ...
 *   await db.stop();
 */
import { MongoClient } from 'mongodb';
import type { EngineLogger } from '../../server/src/db/embedded/types';

export type TestDatabaseKind = 'embedded' | 'mongodb';

export interface TestDatabase {
  /** Connection string that selects `dbName` as its default database. */
  uri: string;
  dbName: string;
  kind: TestDatabaseKind;
  stop(): Promise<void>;
}

let counter = 0;

/** Which kind `startTestDatabase()` will return (known before anything starts, e.g. for describe titles). */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.MONGODB_URI ? 'mongodb' : 'embedded';
}

/**
 * Replaces the database path of a connection string, keeping hosts and query options. With credentials,
 * the original path database stays the authentication database (`authSource`).
 */
export function uriWithDatabase(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/([^/?]+))(?:\/([^?]*))?(\?.*)?$/.exec(uri);
  if (!match) throw new Error('MONGODB_URI is not a mongodb:// or mongodb+srv:// connection string');
  const [, base, authority, pathDb, query] = match;
  let options = query ?? '';
  if (authority.includes('@') && pathDb && !/[?&]authSource=/i.test(options)) {
    options += `${options ? '&' : '?'}authSource=${pathDb}`;
  }
  return `${base}/${dbName}${options}`;
}

/** Engine log lines are dropped unless DB_TEST_LOG=1 (warnings from fault-injection tests are expected). */
const testLogger: EngineLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, fields) => {
    if (process.env.DB_TEST_LOG) console.warn(`[engine] ${message}`, fields ?? '');
  },
  error: (message, fields) => {
    if (process.env.DB_TEST_LOG) console.error(`[engine] ${message}`, fields ?? '');
  },
};

export async function startTestDatabase(): Promise<TestDatabase> {
  const dbName = `polos_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const external = process.env.MONGODB_URI;
  if (external) {
    return {
      uri: uriWithDatabase(external, dbName),
      dbName,
      kind: 'mongodb',
      async stop() {
        const client = new MongoClient(external, { serverSelectionTimeoutMS: 5000 });
        try {
          await client.connect();
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  }
  const { startEmbeddedEngine } = await import('../../server/src/db/embedded');
  const engine = await startEmbeddedEngine({ host: '127.0.0.1', port: 0, logger: testLogger });
  return {
    uri: uriWithDatabase(engine.uri, dbName),
    dbName,
    kind: 'embedded',
    stop: () => engine.close(),
  };
}
