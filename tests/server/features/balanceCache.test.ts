/**
 * Balance dashboard reuse (docs/ARCHITECTURE.md, "Balance dashboard"): per-question partials are reused while the
 * question's seq is unchanged and recomputed after a new post, an edit, a hide; role and district changes show on
 * the next request (the roll-up is never cached); two app servers on one database give the same figures after a
 * write through the other one. Everything through the real HTTP server, sockets and the embedded engine.
 */
import { Types } from 'mongoose';
import type { BalanceDto } from '@polos/shared';
import { createServer, type PolosServer } from '../../../server/src/server';
import { createLogger } from '../../../server/src/lib/logger';
import { User } from '../../../server/src/features/users/user.model';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import { lastBalanceCacheUse } from '../../../server/src/features/balance/balance.cache';
import {
  buildDistrict,
  buildWorld,
  command,
  connectSocket,
  joinedSockets,
  newClientId,
  openFirstQuestion,
  signIn,
  startTestServer,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

let app: TestServer;
let other: PolosServer;
let otherUrl: string;
let world: TestWorld;
let sockets: TestSocket[] = [];

beforeAll(async () => {
  app = await startTestServer({ LOG_LEVEL: 'error' });
  // A second app server on the same database (as a second process would be).
  other = createServer({ config: app.config, logger: createLogger('error'), db: app.database });
  otherUrl = await other.listen(0, '127.0.0.1');
  world = await buildWorld();
  sockets = await joinedSockets(app.url, world, ['moderator', 'participant']);
  await openFirstQuestion(sockets[0], world);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await other?.close();
  await app?.stop();
});

const dashboard = async (url: string): Promise<BalanceDto> => {
  const agent = await signIn(url, world.users.moderator.email);
  const res = await agent.request<BalanceDto>('GET', `/api/workspaces/${world.workspaceId}/balance`);
  expect(res.status).toBe(200);
  return res.body;
};

const q11 = () => world.questionIds[0][0];
const post = (socket: TestSocket, body: string) =>
  command<{ post: { id: string } }>(socket, 'post:create', {
    questionId: q11(),
    clientId: newClientId(),
    body,
  });

describe('balance dashboard reuse', () => {
  it('recomputesOnlyAChangedQuestionAfterAPostAnEditOrAHide', async () => {
    const [mod, participant] = sockets;
    const first = await post(participant, 'one two three');
    const a = await dashboard(app.url);
    expect(a.totals).toMatchObject({ posts: 1, words: 3, contributors: 1 });
    // Unchanged: every question reused.
    const again = await dashboard(app.url);
    expect(lastBalanceCacheUse.misses).toBe(0);
    expect(again.totals).toEqual(a.totals);

    await post(participant, 'four five');
    const b = await dashboard(app.url);
    expect(lastBalanceCacheUse.misses).toBe(1); // only question 1.1
    expect(b.totals).toMatchObject({ posts: 2, words: 5, contributors: 1 });

    await command(participant, 'post:edit', { postId: first.post.id, body: 'one' });
    expect((await dashboard(app.url)).totals).toMatchObject({ posts: 2, words: 3 });

    await command(mod, 'post:hide', { postId: first.post.id });
    const c = await dashboard(app.url);
    expect(c.totals).toMatchObject({ posts: 1, words: 2 });
    expect(c.questions.find((q) => q.id === q11())).toMatchObject({ posts: 1, words: 2 });
  });

  it('roleAndDistrictChangesShowOnTheNextRequest', async () => {
    const before = await dashboard(app.url);
    expect(before.breakdown.role.find((r) => r.key === 'participant')?.posts).toBe(1);
    const participantId = new Types.ObjectId(world.users.participant.id);
    await Workspace.updateOne(
      { _id: world.workspaceId, 'members.userId': participantId },
      { $set: { 'members.$.role': 'observer' } },
    );
    const eu = await buildDistrict({ name: 'Cluster EU', country: 'ES', regionGroup: 'EU' });
    await User.updateOne({ _id: world.users.participant2.id }, { $set: { districtId: eu._id } });
    const after = await dashboard(app.url);
    expect(after.breakdown.role.find((r) => r.key === 'observer')?.posts).toBe(1);
    expect(after.breakdown.role.find((r) => r.key === 'participant')).toBeUndefined();
    expect(after.members.EU).toBe(before.members.EU + 1);
    // Posts keep the district their author had when posting: the figures by region are unchanged.
    expect(after.breakdown.regionGroup).toEqual(before.breakdown.regionGroup);
    await Workspace.updateOne(
      { _id: world.workspaceId, 'members.userId': participantId },
      { $set: { 'members.$.role': 'participant' } },
    );
  });

  it('twoAppServersOnOneDatabaseAgreeAfterAWriteThroughTheOther', async () => {
    const viaApp = await dashboard(app.url);
    const viaOther = await dashboard(otherUrl);
    expect(viaOther.totals).toEqual(viaApp.totals);
    // A post through the second server: the first server's next dashboard counts it.
    const agent = await signIn(otherUrl, world.users.participant2.email);
    const socket = await connectSocket(otherUrl, agent.cookie);
    try {
      await command(socket, 'workspace:join', { workspaceId: world.workspaceId });
      await post(socket, 'six seven eight nine');
    } finally {
      socket.close();
    }
    const a = await dashboard(app.url);
    const b = await dashboard(otherUrl);
    expect(a.totals).toMatchObject({ posts: viaApp.totals.posts + 1, words: viaApp.totals.words + 4 });
    expect(b.totals).toEqual(a.totals);
    expect(b.breakdown).toEqual(a.breakdown);
    expect(b.questions).toEqual(a.questions);
  });
});
