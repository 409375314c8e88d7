/**
 * The real server in a child process of its own, for leak measurements (reliability row 22): started by
 * `startSoakServer()` under `node --expose-gc`, against a database the parent runs (so stored data is not on this
 * heap), answering over IPC:
 *
 *   { type: 'stats', gc } → SoakStats (with `gc`: after forcing full garbage collections)
 *   { type: 'stop' }  → closes the server and exits
 *
 * The child is soakServerChild.ts, run from its esbuild bundle (tests/helpers/appBundle.ts: a fraction of tsx's
 * start-up CPU).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ensureBundle } from './appBundle';

/** What the child reports: memory in bytes (after full GCs when asked), then counts of live server-side entries. */
export interface SoakStats {
  /**
   * V8 heap in use plus memory outside it held by JS objects (`external`: Buffers and ArrayBuffers, e.g. buffered
   * chunks or Yjs updates) — a leak of either shows.
   */
  heapUsed: number;
  /** engine.io sessions (`io.engine.clientsCount`). */
  engineClients: number;
  /** Sockets of the default namespace. */
  sockets: number;
  /** Rooms of the default namespace's adapter (each socket's own room included). */
  rooms: number;
  /** Blocks with someone present (the presence tracker). */
  presenceBlocks: number;
  /** Sockets in loaded draft rooms, over every loaded draft. */
  draftMembers: number;
}

export type ToChild = { type: 'stats'; gc: boolean } | { type: 'stop' };
export type FromChild =
  { type: 'ready'; url: string } | { type: 'stats'; stats: SoakStats } | { type: 'error'; message: string };

export interface SoakServer {
  url: string;
  child: ChildProcess;
  /** The server's counts; with `gc`, `heapUsed` is measured after full collections (slow: call it rarely). */
  stats(options?: { gc?: boolean }): Promise<SoakStats>;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(__dirname, '..', '..');

/** Forks the server child (`--expose-gc`, from its bundle) against `dbUri`; resolves once it listens. */
export async function startSoakServer(dbUri: string, timeoutMs = 30_000): Promise<SoakServer> {
  const bundle = await ensureBundle(path.join(__dirname, 'soakServerChild.ts'), 'soakServerChild', [
    __dirname,
  ]);
  const child = fork(bundle, [], {
    cwd: repoRoot,
    execArgv: ['--expose-gc'],
    env: { ...process.env, POLOS_SOAK_DB_URI: dbUri, NODE_ENV: 'test' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: FromChild['type'], ms: number): Promise<FromChild> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`soak server: no ${type} within ${ms} ms`)), ms);
      const onMessage = (message: FromChild) => {
        if (message.type === 'error') done(new Error(`soak server: ${message.message}`));
        else if (message.type === type) done(undefined, message);
      };
      const onExit = (code: number | null) => done(new Error(`soak server exited (${code})`));
      const done = (error?: Error, message?: FromChild) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(message!);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = (await next('ready', timeoutMs)) as Extract<FromChild, { type: 'ready' }>;
  const send = (message: ToChild) => child.send(message);
  return {
    url: ready.url,
    child,
    async stats({ gc = false } = {}) {
      const reply = next('stats', 30_000);
      send({ type: 'stats', gc });
      return ((await reply) as Extract<FromChild, { type: 'stats' }>).stats;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        send({ type: 'stop' });
      }),
  };
}
