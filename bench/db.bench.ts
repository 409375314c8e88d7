/**
 * Embedded engine benchmark (issue 3), through the official driver and mongoose on loopback, against an
 * engine child process with a temp data dir (journal on, every acknowledged write fsynced).
 *
 *   npm run bench:db [-- --seconds 3] [--skip-text]
 *
 * Measures insertOne/s with 1 and 32 concurrent clients, insertMany docs/s, indexed findOne p50/p99,
 * a 50-post page from a 20,000-post thread sorted by time, and cold start with 100k documents (from the
 * journal after kill -9, and from the snapshot after a clean stop), and `$text` search over 101k entries
 * (bench/dbText.bench.ts). Prints a table and RESULT lines.
 */
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPersistence } from '../server/src/db/embedded/persistence';
import { runTextSearchBench } from './dbText.bench';
import { startBareWireServer, startEngineChild, type EngineChild } from './lib/engine';
import { round, summarize, type LatencySummary } from './lib/stats';
import { printResult, printTable, type Cell } from './lib/table';

const repoRoot = path.resolve(__dirname, '..');

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const PHASE_SECONDS = arg('seconds', 2.5);
const WARMUP_SECONDS = 0.5;
const THREAD_POSTS = 20_000;
const OTHER_POSTS = 70_000;
const USERS = 10_000;
const LOOKUPS = 4_000;
const PAGES = 500;

const rows: Cell[][] = [];
const results: Array<[string, number]> = [];

function record(label: string, via: string, value: number, unit: string, target: string, name: string): void {
  rows.push([label, via, round(value), unit, target]);
  results.push([name, round(value)]);
}

function log(message: string): void {
  process.stderr.write(`[bench:db] ${message}\n`);
}

const body =
  'Las zonas francas y los distritos competitivos de América Latina y la Unión Europea comparten retos de innovação, financiación y cooperación. '.repeat(
    2,
  );

function post(thread: ObjectId, author: ObjectId, at: number): Document {
  return { thread, author, body, createdAt: new Date(at), reactions: [], edited: false };
}

async function connectClients(uri: string, n: number): Promise<MongoClient[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const client = new MongoClient(uri, { maxPoolSize: 1, serverSelectionTimeoutMS: 5000 });
      await client.connect();
      return client;
    }),
  );
}

/** Runs `op` in `workers` loops for `seconds`; returns ops/s and per-op latency. */
async function closedLoop(
  workers: number,
  seconds: number,
  op: (worker: number, i: number) => Promise<unknown>,
): Promise<{ perSecond: number; latency: LatencySummary }> {
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        await op(w, i);
        latencies.push(performance.now() - t0);
        done++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: done / elapsed, latency: summarize(latencies) };
}

async function samples(n: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await op(i);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<LatencySummary> {
  return summarize(await samples(n, op));
}

interface PostDoc {
  thread: ObjectId;
  author: ObjectId;
  body: string;
  createdAt: Date;
}

function postModel(conn: Connection): Model<PostDoc> {
  const schema = new Schema<PostDoc>(
    { thread: Schema.Types.ObjectId, author: Schema.Types.ObjectId, body: String, createdAt: Date },
    { autoIndex: false },
  );
  return conn.model<PostDoc>('BenchPost', schema, 'mongoose_inserts');
}

async function coldStart(
  dataDir: string,
): Promise<{ engine: EngineChild; firstQueryMs: number; listenMs: number; count: number }> {
  const engine = await startEngineChild(repoRoot, dataDir);
  const client = new MongoClient(engine.uri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const found = await client.db('bench').collection('users').findOne({ email: 'user42@example.org' });
  const firstQueryMs = performance.now() - engine.spawnedAt;
  if (!found) throw new Error('cold start: indexed document not found');
  const count =
    (await client.db('bench').collection('posts').estimatedDocumentCount()) +
    (await client.db('bench').collection('users').estimatedDocumentCount());
  await client.close();
  return { engine, firstQueryMs, listenMs: engine.listenMs, count };
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
}

/** The journal alone (no wire, no engine): group-commit capacity with 1 and 32 concurrent committers. */
async function journalOnly(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polos-bench-journal-'));
  const quiet = { debug: () => undefined, info: () => undefined, warn: log, error: log };
  const persistence = await openPersistence({ dataDir: dir, logger: quiet });
  try {
    await persistence.load();
    const thread = new ObjectId();
    const commit = () =>
      persistence.commit([
        { op: 'insert', db: 'bench', coll: 'posts', doc: post(thread, thread, Date.now()) },
      ]);
    for (const workers of [1, 32]) {
      await closedLoop(workers, WARMUP_SECONDS, commit);
      const result = await closedLoop(workers, 1.5, commit);
      record(
        `journal commit (fsync), ${workers} committer${workers > 1 ? 's' : ''}`,
        'persistence',
        result.perSecond,
        'commits/s',
        '',
        `db_journal_commit_${workers}_per_s`,
      );
    }
  } finally {
    await persistence.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polos-bench-db-'));
  let engine: EngineChild | undefined;
  const clients: MongoClient[] = [];
  const connections: Connection[] = [];
  const benchStarted = performance.now();
  const loadBefore = os.loadavg()[0];
  try {
    await journalOnly();
    engine = await startEngineChild(repoRoot, dataDir);
    log(`engine at ${engine.uri}, data dir ${dataDir}`);
    const [main] = await connectClients(engine.uri, 1);
    clients.push(main);
    const db = main.db('bench');

    // insertOne, 1 client (driver).
    const inserts = db.collection('inserts');
    const thread0 = new ObjectId();
    const author0 = new ObjectId();
    let at = Date.UTC(2026, 0, 1);
    await closedLoop(1, WARMUP_SECONDS, () => inserts.insertOne(post(thread0, author0, at++)));
    const one = await closedLoop(1, PHASE_SECONDS, () => inserts.insertOne(post(thread0, author0, at++)));
    record('insertOne, 1 client', 'driver', one.perSecond, 'ops/s', '', 'db_insertone_1client_per_s');
    record(
      'insertOne latency p50, 1 client',
      'driver',
      one.latency.p50,
      'ms',
      '',
      'db_insertone_1client_p50_ms',
    );

    // insertOne, 32 concurrent clients (driver): one connection each.
    const many = await connectClients(engine.uri, 32);
    clients.push(...many);
    const manyColls = many.map((c) => c.db('bench').collection('inserts'));
    await closedLoop(32, WARMUP_SECONDS, (w) => manyColls[w].insertOne(post(thread0, author0, at++)));
    const thirtyTwo = await closedLoop(32, PHASE_SECONDS, (w) =>
      manyColls[w].insertOne(post(thread0, author0, at++)),
    );
    record(
      'insertOne, 32 clients',
      'driver',
      thirtyTwo.perSecond,
      'ops/s',
      '≥ 2000',
      'db_insertone_32clients_per_s',
    );
    record(
      'insertOne latency p99, 32 clients',
      'driver',
      thirtyTwo.latency.p99,
      'ms',
      '',
      'db_insertone_32clients_p99_ms',
    );

    // Model.create, 32 concurrent mongoose connections.
    for (let i = 0; i < 32; i++) {
      connections.push(
        await mongoose
          .createConnection(`${engine.uri}/bench`, { maxPoolSize: 1, serverSelectionTimeoutMS: 5000 })
          .asPromise(),
      );
    }
    const models = connections.map(postModel);
    await closedLoop(32, WARMUP_SECONDS, (w) =>
      models[w].create({ thread: thread0, author: author0, body, createdAt: new Date(at++) }),
    );
    const viaMongoose = await closedLoop(32, PHASE_SECONDS, (w) =>
      models[w].create({ thread: thread0, author: author0, body, createdAt: new Date(at++) }),
    );
    record(
      'Model.create, 32 clients',
      'mongoose',
      viaMongoose.perSecond,
      'ops/s',
      '≥ 2000',
      'db_mongoose_create_32clients_per_s',
    );

    // insertMany: build the dataset (90k posts: one 20k-post thread + 350 others) in batches of 1,000.
    const posts = db.collection('posts');
    await posts.createIndex({ thread: 1, createdAt: -1 });
    const bigThread = new ObjectId();
    const others = Array.from({ length: 350 }, () => new ObjectId());
    const authors = Array.from({ length: 200 }, () => new ObjectId());
    const base = Date.UTC(2026, 0, 1);
    const total = THREAD_POSTS + OTHER_POSTS;
    const docs: Document[] = [];
    for (let i = 0; i < total; i++) {
      // 2 posts in 9 go to the big thread: its 20,000 posts are interleaved with 70,000 others.
      const thread = i % 9 === 0 || i % 9 === 5 ? bigThread : others[i % others.length];
      docs.push(post(thread, authors[i % authors.length], base + i * 1000));
    }
    const batches: Document[][] = [];
    for (let i = 0; i < docs.length; i += 1000) batches.push(docs.slice(i, i + 1000));
    const t0 = performance.now();
    for (const batch of batches) await posts.insertMany(batch);
    const insertManyPerSecond = docs.length / ((performance.now() - t0) / 1000);
    record(
      'insertMany (batches of 1,000)',
      'driver',
      insertManyPerSecond,
      'docs/s',
      '',
      'db_insertmany_docs_per_s',
    );
    const bigCount = await posts.countDocuments({ thread: bigThread });
    if (bigCount !== THREAD_POSTS)
      throw new Error(`expected ${THREAD_POSTS} posts in the big thread, got ${bigCount}`);

    // Users with a unique email index: indexed findOne latency.
    const users = db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    for (let i = 0; i < USERS; i += 1000) {
      await users.insertMany(
        Array.from({ length: 1000 }, (_, k) => ({
          email: `user${i + k}@example.org`,
          name: `User ${i + k}`,
          roles: ['participant'],
          createdAt: new Date(),
        })),
      );
    }
    const pick = (i: number): string => `user${(i * 7919) % USERS}@example.org`;
    // The same lookups and pings against a wire server that does no work (bench/lib/bare-wire-server.mjs)
    // give the driver's own floor on this machine; rounds alternate so drift hits both sides alike.
    const bare = await startBareWireServer(repoRoot);
    const bareClient = new MongoClient(bare.uri, { serverSelectionTimeoutMS: 5000 });
    await bareClient.connect();
    const bareUsers = bareClient.db('bench').collection('users');
    const usersDb = users.db;
    const bareDb = bareUsers.db;
    for (const coll of [users, bareUsers]) await timed(500, (i) => coll.findOne({ email: pick(i) })); // warm-up
    const lookups = {
      engine: [] as number[],
      bare: [] as number[],
      enginePing: [] as number[],
      barePing: [] as number[],
    };
    const ROUNDS = 8;
    for (let round = 0; round < ROUNDS; round++) {
      const from = (round * LOOKUPS) / ROUNDS;
      lookups.engine.push(
        ...(await samples(LOOKUPS / ROUNDS, (i) => users.findOne({ email: pick(from + i) }))),
      );
      lookups.bare.push(
        ...(await samples(LOOKUPS / ROUNDS, (i) => bareUsers.findOne({ email: pick(from + i) }))),
      );
      lookups.enginePing.push(...(await samples(LOOKUPS / ROUNDS, () => usersDb.command({ ping: 1 }))));
      lookups.barePing.push(...(await samples(LOOKUPS / ROUNDS, () => bareDb.command({ ping: 1 }))));
    }
    await bareClient.close();
    await bare.stop();
    const findOne = summarize(lookups.engine);
    const bareFindOne = summarize(lookups.bare);
    const ping = summarize(lookups.enginePing);
    const barePing = summarize(lookups.barePing);
    record('findOne by unique index p50', 'driver', findOne.p50, 'ms', '≤ 0.3', 'db_findone_p50_ms');
    record('findOne by unique index p99', 'driver', findOne.p99, 'ms', '', 'db_findone_p99_ms');
    record(
      'findOne, do-nothing wire server p50 (floor)',
      'driver',
      bareFindOne.p50,
      'ms',
      '',
      'db_findone_bare_p50_ms',
    );
    record(
      'findOne engine ÷ floor p50',
      'driver',
      findOne.p50 / bareFindOne.p50,
      '×',
      '',
      'db_findone_over_bare_p50_ratio',
    );
    record(
      'findOne − floor p50 (engine share)',
      'driver',
      findOne.p50 - bareFindOne.p50,
      'ms',
      '',
      'db_findone_engine_share_p50_ms',
    );
    record('ping round trip p50', 'driver', ping.p50, 'ms', '', 'db_ping_p50_ms');
    record(
      'ping, do-nothing wire server p50 (floor)',
      'driver',
      barePing.p50,
      'ms',
      '',
      'db_ping_bare_p50_ms',
    );
    const UserModel = connections[0].model(
      'BenchUser',
      new Schema({ email: String, name: String }, { autoIndex: false }),
      'users',
    );
    await timed(500, (i) =>
      UserModel.findOne({ email: pick(i) })
        .lean()
        .exec(),
    );
    const mFindOne = await timed(LOOKUPS, (i) =>
      UserModel.findOne({ email: pick(i) })
        .lean()
        .exec(),
    );
    record('findOne by unique index p50', 'mongoose', mFindOne.p50, 'ms', '', 'db_mongoose_findone_p50_ms');
    record('findOne by unique index p99', 'mongoose', mFindOne.p99, 'ms', '', 'db_mongoose_findone_p99_ms');

    // A page of 50 posts from the 20,000-post thread, newest first, at random points (keyset pagination).
    const bigTimes = (
      await posts.find({ thread: bigThread }, { projection: { createdAt: 1 } }).toArray()
    ).map((d) => d.createdAt as Date);
    const cursorAt = (i: number): Date => bigTimes[(i * 104_729) % bigTimes.length];
    const page = (coll: Collection, i: number) =>
      coll
        .find({ thread: bigThread, createdAt: { $lt: cursorAt(i) } })
        .sort({ createdAt: -1 })
        .limit(50)
        .toArray();
    await timed(50, (i) => page(posts, i));
    const pages = await timed(PAGES, (i) => page(posts, i));
    record('50-post page, 20k-post thread p50', 'driver', pages.p50, 'ms', '≤ 5', 'db_page50_p50_ms');
    record('50-post page, 20k-post thread p99', 'driver', pages.p99, 'ms', '', 'db_page50_p99_ms');
    const PostModel = connections[0].model(
      'BenchThreadPost',
      new Schema({ thread: Schema.Types.ObjectId, createdAt: Date, body: String }, { autoIndex: false }),
      'posts',
    );
    const mPages = await timed(PAGES, (i) =>
      PostModel.find({ thread: bigThread, createdAt: { $lt: cursorAt(i) } })
        .sort({ createdAt: -1 })
        .limit(50)
        .lean()
        .exec(),
    );
    record(
      '50-post page, 20k-post thread p50',
      'mongoose',
      mPages.p50,
      'ms',
      '',
      'db_mongoose_page50_p50_ms',
    );
    const firstPage = await timed(PAGES, () =>
      posts.find({ thread: bigThread }).sort({ createdAt: -1 }).limit(50).toArray(),
    );
    record('newest 50-post page p50', 'driver', firstPage.p50, 'ms', '≤ 5', 'db_page50_newest_p50_ms');

    // Cold start with 100k documents: drop the insert-benchmark collections first.
    await db.collection('inserts').drop();
    await db.collection('mongoose_inserts').drop();
    for (const c of connections.splice(0)) await c.close();
    for (const c of clients.splice(0)) await c.close();
    log(
      `dataset ready: ${docs.length + USERS} documents; journal on disk ${(dirBytes(dataDir) / 1e6).toFixed(1)} MB`,
    );

    // (a) after kill -9: snapshot (if any) + journal replay.
    await engine.kill9();
    engine = undefined;
    const fromJournal = await coldStart(dataDir);
    engine = fromJournal.engine;
    if (fromJournal.count !== docs.length + USERS)
      throw new Error(`cold start lost documents: ${fromJournal.count}`);
    record(
      `cold start, ${fromJournal.count} docs, after kill -9`,
      'driver',
      fromJournal.firstQueryMs,
      'ms',
      '≤ 3000',
      'db_cold_start_100k_journal_ms',
    );
    // (b) after a clean stop (final compaction writes a snapshot).
    const stopStarted = performance.now();
    const code = await engine.stop();
    engine = undefined;
    record(
      'clean stop (flush + snapshot)',
      '-',
      performance.now() - stopStarted,
      'ms',
      '',
      'db_clean_stop_ms',
    );
    if (code !== 0) throw new Error(`engine exited with ${String(code)} on SIGTERM`);
    log(
      `after snapshot: data dir ${(dirBytes(dataDir) / 1e6).toFixed(1)} MB (${readdirSync(dataDir).join(', ')})`,
    );
    const fromSnapshot = await coldStart(dataDir);
    engine = fromSnapshot.engine;
    record(
      `cold start, ${fromSnapshot.count} docs, from snapshot`,
      'driver',
      fromSnapshot.firstQueryMs,
      'ms',
      '≤ 3000',
      'db_cold_start_100k_ms',
    );
    record('  of which: spawn to listening', '-', fromSnapshot.listenMs, 'ms', '', 'db_cold_start_listen_ms');

    // Text search (issue 13), on its own in-memory engine so the data set above stays as measured.
    if (!process.argv.includes('--skip-text')) {
      const textEngine = await startEngineChild(repoRoot, null);
      try {
        const t = await runTextSearchBench(textEngine.uri, log);
        const label = '$text + textScore sort + limit, 101k entries';
        record(`${label}, p50`, 'driver', t.p50, 'ms', '', 'engine_text_search_p50_ms');
        record(`${label}, p95`, 'driver', t.p95, 'ms', '≤ 50', 'engine_text_search_p95_ms');
        record(
          '  4 languages in parallel (search service), p95',
          'driver',
          t.fanoutP95,
          'ms',
          '',
          'engine_text_search_4lang_p95_ms',
        );
      } finally {
        await textEngine.stop();
      }
    }
  } finally {
    for (const c of connections) await c.close().catch(() => undefined);
    for (const c of clients) await c.close().catch(() => undefined);
    if (engine) await engine.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }

  process.stdout.write(
    `\nEmbedded engine on loopback, journal on (fsync per group commit); ${os.cpus().length} CPUs, Node ${process.version}; ` +
      `load average ${loadBefore.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end (other processes skew results)\n\n`,
  );
  printTable(['measure', 'via', 'value', 'unit', 'target'], rows);
  process.stdout.write('\n');
  for (const [name, value] of results) printResult(name, value);
  log(`done in ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:db failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
