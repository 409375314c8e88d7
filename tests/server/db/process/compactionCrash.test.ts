/**
 * kill -9 while the engine is writing a compaction snapshot (writes going on meanwhile): the restart
 * loads the previous state plus both journals and loses no acknowledged write, counts no $inc twice.
 */
import { readdir } from 'node:fs/promises';
import { useEngineDataDir, type EngineProcess } from './engine-process';

jest.setTimeout(120_000);

const fixture = useEngineDataDir('polos-compaction-crash-', 8);
const connect = (uri: string) => fixture.connect(uri);
let engine: EngineProcess;

/** Documents of this test: string ids. */
interface Row {
  _id: string;
  n?: number;
  description?: string;
}

const paragraph = 'Distrito industrial con cooperación entre empresas y centros tecnológicos. ';

test('kill -9 mid-snapshot with $inc, deletes and inserts in flight: every acknowledged write exactly once', async () => {
  engine = await fixture.start();
  const running = engine;
  const db = (await connect(running.uri)).db('app');
  const WRITERS = 4;
  await db
    .collection<Row>('counters')
    .insertMany(Array.from({ length: WRITERS }, (_, w) => ({ _id: `c${w}`, n: 0 })));
  const started = (): boolean => running.stderr().includes('"compaction started"');
  let total = 0;
  while (!started() && total < 12_000) {
    await db
      .collection<Row>('profiles')
      .insertMany(
        Array.from({ length: 250 }, () => ({ _id: `p${total++}`, description: paragraph.repeat(55) })),
      );
  }
  while (!started()) await new Promise((resolve) => setTimeout(resolve, 1));

  const acked = { inc: new Map<string, number>(), inserted: [] as string[], deleted: [] as string[] };
  const attempted = { inc: new Map<string, number>(), deleted: [] as string[] };
  let ackedOps = 0;
  let stop = false;
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    const client = await connect(running.uri);
    const counters = client.db('app').collection<Row>('counters');
    const profiles = client.db('app').collection<Row>('profiles');
    for (let i = 0; !stop; i++) {
      try {
        if (i % 3 === 0) {
          attempted.inc.set(`c${w}`, (attempted.inc.get(`c${w}`) ?? 0) + 1);
          await counters.updateOne({ _id: `c${w}` }, { $inc: { n: 1 } });
          acked.inc.set(`c${w}`, (acked.inc.get(`c${w}`) ?? 0) + 1);
        } else if (i % 3 === 1) {
          const id = `p${w + WRITERS * i}`;
          attempted.deleted.push(id);
          await profiles.deleteOne({ _id: id });
          acked.deleted.push(id);
        } else {
          await profiles.insertOne({ _id: `new-${w}-${i}`, description: 'during compaction' });
          acked.inserted.push(`new-${w}-${i}`);
        }
        ackedOps++;
      } catch {
        return; // the engine is gone: this write was never acknowledged
      }
    }
  });
  while (ackedOps < 4) await new Promise((resolve) => setImmediate(resolve));
  await running.kill9();
  stop = true;
  await Promise.all(writers);
  await fixture.closeClients();
  // The kill interrupted the snapshot: its temp file is there and no snapshot was completed.
  const files = await readdir(fixture.dataDir);
  expect(files).toContain('snapshot.bson.tmp');
  expect(files).not.toContain('snapshot.bson');
  expect(acked.inc.size).toBeGreaterThan(0);

  engine = await fixture.start();
  const check = (await connect(engine.uri)).db('app');
  for (const [id, n] of attempted.inc) {
    const doc = await check.collection<Row>('counters').findOne({ _id: id });
    // At least every acknowledged $inc, at most the attempted ones (one may have been in flight).
    expect(doc?.n).toBeGreaterThanOrEqual(acked.inc.get(id) ?? 0);
    expect(doc?.n).toBeLessThanOrEqual(n);
  }
  const ids = new Set(
    (
      await check
        .collection<Row>('profiles')
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((d) => String(d._id)),
  );
  expect(acked.inserted.filter((id) => !ids.has(id))).toEqual([]);
  expect(acked.deleted.filter((id) => ids.has(id))).toEqual([]);
  const originals = [...ids].filter((id) => id.startsWith('p')).length;
  expect(originals).toBeLessThanOrEqual(total - acked.deleted.length);
  expect(originals).toBeGreaterThanOrEqual(total - attempted.deleted.length);

  // A clean stop now writes a full snapshot; the next start reads the same state from it.
  const before = await check.collection<Row>('counters').find().sort({ _id: 1 }).toArray();
  await fixture.closeClients();
  expect(await engine.stop()).toBe(0);
  engine = await fixture.start();
  const after = await (
    await connect(engine.uri)
  )
    .db('app')
    .collection('counters')
    .find()
    .sort({ _id: 1 })
    .toArray();
  expect(after).toEqual(before);
  expect(await (await connect(engine.uri)).db('app').collection('profiles').countDocuments()).toBe(ids.size);
});
