/**
 * Engine compaction stall: how long a trivial query waits while the engine compacts its journal after a
 * bulk write (the case of a 5,000-profile CSV import).
 *
 *   npx tsx bench/dbCompaction.bench.ts [-- --profiles 5000 --small 100000]
 *
 * Starts the engine child (its bundle, as the app does) on a temp data dir, inserts `--small` small
 * documents, then `--profiles` profile-sized documents (~4 KB each) in one insertMany: the journal passes
 * 16 MiB and the engine compacts (snapshot of everything). Meanwhile a second client issues an indexed
 * findOne every 10 ms; its latencies while the compaction runs (until the engine logs "journal
 * compacted") are the stall as a client sees it. Prints the compaction's own log figures (ms of the
 * rotation-point capture, longest synchronous slice in wall and CPU ms, CPU of the snapshot write) and
 * RESULT lines:
 *   RESULT db_compaction_ping_max_ms <ms>   RESULT db_compaction_ping_p99_ms <ms>
 *   RESULT db_compaction_ms <ms>            RESULT db_compaction_longest_slice_ms <ms>
 *   RESULT db_compaction_longest_slice_cpu_ms <ms>   RESULT db_compaction_snapshot_cpu_ms <ms>
 * The machine is shared: wall figures include the engine being preempted; the CPU ones resist that.
 * Nothing here asserts timings.
 */
import { MongoClient, type Document } from 'mongodb';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEngineChild } from './lib/engine';
import { round, summarize } from './lib/stats';
import { printResult, printTable } from './lib/table';

const repoRoot = path.resolve(__dirname, '..');

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const PROFILES = arg('profiles', 5000);
const SMALL = arg('small', 100_000);
const PING_EVERY_MS = 10;

function log(message: string): void {
  process.stderr.write(`[bench:compaction] ${message}\n`);
}

const paragraph =
  'Distrito industrial con cooperación entre empresas, universidades y centros tecnológicos; exporta a la Unión Europea y al Mercosur. ';

function profile(i: number): Document {
  return {
    name: `Distrito ${i}`,
    country: ['ES', 'PT', 'FR', 'MX', 'BR', 'AR'][i % 6],
    kind: 'cluster',
    sectors: ['C10', 'C13', 'C20', 'J62'].slice(0, 1 + (i % 4)),
    exportMarkets: ['DE', 'US', 'CN', 'FR', 'IT'],
    languages: ['es', 'en'],
    companies: 40 + (i % 300),
    employees: 1000 + i,
    specialisation: paragraph.repeat(8),
    description: paragraph.repeat(20),
    contacts: Array.from({ length: 3 }, (_, k) => ({
      name: `Persona ${k}`,
      email: `p${k}.${i}@example.org`,
    })),
    createdAt: new Date(),
  };
}

/** Resolves when `predicate(stderr)` holds, polling every 5 ms. */
async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polos-compaction-bench-'));
  const engine = await startEngineChild(repoRoot, dataDir);
  const writer = new MongoClient(engine.uri, { maxPoolSize: 4 });
  const pinger = new MongoClient(engine.uri, { maxPoolSize: 1 });
  try {
    await writer.connect();
    await pinger.connect();
    const db = writer.db('bench');
    log(`inserting ${SMALL} small documents`);
    for (let i = 0; i < SMALL; i += 5000)
      await db
        .collection('small')
        .insertMany(
          Array.from({ length: Math.min(5000, SMALL - i) }, (_, k) => ({ n: i + k, tag: `t${k % 50}` })),
        );
    await db.collection('small').createIndex({ n: 1 });
    const compactionsBefore = (engine.stderr().match(/journal compacted/g) ?? []).length;
    const ping = pinger.db('bench').collection('small');
    for (let i = 0; i < 50; i++) await ping.findOne({ n: i });

    // Ping loop: one indexed findOne every 10 ms (or right after the previous one if it came back late).
    const pings: Array<{ at: number; ms: number }> = [];
    let pinging = true;
    let measuring = false;
    const pingLoop = (async () => {
      let i = 0;
      while (pinging) {
        const t0 = performance.now();
        await ping.findOne({ n: i++ % SMALL });
        const ms = performance.now() - t0;
        if (measuring) pings.push({ at: t0, ms });
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, PING_EVERY_MS - ms)));
      }
    })();

    log(`inserting ${PROFILES} profiles in one insertMany`);
    const t0 = performance.now();
    measuring = true;
    await db.collection('profiles').insertMany(Array.from({ length: PROFILES }, (_, i) => profile(i)));
    const acked = performance.now();
    const insertMs = acked - t0;
    const compacted = (): boolean =>
      (engine.stderr().match(/journal compacted/g) ?? []).length > compactionsBefore;
    await waitFor(compacted, 120_000);
    const totalMs = performance.now() - t0;
    measuring = false;
    pinging = false;
    await pingLoop;

    const lines = engine
      .stderr()
      .split('\n')
      .filter((l) => l.includes('compaction finished') || l.includes('journal compacted'));
    const fields: Record<string, unknown> = {};
    for (const line of lines) {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        // 'compaction finished' (persistence: the snapshot's figures) then 'journal compacted' (engine: total ms).
        if (parsed.msg === 'journal compacted') fields.totalMs = parsed.ms;
        else Object.assign(fields, parsed);
      } catch {
        /* not JSON */
      }
    }
    delete fields.time;
    delete fields.level;
    delete fields.msg;
    // Pings sent before the insertMany was acknowledged waited for the write itself (decoding 20 MB, the
    // journal record); those sent after it, for the compaction alone.
    const during = pings.filter((p) => p.at >= acked).map((p) => p.ms);
    const ofInsert = summarize(pings.filter((p) => p.at < acked).map((p) => p.ms));
    const s = summarize(during);
    printTable(
      ['measure', 'value', 'unit'],
      [
        ['documents', SMALL + PROFILES, ''],
        ['insertMany of the profiles (acknowledged)', round(insertMs), 'ms'],
        ['insert + compaction', round(totalMs), 'ms'],
        ['pings during the insertMany / their max', `${ofInsert.count} / ${round(ofInsert.max)}`, 'ms'],
        ['pings during the compaction', s.count, ''],
        ['ping p50', round(s.p50), 'ms'],
        ['ping p99', round(s.p99), 'ms'],
        ['ping max', round(s.max), 'ms'],
        ['compaction log fields', JSON.stringify(fields), ''],
      ],
    );
    printResult('db_compaction_ping_max_ms', round(s.max));
    printResult('db_compaction_ping_p99_ms', round(s.p99));
    if (typeof fields.totalMs === 'number') printResult('db_compaction_ms', round(fields.totalMs));
    if (typeof fields.longestSliceMs === 'number')
      printResult('db_compaction_longest_slice_ms', round(fields.longestSliceMs));
    if (typeof fields.longestSliceCpuMs === 'number')
      printResult('db_compaction_longest_slice_cpu_ms', round(fields.longestSliceCpuMs));
    if (typeof fields.cpuMs === 'number') printResult('db_compaction_snapshot_cpu_ms', round(fields.cpuMs));
  } finally {
    await pinger.close().catch(() => undefined);
    await writer.close().catch(() => undefined);
    await engine.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
