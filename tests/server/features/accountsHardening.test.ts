/**
 * Issue 15.4 and 15.7 through the real HTTP server: the sign-in limiter counts per address and per account
 * before the password is checked, invite acceptance never tells whether an email has an account, and weak
 * passwords are refused.
 */
import type { SessionDto } from '@polos/shared';
import { LoginLimiter } from '../../../server/src/features/auth/loginLimiter';
import { Invite } from '../../../server/src/features/invites/invite.model';
import { User } from '../../../server/src/features/users/user.model';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import { Agent, buildUser, signIn, TEST_PASSWORD, useTestWorld } from '../../helpers/server';

jest.setTimeout(90_000);

const env = useTestWorld();

const login = (email: string, password: string) =>
  new Agent(env.app.url).request('POST', '/api/auth/login', { email, password });

describe('sign-in limiter (issue 15.4)', () => {
  // Each test gets a new server (and so a fresh limiter): every request comes from 127.0.0.1.
  beforeEach(async () => {
    await env.app.restart();
  });

  it('doesNotResetAnAddressFailuresWhenTheAttackerSignsIntoTheirOwnAccount', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push((await login(env.world.users.participant.email, `guess number ${i}`)).status);
      // The attacker's own correct sign-in between guesses used to clear the address's count.
      if (i % 5 === 4 && i < 19)
        expect((await login(env.world.users.observer.email, TEST_PASSWORD)).status).toBe(200);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
  });

  it('answers60SimultaneousWrongAttemptsWith429PastTheLimit', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login(env.world.users.participant2.email, `parallel guess ${i}`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    for (const r of results.filter((x) => x.status === 429)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.body).toMatchObject({ error: { code: 'rate_limited' } });
    }
  });

  it('countsAnAccountAcrossAddressesAndGivesBackOnlyASuccessfulAttempt', async () => {
    const limiter = new LoginLimiter({ addressLimit: 5, accountLimit: 8 });
    // 8 failures for one account from 8 addresses: the 9th address is refused for that account only.
    for (let i = 0; i < 8; i++) await limiter.begin(`10.0.0.${i}`, 'Victim@Example.test');
    await expect(limiter.begin('10.0.0.99', 'victim@example.test')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
    await expect(limiter.begin('10.0.0.99', 'someone-else@example.test')).resolves.toBeDefined();
    // Successes give their own attempt back and nothing more: four failures + any number of successes.
    for (let i = 0; i < 4; i++) await limiter.begin('10.0.1.1', `other${i}@example.test`);
    for (let i = 0; i < 10; i++) await (await limiter.begin('10.0.1.1', 'me@example.test')).succeeded();
    await limiter.begin('10.0.1.1', 'fifth@example.test');
    await expect(limiter.begin('10.0.1.1', 'sixth@example.test')).rejects.toMatchObject({ status: 429 });
  });
});

describe('accounts (issue 15.7)', () => {
  let token: string;
  beforeAll(async () => {
    await env.app.restart();
    const admin = await signIn(env.app.url, env.world.users.admin.email);
    const created = await admin.request<{ token: string }>(
      'POST',
      `/api/workspaces/${env.world.workspaceId}/invites`,
      {
        role: 'participant',
        maxUses: 20,
      },
    );
    token = created.body.token;
  });

  const accept = (body: Record<string, unknown>) =>
    new Agent(env.app.url).request<SessionDto>('POST', `/api/invites/${token}/accept`, body);

  it('answersAnExistingEmailWithAWrongPasswordLikeAFailedSignInNamingNoAccount', async () => {
    const usesBefore = (await Invite.findOne({ workspaceId: env.world.workspaceId }).lean())!.uses;
    const existing = await accept({
      name: 'Someone',
      email: env.world.users.nonMember.email,
      password: 'a different strong passphrase 77',
    });
    const unknownSignIn = await login('nobody-here@example.test', 'a different strong passphrase 77');
    expect(existing.status).toBe(401);
    expect(existing.status).toBe(unknownSignIn.status);
    expect(existing.body).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(JSON.stringify(existing.body)).not.toMatch(/exists|registered|taken|in use/i);
    expect(JSON.stringify(existing.body)).not.toContain(env.world.users.nonMember.email);
    expect(await User.countDocuments({ email: env.world.users.nonMember.email })).toBe(1);
    expect((await Invite.findOne({ workspaceId: env.world.workspaceId }).lean())!.uses).toBe(usesBefore);
  });

  it('joinsWithTheExistingAccountWhenItsPasswordIsGiven', async () => {
    const res = await accept({
      name: 'Ignored name',
      email: env.world.users.nonMember.email,
      password: TEST_PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body.user.id).toBe(env.world.users.nonMember.id);
    expect(res.body.user.name).toBe(env.world.users.nonMember.name);
    const ws = await Workspace.findById(env.world.workspaceId).lean();
    expect(ws!.members.find((m) => m.userId.toHexString() === env.world.users.nonMember.id)?.role).toBe(
      'participant',
    );
  });

  it.each(['aaaaaaaaaa', '1234567890', 'password12', '          ', 'weaklingnewcomer'])(
    'refusesTheWeakPassword %j',
    async (password) => {
      const email = `weak-${Math.random().toString(36).slice(2)}@example.test`;
      const res = await accept({ name: 'Weakling Newcomer', email, password });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: expect.stringMatching(/^(weak_password|invalid)$/) } });
      expect(await User.countDocuments({ email })).toBe(0);
    },
  );

  it('acceptsAStrongPasswordForANewAccount', async () => {
    const email = `strong-${Math.random().toString(36).slice(2)}@example.test`;
    const res = await accept({ name: 'Strong Newcomer', email, password: 'violet tram across the harbour' });
    expect(res.status).toBe(201);
    expect(await User.countDocuments({ email })).toBe(1);
  });

  it('refusesTheLastAdminDemotingThemself', async () => {
    const admin = await signIn(env.app.url, env.world.users.admin.email);
    const res = await admin.request(
      'PATCH',
      `/api/workspaces/${env.world.workspaceId}/members/${env.world.users.admin.id}`,
      {
        role: 'participant',
      },
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: { code: 'conflict', message: expect.stringMatching(/last admin/i) },
    });
    // With a second admin, the first may step down.
    const other = await buildUser({ name: 'Second admin' });
    await Workspace.updateOne(
      { _id: env.world.workspaceId },
      { $push: { members: { userId: other._id, role: 'admin', joinedAt: new Date() } } },
    );
    const ok = await admin.request(
      'PATCH',
      `/api/workspaces/${env.world.workspaceId}/members/${env.world.users.admin.id}`,
      {
        role: 'moderator',
      },
    );
    expect(ok.status).toBe(200);
  });
});
