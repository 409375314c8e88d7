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
import { parseDemoAccounts } from './demoAccounts';

jest.setTimeout(120_000);

/** QA finding: at 390 px the draft toolbar wrapped to three rows and scrolled out of view with the text. */
describe('the draft toolbar at 390 px', () => {
  let app: AppProcess;
  let browser: BrowserSession;
  const pages: ObservedPage[] = [];
  let page: Page;

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([startAppProcess(), launchBrowser()]);
    if (started.status === 'fulfilled') app = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
    const participant = parseDemoAccounts(app.output()).find((a) => a.role === 'participant');
    if (!participant) throw new Error(`no demo participant:\n${app.output()}`);
    pages.push(await openPage(browser.browser, 'about:blank'));
    page = pages[0].page;
    await page.setViewportSize({ width: 390, height: 700 });
    await signIn(page, app.url, participant.email, participant.password);
    const workspaceId = /\/w\/([a-f0-9]{24})/.exec(page.url())?.[1];
    await page.goto(`${app.url}/w/${workspaceId}/drafts`);
    await page.getByTestId('draft-link').first().click();
    await page.waitForURL(/\/drafts\/[a-f0-9]{24}$/);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('theToolbarIsOneRowAndStaysInViewWhileTheDraftScrolls', async () => {
    await withArtifacts(
      'draft-toolbar-390',
      () => pages,
      async () => {
        const toolbar = page.getByRole('toolbar');
        const bold = toolbar.locator('.tb-bold');
        await bold.waitFor();
        const row = (await bold.boundingBox())!.height;
        // One row (the buttons scroll sideways), not three.
        expect((await toolbar.boundingBox())!.height).toBeLessThan(row * 1.8);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.locator('.draft-prose').click();
        for (let i = 0; i < 40; i += 1) await page.keyboard.press('Enter');
        await page.keyboard.type('far down');
        await page.mouse.wheel(0, 600);
        await page.waitForFunction(() => window.scrollY > 300);
        const box = (await toolbar.boundingBox())!;
        expect(box.y).toBeGreaterThanOrEqual(-1);
        expect(box.y).toBeLessThan(700);
        // The last button is reachable by scrolling the toolbar sideways.
        await toolbar.locator('.tb-link').scrollIntoViewIfNeeded();
        expect(await toolbar.locator('.tb-link').isVisible()).toBe(true);
      },
    );
  });
});
