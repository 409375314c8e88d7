import { CSRF_HEADER, type SessionDto } from '@polos/shared';
import { parseOptions } from '@node-rs/argon2';
import { Session } from '../../../server/src/features/sessions/session.model';
import { User } from '../../../server/src/features/users/user.model';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import { Invite } from '../../../server/src/features/invites/invite.model';
import { Agent, command, connectSocket, emitAck, signIn, useTestWorld, waitFor } from '../../helpers/server';

jest.setTimeout(90_000);

const env = useTestWorld();

describe('accounts and sessions', () => {
  it('signsInWithHttpOnlyLaxCookieAndRotatesTheId', async () => {
    const agent = new Agent(env.app.url);
    const res = await agent.request<SessionDto>('POST', '/api/auth/login', {
      email: env.world.users.participant.email,
      password: 'correct horse battery',
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const first = agent.cookie;
    agent.csrfToken = res.body.csrfToken;
    await agent.login(env.world.users.participant.email, 'correct horse battery');
    expect(agent.cookie).not.toBe(first);
    // The previous id is no longer valid.
    const stale = new Agent(env.app.url);
    stale.cookie = first;
    // Signed out is an ordinary answer (no console error on every fresh page load): 200 with no user.
    const staleSession = await stale.request('GET', '/api/auth/session');
    expect(staleSession.status).toBe(200);
    expect(staleSession.body).toEqual({ user: null });
    expect(staleSession.headers.get('set-cookie') ?? '').not.toContain(first);
    const session = await agent.request<SessionDto>('GET', '/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.email).toBe(env.world.users.participant.email);
  });

  it('storesArgon2idHashesWithStrongParameters', async () => {
    const user = await User.findOne({ email: env.world.users.admin.email }).lean();
    const options = parseOptions(user!.passwordHash);
    expect(user!.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(options.memoryCost).toBeGreaterThanOrEqual(19456);
    expect(options.timeCost).toBeGreaterThanOrEqual(2);
  });

  it('refusesStateChangesWithoutCsrfTokenOrFromForeignOrigin', async () => {
    const agent = await signIn(env.app.url, env.world.users.participant.email);
    const noToken = await agent.request('PATCH', '/api/users/me', { name: 'Hacked' }, { [CSRF_HEADER]: '' });
    expect(noToken.status).toBe(403);
    const foreign = await agent.request(
      'PATCH',
      '/api/users/me',
      { name: 'Hacked' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect((await User.findOne({ email: env.world.users.participant.email }).lean())?.name).not.toBe(
      'Hacked',
    );
    const ok = await agent.request(
      'PATCH',
      '/api/users/me',
      { name: 'Renamed participant' },
      { origin: env.app.url },
    );
    expect(ok.status).toBe(200);
  });

  it('refusesOperatorInjectionInLogin', async () => {
    const agent = new Agent(env.app.url);
    const res = await agent.request('POST', '/api/auth/login', { email: { $ne: '' }, password: { $ne: '' } });
    expect(res.status).toBe(400);
  });

  it('authenticatesSocketsWithTheSessionCookieAndRefusesForeignOrigins', async () => {
    await expect(connectSocket(env.app.url, undefined)).rejects.toThrow('unauthenticated');
    await expect(connectSocket(env.app.url, 'forged-session-id-forged-session-id')).rejects.toThrow(
      'unauthenticated',
    );
    const agent = await signIn(env.app.url, env.world.users.observer.email);
    await expect(
      connectSocket(env.app.url, agent.cookie, { origin: 'https://evil.example' }),
    ).rejects.toThrow('forbidden_origin');
    const socket = await connectSocket(env.app.url, agent.cookie, { origin: env.app.url });
    await command(socket, 'workspace:join', { workspaceId: env.world.workspaceId });
    socket.close();
  });

  it('disconnectsSocketsOfASessionThatSignsOut', async () => {
    const agent = await signIn(env.app.url, env.world.users.participant2.email);
    const other = await signIn(env.app.url, env.world.users.participant2.email);
    const socket = await connectSocket(env.app.url, agent.cookie);
    const otherSocket = await connectSocket(env.app.url, other.cookie);
    const revoked = new Promise((resolve) => socket.once('session:revoked', resolve));
    expect((await agent.request('POST', '/api/auth/logout')).status).toBe(204);
    await revoked;
    await waitFor(() => socket.disconnected, 1000);
    expect(otherSocket.connected).toBe(true);
    // Sign out everywhere ends the other session too.
    expect((await other.request('POST', '/api/auth/logout-all')).status).toBe(204);
    await waitFor(() => otherSocket.disconnected, 1000);
    expect(await Session.countDocuments({ userId: env.world.users.participant2.id })).toBe(0);
  });

  it('signsUpByInviteOnceWithinMaxUses', async () => {
    const admin = await signIn(env.app.url, env.world.users.admin.email);
    const created = await admin.request<{ token: string }>(
      'POST',
      `/api/workspaces/${env.world.workspaceId}/invites`,
      {
        role: 'participant',
        maxUses: 1,
      },
    );
    expect(created.status).toBe(201);
    const token = created.body.token;
    const preview = await new Agent(env.app.url).request<{ role: string }>('GET', `/api/invites/${token}`);
    expect(preview.body.role).toBe('participant');
    const results = await Promise.all(
      [0, 1, 2].map((i) =>
        new Agent(env.app.url).request('POST', `/api/invites/${token}/accept`, {
          name: `Newcomer ${i}`,
          email: `newcomer${i}@example.test`,
          password: 'a long enough password',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect((await Invite.findOne({}).lean())?.uses).toBe(1);
    const ws = await Workspace.findById(env.world.workspaceId).lean();
    expect(ws!.members.filter((m) => m.role === 'participant')).toHaveLength(3);
  });

  it('rotatesSessionAndDropsSocketsOnRoleChange', async () => {
    const admin = await signIn(env.app.url, env.world.users.admin.email);
    const observer = await signIn(env.app.url, env.world.users.observer.email);
    const socket = await connectSocket(env.app.url, observer.cookie);
    const before = observer.cookie;
    const res = await admin.request(
      'PATCH',
      `/api/workspaces/${env.world.workspaceId}/members/${env.world.users.observer.id}`,
      {
        role: 'participant',
      },
    );
    expect(res.status).toBe(200);
    await waitFor(() => socket.disconnected, 1000);
    const session = await observer.request<SessionDto>('GET', '/api/auth/session');
    expect(session.status).toBe(200);
    expect(observer.cookie).not.toBe(before);
    expect(session.body.workspaces[0]?.role).toBe('participant');
    const ack = await emitAck(await connectSocket(env.app.url, observer.cookie), 'workspace:join', {
      workspaceId: env.world.workspaceId,
    });
    expect(ack.ok).toBe(true);
  });
  // Last: it blocks every sign-in from this address for 15 minutes.
  it('rateLimitsFailedLoginsWithRetryAfter', async () => {
    const agent = new Agent(env.app.url);
    let last = 0;
    for (let i = 0; i < 21; i++) {
      const res = await agent.request('POST', '/api/auth/login', {
        email: 'nobody@example.test',
        password: 'wrong-password',
      });
      last = res.status;
      if (i < 20) expect(res.status).toBe(401);
      else expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    expect(last).toBe(429);
  });
});
