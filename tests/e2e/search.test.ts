import { Types } from 'mongoose';
import type { PostChangeDto } from '@polos/shared';
import { District } from '../../server/src/features/districts/district.model';
import { useInProcessServer } from '../helpers/e2e';
import { signIn } from '../helpers/browser';
import { buildDistrict, command, newClientId, TEST_PASSWORD } from '../helpers/server';

jest.setTimeout(60000);

/** Issue 13.4 in a real browser: French UI, "/" opens the search, a result opens the post in its thread. */
describe('search in a real browser', () => {
  const e2e = useInProcessServer();

  test('aFrenchSearchFindsThePostAndItsLinkLandsOnIt', async () => {
    await e2e.artifacts('search-french', async () => {
      const { post } = await command<PostChangeDto>(e2e.moderator, 'post:create', {
        questionId: e2e.world.questionIds[0][0],
        clientId: newClientId(),
        body: 'La competitividad del clúster de **Bogotá**',
      });
      const page = await e2e.open();
      await signIn(page, e2e.url, e2e.world.users.participant.email, TEST_PASSWORD);
      await page.goto(`${e2e.url}/w/${e2e.world.workspaceId}`);
      // Switch once the page (and the account's language) has loaded, or the load may switch it back.
      await page.waitForLoadState('networkidle');
      await page.getByLabel('Language').selectOption('fr');
      await page.getByRole('link', { name: 'Rechercher' }).waitFor();

      await page.locator('body').press('/');
      const search = page.getByRole('search', { name: 'Rechercher dans ce programme' });
      const field = search.getByLabel(
        'Rechercher des messages, questions, conclusions et profils de districts',
      );
      await field.fill('Bogota');
      await field.press('Enter');
      await page.getByRole('status').filter({ hasText: '1 résultat pour « Bogota »' }).waitFor();
      const result = page.getByRole('list', { name: 'Résultats' }).getByRole('link');
      expect(await page.locator('.search-results mark').allInnerTexts()).toContain('Bogotá');

      await result.first().click();
      // The question is open: the link lands on the live block page, at the post, which takes the focus.
      await page.waitForURL((u) => u.hash === `#post-${post.id}` && u.pathname.includes('/b/'));
      await page.locator(`article[data-post-id="${post.id}"]`).waitFor();
      await page.waitForFunction(
        (id) => document.activeElement?.closest('[data-post-id]')?.getAttribute('data-post-id') === id,
        post.id,
      );
      expect(e2e.pageErrors()).toEqual([]);
    });
  });

  /**
   * QA: at 390 px in Spanish the page was 547 px wide — the search field and "Buscar" cut off, the filters
   * fieldset sticking out (a fieldset is at least as wide as its widest content, here the district list with the
   * demo's long names). In every UI language (pt and fr have the longest labels) nothing is wider than the phone
   * and the field, the button and every filter are whole on screen.
   */
  test('fitsAt390PxInEveryLanguageWithTheFieldButtonAndFiltersWholeOnScreen', async () => {
    await e2e.artifacts('search-phone', async () => {
      // The longest names the demo seed has, in the district and author lists.
      for (const name of [
        'Secretaría Demo de Desarrollo Económico de Nuevo León',
        'Clúster Demo de Tecnologías de la Información de Jalisco',
      ]) {
        const district = await buildDistrict({ name });
        await District.updateOne(
          { _id: district._id },
          { $addToSet: { workspaceIds: new Types.ObjectId(e2e.world.workspaceId) } },
        );
      }
      const page = await e2e.open({ viewport: { width: 390, height: 844 } });
      await signIn(page, e2e.url, e2e.world.users.participant.email, TEST_PASSWORD);
      await page.goto(`${e2e.url}/w/${e2e.world.workspaceId}/search?q=cluster`);
      await page.waitForLoadState('networkidle');
      for (const lang of ['es', 'en', 'pt', 'fr']) {
        await page.getByRole('combobox', { name: /^(Language|Idioma|Langue)$/ }).selectOption(lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        const search = page.getByRole('search');
        // The district list is loaded (its options decide the widest filter).
        await search
          .locator('select[name="districtId"] option', { hasText: 'Tecnologías de la Información' })
          .waitFor({ state: 'attached' });
        await page.getByTestId('search-count').filter({ hasText: /\d/ }).waitFor();
        const { scrollWidth, wide } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          wide: [...document.querySelectorAll('main *')]
            .map((el) => ({ el, right: el.getBoundingClientRect().right }))
            .filter(({ right }) => right > window.innerWidth + 0.5)
            .slice(0, 3)
            .map(({ el, right }) => `${el.tagName}.${el.className} → ${Math.round(right)}`),
        }));
        expect({ lang, scrollWidth, wide }).toEqual({
          lang,
          scrollWidth: Math.min(scrollWidth, 390),
          wide: [],
        });
        // The field, the button, the fieldset and each filter whole inside the phone's width.
        const boxes = await search.locator('input, select, button, fieldset').evaluateAll((els) =>
          els.map((el) => {
            const r = el.getBoundingClientRect();
            return {
              name: el.getAttribute('name') ?? el.tagName,
              left: r.left,
              right: r.right,
              width: r.width,
            };
          }),
        );
        expect(boxes.length).toBe(10);
        for (const box of boxes)
          expect({ lang, ...box, whole: box.left >= 0 && box.right <= 390 && box.width > 0 }).toEqual({
            lang,
            ...box,
            whole: true,
          });
      }
      expect(e2e.pageErrors()).toEqual([]);
    });
  });
});
