import type { Page } from 'playwright-core';
import { AgendaSession } from '../../server/src/features/agenda/agenda.model';
import { User } from '../../server/src/features/users/user.model';
import { useInProcessServer } from '../helpers/e2e';
import { signIn } from '../helpers/browser';
import { TEST_PASSWORD } from '../helpers/server';

jest.setTimeout(90_000);

/**
 * QA 2026-11-30, in Chromium at 390 px:
 * - M2: a double click on "Programar" sends one request and schedules one session;
 * - m5: the agenda names zones as people read them in the UI language (no "America/Mexico_City"), the block
 *   select shows block titles in the UI language, and a session title without a Portuguese version is marked "EN";
 * - m1: an untranslated workspace title is marked "EN" in the Spanish UI (it was shown as if it were Spanish);
 * - m6: the conclusions drafts are titled in the viewer's language ("Block 1 (es) — conclusiones").
 */
describe('agenda and titles in the viewer language', () => {
  const e2e = useInProcessServer();

  const openAs = async (persona: 'moderator' | 'participant', locale: string, browserLocale: string) => {
    const email = e2e.world.users[persona].email;
    await User.updateOne({ email }, { $set: { locale } });
    const context = await e2e.browser.newContext({
      locale: browserLocale,
      timezoneId: 'America/Mexico_City',
      viewport: { width: 390, height: 844 },
    });
    const page = await e2e.openInContext(context);
    await signIn(page, e2e.url, email, TEST_PASSWORD);
    await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
    return page;
  };
  const agendaOf = (page: Page) => page.goto(`${e2e.url}/w/${e2e.world.workspaceId}/agenda`);

  test('aSpanishModeratorSchedulesOnceAndEveryViewerReadsItsLanguage', async () => {
    await e2e.artifacts('agenda-languages', async () => {
      const moderator = await openAs('moderator', 'es', 'es-MX');
      // m1: the test workspace's title exists in English only: marked, with its language.
      await moderator.locator('[lang="en"]', { hasText: 'Test workspace' }).first().waitFor();

      await agendaOf(moderator);
      const form = moderator.locator('form', { hasText: 'Programar una sesión' });
      const options = form.getByLabel('Bloque (opcional)').locator('option');
      await options.nth(2).waitFor({ state: 'attached' });
      const blocks = await options.allInnerTexts();
      expect(blocks).toEqual(['Sin bloque', 'Block 1 (es)', 'Block 2 (es)']);

      await form.getByLabel('Título (inglés)').fill('Kick-off');
      await form.getByLabel('Título (español)').fill('Arranque');
      await form.getByLabel('Fecha').fill('2027-03-10');
      await form.getByLabel('Hora de inicio').fill('10:00');
      await form.getByLabel('Hora de fin').fill('11:30');
      const posts: string[] = [];
      moderator.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/agenda/sessions'))
          posts.push(request.url());
      });
      await form.getByRole('button', { name: 'Programar' }).dblclick();
      await moderator.getByRole('status').filter({ hasText: 'Sesión programada.' }).waitFor();
      const item = moderator.getByTestId('agenda-session');
      await item.waitFor();
      expect(posts).toHaveLength(1);
      expect(await item.count()).toBe(1);
      expect(await AgendaSession.countDocuments({ 'title.en': 'Kick-off' })).toBe(1);

      // m5: zones by name in Spanish, not IANA ids.
      const shown = await item.innerText();
      expect(shown).toContain('Arranque');
      expect(shown).toContain('Su hora (hora ');
      expect(shown).toContain('Colombia');
      expect(shown).not.toMatch(/America\/|Europe\/|Mexico City|Mexico_City/);

      // m6: the drafts list in Spanish.
      await moderator.goto(`${e2e.url}/w/${e2e.world.workspaceId}/drafts`);
      const drafts = moderator.getByTestId('draft-link');
      await drafts.first().waitFor();
      const titles = await drafts.allInnerTexts();
      expect(titles).toContain('Block 1 (es) — conclusiones');
      // The overall draft's title comes from the workspace's English-only title: English, marked.
      expect(
        titles.some((t) => t.startsWith('Test workspace — overall conclusions') && t.includes('EN')),
      ).toBe(true);

      // m5: a Portuguese viewer sees the English session title marked "EN".
      const participant = await openAs('participant', 'pt', 'en-GB');
      await agendaOf(participant);
      const heading = participant.getByTestId('agenda-session').locator('h3');
      await heading.locator('.lang-fallback').waitFor();
      expect(await heading.locator('[lang="en"]').innerText()).toBe('Kick-off');
      expect(await participant.getByTestId('agenda-session').innerText()).not.toMatch(/America\/|Europe\//);
      expect(e2e.pageErrors()).toEqual([]);
    });
  });
});
