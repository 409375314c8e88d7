/**
 * Reliability row 4: one socket floods at 1,000 events/s beside 50 normal clients. The flooder must be rate-limited
 * (`rate_limited` acks) and then disconnected, while every post of the normal clients is acked and delivered to all
 * of them. Their delivery latency (sent → `post:created` received, over every post and receiver) is measured
 * without the flood (the baseline) and under it, from the same clients in the same run, and the p95 under the flood
 * must stay within 3× the baseline p95. No absolute time is asserted.
 *
 * The two phases alternate: FLOOD_CYCLES cycles of [baseline window | guard | flood window | settle], each flood from
 * a fresh flooder (its own participant and socket). Each cycle gives one ratio — its flood window's p95 over its own
 * baseline window's p95 — and the median of the cycles' ratios is asserted. Why: CI runs other suites beside this
 * one, and a stall of the machine (another suite launching a browser) lands in a few seconds of one phase. Measured
 * once, baseline first and flood second, one such stall made the ratio 6.7 with a flood that was over in 85 ms.
 * Alternating spreads the machine's noise over both phases; the median drops the cycle it hit.
 *
 * The flood is of valid `post:create` commands — the costliest event a participant can send: each one admitted is
 * a durable write and a broadcast to every subscriber. With the limiter off the flood is stored and fanned out and
 * the others wait for seconds (tens of times the baseline) in every cycle; with it each flooder gets a handful of
 * writes in (`SOCKET_COMMANDS_IN_FLIGHT` at a time) and is gone within about 0.1 s. Server, embedded database and
 * all clients share this process, so the latency includes the clients' own work too.
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

jest.setTimeout(120_000);

const NORMAL_CLIENTS = 50;
/** Participants behind the normal clients (each signed in once, five sockets each). */
const NORMAL_USERS = 10;
/**
 * Each normal client posts every 6 s: about 8 posts/s in all, each delivered to 50 clients (~420 deliveries/s). Twice
 * that rate saturates a busy 2-core machine (server, database and clients share this process): queues then grow in
 * both phases and the comparison measures the machine, not the flood.
 */
const POST_INTERVAL_MS = 6000;
/** Normal traffic first runs unmeasured (connections and JIT warm up). */
const WARM_UP_MS = 1500;
/** Baseline/flood cycles; the median of their ratios is asserted (an odd count, so the median is one cycle's). */
const FLOOD_CYCLES = 5;
/** Each cycle's baseline window: posts sent in it are the cycle's baseline (~25 posts, ~1,250 deliveries). */
const BASELINE_MS = 3000;
/** Posts sent in the last GUARD_MS before a flood may still be in flight when it starts: counted in neither phase. */
const GUARD_MS = 500;
/**
 * Posts sent from the start of a flood until this long after it are "under the flood" (the flood itself must end
 * within 1 s; the rest is its aftermath): ~25 posts, ~1,250 deliveries per cycle. A flood cut off within 0.1 s
 * delays the one or two posts sent while it lasts: under 5 % of the window's samples, so p95 measures whether the
 * flood's aftermath reaches the others, not only whether one post met it.
 */
const FLOOD_WINDOW_MS = 3000;
/** After a flood window, unmeasured, so the next baseline starts from a settled server. */
const SETTLE_MS = 500;
const FLOOD_EVENTS_PER_SECOND = 1000;
/** How long a flooder keeps sending if it is not disconnected first. */
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
const CYCLE_MS = BASELINE_MS + GUARD_MS + FLOOD_WINDOW_MS + SETTLE_MS;

/** Where a normal post's send time falls: a cycle's baseline or flood window, or neither (warm-up, guard, settle). */
type Phase = { cycle: number; kind: 'baseline' | 'flood' } | null;

interface NormalPost {
  clientId: string;
  sentAt: number;
  ack: Ack<PostChangeDto> | 'timeout' | null;
  /** Which latency sample this post's deliveries go to. */
  phase: Phase;
}

/** One flooder's run: how many events it sent, at what rate, and what came back. */
interface FloodRun {
  sent: number;
  /** From the first event to the last one sent (ms). */
  sendingMs: number;
  ms: number;
  disconnected: boolean;
  acks: Array<{ at: number; ack: Ack<PostChangeDto> }>;
  firstLimitedAt: number | undefined;
  disconnectedAt: number;
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Sends valid `post:create` at FLOOD_EVENTS_PER_SECOND until the socket is cut off or FLOOD_MAX_MS pass. */
async function flood(flooder: TestSocket, questionId: string): Promise<FloodRun> {
  const run: FloodRun = {
    sent: 0,
    sendingMs: 0,
    ms: 0,
    disconnected: false,
    acks: [],
    firstLimitedAt: undefined,
    disconnectedAt: Number.POSITIVE_INFINITY,
  };
  flooder.on('disconnect', () => (run.disconnectedAt = performance.now()));
  const startedAt = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - startedAt;
      if (flooder.disconnected || elapsed > FLOOD_MAX_MS) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up to 1,000 events/s (timers fire every few ms, so events go out in small bursts).
      const due = Math.floor((elapsed * FLOOD_EVENTS_PER_SECOND) / 1000);
      if (run.sent < due) run.sendingMs = elapsed;
      for (; run.sent < due; run.sent++) {
        flooder.emit(
          'post:create',
          { questionId, clientId: newClientId(), body: `Flood ${run.sent}` },
          (ack) => run.acks.push({ at: performance.now(), ack }),
        );
      }
    }, 2);
  });
  run.ms = Math.min(run.disconnectedAt, performance.now()) - startedAt;
  run.disconnected = flooder.disconnected;
  run.firstLimitedAt = run.acks.find((a) => !a.ack.ok && a.ack.error.code === 'rate_limited')?.at;
  return run;
}

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
    const flooderUsers = [];
    for (let i = 0; i < FLOOD_CYCLES; i++) flooderUsers.push(await buildUser({ name: `Flooder ${i}` }));
    await Workspace.updateOne(
      { _id: new Types.ObjectId(world.workspaceId) },
      {
        $push: {
          members: {
            $each: [...users, ...flooderUsers].map((u) => ({
              userId: u._id,
              role: 'participant',
              joinedAt: new Date(),
            })),
          },
        },
      },
    ).exec();
    const cookies = await Promise.all(users.map(async (u) => (await signIn(app.url, u.email)).cookie));

    // Normal clients: subscribed to the question, noting when each normal post:created arrives.
    const sent = new Map<string, NormalPost>(); // by clientId
    const delivered = new Map<string, number>(); // clientId → receivers so far
    const latencies = Array.from({ length: FLOOD_CYCLES }, () => ({
      baseline: [] as number[],
      flood: [] as number[],
    }));
    const normals: TestSocket[] = [];
    for (let i = 0; i < NORMAL_CLIENTS; i++) {
      const socket = await connectSocket(app.url, cookies[i % NORMAL_USERS]);
      sockets.push(socket);
      normals.push(socket);
      socket.on('post:created', (change) => {
        const post = sent.get(change.post.clientId);
        if (!post) return; // a flooder's
        delivered.set(post.clientId, (delivered.get(post.clientId) ?? 0) + 1);
        if (post.phase) latencies[post.phase.cycle][post.phase.kind].push(performance.now() - post.sentAt);
      });
    }
    await Promise.all(normals.map((socket) => command(socket, 'question:subscribe', { questionId })));

    // The flooders: one participant and socket per cycle, subscribed like everyone else, idle until their turn.
    const flooders: TestSocket[] = [];
    for (const user of flooderUsers) {
      const flooder = await connectSocket(app.url, (await signIn(app.url, user.email)).cookie);
      sockets.push(flooder);
      flooders.push(flooder);
      await command(flooder, 'question:subscribe', { questionId });
    }

    const startedAt = performance.now();
    const cyclesFrom = startedAt + WARM_UP_MS;
    const endAt = cyclesFrom + FLOOD_CYCLES * CYCLE_MS;
    const floodAt = (cycle: number) => cyclesFrom + cycle * CYCLE_MS + BASELINE_MS + GUARD_MS;
    const phaseAt = (t: number): Phase => {
      if (t < cyclesFrom || t >= endAt) return null;
      const cycle = Math.floor((t - cyclesFrom) / CYCLE_MS);
      const within = t - cyclesFrom - cycle * CYCLE_MS;
      if (within < BASELINE_MS) return { cycle, kind: 'baseline' };
      if (within < BASELINE_MS + GUARD_MS) return null;
      if (within < BASELINE_MS + GUARD_MS + FLOOD_WINDOW_MS) return { cycle, kind: 'flood' };
      return null;
    };
    const normalTraffic = normals.map(async (socket, i) => {
      await sleep(Math.random() * POST_INTERVAL_MS);
      const acks: Promise<void>[] = [];
      for (let n = 0; performance.now() < endAt; n++) {
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

    const floods: FloodRun[] = [];
    for (let cycle = 0; cycle < FLOOD_CYCLES; cycle++) {
      await sleep(floodAt(cycle) - performance.now());
      floods.push(await flood(flooders[cycle], questionId));
    }
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

    const flooderStored = await Promise.all(
      flooderUsers.map((u) => Post.countDocuments({ authorId: u._id }).exec()),
    );
    const summary = (samples: number[]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return {
        deliveries: sorted.length,
        p50: Math.round(percentile(sorted, 50)),
        p95: Math.round(percentile(sorted, 95)),
        max: Math.round(sorted[sorted.length - 1] ?? NaN),
      };
    };
    const cycles = latencies.map((phases, cycle) => {
      const baseline = summary(phases.baseline);
      const underFlood = summary(phases.flood);
      return {
        baseline,
        underFlood,
        // No delivery at all under the flood (the others starved past the end of the run) counts as unbounded.
        p95Ratio:
          underFlood.deliveries === 0
            ? Number.POSITIVE_INFINITY
            : underFlood.p95 / Math.max(baseline.deliveries === 0 ? 0 : baseline.p95, BASELINE_FLOOR_MS),
        floodSent: floods[cycle].sent,
        floodMs: Math.round(floods[cycle].ms),
        flooderStored: flooderStored[cycle],
      };
    });
    const p95Ratio = median(cycles.map((c) => c.p95Ratio));
    const stats = {
      normalPosts: normalPosts.length,
      p95Ratio: Math.round(p95Ratio * 100) / 100,
      cycles: cycles.map((c) => ({ ...c, p95Ratio: Math.round(c.p95Ratio * 100) / 100 })),
    };
    process.stdout.write(`flood beside ${NORMAL_CLIENTS} clients: ${JSON.stringify(stats)}\n`);

    // Each flooder: really at ~1,000 events/s, refused with rate_limited, then disconnected; only a handful of its
    // writes were stored (and fanned out).
    const flooderVerdicts = floods.map((run, cycle) => ({
      cycle,
      // While it sent: server and flooder share this thread, so the flooder's timer waits while the server works.
      atLeastHalfTheRate: (run.sent / Math.max(run.sendingMs, 1)) * 1000 > FLOOD_EVENTS_PER_SECOND / 2,
      rateLimited: run.firstLimitedAt !== undefined,
      disconnectedAfterLimited: run.disconnected && run.disconnectedAt > (run.firstLimitedAt ?? Infinity),
      // Cut off after a bounded number of events, counted rather than timed (a busy machine stretches time).
      cutOffWithinASecondsWorth: run.acks.length < FLOOD_EVENTS_PER_SECOND,
      handfulStored: flooderStored[cycle] > 0 && flooderStored[cycle] <= 2 * SOCKET_COMMANDS_IN_FLIGHT,
    }));
    expect(flooderVerdicts).toEqual(
      floods.map((_, cycle) => ({
        cycle,
        atLeastHalfTheRate: true,
        rateLimited: true,
        disconnectedAfterLimited: true,
        cutOffWithinASecondsWorth: true,
        handfulStored: true,
      })),
    );

    // The others: every post acked and delivered to all, enough samples in every window, and under the flood their
    // p95 within 3× of their own p95 without it (the median cycle).
    expect(notAcked.map((p) => p.ack)).toEqual([]);
    expect(undelivered.map((p) => `${p.clientId}: ${delivered.get(p.clientId) ?? 0}`)).toEqual([]);
    for (const c of cycles) {
      expect(c.baseline.deliveries).toBeGreaterThan(250);
      expect(c.underFlood.deliveries).toBeGreaterThan(250);
    }
    expect(p95Ratio).toBeLessThanOrEqual(P95_RATIO_BOUND);
  });
});
