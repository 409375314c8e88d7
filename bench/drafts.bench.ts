/**
 * Drafts benchmark. (1) Relay: 20 and 50 editors typing at 5 updates/s each into one draft, against the app's
 * draft stack (guard, relay at once, ack after the group-committed durable append) and against a bare
 * y-protocols-over-Socket.IO relay (no persistence, no checks) in the same run — relay latency (sent → received by
 * every other editor) p50/p99, server CPU % and server CPU ms per update sent (load-resistant: CPU time, not wall
 * time). The editors are spread over load-generator processes (bench/drafts/editors.ts, 25 per process) so
 * receiving 49 deliveries per keystroke does not queue in one event loop; they speak Socket.IO over a raw WebSocket
 * (bench/drafts/rawSocketIo.ts; DRAFT_BENCH_CLIENT=socket.io for socket.io-client, which used ~40 % of a core per 25
 * editors and made the generators' stalls decide the p99), stay connected for every window of a size, and match a
 * receipt to its send per keystroke (client id × clock), since the app merges the updates a room accepted in one
 * turn. (2) Load time of a 10k-edit draft before and after compaction.
 * Prints a table plus `RESULT drafts_relay_p99_ratio@20|50 <app ÷ bare>`, `RESULT
 * drafts_relay_cpu_per_update_ratio@20|50 <app ÷ bare>`, `RESULT drafts_relay_loop_cpu_per_update_ratio@20|50
 * <app ÷ bare>` and `RESULT draft_load_ms_10k_compacted <ms>`.
 * Method: per size both servers' editors connect once; per server one unmeasured warm-up window, then
 * DRAFT_BENCH_ROUNDS (7) measured windows alternating bare and app; each figure is the median over windows. Also printed: the database process's CPU per update (app) and
 * the load generators' CPU %. DRAFT_BENCH_DUMP=<dir> writes each round's [send time, latency] pairs
 * and every process's event-loop stalls over 20 ms (bench/lib/stalls.ts), to tell whose loop a tail came from.
 * Narrowing: DRAFT_BENCH_EDITORS (e.g. 50), DRAFT_BENCH_MS, DRAFT_BENCH_ROUNDS, DRAFT_BENCH_RATE (updates/s per
 * editor; the drafts bucket admits 50/s per socket: 2 editors at 45/s isolate the per-update cost from the
 * fan-out), DRAFT_BENCH_LOAD=0 (skip the load measurement), DRAFT_BENCH_NODE_ARGS (e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof` for both server children).
 *
 * 2026-11-30 (issue 14, relay p99 target ≤ 1.2× bare): the app's extra CPU per update was found in the durable
 * append (one insert per keystroke; the driver costs ~0.35–0.6 ms of CPU per insert, ~0.05–0.1 ms per entry in a
 * batch of ten), the compaction (reads the 1,000 entries back and rebuilds: 120–370 ms of CPU per 1,000 updates),
 * the guard (two Yjs applies and the schema check, ~85 µs against ~25 µs for the bare apply) and GC. The log
 * writer now group-commits across editors (see docs/ARCHITECTURE.md, "Storage"). Later the same day: one apply per
 * keystroke (rollback twin), no schema check for plain typing, compaction from the live document, 50 ms commit
 * delay. Then the log's inserts on a worker thread (`draftLogWorker.ts`; DRAFT_BENCH_LOG_THREAD=0 for the old
 * path) and the event loop's own CPU per update (the server's main thread from /proc, `RESULT
 * drafts_relay_loop_cpu_per_update_ratio@N`): what delays a relay, unlike the process total, which counts worker
 * and GC threads. Figures: ARCHITECTURE.md, "Relay benchmark".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import * as Y from 'yjs';
import { DraftLogWriter, compactDraft, loadDraft } from '../server/src/features/drafts/draftPersistence';
import { writeFileSync } from 'node:fs';
import { mainThreadCpuMs, processCpuMs } from './lib/cpu';
import { startEngineChild } from './lib/engine';
import type { EditorsGo, EditorsResult, EditorsRun, EditorsStop } from './drafts/editors';
import { summarize, round } from './lib/stats';
import { printResult, printTable } from './lib/table';

const repoRoot = path.resolve(__dirname, '..');
const tsx = createRequire(path.join(repoRoot, 'server', 'package.json')).resolve('tsx');
// DRAFT_BENCH_RATE changes the typing rate (e.g. 2 editors at 200/s isolate the per-update cost from the fan-out).
const RATE_PER_EDITOR = Number(process.env.DRAFT_BENCH_RATE ?? 5);
const MEASURE_MS = Number(process.env.DRAFT_BENCH_MS ?? 5000);
const ROUNDS = Number(process.env.DRAFT_BENCH_ROUNDS ?? 7);
/** Unmeasured rounds per server and size before the measured ones (DRAFT_BENCH_WARMUP_ROUNDS; 0 to skip). */
const WARMUP_ROUNDS = Number(process.env.DRAFT_BENCH_WARMUP_ROUNDS ?? 1);
const WARMUP_MS = 1000;
// DRAFT_BENCH_EDITORS=20 runs one size only (when investigating).
const EDITOR_COUNTS = (process.env.DRAFT_BENCH_EDITORS ?? '20,50').split(',').map(Number);

interface ServerChild {
  child: ChildProcess;
  url: string;
  draftId: string;
  userId: string;
}

/** Extra Node options for the server children (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` when investigating). */
const SERVER_NODE_ARGS = (process.env.DRAFT_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

function startServer(mode: 'app' | 'bare', db: string): Promise<ServerChild> {
  const script = path.join(__dirname, 'drafts', 'server.ts');
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, '--import', tsx, script], {
    cwd: repoRoot,
    env: { ...process.env, DRAFT_BENCH_MODE: mode, DRAFT_BENCH_DB: db },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} server did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /READY (\S+) (\S+) (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], draftId: match[2], userId: match[3] });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited (${code}):\n${output}`));
    });
  });
}

function cpuMs(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { cpu: NodeJS.CpuUsage }) =>
      resolve((message.cpu.user + message.cpu.system) / 1000),
    );
    child.send('cpu');
  });
}

/** The server's event-loop stalls since the last ask ([absolute start, gap ms]; DRAFT_BENCH_DUMP only). */
function stallsOf(
  child: ChildProcess,
): Promise<{ stalls: Array<[number, number, number, number]>; gcs: Array<[number, number, number]> }> {
  return new Promise((resolve) => {
    const onMessage = (message: {
      stalls?: Array<[number, number, number, number]>;
      gcs?: Array<[number, number, number]>;
    }) => {
      if (!message.stalls) return;
      child.off('message', onMessage);
      resolve({ stalls: message.stalls, gcs: message.gcs ?? [] });
    };
    child.on('message', onMessage);
    child.send('stalls');
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface RelayResult {
  p50: number;
  p99: number;
  deliveries: number;
  expected: number;
  ackP99: number;
  cpuPercent: number;
  /** Server CPU time (user + system) per update sent inside the window, ms: resists background load. */
  cpuMsPerUpdate: number;
  /** The server's main thread (event loop) alone: what delays a relay; null off Linux. */
  loopCpuMsPerUpdate: number | null;
  /** The database's CPU per update (the engine child; 0 for the bare relay, which stores nothing), ms. */
  dbCpuMsPerUpdate: number | null;
  /** CPU % of the load generators over the window (the editors' side of the machine). */
  editorsCpuPercent: number | null;
}

/** Editors per load-generator process: receipts (editors − 1 per keystroke) must not queue in one loop. */
const EDITORS_PER_WORKER = Number(process.env.DRAFT_BENCH_EDITORS_PER_WORKER ?? 25);

/** Extra Node options for the load generators (DRAFT_BENCH_EDITOR_NODE_ARGS, e.g. `--cpu-prof`). */
const EDITOR_NODE_ARGS = (process.env.DRAFT_BENCH_EDITOR_NODE_ARGS ?? '').split(' ').filter(Boolean);

function startEditorsWorker(): ChildProcess {
  return spawn(
    process.execPath,
    [...EDITOR_NODE_ARGS, '--import', tsx, path.join(__dirname, 'drafts', 'editors.ts')],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`editors worker exited (${code}) before "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** The editors of one server at one size, connected (idle between windows) in their load-generator processes. */
interface EditorGroup {
  server: ServerChild;
  editors: number;
  workers: ChildProcess[];
}

/** Starts the load generators for `editors` editors of `server` and waits until every editor has joined the draft. */
async function startEditors(server: ServerChild, editors: number): Promise<EditorGroup> {
  const workerCount = Math.max(1, Math.ceil(editors / EDITORS_PER_WORKER));
  const workers = Array.from({ length: workerCount }, startEditorsWorker);
  const connected = workers.map((w) => nextMessage(w, 'connected'));
  workers.forEach((worker, index) => {
    const first = Math.floor((index * editors) / workerCount);
    const count = Math.floor(((index + 1) * editors) / workerCount) - first;
    const job: EditorsRun = {
      type: 'run',
      url: server.url,
      draftId: server.draftId,
      userId: server.userId,
      first,
      count,
      rate: RATE_PER_EDITOR,
    };
    worker.send(job);
  });
  try {
    await Promise.all(connected);
  } catch (error) {
    stopEditors({ server, editors, workers });
    throw error;
  }
  return { server, editors, workers };
}

/** Disconnects a group's editors; a worker that has not exited a second later is killed. */
function stopEditors(group: EditorGroup): void {
  for (const worker of group.workers) {
    if (worker.exitCode !== null) continue;
    const stopMessage: EditorsStop = { type: 'stop' };
    worker.send(stopMessage);
    setTimeout(() => {
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }, 1000).unref();
  }
}

/**
 * One window: the group's editors type at RATE_PER_EDITOR updates/s each for WARMUP_MS + MEASURE_MS; latency = send
 * → receipt at each other editor, over the updates sent inside the measured window.
 */
async function measureRelay(group: EditorGroup, dbPid: number | null, label: string): Promise<RelayResult> {
  const { server, editors, workers } = group;
  const results = workers.map((w) => nextMessage<EditorsResult>(w, 'result'));
  const measureFrom = performance.timeOrigin + performance.now() + WARMUP_MS;
  const measureTo = measureFrom + MEASURE_MS;
  const go: EditorsGo = { type: 'go', measureFrom, measureTo };
  for (const worker of workers) worker.send(go);
  await sleep(WARMUP_MS);
  const cpuBefore = await cpuMs(server.child);
  const loopBefore = server.child.pid === undefined ? null : mainThreadCpuMs(server.child.pid);
  const dbBefore = dbPid === null ? null : processCpuMs(dbPid);
  const editorsBefore = sumCpu(workers);
  const started = performance.now();
  await sleep(MEASURE_MS);
  const elapsed = performance.now() - started;
  const cpuAfter = await cpuMs(server.child);
  const loopAfter = server.child.pid === undefined ? null : mainThreadCpuMs(server.child.pid);
  const dbAfter = dbPid === null ? null : processCpuMs(dbPid);
  const editorsAfter = sumCpu(workers);
  const all = await Promise.all(results);
  const sentAt = new Map<number, number>();
  for (const result of all) result.sentKeys.forEach((k, i) => sentAt.set(k, result.sentTimes[i]));
  const latencies: number[] = [];
  // [send time, latency, receiving worker's index]
  const trace: Array<[number, number, number]> = [];
  all.forEach((result, workerIndex) => {
    result.receivedKeys.forEach((k, i) => {
      const t0 = sentAt.get(k);
      if (t0 === undefined) return;
      const t = result.receivedTimes[i];
      latencies.push(t - t0);
      if (DUMP_DIR) trace.push([t0, t - t0, workerIndex]);
    });
  });
  const serverStalls = DUMP_DIR ? await stallsOf(server.child) : { stalls: [], gcs: [] };
  if (DUMP_DIR && !label.startsWith('warmup'))
    writeFileSync(
      path.join(DUMP_DIR, `${label}-${Date.now()}.json`),
      JSON.stringify({
        measureFrom,
        trace,
        stalls: {
          server: serverStalls.stalls.filter(([t]) => t >= measureFrom - 200),
          editors: all.map((r) => r.stalls),
        },
        editorGcs: all.map((r) => r.gcs),
        serverGcs: serverStalls.gcs.filter(([t]) => t >= measureFrom - 200),
      }),
    );
  const summary = summarize(latencies);
  const updates = Math.max(1, sentAt.size);
  return {
    p50: summary.p50,
    p99: summary.p99,
    deliveries: latencies.length,
    expected: sentAt.size * (editors - 1),
    ackP99: summarize(all.flatMap((r) => r.acks)).p99,
    cpuPercent: ((cpuAfter - cpuBefore) / elapsed) * 100,
    cpuMsPerUpdate: (cpuAfter - cpuBefore) / updates,
    loopCpuMsPerUpdate: loopBefore === null || loopAfter === null ? null : (loopAfter - loopBefore) / updates,
    dbCpuMsPerUpdate: dbBefore === null || dbAfter === null ? null : (dbAfter - dbBefore) / updates,
    editorsCpuPercent:
      editorsBefore === null || editorsAfter === null
        ? null
        : ((editorsAfter - editorsBefore) / elapsed) * 100,
  };
}

/** DRAFT_BENCH_DUMP=<dir>: writes each measurement's [send time, latency] pairs there (to see when tails happen). */
const DUMP_DIR = process.env.DRAFT_BENCH_DUMP ?? '';

/** Summed CPU ms of the load generators (null when one cannot be read). */
function sumCpu(children: ChildProcess[]): number | null {
  let total = 0;
  for (const child of children) {
    const ms = child.pid === undefined ? null : processCpuMs(child.pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Writes a 10k-keystroke draft to the log and times loading it before and after compaction. */
async function measureLoad(
  uri: string,
): Promise<{ beforeMs: number; afterMs: number; logEntries: number; snapshotBytes: number }> {
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000 });
  const draftId = new Types.ObjectId();
  const writer = new DraftLogWriter();
  const doc = new Y.Doc();
  const appends: Array<Promise<void>> = [];
  doc.on('update', (update: Uint8Array) => appends.push(writer.append({ draftId, update, userId: null })));
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.transact(() => {
    doc.getXmlFragment('default').insert(0, [paragraph]);
    paragraph.insert(0, [text]);
  });
  // An editing trace: typing runs at a cursor that jumps to a random place every ~25 keystrokes, with one
  // backspace in ten (each keystroke is one update, as an editor sends them).
  let cursor = 0;
  for (let i = 0; i < 10_000; i += 1) {
    if (i % 25 === 0) cursor = Math.floor(Math.random() * (text.length + 1));
    if (i % 10 === 9 && cursor > 0) {
      text.delete(cursor - 1, 1);
      cursor -= 1;
    } else {
      text.insert(cursor, String.fromCharCode(97 + (i % 26)));
      cursor += 1;
    }
  }
  await Promise.all(appends);
  const timeLoad = async () => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const t0 = performance.now();
      const loaded = await loadDraft(draftId);
      runs.push(performance.now() - t0);
      if (loaded.doc.store.pendingStructs) throw new Error('pending structs after load');
      loaded.doc.destroy();
    }
    return summarize(runs).p50;
  };
  const beforeMs = await timeLoad();
  const compacted = await compactDraft(draftId);
  const afterMs = await timeLoad();
  await mongoose.disconnect();
  return { beforeMs, afterMs, logEntries: compacted.folded, snapshotBytes: compacted.snapshotBytes };
}

export async function runDraftsBenchmark(): Promise<void> {
  const engine = await startEngineChild(repoRoot, null);
  const [app, bare] = await Promise.all([
    startServer('app', `${engine.uri}/draftbench`),
    startServer('bare', ''),
  ]);
  const rows: Array<Array<string | number>> = [];
  const p99 = new Map<string, number>();
  const cpuPerUpdate = new Map<string, number>();
  const loopCpuPerUpdate = new Map<string, number>();
  try {
    // Windows alternate bare and app so that background load on a shared machine hits both alike; the reported
    // figure per configuration is the median over windows. Each server's editors stay connected over all windows of
    // a size (one editing session each, idle between windows), so no window pays for processes starting.
    const results = new Map<string, RelayResult[]>();
    for (const editors of EDITOR_COUNTS) {
      const groups = {
        bare: await startEditors(bare, editors),
        app: await startEditors(app, editors),
      };
      try {
        // WARMUP_ROUNDS unmeasured windows per server first: the first time a server runs its relay path it compiles it
        // (JIT) and grows its heap, which put 100–350 ms tails into the first measured window of either server. The
        // figure is steady typing on a warm server, as in production.
        for (let warmup = 0; warmup < WARMUP_ROUNDS; warmup += 1)
          for (const name of ['bare', 'app'] as const)
            await measureRelay(groups[name], null, `warmup-${name}@${editors}`);
        for (let round_ = 0; round_ < ROUNDS; round_ += 1) {
          const order = round_ % 2 === 0 ? (['bare', 'app'] as const) : (['app', 'bare'] as const);
          for (const name of order) {
            const list = results.get(`${name}@${editors}`) ?? [];
            const dbPid = name === 'app' ? (engine.child.pid ?? null) : null;
            list.push(await measureRelay(groups[name], dbPid, `${name}@${editors}`));
            results.set(`${name}@${editors}`, list);
          }
        }
      } finally {
        stopEditors(groups.bare);
        stopEditors(groups.app);
      }
    }
    const median = (values: number[]) => summarize(values).p50;
    for (const editors of EDITOR_COUNTS) {
      for (const name of ['bare', 'app'] as const) {
        const runs = results.get(`${name}@${editors}`) ?? [];
        p99.set(`${name}@${editors}`, median(runs.map((r) => r.p99)));
        cpuPerUpdate.set(`${name}@${editors}`, median(runs.map((r) => r.cpuMsPerUpdate)));
        loopCpuPerUpdate.set(
          `${name}@${editors}`,
          median(runs.map((r) => r.loopCpuMsPerUpdate ?? Number.NaN)),
        );
        rows.push([
          `${name} relay`,
          editors,
          round(median(runs.map((r) => r.p50))),
          round(median(runs.map((r) => r.p99))),
          runs.map((r) => round(r.p99)).join(' / '),
          round(median(runs.map((r) => r.ackP99))),
          `${runs.reduce((a, r) => a + r.deliveries, 0)}/${runs.reduce((a, r) => a + r.expected, 0)}`,
          round(median(runs.map((r) => r.cpuPercent))),
          round(median(runs.map((r) => r.cpuMsPerUpdate))),
          round(median(runs.map((r) => r.loopCpuMsPerUpdate ?? Number.NaN))),
          name === 'app' ? round(median(runs.map((r) => r.dbCpuMsPerUpdate ?? Number.NaN))) : '-',
          round(median(runs.map((r) => r.editorsCpuPercent ?? Number.NaN))),
        ]);
      }
    }
    process.stdout.write(
      `\nDrafts: relay latency, ${RATE_PER_EDITOR} updates/s per editor, one draft, ${MEASURE_MS / 1000} s × ${ROUNDS} rounds\n`,
    );
    printTable(
      [
        'server',
        'editors',
        'p50 ms',
        'p99 ms (median)',
        'p99 per round',
        'ack p99 ms',
        'delivered',
        'server CPU %',
        'CPU ms/update',
        'event loop CPU ms/update',
        'db CPU ms/update',
        'editors CPU %',
      ],
      rows,
    );
    // DRAFT_BENCH_LOAD=0 skips the load measurement (when investigating the relay).
    const load = process.env.DRAFT_BENCH_LOAD === '0' ? null : await measureLoad(`${engine.uri}/draftload`);
    if (load) {
      process.stdout.write('\nDrafts: load time of a 10k-edit draft\n');
      printTable(
        ['state', 'load ms (p50 of 5)', 'log entries', 'snapshot bytes'],
        [
          ['log only', round(load.beforeMs), load.logEntries, 0],
          ['compacted', round(load.afterMs), 0, load.snapshotBytes],
        ],
      );
    }
    for (const editors of EDITOR_COUNTS) {
      const ratio = (p99.get(`app@${editors}`) ?? Number.NaN) / (p99.get(`bare@${editors}`) ?? Number.NaN);
      printResult(`drafts_relay_p99_ratio@${editors}`, round(ratio));
      printResult(`draft_relay_p99_ratio@${editors}`, round(ratio)); // earlier name, kept for comparisons
      const cpuRatio =
        (cpuPerUpdate.get(`app@${editors}`) ?? Number.NaN) /
        (cpuPerUpdate.get(`bare@${editors}`) ?? Number.NaN);
      printResult(`drafts_relay_cpu_per_update_ratio@${editors}`, round(cpuRatio));
      const loopRatio =
        (loopCpuPerUpdate.get(`app@${editors}`) ?? Number.NaN) /
        (loopCpuPerUpdate.get(`bare@${editors}`) ?? Number.NaN);
      printResult(`drafts_relay_loop_cpu_per_update_ratio@${editors}`, round(loopRatio));
    }
    if (load) printResult('draft_load_ms_10k_compacted', round(load.afterMs));
  } finally {
    await Promise.all([stop(app.child), stop(bare.child)]);
    await engine.stop();
  }
}

// Runs when imported by bench/run.ts or started alone (`tsx bench/drafts.bench.ts`).
runDraftsBenchmark().catch((error: unknown) => {
  process.stderr.write(
    `drafts benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
