/**
 * Reliability row 21: "export my data" and "delete my account", through the real HTTP server and real sockets.
 * The export holds everything stored about the user and no one else's personal data; a deletion ends every
 * session and socket of the user, leaves no trace of their name, email, password hash or district in any
 * collection, keeps their posts as "deleted user", and writes one audit entry per workspace. The last admin of a
 * workspace is refused with 409.
 */
import mongoose, { Types } from 'mongoose';
import type { PostChangeDto, ThreadPageDto, UserExportDto } from '@polos/shared';
import { AuditEntry } from '../../../server/src/features/audit/audit.model';
import { District } from '../../../server/src/features/districts/district.model';
import { LOGIN_FAILURE_LIMIT } from '../../../server/src/features/auth/loginLimiter';
import { Draft } from '../../../server/src/features/drafts/draft.model';
import { Post } from '../../../server/src/features/posts/post.model';
import { RepresentationRequest } from '../../../server/src/features/profiles/representation.model';
import { Session } from '../../../server/src/features/sessions/session.model';
import { User } from '../../../server/src/features/users/user.model';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import {
  buildWorld,
  command,
  newClientId,
  openFirstQuestion,
  personaSocket,
  signIn,
  startTestServer,
  TEST_PASSWORD,
  waitFor,
  waitForEvent,
  type Agent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

let app: TestServer;
let world: TestWorld;
let questionId: string;
let moderator: TestSocket;
const sockets: TestSocket[] = [];

/** Every document of every collection, as JSON text (to search for what must not be left). */
async function wholeDatabaseText(): Promise<Record<string, string>> {
  const db = mongoose.connection.db!;
  const out: Record<string, string> = {};
  for (const { name } of await db.listCollections().toArray()) {
    out[name] = JSON.stringify(await db.collection(name).find({}).toArray());
  }
  return out;
}

beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
  questionId = world.questionIds[0][0];
  moderator = (await personaSocket(app.url, world.users.moderator.email)).socket;
  sockets.push(moderator);
  await openFirstQuestion(moderator, world);
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

/** The participant writes two posts (one edited, one a reply to participant2) and reacts; participant2 reacts back. */
async function participantActivity() {
  const participant = await personaSocket(app.url, world.users.participant.email);
  const other = await personaSocket(app.url, world.users.participant2.email);
  sockets.push(participant.socket, other.socket);
  const othersPost = await command<PostChangeDto>(other.socket, 'post:create', {
    questionId,
    clientId: newClientId(),
    body: 'A post by participant2',
  });
  const first = await command<PostChangeDto>(participant.socket, 'post:create', {
    questionId,
    clientId: newClientId(),
    body: 'First words',
  });
  await command(participant.socket, 'post:edit', { postId: first.post.id, body: 'Second thoughts' });
  const reply = await command<PostChangeDto>(participant.socket, 'post:create', {
    questionId,
    clientId: newClientId(),
    body: 'A reply of mine',
    parentId: othersPost.post.id,
  });
  await command(participant.socket, 'reaction:add', { postId: othersPost.post.id, reaction: 'heart' });
  await command(other.socket, 'reaction:add', { postId: first.post.id, reaction: 'clap' });
  // A draft contribution (recorded as the draft hub does on a first accepted update); listing creates the drafts.
  expect((await participant.agent.request('GET', `/api/workspaces/${world.workspaceId}/drafts`)).status).toBe(
    200,
  );
  await Draft.updateOne(
    { workspaceId: new Types.ObjectId(world.workspaceId), blockId: new Types.ObjectId(world.blockIds[0]) },
    { $addToSet: { contributorIds: new Types.ObjectId(world.users.participant.id) } },
  ).exec();
  return { participant, other, first: first.post, reply: reply.post, othersPost: othersPost.post };
}

describe('export my data and delete my account (reliability row 21)', () => {
  let activity: Awaited<ReturnType<typeof participantActivity>>;
  let proposedDistrictId: string;
  let representedDistrictId: string;

  beforeAll(async () => {
    activity = await participantActivity();
    // An admin action about the participant: an audit entry on them by someone else.
    const admin = await signIn(app.url, world.users.admin.email);
    const role = await admin.request(
      'PATCH',
      `/api/workspaces/${world.workspaceId}/members/${world.users.participant.id}`,
      {
        role: 'participant',
      },
    );
    expect(role.status).toBe(200);
    // Issue 10: the participant proposes a district (a pending request) and is approved as representative of
    // another one.
    const base = `/api/workspaces/${world.workspaceId}/districts`;
    const district = (name: string) => ({ name, kind: 'cluster', country: 'MX', region: 'Jalisco' });
    const proposed = await activity.participant.agent.request<{ id: string }>(
      'POST',
      base,
      district('Clúster Propuesto de Privacidad'),
    );
    expect(proposed.status).toBe(201);
    proposedDistrictId = proposed.body.id;
    const created = await admin.request<{ id: string }>(
      'POST',
      base,
      district('Clúster Aprobado de Privacidad'),
    );
    expect(created.status).toBe(201);
    representedDistrictId = created.body.id;
    const asked = await activity.participant.agent.request<{ id: string }>(
      'POST',
      `${base}/${representedDistrictId}/representation-requests`,
      { message: 'I coordinate this cluster' },
    );
    expect(asked.status).toBe(201);
    const decided = await admin.request(
      'POST',
      `/api/workspaces/${world.workspaceId}/representation-requests/${asked.body.id}/decision`,
      { approve: true },
    );
    expect(decided.status).toBe(200);
    // An approval re-handshakes the requester (their district changed): their sockets are disconnected by the
    // server, and a client reconnects, as the app's WorkspaceProvider does.
    const { socket } = activity.participant;
    await waitFor(() => !socket.connected, { what: 'the approved requester disconnected' });
    socket.connect();
    await waitFor(() => socket.connected, { what: 'the requester reconnected' });
  });

  test('theExportIsACompleteJsonDownloadWithNoOtherUsersPersonalData', async () => {
    const res = await activity.participant.agent.request<UserExportDto>('GET', '/api/users/me/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="polos-my-data-\d{4}-\d\d-\d\d\.json"$/,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    const data = res.body;
    expect(data.format).toBe('polos-user-export/1');
    expect(data.account).toMatchObject({
      id: world.users.participant.id,
      email: world.users.participant.email,
      name: world.users.participant.name,
    });
    expect(data.account.district?.name).toBeTruthy();
    expect(data.memberships).toEqual([
      expect.objectContaining({
        workspaceId: world.workspaceId,
        workspaceTitle: 'Test workspace',
        role: 'participant',
      }),
    ]);
    // Posts with their question and earlier versions; reactions received as counts only.
    const first = data.posts.find((p) => p.id === activity.first.id)!;
    expect(first).toMatchObject({
      body: 'Second thoughts',
      question: { id: questionId, text: { en: 'Question 1.1' } },
      parentId: null,
    });
    expect(first.revisions.map((r) => r.body)).toEqual(['First words']);
    expect(first.reactionCounts.clap).toBe(1);
    expect(data.posts.find((p) => p.id === activity.reply.id)).toMatchObject({
      body: 'A reply of mine',
      parentId: activity.othersPost.id,
    });
    expect(data.posts).toHaveLength(2);
    expect(data.reactions).toEqual([{ postId: activity.othersPost.id, questionId, reaction: 'heart' }]);
    expect(data.draftContributions).toEqual([
      expect.objectContaining({ workspaceId: world.workspaceId, title: expect.any(String) }),
    ]);
    expect(data.auditEntries).toEqual([
      expect.objectContaining({
        byYou: false,
        action: 'member.role',
        targetType: 'user',
        targetId: world.users.participant.id,
      }),
    ]);
    expect(data.sessions.length).toBeGreaterThanOrEqual(1);
    // Representation requests (issue 10), newest first, without who decided; the district represented.
    expect(data.representationRequests).toEqual([
      expect.objectContaining({
        workspaceId: world.workspaceId,
        district: expect.objectContaining({
          id: representedDistrictId,
          name: 'Clúster Aprobado de Privacidad',
        }),
        state: 'approved',
        proposedDistrict: false,
        message: 'I coordinate this cluster',
        decidedAt: expect.any(String),
      }),
      expect.objectContaining({
        district: expect.objectContaining({ id: proposedDistrictId }),
        state: 'pending',
        proposedDistrict: true,
        decidedAt: null,
      }),
    ]);
    expect(data.representedDistricts).toEqual([
      { id: representedDistrictId, name: 'Clúster Aprobado de Privacidad', country: 'MX' },
    ]);

    // Nobody else's personal data: names, emails and even ids of the other people appear nowhere.
    const text = JSON.stringify(data);
    for (const persona of ['admin', 'moderator', 'participant2', 'observer', 'nonMember'] as const) {
      const other = world.users[persona];
      expect({ persona, found: [other.name, other.email, other.id].filter((s) => text.includes(s)) }).toEqual(
        {
          persona,
          found: [],
        },
      );
    }
    expect(text).not.toContain('A post by participant2');
    expect(text).not.toMatch(/passwordHash|\$argon2/);
  });

  test('exportAndDeleteNeedASignedInUser', async () => {
    const anonymous = await fetch(`${app.url}/api/users/me/export`);
    expect(anonymous.status).toBe(401);
    const res = await fetch(`${app.url}/api/users/me`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: TEST_PASSWORD }),
    });
    expect([401, 403]).toContain(res.status);
  });

  test('aWrongOrMissingPasswordIsRefusedAndChangesNothing', async () => {
    const { agent } = activity.participant;
    const wrong = await agent.request('DELETE', '/api/users/me', { password: 'not my password' });
    expect(wrong).toMatchObject({ status: 403, body: { error: { code: 'wrong_password' } } });
    const missing = await agent.request('DELETE', '/api/users/me', {});
    expect(missing.status).toBe(400);
    expect((missing.body as { error: { code: string } }).error.code).toBe('invalid');
    const extra = await agent.request('DELETE', '/api/users/me', { password: TEST_PASSWORD, role: 'admin' });
    expect(extra.status).toBe(400);
    expect(await User.exists({ _id: world.users.participant.id })).toBeTruthy();
    expect((await agent.request('GET', '/api/users/me')).status).toBe(200);
    expect(activity.participant.socket.connected).toBe(true);
  });

  test('theLastAdminOfAWorkspaceIsRefusedWith409', async () => {
    const admin = await signIn(app.url, world.users.admin.email);
    const res = await admin.request('DELETE', '/api/users/me', { password: TEST_PASSWORD });
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'last_admin' } } });
    expect((res.body as { error: { message: string } }).error.message).toContain('Test workspace');
    expect(await User.exists({ _id: world.users.admin.id })).toBeTruthy();
    const workspace = await Workspace.findById(world.workspaceId).lean().exec();
    expect(
      workspace!.members.some((m) => m.userId.toHexString() === world.users.admin.id && m.role === 'admin'),
    ).toBe(true);
    expect((await admin.request('GET', '/api/users/me')).status).toBe(200);
  });

  test('deletionEndsSessionsAndSocketsRemovesPersonalDataKeepsPostsAsDeletedUserAndAuditsOnce', async () => {
    const { participant, other } = activity;
    const me = world.users.participant;
    // A second session (another device) with its own socket: it must end too.
    const secondDevice = await personaSocket(app.url, me.email);
    sockets.push(secondDevice.socket);
    const revoked = [participant.socket, secondDevice.socket].map((s) => waitForEvent(s, 'session:revoked'));
    const disconnected = [participant.socket, secondDevice.socket].map(
      (s) => new Promise<void>((resolve) => s.once('disconnect', () => resolve())),
    );
    const districtId = (await User.findById(me.id).lean().exec())!.districtId!.toHexString();

    const res = await participant.agent.request('DELETE', '/api/users/me', { password: TEST_PASSWORD });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/polos_sid=;/);
    expect(await Promise.all(revoked)).toEqual([{ reason: 'removed' }, { reason: 'removed' }]);
    await Promise.all(disconnected);

    // Signed out everywhere, and cannot sign in again.
    for (const agent of [participant.agent, secondDevice.agent] as Agent[]) {
      expect((await agent.request('GET', '/api/users/me')).status).toBe(401);
    }
    const login = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: me.email, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(401);
    expect(await Session.countDocuments({ userId: new Types.ObjectId(me.id) }).exec()).toBe(0);

    // Posts kept, shown as a deleted user (no name, no district), to everyone, over HTTP and in the database.
    const thread = await other.agent.request<ThreadPageDto>('GET', `/api/questions/${questionId}/posts`);
    const mine = thread.body.posts.filter((p) => p.author.id === me.id);
    expect(mine.map((p) => p.body).sort()).toEqual(['A reply of mine', 'Second thoughts']);
    for (const post of mine)
      expect(post.author).toEqual({ id: me.id, name: '', deleted: true, district: null });
    const stored = await Post.find({ authorId: new Types.ObjectId(me.id) })
      .lean()
      .exec();
    expect(stored.map((p) => [p.authorName, p.authorDistrict, p.authorDeleted])).toEqual([
      ['deleted user', null, true],
      ['deleted user', null, true],
    ]);
    const othersStill = thread.body.posts.find((p) => p.id === activity.othersPost.id)!;
    expect(othersStill.author.name).toBe(world.users.participant2.name);

    // No personal data left anywhere: not the name, not the email, not the password hash, not the district link.
    const collections = await wholeDatabaseText();
    for (const [name, text] of Object.entries(collections)) {
      const left = [me.email, me.name, '$argon2'].filter(
        (s) => text.includes(s) && !(s === '$argon2' && name === 'users'),
      );
      expect({ collection: name, left }).toEqual({ collection: name, left: [] });
    }
    expect(await User.exists({ _id: me.id })).toBeNull();
    expect(await User.exists({ districtId: new Types.ObjectId(districtId), email: me.email })).toBeNull();
    const workspace = await Workspace.findById(world.workspaceId).lean().exec();
    expect(workspace!.members.some((m) => m.userId.toHexString() === me.id)).toBe(false);
    // No representation left (issue 10): requests deleted, no longer a representative of any district.
    expect(await RepresentationRequest.countDocuments({ userId: new Types.ObjectId(me.id) }).exec()).toBe(0);
    expect(await District.countDocuments({ representativeIds: new Types.ObjectId(me.id) }).exec()).toBe(0);
    expect(await District.exists({ _id: representedDistrictId })).toBeTruthy();

    // One append-only audit entry for the deletion.
    const audit = await AuditEntry.find({ action: 'account.deleted' }).lean().exec();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: 'user', targetId: me.id, actorName: 'deleted user' });
    expect(audit[0].workspaceId.toHexString()).toBe(world.workspaceId);
    await expect(AuditEntry.deleteOne({ _id: audit[0]._id }).exec()).rejects.toThrow(/append-only/);

    // A second DELETE with the old cookie does nothing more.
    const again = await participant.agent.request('DELETE', '/api/users/me', { password: TEST_PASSWORD });
    expect(again.status).toBe(401);
    expect(await AuditEntry.countDocuments({ action: 'account.deleted' }).exec()).toBe(1);
  });

  test('anAdminCanDeleteTheirAccountOnceAnotherAdminExists', async () => {
    const admin = await signIn(app.url, world.users.admin.email);
    const promote = await admin.request(
      'PATCH',
      `/api/workspaces/${world.workspaceId}/members/${world.users.moderator.id}`,
      {
        role: 'admin',
      },
    );
    expect(promote.status).toBe(200);
    const res = await admin.request('DELETE', '/api/users/me', { password: TEST_PASSWORD });
    expect(res.status).toBe(204);
    await waitFor(async () => !(await User.exists({ _id: world.users.admin.id })));
    const workspace = await Workspace.findById(world.workspaceId).lean().exec();
    expect(workspace!.members.filter((m) => m.role === 'admin').map((m) => m.userId.toHexString())).toEqual([
      world.users.moderator.id,
    ]);
  });

  // Last: it uses up this address's sign-in attempts.
  test('wrongPasswordsCountAsFailedSignInsAndAreLimited', async () => {
    const { agent } = activity.other;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i <= LOGIN_FAILURE_LIMIT && retryAfter === null; i++) {
      const res = await agent.request('DELETE', '/api/users/me', { password: `guess number ${i}` });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, -1).every((s) => s === 403)).toBe(true);
    expect(statuses[statuses.length - 1]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await User.exists({ _id: world.users.participant2.id })).toBeTruthy();
  });
});
