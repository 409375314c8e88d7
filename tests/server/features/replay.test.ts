import type { PostChangeDto, SyncSinceResult } from '@polos/shared';
import { Post } from '../../../server/src/features/posts/post.model';
import {
  buildWorld,
  collect,
  command,
  newClientId,
  openFirstQuestion,
  personaSocket,
  signIn,
  connectSocket,
  startTestServer,
  waitFor,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(90_000);

let app: TestServer;
let world: TestWorld;
let moderator: TestSocket;
let alice: TestSocket;

beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
  moderator = (await personaSocket(app.url, world.users.moderator.email)).socket;
  alice = (await personaSocket(app.url, world.users.participant.email)).socket;
  await command(moderator, 'workspace:join', { workspaceId: world.workspaceId });
  await openFirstQuestion(moderator, world);
});

afterAll(async () => {
  moderator?.close();
  alice?.close();
  await app?.stop();
});

/** Applies changes as a client would: upsert by id, track the highest seq. */
function applyChanges(
  state: Map<string, PostChangeDto['post']>,
  changes: PostChangeDto[],
  lastSeq: { value: number },
) {
  for (const c of changes) {
    expect(c.seq).toBeGreaterThan(lastSeq.value);
    lastSeq.value = c.seq;
    state.set(c.post.id, c.post);
  }
}

async function syncAll(socket: TestSocket, questionId: string, since: number) {
  const all: PostChangeDto[] = [];
  let from = since;
  for (;;) {
    const result = await command<SyncSinceResult>(socket, 'sync:since', { [questionId]: from });
    const page = result[questionId];
    all.push(...page.changes);
    if (!page.hasMore) return { changes: all, lastSeq: page.lastSeq };
    from = page.changes[page.changes.length - 1].seq;
  }
}

describe('nothing missed', () => {
  it('catchesUpExactlyAfterBeingOfflineFor50Posts', async () => {
    const questionId = world.questionIds[0][0];
    const { agent, socket: bob } = await personaSocket(app.url, world.users.participant2.email);
    await command(bob, 'question:subscribe', { questionId });
    const state = new Map<string, PostChangeDto['post']>();
    const lastSeq = { value: 0 };
    const live = collect<PostChangeDto>(bob, 'post:created');
    const first = await command<PostChangeDto>(alice, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: 'before',
    });
    await waitFor(() => live.length === 1);
    applyChanges(state, live, lastSeq);
    bob.close();

    const made: PostChangeDto[] = [];
    for (let i = 0; i < 50; i++) {
      made.push(
        await command<PostChangeDto>(alice, 'post:create', {
          questionId,
          clientId: newClientId(),
          body: `offline ${i}`,
        }),
      );
    }
    // Edits, reactions and deletes get a seq too.
    made.push(
      await command<PostChangeDto>(alice, 'post:edit', { postId: first.post.id, body: 'before (edited)' }),
    );
    made.push(
      await command<PostChangeDto>(moderator, 'reaction:add', {
        postId: made[3].post.id,
        reaction: 'lightbulb',
      }),
    );
    made.push(await command<PostChangeDto>(alice, 'post:delete', { postId: made[4].post.id }));

    const bob2 = await connectSocket(app.url, agent.cookie);
    const { changes } = await syncAll(bob2, questionId, lastSeq.value);
    expect(changes.map((c) => c.seq)).toEqual(made.map((c) => c.seq));
    applyChanges(state, changes, lastSeq);
    const stored = await Post.find({ questionId }).sort({ seq: 1 }).lean();
    expect([...state.keys()].sort()).toEqual(stored.map((p) => p._id.toHexString()).sort());
    expect(state.get(first.post.id)?.body).toBe('before (edited)');
    expect(state.get(made[4].post.id)?.deleted).toBe(true);
    expect(state.get(made[3].post.id)?.reactions.lightbulb).toEqual([world.users.moderator.id]);
    bob2.close();
  });

  it('catchesUpAcrossServerRestart', async () => {
    const questionId = world.questionIds[0][0];
    const agent = await signIn(app.url, world.users.participant2.email);
    const bob = await connectSocket(app.url, agent.cookie);
    const { lastSeq } = await syncAll(bob, questionId, 0);
    bob.close();
    const made: PostChangeDto[] = [];
    for (let i = 0; i < 50; i++) {
      made.push(
        await command<PostChangeDto>(alice, 'post:create', {
          questionId,
          clientId: newClientId(),
          body: `pre-restart ${i}`,
        }),
      );
    }
    alice.close();
    moderator.close();
    await app.restart();
    // Sessions live in the database: the same cookie works against the new server.
    const bob2 = await connectSocket(app.url, agent.cookie);
    const { changes, lastSeq: after } = await syncAll(bob2, questionId, lastSeq);
    expect(changes.map((c) => c.post.id)).toEqual(made.map((c) => c.post.id));
    expect(changes.map((c) => c.seq)).toEqual(made.map((c) => c.seq));
    expect(after).toBe(made[made.length - 1].seq);
    // New posts continue the sequence after the restart.
    alice = (await personaSocket(app.url, world.users.participant.email)).socket;
    const next = await command<PostChangeDto>(alice, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: 'after restart',
    });
    expect(next.seq).toBeGreaterThan(after);
    moderator = (await personaSocket(app.url, world.users.moderator.email)).socket;
    bob2.close();
  });

  it('returnsOnlyChangesOfQuestionsTheCallerMayRead', async () => {
    const outsider = (await personaSocket(app.url, world.users.nonMember.email)).socket;
    const ack = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
      outsider.emit('sync:since', { [world.questionIds[0][0]]: 0 }, resolve),
    );
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    outsider.close();
  });
});
