/**
 * Several app processes on Redis (issue 14, reliability row 26), all real and on loopback: the engine CLI
 * standalone, a private redis-server and three app processes (A, B, C) as `npm start` runs them, sharing
 * MONGODB_URI, REDIS_URL and SESSION_SECRET.
 * - a post on A arrives on B and C; concurrent posts on A and B reach C in seq order (a client that sees a
 *   gap re-syncs from the database with `sync:since`, as the real client does);
 * - presence and typing cross processes;
 * - kill -9 of B while its clients post: they reconnect to another process (what a load balancer does) and
 *   miss nothing; every acknowledged post is stored exactly once;
 * - Redis restarted under load: broadcasts resume, clients catch up from the database;
 * - a login limit reached on A holds on B (and C).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import type { PostChangeDto, PresenceDto, SearchResponseDto, ThreadPageDto } from '@polos/shared';
import { engineNodeArgs } from '../../../server/src/db/engineBundle';
import { startAppProcess, type AppProcess } from '../../helpers/appProcess';
import { startRedis, freePort, type TestRedis } from '../../helpers/redis';
import { Agent } from '../../helpers/server';
import { waitFor } from '../../helpers/wait';
import { ackOf, call, connectWithCookie, openDiscussionQuestion, ThreadSeqs } from './clusterHarness';
import { parseDemoAccounts } from '../../e2e/demoAccounts';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startEngine(port: number, dataDir: string): Promise<ChildProcess> {
  const engineArgs = await engineNodeArgs();
  const child = spawn(
    process.execPath,
    [...engineArgs, '--host', '127.0.0.1', '--port', String(port), '--data', dataDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
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

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * A participant's connection as the real client keeps it, behind a load balancer that sends a reconnecting
 * client to any live process: on a lost connection it tries the next URL of `urls`. After every (re)connect it
 * re-joins, re-subscribes and re-syncs the thread from its seq cursor; a seq gap also triggers a re-sync. `seqs`
 * is the order in which it applied changes.
 */
class Participant {
  socket!: Socket;
  private readonly thread = new ThreadSeqs();

  /** The seqs in the order this client applied them. */
  get seqs(): readonly number[] {
    return this.thread.seqs;
  }
  readonly presence: PresenceDto[] = [];
  readonly typing: string[] = [];
  live = 0; // changes applied straight from a broadcast
  private syncing: Promise<void> | null = null;
  private again = false;
  private index: number;
  private closed = false;

  constructor(
    private readonly urls: string[],
    private readonly cookie: string,
    private readonly workspaceId: string,
    private readonly questionId: string,
    start: number,
  ) {
    this.index = start;
  }

  get url() {
    return this.urls[this.index];
  }

  async connect(): Promise<void> {
    this.open();
    await waitFor(() => this.socket.connected, { timeoutMs: 20_000, what: 'participant connected' });
    await this.rejoin();
  }

  private open(): void {
    const url = this.urls[this.index];
    const socket = connectWithCookie(url, this.cookie, { transports: ['websocket'], reconnection: false });
    this.socket = socket;
    socket.on('post:created', (change: PostChangeDto) => this.receive(change));
    socket.on('presence:updated', (list: PresenceDto) => this.presence.push(list));
    socket.on('typing:started', ({ userId }: { userId: string }) => this.typing.push(userId));
    const failover = () => {
      if (this.closed || this.socket !== socket) return;
      socket.removeAllListeners();
      socket.close();
      // The balancer's choice: the next process (the dead one refuses connections).
      this.index = (this.index + 1) % this.urls.length;
      setTimeout(() => {
        if (this.closed) return;
        this.open();
        this.socket.once('connect', () => void this.rejoin().catch(() => undefined));
      }, 100);
    };
    socket.on('disconnect', failover);
    socket.on('connect_error', failover);
  }

  private async rejoin(): Promise<void> {
    await call(this.socket, 'workspace:join', { workspaceId: this.workspaceId });
    await call(this.socket, 'question:subscribe', { questionId: this.questionId });
    await this.sync();
  }

  private receive(change: PostChangeDto): void {
    if (change.questionId !== this.questionId) return;
    // The next seq applies even while a sync runs (the sync skips what the cursor passed): under load a sync
    // started by a lost broadcast would otherwise keep restarting with every new broadcast and count none live.
    const outcome = this.thread.next(change.seq);
    if (outcome === 'applied') this.live += 1;
    else if (outcome === 'gap') void this.sync(); // something was broadcast out of order or lost
  }

  /** `sync:since` from the cursor until nothing is left (one at a time; a request during one runs after). */
  sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.again = false;
        const synced = await this.thread.sync(this.socket, this.questionId, 5000);
        if (!synced) return;
      } while (this.again);
    })().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  get lastSeq() {
    return this.thread.cursor;
  }

  close(): void {
    this.closed = true;
    this.socket.removeAllListeners();
    this.socket.close();
  }
}

/** Posts until acknowledged, retrying with the same clientId (the server stores it once). */
async function postUntilAcked(p: Participant, questionId: string, clientId: string): Promise<PostChangeDto> {
  let last = 'not connected';
  for (let attempt = 0; attempt < 200; attempt++) {
    if (p.socket.connected) {
      const ack = await ackOf<PostChangeDto>(
        p.socket,
        'post:create',
        { questionId, clientId, body: `Post ${clientId} — distritos competitivos` },
        2000,
      );
      if (ack !== 'timeout' && ack.ok) return ack.data;
      last = ack === 'timeout' ? ack : JSON.stringify(ack.error);
    }
    await sleep(100);
  }
  throw new Error(
    `post ${clientId} never acknowledged (last answer: ${last}; connected to ${p.url}: ${p.socket.connected})`,
  );
}

/** POST /api/auth/login from a given loopback source address (the limiter counts per address). */
function loginFrom(url: string, localAddress: string, email: string, password: string): Promise<number> {
  const target = new URL('/api/auth/login', url);
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          origin: url,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('several app processes on Redis', () => {
  let dataDir: string;
  let engine: ChildProcess | undefined;
  let redis: TestRedis | undefined;
  const apps: AppProcess[] = [];
  let credentials: Record<string, { email: string; password: string }>;
  let workspaceId: string;
  let blockId: string;
  let questionId: string;
  const cookies: Record<string, string> = {};
  const participants: Participant[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'polos-scale-'));
    const enginePort = await freePort();
    [engine, redis] = await Promise.all([startEngine(enginePort, path.join(dataDir, 'db')), startRedis()]);
    const env = {
      MONGODB_URI: `mongodb://127.0.0.1:${enginePort}/polos`,
      REDIS_URL: redis.url,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      PRESENCE_HEARTBEAT_MS: '200',
    };
    // A seeds the demo workspace; B and C start on the seeded database.
    apps.push(
      await startAppProcess({
        env: { ...env, DEMO: 'true' },
        dataDir: path.join(dataDir, 'a'),
        timeoutMs: 90_000,
        bundle: true,
      }),
    );
    apps.push(
      ...(await Promise.all(
        ['b', 'c'].map((n) =>
          startAppProcess({
            env: { ...env, DEMO: 'false' },
            dataDir: path.join(dataDir, n),
            timeoutMs: 90_000,
            bundle: true,
          }),
        ),
      )),
    );
    const accounts = parseDemoAccounts(apps[0].output());
    credentials = Object.fromEntries(accounts.map((a) => [a.email.split('@')[0], a]));
    // Signed in on A, used on B and C: sessions live in the shared database.
    for (const name of ['moderator', 'carlos', 'sophie']) {
      const agent = new Agent(apps[0].url);
      const session = await agent.login(credentials[name].email, credentials[name].password);
      cookies[name] = agent.cookie!;
      workspaceId = session.workspaces[0].id;
    }
    const moderator = connectWithCookie(apps[0].url, cookies.moderator, { transports: ['websocket'] });
    ({ blockId, questionId } = await openDiscussionQuestion(moderator, workspaceId, 'Scale-out drill'));
    moderator.close();
  });

  afterAll(async () => {
    for (const p of participants) p.close();
    await Promise.all(apps.map((app) => app.stop()));
    await redis?.stop();
    if (engine) await stopChild(engine);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const urls = () => apps.map((a) => a.url);
  const join = async (name: string, start: number) => {
    const p = new Participant(urls(), cookies[name], workspaceId, questionId, start);
    participants.push(p);
    await p.connect();
    return p;
  };

  async function storedSeqs(): Promise<{ seqs: number[]; clientIds: string[] }> {
    const agent = new Agent(apps[0].url);
    agent.cookie = cookies.moderator;
    const posts: ThreadPageDto['posts'] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await agent.request<ThreadPageDto>(
        'GET',
        `/api/questions/${questionId}/posts?afterSeq=${afterSeq}&limit=200`,
      );
      expect(page.status).toBe(200);
      posts.push(...page.body.posts);
      if (page.body.nextAfterSeq === null) break;
      afterSeq = page.body.nextAfterSeq;
    }
    return { seqs: posts.map((p) => p.seq), clientIds: posts.map((p) => p.clientId ?? '') };
  }

  test('postsOnAAndBReachEveryProcessInSeqOrder', async () => {
    const onA = await join('carlos', 0);
    const onB = await join('sophie', 1);
    const onC = await join('carlos', 2);
    // Concurrent posts through A and B: seq comes from the database counter; C applies them in seq order.
    await Promise.all(
      [onA, onB].map(async (p, i) => {
        for (let n = 0; n < 10; n++) await postUntilAcked(p, questionId, `order-${i}-${n}`);
      }),
    );
    const { seqs } = await storedSeqs();
    expect(seqs).toHaveLength(20);
    for (const p of [onA, onB, onC]) {
      await waitFor(() => p.lastSeq === seqs[seqs.length - 1], { what: 'every change applied' });
      expect(p.seqs).toEqual(seqs); // in seq order, none twice, none missing
    }
    // Most arrive live across processes (a re-sync only fills gaps).
    expect(onC.live).toBeGreaterThan(0);
  });

  // Issue 14: a post's search entry is written before its ack, so a search answered by ANY process finds it at
  // once (the barrier of one process, waiting for its own index writes, cannot see another process's writes).
  test('aPostAcknowledgedOnAIsFindableAtOnceBySearchOnAnotherProcess', async () => {
    const onA = await join('carlos', 0);
    const searchOnC = new Agent(apps[2].url);
    searchOnC.cookie = cookies.sophie;
    const find = async (word: string) => {
      const res = await searchOnC.request<SearchResponseDto>(
        'GET',
        `/api/workspaces/${workspaceId}/search?q=${word}&type=post`,
      );
      expect(res.status).toBe(200);
      return res.body.results.map((r) => r.id);
    };
    const letters = () => Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('');
    // A posts before anyone searched (A has not seen the workspace indexed), then C builds the index.
    const first = `findable${letters()}`;
    const firstPost = await postUntilAcked(onA, questionId, first);
    expect(await find(first)).toEqual([firstPost.post.id]);
    // Now, with C's index built: every post acknowledged by A is found by C's very next search.
    for (let n = 0; n < 5; n++) {
      const word = `findable${letters()}`;
      const acked = await postUntilAcked(onA, questionId, word);
      expect(await find(word)).toEqual([acked.post.id]);
    }
  });

  test('presenceAndTypingCrossProcesses', async () => {
    const carlosOnB = new Participant(urls(), cookies.carlos, workspaceId, questionId, 1);
    const sophieOnC = new Participant(urls(), cookies.sophie, workspaceId, questionId, 2);
    participants.push(carlosOnB, sophieOnC);
    await Promise.all([carlosOnB.connect(), sophieOnC.connect()]);
    await call(carlosOnB.socket, 'block:join', { blockId });
    const list = await call<PresenceDto>(sophieOnC.socket, 'block:join', { blockId });
    const names = (l: PresenceDto) => l.users.map((u) => u.name).sort();
    // C's answer lists B's user; B hears C's user arrive.
    expect(list.users).toHaveLength(2);
    await waitFor(() => carlosOnB.presence.some((l) => l.users.length === 2), { what: 'presence on B' });
    expect(names(carlosOnB.presence[carlosOnB.presence.length - 1])).toEqual(names(list));

    await call(carlosOnB.socket, 'typing:start', { questionId });
    await waitFor(() => sophieOnC.typing.length > 0, { what: 'typing on C' });

    // C's user leaves; B hears it. (A dead process's entries: next test.)
    await call(sophieOnC.socket, 'block:leave', { blockId });
    await waitFor(() => carlosOnB.presence[carlosOnB.presence.length - 1]?.users.length === 1, {
      what: 'leave on B',
    });
  });

  test('kill9OfOneProcessWhileItsClientsPostLosesNothing', async () => {
    const posters = await Promise.all([join('carlos', 1), join('sophie', 1), join('carlos', 0)]);
    const observer = await join('sophie', 2);
    // Someone on C is present in the block, someone on B too: B's entry must go when B dies.
    await call(observer.socket, 'block:join', { blockId });
    await call(posters[0].socket, 'block:join', { blockId });
    await waitFor(() => observer.presence.some((l) => l.users.length === 2), { what: 'both present' });

    const acked = new Set<string>();
    let posting = true;
    const loops = posters.map(async (p, i) => {
      for (let n = 0; posting; n++) {
        const clientId = `kill-${i}-${n}`;
        await postUntilAcked(p, questionId, clientId);
        acked.add(clientId);
      }
    });
    await waitFor(() => acked.size >= 10, { timeoutMs: 20_000, what: 'posts before the crash' });
    const b = apps[1];
    b.child.kill('SIGKILL');
    await new Promise((resolve) => b.child.once('exit', resolve));
    const before = acked.size;
    await waitFor(() => acked.size >= before + 15, { timeoutMs: 30_000, what: 'posts after the crash' });
    posting = false;
    await Promise.all(loops);

    // B's clients moved to C (the next live process).
    expect(posters[0].url).not.toBe(b.url);
    const { seqs, clientIds } = await storedSeqs();
    for (const clientId of acked) expect(clientIds.filter((c) => c === clientId)).toHaveLength(1);
    for (const p of [...posters, observer]) {
      // sync:since holds back at a seq hole younger than 5 s (a write of the killed process may still land), so a
      // client that asked too early asks again, as after any partial answer.
      await waitFor(
        async () => {
          await p.sync();
          return p.lastSeq === seqs[seqs.length - 1];
        },
        { timeoutMs: 30_000, intervalMs: 500, what: 'caught up' },
      );
      expect(p.seqs).toEqual(seqs); // nothing missed, nothing twice, in seq order
    }
    // B's presence entries expired with its heartbeat; the survivors heard it.
    await waitFor(() => observer.presence.some((l) => l.users.length === 1), {
      timeoutMs: 10_000,
      what: "the dead process's presence swept",
    });
  });

  // Row 26. The restarted Redis is empty and, as after a failover to a server whose clock is behind, its new
  // stream IDs sort before the offsets the adapters' readers had reached (pushed an hour ahead here by an entry
  // every process reads); the readers must notice after reconnecting and read the new stream from its start.
  test('redisRestartUnderLoadResumesBroadcastsAndClientsCatchUp', async () => {
    const onA = await join('carlos', 0);
    const onC = await join('sophie', 2);
    const acked = new Set<string>();
    let posting = true;
    const loop = (async () => {
      for (let n = 0; posting; n++) {
        const clientId = `redis-restart-${n}`;
        await postUntilAcked(onA, questionId, clientId);
        acked.add(clientId);
      }
    })();
    await waitFor(() => acked.size >= 3, { timeoutMs: 30_000, what: 'posts before the restart' });
    const marker = `offset-${Date.now()}`;
    const ahead = { uid: 'test', nsp: '/', type: '3' }; // BROADCAST to every socket, from no adapter's uid
    const data = { packet: { type: 2, nsp: '/', data: ['typing:started', { userId: marker }] } };
    execFileSync('redis-cli', [
      ...['-p', String(redis!.port), 'XADD', 'polos:socket.io', `${Date.now() + 3_600_000}-0`],
      ...Object.entries(ahead).flat(),
      ...['data', JSON.stringify({ ...data, opts: { rooms: [], except: [], flags: {} } })],
    ]);
    await waitFor(() => onA.typing.includes(marker) && onC.typing.includes(marker), {
      what: "every process's reader past the far entry",
    });
    await redis!.restart();
    const liveBefore = onC.live;
    const before = acked.size;
    await waitFor(() => acked.size >= before + 5, { timeoutMs: 30_000, what: 'posts after the restart' });
    // Broadcasts resume: C receives A's posts live again (not only by re-sync).
    await waitFor(() => onC.live > liveBefore, {
      timeoutMs: 15_000,
      what: 'live broadcasts after the restart',
    });
    posting = false;
    await loop;
    const { seqs } = await storedSeqs();
    await onC.sync();
    await waitFor(() => onC.lastSeq === seqs[seqs.length - 1], { what: 'C caught up' });
    expect(onC.seqs).toEqual(seqs);
  });

  test('aLoginLimitReachedOnAHoldsOnAnotherProcess', async () => {
    // A source address of its own, so the other tests' sign-ins are not counted with it.
    const address = '127.0.0.77';
    const email = `nobody-${Date.now()}@example.org`;
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push(await loginFrom(apps[0].url, address, email, 'wrong password!'));
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(await loginFrom(apps[2].url, address, `${email}.other`, 'wrong password!')).toBe(429);
    // The account count too: another address, same account, on C.
    for (let i = 0; i < 10; i++) await loginFrom(apps[0].url, '127.0.0.78', email, 'wrong password!');
    expect(await loginFrom(apps[2].url, '127.0.0.79', email, 'wrong password!')).toBe(429);
  });
});
