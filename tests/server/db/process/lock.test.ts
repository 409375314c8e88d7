/**
 * The data-directory lock is released by the kernel when its owner dies: after kill -9 the next engine
 * starts at once (no "in use by process N" from a zombie or reused pid), and two live engines never
 * share a directory. Embedded engine only (it spawns the engine CLI as a child process).
 */
import { MongoClient } from 'mongodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnEngine, type EngineProcess } from './engine-process';

jest.setTimeout(120_000);

let dataDir: string;
const engines: EngineProcess[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'polos-lock-'));
});

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.kill9();
  await rm(dataDir, { recursive: true, force: true });
});

async function insertOne(uri: string, round: number): Promise<number> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000, retryWrites: false });
  try {
    const coll = client.db('lock').collection('rounds');
    await coll.insertOne({ round });
    return await coll.countDocuments();
  } finally {
    await client.close(true);
  }
}

describe('embedded engine: data-directory lock', () => {
  test('kill -9 and restart at once, 20 times in a row: every start succeeds and keeps the data', async () => {
    for (let round = 0; round < 20; round++) {
      // Started right after the previous owner was killed (its pid may still be a zombie or reused).
      const engine = await spawnEngine(dataDir, 20_000);
      engines.push(engine);
      expect(await insertOne(engine.uri, round)).toBe(round + 1);
      await engine.kill9();
      engines.splice(engines.indexOf(engine), 1);
    }
  });

  test('a second engine is refused while the first lives, also when both start after a crash', async () => {
    const first = await spawnEngine(dataDir, 20_000);
    engines.push(first);
    await first.kill9();
    engines.splice(0);
    // Two starters race for the leftover lock of the killed engine: exactly one wins.
    const results = await Promise.allSettled([spawnEngine(dataDir, 20_000), spawnEngine(dataDir, 20_000)]);
    const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    engines.push(...winners);
    expect(winners).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(loser.reason)).toMatch(new RegExp(`in use by process ${winners[0].child.pid}`));
    await expect(spawnEngine(dataDir, 20_000)).rejects.toThrow(/in use by process/);
    expect(await insertOne(winners[0].uri, 0)).toBe(1);
  });
});
