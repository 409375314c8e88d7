import { Types } from 'mongoose';
import type { Page } from 'playwright-core';
import type { MeetingEventDto } from '@polos/shared';
import { District } from '../../server/src/features/districts/district.model';
import { signIn } from '../helpers/browser';
import { useInProcessServer } from '../helpers/e2e';
import { signIn as signInAgent, TEST_PASSWORD } from '../helpers/server';

jest.setTimeout(120_000);

/**
 * Issue 11 in Chromium: two representatives from different regions — one in Madrid (EU), one in Santiago de Chile
 * (LAC), each browser in its own time zone — find each other in the partner suggestions, express interest both
 * ways (a match), book a C2C meeting slot (one asks, the other accepts, live), and each sees the slot in the venue's
 * time and in their own time zone, named.
 */
describe('partner matching to a C2C meeting in the browser', () => {
  const e2e = useInProcessServer();
  let event: MeetingEventDto;
  const year = new Date().getUTCFullYear() + 1;

  beforeAll(async () => {
    const { world } = e2e;
    const district = (name: string, country: string, regionGroup: 'EU' | 'LAC', rep: string, extra: object) =>
      District.create({
        name,
        country,
        region: 'R',
        regionGroup,
        kind: 'cluster',
        sectors: ['52'],
        demo: false,
        workspaceIds: [new Types.ObjectId(world.workspaceId)],
        representativeIds: [new Types.ObjectId(rep)],
        ...extra,
      });
    const card = (id: string, title: string, targetCountries: string[] = []) => ({
      id,
      title,
      description: null,
      sectors: ['52'],
      targetCountries,
    });
    await district('Clúster Logístico Valencia', 'ES', 'EU', world.users.participant.id, {
      offers: [card('o1', 'Cold-chain logistics for fruit exports')],
    });
    await district('Polo Frutícola del Maule', 'CL', 'LAC', world.users.participant2.id, {
      kind: 'rd_organisation',
      requests: [card('r1', 'Cold-chain logistics for fruit exports', ['ES'])],
    });
    const moderator = await signInAgent(e2e.url, world.users.moderator.email);
    const res = await moderator.request<MeetingEventDto>(
      'POST',
      `/api/workspaces/${world.workspaceId}/meetings/events`,
      {
        title: 'EU–LAC C2C Valencia',
        startDate: `${year}-01-18`,
        endDate: `${year}-01-18`,
        dayStart: '09:00',
        dayEnd: '10:00',
        timeZone: 'Europe/Madrid',
        mode: 'venue',
        venue: 'Feria Valencia',
        meetingMinutes: 20,
        tables: 5,
      },
    );
    if (res.status !== 201) throw new Error(`event: ${res.status} ${JSON.stringify(res.body)}`);
    event = res.body;
  });

  const openAs = async (email: string, timezoneId: string, width = 1280): Promise<Page> => {
    const context = await e2e.browser.newContext({
      locale: 'en-GB',
      timezoneId,
      viewport: { width, height: 900 },
    });
    const page = await e2e.openInContext(context);
    await signIn(page, e2e.url, email, TEST_PASSWORD);
    return page;
  };

  const expressInterestIn = async (page: Page, partner: string) => {
    await page.goto(`${e2e.url}/w/${e2e.world.workspaceId}/partners`);
    const card = page.locator('.matching-card', {
      has: page.getByRole('heading', { name: new RegExp(partner) }),
    });
    await card.getByRole('button', { name: 'Express interest' }).click({ timeout: 20_000 });
    await card.getByRole('button', { name: 'Send interest' }).click();
    await card.getByText('You are interested').waitFor({ timeout: 20_000 });
  };

  it('EU and LAC representatives match, book a slot, and each sees it in their own time zone', async () => {
    await e2e.artifacts('matchingMeetings', async () => {
      const madrid = await openAs(e2e.world.users.participant.email, 'Europe/Madrid');
      // The LAC side on a phone-width screen.
      const santiago = await openAs(e2e.world.users.participant2.email, 'America/Santiago', 390);

      await expressInterestIn(madrid, 'Polo Frutícola del Maule');
      await expressInterestIn(santiago, 'Clúster Logístico Valencia');
      await santiago
        .locator('.matching-card', { hasText: 'Clúster Logístico Valencia' })
        .getByText('Match', { exact: true })
        .waitFor({ timeout: 20_000 });

      const schedule = `${e2e.url}/w/${e2e.world.workspaceId}/meetings?event=${event.id}`;
      await santiago.goto(schedule);
      await santiago.getByRole('heading', { name: 'EU–LAC C2C Valencia' }).waitFor({ timeout: 20_000 });
      await madrid.goto(schedule);
      // Madrid asks for the second slot (09:20 venue time) with the keyboard-operable form.
      await madrid
        .getByRole('combobox', { name: /^Partner/ })
        .selectOption({ label: 'Polo Frutícola del Maule (CL)' });
      await madrid.getByRole('combobox', { name: /^Slot/ }).selectOption(String(event.slots[1].index));
      await madrid.getByRole('button', { name: 'Ask for this slot' }).click();
      await madrid
        .getByTestId('meetings-status')
        .getByText('Request sent to Polo Frutícola del Maule.')
        .waitFor({ timeout: 20_000 });

      // Santiago sees the request live and accepts.
      const accept = santiago.getByRole('button', { name: 'Accept this slot' });
      await accept.waitFor({ timeout: 20_000 });
      await accept.focus();
      await santiago.keyboard.press('Enter');
      await santiago
        .getByTestId('meetings-status')
        .getByText(/Meeting booked: .* table 1\./)
        .waitFor({ timeout: 20_000 });

      // Madrid's schedule updates live; each side sees the slot in the venue's zone and in its own, named.
      const row = (page: Page) => page.locator(`tr[data-slot="${event.slots[1].index}"]`);
      await row(madrid).getByText('Scheduled').waitFor({ timeout: 20_000 });
      await row(santiago).getByText('Scheduled').waitFor({ timeout: 20_000 });
      await madrid.getByRole('columnheader', { name: 'Your time (Europe/Madrid)' }).waitFor();
      await madrid.getByRole('columnheader', { name: 'Venue time (Europe/Madrid)' }).waitFor();
      expect(await row(madrid).getByTestId('venue-time').innerText()).toContain('09:20');
      expect(await row(madrid).getByTestId('viewer-time').innerText()).toContain('09:20');
      // January: Madrid is UTC+1, Santiago on summer time UTC−3 → 05:20 in Santiago.
      expect(await santiago.locator('th', { hasText: 'Your time (America/Santiago)' }).count()).toBe(1);
      expect(await row(santiago).getByTestId('venue-time').innerText()).toContain('09:20');
      const santiagoTime = await row(santiago).getByTestId('viewer-time').innerText();
      expect(santiagoTime).toContain('05:20');
      expect(santiagoTime).toContain('GMT-3');
      // Nothing overflows the phone-width page.
      const overflow = await santiago.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(1);
      expect(e2e.pageErrors()).toEqual([]);
    });
  });
});
