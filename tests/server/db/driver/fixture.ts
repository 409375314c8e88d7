/** Shared set-up for the driver-level suites: one database (embedded or MONGODB_URI) per test file. */
import { MongoClient, type Db } from 'mongodb';
import { startTestDatabase, testDatabaseKind, type TestDatabase } from '../../../helpers/db';

export const kind = testDatabaseKind();

export interface DriverContext {
  testDb: TestDatabase;
  client: MongoClient;
  db: Db;
}

/** Registers beforeAll/afterAll hooks; the returned object is filled in before the first test runs. */
export function useDriver(options: { monitorCommands?: boolean } = {}): DriverContext {
  const ctx = {} as DriverContext;
  beforeAll(async () => {
    ctx.testDb = await startTestDatabase();
    ctx.client = new MongoClient(ctx.testDb.uri, {
      serverSelectionTimeoutMS: 5000,
      monitorCommands: options.monitorCommands ?? false,
    });
    await ctx.client.connect();
    ctx.db = ctx.client.db(ctx.testDb.dbName);
  });
  afterAll(async () => {
    await ctx.client?.close();
    await ctx.testDb?.stop();
  });
  return ctx;
}

/** A rejection as seen by the tests: any error object, fields read loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyError = Record<string, any>;

/** Resolves to the rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<AnyError> {
  try {
    await promise;
  } catch (error) {
    return error as AnyError;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}
