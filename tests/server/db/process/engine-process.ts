/** Runs the engine CLI as a child process (as `npm run db` does) for crash and restart tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
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

/** The per-test set-up of the kill -9 tests: a fresh data directory and the engine and clients started on it. */
export interface EngineDataDirFixture {
  /** This test's data directory (a new temporary one per test, removed after it). */
  readonly dataDir: string;
  /** Spawns the engine on {@link dataDir}; the last one started is killed (SIGKILL) after the test. */
  start(): Promise<EngineProcess>;
  /** A connected driver client (no retried writes: a write lost to a kill must fail), closed after the test. */
  connect(uri: string): Promise<MongoClient>;
  /** Closes (forcibly) every client opened by {@link connect} so far, e.g. before the engine is killed or restarted. */
  closeClients(): Promise<void>;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that give every test a data directory under the OS temp folder named
 * `prefix…` and, after the test, close its clients, kill -9 its engine and remove the directory.
 * `maxPoolSize`: the driver's connection pool size of each client.
 */
export function useEngineDataDir(prefix: string, maxPoolSize: number): EngineDataDirFixture {
  let dataDir: string | undefined;
  let engine: EngineProcess | undefined;
  const clients: MongoClient[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), prefix));
  });

  const closeClients = async () => {
    for (const c of clients.splice(0)) await c.close(true).catch(() => undefined);
  };

  afterEach(async () => {
    await closeClients();
    await engine?.kill9();
    engine = undefined;
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const currentDir = (): string => {
    if (dataDir === undefined) throw new Error('the data directory exists from beforeEach on');
    return dataDir;
  };

  return {
    get dataDir() {
      return currentDir();
    },
    async start() {
      engine = await spawnEngine(currentDir());
      return engine;
    },
    async connect(uri) {
      const client = new MongoClient(uri, {
        serverSelectionTimeoutMS: 3000,
        socketTimeoutMS: 5000,
        retryWrites: false,
        maxPoolSize,
      });
      await client.connect();
      clients.push(client);
      return client;
    },
    closeClients,
  };
}
