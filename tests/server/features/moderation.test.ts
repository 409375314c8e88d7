import type {
  AuditEntryDto,
  PostChangeDto,
  PostSpotlightedEvent,
  PresenceDto,
  QuestionDto,
  ThreadPageDto,
  TypingEvent,
} from '@polos/shared';
import { AuditEntry } from '../../../server/src/features/audit/audit.model';
import { Post } from '../../../server/src/features/posts/post.model';
import { PostRevision } from '../../../server/src/features/posts/postRevision.model';
import {
  buildWorld,
  collect,
  command,
  emitAck,
  newClientId,
  openFirstQuestion,
  personaSocket,
  sleep,
  startTestServer,
  waitForEvent,
  type Agent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

let app: TestServer;
let world: TestWorld;
let moderator: TestSocket;
let moderatorAgent: Agent;
let alice: TestSocket;
let aliceAgent: Agent;
let bob: TestSocket;
let questionId: string;

beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
  ({ socket: moderator, agent: moderatorAgent } = await personaSocket(app.url, world.users.moderator.email));
  ({ socket: alice, agent: aliceAgent } = await personaSocket(app.url, world.users.participant.email));
  bob = (await personaSocket(app.url, world.users.participant2.email)).socket;
  questionId = world.questionIds[0][0]!;
  for (const s of [moderator, alice, bob]) {
    await command(s, 'workspace:join', { workspaceId: world.workspaceId });
    await command(s, 'question:subscribe', { questionId });
  }
  await openFirstQuestion(moderator, world);
});

afterAll(async () => {
  for (const s of [moderator, alice, bob]) s?.close();
  await app?.stop();
});

const post = (socket: TestSocket, body: string, parentId?: string) =>
  command<PostChangeDto>(socket, 'post:create', { questionId, clientId: newClientId(), body, parentId });

describe('moderation and thread features', () => {
  it('hidesAndUnhidesWithSeqAuditAndRedaction', async () => {
    const created = await post(alice, 'Something off topic');
    const hiddenSeen = waitForEvent<PostChangeDto>(bob, 'post:hidden', (c) => c.post.id === created.post.id);
    const hidden = await command<PostChangeDto>(moderator, 'post:hide', {
      postId: created.post.id,
      reason: 'off topic',
    });
    expect(hidden.seq).toBeGreaterThan(created.seq);
    expect(hidden.post.body).toBe('Something off topic'); // the moderator's ack shows the body
    const seen = await hiddenSeen;
    expect(seen.post.hidden).toBe(true);
    expect(seen.post.body).toBe('');
    const page = await aliceAgent.request<ThreadPageDto>('GET', `/api/questions/${questionId}/posts`);
    expect(page.body.posts.find((p) => p.id === created.post.id)?.body).toBe('');
    const modPage = await moderatorAgent.request<ThreadPageDto>('GET', `/api/questions/${questionId}/posts`);
    expect(modPage.body.posts.find((p) => p.id === created.post.id)?.body).toBe('Something off topic');
    const unhidden = waitForEvent<PostChangeDto>(bob, 'post:unhidden', (c) => c.post.id === created.post.id);
    await command(moderator, 'post:unhide', { postId: created.post.id });
    expect((await unhidden).post.body).toBe('Something off topic');
    expect(await AuditEntry.countDocuments({ action: 'post.hide', targetId: created.post.id })).toBe(1);
    expect(await AuditEntry.countDocuments({ action: 'post.unhide', targetId: created.post.id })).toBe(1);
    const audit = await moderatorAgent.request<AuditEntryDto[]>(
      'GET',
      `/api/workspaces/${world.workspaceId}/audit`,
    );
    expect(audit.body[0]?.action).toBe('post.unhide');
  });

  it('keepsTheAuditLogAppendOnly', async () => {
    await expect(AuditEntry.updateOne({}, { $set: { action: 'tampered' } })).rejects.toThrow('append-only');
    await expect(AuditEntry.deleteMany({})).rejects.toThrow('append-only');
    expect(await AuditEntry.countDocuments({ action: 'tampered' })).toBe(0);
  });

  it('pagesTheThreadBySeq', async () => {
    for (let i = 0; i < 5; i++) await post(alice, `page post ${i}`);
    const all: ThreadPageDto['posts'] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await aliceAgent.request<ThreadPageDto>(
        'GET',
        `/api/questions/${questionId}/posts?afterSeq=${afterSeq}&limit=2`,
      );
      expect(page.status).toBe(200);
      all.push(...page.body.posts);
      if (page.body.nextAfterSeq === null) break;
      afterSeq = page.body.nextAfterSeq;
    }
    const seqs = all.map((p) => p.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    expect(await Post.countDocuments({ questionId })).toBe(all.length);
    const injected = await aliceAgent.request('GET', `/api/questions/${questionId}/posts?afterSeq[$gt]=0`);
    expect(injected.status).toBe(400);
  });

  it('spotlightsAPostForEveryone', async () => {
    const created = await post(alice, 'A great practice from Medellín');
    const seen = waitForEvent<PostSpotlightedEvent>(
      bob,
      'post:spotlighted',
      (e) => e.post?.id === created.post.id,
    );
    await command(moderator, 'post:spotlight', { questionId, postId: created.post.id });
    expect((await seen).spotlight).toEqual({ questionId, postId: created.post.id });
  });

  it('locksThreadsReadOnly', async () => {
    const locked = waitForEvent<QuestionDto>(
      alice,
      'question:updated',
      (q) => q.id === questionId && q.locked,
    );
    await command(moderator, 'thread:lock', { questionId });
    await locked;
    const refused = await emitAck(alice, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: 'locked?',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await command(moderator, 'thread:unlock', { questionId });
    await post(alice, 'unlocked again');
  });

  it('keepsRepliesOneLevelDeep', async () => {
    const top = await post(alice, 'Top-level');
    const reply = await post(bob, 'A reply', top.post.id);
    expect(reply.post.parentId).toBe(top.post.id);
    const nested = await emitAck(alice, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: 'reply to a reply',
      parentId: reply.post.id,
    });
    expect(nested).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('editsKeepHistoryAndOnlyAuthorsEditOrDelete', async () => {
    const created = await post(alice, 'First version');
    const edited = await command<PostChangeDto>(alice, 'post:edit', {
      postId: created.post.id,
      body: 'Second version',
    });
    expect(edited.post.editCount).toBe(1);
    // The earlier version is kept apart from the post (issue 15.3), not inside it.
    const stored = await Post.findById(created.post.id).lean();
    expect(stored?.edits).toBeUndefined();
    const revisions = await PostRevision.find({ postId: created.post.id }).lean();
    expect(revisions.map((r) => r.body)).toEqual(['First version']);
    expect(await emitAck(bob, 'post:edit', { postId: created.post.id, body: 'hijack' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await emitAck(bob, 'post:delete', { postId: created.post.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const deleted = await command<PostChangeDto>(alice, 'post:delete', { postId: created.post.id });
    expect(deleted.post).toMatchObject({ deleted: true, body: '', editCount: 0 });
    expect(await Post.countDocuments({ _id: created.post.id })).toBe(1);
    expect(await PostRevision.countDocuments({ postId: created.post.id })).toBe(0);
  });

  it('reactsOncePerUserAndReaction', async () => {
    const created = await post(alice, 'React to me');
    const first = await command<PostChangeDto>(bob, 'reaction:add', {
      postId: created.post.id,
      reaction: 'heart',
    });
    const again = await command<PostChangeDto>(bob, 'reaction:add', {
      postId: created.post.id,
      reaction: 'heart',
    });
    expect(first.post.reactions.heart).toEqual([world.users.participant2.id]);
    expect(again.seq).toBe(first.seq);
    const removed = await command<PostChangeDto>(bob, 'reaction:remove', {
      postId: created.post.id,
      reaction: 'heart',
    });
    expect(removed.post.reactions.heart).toEqual([]);
    expect(await emitAck(bob, 'reaction:add', { postId: created.post.id, reaction: 'poop' })).toMatchObject({
      ok: false,
    });
  });

  it('showsPresenceWithDistrictAndVolatileTyping', async () => {
    const blockId = world.blockIds[0];
    const modSees = waitForEvent<PresenceDto>(
      moderator,
      'presence:updated',
      (p) => p.blockId === blockId && p.users.some((u) => u.userId === world.users.participant.id),
    );
    await command(moderator, 'block:join', { blockId });
    const list = await command<PresenceDto>(alice, 'block:join', { blockId });
    expect(list.users.find((u) => u.userId === world.users.participant.id)?.district?.country).toBe('MX');
    await modSees;
    const typing = waitForEvent<TypingEvent>(
      bob,
      'typing:started',
      (t) => t.userId === world.users.participant.id,
    );
    const selfTyping = collect<TypingEvent>(alice, 'typing:started');
    alice.emit('typing:start', { questionId });
    expect((await typing).name).toBe(world.users.participant.name);
    await sleep(100);
    expect(selfTyping).toHaveLength(0);
    const gone = waitForEvent<PresenceDto>(
      moderator,
      'presence:updated',
      (p) => p.blockId === blockId && !p.users.some((u) => u.userId === world.users.participant.id),
    );
    alice.close();
    await gone;
  });
});
