import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { ThreadPageDto } from '@polos/shared';
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
 * Issue 15.10 and 15.11 with the built app in Chromium against the real server:
 * - the composer's unsent text survives a reload (and a lock/unlock of the thread);
 * - posts written offline wait (the connection state next to the composer says so), go out by themselves when the
 *   connection is back, and are stored once each, in the order they were written.
 */
const clientDistDir = path.resolve(__dirname, '..', '..', 'client', 'dist');

describe('composer drafts and the offline outbox in a real browser', () => {
  let testDb: TestDatabase;
  let database: Database;
  let server: PolosServer;
  let url = '';
  let world: TestWorld;
  let questionId = '';
  let moderator: TestSocket;
  let reader: Agent;
  let browser: BrowserSession;
  let context: BrowserContext;
  let page: Page;
  const observed: ObservedPage[] = [];
  const consoleLog: string[] = [];

  const textbox = () => page.getByRole('textbox', { name: 'Your post (Markdown)' });
  const status = () => page.getByTestId('connection-status');
  const storedBodies = async (): Promise<string[]> => {
    const res = await reader.request<ThreadPageDto>(
      'GET',
      `/api/questions/${questionId}/posts?afterSeq=0&limit=200`,
    );
    expect(res.status).toBe(200);
    return res.body.posts.map((p) => p.body);
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
    questionId = world.questionIds[0][0];
    reader = await signInAgent(url, world.users.participant2.email);

    // A phone-sized window: the composer and its connection state must work at 390 px.
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

  test('unsentTextComesBackAfterAReloadAndAfterTheThreadIsLockedAndUnlocked', async () => {
    await withArtifacts(
      'composer-draft-restore',
      () => observed,
      async () => {
        await textbox().fill('Our district trains **welders** with the port');
        await page.reload();
        await textbox().waitFor();
        expect(await textbox().inputValue()).toBe('Our district trains **welders** with the port');

        // The moderator locks the thread (the composer goes away) and unlocks it (it comes back, text and all).
        await command(moderator, 'thread:lock', { questionId });
        await textbox().waitFor({ state: 'detached' });
        await command(moderator, 'thread:unlock', { questionId });
        await textbox().waitFor();
        expect(await textbox().inputValue()).toBe('Our district trains **welders** with the port');

        // Posting it clears the draft: after a reload the composer is empty.
        await page.getByRole('button', { name: 'Post', exact: true }).click();
        await eventually(storedBodies, (bodies) =>
          expect(bodies).toContain('Our district trains **welders** with the port'),
        );
        await page.reload();
        await textbox().waitFor();
        expect(await textbox().inputValue()).toBe('');
      },
    );
  });

  test('theComposerIsTwoTabStopsAwayAndHasAShortcut', async () => {
    await withArtifacts(
      'composer-keyboard',
      () => observed,
      async () => {
        await page.reload();
        await textbox().waitFor();
        // From the top of the page: "Skip to content", then "Skip to the composer".
        await page.locator('body').focus();
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        const skip = page.getByRole('link', { name: 'Skip to the composer (Alt+Shift+W)' });
        expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
        expect(await skip.getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+W');
        await page.keyboard.press('Enter');
        expect(await textbox().evaluate((el) => el === document.activeElement)).toBe(true);
        // The shortcut, from anywhere on the page.
        await page.locator('body').focus();
        await page.keyboard.press('Alt+Shift+KeyW');
        expect(await textbox().evaluate((el) => el === document.activeElement)).toBe(true);
      },
    );
  });

  test('aModeratorOnAPhoneFindsTheConsoleAboveTheThread', async () => {
    await withArtifacts(
      'moderator-390',
      () => observed,
      async () => {
        const modContext = await browser.browser.newContext({
          locale: 'en-GB',
          viewport: { width: 390, height: 844 },
        });
        try {
          const modPage = await modContext.newPage();
          await signIn(modPage, url, world.users.moderator.email, TEST_PASSWORD);
          await modPage.goto(`${url}/w/${world.workspaceId}/b/${world.blockIds[0]}`);
          const panel = modPage.getByTestId('moderator-console');
          await panel.waitFor();
          const consoleBox = await panel.boundingBox();
          const threadBox = await modPage.locator('.question-thread').boundingBox();
          expect(consoleBox && threadBox && consoleBox.y < threadBox.y).toBe(true);
          // In view at once, without scrolling.
          expect(consoleBox!.y).toBeLessThan(844);
          expect(await modPage.getByRole('button', { name: 'Close question', exact: true }).isVisible()).toBe(
            true,
          );
          // Nothing wider than the screen.
          expect(await modPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        } finally {
          await modContext.close();
        }
      },
    );
  });

  test('threePostsWrittenOfflineAreSentOnReconnectAndStoredOnceInOrder', async () => {
    await withArtifacts(
      'offline-outbox',
      () => observed,
      async () => {
        const before = (await storedBodies()).length;
        await context.setOffline(true);
        await eventually(
          () => status().innerText(),
          (text) => expect(text).toContain('Offline'),
        );
        const bodies = ['Offline one', 'Offline two', 'Offline three'].map((b) => `${b} ${Date.now()}`);
        for (const body of bodies) {
          await textbox().fill(body);
          await page.getByRole('button', { name: 'Post', exact: true }).click();
        }
        // They wait, visibly, next to the composer — nothing reached the server.
        await eventually(
          () => status().innerText(),
          (text) => expect(text).toContain('3 posts waiting to be sent'),
        );
        expect(await page.locator('article.post.pending[data-status="queued"]').count()).toBe(3);
        expect((await storedBodies()).length).toBe(before);
        // The status is a live region, in view next to the composer.
        expect(await status().getAttribute('role')).toBe('status');
        expect(await status().isVisible()).toBe(true);

        await context.setOffline(false);
        await eventually(storedBodies, (stored) => expect(stored.slice(before)).toEqual(bodies), 20_000);
        await eventually(
          () => page.locator('article.post.pending').count(),
          (n) => expect(n).toBe(0),
        );
        expect(await status().innerText()).toContain('Connected');
        // Each stored once (the client ids are unique per author and post).
        for (const body of bodies) expect(await Post.countDocuments({ body })).toBe(1);
        expect(consoleLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
      },
    );
  });
});
