/**
 * The shared parts of the scale tests (tests/server/scale): Socket.IO commands with a bounded wait, a thread's
 * `sync:since` catch-up as the real client does it, the demo moderator opening a discussion question, and the real
 * cluster primary (scripts/cluster.mjs through fixtures/clusterLauncher.mjs) started from the app bundle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as ioClient, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack, SyncSinceResult } from '@polos/shared';
import { SESSION_COOKIE } from '@polos/shared';
import { ensureAppBundle } from '../../helpers/appBundle';
import { Agent } from '../../helpers/server';
import { waitFor } from '../../helpers/wait';
import { parseDemoAccounts } from '../../e2e/demoAccounts';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Emits `event` and resolves with its ack, or 'timeout' when none came within `timeoutMs` (default 10 s). */
export function ackOf<T>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<Ack<T> | 'timeout'> {
  return new Promise((resolve) => {
    socket
      .timeout(timeoutMs)
      .emit(event, payload, (error: Error | null, ack: Ack<T>) => resolve(error ? 'timeout' : ack));
  });
}

/** {@link ackOf}, resolving with the ack's data; throws (naming the event and the answer) on a timeout or an error. */
export async function call<T>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<T> {
  const ack = await ackOf<T>(socket, event, payload, timeoutMs);
  if (ack === 'timeout' || !ack.ok) throw new Error(`${event}: ${JSON.stringify(ack)}`);
  return ack.data;
}

/** A new Socket.IO connection (never shared: `forceNew`) to `url` with the session cookie and the page's origin. */
export function connectWithCookie(
  url: string,
  cookie: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Socket {
  return ioClient(url, {
    extraHeaders: { cookie: `${SESSION_COOKIE}=${cookie}`, origin: url },
    forceNew: true,
    ...options,
  });
}

/**
 * The real client's catch-up of one thread: asks `sync:since` from `cursor()` until the server has nothing more,
 * handing every change newer than the cursor to `apply` (which advances the cursor) in seq order. Resolves false
 * when a request timed out (`timeoutMs`) or was refused — the next (re)connect or seq gap syncs again — else true.
 */
export async function syncThread(
  socket: Socket,
  questionId: string,
  cursor: () => number,
  apply: (seq: number) => void,
  timeoutMs: number,
): Promise<boolean> {
  for (;;) {
    const ack = await ackOf<SyncSinceResult>(socket, 'sync:since', { [questionId]: cursor() }, timeoutMs);
    if (ack === 'timeout' || !ack.ok) return false;
    const result = ack.data[questionId];
    for (const change of result.changes) if (change.seq > cursor()) apply(change.seq);
    if (!result.hasMore) return true;
  }
}

/**
 * What a test client has received of one thread: the seqs in the order it applied them and its cursor (the last).
 * `next` applies a live broadcast when it is the next seq (returns false for an old one or a gap: sync then);
 * `sync` catches up with {@link syncThread}.
 */
export class ThreadSeqs {
  readonly seqs: number[] = [];
  cursor = 0;

  private take(seq: number): void {
    this.cursor = seq;
    this.seqs.push(seq);
  }

  /** 'applied' (the next seq), 'old' (already had it) or 'gap' (something before it is missing). */
  next(seq: number): 'applied' | 'old' | 'gap' {
    if (seq <= this.cursor) return 'old';
    if (seq !== this.cursor + 1) return 'gap';
    this.take(seq);
    return 'applied';
  }

  sync(socket: Socket, questionId: string, timeoutMs: number): Promise<boolean> {
    return syncThread(
      socket,
      questionId,
      () => this.cursor,
      (seq) => this.take(seq),
      timeoutMs,
    );
  }
}

/**
 * As the demo moderator on `socket`: joins `workspaceId`, starts a session titled `title`, opens the demo's
 * discussion block and its next question. `timeoutMs`: each command's bound (default 10 s).
 */
export async function openDiscussionQuestion(
  socket: Socket,
  workspaceId: string,
  title: string,
  timeoutMs = 10_000,
): Promise<{ blockId: string; questionId: string }> {
  const joined = await call<{ blocks: Array<{ id: string; kind: string }> }>(
    socket,
    'workspace:join',
    { workspaceId },
    timeoutMs,
  );
  const blockId = joined.blocks.find((b) => b.kind === 'discussion')!.id;
  await call(socket, 'session:start', { workspaceId, title }, timeoutMs);
  await call(socket, 'block:open', { blockId }, timeoutMs);
  const questionId = (await call<{ id: string }>(socket, 'question:open-next', { blockId }, timeoutMs)).id;
  return { blockId, questionId };
}

/** Signs in (over HTTP at `url`) as the demo moderator printed in the server `output`; its first workspace. */
export async function signInDemoModerator(
  url: string,
  output: string,
): Promise<{ agent: Agent; cookie: string; workspaceId: string }> {
  const moderator = parseDemoAccounts(output).find((a) => a.email.startsWith('moderator'))!;
  const agent = new Agent(url);
  const session = await agent.login(moderator.email, moderator.password);
  return { agent, cookie: agent.cookie!, workspaceId: session.workspaces[0].id };
}

/** The cluster primary and its workers, as `INSTANCES=2 npm start` runs them (demo seed, engine and Redis its own). */
export interface TestCluster {
  /** The primary's address, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** Everything the primary and its workers printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM (SIGKILL after 20 s), then removes the data directory. */
  stop(): Promise<void>;
}

/**
 * Starts the cluster primary (fixtures/clusterLauncher.mjs with the app bundle) with two workers on a new data
 * directory named `dataDirPrefix…` and waits (up to 150 s) for its "open http://…" line; throws with the output
 * when it exits first. `logLevel`: the workers' LOG_LEVEL ('info' prints their "worker ready" lines).
 */
export async function startCluster(options: {
  dataDirPrefix: string;
  logLevel: string;
}): Promise<TestCluster> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), options.dataDirPrefix));
  let primary: ChildProcess | undefined;
  let output = '';
  const stop = async () => {
    if (primary && primary.exitCode === null) {
      const running = primary;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
      clearTimeout(timer);
      if (running.exitCode === null) running.kill('SIGKILL');
    }
    // Retries: a helper the primary could not wait for (killed) may still be writing its last files.
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  try {
    const bundle = await ensureAppBundle();
    const child = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'clusterLauncher.mjs'), bundle], {
      cwd: repoRoot,
      env: {
        ...process.env,
        INSTANCES: '2',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        NODE_ENV: 'test',
        LOG_LEVEL: options.logLevel,
        DEMO: 'true',
        MONGODB_URI: '',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary = child;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await waitFor(() => /open (http:\/\/\S+)/.test(output) || child.exitCode !== null, {
      timeoutMs: 150_000,
      what: 'the cluster listening',
    });
    const match = /open (http:\/\/\S+)/.exec(output);
    if (!match) throw new Error(`cluster did not start:\n${output}`);
    return { url: match[1], output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
