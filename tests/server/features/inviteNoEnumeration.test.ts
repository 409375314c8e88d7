/**
 * Accepting an invite must not tell whether an email has an account (issue 15.7, QA follow-up): every check
 * that depends only on the input (password length and strength, district) answers the same for an existing
 * email and a new one, through the real HTTP server.
 */
import { Types } from 'mongoose';
import { User } from '../../../server/src/features/users/user.model';
import {
  Agent,
  buildWorld,
  signIn,
  startTestServer,
  type TestServer,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

let app: TestServer;
let world: TestWorld;
let token: string;
beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
  const admin = await signIn(app.url, world.users.admin.email);
  const created = await admin.request<{ token: string }>(
    'POST',
    `/api/workspaces/${world.workspaceId}/invites`,
    { role: 'participant', maxUses: 50 },
  );
  expect(created.status).toBe(201);
  token = created.body.token;
});
afterAll(async () => {
  await app?.stop();
});

const accept = (body: Record<string, unknown>) =>
  new Agent(app.url).request('POST', `/api/invites/${token}/accept`, body);

describe('invite acceptance answers the same for an existing and a new email', () => {
  it.each([
    ['a weak password', { password: 'aaaaaaaaaa' }],
    ['a digits-only password', { password: '1234567890' }],
    ['a common password', { password: 'password12' }],
    ['a too-short password', { password: 'short' }],
    [
      'an unknown district',
      { password: 'violet tram across the harbour', districtId: new Types.ObjectId().toHexString() },
    ],
  ])('with %s', async (_label, extra) => {
    const existing = await accept({ name: 'Some One', email: world.users.nonMember.email, ...extra });
    const fresh = `fresh-${Math.random().toString(36).slice(2)}@example.test`;
    const created = await accept({ name: 'Some One', email: fresh, ...extra });
    expect(existing.status).toBeGreaterThanOrEqual(400);
    expect(existing.status).toBe(created.status);
    expect(existing.body).toEqual(created.body);
    expect(await User.countDocuments({ email: fresh })).toBe(0);
  });
});
