/**
 * Issue 15.3: a post's earlier versions live in `postrevisions`, capped per post, and are read through
 * `GET /api/questions/:questionId/posts/:postId/history` by the author and moderators only.
 */
import { Types } from 'mongoose';
import { serialize } from 'bson';
import type { PostChangeDto, PostHistoryDto } from '@polos/shared';
import { Post } from '../../../server/src/features/posts/post.model';
import { PostRevision } from '../../../server/src/features/posts/postRevision.model';
import {
  command,
  newClientId,
  openFirstQuestion,
  personaSocket,
  signIn,
  startTestServer,
  type Agent,
  type Persona,
  type TestServer,
  type TestSocket,
  type TestWorld,
  buildWorld,
} from '../../helpers/server';

jest.setTimeout(120_000);

let app: TestServer;
let world: TestWorld;
let author: { agent: Agent; socket: TestSocket };
let questionId: string;
const agents = {} as Record<Persona | 'participant2', Agent>;

beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
  const moderator = await personaSocket(app.url, world.users.moderator.email);
  await openFirstQuestion(moderator.socket, world);
  moderator.socket.close();
  questionId = world.questionIds[0][0];
  author = await personaSocket(app.url, world.users.participant.email);
  for (const p of ['admin', 'moderator', 'participant', 'participant2', 'observer', 'nonMember'] as const)
    agents[p] = await signIn(app.url, world.users[p].email);
});
afterAll(async () => {
  author?.socket.close();
  await app?.stop();
});

const historyOf = (agent: Agent, postId: string) =>
  agent.request<PostHistoryDto>('GET', `/api/questions/${questionId}/posts/${postId}/history`);

const storedSize = async (postId: string) => serialize((await Post.findById(postId).lean())!).length;

/** A 10,000-character body that differs per version. */
const bodyNo = (i: number) => `Version ${i}: ${'x'.repeat(10_000 - 20)}`.slice(0, 10_000);

describe('post edit history', () => {
  let postId: string;

  it('keepsThePostBoundedAndTheHistoryCappedOver100Edits', async () => {
    const created = await command<PostChangeDto>(author.socket, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: bodyNo(0),
    });
    postId = created.post.id;
    await command(author.socket, 'post:edit', { postId, body: bodyNo(1) });
    const sizeAfterOne = await storedSize(postId);
    for (let i = 2; i <= 100; i++) await command(author.socket, 'post:edit', { postId, body: bodyNo(i) });
    // The post holds one body whatever the number of edits (it used to hold all 100).
    expect(await storedSize(postId)).toBeLessThanOrEqual(sizeAfterOne + 64);
    expect(await storedSize(postId)).toBeLessThan(2 * 10_000);
    const stored = await PostRevision.find({ postId }).sort({ n: 1 }).lean();
    expect(stored.map((r) => r.n)).toEqual(Array.from({ length: 50 }, (_, i) => 51 + i));
    expect(stored[0].body).toBe(bodyNo(50));

    const res = await historyOf(agents.participant, postId);
    expect(res.status).toBe(200);
    expect(res.body.editCount).toBe(100);
    expect(res.body.limit).toBe(50);
    expect(res.body.current.body).toBe(bodyNo(100));
    expect(res.body.revisions).toHaveLength(50);
    expect(res.body.revisions[0]).toMatchObject({
      n: 100,
      body: bodyNo(99),
      editor: { id: world.users.participant.id, name: world.users.participant.name },
    });
    expect(Date.parse(res.body.revisions[0].replacedAt)).toBeGreaterThanOrEqual(
      Date.parse(res.body.revisions[0].writtenAt),
    );
    const thread = await agents.observer.request<{ posts: { id: string; editCount: number }[] }>(
      'GET',
      `/api/questions/${questionId}/posts`,
    );
    expect(thread.body.posts.find((p) => p.id === postId)?.editCount).toBe(100);
  });

  it.each([
    ['participant', 200],
    ['moderator', 200],
    ['admin', 200],
    ['participant2', 403],
    ['observer', 403],
    ['nonMember', 403],
  ] as const)('answers %s with %i', async (persona, status) => {
    const res = await historyOf(agents[persona], postId);
    expect(res.status).toBe(status);
    if (status === 403) expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refusesAPostOfAnotherQuestionAndDropsTheHistoryOfADeletedPost', async () => {
    const other = await agents.moderator.request(
      'GET',
      `/api/questions/${world.questionIds[0][1]}/posts/${postId}/history`,
    );
    expect(other.status).toBe(404);
    await command(author.socket, 'post:delete', { postId });
    expect(await PostRevision.countDocuments({ postId })).toBe(0);
    expect((await historyOf(agents.moderator, postId)).status).toBe(404);
  });

  it('showsAndMovesHistoryEmbeddedByEarlierVersions', async () => {
    const created = await command<PostChangeDto>(author.socket, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: 'third',
    });
    const id = new Types.ObjectId(created.post.id);
    const t0 = new Date('2026-01-01T10:00:00Z');
    const t1 = new Date('2026-01-01T11:00:00Z');
    await Post.collection.updateOne(
      { _id: id },
      {
        $set: {
          edits: [
            { body: 'first', at: t0 },
            { body: 'second', at: t1 },
          ],
          editedAt: new Date('2026-01-01T12:00:00Z'),
        },
        $unset: { editCount: '' },
      },
    );
    const before = await historyOf(agents.moderator, created.post.id);
    expect(before.body.editCount).toBe(2);
    expect(before.body.revisions.map((r) => r.body)).toEqual(['second', 'first']);
    await command(author.socket, 'post:edit', { postId: created.post.id, body: 'fourth' });
    expect((await Post.findById(id).lean())?.edits).toBeUndefined();
    const after = await historyOf(agents.moderator, created.post.id);
    expect(after.body.editCount).toBe(3);
    expect(after.body.revisions.map((r) => [r.n, r.body])).toEqual([
      [3, 'third'],
      [2, 'second'],
      [1, 'first'],
    ]);
  });
});
