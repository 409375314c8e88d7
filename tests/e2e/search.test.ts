import type { PostChangeDto } from '@polos/shared';
import { useInProcessServer } from '../helpers/e2e';
import { signIn } from '../helpers/browser';
import { command, newClientId, TEST_PASSWORD } from '../helpers/server';

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
});
