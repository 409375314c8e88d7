import type { MeDto, SessionDto } from '@polos/shared';
import { User } from '../../../server/src/features/users/user.model';
import { buildWorld, signIn, startTestServer, type TestServer, type TestWorld } from '../../helpers/server';

/**
 * The account's UI language (issue 13): saved with `PATCH /api/users/me {locale}` (en, es, pt, fr), stored in
 * users.locale and returned with the session on every later sign-in, so another device opens in it.
 */
let app: TestServer;
let world: TestWorld;
beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
});
afterAll(async () => {
  await app?.stop();
});

test('savedLocaleComesBackWithTheSessionOnAnotherDevice', async () => {
  const email = world.users.participant.email;
  const laptop = await signIn(app.url, email);
  for (const locale of ['pt', 'fr'] as const) {
    const saved = await laptop.request<MeDto>('PATCH', '/api/users/me', { locale });
    expect(saved.status).toBe(200);
    expect(saved.body.locale).toBe(locale);
    expect((await User.findOne({ email }).lean())?.locale).toBe(locale);
    // A fresh sign-in (another browser) gets it with the session.
    const phone = await signIn(app.url, email);
    const session = await phone.request<SessionDto>('GET', '/api/auth/session');
    expect(session.body.user.locale).toBe(locale);
  }
});

test('anUnofferedLocaleIsRefusedAndNothingChanges', async () => {
  const email = world.users.observer.email;
  const agent = await signIn(app.url, email);
  expect((await agent.request<MeDto>('PATCH', '/api/users/me', { locale: 'es' })).status).toBe(200);
  for (const locale of ['de', 'pt-BR', '', 42]) {
    const res = await agent.request<{ error: { code: string } }>('PATCH', '/api/users/me', { locale });
    expect({ locale, status: res.status, code: res.body.error?.code }).toEqual({
      locale,
      status: 400,
      code: 'invalid',
    });
  }
  expect((await User.findOne({ email }).lean())?.locale).toBe('es');
});
