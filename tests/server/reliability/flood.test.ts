/**
 * Reliability row 4: one socket floods at 1,000 events/s beside 50 normal clients. The flooder must be rate-limited
 * (`rate_limited` acks) and then disconnected, while every post of the normal clients is acked and delivered to all
 * of them. Their delivery latency (sent → `post:created` received, over every post and receiver) is measured twice
 * in the same run, from the same clients: without the flood (the baseline) and under it (posts sent from the start
 * of the flood until FLOOD_WINDOW_MS later — the flood and its aftermath). The p95 under the flood must stay within
 * 3× the baseline p95. No absolute time is asserted: the machine may be busy with other work, which slows both
 * phases alike.
 *
 * The flood is of valid `post:create` commands — the costliest event a participant can send: each one admitted is
 * a durable write and a broadcast to every subscriber. With the limiter off the flood is stored and fanned out and
 * the others wait for seconds (tens of times the baseline); with it the flooder gets a handful of writes in
 * (`SOCKET_COMMANDS_IN_FLIGHT` at a time) and is gone within about 0.1 s. Server, embedded database and all 51
 * clients share this process, so the latency includes the clients' own work too.
 */
import { Types } from 'mongoose';
import type { Ack, PostChangeDto } from '@polos/shared';
import { Post } from '../../../server/src/features/posts/post.model';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import { SOCKET_COMMANDS_IN_FLIGHT } from '../../../server/src/realtime/rateLimit';
import {
  buildUser,
  buildWorld,
  command,
  connectSocket,
  newClientId,
  openFirstQuestion,
  signIn,
  sleep,
  startTestServer,
  waitFor,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

const NORMAL_CLIENTS = 50;
/** Participants behind the normal clients (each signed in once, five sockets each). */
const NORMAL_USERS = 10;
/**
 * Each normal client posts every 6 s: about 8 posts/s in all, each delivered to 50 clients (~420 deliveries/s). Twice
 * that rate saturates a busy 2-core machine (server, database and clients share this process): queues then grow in
 * both phases and the comparison measures the machine, not the flood.
 */
const POST_INTERVAL_MS = 6000;
/** Normal traffic first runs unmeasured (connections and JIT warm up)… */
const WARM_UP_MS = 1500;
/** …then is measured without the flood for BASELINE_MS… */
const BASELINE_MS = 6000;
/** …except for its last GUARD_MS: posts sent then may still be in flight when the flood starts (counted in neither). */
const GUARD_MS = 500;
/**
 * Posts sent from the start of the flood until this long after it are "under the flood" (the flood itself must end
 * within 1 s; the rest is its aftermath): about 30 posts, 1,500 deliveries.
 */
const FLOOD_WINDOW_MS = 4000;
const FLOOD_EVENTS_PER_SECOND = 1000;
/** How long the flooder keeps sending if it is not disconnected first. */
const FLOOD_MAX_MS = 3000;
/** Row 4: the others' p95 under the flood is at most this many times their p95 without it. */
const P95_RATIO_BOUND = 3;
/**
 * The baseline the ratio is taken against is at least this: on an idle, fast machine the baseline p95 can be a few
 * milliseconds, and then one garbage collection or a scheduler tick given to another process during the flood window
 * would triple it — the ratio would measure noise, not the flood. 20 ms is far below what an unlimited flood costs
 * the others (seconds), so the floor does not hide a broken limiter.
 */
const BASELINE_FLOOR_MS = 20;

interface NormalPost {
  clientId: string;
  sentAt: number;
  ack: Ack<PostChangeDto> | 'timeout' | null;
  /** Which latency sample this post's deliveries go to. */
  phase: 'warm-up' | 'baseline' | 'guard' | 'flood';
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

describe('flood beside normal clients (reliability row 4)', () => {
  let app: TestServer;
  let world: TestWorld;
  let moderator: TestSocket;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    moderator = await connectSocket(app.url, (await signIn(app.url, world.users.moderator.email)).cookie);
    await openFirstQuestion(moderator, world);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    moderator?.close();
    await app?.stop();
  });

  test('flooderIsLimitedThenDisconnectedWhileTheOthersP95StaysWithin3xTheirP95WithoutIt', async () => {
    const questionId = world.questionIds[0][0];
    const users = [];
    for (let i = 0; i < NORMAL_USERS; i++) users.push(await buildUser({ name: `Normal participant ${i}` }));
    await Workspace.updateOne(
      { _id: new Types.ObjectId(world.workspaceId) },
      {
        $push: {
          members: {
            $each: users.map((u) => ({ userId: u._id, role: 'participant', joinedAt: new Date() })),
          },
        },
      },
    ).exec();
    const cookies = await Promise.all(users.map(async (u) => (await signIn(app.url, u.email)).cookie));

    // Normal clients: subscribed to the question, noting when each normal post:created arrives.
    const sent = new Map<string, NormalPost>(); // by clientId
    const delivered = new Map<string, number>(); // clientId → receivers so far
    const latencies: Record<NormalPost['phase'], number[]> = {
      'warm-up': [],
      baseline: [],
      guard: [],
      flood: [],
    };
    const normals: TestSocket[] = [];
    for (let i = 0; i < NORMAL_CLIENTS; i++) {
      const socket = await connectSocket(app.url, cookies[i % NORMAL_USERS]);
      sockets.push(socket);
      normals.push(socket);
      socket.on('post:created', (change) => {
        const post = sent.get(change.post.clientId);
        if (!post) return; // the flooder's
        delivered.set(post.clientId, (delivered.get(post.clientId) ?? 0) + 1);
        latencies[post.phase].push(performance.now() - post.sentAt);
      });
    }
    await Promise.all(normals.map((socket) => command(socket, 'question:subscribe', { questionId })));

    // The flooder: a participant of its own, subscribed like everyone else.
    const flooder = await connectSocket(
      app.url,
      (await signIn(app.url, world.users.participant.email)).cookie,
    );
    sockets.push(flooder);
    await command(flooder, 'question:subscribe', { questionId });

    const startedAt = performance.now();
    const baselineFrom = startedAt + WARM_UP_MS;
    const floodFrom = baselineFrom + BASELINE_MS;
    const phaseAt = (t: number): NormalPost['phase'] =>
      t < baselineFrom
        ? 'warm-up'
        : t < floodFrom - GUARD_MS
          ? 'baseline'
          : t < floodFrom
            ? 'guard'
            : 'flood';
    const normalTraffic = normals.map(async (socket, i) => {
      await sleep(Math.random() * POST_INTERVAL_MS);
      const acks: Promise<void>[] = [];
      for (let n = 0; performance.now() < floodFrom + FLOOD_WINDOW_MS; n++) {
        const sentAt = performance.now();
        const post: NormalPost = { clientId: newClientId(), sentAt, ack: null, phase: phaseAt(sentAt) };
        sent.set(post.clientId, post);
        acks.push(
          new Promise<void>((resolve) => {
            socket
              .timeout(20_000)
              .emit(
                'post:create',
                { questionId, clientId: post.clientId, body: `Normal post ${n} from client ${i}` },
                (error, ack) => {
                  post.ack = error ? 'timeout' : ack;
                  resolve();
                },
              );
          }),
        );
        await sleep(POST_INTERVAL_MS);
      }
      await Promise.all(acks);
    });

    await sleep(floodFrom - performance.now());
    const flooderAcks: Array<{ at: number; ack: Ack<PostChangeDto> }> = [];
    let disconnectedAt = Number.POSITIVE_INFINITY;
    flooder.on('disconnect', () => (disconnectedAt = performance.now()));
    const floodStartedAt = performance.now();
    let floodSent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - floodStartedAt;
        if (flooder.disconnected || elapsed > FLOOD_MAX_MS) {
          clearInterval(timer);
          resolve();
          return;
        }
        // Catch up to 1,000 events/s (timers fire every few ms, so events go out in small bursts).
        const due = Math.floor((elapsed * FLOOD_EVENTS_PER_SECOND) / 1000);
        for (; floodSent < due; floodSent++) {
          flooder.emit(
            'post:create',
            { questionId, clientId: newClientId(), body: `Flood ${floodSent}` },
            (ack) => flooderAcks.push({ at: performance.now(), ack }),
          );
        }
      }, 2);
    });
    const floodMs = Math.min(disconnectedAt, performance.now()) - floodStartedAt;
    await Promise.all(normalTraffic);

    // Every normal post is acked and reaches every normal client.
    const normalPosts = [...sent.values()];
    await waitFor(
      () => normalPosts.every((p) => (delivered.get(p.clientId) ?? 0) >= NORMAL_CLIENTS),
      20_000,
      50,
    ).catch(() => undefined); // reported by the assertions below
    const notAcked = normalPosts.filter((p) => p.ack === null || p.ack === 'timeout' || !p.ack.ok);
    const undelivered = normalPosts.filter((p) => delivered.get(p.clientId) !== NORMAL_CLIENTS);

    for (const samples of Object.values(latencies)) samples.sort((a, b) => a - b);
    const firstLimitedAt = flooderAcks.find((a) => !a.ack.ok && a.ack.error.code === 'rate_limited')?.at;
    const flooderStored = await Post.countDocuments({
      authorId: new Types.ObjectId(world.users.participant.id),
    }).exec();
    const summary = (samples: number[]) => ({
      deliveries: samples.length,
      p50: Math.round(percentile(samples, 50)),
      p95: Math.round(percentile(samples, 95)),
      p99: Math.round(percentile(samples, 99)),
      max: Math.round(samples[samples.length - 1] ?? NaN),
    });
    const baseline = summary(latencies.baseline);
    const underFlood = summary(latencies.flood);
    const p95Ratio =
      percentile(latencies.flood, 95) / Math.max(percentile(latencies.baseline, 95), BASELINE_FLOOR_MS);
    const stats = {
      normalPosts: normalPosts.length,
      baseline,
      underFlood,
      p95Ratio: Math.round(p95Ratio * 100) / 100,
      floodSent,
      floodMs: Math.round(floodMs),
      floodPerSecond: Math.round((floodSent / floodMs) * 1000),
      flooderStored,
      flooderRateLimitedAcks: flooderAcks.filter((a) => !a.ack.ok && a.ack.error.code === 'rate_limited')
        .length,
    };
    process.stdout.write(`flood beside ${NORMAL_CLIENTS} clients: ${JSON.stringify(stats)}\n`);

    // The flooder: really at ~1,000 events/s, refused with rate_limited, then disconnected; only a handful of its
    // writes were stored (and fanned out).
    expect(stats.floodPerSecond).toBeGreaterThan(FLOOD_EVENTS_PER_SECOND / 2);
    expect(firstLimitedAt).toBeDefined();
    expect(flooder.disconnected).toBe(true);
    expect(disconnectedAt).toBeGreaterThan(firstLimitedAt!);
    // Cut off after a bounded number of events, counted rather than timed (a busy machine stretches time).
    expect(flooderAcks.length).toBeLessThan(FLOOD_EVENTS_PER_SECOND);
    expect(flooderStored).toBeGreaterThan(0);
    expect(flooderStored).toBeLessThanOrEqual(2 * SOCKET_COMMANDS_IN_FLIGHT);

    // The others: every post acked and delivered to all, enough samples in both phases, and under the flood their
    // p95 within 3× of their own p95 without it.
    expect(notAcked.map((p) => p.ack)).toEqual([]);
    expect(undelivered.map((p) => `${p.clientId}: ${delivered.get(p.clientId) ?? 0}`)).toEqual([]);
    expect(baseline.deliveries).toBeGreaterThan(1500);
    expect(underFlood.deliveries).toBeGreaterThan(1000);
    expect(p95Ratio).toBeLessThanOrEqual(P95_RATIO_BOUND);
  });
});
