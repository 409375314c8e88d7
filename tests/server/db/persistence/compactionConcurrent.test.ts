/**
 * Compaction writes its snapshot over many event-loop turns while the engine keeps serving: queries are
 * answered and writes ($inc, deletes, inserts) committed during it. The snapshot must still hold exactly
 * the state at the rotation point (never a later write), and snapshot + the new journal must reload to
 * exactly the live state. The engine runs in this process (real driver over TCP, real data directory).
 */
import { EJSON } from 'bson';
import { MongoClient, type Document } from 'mongodb';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../../../server/src/db/embedded';
import { readSnapshot } from '../../../../server/src/db/embedded/persistence/snapshot';
import type { EngineLogger } from '../../../../server/src/db/embedded/types';

jest.setTimeout(120_000);

const dirs: string[] = [];
const engines: EmbeddedEngine[] = [];
const clients: MongoClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close(true).catch(() => undefined);
  for (const e of engines.splice(0)) await e.close().catch(() => undefined);
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'polos-compaction-'));
  dirs.push(dir);
  return dir;
}

/** Logger that appends engine messages to `events`, where the test appends its own markers too. */
function eventLogger(events: string[]): EngineLogger {
  const at = (message: string): void => {
    events.push(message);
  };
  return { debug: at, info: at, warn: at, error: at };
}

async function connect(uri: string): Promise<MongoClient> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, retryWrites: false, maxPoolSize: 4 });
  await client.connect();
  clients.push(client);
  return client;
}

const paragraph =
  'Distrito industrial con cooperación entre empresas, universidades y centros tecnológicos. ';
/** Documents of this test: string ids. */
interface Row {
  _id: string;
  n?: number;
  views?: number;
  description?: string;
}

const canon = (docs: Document[]): string => EJSON.stringify(docs, { relaxed: false });

test('queries are answered and $inc / delete / insert commit during compaction; snapshot + journal reload exactly', async () => {
  const dataDir = await tempDir();
  const events: string[] = [];
  const engine = await startEmbeddedEngine({ dataDir, logger: eventLogger(events) });
  engines.push(engine);
  const db = (await connect(engine.uri)).db('app');
  const counters = db.collection<Row>('counters');
  const profiles = db.collection<Row>('profiles');
  await counters.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: `c${i}`, n: 0 })));

  // Profile-sized documents (~4 KB) until the journal passes 16 MiB and the engine starts compacting.
  let next = 0;
  while (!events.includes('compaction started') && next < 10_000) {
    await profiles.insertMany(
      Array.from({ length: 250 }, () => ({
        _id: `p${next++}`,
        views: 0,
        description: paragraph.repeat(45),
      })),
    );
  }
  // The rotation point follows the write that crossed the threshold by a file creation and a directory fsync.
  while (!events.includes('compaction started')) await new Promise((resolve) => setTimeout(resolve, 1));
  const total = next;
  events.push('test: writes start');

  // A query issued now is answered while the snapshot is still being written.
  const query = counters.findOne({ _id: 'c0' }).then((doc) => {
    events.push('test: query answered');
    return doc;
  });
  // Writes against documents the snapshot has still to serialise (the last profiles) and the counters.
  let rounds = 0;
  let roundsBeforeFinish = 0;
  const deleted: string[] = [];
  const incremented = new Map<string, number>();
  // p0…p2999 (~12.5 MB) were committed before the journal could pass 16 MiB, so before the rotation point
  // (later batches may have landed on either side of it). The targets are serialised late (natural order).
  const BEFORE_ROTATION = 3000;
  expect(total).toBeGreaterThan(BEFORE_ROTATION);
  while (rounds < 2400 && (!events.includes('compaction finished') || rounds < 20)) {
    const target = `p${BEFORE_ROTATION - 1 - (rounds % 500)}`;
    const victim = `p${BEFORE_ROTATION - 501 - rounds}`;
    await counters.updateMany({}, { $inc: { n: 1 } });
    await profiles.updateOne({ _id: target }, { $inc: { views: 1 } });
    incremented.set(target, (incremented.get(target) ?? 0) + 1);
    await profiles.deleteOne({ _id: victim });
    deleted.push(victim);
    await profiles.insertOne({ _id: `new${rounds}`, views: rounds, description: 'added during compaction' });
    rounds++;
    if (!events.includes('compaction finished')) roundsBeforeFinish = rounds;
  }
  expect((await query)?.n).toEqual(expect.any(Number));
  while (!events.includes('compaction finished')) await new Promise((resolve) => setTimeout(resolve, 5));

  // Order, not timing: the query's answer and whole write rounds came back before the snapshot was done.
  expect(events.indexOf('test: query answered')).toBeGreaterThan(events.indexOf('test: writes start'));
  expect(events.indexOf('test: query answered')).toBeLessThan(events.indexOf('compaction finished'));
  expect(roundsBeforeFinish).toBeGreaterThan(0);

  // A crash image right now (every write above acknowledged, so durable): snapshot + journal N+1.
  const image = await tempDir();
  for (const name of await readdir(dataDir))
    if (name === 'snapshot.bson' || /^journal-\d+\.log$/.test(name))
      await copyFile(path.join(dataDir, name), path.join(image, name));

  // The snapshot holds the state at the rotation point: none of the writes made during compaction.
  const snapshot = await readSnapshot(image);
  expect(snapshot).not.toBeNull();
  const snapColls = new Map(
    snapshot!.data.databases.find((d) => d.name === 'app')!.collections.map((c) => [c.name, c]),
  );
  expect(snapColls.get('counters')!.documents.map((d) => d.n)).toEqual(Array(10).fill(0));
  const snapProfiles = snapColls.get('profiles')!.documents;
  expect(snapProfiles.filter((d) => d.views !== 0)).toEqual([]);
  expect(snapProfiles.filter((d) => String(d._id).startsWith('new'))).toEqual([]);
  // Documents deleted during compaction are still in it, as is everything committed before the rotation.
  const snapIds = new Set(snapProfiles.map((d) => String(d._id)));
  expect(Array.from({ length: BEFORE_ROTATION }, (_, i) => `p${i}`).filter((id) => !snapIds.has(id))).toEqual(
    [],
  );
  expect(deleted.length).toBeGreaterThan(0);
  expect(deleted.filter((id) => !snapIds.has(id))).toEqual([]);
  // Only the journal that follows the snapshot is left.
  expect((await readdir(image)).filter((n) => n.startsWith('journal-'))).toEqual([
    `journal-${String(snapshot!.journalSeq).padStart(10, '0')}.log`,
  ]);

  // Reloaded (snapshot, then the journal replayed on top) = the live state, document for document.
  const live = {
    counters: await counters.find().sort({ _id: 1 }).toArray(),
    profiles: await profiles.find().sort({ _id: 1 }).toArray(),
  };
  expect(live.counters.map((d) => d.n)).toEqual(Array(10).fill(rounds));
  for (const [id, n] of incremented) expect(live.profiles.find((d) => d._id === id)?.views).toBe(n);
  // `rounds` deleted, `rounds` inserted.
  expect(live.profiles).toHaveLength(total);
  const reloaded = await startEmbeddedEngine({ dataDir: image });
  engines.push(reloaded);
  const again = (await connect(reloaded.uri)).db('app');
  expect(canon(await again.collection('counters').find().sort({ _id: 1 }).toArray())).toBe(
    canon(live.counters),
  );
  expect(canon(await again.collection('profiles').find().sort({ _id: 1 }).toArray())).toBe(
    canon(live.profiles),
  );
});
