/**
 * The real server in a child process of its own, for leak measurements (reliability row 22): started by
 * `startSoakServer()` under `node --expose-gc`, against a database the parent runs (so stored data is not on this
 * heap), answering over IPC:
 *
 *   { type: 'stats', gc } → SoakStats (with `gc`: after forcing full garbage collections)
 *   { type: 'stop' }  → closes the server and exits
 *
 * Run directly it is the child; imported, it gives the parent `startSoakServer`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { connectDatabase } from '../../server/src/db/connection';
import { draftRuntime } from '../../server/src/features/drafts/drafts.runtime';
import { presenceOf } from '../../server/src/features/presence/presence.service';
import { createLogger } from '../../server/src/lib/logger';
import { createServer } from '../../server/src/server';
import { testConfig } from './server';

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

type ToChild = { type: 'stats'; gc: boolean } | { type: 'stop' };
type FromChild =
  { type: 'ready'; url: string } | { type: 'stats'; stats: SoakStats } | { type: 'error'; message: string };

export interface SoakServer {
  url: string;
  child: ChildProcess;
  /** The server's counts; with `gc`, `heapUsed` is measured after full collections (slow: call it rarely). */
  stats(options?: { gc?: boolean }): Promise<SoakStats>;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(__dirname, '..', '..');

/** Forks this file as the server child (`--expose-gc`, tsx) against `dbUri`; resolves once it listens. */
export async function startSoakServer(dbUri: string, timeoutMs = 30_000): Promise<SoakServer> {
  const tsx = createRequire(path.join(repoRoot, 'server', 'package.json')).resolve('tsx');
  const child = fork(__filename, [], {
    cwd: repoRoot,
    execArgv: ['--expose-gc', '--import', tsx],
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

/** The child: builds the server exactly as the test harness does, on the parent's database. */
async function runChild(dbUri: string): Promise<void> {
  const config = testConfig();
  const logger = createLogger(config.logLevel);
  const database = await connectDatabase(dbUri, 'embedded', logger);
  const server = createServer({ config, logger, db: database });
  const url = await server.listen(0, '127.0.0.1');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const reply = (message: FromChild) => process.send?.(message);

  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.type === 'stop') {
        await server.close();
        await database.close();
        process.exit(0);
      }
      // Several full collections with turns of the event loop between them: finalisers and weak references
      // released by one collection are collected by the next.
      for (let i = 0; message.gc && i < 4; i++) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
      let draftMembers = 0;
      for (const room of draftRuntime(server.ctx).hub.loadedRooms()) draftMembers += room.members.size;
      reply({
        type: 'stats',
        stats: {
          heapUsed: process.memoryUsage().heapUsed + process.memoryUsage().external,
          engineClients: server.io.engine.clientsCount,
          sockets: server.io.of('/').sockets.size,
          rooms: server.io.of('/').adapter.rooms.size,
          presenceBlocks: presenceOf(server.ctx).size,
          draftMembers,
        },
      });
    })().catch((error: unknown) => reply({ type: 'error', message: String(error) }));
  });
  reply({ type: 'ready', url });
}

if (require.main === module && process.env.POLOS_SOAK_DB_URI) {
  runChild(process.env.POLOS_SOAK_DB_URI).catch((error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
    process.exit(1);
  });
}
