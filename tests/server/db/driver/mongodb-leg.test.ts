/**
 * Reports which database the driver-level suites ran against. Without MONGODB_URI the MongoDB leg is not
 * run (said once on stdout, with the reason); the test below checks the database really is the one
 * reported, so the report cannot be wrong.
 */
import { MongoClient } from 'mongodb';
import { startTestDatabase } from '../../../helpers/db';
import { kind } from './fixture';

if (!process.env.MONGODB_URI) process.stdout.write('MongoDB leg not run: MONGODB_URI is not set\n');

describe(`database kind under test: ${kind}`, () => {
  test('theReportedKindIsTheDatabaseTheSuitesTalkTo', async () => {
    const db = await startTestDatabase();
    const client = new MongoClient(db.uri, { serverSelectionTimeoutMS: 5000 });
    try {
      expect(db.kind).toBe(process.env.MONGODB_URI ? 'mongodb' : 'embedded');
      expect(db.kind).toBe(kind);
      await client.connect();
      expect(await client.db().command({ ping: 1 })).toMatchObject({ ok: 1 });
      // The embedded engine only ever listens on loopback.
      if (db.kind === 'embedded') expect(db.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\//);
    } finally {
      await client.close();
      await db.stop();
    }
  });
});
