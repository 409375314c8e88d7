/**
 * @jest-environment node
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '@polos/shared';
import { Outbox } from '../../client/src/realtime/outbox';
import { waitFor } from '../helpers/wait';

/**
 * The client's outbox (issue 15.11) against a real Socket.IO server: commands issued offline wait and go out on
 * connect with at most 4 in flight, one question's posts one after the other and in order, a post cut off by a
 * disconnect is sent again with the same clientId, and the server (idempotent on clientId, like Polos') stores
 * each once. The server holds its acks until the test releases them, so "in flight" is counted, not timed.
 *
 * (Node environment: the client is socket.io-client's Node build over a real loopback connection.)
 */

interface Received {
  questionId: string;
  clientId: string;
  body: string;
}

let http: HttpServer;
let ioServer: Server;
let url = '';
/** Posts stored by (clientId), in the order they were stored. */
let stored: Received[] = [];
/** Acks the server holds back, in arrival order. */
let held: Array<{ post: Received; ack: (response: Ack<unknown>) => void }> = [];
let maxHeld = 0;
let arrivals: string[] = [];
/** When set, the server drops the connection instead of acking this clientId (after storing it). */
let cutOff: string | null = null;

beforeAll(async () => {
  http = createServer();
  ioServer = new Server(http);
  ioServer.on('connection', (socket) => {
    socket.on('post:create', (payload: Received, ack: (response: Ack<unknown>) => void) => {
      arrivals.push(payload.clientId);
      if (payload.body === 'refuse') {
        ack({ ok: false, error: { code: 'conflict', message: 'This question is not open' } });
        return;
      }
      if (!stored.some((p) => p.clientId === payload.clientId)) stored.push(payload);
      if (cutOff === payload.clientId) {
        cutOff = null;
        socket.conn.close(); // stored, but the ack never leaves (the connection drops, the client reconnects)
        return;
      }
      held.push({ post: payload, ack });
      maxHeld = Math.max(maxHeld, held.length);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await ioServer.close();
});

let client: Socket;
let outbox: Outbox;

beforeEach(() => {
  stored = [];
  held = [];
  maxHeld = 0;
  arrivals = [];
  cutOff = null;
  client = io(url, {
    autoConnect: false,
    transports: ['websocket'],
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
  });
  outbox = new Outbox(client, { maxInFlight: 4, timeoutMs: 10_000 });
});

afterEach(() => {
  outbox.dispose();
  client.close();
});

/** Polls until `check` is true (bounded; no assertion on time). */
const until = (check: () => boolean, what: string): Promise<boolean> =>
  waitFor(check, { timeoutMs: 5000, intervalMs: 10, what });

/** Acks every held command (as stored) and returns how many. */
function releaseAll(): number {
  const batch = held;
  held = [];
  for (const { post, ack } of batch) ack({ ok: true, data: { clientId: post.clientId } });
  return batch.length;
}

const post = (questionId: string, n: number) => ({
  questionId,
  clientId: `${questionId}-${n}`.padEnd(32, '0'),
  body: `post ${n} in ${questionId}`,
});

test('commandsIssuedOfflineGoOutOnConnectWithAtMostFourInFlight', async () => {
  // Ten posts in ten questions (no ordering constraint between them) while offline.
  const acks = Array.from({ length: 10 }, (_, i) =>
    outbox.send('post:create', post(`q${i}`, 1), { key: `q${i}`, id: post(`q${i}`, 1).clientId }),
  );
  expect(outbox.size).toBe(10);
  expect(arrivals).toEqual([]);

  client.connect();
  await until(() => held.length === 4, '4 commands in flight');
  expect(outbox.inFlight).toBe(4);
  // Releasing them lets the next ones out, never more than 4 at a time.
  while (stored.length < 10 || held.length > 0) {
    await until(() => held.length > 0, 'the next commands');
    releaseAll();
    await until(() => held.length > 0 || stored.length === 10, 'progress');
  }
  const results = await Promise.all(acks);
  expect(results.every((r) => r.ok)).toBe(true);
  expect(maxHeld).toBe(4);
  expect(stored).toHaveLength(10);
  expect(outbox.size).toBe(0);
});

test('oneQuestionsPostsGoOneAfterTheOtherInTheOrderTheyWereWritten', async () => {
  const posts = [1, 2, 3].map((n) => post('qa', n));
  const acks = posts.map((p) => outbox.send('post:create', p, { key: 'qa', id: p.clientId }));
  client.connect();
  for (let i = 0; i < posts.length; i++) {
    await until(() => held.length === 1, `post ${i + 1}`);
    expect(held[0].post.clientId).toBe(posts[i].clientId);
    releaseAll();
  }
  await Promise.all(acks);
  expect(stored.map((p) => p.body)).toEqual(posts.map((p) => p.body));
  expect(maxHeld).toBe(1);
});

test('aPostCutOffByADisconnectIsSentAgainWithItsClientIdAndStoredOnce', async () => {
  client.connect();
  await until(() => client.connected, 'connect');
  const first = post('qb', 1);
  cutOff = first.clientId;
  const ack = outbox.send('post:create', first, { key: 'qb', id: first.clientId });
  // The server stored it and dropped the connection; the client reconnects by itself and sends it again.
  await until(() => held.length === 1, 'the second attempt');
  expect(arrivals).toEqual([first.clientId, first.clientId]);
  releaseAll();
  expect(await ack).toMatchObject({ ok: true });
  expect(stored.filter((p) => p.clientId === first.clientId)).toHaveLength(1);
});

test('theSameCommandQueuedTwiceIsSentOnceAndBothCallersGetTheAck', async () => {
  const p = post('qc', 1);
  const a = outbox.send('post:create', p, { key: 'qc', id: p.clientId });
  const b = outbox.send('post:create', p, { key: 'qc', id: p.clientId });
  expect(outbox.size).toBe(1);
  client.connect();
  await until(() => held.length === 1, 'the post');
  releaseAll();
  expect(await a).toEqual(await b);
  expect(arrivals).toEqual([p.clientId]);
});

test('aServerErrorEndsTheCommandWithThatAck', async () => {
  const p = { ...post('qd', 1), body: 'refuse' };
  const ack = outbox.send('post:create', p, { key: 'qd', id: p.clientId });
  client.connect();
  expect(await ack).toMatchObject({ ok: false, error: { code: 'conflict' } });
  expect(outbox.size).toBe(0);
  expect(stored).toEqual([]);
});
