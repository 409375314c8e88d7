import mongoose from 'mongoose';
import type { LiveStateDto, PostChangeDto, QuestionDto, WorkspaceJoinResult } from '@polos/shared';
import { Post } from '../../../server/src/features/posts/post.model';
import { PostChange } from '../../../server/src/features/posts/postChange.model';
import { Question } from '../../../server/src/features/questions/question.model';
import { LiveSession } from '../../../server/src/features/liveSessions/liveSession.model';
import { AuditEntry } from '../../../server/src/features/audit/audit.model';
import {
  buildWorld,
  collect,
  command,
  emitAck,
  newClientId,
  joinedSockets,
  openFirstQuestion,
  personaSocket,
  startTestServer,
  waitFor,
  waitForEvent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

let app: TestServer;
let world: TestWorld;
let moderator: TestSocket;
let alice: TestSocket;
let bob: TestSocket;

beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
  [moderator, alice, bob] = await joinedSockets(app.url, world, ['moderator', 'participant', 'participant2']);
  await openFirstQuestion(moderator, world);
  for (const s of [alice, bob])
    await command(s, 'question:subscribe', { questionId: world.questionIds[0][0] });
});

afterAll(async () => {
  for (const s of [moderator, alice, bob]) s?.close();
  await app?.stop();
});

describe('live discussion', () => {
  it('deliversPostToOtherParticipantWithStoredIdAndSeq', async () => {
    const questionId = world.questionIds[0][0];
    const received = waitForEvent<PostChangeDto>(
      bob,
      'post:created',
      (c) => c.post.body === 'Hola desde Monterrey',
    );
    const ack = await emitAck<PostChangeDto>(alice, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: 'Hola desde Monterrey',
    });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    // The ack comes after the write: the post is already in the database.
    const stored = await Post.findById(ack.data.post.id).lean();
    expect(stored?.body).toBe('Hola desde Monterrey');
    expect(stored?.seq).toBe(ack.data.seq);
    const change = await received;
    expect(change.post.id).toBe(ack.data.post.id);
    expect(change.seq).toBe(stored?.seq);
    expect(change.post.author.name).toBe(world.users.participant.name);
    expect(change.post.author.district?.country).toBe('MX');
  });

  it('storesConcurrentPostsWithDistinctSeqsAndBroadcastsThemInSeqOrder', async () => {
    // 30 posts from two authors at once: they are group-committed in batches, yet every post gets its own
    // seq, is stored exactly once, and reaches the other participant in seq order. Each author writes from
    // three sockets (a socket runs at most SOCKET_COMMANDS_IN_FLIGHT commands at a time).
    const questionId = world.questionIds[0][0];
    const seen = collect<PostChangeDto>(moderator, 'post:created');
    await command(moderator, 'question:subscribe', { questionId });
    const more = await Promise.all(
      [
        world.users.participant,
        world.users.participant2,
        world.users.participant,
        world.users.participant2,
      ].map(async (user) => (await personaSocket(app.url, user.email)).socket),
    );
    const writers = [alice, bob, ...more];
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        emitAck<PostChangeDto>(writers[i % writers.length], 'post:create', {
          questionId,
          clientId: newClientId(),
          body: `Concurrent post ${i}`,
        }),
      ),
    );
    for (const socket of more) socket.close();
    const seqs = acks.map((ack) => (ack.ok ? ack.data.seq : -1));
    expect(seqs).not.toContain(-1);
    expect(new Set(seqs).size).toBe(30);
    await waitFor(() => seen.filter((c) => c.post.body.startsWith('Concurrent post')).length === 30);
    const broadcastSeqs = seen.filter((c) => c.post.body.startsWith('Concurrent post')).map((c) => c.seq);
    expect(broadcastSeqs).toEqual([...broadcastSeqs].sort((a, b) => a - b));
    const ids = acks.map((ack) => (ack.ok ? ack.data.post.id : ''));
    expect(await Post.countDocuments({ _id: mongoose.trusted({ $in: ids }) })).toBe(30);
    expect(await PostChange.countDocuments({ questionId, seq: mongoose.trusted({ $in: seqs }) })).toBe(30);
  });

  it('leaksNothingToSocketsOutsideTheQuestionRoom', async () => {
    const questionId = world.questionIds[0][0];
    const outsider = (await personaSocket(app.url, world.users.nonMember.email)).socket;
    const observer = (await personaSocket(app.url, world.users.observer.email)).socket;
    expect(await emitAck(outsider, 'question:subscribe', { questionId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await emitAck(outsider, 'workspace:join', { workspaceId: world.workspaceId })).toMatchObject({
      ok: false,
    });
    const outsiderSeen = collect(outsider, 'post:created');
    const observerSeen = collect(observer, 'post:created');
    const bobSeen = waitForEvent<PostChangeDto>(bob, 'post:created', (c) => c.post.body === 'members only');
    await command(alice, 'post:create', { questionId, clientId: newClientId(), body: 'members only' });
    await bobSeen;
    await new Promise((r) => setTimeout(r, 100));
    expect(outsiderSeen).toHaveLength(0);
    // An observer not subscribed to the question does not get its posts either.
    expect(observerSeen).toHaveLength(0);
    outsider.close();
    observer.close();
  });

  it('storesRetriedPostOnce', async () => {
    const questionId = world.questionIds[0][0];
    const clientId = newClientId();
    const bobCreated = collect<PostChangeDto>(bob, 'post:created');
    const first = await command<PostChangeDto>(alice, 'post:create', {
      questionId,
      clientId,
      body: 'Once only',
    });
    const second = await command<PostChangeDto>(alice, 'post:create', {
      questionId,
      clientId,
      body: 'Once only',
    });
    const parallel = await Promise.all(
      [1, 2, 3].map(() =>
        command<PostChangeDto>(alice, 'post:create', { questionId, clientId, body: 'Once only' }),
      ),
    );
    expect(second.post.id).toBe(first.post.id);
    expect(second.seq).toBe(first.seq);
    for (const p of parallel) expect(p.post.id).toBe(first.post.id);
    expect(await Post.countDocuments({ clientId })).toBe(1);
    expect(await PostChange.countDocuments({ postId: first.post.id })).toBe(1);
    await waitFor(() => bobCreated.some((c) => c.post.id === first.post.id));
    await new Promise((r) => setTimeout(r, 100));
    expect(bobCreated.filter((c) => c.post.id === first.post.id)).toHaveLength(1);
  });

  it('movesEveryClientWhenModeratorAdvancesAndRefusesParticipant', async () => {
    const blockId = world.blockIds[0];
    const before = await LiveSession.findOne({ endedAt: null }).lean();
    const refused = await emitAck(alice, 'question:open-next', { blockId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const unchanged = await LiveSession.findOne({ endedAt: null }).lean();
    expect(unchanged?.currentQuestionId?.toHexString()).toBe(before?.currentQuestionId?.toHexString());
    expect((await Question.findById(world.questionIds[0][1]).lean())?.state).toBe('pending');

    const expected = world.questionIds[0][1];
    const follows = [alice, bob, moderator].map((s) =>
      waitForEvent<LiveStateDto>(s, 'session:updated', (l) => l.session?.currentQuestionId === expected),
    );
    const questionUpdate = waitForEvent<QuestionDto>(
      bob,
      'question:updated',
      (q) => q.id === world.questionIds[0][0],
    );
    const opened = await command<QuestionDto>(moderator, 'question:open-next', { blockId });
    expect(opened.id).toBe(expected);
    expect(opened.state).toBe('open');
    await Promise.all(follows);
    expect((await questionUpdate).state).toBe('closed');
    expect(await AuditEntry.countDocuments({ action: 'question.open' })).toBe(2);

    // A late joiner lands on the current question.
    const late = (await personaSocket(app.url, world.users.observer.email)).socket;
    const joined = await command<WorkspaceJoinResult>(late, 'workspace:join', {
      workspaceId: world.workspaceId,
    });
    expect(joined.live.session?.currentQuestionId).toBe(expected);
    late.close();
  });

  it('refusesSkippingWithoutExplicitChoice', async () => {
    const blockId = world.blockIds[0];
    // Next pending is question 3; asking for question 3 explicitly is fine, skipping needs skip: true.
    const wrong = await emitAck(moderator, 'question:open-next', {
      blockId,
      questionId: world.questionIds[0][2],
    });
    expect(wrong.ok).toBe(false);
  });

  it('makesClosedQuestionReadOnly', async () => {
    const questionId = world.questionIds[0][1];
    await command(moderator, 'question:close', { questionId });
    const ack = await emitAck(alice, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: 'too late',
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await command(moderator, 'question:reopen', { questionId });
    await command(alice, 'post:create', { questionId, clientId: newClientId(), body: 'reopened' });
  });
});
