import type { Page } from 'playwright-core';
import type { ThreadPageDto } from '@polos/shared';
import { Post } from '../../server/src/features/posts/post.model';
import { useInProcessServer } from '../helpers/e2e';
import { command, signIn as signInAgent, type Agent } from '../helpers/server';
import { eventually } from '../helpers/wait';

jest.setTimeout(90_000);

/**
 * Issue 15.10 and 15.11 with the built app in Chromium against the real server:
 * - the composer's unsent text survives a reload (and a lock/unlock of the thread);
 * - posts written offline wait (the connection state next to the composer says so), go out by themselves when the
 *   connection is back, and are stored once each, in the order they were written.
 */
describe('composer drafts and the offline outbox in a real browser', () => {
  const e2e = useInProcessServer();
  let questionId = '';
  let reader: Agent;
  let page: Page;

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
    questionId = e2e.world.questionIds[0][0];
    reader = await signInAgent(e2e.url, e2e.world.users.participant2.email);
    // A phone-sized window: the composer and its connection state must work at 390 px.
    page = await e2e.openFirstBlockAs(e2e.world.users.participant.email, { width: 390, height: 844 });
    await textbox().waitFor();
  });

  test('unsentTextComesBackAfterAReloadAndAfterTheThreadIsLockedAndUnlocked', async () => {
    await e2e.artifacts('composer-draft-restore', async () => {
      await textbox().fill('Our district trains **welders** with the port');
      await page.reload();
      await textbox().waitFor();
      expect(await textbox().inputValue()).toBe('Our district trains **welders** with the port');

      // The moderator locks the thread (the composer goes away) and unlocks it (it comes back, text and all).
      await command(e2e.moderator, 'thread:lock', { questionId });
      await textbox().waitFor({ state: 'detached' });
      await command(e2e.moderator, 'thread:unlock', { questionId });
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
    });
  });

  test('theComposerIsTwoTabStopsAwayAndHasAShortcut', async () => {
    await e2e.artifacts('composer-keyboard', async () => {
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
    });
  });

  test('aModeratorOnAPhoneFindsTheConsoleAboveTheThread', async () => {
    await e2e.artifacts('moderator-390', async () => {
      const modPage = await e2e.openFirstBlockAs(e2e.world.users.moderator.email, {
        width: 390,
        height: 844,
      });
      try {
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
        await modPage.context().close();
      }
    });
  });

  test('threePostsWrittenOfflineAreSentOnReconnectAndStoredOnceInOrder', async () => {
    await e2e.artifacts('offline-outbox', async () => {
      const before = (await storedBodies()).length;
      await page.context().setOffline(true);
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

      await page.context().setOffline(false);
      await eventually(storedBodies, (stored) => expect(stored.slice(before)).toEqual(bodies), 20_000);
      await eventually(
        () => page.locator('article.post.pending').count(),
        (n) => expect(n).toBe(0),
      );
      expect(await status().innerText()).toContain('Connected');
      // Each stored once (the client ids are unique per author and post).
      for (const body of bodies) expect(await Post.countDocuments({ body })).toBe(1);
      expect(e2e.pages[0].consoleLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
    });
  });
});
