import type { Page } from 'playwright-core';
import { useInProcessServer } from '../helpers/e2e';
import { signIn } from '../helpers/browser';
import { command, TEST_PASSWORD } from '../helpers/server';

jest.setTimeout(90_000);

/**
 * QA: during a live session a participant on the Balance page got a 403 (in the console) and, under the page's
 * explanation, a "Download CSV" button the server refuses too. The access rule (`canSeeBalance`: moderators always,
 * everyone else only while no session runs) is applied by the page itself: the participant's page asks nothing,
 * says why and shows no download; once the session ends it loads the figures and offers the (working) download; a
 * new session takes both away again. A moderator keeps both during the session.
 */
describe('the balance page during a live session', () => {
  const e2e = useInProcessServer();

  /** Every request the page sends to the balance API (JSON or CSV). */
  const balanceRequests = (page: Page): string[] => {
    const seen: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/workspaces\/[a-f0-9]{24}\/balance/.test(request.url())) seen.push(request.url());
    });
    return seen;
  };

  test('aParticipantIsToldWhyAndGetsNoDownloadNorRefusedRequestUntilTheSessionEnds', async () => {
    await e2e.artifacts('balance-live', async () => {
      const { workspaceId } = e2e.world;
      const balanceUrl = `${e2e.url}/w/${workspaceId}/balance`;

      // The fixture's moderator has started a session: the participant opens the page directly.
      const participant = await e2e.open();
      await signIn(participant, e2e.url, e2e.world.users.participant.email, TEST_PASSWORD);
      const asked = balanceRequests(participant);
      await participant.goto(balanceUrl);
      await participant.getByRole('heading', { name: 'Bi-regional balance' }).waitFor();
      const why = participant.getByRole('status').filter({ hasText: 'A live session is running' });
      await why.waitFor();
      expect(await why.innerText()).toContain('CSV download');
      expect(await participant.getByRole('link', { name: 'Download CSV' }).count()).toBe(0);
      expect(await participant.getByRole('button', { name: 'Download CSV' }).count()).toBe(0);
      await participant.waitForLoadState('networkidle');
      expect(asked).toEqual([]);
      const consoleLog = e2e.pages.find((p) => p.page === participant)!.consoleLog;
      expect(consoleLog.filter((line) => line.includes('403'))).toEqual([]);

      // A moderator has the figures and the download during the session.
      const moderator = await e2e.open();
      await signIn(moderator, e2e.url, e2e.world.users.moderator.email, TEST_PASSWORD);
      await moderator.goto(balanceUrl);
      await moderator.getByText('only moderators see these figures').waitFor();
      await moderator.getByRole('link', { name: 'Download CSV' }).waitFor();

      // The session ends: the participant's page loads the figures and offers a download that works.
      await command(e2e.moderator, 'session:end', { workspaceId });
      await participant.getByRole('heading', { name: 'Balance indicator' }).waitFor();
      const csv = participant.getByRole('link', { name: 'Download CSV' });
      const response = await participant.request.get(
        new URL((await csv.getAttribute('href'))!, e2e.url).href,
      );
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain('text/csv');
      expect(await why.count()).toBe(0);

      // A new session: the figures and the download go away again, with the explanation.
      const before = asked.length;
      await command(e2e.moderator, 'session:start', { workspaceId, title: 'Second session' });
      await why.waitFor();
      expect(await csv.count()).toBe(0);
      expect(await participant.getByRole('heading', { name: 'Balance indicator' }).count()).toBe(0);
      await participant.waitForLoadState('networkidle');
      expect(asked.length).toBe(before);
      expect(e2e.pageErrors()).toEqual([]);
    });
  });
});
