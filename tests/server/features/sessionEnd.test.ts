import type { BlockDto, LiveStateDto, PostChangeDto, QuestionDto, WorkspaceJoinResult } from '@polos/shared';
import { Block } from '../../../server/src/features/blocks/block.model';
import { Question } from '../../../server/src/features/questions/question.model';
import { LiveSession } from '../../../server/src/features/liveSessions/liveSession.model';
import { AuditEntry } from '../../../server/src/features/audit/audit.model';
import {
  buildWorld,
  command,
  emitAck,
  newClientId,
  openFirstQuestion,
  joinedSockets,
  startTestServer,
  waitForEvent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

/**
 * Issue 15.13: ending a live session closes what it opened — the live block, its open question, and a question the
 * session reopened elsewhere — publishes those closes like the close commands do, and leaves nothing writable.
 */
describe('ending a live session', () => {
  let app: TestServer;
  let world: TestWorld;
  let moderator: TestSocket;
  let alice: TestSocket;

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    [moderator, alice] = await joinedSockets(app.url, world, ['moderator', 'participant']);
  });

  afterAll(async () => {
    for (const s of [moderator, alice]) s?.close();
    await app?.stop();
  });

  it('closesItsLiveBlockAndOpenQuestionsBroadcastsThemAndRefusesPostsAfterwards', async () => {
    const [q1] = world.questionIds[0];
    const elsewhere = world.questionIds[1][0];
    // A question of the other block was closed earlier; the session reopens it (it stays open outside the live block).
    await Question.updateOne({ _id: elsewhere }, { $set: { state: 'closed', closedAt: new Date() } });
    await openFirstQuestion(moderator, world);
    await command(moderator, 'question:reopen', { questionId: elsewhere });
    // Reopening in block 2 closed nothing of block 1: q1 is still open in the live block.
    expect((await Question.findById(q1).lean())?.state).toBe('open');
    await command(alice, 'question:subscribe', { questionId: q1 });
    const before = await emitAck<PostChangeDto>(alice, 'post:create', {
      questionId: q1,
      clientId: newClientId(),
      body: 'Before the end',
    });
    expect(before.ok).toBe(true);

    const closedQ1 = waitForEvent<QuestionDto>(
      alice,
      'question:updated',
      (q) => q.id === q1 && q.state === 'closed',
    );
    const closedElsewhere = waitForEvent<QuestionDto>(
      alice,
      'question:updated',
      (q) => q.id === elsewhere && q.state === 'closed',
    );
    const closedBlock = waitForEvent<BlockDto>(
      alice,
      'block:updated',
      (b) => b.id === world.blockIds[0] && b.state === 'closed',
    );
    const ended = waitForEvent<LiveStateDto>(alice, 'session:updated', (live) => live.session === null);
    await command(moderator, 'session:end', { workspaceId: world.workspaceId });
    const [block] = await Promise.all([closedBlock, closedQ1, closedElsewhere, ended]);
    // The block fact carries its questions, closed too.
    expect(block.questions.find((q) => q.id === q1)?.state).toBe('closed');

    // Stored before it was broadcast.
    expect((await Block.findById(world.blockIds[0]).lean())?.state).toBe('closed');
    expect((await Question.findById(q1).lean())?.state).toBe('closed');
    expect((await Question.findById(elsewhere).lean())?.state).toBe('closed');
    const session = await LiveSession.findOne({ workspaceId: world.workspaceId })
      .sort({ startedAt: -1 })
      .lean();
    expect(session?.endedAt).not.toBeNull();
    expect(session?.questionTimes.every((t) => t.closedAt !== null)).toBe(true);
    const audit = await AuditEntry.findOne({ action: 'session.end' }).sort({ _id: -1 }).lean();
    expect(audit?.data).toMatchObject({
      closedBlocks: [world.blockIds[0]],
      closedQuestions: expect.arrayContaining([q1, elsewhere]) as unknown,
    });

    // Participants can no longer post into what the session left behind.
    const after = await emitAck(alice, 'post:create', {
      questionId: q1,
      clientId: newClientId(),
      body: 'After',
    });
    expect(after).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Someone (re)joining now sees the same state as the live broadcasts showed.
    const joined = await command<WorkspaceJoinResult>(alice, 'workspace:join', {
      workspaceId: world.workspaceId,
    });
    expect(joined.live.session).toBeNull();
    expect(joined.blocks.find((b) => b.id === world.blockIds[0])?.state).toBe('closed');
    expect(joined.blocks.flatMap((b) => b.questions).filter((q) => q.state === 'open')).toEqual([]);
  });

  it('leavesBlocksAndQuestionsItDidNotOpenAsTheyWere', async () => {
    // A new session that opened nothing: ending it changes no block or question.
    const states = async () =>
      JSON.stringify(
        (await Question.find({ workspaceId: world.workspaceId }).sort({ _id: 1 }).lean()).map((q) => q.state),
      );
    const beforeStates = await states();
    await command(moderator, 'session:start', { workspaceId: world.workspaceId });
    await command(moderator, 'session:end', { workspaceId: world.workspaceId });
    expect(await states()).toBe(beforeStates);
    expect(await Block.countDocuments({ workspaceId: world.workspaceId, state: 'live' })).toBe(0);
  });
});
