import { Types } from 'mongoose';
import type { Page } from 'playwright-core';
import { District } from '../../server/src/features/districts/district.model';
import { Interest } from '../../server/src/features/matching/matching.model';
import { signIn } from '../helpers/browser';
import { useInProcessServer } from '../helpers/e2e';
import { TEST_PASSWORD, signIn as signInAgent } from '../helpers/server';
import { eventually } from '../helpers/wait';

jest.setTimeout(90_000);

/**
 * The network view live (issue 11.4): a LAC representative keeps the network open on a phone-width screen; an
 * EU representative finds their district in the Partners page's suggestions and expresses interest. The new
 * edge appears in the first one's table without a reload; the other side's interest back makes it a match.
 */
describe('the network view shows a new edge live', () => {
  const e2e = useInProcessServer();
  let eu = '';
  let lac = '';

  const card = (id: string, title: string) => ({
    id,
    title,
    description: null,
    sectors: ['52'],
    targetCountries: ['ES'],
  });
  const district = async (name: string, country: string, regionGroup: 'EU' | 'LAC', extra: object) =>
    (
      await District.create({
        name,
        country,
        region: 'R',
        regionGroup,
        kind: 'cluster',
        sectors: ['52'],
        demo: false,
        workspaceIds: [new Types.ObjectId(e2e.world.workspaceId)],
        ...extra,
      })
    )._id.toHexString();

  beforeAll(async () => {
    const { users } = e2e.world;
    eu = await district('Valencia Cold Chain', 'ES', 'EU', {
      representativeIds: [new Types.ObjectId(users.participant.id)],
      offers: [card('o1', 'Cold-chain logistics for fruit exports')],
    });
    lac = await district('Maule Fruit Cluster', 'CL', 'LAC', {
      kind: 'rd_organisation',
      representativeIds: [new Types.ObjectId(users.participant2.id)],
      requests: [card('r1', 'Cold chain logistics for fruit exports')],
    });
    // A match already in place, so the graph has something to draw from the start.
    const other = [
      await district('Porto Agrifood', 'PT', 'EU', {}),
      await district('Jalisco Agro', 'MX', 'LAC', {}),
    ];
    for (const [from, to] of [other, [...other].reverse()])
      await Interest.create({
        workspaceId: new Types.ObjectId(e2e.world.workspaceId),
        fromDistrictId: new Types.ObjectId(from),
        toDistrictId: new Types.ObjectId(to),
        byUserId: new Types.ObjectId(),
        about: null,
        note: null,
        state: 'active',
      });
  });

  const count = (page: Page, key: string) => page.locator(`[data-count="${key}"]`).innerText();

  test('anInterestAndThenAMatchAppearInTheOpenTableViewWithoutAReload', async () => {
    await e2e.artifacts('network-live', async () => {
      const { workspaceId, users } = e2e.world;
      const watcher = await e2e.open({ viewport: { width: 390, height: 844 } });
      await signIn(watcher, e2e.url, users.participant2.email, TEST_PASSWORD);
      await watcher.goto(`${e2e.url}/w/${workspaceId}/network`);
      await watcher.getByRole('heading', { name: 'Bi-regional network' }).waitFor();

      // The graph draws the districts of the existing match: one circle-shaped EU and one square LAC node.
      const graph = watcher.getByTestId('network-graph');
      await graph.waitFor();
      await eventually(
        () => graph.locator('.network-node').count(),
        (n) => expect(n).toBe(2),
      );
      expect(await graph.locator('.network-node[data-region="EU"] circle').count()).toBe(1);
      expect(await graph.locator('.network-node[data-region="LAC"] rect').count()).toBe(1);
      expect(await graph.locator('line[data-status="match"]').count()).toBe(1);
      expect(await count(watcher, 'euLac')).toBe('1');
      // The graph fits the phone's width.
      expect(await watcher.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // Table view, reached from the keyboard.
      const tableButton = watcher.getByRole('button', { name: 'Table' });
      await tableButton.focus();
      await watcher.keyboard.press('Enter');
      expect(await tableButton.getAttribute('aria-pressed')).toBe('true');
      const table = watcher.getByRole('table');
      await table.waitFor();
      expect(await table.locator('tbody tr').count()).toBe(1);
      // The table scrolls inside its own region; the page itself stays 390 px wide.
      expect(await watcher.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(
        await watcher.getByRole('region', { name: /Relations between districts/ }).getAttribute('tabindex'),
      ).toBe('0');
      const row = table.locator(`tr[data-edge="${[eu, lac].sort().join('|')}"]`);

      // The EU representative expresses interest from the Partners page.
      const actor = await e2e.open();
      await signIn(actor, e2e.url, users.participant.email, TEST_PASSWORD);
      await actor.goto(`${e2e.url}/w/${workspaceId}/partners`);
      const suggestion = actor.locator('.matching-card', { hasText: 'Maule Fruit Cluster' });
      await suggestion.getByRole('button', { name: 'Express interest' }).click();
      await suggestion.getByRole('button', { name: 'Send interest' }).click();

      await row.waitFor({ timeout: 30_000 });
      expect(await row.getAttribute('data-status')).toBe('interest');
      expect(await row.innerText()).toContain('Valencia Cold Chain');
      expect(await row.innerText()).toContain('Interest');
      await eventually(
        () => count(watcher, 'euLac'),
        (n) => expect(n).toBe('2'),
      );

      // Interest back (the watcher's own district, through the API): the same row becomes a match.
      const lacAgent = await signInAgent(e2e.url, users.participant2.email);
      const back = await lacAgent.request('POST', `/api/workspaces/${workspaceId}/matching/interests`, {
        fromDistrictId: lac,
        toDistrictId: eu,
      });
      expect(back.status).toBe(201);
      await eventually(
        () => row.getAttribute('data-status'),
        (s) => expect(s).toBe('match'),
        30_000,
      );
      expect(await watcher.locator('.network-announce').innerText()).toContain('The network was updated.');

      // Back to the graph: the new pair is drawn too.
      await watcher.getByRole('button', { name: 'Graph' }).click();
      await eventually(
        () => watcher.getByTestId('network-graph').locator('.network-node').count(),
        (n) => expect(n).toBe(4),
      );
      expect(e2e.pageErrors()).toEqual([]);
    });
  });
});
