import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ensureAppBundle } from './appBundle';

const repoRoot = path.resolve(__dirname, '..', '..');

export interface AppProcess {
  /** Base URL printed by the server, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the process printed (stdout + stderr), for failure reports. */
  output(): string;
  /** SIGTERM and wait for exit (graceful shutdown); removes the data dir unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<number | null>;
}

/**
 * Starts the real server exactly as `npm start` does (tsx, embedded engine as a supervised child,
 * built client served on the same port) on port 0 with a temporary data directory. `bundle: true` runs the
 * same entry from an esbuild bundle instead of through tsx (tests that start several processes).
 */
export async function startAppProcess(
  options: { env?: Record<string, string>; dataDir?: string; timeoutMs?: number; bundle?: boolean } = {},
): Promise<AppProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'polos-e2e-'));
  const tsx = createRequire(path.join(repoRoot, 'server', 'package.json')).resolve('tsx');
  // `bundle`: the same entry from an esbuild bundle (tests/helpers/appBundle.ts) — far less CPU per start.
  const args = options.bundle
    ? [await ensureAppBundle()]
    : ['--import', tsx, path.join(repoRoot, 'server', 'src', 'index.ts')];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${options.timeoutMs ?? 30000} ms:\n${output}`)),
      options.timeoutMs ?? 30000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /open (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} during start-up:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    dataDir,
    child,
    output: () => output,
    stop: ({ keepData = false } = {}) =>
      new Promise<number | null>((resolve) => {
        const finish = (code: number | null) => {
          if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
          resolve(code);
        };
        if (child.exitCode !== null || child.signalCode !== null) return finish(child.exitCode);
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 15000);
        child.once('exit', (code) => {
          clearTimeout(killTimer);
          finish(code);
        });
        child.kill('SIGTERM');
      }),
  };
}
