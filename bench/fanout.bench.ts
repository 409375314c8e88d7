/**
 * Post fan-out benchmark (issue 4): N = 100, 500, 1000 clients in one question room; 8 posts in
 * flight; post sent → delivered to every client (p50/p99) and deliveries/s — for the app (auth,
 * validation, durable write, broadcaster) and for a bare Socket.IO server broadcasting the same
 * payload (the ceiling of this stack on this machine), in the same run. Load comes from a separate
 * process speaking the Socket.IO wire protocol directly.
 *
 *   npm run bench -- --only fanout [--clients 100,500,1000] [--posts 200]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { percentile } from './lib/stats';
import { printTable } from './lib/table';
import { cpuTimeMs, residentBytes } from './fanout/processStats';
import type { LoadGeneratorJob, LoadGeneratorResult } from './fanout/protocol';
import { prepareAppTarget, prepareTwoProcessTarget } from './fanout/appTarget';
import { heapUsedBytes, startProcess, stopProcess, type FanoutTarget } from './fanout/process';

const repoRoot = path.resolve(__dirname, '..');
const tsx = createRequire(path.join(repoRoot, 'server', 'package.json')).resolve('tsx');

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function startBareTarget(): Promise<FanoutTarget> {
  const { child, url } = await startProcess(
    path.join(__dirname, 'fanout', 'bareServer.ts'),
    {},
    /listening on (http:\/\/\S+)/,
  );
  const questionId = 'bench-question';
  return {
    name: 'bare',
    url,
    pid: child.pid!,
    children: [child],
    cookies: [''],
    joinSteps: [{ event: 'room:join', payload: { room: `question:${questionId}` } }],
    payloadTemplate: JSON.stringify({ questionId, clientId: '__CLIENT_ID__', body: '__BODY__' }),
    stop: () => stopProcess(child),
  };
}

interface Measurement {
  target: string;
  clients: number;
  p50: number;
  p99: number;
  deliveriesPerSecond: number;
  memoryPerClientKb: number;
  /** V8 heap (after a full GC) per connected client, summed over the target's processes. */
  heapPerClientKb: number;
  /** Several processes: p99 of post sent → delivered to every client of the other process(es). */
  crossP99: number;
  cpuMsPerPost: number;
  errors: string[];
}

async function runLoad(target: FanoutTarget, clients: number, posts: number): Promise<Measurement> {
  const job: LoadGeneratorJob = {
    url: target.url,
    urls: target.urls,
    cookies: target.cookies,
    origin: target.url,
    clients,
    joinSteps: target.joinSteps,
    sendEvent: 'post:create',
    receiveEvent: 'post:created',
    payloadTemplate: target.payloadTemplate,
    bodyText:
      'In our district the regional agency co-finances joint export missions; the key was a shared pipeline of SMEs ' +
      'and one contact person per cluster. ¿Cómo lo organizan ustedes?',
    posts,
    warmupPosts: Math.max(10, Math.round(posts / 10)),
    inFlight: 8,
    senders: 16,
  };
  const heapOf = async () =>
    (await Promise.all(target.children.map((child) => heapUsedBytes(child)))).reduce((a, b) => a + b, 0);
  const rssBefore = residentBytes(target.pid);
  const heapBefore = await heapOf();
  let heapConnected: Promise<number> = Promise.resolve(Number.NaN);
  const generator = spawn(
    process.execPath,
    ['--import', tsx, path.join(__dirname, 'fanout', 'loadGenerator.ts')],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  generator.stdin.end(JSON.stringify(job));
  let stdout = '';
  let rssConnected = Number.NaN;
  let cpuAtStart = Number.NaN;
  generator.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (Number.isNaN(cpuAtStart) && stdout.includes('"phase":"measuring"')) {
      rssConnected = residentBytes(target.pid);
      cpuAtStart = cpuTimeMs(target.pid);
      heapConnected = heapOf();
    }
  });
  const exitCode = await new Promise<number | null>((resolve) => generator.once('exit', resolve));
  const cpuUsed = cpuTimeMs(target.pid) - cpuAtStart;
  if (exitCode !== 0) throw new Error(`load generator failed for ${target.name} at ${clients} clients`);
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as LoadGeneratorResult;
  return {
    target: target.name,
    clients,
    p50: percentile(result.deliveredToAllMs, 50),
    p99: percentile(result.deliveredToAllMs, 99),
    deliveriesPerSecond: (result.deliveries / result.elapsedMs) * 1000,
    memoryPerClientKb: (rssConnected - rssBefore) / 1024 / clients,
    heapPerClientKb: ((await heapConnected) - heapBefore) / 1024 / clients,
    crossP99: result.crossDeliveredMs.length ? percentile(result.crossDeliveredMs, 99) : Number.NaN,
    cpuMsPerPost: cpuUsed / (result.posts + job.warmupPosts),
    errors: result.errors,
  };
}

export async function runFanoutBenchmark(): Promise<void> {
  const clientCounts = arg('clients', '100,500,1000').split(',').map(Number);
  const posts = Number(arg('posts', '200'));
  const measurements: Measurement[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polos-bench-'));
  try {
    for (const start of [startBareTarget, () => prepareAppTarget(dataDir)]) {
      const target = await start();
      try {
        for (const clients of clientCounts) {
          process.stderr.write(`fanout: ${target.name} with ${clients} clients…\n`);
          const measurement = await runLoad(target, clients, posts);
          if (measurement.errors.length)
            process.stderr.write(`  errors: ${measurement.errors.join(' | ')}\n`);
          measurements.push(measurement);
        }
      } finally {
        await target.stop();
      }
    }
    // The same fan-out with the clients spread over two app processes (Redis adapter), at the largest count.
    const most = Math.max(...clientCounts);
    const cluster = await prepareTwoProcessTarget(path.join(dataDir, 'cluster'));
    try {
      process.stderr.write(`fanout: app on 2 processes with ${most} clients…\n`);
      const measurement = await runLoad(cluster, most, posts);
      if (measurement.errors.length) process.stderr.write(`  errors: ${measurement.errors.join(' | ')}\n`);
      measurements.push(measurement);
    } finally {
      await cluster.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  printTable(
    [
      'target',
      'clients',
      'p50 ms',
      'p99 ms',
      'cross-process p99 ms',
      'deliveries/s',
      'server KB/client (RSS)',
      'heap KB/client',
      'server CPU ms/post',
    ],
    measurements.map((m) => [
      m.target,
      String(m.clients),
      m.p50.toFixed(1),
      m.p99.toFixed(1),
      Number.isNaN(m.crossP99) ? '-' : m.crossP99.toFixed(1),
      m.deliveriesPerSecond.toFixed(0),
      m.memoryPerClientKb.toFixed(1),
      m.heapPerClientKb.toFixed(1),
      m.cpuMsPerPost.toFixed(2),
    ]),
  );
  for (const clients of clientCounts) {
    const app = measurements.find((m) => m.target === 'app' && m.clients === clients);
    const bare = measurements.find((m) => m.target === 'bare' && m.clients === clients);
    if (!app || !bare) continue;
    console.log(
      `RESULT fanout_throughput_ratio@${clients} ${(app.deliveriesPerSecond / bare.deliveriesPerSecond).toFixed(3)}`,
    );
    console.log(`RESULT fanout_p99_ratio@${clients} ${(app.p99 / bare.p99).toFixed(3)}`);
    console.log(`RESULT fanout_app_p99_ms@${clients} ${app.p99.toFixed(1)}`);
    console.log(`RESULT fanout_memory_kb_per_client@${clients} ${app.memoryPerClientKb.toFixed(1)}`);
    // Issue 14.5: heap per connected client, app / bare Socket.IO (target ≤ 2).
    console.log(`RESULT fanout_heap_kb_per_client@${clients} ${app.heapPerClientKb.toFixed(1)}`);
    console.log(
      `RESULT fanout_memory_ratio@${clients} ${(app.heapPerClientKb / bare.heapPerClientKb).toFixed(3)}`,
    );
  }
  // Issue 14: the same clients over 2 processes against 1 process, same run.
  const cluster = measurements.find((m) => m.target === 'app-2proc');
  const single = cluster && measurements.find((m) => m.target === 'app' && m.clients === cluster.clients);
  if (cluster && single) {
    console.log(
      `RESULT fanout_2proc_throughput_ratio ${(cluster.deliveriesPerSecond / single.deliveriesPerSecond).toFixed(3)}`,
    );
    console.log(`RESULT fanout_2proc_p99_ms@${cluster.clients} ${cluster.p99.toFixed(1)}`);
    console.log(`RESULT fanout_2proc_cross_p99_ms@${cluster.clients} ${cluster.crossP99.toFixed(1)}`);
  }
}
