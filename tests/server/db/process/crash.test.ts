/**
 * kill -9 mid-stream: every acknowledged write survives exactly once and no document is half-applied.
 * Embedded engine only (it spawns the engine CLI as a child process).
 */
import { spawnEngine, useEngineDataDir, type EngineProcess } from './engine-process';

jest.setTimeout(120_000);

const fixture = useEngineDataDir('polos-crash-', 16);
const connect = (uri: string) => fixture.connect(uri);
let engine: EngineProcess;

describe('embedded engine: kill -9 during acknowledged writes', () => {
  test('every acknowledged insert, insertMany and update survives exactly once', async () => {
    engine = await fixture.start();
    const setup = await connect(engine.uri);
    const db = setup.db('crash');
    await db.collection('posts').createIndex({ writer: 1, seq: 1 });
    await db
      .collection('counters')
      .insertMany(Array.from({ length: 4 }, (_, i) => ({ _id: `c${i}`, a: 0, b: 0 })) as never[]);

    const acked = new Set<string>();
    const ackedBatches: string[][] = [];
    const ackedIncrements = new Map<string, number>();
    let attemptedIncrements = 0;
    let stop = false;
    let inFlightAtKill = 0;
    const writers: Promise<void>[] = [];
    for (let c = 0; c < 4; c++) {
      const client = await connect(engine.uri);
      const posts = client.db('crash').collection('posts');
      const counters = client.db('crash').collection('counters');
      for (let w = 0; w < 6; w++) {
        const writer = `c${c}w${w}`;
        writers.push(
          (async () => {
            for (let seq = 0; !stop; seq++) {
              try {
                if (seq % 5 === 4) {
                  // Several documents in one command: all or (if unacknowledged) possibly none.
                  const keys = [0, 1, 2].map((k) => `${writer}-${seq}-${k}`);
                  await posts.insertMany(
                    keys.map((key) => ({ key, writer, seq, body: 'x'.repeat(200), check: key.length })),
                  );
                  ackedBatches.push(keys);
                  for (const key of keys) acked.add(key);
                } else if (seq % 5 === 2) {
                  const id = `c${(c + w) % 4}`;
                  attemptedIncrements++;
                  // Two fields in one update: a half-applied update would leave a !== b.
                  await counters.updateOne({ _id: id } as never, { $inc: { a: 1, b: 1 } });
                  ackedIncrements.set(id, (ackedIncrements.get(id) ?? 0) + 1);
                } else {
                  const key = `${writer}-${seq}`;
                  await posts.insertOne({
                    key,
                    writer,
                    seq,
                    body: 'y'.repeat(300),
                    tags: ['a', 'b'],
                    check: key.length,
                  });
                  acked.add(key);
                }
              } catch {
                inFlightAtKill++;
                return; // the engine is gone: this write was never acknowledged
              }
            }
          })(),
        );
      }
    }
    // Let the writers run until a good number of writes are acknowledged, then pull the plug mid-stream.
    const deadline = Date.now() + 20_000;
    while (acked.size < 1500 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await engine.kill9();
    stop = true;
    await Promise.all(writers);
    await fixture.closeClients();
    expect(acked.size).toBeGreaterThan(100);
    // The kill really happened mid-stream: writers had unacknowledged writes in flight.
    expect(inFlightAtKill).toBeGreaterThan(0);

    // Restart speed is the benchmark's job (`npm run bench:db`); here only that it restarts and lost nothing.
    engine = await fixture.start();
    const check = (await connect(engine.uri)).db('crash');

    const dupes = await check
      .collection('posts')
      .aggregate([{ $group: { _id: '$key', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }])
      .toArray();
    expect(dupes).toEqual([]);
    const present = new Set(
      (
        await check
          .collection('posts')
          .find({}, { projection: { _id: 0, key: 1 } })
          .toArray()
      ).map((d) => d.key as string),
    );
    const missing = [...acked].filter((key) => !present.has(key));
    expect(missing).toEqual([]);
    // Whole documents only.
    const broken = await check
      .collection('posts')
      .find({
        $or: [
          { body: { $exists: false } },
          { writer: { $exists: false } },
          { $expr: { $ne: ['$check', { $strLenCP: '$key' }] } },
        ],
      })
      .toArray();
    expect(broken).toEqual([]);
    // A multi-document command is all or nothing when it was acknowledged; unacknowledged batches are all-or-nothing too.
    for (const keys of ackedBatches) for (const key of keys) expect(present.has(key)).toBe(true);
    const batchKeys = [...present].filter((k) => k.split('-').length === 3);
    const byBatch = new Map<string, number>();
    for (const key of batchKeys) {
      const batch = key.slice(0, key.lastIndexOf('-'));
      byBatch.set(batch, (byBatch.get(batch) ?? 0) + 1);
    }
    for (const [batch, n] of byBatch) expect([batch, n]).toEqual([batch, 3]);

    const counters = await check.collection('counters').find().toArray();
    expect(counters).toHaveLength(4);
    let total = 0;
    for (const counter of counters) {
      expect(counter.a).toBe(counter.b);
      expect(counter.a).toBeGreaterThanOrEqual(ackedIncrements.get(counter._id as unknown as string) ?? 0);
      total += counter.a as number;
    }
    expect(total).toBeLessThanOrEqual(attemptedIncrements);
    // The index survives the restart too.
    const indexes = (await check.collection('posts').listIndexes().toArray()).map((i) => i.name);
    expect(indexes).toContain('writer_1_seq_1');
  });

  test('three crashes in a row: state accumulates and stays consistent', async () => {
    const expected = new Set<string>();
    for (let round = 0; round < 3; round++) {
      engine = await fixture.start();
      const client = await connect(engine.uri);
      const coll = client.db('crash').collection('rounds');
      if (round > 0) expect(await coll.countDocuments()).toBe(expected.size);
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 25; i++) {
            const key = `r${round}-w${w}-${i}`;
            await coll.insertOne({ key });
            expected.add(key);
          }
        }),
      );
      await engine.kill9();
      await fixture.closeClients();
    }
    engine = await fixture.start();
    const keys = (await (await connect(engine.uri)).db('crash').collection('rounds').find().toArray()).map(
      (d) => d.key as string,
    );
    expect(keys.length).toBe(expected.size);
    expect(new Set(keys)).toEqual(expected);
  });

  test('SIGTERM flushes and exits 0; a second engine on the same data dir is refused while the first runs', async () => {
    engine = await fixture.start();
    const client = await connect(engine.uri);
    await client
      .db('crash')
      .collection('clean')
      .insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
    await expect(spawnEngine(fixture.dataDir, 20_000)).rejects.toThrow(/in use by process/);
    await fixture.closeClients();
    expect(await engine.stop()).toBe(0);
    engine = await fixture.start();
    const again = await connect(engine.uri);
    expect(await again.db('crash').collection('clean').countDocuments()).toBe(50);
  });
});
