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
  name: 'app' | 'bare';
  url: string;
  pid: number;
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
  const child = spawn(process.execPath, [...profile, '--import', tsx, entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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
