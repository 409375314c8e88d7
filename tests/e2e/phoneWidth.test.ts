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

/**
 * Every page an admin reaches works at 390 px: no horizontal overflow (QA: the workspace navigation made the
 * page 461–465 px wide, "Audit" off-screen), and each page names itself in the browser tab, in the UI language.
 */
describe('every page at 390 px as admin', () => {
  let app: AppProcess;
  let browser: BrowserSession;
  const pages: ObservedPage[] = [];

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([
      startAppProcess({ bundle: true }),
      launchBrowser(),
    ]);
    if (started.status === 'fulfilled') app = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Widest element's right edge and the document's scroll width (both must fit 390 px). */
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const wide = [...document.querySelectorAll('body *')]
        .map((el) => ({ el, right: el.getBoundingClientRect().right }))
        .filter(({ right }) => right > window.innerWidth + 0.5)
        .slice(0, 3)
        .map(({ el, right }) => `${el.tagName}.${el.className} → ${Math.round(right)}`);
      return { scrollWidth: document.documentElement.scrollWidth, wide };
    });

  const expectFits = async (page: Page, what: string) => {
    const { scrollWidth, wide } = await overflow(page);
    // The page and what sticks out, in the failure message.
    expect({ what, scrollWidth, wide: scrollWidth > 390 ? wide : [] }).toEqual({
      what,
      scrollWidth: Math.min(scrollWidth, 390),
      wide: [],
    });
  };

  test('homeMembersAuditAccountBlockArchiveAndDraftsFitAndNameTheirTab', async () => {
    await withArtifacts(
      'phone-width-admin',
      () => pages,
      async () => {
        const admin = parseDemoAccounts(app.output()).find((a) => a.role === 'admin');
        if (!admin) throw new Error(`no demo admin in the server output:\n${app.output()}`);
        const observed = await openPage(browser.browser, 'about:blank');
        pages.push(observed);
        const { page } = observed;
        await page.setViewportSize({ width: 390, height: 844 });
        await signIn(page, app.url, admin.email, admin.password);
        const home = page.url().replace(/(\/w\/[a-f0-9]{24}).*$/, '$1');
        const workspaceTitle = (await page.locator('.workspace-home h1').innerText()).trim();

        await expectFits(page, 'home');
        expect(await page.title()).toBe(`Workspace home · ${workspaceTitle} · Polos`);

        const visit = async (path: string, what: string, title: RegExp) => {
          await page.goto(`${home}${path}`);
          await page.locator('main h1, h1').first().waitFor();
          await page.waitForLoadState('networkidle');
          await expectFits(page, what);
          expect(await page.title()).toMatch(title);
        };
        await visit('/members', 'members', /^Members · .+ · Polos$/);
        // "(you)" stays beside the admin's own name, not wrapped under the "Name" label.
        const own = page.locator('td', { hasText: '(you)' }).first();
        const nameBox = (await own.locator('bdi').first().boundingBox())!;
        const youBox = (await own.getByText('(you)').boundingBox())!;
        expect(youBox.x).toBeGreaterThan(nameBox.x);
        expect(Math.abs(youBox.y - nameBox.y)).toBeLessThan(nameBox.height);
        await visit('/audit', 'audit', /^Audit · .+ · Polos$/);
        await visit('/archive', 'archive', /^Archive · .+ · Polos$/);
        await visit('/drafts', 'drafts', /Polos$/);
        await visit('/translations', 'translations', /^Translations · .+ · Polos$/);

        await page.goto(home);
        const blockLink = page.locator(`a[href*="/b/"]`).first();
        await blockLink.click();
        await page.waitForURL(/\/b\/[a-f0-9]{24}/);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        await expectFits(page, 'block');
        expect(await page.title()).toMatch(/^.+ · .+ · Polos$/);

        await page.goto(`${app.url}/account`);
        await page.getByTestId('account-page').waitFor();
        await expectFits(page, 'account');
        expect(await page.title()).toBe('Your account and data · Polos');

        // The tab title follows the UI language.
        await page.getByRole('combobox').first().selectOption('es');
        await page.waitForFunction(() => document.title === 'Su cuenta y sus datos · Polos');
      },
    );
  });
});
