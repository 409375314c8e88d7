/** A damaged journal tail (garbage appended, record cut short) is cut back at start-up; earlier data stays. */
import { MongoClient } from 'mongodb';
import { appendFile, mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnEngine, type EngineProcess } from './engine-process';

jest.setTimeout(90_000);

let dataDir: string;
let engine: EngineProcess | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'polos-corrupt-'));
});

afterEach(async () => {
  await engine?.kill9();
  engine = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

/** The journal file new records are appended to (highest sequence number). */
async function currentJournal(): Promise<string> {
  const names = (await readdir(dataDir)).filter((n) => /^journal-\d+\.log$/.test(n)).sort();
  expect(names.length).toBeGreaterThan(0);
  return path.join(dataDir, names[names.length - 1]);
}

async function withClient<T>(uri: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

async function writeThenCrash(n: number): Promise<void> {
  engine = await spawnEngine(dataDir);
  await withClient(engine.uri, async (client) => {
    for (let i = 0; i < n; i++)
      await client
        .db('j')
        .collection('docs')
        .insertOne({ i, body: `document ${i}` });
  });
  await engine.kill9();
  engine = undefined;
}

async function restartAndRead(): Promise<{ values: number[]; stderr: string }> {
  engine = await spawnEngine(dataDir);
  const values = await withClient(engine.uri, async (client) =>
    (await client.db('j').collection('docs').find().sort({ i: 1 }).toArray()).map((d) => d.i as number),
  );
  return { values, stderr: engine.stderr() };
}

describe('embedded engine: corrupt journal tail', () => {
  test('garbage appended to the journal: start-up succeeds with a warning, every record intact', async () => {
    await writeThenCrash(40);
    const journal = await currentJournal();
    await appendFile(journal, Buffer.from('\u0001\u0002garbage that is not a record \u00ff\u00fe'));
    const { values, stderr } = await restartAndRead();
    expect(values).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(stderr).toMatch(/torn|corrupt/i);
    // New writes after the cut are durable too.
    await withClient(engine!.uri, (client) => client.db('j').collection('docs').insertOne({ i: 40 }));
    await engine!.kill9();
    engine = undefined;
    expect((await restartAndRead()).values).toHaveLength(41);
  });

  test('a record cut in half: only that record is lost; the earlier ones are intact', async () => {
    await writeThenCrash(30);
    const journal = await currentJournal();
    const { size } = await stat(journal);
    await truncate(journal, size - 7);
    const { values, stderr } = await restartAndRead();
    expect(values).toEqual(Array.from({ length: 29 }, (_, i) => i));
    expect(stderr).toMatch(/torn|corrupt/i);
  });

  test('a flipped byte in the last record: cut back to the record before it', async () => {
    await writeThenCrash(20);
    const journal = await currentJournal();
    const { size } = await stat(journal);
    const { open } = await import('node:fs/promises');
    const handle = await open(journal, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - 10);
    byte[0] = byte[0] ^ 0x5a;
    await handle.write(byte, 0, 1, size - 10);
    await handle.close();
    const { values, stderr } = await restartAndRead();
    expect(values).toEqual(Array.from({ length: 19 }, (_, i) => i));
    expect(stderr).toMatch(/torn|corrupt|checksum/i);
  });
});
