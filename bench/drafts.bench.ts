/**
 * Drafts benchmark. (1) Relay: 20 and 50 editors typing at 5 updates/s each into one draft, against the app's
 * draft stack (guard + durable append before relay) and against a bare y-protocols-over-Socket.IO relay (no
 * persistence, no checks) in the same run — relay latency (sent → received by every other editor) p50/p99 and
 * server CPU. (2) Load time of a 10k-edit draft before and after compaction.
 * Prints a table plus `RESULT draft_relay_p99_ratio@50 <app ÷ bare>` and `RESULT draft_load_ms_10k_compacted <ms>`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { DraftLogWriter, compactDraft, loadDraft } from '../server/src/features/drafts/draftPersistence';
import { startEngineChild } from './lib/engine';
import { summarize, round } from './lib/stats';
import { printResult, printTable } from './lib/table';

const repoRoot = path.resolve(__dirname, '..');
const tsx = createRequire(path.join(repoRoot, 'server', 'package.json')).resolve('tsx');
const RATE_PER_EDITOR = 5;
const MEASURE_MS = Number(process.env.DRAFT_BENCH_MS ?? 5000);
const ROUNDS = Number(process.env.DRAFT_BENCH_ROUNDS ?? 3);
const WARMUP_MS = 1000;

interface ServerChild {
  child: ChildProcess;
  url: string;
  draftId: string;
  userId: string;
}

function startServer(mode: 'app' | 'bare', db: string): Promise<ServerChild> {
  const child = spawn(process.execPath, ['--import', tsx, path.join(__dirname, 'drafts', 'server.ts')], {
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

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const key = (message: Uint8Array) =>
  Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString('base64');

interface RelayResult {
  p50: number;
  p99: number;
  deliveries: number;
  expected: number;
  ackP99: number;
  cpuPercent: number;
}

/** N editors type at 5 updates/s each for MEASURE_MS; latency = send → receipt at each other editor. */
async function measureRelay(server: ServerChild, editors: number): Promise<RelayResult> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  let measuring = false;
  let sentMeasured = 0;
  const sockets: Socket[] = [];
  for (let i = 0; i < editors; i += 1) {
    const socket = connect(server.url, {
      transports: ['websocket'],
      forceNew: true,
      auth: { userId: server.userId, name: `Editor ${i}` },
    });
    sockets.push(socket);
  }
  await Promise.all(
    sockets.map(
      (s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve()))),
    ),
  );
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => s.emit('draft:join', { draftId: server.draftId }, () => resolve())),
    ),
  );
  for (const socket of sockets) {
    socket.on('draft:sync', (event: { message: Uint8Array }) => {
      const t0 = sentAt.get(key(event.message));
      if (t0 !== undefined && measuring) latencies.push(performance.now() - t0);
    });
  }
  const timers: NodeJS.Timeout[] = [];
  sockets.forEach((socket, i) => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    doc.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder);
      const t0 = performance.now();
      sentAt.set(key(message), t0);
      if (measuring) sentMeasured += 1;
      const counted = measuring;
      socket.emit('draft:sync', { draftId: server.draftId, message }, () => {
        if (counted) ackLatencies.push(performance.now() - t0);
      });
    });
    doc.transact(() => {
      doc.getXmlFragment('default').insert(0, [paragraph]);
      paragraph.insert(0, [text]);
    });
    // Random phase so the editors do not type in lockstep.
    const start = setTimeout(
      () => {
        timers.push(
          setInterval(
            () => text.insert(text.length, String.fromCharCode(97 + (i % 26))),
            1000 / RATE_PER_EDITOR,
          ),
        );
      },
      Math.random() * (1000 / RATE_PER_EDITOR),
    );
    timers.push(start);
  });
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const cpuBefore = await cpuMs(server.child);
  const started = performance.now();
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
  measuring = false;
  const elapsed = performance.now() - started;
  const cpuAfter = await cpuMs(server.child);
  for (const timer of timers) clearInterval(timer);
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const socket of sockets) socket.disconnect();
  const summary = summarize(latencies);
  return {
    p50: summary.p50,
    p99: summary.p99,
    deliveries: latencies.length,
    expected: sentMeasured * (editors - 1),
    ackP99: summarize(ackLatencies).p99,
    cpuPercent: ((cpuAfter - cpuBefore) / elapsed) * 100,
  };
}

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
  try {
    // Rounds alternate bare and app so that background load on a shared machine hits both alike; the
    // reported figure per configuration is the median over rounds.
    const results = new Map<string, RelayResult[]>();
    for (let round_ = 0; round_ < ROUNDS; round_ += 1) {
      for (const editors of [20, 50]) {
        const order =
          round_ % 2 === 0
            ? ([
                ['bare', bare],
                ['app', app],
              ] as const)
            : ([
                ['app', app],
                ['bare', bare],
              ] as const);
        for (const [name, server] of order) {
          const list = results.get(`${name}@${editors}`) ?? [];
          list.push(await measureRelay(server, editors));
          results.set(`${name}@${editors}`, list);
        }
      }
    }
    const median = (values: number[]) => summarize(values).p50;
    for (const editors of [20, 50]) {
      for (const name of ['bare', 'app'] as const) {
        const runs = results.get(`${name}@${editors}`) ?? [];
        p99.set(`${name}@${editors}`, median(runs.map((r) => r.p99)));
        rows.push([
          `${name} relay`,
          editors,
          round(median(runs.map((r) => r.p50))),
          round(median(runs.map((r) => r.p99))),
          runs.map((r) => round(r.p99)).join(' / '),
          round(median(runs.map((r) => r.ackP99))),
          `${runs.reduce((a, r) => a + r.deliveries, 0)}/${runs.reduce((a, r) => a + r.expected, 0)}`,
          round(median(runs.map((r) => r.cpuPercent))),
        ]);
      }
    }
    process.stdout.write('\nDrafts: relay latency, 5 updates/s per editor, one draft\n');
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
      ],
      rows,
    );
    const load = await measureLoad(`${engine.uri}/draftload`);
    process.stdout.write('\nDrafts: load time of a 10k-edit draft\n');
    printTable(
      ['state', 'load ms (p50 of 5)', 'log entries', 'snapshot bytes'],
      [
        ['log only', round(load.beforeMs), load.logEntries, 0],
        ['compacted', round(load.afterMs), 0, load.snapshotBytes],
      ],
    );
    for (const editors of [20, 50]) {
      const ratio = (p99.get(`app@${editors}`) ?? Number.NaN) / (p99.get(`bare@${editors}`) ?? Number.NaN);
      printResult(`draft_relay_p99_ratio@${editors}`, round(ratio));
    }
    printResult('draft_load_ms_10k_compacted', round(load.afterMs));
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
