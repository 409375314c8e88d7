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

declare function firstParagraphText(): string;

/**
 * QA finding: Bold chosen with Ctrl+B or the toolbar was lost (then inverted by the next Ctrl+B) when another
 * person's edit arrived between the shortcut and the next key. Each remote edit is made to arrive exactly there.
 */
describe('bold while someone else types in the same draft', () => {
  let app: AppProcess;
  let browser: BrowserSession;
  const pages: ObservedPage[] = [];
  let carlos: Page;
  let moderator: Page;

  const account = (accounts: DemoAccount[], role: string): DemoAccount => {
    const found = accounts.find((a) => a.role === role);
    if (!found) throw new Error(`no demo ${role} in the server output:\n${app.output()}`);
    return found;
  };
  const editor = (page: Page) => page.locator('.draft-prose');
  /** The first paragraph's text without the other person's caret label. */
  const defineFirstParagraphText = (page: Page) =>
    page.addInitScript(() => {
      (window as unknown as { firstParagraphText: () => string }).firstParagraphText = () => {
        const first = document.querySelector('.draft-prose p')?.cloneNode(true) as HTMLElement | undefined;
        first?.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
        return first?.textContent ?? '';
      };
    });
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
    for (let i = 0; i < 2; i += 1) pages.push(await openPage(browser.browser, 'about:blank'));
    [carlos, moderator] = pages.map((p) => p.page) as [Page, Page];
    await defineFirstParagraphText(carlos);
    const participant = account(accounts, 'participant');
    const mod = account(accounts, 'moderator');
    await Promise.all([
      signIn(carlos, app.url, participant.email, participant.password),
      signIn(moderator, app.url, mod.email, mod.password),
    ]);
    const workspaceId = /\/w\/([a-f0-9]{24})/.exec(carlos.url())?.[1];
    await carlos.goto(`${app.url}/w/${workspaceId}/drafts`);
    await carlos.getByTestId('draft-link').first().click();
    await carlos.waitForURL(/\/drafts\/[a-f0-9]{24}$/);
    await moderator.goto(carlos.url());
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('boldChosenBeforeARemoteEditAppliesToTheNextTypedText', async () => {
    await withArtifacts(
      'draft-concurrent-marks',
      () => pages,
      async () => {
        await Promise.all([synced(carlos), synced(moderator)]);
        await editor(moderator).click();
        await moderator.keyboard.type('Moderator line');
        await moderator.keyboard.press('Enter');
        await moderator.keyboard.type('Carlos line');
        await editor(carlos).getByText('Carlos line').waitFor({ timeout: 15_000 });
        await editor(moderator).getByText('Moderator line').click();
        await moderator.keyboard.press('End');
        await editor(carlos).getByText('Carlos line').click();
        await carlos.keyboard.press('End');

        // The moderator types one letter in the other paragraph; Carlos continues once it has reached him.
        let remote = 'Moderator line';
        const remoteEdit = async () => {
          await moderator.keyboard.type('x');
          remote += 'x';
          await carlos.waitForFunction((text) => firstParagraphText() === text, remote, { timeout: 15_000 });
        };
        const bold = carlos.locator('.draft-toolbar .tb-bold');

        await carlos.keyboard.type(' concurrent: ');
        await carlos.keyboard.press('Control+b');
        await remoteEdit();
        await carlos.keyboard.type('BOLD2');
        await carlos.keyboard.press('Control+b');
        await remoteEdit();
        await carlos.keyboard.type(' normal2.');
        await bold.click();
        await remoteEdit();
        await carlos.keyboard.type('BOLD3');
        await bold.click();
        await remoteEdit();
        await carlos.keyboard.type(' end');

        const expected = 'Carlos line concurrent: BOLD2 normal2.BOLD3 end';
        for (const page of [carlos, moderator]) {
          await editor(page).getByText(expected).waitFor({ timeout: 15_000 });
          expect(await editor(page).locator('strong').allInnerTexts()).toEqual(['BOLD2', 'BOLD3']);
        }
        expect(await carlos.evaluate(() => firstParagraphText())).toBe(remote);
      },
    );
  });
});
