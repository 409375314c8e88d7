import type {
  PostChangeDto,
  QuestionDto,
  QuestionWindowFactDto,
  SyncSinceResult,
  WorkspaceJoinResult,
} from '@polos/shared';
import { Types } from 'mongoose';
import { Question } from '../../../server/src/features/questions/question.model';
import { advanceWindow } from '../../../server/src/features/questions/questions.service';
import { createServer, type PolosServer } from '../../../server/src/server';
import { createLogger } from '../../../server/src/lib/logger';
import {
  buildWorld,
  connectSocket,
  signIn,
  collect,
  command,
  emitAck,
  joinedSockets,
  newClientId,
  startTestServer,
  waitForEvent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

/**
 * Issue 13.3, asynchronous windows over real sockets: a moderator gives a question (not the live one, no session
 * running) a window; participants may post inside it and are refused with `window_closed` outside it; the window
 * closes itself at its end — by timer while the server runs, and on start-up when it ended while the server was
 * stopped — and its opening and closing are facts of the question's seq log, sent live and replayed by
 * `sync:since`.
 */
describe('asynchronous windows', () => {
  let app: TestServer;
  let world: TestWorld;
  let moderator: TestSocket;
  let alice: TestSocket;
  /** The server started again on the same port by the restart test (closed before the harness's). */
  let revived: PolosServer | undefined;

  const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();
  const post = (socket: TestSocket, questionId: string, body: string) =>
    emitAck<PostChangeDto>(socket, 'post:create', { questionId, clientId: newClientId(), body });
  const connect = async () => {
    [moderator, alice] = await joinedSockets(app.url, world, ['moderator', 'participant']);
  };

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    await connect();
  });

  afterAll(async () => {
    for (const s of [moderator, alice]) s?.close();
    await revived?.close();
    await app?.stop();
  });

  it('validatesTheWindowAndOnlyModeratorsMaySetIt', async () => {
    const questionId = world.questionIds[0][0];
    const backwards = await emitAck(moderator, 'question:set-window', {
      questionId,
      startsAt: iso(3_600_000),
      endsAt: iso(60_000),
    });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const past = await emitAck(moderator, 'question:set-window', {
      questionId,
      startsAt: iso(-7_200_000),
      endsAt: iso(-3_600_000),
    });
    expect(past).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const noOffset = await emitAck(moderator, 'question:set-window', {
      questionId,
      startsAt: '2030-01-01T10:00',
      endsAt: '2030-01-01T12:00',
    });
    expect(noOffset).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const byParticipant = await emitAck(alice, 'question:set-window', {
      questionId,
      startsAt: iso(-60_000),
      endsAt: iso(3_600_000),
    });
    expect(byParticipant).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await Question.findById(questionId).lean())?.asyncWindow ?? null).toBeNull();
  });

  it('refusesPostsBeforeTheWindowAndAcceptsThemInsideItThenClosesItselfLive', async () => {
    const questionId = world.questionIds[0][1];
    // A window in the future: still closed (clear code), and the question is not live either.
    const future = await command<QuestionDto>(moderator, 'question:set-window', {
      questionId,
      startsAt: iso(3_600_000),
      endsAt: iso(7_200_000),
    });
    expect(future.asyncWindow?.state).toBe('scheduled');
    expect(await post(alice, questionId, 'Too early')).toMatchObject({
      ok: false,
      error: { code: 'window_closed' },
    });

    // Now a window that is open now and ends shortly: opening is a live fact with a seq.
    const facts = collect<QuestionWindowFactDto>(alice, 'question:window');
    const opened = waitForEvent<QuestionWindowFactDto>(
      alice,
      'question:window',
      (f) => f.questionId === questionId && f.kind === 'opened',
    );
    const set = await command<QuestionDto>(moderator, 'question:set-window', {
      questionId,
      startsAt: iso(-60_000),
      endsAt: iso(3_600_000),
    });
    expect(set.asyncWindow?.state).toBe('open');
    const openedFact = await opened;
    const inside = await post(alice, questionId, 'Written asynchronously');
    expect(inside.ok).toBe(true);
    if (!inside.ok) return;
    expect(inside.data.seq).toBeGreaterThan(openedFact.seq);

    // Shortened while open (it still covers now: stays open, no fact); the timer closes it at its new end,
    // connected members are told, and posting is refused again.
    const endsAt = iso(800);
    const shortened = await command<QuestionDto>(moderator, 'question:set-window', {
      questionId,
      startsAt: iso(-60_000),
      endsAt,
    });
    expect(shortened.asyncWindow).toMatchObject({ state: 'open', endsAt });
    const closed = await waitForEvent<QuestionWindowFactDto>(
      alice,
      'question:window',
      (f) => f.questionId === questionId && f.kind === 'closed',
    );
    expect(closed.seq).toBeGreaterThan(inside.data.seq);
    expect(Date.parse(closed.at)).toBeGreaterThanOrEqual(Date.parse(endsAt));
    expect(await post(alice, questionId, 'Too late')).toMatchObject({
      ok: false,
      error: { code: 'window_closed' },
    });
    expect(facts.filter((f) => f.questionId === questionId).map((f) => f.kind)).toEqual(['opened', 'closed']);

    // Replay from before the window: the facts and the post, in seq order, from the database.
    const sync = await command<SyncSinceResult>(alice, 'sync:since', { [questionId]: 0 });
    const replay = sync[questionId];
    expect(replay.facts?.map((f) => [f.kind, f.seq])).toEqual([
      ['opened', openedFact.seq],
      ['closed', closed.seq],
    ]);
    expect(replay.changes.map((c) => c.seq)).toEqual([inside.data.seq]);
    expect(replay.lastSeq).toBe(closed.seq);
  });

  it('aSecondTransitionForTheSameInstantChangesNothing', async () => {
    const questionId = world.questionIds[1][0];
    await command(moderator, 'question:set-window', {
      questionId,
      startsAt: iso(3_600_000),
      endsAt: iso(7_200_000),
    });
    // Two "processes" advancing at once, past the end: exactly one closed fact is stored.
    const later = new Date(Date.now() + 8_000_000);
    const id = new Types.ObjectId(questionId);
    const [a, b] = await Promise.all([advanceWindow(id, later), advanceWindow(id, later)]);
    expect([...a, ...b].filter((e) => e.type === 'question.window')).toHaveLength(1);
    const stored = await Question.findById(questionId).lean();
    expect(stored?.asyncWindow?.state).toBe('closed');
    expect(stored?.windowFacts?.map((f) => f.kind)).toEqual(['closed']);
    expect(await advanceWindow(id, later)).toEqual([]);
  });

  it('aWindowThatEndsWhileTheServerIsStoppedIsClosedAfterRestartAndConnectedMembersAreTold', async () => {
    const questionId = world.questionIds[1][1];
    // Carol stays "connected" the way a browser does: her socket reconnects by itself to the same address.
    const carolAgent = await signIn(app.url, world.users.participant2.email);
    const carol = await connectSocket(app.url, carolAgent.cookie, { reconnection: true });
    try {
      await command(carol, 'workspace:join', { workspaceId: world.workspaceId });
      const opened = waitForEvent<QuestionWindowFactDto>(
        carol,
        'question:window',
        (f) => f.questionId === questionId && f.kind === 'opened',
      );
      await command(moderator, 'question:set-window', {
        questionId,
        startsAt: iso(-60_000),
        endsAt: iso(3_600_000),
      });
      const cursor = (await opened).seq;

      // Stop the server (its timers with it), then let the end pass while it is down: on a loaded machine a real
      // short window could end during the shutdown itself, so the time that passes is simulated by moving the
      // stored end into the past (nothing of the server runs meanwhile).
      for (const s of [moderator, alice]) s.close();
      const port = Number(new URL(app.url).port);
      await app.server.close();
      const endsAt = new Date(Date.now() - 1_000);
      await Question.updateOne({ _id: questionId }, { $set: { 'asyncWindow.endsAt': endsAt } });
      expect((await Question.findById(questionId).lean())?.asyncWindow?.state).toBe('open');
      const reconnected = new Promise<void>((resolve) => carol.io.once('reconnect', () => resolve()));
      revived = createServer({ config: app.config, logger: createLogger('silent'), db: app.database });
      await revived.listen(port, '127.0.0.1');
      await reconnected;

      // On reconnect a client re-joins and replays from its cursor (as useThread does): it is told.
      const joined = await command<WorkspaceJoinResult>(carol, 'workspace:join', {
        workspaceId: world.workspaceId,
      });
      const shown = joined.blocks.flatMap((b) => b.questions).find((q) => q.id === questionId);
      expect(shown?.asyncWindow?.state).toBe('closed');
      const sync = await command<SyncSinceResult>(carol, 'sync:since', { [questionId]: cursor });
      const facts = sync[questionId].facts ?? [];
      expect(facts.map((f) => f.kind)).toEqual(['closed']);
      expect(facts[0].seq).toBeGreaterThan(cursor);
      expect(facts[0].endsAt).toBe(endsAt.toISOString());
      expect(await post(carol, questionId, 'After the restart')).toMatchObject({
        ok: false,
        error: { code: 'window_closed' },
      });
    } finally {
      carol.close();
    }
    await connect();
  });

  it('clearingAnOpenWindowClosesItAsAFact', async () => {
    const questionId = world.questionIds[1][2];
    await command(moderator, 'question:set-window', {
      questionId,
      startsAt: iso(-60_000),
      endsAt: iso(3_600_000),
    });
    const closed = waitForEvent<QuestionWindowFactDto>(
      alice,
      'question:window',
      (f) => f.questionId === questionId && f.kind === 'closed',
    );
    const cleared = await command<QuestionDto>(moderator, 'question:clear-window', { questionId });
    expect(cleared.asyncWindow ?? null).toBeNull();
    await closed;
    expect(await post(alice, questionId, 'No window')).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });
});
