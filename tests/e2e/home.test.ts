import { useAppProcess } from '../helpers/e2e';

jest.setTimeout(60000);

describe('home page in a real browser', () => {
  const e2e = useAppProcess({ env: () => ({ DEMO: 'false' }), bundle: true });

  test('rendersProductName', async () => {
    await e2e.artifacts('home-renders-product-name', async () => {
      const page = await e2e.open();
      await page.goto(e2e.url);
      await page.getByRole('link', { name: /Polos/ }).first().waitFor();
      // Each page names itself in the tab title, the product last ("Sign in · Polos"). The header can show before
      // the routed page's code has loaded and set the title (a busy machine widens that gap), so wait for it.
      await page
        .waitForFunction(() => / · Polos$/.test(document.title), undefined, { timeout: 20_000 })
        .catch(() => undefined); // reported by the assertion below, with the title it had
      expect(await page.title()).toMatch(/ · Polos$/);
      expect(await page.locator('header').innerText()).toContain('Polos');
      expect(e2e.pageErrors()).toEqual([]);
    });
  });

  test('healthReportsEmbeddedDatabase', async () => {
    const response = await fetch(`${e2e.url}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; db: { kind: string; connected: boolean } };
    const expectedKind = process.env.MONGODB_URI ? 'mongodb' : 'embedded';
    expect(body).toMatchObject({ ok: true, db: { kind: expectedKind, connected: true } });
  });
});
