import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { connectDatabase, type Database } from '../../server/src/db/connection';
import { createLogger } from '../../server/src/lib/logger';
import { createServer, type PolosServer } from '../../server/src/server';
import { Post } from '../../server/src/features/posts/post.model';
import { startTestDatabase, type TestDatabase } from '../helpers/db';
import {
  buildWorld,
  command,
  connectSocket,
  openFirstQuestion,
  signIn as signInAgent,
  TEST_PASSWORD,
  testConfig,
  type Agent,
  type TestSocket,
  type TestWorld,
} from '../helpers/server';
import {
  launchBrowser,
  signIn,
  withArtifacts,
  type BrowserSession,
  type ObservedPage,
} from '../helpers/browser';
import { eventually } from '../helpers/wait';

jest.setTimeout(90_000);

/**
 * When the server ends or changes a socket's authorisation (an admin changes the member's role: the server
 * disconnects their sockets and rotates their session), the open page ends in the right state without a reload:
 * connected again, with the new role (no composer for an observer, the composer back for a participant), and a
 * post queued offline by a member who became an observer meanwhile is refused with the reason, not sent.
 */
const clientDistDir = path.resolve(__dirname, '..', '..', 'client', 'dist');

describe('a role change reaches the member’s open page', () => {
  let testDb: TestDatabase;
  let database: Database;
  let server: PolosServer;
  let url = '';
  let world: TestWorld;
  let moderator: TestSocket;
  let admin: Agent;
  let browser: BrowserSession;
  let context: BrowserContext;
  let page: Page;
  const observed: ObservedPage[] = [];
  const consoleLog: string[] = [];

  const textbox = () => page.getByRole('textbox', { name: 'Your post (Markdown)' });
  const status = () => page.getByTestId('connection-status');
  const setRole = async (role: string) => {
    const res = await admin.request(
      'PATCH',
      `/api/workspaces/${world.workspaceId}/members/${world.users.participant.id}`,
      { role },
    );
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    if (!existsSync(path.join(clientDistDir, 'index.html')))
      throw new Error('client/dist is missing: run `npm run build` first (npm test does)');
    const config = testConfig();
    const logger = createLogger(config.logLevel);
    const launching = launchBrowser();
    try {
      testDb = await startTestDatabase();
      database = await connectDatabase(testDb.uri, testDb.kind, logger);
      server = createServer({ config, logger, db: database, clientDistDir });
      url = await server.listen(0, '127.0.0.1');
    } finally {
      browser = await launching;
    }
    world = await buildWorld();
    moderator = await connectSocket(url, (await signInAgent(url, world.users.moderator.email)).cookie);
    await command(moderator, 'workspace:join', { workspaceId: world.workspaceId });
    await openFirstQuestion(moderator, world);
    admin = await signInAgent(url, world.users.admin.email);

    context = await browser.browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 } });
    page = await context.newPage();
    page.on('console', (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLog.push(`[pageerror] ${e.message}`));
    observed.push({ page, context, consoleLog });
    await signIn(page, url, world.users.participant.email, TEST_PASSWORD);
    await page.goto(`${url}/w/${world.workspaceId}/b/${world.blockIds[0]}`);
    await textbox().waitFor();
  });

  afterAll(async () => {
    moderator?.close();
    await context?.close();
    await browser?.close();
    await server?.close();
    await database?.close();
    await testDb?.stop();
  });

  // QA: at 390 px the post History dialog stuck to the top-left corner (x=0, y=0).
  test('theEditHistoryDialogIsCentredWithMarginsAtPhoneWidth', async () => {
    await withArtifacts(
      'history-dialog-phone',
      () => observed,
      async () => {
        const body = `First version ${Date.now()}`;
        await textbox().fill(body);
        await page.getByRole('button', { name: 'Post', exact: true }).click();
        const mine = page.locator('article.post:not(.pending)', { hasText: body });
        await mine.waitFor();
        await mine.getByRole('button', { name: 'Edit', exact: true }).click();
        await mine.getByRole('textbox').fill(`${body} (edited)`);
        await mine.getByRole('button', { name: 'Save', exact: true }).click();
        await mine.getByRole('button', { name: /^Edit history/ }).click();
        const dialog = page.locator('dialog[open]');
        await dialog.waitFor();
        const box = (await dialog.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(8);
        expect(box.y).toBeGreaterThanOrEqual(8);
        expect(box.x + box.width).toBeLessThanOrEqual(390 - 8);
        // Centred: the same margin left and right.
        expect(Math.abs(box.x - (390 - box.x - box.width))).toBeLessThanOrEqual(2);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      },
    );
  });

  test('theOpenPageReconnectsWithTheNewRoleEachTimeTheAdminChangesIt', async () => {
    await withArtifacts(
      'role-change-live',
      () => observed,
      async () => {
        await eventually(
          () => status().innerText(),
          (text) => expect(text).toContain('Connected'),
        );
        await setRole('observer');
        await page.getByText('Observers can read but not post.').waitFor();
        expect(await textbox().count()).toBe(0);
        // Connected again (no "Connection lost" banner), not stuck offline.
        await eventually(
          () => page.locator('.offline-banner').count(),
          (n) => expect(n).toBe(0),
        );

        await setRole('participant');
        await textbox().waitFor();
        await eventually(
          () => status().innerText(),
          (text) => expect(text).toContain('Connected'),
        );
        expect(consoleLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
      },
    );
  });

  test('aPostQueuedOfflineByAMemberWhoBecameAnObserverIsRefusedWithTheReason', async () => {
    await withArtifacts(
      'role-change-queued',
      () => observed,
      async () => {
        await context.setOffline(true);
        await eventually(
          () => status().innerText(),
          (text) => expect(text).toContain('Offline'),
        );
        const body = `Queued before the role change ${Date.now()}`;
        await textbox().fill(body);
        await page.getByRole('button', { name: 'Post', exact: true }).click();
        await page.locator('article.post.pending[data-status="queued"]').waitFor();
        await setRole('observer');
        await context.setOffline(false);

        const refused = page.locator('article.post.pending[data-status="failed"]');
        await refused.waitFor();
        expect(await refused.innerText()).toContain('You are not allowed to do that.');
        await textbox().waitFor({ state: 'detached' });
        await eventually(
          () => page.locator('.offline-banner').count(),
          (n) => expect(n).toBe(0),
        );
        expect(await Post.countDocuments({ body })).toBe(0);
      },
    );
  });

  test('whenTheSessionIsEndedElsewhereThePageShowsTheSignInForm', async () => {
    await withArtifacts(
      'session-ended-elsewhere',
      () => observed,
      async () => {
        const elsewhere = await signInAgent(url, world.users.participant.email);
        expect((await elsewhere.request('POST', '/api/auth/logout-all')).status).toBe(204);
        await page.getByLabel('Password').waitFor();
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
      },
    );
  });
});
