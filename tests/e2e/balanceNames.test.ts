import type { PostChangeDto } from '@polos/shared';
import { useInProcessServer } from '../helpers/e2e';
import { signIn } from '../helpers/browser';
import { command, newClientId, personaSocket, TEST_PASSWORD } from '../helpers/server';

jest.setTimeout(90_000);

/**
 * QA: the Balance page in the Spanish UI showed raw codes — countries "MX", languages "en", roles "participant", the
 * block filter "1 2", the time axis "2026-11-30T00". In Spanish, at 390 px, in Mexico City's time zone: countries,
 * languages and roles are named in Spanish, the filters list block titles and question texts, days are dates and
 * hours are the viewer's local hours (the column names the zone).
 */
describe('the balance page names what it counts', () => {
  const e2e = useInProcessServer();

  test('theSpanishBalancePageNamesCountriesLanguagesRolesBlocksAndTimes', async () => {
    await e2e.artifacts('balance-names', async () => {
      const { workspaceId } = e2e.world;
      // A participant of the Mexican district (account language English) posts.
      const participant = await personaSocket(e2e.url, e2e.world.users.participant.email);
      await command(participant.socket, 'workspace:join', { workspaceId });
      const { post } = await command<PostChangeDto>(participant.socket, 'post:create', {
        questionId: e2e.world.questionIds[0][0],
        clientId: newClientId(),
        body: 'Una aportación del distrito',
      });
      participant.socket.disconnect();
      const zone = 'America/Mexico_City';
      const page = await e2e.openInContext(
        await e2e.browser.newContext({
          locale: 'es-ES',
          timezoneId: zone,
          viewport: { width: 390, height: 844 },
        }),
      );
      await signIn(page, e2e.url, e2e.world.users.moderator.email, TEST_PASSWORD);
      await page.goto(`${e2e.url}/w/${workspaceId}/balance`);
      // The account's language (English) arrives with the page's data: switch only once it is there, or it switches
      // back (CI, under load).
      await page.getByRole('heading', { name: 'Bi-regional balance' }).waitFor();
      await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('es');
      await page.getByRole('heading', { name: 'Equilibrio birregional' }).waitFor();
      await page.getByRole('heading', { name: 'Indicador de equilibrio' }).waitFor();

      const rowHeads = async (caption: string) =>
        page
          .locator('table', { has: page.locator('caption', { hasText: caption }) })
          .first()
          .locator('tbody th')
          .allInnerTexts();
      expect(await rowHeads('País')).toEqual(['México']);
      expect(await rowHeads('Idioma')).toEqual(['inglés']);
      expect(await rowHeads('Rol')).toEqual(['participante']);

      const blockOptions = await page.getByLabel('Bloque').locator('option').allInnerTexts();
      expect(blockOptions).toEqual(['Todos', '1. Block 1 (es)', '2. Block 2 (es)']);
      await page.getByLabel('Bloque').selectOption({ label: '1. Block 1 (es)' });
      const questionOptions = await page.getByLabel('Pregunta').locator('option').allInnerTexts();
      expect(questionOptions[1]).toMatch(/^1\. \S/);
      expect(questionOptions[1]).not.toBe('1');
      await page.getByLabel('Bloque').selectOption({ label: 'Todos' });

      // Days: the UTC day of the post, as a Spanish date.
      const utcDay = new Intl.DateTimeFormat('es-ES', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(post.createdAt),
      );
      const timeChart = page.locator('section.balance-chart', {
        has: page.getByRole('heading', { name: 'Publicaciones en el tiempo' }),
      });
      await timeChart.getByText('Ver como tabla').click();
      const timeTable = page.locator('table', {
        has: page.locator('caption', { hasText: 'Publicaciones en el tiempo' }),
      });
      await timeTable.locator('thead th', { hasText: 'Día (UTC)' }).waitFor();
      expect(await timeTable.locator('tbody th').allInnerTexts()).toEqual([utcDay]);

      // Hours: the post's hour in Mexico City, and the zone named in the column.
      await page.getByLabel('Intervalo').selectOption('hour');
      await timeTable.locator('thead th', { hasText: zone }).waitFor();
      const hour = new Intl.DateTimeFormat('es-ES', {
        hour: '2-digit',
        hourCycle: 'h23',
        timeZone: zone,
      }).format(new Date(post.createdAt));
      const cell = (await timeTable.locator('tbody th').allInnerTexts())[0] ?? '';
      expect(cell).toContain(`${hour}:00`);
      expect(cell).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      const svgText = await timeChart.locator('.balance-chart-box').innerText();
      expect(svgText).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

      // 390 px: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(e2e.pageErrors()).toEqual([]);
    });
  });
});
