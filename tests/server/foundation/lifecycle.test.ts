import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAppProcess, type AppProcess } from '../../helpers/appProcess';

jest.setTimeout(60000);

const clientIndex = path.resolve(__dirname, '..', '..', '..', 'client', 'dist', 'index.html');

describe('server process lifecycle', () => {
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  test('startsOnEmbeddedDatabaseAndStopsGracefullyOnSigterm', async () => {
    app = await startAppProcess({ env: { DEMO: 'false' } });
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    // Exit code 0 is the graceful stop: stop() sends SIGKILL after 15 s, which never exits with 0. No clock here.
    const code = await app.stop();
    app = undefined;
    expect(code).toBe(0);
  });

  test('servesTheBuiltClientWithCachingAndSpaFallback', async () => {
    expect(existsSync(clientIndex)).toBe(true); // npm test builds the client before Jest runs
    app = await startAppProcess({ env: { DEMO: 'false' } });
    const page = await fetch(`${app.url}/workspaces/some/deep/link`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const assetResponse = await fetch(`${app.url}${asset}`);
    expect(assetResponse.status).toBe(200);
    expect(assetResponse.headers.get('cache-control')).toContain('immutable');
    const missingAsset = await fetch(`${app.url}/assets/does-not-exist.js`);
    expect(missingAsset.status).toBe(404);
  });

  test('restartsOnTheSameDataAfterKill9WithTheSupervisedEngine', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polos-kill9-'));
    try {
      const first = await startAppProcess({ env: { DEMO: 'true' }, dataDir });
      expect(first.output()).toContain('Demo workspace created');
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      // The orphaned engine must let go of its data-dir lock, or this start would fail.
      app = await startAppProcess({ env: { DEMO: 'true' }, dataDir });
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
      expect(app.output()).not.toContain('Demo workspace created');
      const login = await fetch(`${app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: JSON.stringify({ email: 'carlos@demo.polos.example', password: 'polos-demo-2015' }),
      });
      expect(login.status).toBe(200);
    } finally {
      await app?.stop();
      app = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('refusesInvalidConfigurationListingEveryProblem', async () => {
    await expect(
      startAppProcess({ env: { PORT: 'x', LOG_LEVEL: 'loud' }, timeoutMs: 15000 }),
    ).rejects.toThrow(/PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/);
  });
});
