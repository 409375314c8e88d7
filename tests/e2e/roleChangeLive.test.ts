import type { Page } from 'playwright-core';
import { Post } from '../../server/src/features/posts/post.model';
import { signIn as signInAgent, type Agent } from '../helpers/server';
import { useInProcessServer } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

jest.setTimeout(90_000);

/**
 * When the server ends or changes a socket's authorisation (an admin changes the member's role: the server
 * disconnects their sockets and rotates their session), the open page ends in the right state without a reload:
 * connected again, with the new role (no composer for an observer, the composer back for a participant), and a
 * post queued offline by a member who became an observer meanwhile is refused with the reason, not sent.
 */
describe('a role change reaches the member’s open page', () => {
  const e2e = useInProcessServer();
  let admin: Agent;
  let page: Page;

  const textbox = () => page.getByRole('textbox', { name: 'Your post (Markdown)' });
  const status = () => page.getByTestId('connection-status');
  const setRole = async (role: string) => {
    const res = await admin.request(
      'PATCH',
      `/api/workspaces/${e2e.world.workspaceId}/members/${e2e.world.users.participant.id}`,
      { role },
    );
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    admin = await signInAgent(e2e.url, e2e.world.users.admin.email);
    page = await e2e.openFirstBlockAs(e2e.world.users.participant.email, { width: 390, height: 844 });
    await textbox().waitFor();
  });

  test('theOpenPageReconnectsWithTheNewRoleEachTimeTheAdminChangesIt', async () => {
    await e2e.artifacts('role-change-live', async () => {
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
      expect(e2e.pages[0].consoleLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
    });
  });

  test('aPostQueuedOfflineByAMemberWhoBecameAnObserverIsRefusedWithTheReason', async () => {
    await e2e.artifacts('role-change-queued', async () => {
      await page.context().setOffline(true);
      await eventually(
        () => status().innerText(),
        (text) => expect(text).toContain('Offline'),
      );
      const body = `Queued before the role change ${Date.now()}`;
      await textbox().fill(body);
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      await page.locator('article.post.pending[data-status="queued"]').waitFor();
      await setRole('observer');
      await page.context().setOffline(false);

      const refused = page.locator('article.post.pending[data-status="failed"]');
      await refused.waitFor();
      expect(await refused.innerText()).toContain('You are not allowed to do that.');
      await textbox().waitFor({ state: 'detached' });
      await eventually(
        () => page.locator('.offline-banner').count(),
        (n) => expect(n).toBe(0),
      );
      expect(await Post.countDocuments({ body })).toBe(0);
    });
  });

  test('whenTheSessionIsEndedElsewhereThePageShowsTheSignInForm', async () => {
    await e2e.artifacts('session-ended-elsewhere', async () => {
      const elsewhere = await signInAgent(e2e.url, e2e.world.users.participant.email);
      expect((await elsewhere.request('POST', '/api/auth/logout-all')).status).toBe(204);
      await page.getByLabel('Password').waitFor();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });
  });
});
