/** Starts the embedded engine CLI as a child process (as `npm run db` does) for benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { engineNodeArgs } from '../../server/src/db/engineBundle';

export interface EngineChild {
  child: ChildProcess;
  uri: string;
  /** Milliseconds from spawn until the engine printed its URL. */
  listenMs: number;
  /** Time origin (performance.now()) of the spawn. */
  spawnedAt: number;
  stderr(): string;
  /** SIGTERM (clean: flush + snapshot); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL; resolves once the process is gone. */
  kill9(): Promise<void>;
}

/** Starts the engine exactly as the app's supervisor does: its bundled CLI under plain Node. */
export async function startEngineChild(
  repoRoot: string,
  dataDir: string | null,
  timeoutMs = 60_000,
): Promise<EngineChild> {
  const args = [...(await engineNodeArgs()), '--port', '0'];
  args.push(...(dataDir ? ['--data', dataDir] : ['--memory']));
  return spawnListening(repoRoot, args, timeoutMs);
}

/** Starts the do-nothing wire server that gives the driver's own floor (see bare-wire-server.mjs). */
export function startBareWireServer(repoRoot: string): Promise<EngineChild> {
  return spawnListening(repoRoot, [path.join(repoRoot, 'bench/lib/bare-wire-server.mjs')], 10_000);
}

function spawnListening(repoRoot: string, args: string[], timeoutMs: number): Promise<EngineChild> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 1_000_000) stderr = stderr.slice(-100_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`engine did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (mongodb:\/\/\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        uri: match[1],
        listenMs: performance.now() - spawnedAt,
        spawnedAt,
        stderr: () => stderr,
        async stop() {
          if (alive()) child.kill('SIGTERM');
          return exited;
        },
        async kill9() {
          if (alive()) child.kill('SIGKILL');
          await exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`engine exited (${String(code)}) before listening: ${stderr}`));
    });
  });
}
