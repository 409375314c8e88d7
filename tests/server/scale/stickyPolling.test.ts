/**
 * `INSTANCES=2` with long-polling clients (issue 14.4): the real cluster primary (scripts/cluster.mjs, the engine
 * standalone and a private redis-server) and two workers. Clients that never upgrade (`transports: ['polling']`:
 * every request of a session is a new HTTP request through the primary, keep-alive off) connect, post and receive
 * every post; none gets "Session ID unknown" (HTTP 400), which is what a request routed to the wrong worker gets.
 * Routing is stateless (the session id names its worker), so a session's first follow-up request cannot race the
 * primary's IPC bookkeeping; both workers serve clients.
 */
import type { Socket } from 'socket.io-client';
import type { PostChangeDto } from '@polos/shared';
import { redisServerAvailable } from '../../helpers/redis';
import { waitFor } from '../../helpers/wait';
import {
  call as callWithin,
  connectWithCookie,
  openDiscussionQuestion,
  signInDemoModerator,
  startCluster,
  type TestCluster,
} from './clusterHarness';

jest.setTimeout(180_000);

const CLIENTS = 12;
/** Clients whose handshakes are sent at the same moment. */
const WAVE = 4;
const POSTS_PER_CLIENT = 2;

/** Commands wait up to 20 s for their ack (a polling round trip goes through the primary). */
const COMMAND_TIMEOUT_MS = 20_000;
const call = <T>(socket: Socket, event: string, payload: unknown): Promise<T> =>
  callWithin<T>(socket, event, payload, COMMAND_TIMEOUT_MS);

const describeWithRedis = redisServerAvailable() ? describe : describe.skip;

describeWithRedis('INSTANCES=2 with long-polling clients', () => {
  let cluster: TestCluster | undefined;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ dataDirPrefix: 'polos-sticky-', logLevel: 'warn' });
  });

  afterAll(async () => {
    for (const socket of sockets) {
      socket.removeAllListeners();
      socket.close();
    }
    await cluster?.stop();
  });

  test('pollingClientsAreNeverMisroutedAndReceiveEveryPost', async () => {
    const url = cluster!.url;
    const { cookie, workspaceId } = await signInDemoModerator(url, cluster!.output());
    const open = (transports: string[]) => {
      const socket = connectWithCookie(url, cookie, { transports, reconnection: false });
      sockets.push(socket);
      return socket;
    };
    const moderator = open(['polling']);
    const { questionId } = await openDiscussionQuestion(
      moderator,
      workspaceId,
      'Long-polling drill',
      COMMAND_TIMEOUT_MS,
    );

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
