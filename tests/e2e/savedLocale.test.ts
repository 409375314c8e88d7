import { User } from '../../server/src/features/users/user.model';
import { useInProcessServer } from '../helpers/e2e';
import { signIn } from '../helpers/browser';
import { TEST_PASSWORD } from '../helpers/server';
import { waitFor } from '../helpers/wait';

jest.setTimeout(60000);

/**
 * Issue 13: the account's saved language follows the user to a fresh browser (whose own language is English),
 * admin-written texts without a Portuguese version show the English one marked "EN" until an admin translates
 * them on the translations page, and switching the language while signed in saves it to the account.
 */
describe('saved locale in a real browser', () => {
  const e2e = useInProcessServer();

  test('aPortugueseUserSeesPortugueseOnAFreshBrowserAndAFrenchSwitchIsSaved', async () => {
    await e2e.artifacts('saved-locale-portuguese', async () => {
      const email = e2e.world.users.participant.email;
      await User.updateOne({ email }, { $set: { locale: 'pt' } });
      const page = await e2e.open({ locale: 'en-GB' });
      await signIn(page, e2e.url, email, TEST_PASSWORD); // the English sign-in form
      await page.waitForFunction(() => document.documentElement.lang === 'pt');
      await page.getByRole('link', { name: 'Pular para o conteúdo' }).waitFor({ state: 'attached' });
      expect(await page.getByLabel('Idioma').inputValue()).toBe('pt');

      // The test world's block titles are written in en/es only: shown in English with a marked fallback.
      await page.goto(`${e2e.url}/w/${e2e.world.workspaceId}/b/${e2e.world.blockIds[0]}`);
      const tag = page.locator('h1 .lang-fallback');
      await tag.waitFor();
      expect(await tag.innerText()).toContain('EN');
      expect(await tag.textContent()).toContain('Ainda sem tradução: exibido em inglês');
      expect(await page.locator('h1 [lang="en"]').count()).toBe(1);

      // An admin adds the Portuguese title on the translations page: the open Portuguese page shows it, unmarked.
      const admin = await e2e.open();
      await signIn(admin, e2e.url, e2e.world.users.admin.email, TEST_PASSWORD);
      await admin.goto(`${e2e.url}/w/${e2e.world.workspaceId}/translations`);
      // The block's card (the workspace's own texts have a card of their own above the blocks).
      const first = admin
        .locator('.translation-block')
        .filter({ has: admin.getByRole('button', { name: 'Save block 1' }) });
      await first.getByRole('group', { name: 'Title' }).getByLabel('Português').fill('Título em português');
      await first.getByRole('button', { name: 'Save block 1' }).click();
      await first.getByRole('status').filter({ hasText: 'Block 1 saved.' }).waitFor();
      await page.locator('h1', { hasText: 'Título em português' }).waitFor();
      expect(await tag.count()).toBe(0);

      await page.getByLabel('Idioma').selectOption('fr');
      await page.getByRole('link', { name: 'Aller au contenu' }).waitFor({ state: 'attached' });
      await waitFor(async () => (await User.findOne({ email }).lean())?.locale === 'fr', {
        what: 'the French choice saved to the account',
      });
      expect(e2e.pageErrors()).toEqual([]);
    });
  });

  test('aLanguagePickedWhileThePageLoadsIsNotUndoneByTheSessionRead', async () => {
    // CI: a test that switched to Spanish right after a page load saw it switch back to the account's English —
    // the session read, asked for before the pick and answered after it, applied the account's older language.
    await e2e.artifacts('saved-locale-picked-while-loading', async () => {
      const email = e2e.world.users.participant2.email;
      await User.updateOne({ email }, { $set: { locale: 'en' } });
      const page = await e2e.open({ locale: 'en-GB' });
      await signIn(page, e2e.url, email, TEST_PASSWORD);
      await page.getByRole('link', { name: 'Skip to content' }).waitFor({ state: 'attached' });
      // The next page load's session read is held back until the person has picked Spanish.
      let release = () => undefined as void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let heldOne = false;
      await page.route('**/api/auth/session', async (route) => {
        if (heldOne) return route.continue();
        heldOne = true;
        await held;
        await route.continue();
      });
      await page.goto(`${e2e.url}/account`);
      await waitFor(() => heldOne, { what: 'the session read under way' });
      await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('es');
      await page.waitForFunction(() => document.documentElement.lang === 'es');
      release();
      // The pick stands, and is saved to the account once the session is known.
      await waitFor(async () => (await User.findOne({ email }).lean())?.locale === 'es', {
        what: 'the Spanish choice saved to the account',
      });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
      expect(await page.getByRole('combobox', { name: 'Idioma', exact: true }).inputValue()).toBe('es');
      expect(e2e.pageErrors()).toEqual([]);
    });
  });
});
