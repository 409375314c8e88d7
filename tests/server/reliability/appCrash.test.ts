/**
 * Reliability rows 10 and 11, through real processes: the app's entry as `npm start` runs it, from its esbuild
 * bundle (tests/helpers/appBundle.ts: the same code with ~3 s less CPU per start than tsx, which
 * lifecycle.test.ts covers), port fixed so that clients reconnect by themselves, against the engine CLI as a
 * separate process (the way several app instances share one database).
 * - kill -9 of the app three times while 20 clients post: every acknowledged post is stored exactly once.
 * - the database stops under load and returns: requests are answered 503 / `unavailable` (never hang),
 *   and the app recovers without a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { Ack, PostChangeDto, ThreadPageDto } from '@polos/shared';
import { SESSION_COOKIE } from '@polos/shared';
import { engineNodeArgs } from '../../../server/src/db/engineBundle';
import { startAppProcess, type AppProcess } from '../../helpers/appProcess';
import { Agent, sleep, waitFor } from '../../helpers/server';
import { parseDemoAccounts } from '../../e2e/demoAccounts';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The engine CLI on a fixed port, so a restarted engine is found again by the app's driver. */
async function startEngine(port: number, dataDir: string): Promise<ChildProcess> {
  const engineArgs = await engineNodeArgs();
  const child = spawn(process.execPath, [...engineArgs, '--port', String(port), '--data', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`engine did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

function socketFor(url: string, cookie: string): Socket {
  return ioClient(url, {
    transports: ['websocket'],
    extraHeaders: { cookie: `${SESSION_COOKIE}=${cookie}`, origin: url },
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
}

function ackOf<T>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs: number,
): Promise<Ack<T> | 'timeout'> {
  return new Promise((resolve) => {
    socket
      .timeout(timeoutMs)
      .emit(event, payload, (error: Error | null, ack: Ack<T>) => resolve(error ? 'timeout' : ack));
  });
}

async function fetchThread(agent: Agent, questionId: string): Promise<ThreadPageDto['posts']> {
  const posts: ThreadPageDto['posts'] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await agent.request<ThreadPageDto>(
      'GET',
      `/api/questions/${questionId}/posts?afterSeq=${afterSeq}&limit=200`,
    );
    expect(page.status).toBe(200);
    posts.push(...page.body.posts);
    if (page.body.nextAfterSeq === null) return posts;
    afterSeq = page.body.nextAfterSeq;
  }
}

describe('app process crashes and database outages', () => {
  let dataDir: string;
  let engine: ChildProcess;
  let enginePort: number;
  let appPort: number;
  let app: AppProcess | undefined;
  let url: string;
  let credentials: Record<string, { email: string; password: string }>;
  let questionId: string;

  const appEnv = () => ({
    MONGODB_URI: `mongodb://127.0.0.1:${enginePort}/polos`,
    PORT: String(appPort),
    DEMO: 'true',
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'polos-crash-'));
    [enginePort, appPort] = await Promise.all([freePort(), freePort()]);
    engine = await startEngine(enginePort, path.join(dataDir, 'db'));
    app = await startAppProcess({ env: appEnv(), dataDir, bundle: true });
    url = app.url;
    const accounts = parseDemoAccounts(app.output());
    credentials = Object.fromEntries(accounts.map((a) => [a.email.split('@')[0], a]));
    expect(Object.keys(credentials)).toEqual(expect.arrayContaining(['moderator', 'carlos', 'sophie']));

    const moderator = new Agent(url);
    const session = await moderator.login(credentials.moderator.email, credentials.moderator.password);
    const workspaceId = session.workspaces[0].id;
    const socket = socketFor(url, moderator.cookie!);
    const call = async <T>(event: string, payload: unknown): Promise<T> => {
      const ack = await ackOf<T>(socket, event, payload, 10_000);
      if (ack === 'timeout' || !ack.ok) throw new Error(`${event}: ${JSON.stringify(ack)}`);
      return ack.data;
    };
    const joined = await call<{ blocks: Array<{ id: string; kind: string }> }>('workspace:join', {
      workspaceId,
    });
    const block = joined.blocks.find((b) => b.kind === 'discussion')!;
    await call('session:start', { workspaceId, title: 'Crash drill' });
    await call('block:open', { blockId: block.id });
    questionId = (await call<{ id: string }>('question:open-next', { blockId: block.id })).id;
    socket.disconnect();
  });

  afterAll(async () => {
    await app?.stop({ keepData: true });
    if (engine) await stopChild(engine);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('everyAcknowledgedPostSurvivesKill9OfTheAppExactlyOnce', async () => {
    const participants = ['carlos', 'sophie'];
    const agents = await Promise.all(
      participants.map(async (name) => {
        const agent = new Agent(url);
        await agent.login(credentials[name].email, credentials[name].password);
        return agent;
      }),
    );
    const sockets = Array.from({ length: 20 }, (_, i) => socketFor(url, agents[i % agents.length].cookie!));
    await waitFor(() => sockets.every((s) => s.connected), 20_000);

    const acked = new Map<string, string>(); // clientId → stored post id
    let posting = true;
    let sent = 0;
    // Each client posts every 400 ms (20 × 2.5/s = 50 posts/s) and retries an unacknowledged post with
    // the same clientId until the server acknowledges it — across crashes and reconnects.
    const clientLoops = sockets.map(async (socket, i) => {
      while (posting) {
        const clientId = `crash-${i}-${sent++}`;
        const body = `Post ${clientId} — resiliencia ante caídas`;
        for (;;) {
          const ack = await ackOf<PostChangeDto>(socket, 'post:create', { questionId, clientId, body }, 2000);
          if (ack !== 'timeout' && ack.ok) {
            acked.set(clientId, ack.data.post.id);
            break;
          }
          await sleep(200);
        }
        await sleep(400);
      }
    });

    const restartTimes: number[] = [];
    for (let crash = 0; crash < 3; crash++) {
      await sleep(1500);
      const before = acked.size;
      app!.child.kill('SIGKILL');
      await new Promise((resolve) => app!.child.once('exit', resolve));
      const started = Date.now();
      app = await startAppProcess({ env: appEnv(), dataDir, bundle: true });
      restartTimes.push(Date.now() - started);
      await waitFor(() => acked.size > before + 20, 30_000);
    }
    posting = false;
    await Promise.all(clientLoops);
    process.stdout.write(`app restart times after kill -9 (ms): ${restartTimes.join(', ')}\n`);

    const stored = await fetchThread(agents[0], questionId);
    const ours = stored.filter((post) => post.clientId.startsWith('crash-'));
    const byClientId = new Map<string, string[]>();
    for (const post of ours)
      byClientId.set(post.clientId, [...(byClientId.get(post.clientId) ?? []), post.id]);
    expect(acked.size).toBeGreaterThan(60);
    for (const [clientId, postId] of acked) expect(byClientId.get(clientId)).toEqual([postId]);
    // Nothing stored that was never acknowledged (every attempt was retried until acked).
    expect(ours).toHaveLength(acked.size);
    const seqs = ours.map((post) => post.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const socket of sockets) socket.disconnect();
  });

  test('databaseOutageIsAnswered503ThenRecovers', async () => {
    const agent = new Agent(url);
    await agent.login(credentials.carlos.email, credentials.carlos.password);
    const socket = socketFor(url, agent.cookie!);
    await waitFor(() => socket.connected, 10_000);

    await stopChild(engine);
    const health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, db: { connected: false } });

    // Answered at all (ackOf gives up after 20 s with 'timeout'): the outage is reported, not waited out.
    const ack = await ackOf<PostChangeDto>(
      socket,
      'post:create',
      { questionId, clientId: 'outage-1', body: 'During the outage' },
      20_000,
    );
    expect(ack).not.toBe('timeout');
    expect(ack).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const page = await agent.request('GET', `/api/questions/${questionId}/posts?afterSeq=0&limit=10`);
    expect(page.status).toBe(503);
    expect(page.body).toMatchObject({ error: { code: 'unavailable' } });

    engine = await startEngine(enginePort, path.join(dataDir, 'db'));
    await waitFor(async () => (await fetch(`${url}/api/health`)).status === 200, 30_000, 250);
    const retried = await ackOf<PostChangeDto>(
      socket,
      'post:create',
      { questionId, clientId: 'outage-1', body: 'During the outage' },
      10_000,
    );
    expect(retried).toMatchObject({ ok: true, data: { post: { clientId: 'outage-1' } } });
    socket.disconnect();
  });
});
