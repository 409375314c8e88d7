/**
 * Issue 15.1 and reliability row 12: concurrent membership changes through the real HTTP server. Every
 * member write touches one element of the workspace's `members` atomically, so no join or role change is
 * lost, and the last admin cannot leave the workspace without an admin.
 */
import { Types } from 'mongoose';
import type { MemberDto, PostChangeDto, Role, SessionDto } from '@polos/shared';
import { User } from '../../../server/src/features/users/user.model';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import { Invite } from '../../../server/src/features/invites/invite.model';
import {
  Agent,
  buildUser,
  buildWorld,
  command,
  connectSocket,
  emitAck,
  newClientId,
  openFirstQuestion,
  personaSocket,
  signIn,
  sleep,
  startTestServer,
  type TestServer,
} from '../../helpers/server';
import { Post } from '../../../server/src/features/posts/post.model';

jest.setTimeout(120_000);

const RUNS = 10;

let app: TestServer;
let admin: Agent;
let adminId: Types.ObjectId;
/** Six signed-in users who join a fresh workspace by invite in every run. */
let joiners: { id: string; agent: Agent }[];
/** Two existing members whose roles change. */
let memberA: Types.ObjectId;
let memberB: Types.ObjectId;

beforeAll(async () => {
  app = await startTestServer();
  const adminUser = await buildUser({ name: 'Race admin' });
  adminId = adminUser._id;
  admin = await signIn(app.url, adminUser.email);
  memberA = (await buildUser({ name: 'Member A' }))._id;
  memberB = (await buildUser({ name: 'Member B' }))._id;
  joiners = [];
  for (let i = 0; i < 6; i++) {
    const user = await buildUser({ name: `Joiner ${i}` });
    joiners.push({ id: user._id.toHexString(), agent: await signIn(app.url, user.email) });
  }
});
afterAll(async () => {
  await app?.stop();
});

async function freshWorkspace(extraAdmins: Types.ObjectId[] = []): Promise<string> {
  const ws = await Workspace.create({
    title: 'Race workspace',
    members: [
      { userId: adminId, role: 'admin', joinedAt: new Date() },
      ...extraAdmins.map((userId) => ({ userId, role: 'admin' as const, joinedAt: new Date() })),
      { userId: memberA, role: 'participant', joinedAt: new Date() },
      { userId: memberB, role: 'participant', joinedAt: new Date() },
    ],
  });
  return ws._id.toHexString();
}

async function rolesOf(workspaceId: string): Promise<Map<string, Role>> {
  const ws = await Workspace.findById(workspaceId).lean();
  return new Map(ws!.members.map((m) => [m.userId.toHexString(), m.role]));
}

const setRole = (agent: Agent, workspaceId: string, userId: Types.ObjectId | string, role: Role) =>
  agent.request<MemberDto>('PATCH', `/api/workspaces/${workspaceId}/members/${String(userId)}`, { role });

describe('concurrent membership changes', () => {
  it('keepsEverySignedInJoinerWhileTheAdminChangesARoleEvery15Ms', async () => {
    const cycle: Role[] = ['observer', 'moderator', 'participant'];
    for (let run = 0; run < RUNS; run++) {
      const workspaceId = await freshWorkspace();
      const invite = await admin.request<{ token: string }>(
        'POST',
        `/api/workspaces/${workspaceId}/invites`,
        {
          role: 'participant',
          maxUses: 10,
        },
      );
      expect(invite.status).toBe(201);
      let accepting = true;
      let lastStored: Role | null = null;
      let changes = 0;
      const roleChanger = (async () => {
        while (accepting || changes < 2) {
          const role = cycle[changes % cycle.length];
          const res = await setRole(admin, workspaceId, memberA, role);
          expect(res.status).toBe(200);
          lastStored = role;
          changes += 1;
          await sleep(15);
        }
      })();
      const accepts = await Promise.all(
        joiners.map(async ({ agent }) => {
          const res = await agent.request<SessionDto>('POST', `/api/invites/${invite.body.token}/accept`, {});
          if (res.status === 201) agent.csrfToken = res.body.csrfToken;
          return res.status;
        }),
      );
      accepting = false;
      await roleChanger;
      expect(accepts).toEqual([201, 201, 201, 201, 201, 201]);
      const roles = await rolesOf(workspaceId);
      for (const { id, agent } of joiners) {
        expect(roles.get(id)).toBe('participant');
        expect((await agent.request('GET', `/api/workspaces/${workspaceId}`)).status).toBe(200);
      }
      expect(roles.get(memberA.toHexString())).toBe(lastStored);
      expect(roles.size).toBe(3 + joiners.length);
      expect((await Invite.findOne({ workspaceId }).lean())?.uses).toBe(joiners.length);
    }
  });

  it('storesTwoSimultaneousRoleChangesOnTwoMembers', async () => {
    for (let run = 0; run < RUNS; run++) {
      const workspaceId = await freshWorkspace();
      const [toA, toB]: Role[] = run % 2 ? ['moderator', 'observer'] : ['observer', 'moderator'];
      const [a, b] = await Promise.all([
        setRole(admin, workspaceId, memberA, toA),
        setRole(admin, workspaceId, memberB, toB),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const roles = await rolesOf(workspaceId);
      expect(roles.get(memberA.toHexString())).toBe(toA);
      expect(roles.get(memberB.toHexString())).toBe(toB);
      expect(roles.get(adminId.toHexString())).toBe('admin');
    }
  });

  it('refusesToDemoteOrRemoveTheLastAdmin', async () => {
    const workspaceId = await freshWorkspace();
    const demote = await setRole(admin, workspaceId, adminId, 'moderator');
    expect(demote.status).toBe(409);
    expect(demote.body).toMatchObject({
      error: { code: 'conflict', message: expect.stringMatching(/last admin/i) },
    });
    const remove = await admin.request(
      'DELETE',
      `/api/workspaces/${workspaceId}/members/${adminId.toHexString()}`,
    );
    expect(remove.status).toBe(409);
    expect((await rolesOf(workspaceId)).get(adminId.toHexString())).toBe('admin');
    // Removing an ordinary member works, once.
    const gone = await admin.request(
      'DELETE',
      `/api/workspaces/${workspaceId}/members/${memberB.toHexString()}`,
    );
    expect(gone.status).toBe(204);
    const again = await admin.request(
      'DELETE',
      `/api/workspaces/${workspaceId}/members/${memberB.toHexString()}`,
    );
    expect(again.status).toBe(404);
    expect((await rolesOf(workspaceId)).has(memberB.toHexString())).toBe(false);
  });

  it('leavesOneAdminWhenTwoAdminsDemoteThemselvesAtOnce', async () => {
    const second = await buildUser({ name: 'Second admin' });
    const secondAgent = await signIn(app.url, second.email);
    for (let run = 0; run < RUNS; run++) {
      const workspaceId = await freshWorkspace([second._id]);
      const results = await Promise.all([
        setRole(admin, workspaceId, adminId, 'participant'),
        setRole(secondAgent, workspaceId, second._id, 'participant'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const admins = [...(await rolesOf(workspaceId)).values()].filter((r) => r === 'admin');
      expect(admins).toHaveLength(1);
      // The demoted admin's session is rotated: sign in again for the next run.
      if (results[0].status === 200)
        admin = await signIn(app.url, (await User.findById(adminId).lean())!.email);
      else await secondAgent.login(second.email, 'correct horse battery');
    }
  });
});

describe('pending invites (members screen)', () => {
  it('listsPendingInvitesAndRevokesOneSoItsLinkStopsWorking', async () => {
    const workspaceId = await freshWorkspace();
    const make = (maxUses: number) =>
      admin.request<{ id: string; token: string }>('POST', `/api/workspaces/${workspaceId}/invites`, {
        role: 'observer',
        maxUses,
      });
    const kept = await make(5);
    const revoked = await make(5);
    const list = await admin.request<{ id: string; createdAt: string }[]>(
      'GET',
      `/api/workspaces/${workspaceId}/invites`,
    );
    expect(list.status).toBe(200);
    expect(list.body.map((i) => i.id).sort()).toEqual([kept.body.id, revoked.body.id].sort());
    const gone = await admin.request('DELETE', `/api/workspaces/${workspaceId}/invites/${revoked.body.id}`);
    expect(gone.status).toBe(204);
    expect(
      (await admin.request('DELETE', `/api/workspaces/${workspaceId}/invites/${revoked.body.id}`)).status,
    ).toBe(404);
    const after = await admin.request<{ id: string }[]>('GET', `/api/workspaces/${workspaceId}/invites`);
    expect(after.body.map((i) => i.id)).toEqual([kept.body.id]);
    expect((await new Agent(app.url).request('GET', `/api/invites/${revoked.body.token}`)).status).toBe(404);
    const [joiner] = joiners;
    const refused = await joiner.agent.request('POST', `/api/invites/${revoked.body.token}/accept`, {});
    expect(refused.status).toBe(404);
    expect((await rolesOf(workspaceId)).has(joiner.id)).toBe(false);
    // Members and observers of the workspace may not list or revoke.
    const member = joiners[1];
    await Workspace.updateOne(
      { _id: workspaceId },
      {
        $push: {
          members: { userId: new Types.ObjectId(member.id), role: 'moderator', joinedAt: new Date() },
        },
      },
    );
    expect((await member.agent.request('GET', `/api/workspaces/${workspaceId}/invites`)).status).toBe(403);
    expect(
      (await member.agent.request('DELETE', `/api/workspaces/${workspaceId}/invites/${kept.body.id}`)).status,
    ).toBe(403);
  });
});

describe('unique races (reliability row 12)', () => {
  it('createsOneAccountFrom20IdenticalSignUpsAndAnswersTheRestIdempotently', async () => {
    const workspaceId = await freshWorkspace();
    const invite = await admin.request<{ token: string }>('POST', `/api/workspaces/${workspaceId}/invites`, {
      role: 'participant',
      maxUses: 50,
    });
    const email = 'twenty-times@example.test';
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        new Agent(app.url).request<SessionDto>('POST', `/api/invites/${invite.body.token}/accept`, {
          name: 'Twenty Times',
          email,
          password: 'tangerine harbour lighthouse 42',
        }),
      ),
    );
    // One account; every answer is either the same signed-in account (idempotent) or a clear conflict.
    expect(await User.countDocuments({ email })).toBe(1);
    const user = await User.findOne({ email }).lean();
    for (const r of results) {
      if (r.status === 201) expect(r.body.user.id).toBe(user!._id.toHexString());
      else expect(r.status).toBe(409);
    }
    expect(results.some((r) => r.status === 201)).toBe(true);
    const roles = await rolesOf(workspaceId);
    expect(roles.get(user!._id.toHexString())).toBe('participant');
    expect((await Workspace.findById(workspaceId).lean())!.members).toHaveLength(4);
    // One use of the invite for one new member.
    expect((await Invite.findOne({ workspaceId }).lean())?.uses).toBe(1);
  });

  it('storesOneReactionFrom20IdenticalParallelReactions', async () => {
    const world = await buildWorld();
    const moderator = await personaSocket(app.url, world.users.moderator.email);
    const participant = await personaSocket(app.url, world.users.participant.email);
    try {
      await openFirstQuestion(moderator.socket, world);
      const created = await command<PostChangeDto>(participant.socket, 'post:create', {
        questionId: world.questionIds[0][0],
        clientId: newClientId(),
        body: 'React to me twenty times',
      });
      // Over several sockets of the same user (one socket allows 8 commands in progress).
      const sockets = [moderator.socket];
      for (let i = 0; i < 3; i++) sockets.push(await connectSocket(app.url, moderator.agent.cookie));
      const acks = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          emitAck<PostChangeDto>(sockets[i % sockets.length], 'reaction:add', {
            postId: created.post.id,
            reaction: 'heart',
          }),
        ),
      );
      // Every answer is the same idempotent success: the moderator's one heart.
      for (const ack of acks) {
        expect(ack.ok).toBe(true);
        if (ack.ok) expect(ack.data.post.reactions.heart).toEqual([world.users.moderator.id]);
      }
      const stored = await Post.findById(created.post.id).lean();
      expect(stored!.reactions.heart.map(String)).toEqual([world.users.moderator.id]);
      for (const socket of sockets.slice(1)) socket.close();
    } finally {
      moderator.socket.close();
      participant.socket.close();
    }
  });

  it('joinsOnceFrom20IdenticalAcceptancesOfASignedInUser', async () => {
    const workspaceId = await freshWorkspace();
    const invite = await admin.request<{ token: string }>('POST', `/api/workspaces/${workspaceId}/invites`, {
      role: 'participant',
      maxUses: 50,
    });
    const user = await buildUser({ name: 'Twenty clicks' });
    const agent = await signIn(app.url, user.email);
    // The same browser session clicking 20 times: the first acceptance rotates the session, so the
    // others may be refused as signed out/CSRF (401/403) — but never a second membership or use.
    const results = await Promise.all(
      Array.from({ length: 20 }, () => agent.request('POST', `/api/invites/${invite.body.token}/accept`, {})),
    );
    expect(results.some((r) => r.status === 201)).toBe(true);
    for (const r of results) expect([201, 400, 401, 403, 409]).toContain(r.status);
    const ws = await Workspace.findById(workspaceId).lean();
    expect(ws!.members.filter((m) => m.userId.equals(user._id))).toHaveLength(1);
    expect((await Invite.findOne({ workspaceId }).lean())?.uses).toBe(1);
  });
});
