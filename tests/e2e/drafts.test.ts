import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startAppProcess, type AppProcess } from '../helpers/appProcess';
import {
  launchBrowser,
  openPage,
  signIn,
  withArtifacts,
  type BrowserSession,
  type ObservedPage,
} from '../helpers/browser';
import { parseDemoAccounts, type DemoAccount } from './demoAccounts';

jest.setTimeout(120_000);

/** Two participants co-edit the overall conclusions in two browser contexts; the moderator publishes and downloads. */
describe('drafts in real browsers', () => {
  let app: AppProcess;
  let browser: BrowserSession;
  const pages: ObservedPage[] = [];
  let alice: Page;
  let bruno: Page;
  let moderator: Page;
  let draftUrl = '';

  const account = (accounts: DemoAccount[], role: string, index = 0): DemoAccount => {
    const found = accounts.filter((a) => a.role === role)[index];
    if (!found) throw new Error(`no demo ${role} #${index} in the server output:\n${app.output()}`);
    return found;
  };
  const open = async (): Promise<Page> => {
    const observed = await openPage(browser.browser, 'about:blank');
    pages.push(observed);
    return observed.page;
  };
  const editor = (page: Page) => page.locator('.draft-prose');
  const synced = (page: Page) =>
    page
      .getByTestId('draft-status')
      .filter({ hasText: /^(Saved|Guardado)$/ })
      .waitFor({ timeout: 20_000 });

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([startAppProcess(), launchBrowser()]);
    if (started.status === 'fulfilled') app = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
    const accounts = parseDemoAccounts(app.output());
    [alice, bruno, moderator] = await Promise.all([open(), open(), open()]);
    await Promise.all([
      signIn(
        alice,
        app.url,
        account(accounts, 'participant', 0).email,
        account(accounts, 'participant', 0).password,
      ),
      signIn(
        bruno,
        app.url,
        account(accounts, 'participant', 1).email,
        account(accounts, 'participant', 1).password,
      ),
      signIn(
        moderator,
        app.url,
        account(accounts, 'moderator').email,
        account(accounts, 'moderator').password,
      ),
    ]);
    const workspaceId = /\/w\/([a-f0-9]{24})/.exec(alice.url())?.[1];
    await alice.goto(`${app.url}/w/${workspaceId}/drafts`);
    await alice.getByTestId('draft-link').first().click();
    await alice.waitForURL(/\/drafts\/[a-f0-9]{24}$/);
    draftUrl = alice.url();
    await Promise.all([bruno.goto(draftUrl), moderator.goto(draftUrl)]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('twoContextsTypeIntoTheSameDraftAndSeeEachOthersTextAndCursor', async () => {
    await withArtifacts(
      'drafts-coediting',
      () => pages,
      async () => {
        await Promise.all([synced(alice), synced(bruno)]);
        await editor(alice).click();
        await alice.keyboard.type('Alice: clusters cooperate across regions.');
        await editor(bruno)
          .getByText('Alice: clusters cooperate across regions.')
          .waitFor({ timeout: 15_000 });
        await editor(bruno).click();
        await bruno.keyboard.press('Control+End');
        await bruno.keyboard.press('Enter');
        await bruno.keyboard.type('Bruno: shared missions.');
        await editor(alice).getByText('Bruno: shared missions.').waitFor({ timeout: 15_000 });
        // Each sees the other's caret with a name label.
        const brunoName = (await bruno.locator('.user-name').innerText())
          .replace(/^Signed in as /, '')
          .trim();
        await alice
          .locator('.collaboration-carets__label', { hasText: brunoName })
          .waitFor({ timeout: 15_000 });
        const aliceName = (await alice.locator('.user-name').innerText())
          .replace(/^Signed in as /, '')
          .trim();
        await bruno
          .locator('.collaboration-carets__label', { hasText: aliceName })
          .waitFor({ timeout: 15_000 });
      },
    );
  });

  test('moderatorSavesAVersionPublishesItAndDownloadsTheRelease', async () => {
    await withArtifacts(
      'drafts-publish',
      () => pages,
      async () => {
        await synced(moderator);
        await editor(moderator).getByText('Bruno: shared missions.').waitFor({ timeout: 15_000 });
        moderator.on('dialog', (dialog) => void dialog.accept());
        await moderator.getByLabel(/^(Version name|Nombre de la versión)/).fill('Hamburg 2015');
        await moderator.getByRole('button', { name: /^(Save version|Guardar versión)$/ }).click();
        const version = moderator.getByTestId('draft-version').filter({ hasText: 'Hamburg 2015' });
        await version.waitFor();
        await version.getByRole('button', { name: /^(Publish|Publicar)$/ }).click();
        const release = moderator.getByTestId('draft-release').first();
        await release.waitFor({ timeout: 15_000 });
        const [pdf] = await Promise.all([
          moderator.waitForEvent('download'),
          release.locator('a[data-format="pdf"]').click(),
        ]);
        const pdfBytes = readFileSync(await pdf.path());
        expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
        const [md] = await Promise.all([
          moderator.waitForEvent('download'),
          release.locator('a[data-format="md"]').click(),
        ]);
        const markdown = readFileSync(await md.path(), 'utf8');
        expect(markdown).toContain('Alice: clusters cooperate across regions.');
        expect(markdown).toContain('Bruno: shared missions.');
        expect(markdown).toContain('Release 1');
        // The participants see the release too.
        await alice.getByTestId('draft-release').first().waitFor({ timeout: 15_000 });
      },
    );
  });
});
