import type { BlockDto, MeDto, QuestionDto, SessionDto } from '@polos/shared';
import { User } from '../../../server/src/features/users/user.model';
import { command, connectSocket, signIn, useTestWorld, waitForEvent } from '../../helpers/server';

/**
 * Languages (issue 13). The account's UI language: saved with `PATCH /api/users/me {locale}` (en, es, pt, fr),
 * stored in users.locale and returned with the session on every later sign-in, so another device opens in it.
 * Admin-written texts per language: `PATCH /api/blocks/:id/texts` and `/api/questions/:id/text` (admins only),
 * stored per language path and published live.
 */
const env = useTestWorld();

test('savedLocaleComesBackWithTheSessionOnAnotherDevice', async () => {
  const email = env.world.users.participant.email;
  const laptop = await signIn(env.app.url, email);
  for (const locale of ['pt', 'fr'] as const) {
    const saved = await laptop.request<MeDto>('PATCH', '/api/users/me', { locale });
    expect(saved.status).toBe(200);
    expect(saved.body.locale).toBe(locale);
    expect((await User.findOne({ email }).lean())?.locale).toBe(locale);
    // A fresh sign-in (another browser) gets it with the session.
    const phone = await signIn(env.app.url, email);
    const session = await phone.request<SessionDto>('GET', '/api/auth/session');
    expect(session.body.user.locale).toBe(locale);
  }
});

test('anUnofferedLocaleIsRefusedAndNothingChanges', async () => {
  const email = env.world.users.observer.email;
  const agent = await signIn(env.app.url, email);
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

describe('admin-written texts per language', () => {
  test('anAdminAddsPortugueseAndFrenchAndMembersGetThemLive', async () => {
    const admin = await signIn(env.app.url, env.world.users.admin.email);
    const member = await signIn(env.app.url, env.world.users.participant.email);
    const socket = await connectSocket(env.app.url, member.cookie);
    try {
      await command(socket, 'workspace:join', { workspaceId: env.world.workspaceId });
      const blockId = env.world.blockIds[0];
      const live = waitForEvent<BlockDto>(socket, 'block:updated', (b) => b.id === blockId);
      const res = await admin.request<BlockDto>('PATCH', `/api/blocks/${blockId}/texts`, {
        title: { pt: ' Competitividade ', fr: 'Compétitivité' },
        description: { fr: 'Comment les pôles grandissent.' },
      });
      expect(res.status).toBe(200);
      expect(res.body.title).toMatchObject({ pt: 'Competitividade', fr: 'Compétitivité' });
      expect(res.body.title.en.length).toBeGreaterThan(0); // untouched languages stay
      expect(res.body.description.fr).toBe('Comment les pôles grandissent.');
      expect((await live).title.pt).toBe('Competitividade');

      // '' removes a translation (the UI falls back to English again).
      const removed = await admin.request<BlockDto>('PATCH', `/api/blocks/${blockId}/texts`, {
        title: { pt: '' },
      });
      expect(removed.body.title.pt).toBeUndefined();
      expect(removed.body.title.fr).toBe('Compétitivité');

      const questionId = env.world.questionIds[0][0];
      const question = await admin.request<QuestionDto>('PATCH', `/api/questions/${questionId}/text`, {
        text: { pt: 'Como o polo coopera?' },
      });
      expect(question.status).toBe(200);
      expect(question.body.text.pt).toBe('Como o polo coopera?');
    } finally {
      socket.close();
    }
  });

  test('onlyAdminsMayEditAndBadEditsAreRefused', async () => {
    const blockId = env.world.blockIds[0];
    const moderator = await signIn(env.app.url, env.world.users.moderator.email);
    const denied = await moderator.request('PATCH', `/api/blocks/${blockId}/texts`, { title: { fr: 'x' } });
    expect(denied.status).toBe(403);
    const admin = await signIn(env.app.url, env.world.users.admin.email);
    for (const body of [
      {},
      { title: {} },
      { title: { en: '' } }, // English stays required
      { title: { de: 'Wettbewerb' } },
      { title: { fr: 'x'.repeat(201) } },
      { title: { fr: ' \u200b ' } },
    ]) {
      const res = await admin.request<{ error: { code: string } }>(
        'PATCH',
        `/api/blocks/${blockId}/texts`,
        body,
      );
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({
        body,
        status: 400,
        code: 'invalid',
      });
    }
    const missing = await admin.request('PATCH', `/api/blocks/${'0'.repeat(24)}/texts`, {
      title: { fr: 'x' },
    });
    expect(missing.status).toBe(404);
  });
});
