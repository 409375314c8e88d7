import type { SessionDto } from '@polos/shared';
import { Agent, TEST_PASSWORD, useTestWorld } from '../../helpers/server';

jest.setTimeout(60_000);

const env = useTestWorld();

const login = (agent: Agent, email: string) =>
  agent.request<SessionDto>('POST', '/api/auth/login', { email, password: TEST_PASSWORD });

describe('parallel sign-ins (reliability matrix rows 12, 20)', () => {
  it('signsInDifferentAndSameAccountsInParallelWithoutA500', async () => {
    const { admin, moderator, participant, participant2, observer } = env.world.users;
    const emails = [
      admin,
      moderator,
      participant,
      participant2,
      observer,
      participant,
      participant,
      moderator,
    ];
    const agents = emails.map(() => new Agent(env.app.url));
    const results = await Promise.all(agents.map((agent, i) => login(agent, emails[i].email)));
    expect(results.map((r) => r.status)).toEqual(emails.map(() => 200));
    // Every sign-in got its own working session.
    const sessions = await Promise.all(
      agents.map((agent) => agent.request<SessionDto>('GET', '/api/auth/session')),
    );
    expect(sessions.map((s) => s.body.user?.email)).toEqual(emails.map((e) => e.email));
    expect(new Set(agents.map((a) => a.cookie)).size).toBe(agents.length);
  });

  it('signsInTwiceInParallelFromOneBrowserWithoutA500', async () => {
    const agent = new Agent(env.app.url);
    await agent.login(env.world.users.participant.email, TEST_PASSWORD);
    const first = agent.cookie;
    // The same browser (same old cookie) sends several sign-ins at once: each ends the same previous session.
    const clones = [0, 1, 2, 3].map(() => {
      const clone = new Agent(env.app.url);
      clone.cookie = first;
      return clone;
    });
    const results = await Promise.all(clones.map((c) => login(c, env.world.users.participant.email)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const stale = new Agent(env.app.url);
    stale.cookie = first;
    expect((await stale.request('GET', '/api/auth/session')).body).toEqual({ user: null });
  });
});
