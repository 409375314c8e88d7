/**
 * `INSTANCES=2` with long-polling clients (issue 14.4): the real cluster primary (scripts/cluster.mjs, the engine
 * standalone and a private redis-server) and two workers. Clients that never upgrade (`transports: ['polling']`:
 * every request of a session is a new HTTP request through the primary, keep-alive off) connect, post and receive
 * every post; none gets "Session ID unknown" (HTTP 400), which is what a request routed to the wrong worker gets.
 * Routing is stateless (the session id names its worker), so a session's first follow-up request cannot race the
 * primary's IPC bookkeeping; both workers serve clients.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { Ack, PostChangeDto } from '@polos/shared';
import { SESSION_COOKIE } from '@polos/shared';
import { ensureAppBundle } from '../../helpers/appBundle';
import { redisServerAvailable } from '../../helpers/redis';
import { Agent } from '../../helpers/server';
import { waitFor } from '../../helpers/wait';
import { parseDemoAccounts } from '../../e2e/demoAccounts';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const CLIENTS = 12;
/** Clients whose handshakes are sent at the same moment. */
const WAVE = 4;
const POSTS_PER_CLIENT = 2;

async function call<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const ack = await new Promise<Ack<T> | 'timeout'>((resolve) => {
    socket
      .timeout(20_000)
      .emit(event, payload, (error: Error | null, a: Ack<T>) => resolve(error ? 'timeout' : a));
  });
  if (ack === 'timeout' || !ack.ok) throw new Error(`${event}: ${JSON.stringify(ack)}`);
  return ack.data;
}

const describeWithRedis = redisServerAvailable() ? describe : describe.skip;

describeWithRedis('INSTANCES=2 with long-polling clients', () => {
  let dataDir: string;
  let primary: ChildProcess | undefined;
  let output = '';
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'polos-sticky-'));
    const bundle = await ensureAppBundle();
    primary = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'clusterLauncher.mjs'), bundle], {
      cwd: repoRoot,
      env: {
        ...process.env,
        INSTANCES: '2',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DEMO: 'true',
        MONGODB_URI: '',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    primary.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await waitFor(() => /open (http:\/\/\S+)/.test(output) || primary?.exitCode !== null, {
      timeoutMs: 150_000,
      what: 'the cluster listening',
    });
    const match = /open (http:\/\/\S+)/.exec(output);
    if (!match) throw new Error(`cluster did not start:\n${output}`);
    url = match[1];
  });

  afterAll(async () => {
    for (const socket of sockets) {
      socket.removeAllListeners();
      socket.close();
    }
    if (primary && primary.exitCode === null) {
      const exited = new Promise((resolve) => primary!.once('exit', resolve));
      primary.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
      clearTimeout(timer);
      if (primary.exitCode === null) primary.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('pollingClientsAreNeverMisroutedAndReceiveEveryPost', async () => {
    const accounts = parseDemoAccounts(output);
    const moderatorAccount = accounts.find((a) => a.email.startsWith('moderator'))!;
    const agent = new Agent(url);
    const session = await agent.login(moderatorAccount.email, moderatorAccount.password);
    const workspaceId = session.workspaces[0].id;
    const open = (transports: string[]) => {
      const socket = ioClient(url, {
        transports,
        extraHeaders: { cookie: `${SESSION_COOKIE}=${agent.cookie!}`, origin: url },
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      return socket;
    };
    const moderator = open(['polling']);
    const joined = await call<{ blocks: Array<{ id: string; kind: string }> }>(moderator, 'workspace:join', {
      workspaceId,
    });
    const blockId = joined.blocks.find((b) => b.kind === 'discussion')!.id;
    await call(moderator, 'session:start', { workspaceId, title: 'Long-polling drill' });
    await call(moderator, 'block:open', { blockId });
    const questionId = (await call<{ id: string }>(moderator, 'question:open-next', { blockId })).id;

    // Polling clients opened in waves of concurrent handshakes, each followed at once by its first poll (the
    // primary's least-connection choice sees the previous waves, so both workers get sessions).
    const problems: string[] = [];
    const received = new Map<Socket, Set<string>>();
    const clients: Socket[] = [];
    for (let wave = 0; wave < CLIENTS / WAVE; wave++) {
      const batch = Array.from({ length: WAVE }, () => {
        const socket = open(['polling']);
        received.set(socket, new Set());
        socket.on('connect_error', (error) => problems.push(`connect_error: ${error.message}`));
        socket.on('disconnect', (reason) => problems.push(`disconnect: ${reason}`));
        socket.on('post:created', (change: PostChangeDto) =>
          received.get(socket)!.add(change.post.clientId ?? ''),
        );
        return socket;
      });
      clients.push(...batch);
      await Promise.all(
        batch.map(async (socket) => {
          await waitFor(() => socket.connected || problems.length > 0, {
            timeoutMs: 60_000,
            what: 'connected',
          });
          await call(socket, 'workspace:join', { workspaceId });
          await call(socket, 'question:subscribe', { questionId });
        }),
      );
    }
    expect(problems).toEqual([]);
    // Sessions live on both workers (the id names its worker: W<id>_…).
    const ids = clients.map((s) => s.io.engine.id);
    for (const id of ids) expect(id).toMatch(/^W[0-9a-z]+_[\w-]+$/);
    expect(new Set(ids.map((id) => id.slice(0, id.indexOf('_')))).size).toBe(2);

    const sent: string[] = [];
    await Promise.all(
      clients.map(async (socket, i) => {
        for (let n = 0; n < POSTS_PER_CLIENT; n++) {
          const clientId = `polling-${i}-${n}-drill`;
          sent.push(clientId);
          await call(socket, 'post:create', { questionId, clientId, body: `Long-polling post ${i}.${n}` });
        }
      }),
    );
    for (const socket of clients)
      await waitFor(() => received.get(socket)!.size === sent.length, {
        timeoutMs: 30_000,
        what: 'every post on every polling client',
      });
    expect(problems).toEqual([]);
    for (const socket of clients) expect(socket.io.engine.transport.name).toBe('polling');
  });
});
