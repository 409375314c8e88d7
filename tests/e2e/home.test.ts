import { startAppProcess, type AppProcess } from '../helpers/appProcess';
import {
  launchBrowser,
  openPage,
  withArtifacts,
  type BrowserSession,
  type ObservedPage,
} from '../helpers/browser';

jest.setTimeout(60000);

describe('home page in a real browser', () => {
  let app: AppProcess;
  let browser: BrowserSession;
  const pages: ObservedPage[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startAppProcess({ env: { DEMO: 'false' } }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('rendersProductName', async () => {
    await withArtifacts(
      'home-renders-product-name',
      () => pages,
      async () => {
        const observed = await openPage(browser.browser, app.url);
        pages.push(observed);
        await observed.page.getByRole('link', { name: /Polos/ }).first().waitFor();
        expect(await observed.page.title()).toBe('Polos');
        expect(await observed.page.locator('header').innerText()).toContain('Polos');
        expect(observed.consoleLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
      },
    );
  });

  test('healthReportsEmbeddedDatabase', async () => {
    const response = await fetch(`${app.url}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; db: { kind: string; connected: boolean } };
    const expectedKind = process.env.MONGODB_URI ? 'mongodb' : 'embedded';
    expect(body).toMatchObject({ ok: true, db: { kind: expectedKind, connected: true } });
  });
});
