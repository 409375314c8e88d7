/**
 * Issue 15.12: what each role sees live equals what it sees after a reload, for every kind of post change —
 * in particular a moderator keeps seeing the body of a post another moderator hid (the members' redacted
 * broadcast must not reach them). Real server, real Socket.IO clients of every role, REST and `sync:since` as
 * the "reload".
 */
import type {
  PostChangeDto,
  PostDto,
  PostSpotlightedEvent,
  SyncSinceResult,
  ThreadPageDto,
} from '@polos/shared';
import {
  buildWorld,
  command,
  newClientId,
  openFirstQuestion,
  personaSocket,
  startTestServer,
  waitFor,
  type Agent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

const ROLES = ['admin', 'moderator', 'participant', 'participant2', 'observer'] as const;
type Viewer = (typeof ROLES)[number];

const POST_EVENTS = [
  'post:created',
  'post:edited',
  'post:deleted',
  'post:hidden',
  'post:unhidden',
  'post:reacted',
] as const;

/** A client's live view of the thread: posts upserted by id from the broadcasts, the highest seq seen. */
interface LiveView {
  agent: Agent;
  socket: TestSocket;
  posts: Map<string, PostDto>;
  lastSeq: number;
  spotlights: PostSpotlightedEvent[];
}

let app: TestServer;
let world: TestWorld;
let questionId: string;
const views = {} as Record<Viewer, LiveView>;

beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
  questionId = world.questionIds[0][0]!;
  for (const role of ROLES) {
    const { agent, socket } = await personaSocket(app.url, world.users[role].email);
    const view: LiveView = { agent, socket, posts: new Map(), lastSeq: 0, spotlights: [] };
    for (const event of POST_EVENTS) {
      socket.on(event, (change: PostChangeDto) => {
        view.posts.set(change.post.id, change.post);
        view.lastSeq = Math.max(view.lastSeq, change.seq);
      });
    }
    socket.on('post:spotlighted', (event: PostSpotlightedEvent) => view.spotlights.push(event));
    await command(socket, 'workspace:join', { workspaceId: world.workspaceId });
    await command(socket, 'question:subscribe', { questionId });
    views[role] = view;
  }
  await openFirstQuestion(views.moderator.socket, world);
});

afterAll(async () => {
  for (const role of ROLES) views[role]?.socket.close();
  await app?.stop();
});

/** Runs a change, waits until every client saw its seq, then compares each live view with both reloads. */
async function expectLiveEqualsReload(change: () => Promise<PostChangeDto>): Promise<PostChangeDto> {
  const result = await change();
  await waitFor(() => ROLES.every((role) => views[role].lastSeq >= result.seq));
  for (const role of ROLES) {
    const { agent, socket, posts } = views[role];
    const page = await agent.request<ThreadPageDto>('GET', `/api/questions/${questionId}/posts`);
    expect(page.status).toBe(200);
    const live = [...posts.values()].sort((a, b) => a.seq - b.seq);
    const reloaded = [...page.body.posts].sort((a, b) => a.seq - b.seq);
    expect({ role, posts: live }).toEqual({ role, posts: reloaded });
    const since = await command<SyncSinceResult>(socket, 'sync:since', { [questionId]: 0 });
    const replayed = new Map<string, PostDto>();
    for (const c of since[questionId].changes) replayed.set(c.post.id, c.post);
    expect({ role, posts: live }).toEqual({
      role,
      posts: [...replayed.values()].sort((a, b) => a.seq - b.seq),
    });
  }
  return result;
}

const post = (role: Viewer, body: string, parentId?: string) => () =>
  command<PostChangeDto>(views[role].socket, 'post:create', {
    questionId,
    clientId: newClientId(),
    body,
    parentId,
  });

describe('live state equals reloaded state for every role', () => {
  it('holdsForEveryKindOfPostChange', async () => {
    const first = await expectLiveEqualsReload(post('participant', 'Clusters in Córdoba share a lab.'));
    const id = first.post.id;
    const reply = await expectLiveEqualsReload(post('participant2', 'Which lab?', id));
    await expectLiveEqualsReload(() =>
      command(views.participant.socket, 'post:edit', {
        postId: id,
        body: 'Clusters in Córdoba share two labs.',
      }),
    );
    await expectLiveEqualsReload(() =>
      command(views.participant2.socket, 'reaction:add', { postId: id, reaction: 'heart' }),
    );
    // Hidden by one moderator: the other moderator and the admin keep the body, members get the placeholder.
    const hidden = await expectLiveEqualsReload(() =>
      command(views.moderator.socket, 'post:hide', { postId: id, reason: 'check the source first' }),
    );
    expect(views.admin.posts.get(id)?.body).toBe('Clusters in Córdoba share two labs.');
    expect(views.participant2.posts.get(id)?.body).toBe('');
    expect(hidden.post.hidden).toBe(true);
    // Changes to a hidden post are presented per audience too.
    await expectLiveEqualsReload(() =>
      command(views.admin.socket, 'reaction:add', { postId: id, reaction: 'lightbulb' }),
    );
    await expectLiveEqualsReload(() =>
      command(views.admin.socket, 'post:hide', { postId: reply.post.id, reason: 'duplicate' }),
    );
    await expectLiveEqualsReload(() =>
      command(views.participant2.socket, 'post:delete', { postId: reply.post.id }),
    );
    await expectLiveEqualsReload(() => command(views.admin.socket, 'post:unhide', { postId: id }));
    expect(views.observer.posts.get(id)?.body).toBe('Clusters in Córdoba share two labs.');
  });

  it('presentsASpotlightedPostAsEachRoleReloadsIt', async () => {
    const created = await expectLiveEqualsReload(post('participant', 'A spotlight for everyone'));
    for (const role of ROLES) views[role].spotlights.length = 0;
    await command(views.moderator.socket, 'post:spotlight', { questionId, postId: created.post.id });
    await waitFor(() => ROLES.every((role) => views[role].spotlights.length > 0));
    for (const role of ROLES) {
      const page = await views[role].agent.request<ThreadPageDto>(
        'GET',
        `/api/questions/${questionId}/posts`,
      );
      const reloaded = page.body.posts.find((p) => p.id === created.post.id);
      expect({ role, post: views[role].spotlights[0].post }).toEqual({ role, post: reloaded });
    }
  });
});
