/** Runs the engine CLI as a child process (as `npm run db` does) for crash and restart tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { engineNodeArgs } from '../../../../server/src/db/engineBundle';

export const repoRoot = path.resolve(__dirname, '../../../..');

export interface EngineProcess {
  child: ChildProcess;
  uri: string;
  /** Milliseconds from spawn to the "listening on" line. */
  startMs: number;
  stderr(): string;
  /** SIGKILL, resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM, resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the engine exactly as the app's supervisor does (its bundled CLI; see engineBundle.ts). */
export async function spawnEngine(dataDir: string | null, timeoutMs = 30_000): Promise<EngineProcess> {
  const args = [...(await engineNodeArgs()), '--port', '0'];
  if (dataDir) args.push('--data', dataDir);
  else args.push('--memory');
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return new Promise<EngineProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`engine did not start within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (mongodb:\/\/[^\s]+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      const startMs = performance.now() - started;
      resolve({
        child,
        uri: match[1],
        startMs,
        stderr: () => stderr,
        async kill9() {
          if (!gone()) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (!gone()) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `engine exited with ${String(code)} before listening\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    });
  });
}
