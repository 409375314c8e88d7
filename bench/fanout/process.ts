/**
 * The fan-out benchmark's process helpers and target shape (shared by the benchmark and its targets; kept apart
 * so that no bench module imports the benchmark's entry).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { JoinStep } from './protocol';

const repoRoot = path.resolve(__dirname, '..', '..');
const tsx = createRequire(path.join(repoRoot, 'server', 'package.json')).resolve('tsx');

export interface FanoutTarget {
  name: 'app' | 'bare' | 'app-2proc';
  url: string;
  /** Every process's URL when the target runs several (clients are spread over them round-robin). */
  urls?: string[];
  pid: number;
  /** The server processes (heap probes; several for a multi-process target). */
  children: ChildProcess[];
  cookies: string[];
  joinSteps: JoinStep[];
  payloadTemplate: string;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry as a child process and resolves once it printed a URL. */
export function startProcess(
  entry: string,
  env: Record<string, string>,
  urlPattern: RegExp,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server process there (for finding hot spots).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  // --expose-gc + heapProbe: the orchestrator can ask for the heap in use (heapUsedBytes).
  const probe = ['--expose-gc', '--require', path.join(__dirname, 'heapProbe.cjs')];
  const child = spawn(process.execPath, [...profile, ...probe, '--import', tsx, entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), 60000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = urlPattern.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output}`));
    });
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** V8 heap in use by a process started with {@link startProcess}, after a full GC (bytes); NaN on no answer. */
export function heapUsedBytes(child: ChildProcess, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve) => {
    if (!child.connected) return resolve(Number.NaN);
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      resolve(Number.NaN);
    }, timeoutMs);
    const onMessage = (message: unknown) => {
      const m = message as { type?: string; heapUsed?: number };
      if (m?.type !== 'polos:heap') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m.heapUsed ?? Number.NaN);
    };
    child.on('message', onMessage);
    child.send('polos:heap');
  });
}
