import { Binary, Decimal128, EJSON, Long, ObjectId, type Document } from 'bson';
import { spawnSync } from 'node:child_process';
import {
  appendFile,
  lstat,
  mkdtemp,
  open as openFile,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPersistence } from '../../../../server/src/db/embedded/persistence';
import { crc32, tableCrc32 } from '../../../../server/src/db/embedded/persistence/framing';
import type {
  Effect,
  EngineLogger,
  Persistence,
  SnapshotData,
} from '../../../../server/src/db/embedded/types';

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

function recordingLogger(): EngineLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Canonical Extended JSON keeps BSON types visible, so equality here means type-exact round-trips. */
const canon = (value: unknown): string => EJSON.stringify(value, { relaxed: false });

let dir: string;
const open: Persistence[] = [];

async function openDir(
  logger = recordingLogger(),
): Promise<{ p: Persistence; logger: ReturnType<typeof recordingLogger> }> {
  const p = await openPersistence({ dataDir: dir, logger });
  open.push(p);
  return { p, logger };
}

async function journalFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /^journal-\d+\.log$/.test(name)).sort();
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'polos-persist-'));
});

afterEach(async () => {
  for (const p of open.splice(0)) await p.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const insert = (doc: Document, coll = 'posts'): Effect => ({ op: 'insert', db: 'forum', coll, doc });

describe('persistence: crc32', () => {
  test('native and table CRC-32 agree with the standard check value', () => {
    const check = Buffer.from('123456789');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(tableCrc32(check)).toBe(0xcbf43926);
    const random = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 2654435761) & 0xff));
    expect(tableCrc32(random)).toBe(crc32(random));
  });
});

describe('persistence: journal', () => {
  test('reload returns every committed record with exact BSON types and ids', async () => {
    const { p } = await openDir();
    expect(await p.load()).toEqual({ snapshot: null, journal: [] });
    const oid = new ObjectId();
    const records: Effect[][] = [
      [{ op: 'createCollection', db: 'forum', coll: 'posts', options: {} }],
      [
        {
          op: 'createIndex',
          db: 'forum',
          coll: 'posts',
          spec: { v: 2, key: { threadId: 1, createdAt: 1 }, name: 'threadId_1_createdAt_1', unique: true },
        },
      ],
      [
        insert({
          _id: oid,
          at: new Date('2026-11-27T10:00:00.000Z'),
          big: Long.fromString('9007199254740993'),
          small: Long.fromNumber(5),
          int: 7,
          dbl: 1.5,
          dec: Decimal128.fromString('12.340'),
          bin: new Binary(Buffer.from([1, 2, 3]), 4),
          nested: { arr: [1, 'two', { three: null }], re: /a.c/i },
          text: 'ação café naïve',
        }),
        insert({ _id: null, v: 1 }),
        insert({ _id: 'string-id', v: 2 }),
        insert({ _id: { compound: 1, k: 'x' }, v: 3 }),
      ],
      [{ op: 'replace', db: 'forum', coll: 'posts', id: oid, doc: { _id: oid, v: 9 } }],
      [{ op: 'delete', db: 'forum', coll: 'posts', id: Long.fromNumber(42) }],
      [{ op: 'dropIndex', db: 'forum', coll: 'posts', name: 'threadId_1_createdAt_1' }],
      [{ op: 'renameCollection', db: 'forum', coll: 'posts', toDb: 'forum', toColl: 'posts2' }],
      [{ op: 'dropCollection', db: 'forum', coll: 'posts2' }],
      [{ op: 'dropDatabase', db: 'forum' }],
    ];
    await Promise.all(records.map((effects) => p.commit(effects)));
    expect(p.journalBytes()).toBeGreaterThan(0);
    await p.close();

    const { p: again } = await openDir();
    const loaded = await again.load();
    expect(loaded.snapshot).toBeNull();
    expect(canon(loaded.journal)).toBe(canon(records));
    const big = (loaded.journal[2][0] as { doc: Document }).doc.big;
    expect(big).toBeInstanceOf(Long);
    expect((loaded.journal[2][0] as { doc: Document }).doc._id).toBeInstanceOf(ObjectId);
  });

  test('records larger than the read block (a 12 MB insertMany) round-trip', async () => {
    const { p } = await openDir();
    await p.load();
    const big = Array.from({ length: 3 }, (_, i) =>
      insert({ _id: i, blob: 'x'.repeat(4 * 1024 * 1024 + i) }),
    );
    await p.commit([insert({ _id: 'before' })]);
    await p.commit(big);
    await p.commit([insert({ _id: 'after' })]);
    await p.close();
    const { p: again } = await openDir();
    const loaded = await again.load();
    expect(loaded.journal.map((r) => r.length)).toEqual([1, 3, 1]);
    expect(((loaded.journal[1][2] as { doc: Document }).doc.blob as string).length).toBe(4 * 1024 * 1024 + 2);
  });

  test('commit before load and after close are refused', async () => {
    const { p } = await openDir();
    await expect(p.commit([insert({ _id: 1 })])).rejects.toThrow(/load\(\)/);
    await p.load();
    await p.close();
    await expect(p.commit([insert({ _id: 1 })])).rejects.toThrow(/closed/);
  });

  test('a torn tail (record cut mid-body) is truncated with a warning; earlier records survive', async () => {
    const { p } = await openDir();
    await p.load();
    for (let i = 0; i < 10; i++) await p.commit([insert({ _id: i, body: 'x'.repeat(100) })]);
    await p.close();
    const [file] = await journalFiles();
    const full = (await stat(path.join(dir, file))).size;
    await truncate(path.join(dir, file), full - 37);

    const { p: again, logger } = await openDir();
    const loaded = await again.load();
    expect(loaded.journal.map((r) => (r[0] as { doc: Document }).doc._id)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(logger.lines.some((l) => l.level === 'warn' && /torn or corrupt tail/.test(l.message))).toBe(true);
    // The file was cut back, and new commits after the cut are read back on the next start.
    await again.commit([insert({ _id: 'after' })]);
    await again.close();
    const { p: third, logger: logger3 } = await openDir();
    const reloaded = await third.load();
    expect(reloaded.journal.map((r) => (r[0] as { doc: Document }).doc._id)).toEqual([
      0,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      'after',
    ]);
    expect(logger3.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  test.each([
    ['garbage bytes', Buffer.from('this is not a journal record at all')],
    ['a short header', Buffer.from([0x10, 0x00])],
    ['a huge length header', Buffer.from([0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 1, 2, 3])],
    ['zero padding', Buffer.alloc(4096)],
  ])('appended %s is cut off on load', async (_name, garbage) => {
    const { p } = await openDir();
    await p.load();
    await p.commit([insert({ _id: 1 })]);
    await p.commit([insert({ _id: 2 })]);
    await p.close();
    const [file] = await journalFiles();
    const before = (await stat(path.join(dir, file))).size;
    await appendFile(path.join(dir, file), garbage);

    const { p: again, logger } = await openDir();
    const loaded = await again.load();
    expect(loaded.journal).toHaveLength(2);
    expect((await stat(path.join(dir, file))).size).toBe(before);
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
  });

  test('a bad checksum in the middle drops that record and everything after it', async () => {
    const { p } = await openDir();
    await p.load();
    for (let i = 0; i < 5; i++) await p.commit([insert({ _id: i, body: `payload-${i}` })]);
    await p.close();
    const [file] = await journalFiles();
    const full = path.join(dir, file);
    const bytes = await readFile(full);
    // Find the third record's offset and flip one byte of its body.
    let offset = 0;
    for (let i = 0; i < 2; i++) offset += 8 + bytes.readUInt32LE(offset);
    bytes[offset + 8 + 10] ^= 0xff;
    await writeFile(full, bytes);

    const { p: again, logger } = await openDir();
    const loaded = await again.load();
    expect(loaded.journal.map((r) => (r[0] as { doc: Document }).doc._id)).toEqual([0, 1]);
    const warning = logger.lines.find((l) => l.level === 'warn');
    expect(warning?.fields?.reason).toMatch(/checksum/);
    expect((await stat(full)).size).toBe(offset);
  });

  test('a record with a valid crc but malformed BSON is treated as corrupt', async () => {
    const { p } = await openDir();
    await p.load();
    await p.commit([insert({ _id: 1 })]);
    await p.close();
    const [file] = await journalFiles();
    const body = Buffer.from([0x09, 0, 0, 0, 0x7f, 0x61, 0, 0, 0]); // unknown BSON type 0x7f
    const header = Buffer.alloc(8);
    header.writeUInt32LE(body.length, 0);
    const zlib = await import('node:zlib');
    header.writeUInt32LE(zlib.crc32(body) >>> 0, 4);
    await appendFile(path.join(dir, file), Buffer.concat([header, body]));
    const { p: again, logger } = await openDir();
    expect((await again.load()).journal).toHaveLength(1);
    expect(logger.lines.find((l) => l.level === 'warn')?.fields?.reason).toMatch(/BSON/);
  });

  test('many concurrent commits share flushes and all resolve', async () => {
    const { p } = await openDir();
    await p.load();
    // Count the journal's flushes (FileHandle.datasync) rather than time them: no clock in the assertion.
    const probe = await openFile(path.join(dir, 'probe'), 'w');
    const handleProto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const datasync = jest.spyOn(handleProto, 'datasync');
    let flushes: number;
    try {
      await Promise.all(Array.from({ length: 2000 }, (_, i) => p.commit([insert({ _id: i })])));
      flushes = datasync.mock.calls.length;
    } finally {
      datasync.mockRestore();
    }
    await p.close();
    const { p: again } = await openDir();
    const loaded = await again.load();
    expect(loaded.journal).toHaveLength(2000);
    expect(new Set(loaded.journal.map((r) => (r[0] as { doc: Document }).doc._id)).size).toBe(2000);
    // Commits made while a flush runs share the next one: far fewer flushes than commits.
    expect(flushes).toBeGreaterThan(0);
    expect(flushes).toBeLessThan(200);
  });
});

describe('persistence: shutdown and leftovers', () => {
  test('close() waits for commits still in flight; they are all on disk afterwards', async () => {
    const { p } = await openDir();
    await p.load();
    const pending = Array.from({ length: 100 }, (_, i) => p.commit([insert({ _id: i })]));
    await p.close();
    await Promise.all(pending);
    const { p: again } = await openDir();
    expect((await again.load()).journal).toHaveLength(100);
  });

  test('a leftover snapshot.bson.tmp (crash while writing a snapshot) is ignored', async () => {
    const { p } = await openDir();
    await p.load();
    await p.commit([insert({ _id: 'kept' })]);
    await p.close();
    await writeFile(path.join(dir, 'snapshot.bson.tmp'), Buffer.from('half a snapshot'));
    const { p: again, logger } = await openDir();
    const loaded = await again.load();
    expect(loaded.snapshot).toBeNull();
    expect(loaded.journal).toHaveLength(1);
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
    // The next compaction overwrites it.
    await again.compact(() => ({ databases: [] }));
    expect(await readdir(dir)).not.toContain('snapshot.bson.tmp');
  });
});

describe('persistence: lock file', () => {
  test('a second open of a locked data directory fails with the owner pid', async () => {
    await openDir();
    await expect(openPersistence({ dataDir: dir, logger: recordingLogger() })).rejects.toThrow(
      new RegExp(`data directory .* is in use by process ${process.pid}`),
    );
  });

  test('a lock socket left by a killed process is taken over with a warning', async () => {
    // The child binds LOCK as the engine does and dies by SIGKILL: the socket file stays, nobody listens.
    const lockPath = path.join(dir, 'LOCK');
    const child = spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(lockPath)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    expect(child.signal).toBe('SIGKILL');
    expect((await lstat(lockPath)).isSocket()).toBe(true);
    const { p, logger } = await openDir();
    expect(logger.lines.some((l) => l.level === 'warn' && /stale/.test(l.message))).toBe(true);
    await p.close();
    await expect(stat(lockPath)).rejects.toThrow(/ENOENT/);
  });

  test("an older engine's pid file is not a live lock, even when that pid is alive", async () => {
    await writeFile(path.join(dir, 'LOCK'), `${process.pid}\n`);
    const { p, logger } = await openDir();
    expect(logger.lines.some((l) => l.level === 'warn' && /stale/.test(l.message))).toBe(true);
    await expect(openPersistence({ dataDir: dir, logger: recordingLogger() })).rejects.toThrow(
      /is in use by process/,
    );
    await p.close();
  });

  test('a data directory with a long path is locked too (socket bound through a short symlink)', async () => {
    const long = path.join(dir, 'a'.repeat(60), 'b'.repeat(60));
    const first = await openPersistence({ dataDir: long, logger: recordingLogger() });
    open.push(first);
    await expect(openPersistence({ dataDir: long, logger: recordingLogger() })).rejects.toThrow(
      new RegExp(`is in use by process ${process.pid}`),
    );
    await first.close();
    await expect(stat(path.join(long, 'LOCK'))).rejects.toThrow(/ENOENT/);
    const again = await openPersistence({ dataDir: long, logger: recordingLogger() });
    open.push(again);
  });

  test('close releases the lock so the directory can be opened again', async () => {
    const { p } = await openDir();
    await p.load();
    await p.close();
    const { p: again } = await openDir();
    await again.load();
  });
});

/** A tiny stand-in for the engine: applies effects to maps, then commits (same synchronous step). */
class Model {
  readonly colls = new Map<string, Map<string, Document>>();
  apply(effects: Effect[]): void {
    for (const e of effects) {
      if (e.op === 'dropDatabase') continue;
      const key = `${e.db}.${e.coll}`;
      const coll = this.colls.get(key) ?? new Map<string, Document>();
      this.colls.set(key, coll);
      if (e.op === 'insert') coll.set(canon(e.doc._id), e.doc);
      else if (e.op === 'replace') coll.set(canon(e.id), e.doc);
      else if (e.op === 'delete') coll.delete(canon(e.id));
    }
  }
  snapshot(): SnapshotData {
    const byDb = new Map<string, SnapshotData['databases'][number]>();
    for (const [key, coll] of this.colls) {
      const [db, name] = key.split('.') as [string, string];
      const entry = byDb.get(db) ?? { name: db, collections: [] };
      byDb.set(db, entry);
      entry.collections.push({
        name,
        options: {},
        indexes: [{ v: 2, key: { _id: 1 }, name: '_id_' }],
        documents: [...coll.values()],
      });
    }
    return { databases: [...byDb.values()] };
  }
  static fromLoaded(snapshot: SnapshotData | null, journal: Effect[][]): Model {
    const model = new Model();
    for (const db of snapshot?.databases ?? []) {
      for (const coll of db.collections) {
        const map = new Map<string, Document>();
        for (const doc of coll.documents) map.set(canon(doc._id), doc);
        model.colls.set(`${db.name}.${coll.name}`, map);
      }
    }
    for (const effects of journal) model.apply(effects);
    return model;
  }
  dump(): string {
    return canon([...this.colls.entries()].map(([k, v]) => [k, [...v.entries()].sort()]).sort());
  }
}

describe('persistence: snapshot and compaction', () => {
  test('compaction while 8 writers commit loses nothing and removes the old journal', async () => {
    const { p } = await openDir();
    await p.load();
    const model = new Model();
    const acked: string[] = [];
    const write = async (effects: Effect[]): Promise<void> => {
      model.apply(effects);
      await p.commit(effects);
    };
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; i < 150; i++) {
        const id = new ObjectId();
        await write([insert({ _id: id, w, i, at: new Date(), n: Long.fromNumber(i) })]);
        if (i % 3 === 0)
          await write([
            { op: 'replace', db: 'forum', coll: 'posts', id, doc: { _id: id, w, i, edited: true } },
          ]);
        if (i % 7 === 0) await write([{ op: 'delete', db: 'forum', coll: 'posts', id }]);
        acked.push(id.toHexString());
      }
    };
    const compactions = (async () => {
      for (let c = 0; c < 4; c++) {
        await new Promise((resolve) => setTimeout(resolve, 40));
        await p.compact(() => model.snapshot());
      }
    })();
    await Promise.all([...Array.from({ length: 8 }, (_, w) => writer(w)), compactions]);
    expect((await journalFiles()).length).toBe(1);
    await p.close();

    const { p: again } = await openDir();
    const loaded = await again.load();
    expect(loaded.snapshot).not.toBeNull();
    expect(Model.fromLoaded(loaded.snapshot, loaded.journal).dump()).toBe(model.dump());
  });

  test('a snapshot of 100k documents reloads exactly while writes continue', async () => {
    const { p } = await openDir();
    await p.load();
    const model = new Model();
    const docs: Effect[] = [];
    for (let i = 0; i < 100_000; i++) {
      docs.push(
        insert({
          _id: new ObjectId(),
          threadId: new ObjectId(),
          n: i,
          at: new Date(1_700_000_000_000 + i),
          body: `post number ${i} with some text`,
        }),
      );
    }
    model.apply(docs);
    // A writer keeps committing while the snapshot is written: it is never blocked for long.
    let compacting = true;
    let writes = 0;
    let slowest = 0;
    const compactStarted = performance.now();
    const writer = (async () => {
      while (compacting) {
        const t0 = performance.now();
        // As the engine does: apply in memory and commit in the same synchronous step.
        const effects = [insert({ _id: `during-${writes}` }, 'other')];
        model.apply(effects);
        await p.commit(effects);
        slowest = Math.max(slowest, performance.now() - t0);
        writes++;
      }
    })();
    await p.compact(() => model.snapshot());
    const compactMs = performance.now() - compactStarted;
    compacting = false;
    await writer;
    expect(writes).toBeGreaterThan(5);
    // Relative to the compaction measured here, not a wall-clock bound: no single commit waited for most
    // of it (a commit blocked behind the snapshot write would take about as long as the compaction).
    expect(slowest).toBeLessThan(compactMs / 2);
    await p.commit([insert({ _id: 'tail' }, 'other')]);
    await p.close();

    const { p: again } = await openDir();
    const loaded = await again.load();
    const reloaded = loaded.snapshot!.databases[0].collections[0].documents;
    expect(reloaded).toHaveLength(100_000);
    // The writes made during compaction went to the new journal (or the snapshot) — none lost.
    const other = Model.fromLoaded(loaded.snapshot, loaded.journal).colls.get('forum.other')!;
    expect(other.size).toBe(writes + 1);
    // Natural order and exact types are kept.
    const original = docs.map((e) => (e as { doc: Document }).doc);
    for (const i of [0, 1, 999, 1000, 50_000, 99_999]) expect(canon(reloaded[i])).toBe(canon(original[i]));
    expect(
      reloaded.every((doc, i) => doc.n === i && (doc._id as ObjectId).equals(original[i]._id as ObjectId)),
    ).toBe(true);
    // How fast it reloads is the benchmark's job (`npm run bench:db`, RESULT db_cold_start_100k_ms), not a test's.
  }, 60_000);

  test('compacting again with nothing committed since is a no-op', async () => {
    const { p } = await openDir();
    await p.load();
    const model = new Model();
    const effects = [insert({ _id: 'x' })];
    model.apply(effects);
    await p.commit(effects);
    await p.compact(() => model.snapshot());
    const first = await stat(path.join(dir, 'snapshot.bson'));
    const journals = await journalFiles();
    let calls = 0;
    await p.compact(() => {
      calls++;
      return model.snapshot();
    });
    expect(calls).toBe(0);
    expect((await stat(path.join(dir, 'snapshot.bson'))).ino).toBe(first.ino);
    expect(await journalFiles()).toEqual(journals);
    await p.close();
    // Still loads the same state; a commit after a skipped compaction is replayed.
    const { p: again } = await openDir();
    const loaded = await again.load();
    expect(Model.fromLoaded(loaded.snapshot, loaded.journal).dump()).toBe(model.dump());
  });

  test('a damaged snapshot refuses to start instead of silently dropping data', async () => {
    const { p } = await openDir();
    await p.load();
    const model = new Model();
    model.apply([insert({ _id: 1 }), insert({ _id: 2 })]);
    await p.compact(() => model.snapshot());
    await p.close();
    const file = path.join(dir, 'snapshot.bson');
    const size = (await stat(file)).size;
    await truncate(file, size - 3);
    const { p: again } = await openDir();
    await expect(again.load()).rejects.toThrow(/snapshot .* is damaged/);
  });

  test('a journal older than the snapshot (crash after rename, before delete) is ignored and removed', async () => {
    const { p } = await openDir();
    await p.load();
    const model = new Model();
    const effects = [insert({ _id: 'a' })];
    model.apply(effects);
    await p.commit(effects);
    const [oldJournal] = await journalFiles();
    const oldBytes = await readFile(path.join(dir, oldJournal));
    await p.compact(() => model.snapshot());
    await p.close();
    // Put the obsolete journal back as if the crash hit before its deletion.
    await writeFile(path.join(dir, oldJournal), oldBytes);
    const { p: again } = await openDir();
    const loaded = await again.load();
    expect(loaded.journal).toEqual([]);
    expect(Model.fromLoaded(loaded.snapshot, loaded.journal).dump()).toBe(model.dump());
    expect(await journalFiles()).not.toContain(oldJournal);
  });
});
