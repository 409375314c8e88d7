import type { PostChangeDto } from '@polos/shared';
import { Post } from '../../../server/src/features/posts/post.model';
import {
  buildWorld,
  command,
  emitAck,
  newClientId,
  openFirstQuestion,
  joinedSockets,
  startTestServer,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

/** Issue 15.16: a hidden post is under moderation — its author may delete it, not rewrite it. */
describe('editing one’s own hidden post', () => {
  let app: TestServer;
  let world: TestWorld;
  let moderator: TestSocket;
  let alice: TestSocket;

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    [moderator, alice] = await joinedSockets(app.url, world, ['moderator', 'participant']);
    await openFirstQuestion(moderator, world);
  });

  afterAll(async () => {
    for (const s of [moderator, alice]) s?.close();
    await app?.stop();
  });

  it('isRefusedWithAClearErrorAndChangesNothingWhileDeleteStillWorks', async () => {
    const questionId = world.questionIds[0][0];
    const created = await command<PostChangeDto>(alice, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: 'Original words',
    });
    await command(moderator, 'post:hide', { postId: created.post.id, reason: 'off topic' });
    const edit = await emitAck(alice, 'post:edit', {
      postId: created.post.id,
      body: 'Rewritten while hidden',
    });
    expect(edit).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!edit.ok) expect(edit.error.message).toMatch(/hid/i);
    expect((await Post.findById(created.post.id).lean())?.body).toBe('Original words');

    // Unhidden, the author can edit again; and the author can always delete.
    await command(moderator, 'post:unhide', { postId: created.post.id });
    expect(
      await emitAck(alice, 'post:edit', { postId: created.post.id, body: 'Edited after unhide' }),
    ).toMatchObject({
      ok: true,
    });
    await command(moderator, 'post:hide', { postId: created.post.id });
    expect(await emitAck(alice, 'post:delete', { postId: created.post.id })).toMatchObject({ ok: true });
  });
});
