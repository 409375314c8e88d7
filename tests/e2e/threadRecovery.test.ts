import type { BrowserContext, Page } from 'playwright-core';
import { io as ioClient } from 'socket.io-client';
import {
  SESSION_COOKIE,
  type PostChangeDto,
  type PostDto,
  type SyncSinceResult,
  type ThreadPageDto,
} from '@polos/shared';
import {
  command,
  connectSocket,
  newClientId,
  sleep,
  signIn as signInAgent,
  TEST_PASSWORD,
  waitFor,
  type Agent,
  type TestSocket,
} from '../helpers/server';
import { signIn } from '../helpers/browser';
import { useInProcessServer } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

jest.setTimeout(60_000);

/**
 * Reliability row 9 — recovery edge cases — with the real client (the built app in Chromium: `useThread`,
 * `threadState`, the app's one socket) against the real server (`createServer`, in this process so that the test
 * can watch its sockets and shorten Socket.IO's heartbeat).
 *
 * Socket.IO's connection-state recovery is off in Polos: every reconnection is a new Socket.IO session, never
 * "recovered" (checked on the server for each of the browser's connections, in the CONNECT packets the page
 * received, and on a Node socket.io-client), and the client converges by asking `sync:since` for the changes after
 * its last seq. Each case compares the page with the database as REST (and `sync:since` from 0) shows it to the
 * same participant — never with a hard-coded list.
 *
 * How the page loses its connection:
 * - `context.setOffline(true)`: Chromium fires `offline`, on which engine.io-client closes its connection at once
 *   (the app runs on 127.0.0.1, not `localhost`, where that listener is skipped) and new requests fail.
 * - a "quiet" partition: the WebSocket stays open but every frame is dropped both ways and new connections are
 *   refused, as when a network path dies silently. Neither side is told; both find out by the heartbeat only.
 *   The heartbeat is shortened to 1 s + 2 s here (Socket.IO's defaults are 25 s + 20 s) so that the quiet period
 *   outlasts it — and any recovery window — within seconds. Broadcasts sent into the dead socket are lost.
 */

const PING_INTERVAL_MS = 1000;
const PING_TIMEOUT_MS = 2000;
const DELETED = 'This post was deleted.';
const HIDDEN = 'Hidden by a moderator.';

/** One post as the page shows it, or as the database says the page should show it. */
interface ShownPost {
  id: string;
  seq: number;
  /** The body's text, or the tombstone. */
  text: string;
  edited: boolean;
  reactions: number;
}

/** One Socket.IO connection of the browser's user, as the server saw it. */
interface ServerConnection {
  id: string;
  recovered: boolean;
  transport: string;
  events: string[];
  disconnectReason: string | null;
}

describe('thread recovery edge cases in a real browser (reliability row 9)', () => {
  const e2e = useInProcessServer({
    // New engine.io sessions read these (and tell the client in their handshake).
    beforeListen: (server) => {
      server.io.engine.opts.pingInterval = PING_INTERVAL_MS;
      server.io.engine.opts.pingTimeout = PING_TIMEOUT_MS;
    },
  });
  let questionId = '';
  let other: TestSocket;
  let reader: Agent;
  let context: BrowserContext;
  let page: Page;
  /** While true the page's network path is silently dead (see above). */
  let quiet = false;
  const connections: ServerConnection[] = [];
  /** Socket.IO CONNECT packets the page received (over long-polling, before the upgrade). */
  const connectPackets: string[] = [];

  // — the database's view —

  const toShown = (post: PostDto): ShownPost => ({
    id: post.id,
    seq: post.seq,
    text: post.deleted ? DELETED : post.hidden && !post.body ? HIDDEN : post.body,
    edited: post.editedAt !== null && !post.deleted,
    reactions: post.deleted ? 0 : Object.values(post.reactions).reduce((n, users) => n + users.length, 0),
  });

  /** The thread as the database shows it to the page's user (REST), checked against `sync:since` from 0. */
  const databaseView = async (): Promise<ShownPost[]> => {
    const posts: PostDto[] = [];
    let afterSeq = 0;
    for (;;) {
      const res = await reader.request<ThreadPageDto>(
        'GET',
        `/api/questions/${questionId}/posts?afterSeq=${afterSeq}&limit=200`,
      );
      expect(res.status).toBe(200);
      posts.push(...res.body.posts);
      if (res.body.nextAfterSeq === null) break;
      afterSeq = res.body.nextAfterSeq;
    }
    // The change log replayed from the start gives the same posts (the other user is a participant too).
    const replayed = new Map<string, PostDto>();
    let since = 0;
    for (;;) {
      const result = await command<SyncSinceResult>(other, 'sync:since', { [questionId]: since });
      const page = result[questionId];
      for (const change of page.changes) replayed.set(change.post.id, change.post);
      if (!page.hasMore || page.changes.length === 0) break;
      since = page.changes[page.changes.length - 1].seq;
    }
    expect([...replayed.values()].map(toShown).sort((a, b) => a.seq - b.seq)).toEqual(posts.map(toShown));
    return posts.map(toShown);
  };

  // — the page's view —

  /**
   * Every post row of the page's thread, scrolling the virtual list from top to bottom (only rows near the
   * viewport are mounted), then back to the end. Pending (unacknowledged) rows are returned apart.
   */
  const pageView = async (): Promise<{ posts: ShownPost[]; pending: number }> => {
    const read = await page.locator('.thread').evaluate(async (thread) => {
      const frame = () =>
        new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const rows = new Map<string, ShownPost & { mounted: number }>();
      const pending = new Set<Element>();
      const collect = () => {
        for (const el of thread.querySelectorAll('article.post')) {
          if (el.classList.contains('pending')) {
            pending.add(el);
            continue;
          }
          const id = el.getAttribute('data-post-id') ?? '';
          const tombstone = el.querySelector('.post-body .tombstone');
          const body = el.querySelector<HTMLElement>('.post-body');
          const meta = el.querySelector('.post-meta')?.textContent ?? '';
          const reactions = [...el.querySelectorAll('.reactions button')]
            .map((b) => Number(/: (\d+)$/.exec(b.getAttribute('aria-label') ?? '')?.[1] ?? 0))
            .reduce((n, c) => n + c, 0);
          const shown = {
            id,
            seq: Number(el.getAttribute('data-seq')),
            text: (tombstone?.textContent ?? body?.innerText ?? '').trim(),
            edited: /·\s*edited/.test(meta),
            reactions,
          };
          const previous = rows.get(id);
          // The same id mounted twice at once would be a duplicate row.
          const mountedNow = [...thread.querySelectorAll(`article.post[data-post-id="${id}"]`)].length;
          rows.set(id, { ...shown, mounted: Math.max(previous?.mounted ?? 0, mountedNow) });
        }
      };
      const list = thread.querySelector<HTMLElement>('.vlist');
      if (!list) {
        collect();
      } else {
        list.scrollTop = 0;
        list.dispatchEvent(new Event('scroll'));
        await frame();
        for (let guard = 0; guard < 500; guard++) {
          collect();
          if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
          list.scrollTop += Math.max(50, Math.floor(list.clientHeight / 2));
          list.dispatchEvent(new Event('scroll'));
          await frame();
        }
        list.scrollTop = list.scrollHeight;
        list.dispatchEvent(new Event('scroll'));
      }
      return { rows: [...rows.values()], pending: pending.size };
    });
    for (const row of read.rows)
      expect({ id: row.id, mounted: row.mounted }).toEqual({ id: row.id, mounted: 1 });
    return {
      posts: read.rows
        .map(({ id, seq, text, edited, reactions }) => ({ id, seq, text, edited, reactions }))
        .sort((a, b) => a.seq - b.seq),
      pending: read.pending,
    };
  };

  /** Waits until the page shows exactly the database's thread: same posts, states and seqs; nothing pending. */
  const expectConverged = async (timeoutMs = 15_000): Promise<ShownPost[]> => {
    const expected = await databaseView();
    await eventually(
      () => pageView(),
      (view) => expect({ posts: view.posts, pending: view.pending }).toEqual({ posts: expected, pending: 0 }),
      timeoutMs,
    );
    return expected;
  };

  const threadHas = (text: string) =>
    page
      .locator('.thread article.post', { hasText: text })
      .count()
      .then((n) => n > 0);

  // — the other users —

  const post = async (body: string, parentId: string | null = null): Promise<string> =>
    (
      await command<PostChangeDto>(other, 'post:create', {
        questionId,
        clientId: newClientId(),
        body,
        parentId,
      })
    ).post.id;
  const edit = (postId: string, body: string) => command(other, 'post:edit', { postId, body });
  const remove = (postId: string) => command(other, 'post:delete', { postId });
  const react = (postId: string) => command(other, 'reaction:add', { postId, reaction: 'lightbulb' });
  const hide = (postId: string) => command(e2e.moderator, 'post:hide', { postId });

  // — the page's connection —

  const current = () => connections[connections.length - 1];
  const banner = () => page.getByText('Connection lost — reconnecting…');
  /**
   * Resolves once a connection newer than the first `after` ones is up and the page has started using it (its
   * first command reached the server: the client is re-joining and catching up).
   */
  const reconnected = (after: number) =>
    waitFor(
      () => connections.length > after && current().disconnectReason === null && current().events.length > 0,
      20_000,
      10,
    );

  beforeAll(async () => {
    const { server, url, world } = e2e;
    server.io.on('connection', (socket) => {
      if (socket.data.userId !== world.users.participant.id) return;
      const record: ServerConnection = {
        id: socket.id,
        recovered: socket.recovered,
        transport: socket.conn.transport.name,
        events: [],
        disconnectReason: null,
      };
      connections.push(record);
      socket.conn.on('upgrade', () => (record.transport = socket.conn.transport.name));
      socket.onAny((event: string) => record.events.push(event));
      socket.on('disconnect', (reason) => (record.disconnectReason = reason));
    });

    questionId = world.questionIds[0][0];
    other = await connectSocket(url, (await signInAgent(url, world.users.participant2.email)).cookie);
    reader = await signInAgent(url, world.users.participant.email);

    context = await e2e.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    // The quiet partition: frames are dropped both ways, closes are not passed on, new connections fail.
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (quiet) {
        void ws.close();
        return;
      }
      const toServer = ws.connectToServer();
      ws.onMessage((message) => {
        if (!quiet) toServer.send(message);
      });
      toServer.onMessage((message) => {
        if (!quiet) ws.send(message);
      });
      ws.onClose(() => {
        if (!quiet) void toServer.close();
      });
      toServer.onClose(() => {
        if (!quiet) void ws.close();
      });
    });
    await context.route(/\/socket\.io\//, (route) =>
      quiet ? route.abort('connectionfailed') : route.continue(),
    );
    page = await e2e.openInContext(context);
    page.on('response', (response) => {
      if (!response.url().includes('/socket.io/') || response.request().method() !== 'GET') return;
      void response.text().then(
        (text) => {
          for (const packet of text.split('\x1e')) if (packet.startsWith('40')) connectPackets.push(packet);
        },
        () => undefined,
      );
    });

    // A thread with some history before the page opens, and a post while it is open.
    const first = await post('Opening remarks about shared export services');
    await post('Logistics is where we cooperate most', first);
    await signIn(page, url, world.users.participant.email, TEST_PASSWORD);
    await page.waitForURL(/\/b\/[a-f0-9]{24}$/, { timeout: 15_000 });
    await page.getByRole('textbox', { name: 'Your post (Markdown)' }).waitFor();
    await post('Training programmes for small suppliers');
    await page.locator('.thread article.post', { hasText: 'Training programmes' }).waitFor();
    await expectConverged();
    await waitFor(() => current()?.transport === 'websocket', 10_000);
  });

  // A case that fails midway must not leave the next one partitioned or offline.
  afterEach(async () => {
    quiet = false;
    await context?.setOffline(false);
  });

  afterAll(() => {
    other?.close();
  });

  test('reconnectWithZeroEventsLeavesTheThreadUnchangedAndLive', async () => {
    await e2e.artifacts('recovery-zero-events', async () => {
      const before = await expectConverged();
      const seqBefore = before[before.length - 1].seq;
      const n = connections.length;
      await context.setOffline(true);
      await banner().waitFor({ timeout: 5000 });
      await waitFor(() => connections[n - 1].disconnectReason !== null, 5000);
      await context.setOffline(false);
      await reconnected(n);
      await banner().waitFor({ state: 'detached', timeout: 10_000 });
      expect(current().recovered).toBe(false);

      // Nothing happened meanwhile: the same thread, nothing doubled, and no change stored.
      const after = await expectConverged();
      expect(after).toEqual(before);
      // Still live: a new post by someone else appears once, by broadcast.
      await post('Still here after a reconnect with nothing missed');
      await page
        .locator('.thread article.post', { hasText: 'Still here after a reconnect' })
        .waitFor({ timeout: 5000 });
      const view = await expectConverged();
      expect(view).toHaveLength(before.length + 1);
      expect(view[view.length - 1].seq).toBe(seqBefore + 1);
    });
  });

  test('quietSocketPastThePingTimeoutConvergesToTheDatabase', async () => {
    await e2e.artifacts('recovery-quiet-socket', async () => {
      const [opening, , training] = (await databaseView()).map((p) => p.id);
      const n = connections.length;
      // The partition is cut on the WebSocket (long-polling requests would fail loudly, not quietly).
      await waitFor(() => current().transport === 'websocket', 5000);
      const quietConnection = current();
      quiet = true;
      const quietSince = Date.now();

      // While the server still holds the dead socket: these broadcasts go into it and are lost.
      const q1 = await post('Quiet 1 made while the link was silently dead');
      await edit(training, 'Training programmes for small suppliers and their staff');
      await post('Quiet 2 a reply nobody on that page heard', q1);
      const q3 = await post('Quiet 3 soon to be taken back');
      await remove(q3);
      await react(opening);
      // The server gives up on the silent socket only through the heartbeat.
      await waitFor(() => quietConnection.disconnectReason !== null, 10_000);
      // The reason says it was the heartbeat. No lower bound on the time: a ping sent just before the cut
      // times out less than PING_TIMEOUT_MS after it, and CI machines stretch any timing.
      expect(quietConnection.disconnectReason).toBe('ping timeout');
      // The page finds out the same way.
      await banner().waitFor({ timeout: 10_000 });
      expect(await threadHas('Quiet 1')).toBe(false);

      // Past the timeout, with no connection at all: more changes, including moderation.
      const q4 = await post('Quiet 4 posted after the server dropped the page');
      await edit(q1, 'Quiet 1 made while the link was silently dead, then edited');
      await hide(q4);
      await remove(training);
      // Quiet for longer than a whole heartbeat (interval + timeout) before the path heals.
      await sleep(Math.max(0, quietSince + PING_INTERVAL_MS + PING_TIMEOUT_MS + 500 - Date.now()));

      quiet = false;
      await reconnected(n);
      expect(current().recovered).toBe(false);
      await banner().waitFor({ state: 'detached', timeout: 10_000 });
      const view = await expectConverged();
      expect(view.find((p) => p.id === q4)?.text).toBe(HIDDEN);
      expect(view.find((p) => p.id === training)?.text).toBe(DELETED);
      expect(view.find((p) => p.id === q1)?.edited).toBe(true);

      // Live again.
      await post('Quiet 5 after the link came back');
      await page.locator('.thread article.post', { hasText: 'Quiet 5' }).waitFor({ timeout: 5000 });
      await expectConverged();
    });
  });

  test('secondDisconnectRightAfterTheFirstRecoveryConvergesAgain', async () => {
    await e2e.artifacts('recovery-second-disconnect', async () => {
      const n = connections.length;
      // First gap: offline while posts, a reply and an edit are made.
      await context.setOffline(true);
      await banner().waitFor({ timeout: 5000 });
      const g1 = await post('Gap 1 first post');
      await post('Gap 1 reply', g1);
      await post('Gap 1 second post');
      await edit(g1, 'Gap 1 first post, edited in the gap');
      await context.setOffline(false);

      // The moment the page is back and catching up, the second gap starts.
      await reconnected(n);
      await waitFor(() => current().events.includes('question:subscribe'), 2000).catch(() => undefined);
      await context.setOffline(true);
      const m = connections.length;
      await waitFor(() => connections[m - 1].disconnectReason !== null, 5000);
      const g2 = await post('Gap 2 first post');
      await post('Gap 2 reply', g1);
      await remove(g1);
      await react(g2);
      await post('Gap 2 third post');
      await context.setOffline(false);
      await reconnected(m);
      await banner().waitFor({ state: 'detached', timeout: 10_000 });
      const view = await expectConverged();
      expect(view.find((p) => p.id === g1)?.text).toBe(DELETED);

      // …and once more live.
      await post('Gap 2 over: live again');
      await page.locator('.thread article.post', { hasText: 'live again' }).waitFor({ timeout: 5000 });
      await expectConverged();
    });
  });

  test('noConnectionWasRecoveredBySocketIoAndThePageStayedClean', async () => {
    // Connection-state recovery is off: each reconnection of the page was a new Socket.IO session, and the
    // thread converged through `sync:since` alone.
    expect(connections.length).toBeGreaterThanOrEqual(5);
    expect(new Set(connections.map((c) => c.id)).size).toBe(connections.length);
    for (const connection of connections) expect(connection.recovered).toBe(false);
    // What the page's Socket.IO client was told: a CONNECT packet without `pid` for each of these sessions, on
    // which socket.io-client sets `socket.recovered = pid && …` — not recovered.
    const told = connectPackets.map((packet) => JSON.parse(packet.slice(2)) as { sid: string; pid?: string });
    expect(told.map((t) => t.sid).sort()).toEqual(connections.map((c) => c.id).sort());
    expect(told.filter((t) => t.pid !== undefined)).toEqual([]);
    // The same library in Node reports it on its socket after a reconnection.
    const probe = ioClient(e2e.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: `${SESSION_COOKIE}=${reader.cookie}` },
      forceNew: true,
      reconnectionDelay: 50,
      randomizationFactor: 0,
    });
    try {
      await new Promise((resolve) => probe.once('connect', () => resolve(undefined)));
      const firstId = probe.id;
      probe.io.engine.close();
      await new Promise((resolve) => probe.once('connect', () => resolve(undefined)));
      expect(probe.id).not.toBe(firstId);
      expect(probe.recovered).toBeFalsy();
    } finally {
      probe.close();
    }

    const problems = e2e.pages[0].consoleLog
      .filter((line) => /^\[(pageerror|error)\]/.test(line) || /Content Security Policy/i.test(line))
      // Requests cut on purpose: offline emulation and the quiet partition.
      .filter((line) => !/net::ERR_|WebSocket connection to|Failed to load resource/.test(line));
    expect(problems).toEqual([]);
  });
});
