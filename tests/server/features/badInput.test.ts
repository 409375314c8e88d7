import fc from 'fast-check';
import mongoose from 'mongoose';
import { CLIENT_EVENTS, MAX_POST_BODY_LENGTH, type Ack } from '@polos/shared';
import {
  buildWorld,
  command,
  connectSocket,
  emitAck,
  newClientId,
  openFirstQuestion,
  signIn,
  startTestServer,
  waitFor,
  type Agent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(180_000);

let app: TestServer;
let world: TestWorld;
let participant: Agent;
let moderatorSocket: TestSocket;

async function fingerprint(): Promise<string> {
  const db = mongoose.connection.db!;
  const names = [
    'posts',
    'postchanges',
    'questions',
    'blocks',
    'livesessions',
    'auditentries',
    'workspaces',
    'counters',
  ];
  const parts = await Promise.all(
    names.map(async (n) => JSON.stringify(await db.collection(n).find({}).sort({ _id: 1 }).toArray())),
  );
  return parts.join('\n');
}

async function healthy(): Promise<boolean> {
  const res = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(1000) });
  return res.status === 200;
}

const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  app = await startTestServer();
  world = await buildWorld();
  participant = await signIn(app.url, world.users.participant.email);
  moderatorSocket = await connectSocket(app.url, (await signIn(app.url, world.users.moderator.email)).cookie);
  await openFirstQuestion(moderatorSocket, world);
});

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  moderatorSocket?.close();
  await app?.stop();
});

describe('bad input', () => {
  it('neverCrashesNorWritesOnRandomEventsAndPayloads', async () => {
    let socket = await connectSocket(app.url, participant.cookie);
    const before = await fingerprint();
    const eventName = fc.oneof(
      fc.constantFrom(...CLIENT_EVENTS, 'error', 'constructor', '__proto__', 'toString', 'hasOwnProperty'),
      fc.string({ maxLength: 40 }),
    );
    const payload = fc.oneof(
      fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }),
      fc.record({ questionId: fc.string(), clientId: fc.string(), body: fc.string({ maxLength: 2000 }) }),
      fc.dictionary(fc.string(), fc.integer()),
      fc.string({ minLength: 10_000, maxLength: 20_000 }),
    );
    await fc.assert(
      fc.asyncProperty(
        eventName,
        fc.array(payload, { maxLength: 3 }),
        fc.boolean(),
        async (event, args, withAck) => {
          if (!socket.connected) socket = await connectSocket(app.url, participant.cookie);
          const raw = socket as unknown as { emit(event: string, ...args: unknown[]): void };
          if (!withAck) {
            raw.emit(event, ...args);
            return;
          }
          const ack = await new Promise<Ack<unknown> | 'timeout'>((resolve) => {
            const timer = setTimeout(() => resolve('timeout'), 1000);
            raw.emit(event, ...args, (reply: Ack<unknown>) => {
              clearTimeout(timer);
              resolve(reply);
            });
          });
          // Slow down a little so that the token bucket mostly admits (rate_limited is an error ack too).
          if (ack === 'timeout') {
            // Only a flood disconnect may swallow an ack.
            expect(socket.disconnected).toBe(true);
            return;
          }
          if (ack.ok) expect(['sync:since']).toContain(event);
          else expect(typeof ack.error.code).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
    socket.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(await fingerprint()).toBe(before);
    expect(await healthy()).toBe(true);
    expect(crashes).toEqual([]);
  });

  it('answersUnknownEventsAndWrongShapesWithErrorAcks', async () => {
    const socket = await connectSocket(app.url, participant.cookie);
    expect(await emitAck(socket, 'post:explode', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_event' },
    });
    expect(await emitAck(socket, 'post:create', { questionId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const tooLong = 'x'.repeat(MAX_POST_BODY_LENGTH + 1);
    const before = await fingerprint();
    expect(
      await emitAck(socket, 'post:create', {
        questionId: world.questionIds[0][0],
        clientId: newClientId(),
        body: tooLong,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(
      await emitAck(socket, 'post:create', {
        questionId: world.questionIds[0][0],
        clientId: newClientId(),
        body: 'ok',
        role: 'admin',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await fingerprint()).toBe(before);
    socket.close();
  });

  it('closesOnlyTheSocketThatSendsAnOversizePacket', async () => {
    const big = await connectSocket(app.url, participant.cookie);
    const bystander = await connectSocket(app.url, participant.cookie);
    (big as unknown as { emit(e: string, p: unknown): void }).emit('post:create', {
      body: 'x'.repeat(1_100_000),
    });
    await waitFor(() => big.disconnected, 3000);
    await command(bystander, 'workspace:join', { workspaceId: world.workspaceId });
    bystander.close();
    expect(await healthy()).toBe(true);
  });

  it('rateLimitsThenDisconnectsAFlooder', async () => {
    const flooder = await connectSocket(app.url, participant.cookie);
    const normal = await connectSocket(
      app.url,
      (await signIn(app.url, world.users.participant2.email)).cookie,
    );
    await command(flooder, 'question:subscribe', { questionId: world.questionIds[0][0] });
    const acks: Ack<unknown>[] = [];
    for (let i = 0; i < 600; i++) {
      flooder.emit('typing:start', { questionId: world.questionIds[0][0] }, (ack) => acks.push(ack));
    }
    await waitFor(() => flooder.disconnected, 5000);
    expect(acks.some((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);
    // The others are still served (their latency beside a flood: tests/server/reliability/flood.test.ts).
    await command(normal, 'workspace:join', { workspaceId: world.workspaceId });
    normal.close();
  });
});
