/**
 * The engine runs from a bundle of its sources (see server/src/db/engineBundle.ts). A bundle older than
 * any engine source must be rebuilt before use, so no process ever runs code older than the tree.
 */
import { statSync, utimesSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { ENGINE_BUNDLE_PATH, ensureEngineBundle } from '../../../../server/src/db/engineBundle';
import { spawnEngine } from './engine-process';

describe('engine bundle', () => {
  test('a stale bundle is rebuilt, a fresh one is reused, and the bundle serves the driver', async () => {
    await ensureEngineBundle();
    const past = new Date(Date.now() - 3600_000);
    utimesSync(ENGINE_BUNDLE_PATH, past, past);
    expect(await ensureEngineBundle()).toBe(true);
    expect(statSync(ENGINE_BUNDLE_PATH).mtimeMs).toBeGreaterThan(past.getTime() + 1000);
    expect(await ensureEngineBundle()).toBe(false);

    const engine = await spawnEngine(null);
    const client = new MongoClient(engine.uri);
    try {
      expect(engine.child.spawnargs).toContain(ENGINE_BUNDLE_PATH);
      const coll = client.db('bundle').collection('items');
      await coll.insertOne({ _id: 'a' as never, n: 1 });
      expect(await coll.findOne({ n: 1 })).toEqual({ _id: 'a', n: 1 });
    } finally {
      await client.close();
      expect(await engine.stop()).toBe(0);
    }
  });
});
