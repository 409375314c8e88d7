import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter } from 'react-router';
import type { MeetingDto, MeetingEventDto, MeetingEventListDto, MeetingScheduleDto } from '@polos/shared';
import { ApiError } from '../../client/src/api/http';
import { i18next } from '../../client/src/i18n';
import { click, settle } from './helpers/dom';
import { render } from './helpers/render';

/**
 * Meetings page (issue 11 QA): event dates in the viewer's locale (not raw "2027-03-27"), a server error shown as
 * the translated message of its code (not the server's English text inside a Spanish page), and a lost booking
 * worded from its conflict's details (who or what was taken, the slot in the viewer's zone).
 */
const W = 'w'.repeat(24);
const event: MeetingEventDto = {
  id: 'e'.repeat(24),
  workspaceId: W,
  title: 'C2C Madrid',
  startDate: '2027-03-27',
  endDate: '2027-03-29',
  dayStart: '09:00',
  dayEnd: '12:00',
  timeZone: 'Europe/Madrid',
  mode: 'venue',
  venue: 'IFEMA',
  onlineUrl: null,
  meetingMinutes: 20,
  tables: 4,
  state: 'scheduled' as MeetingEventDto['state'],
  slots: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
let events: () => Promise<MeetingEventListDto> = () =>
  Promise.resolve({ items: [event], canOrganise: false });
let schedule: () => Promise<MeetingScheduleDto> = () => Promise.reject(new Error('no schedule'));
let accept: (meetingId: string) => Promise<MeetingDto> = () => Promise.reject(new Error('no accept'));

jest.mock('../../client/src/realtime/socket', () => ({
  getSocket: () => ({ connected: true, on: () => undefined, off: () => undefined }),
}));
jest.mock('../../client/src/features/workspace', () => ({
  useWorkspace: () => ({ workspaceId: 'w'.repeat(24), canModerate: false }),
}));
jest.mock('../../client/src/features/meetings/meetings.css', () => ({}));
jest.mock('../../client/src/features/meetings/meetingsApi', () => ({
  meetingsApi: {
    events: () => events(),
    schedule: () => schedule(),
    accept: (_w: string, meetingId: string) => accept(meetingId),
    icsPath: () => '/ics',
  },
}));

import MeetingsPage from '../../client/src/features/meetings/MeetingsPage';

const page = (search = '') =>
  render(
    <MemoryRouter initialEntries={[`/w/${W}/meetings${search}`]}>
      <MeetingsPage />
    </MemoryRouter>,
  );

describe('meetings page', () => {
  beforeAll(async () => {
    await act(() => i18next.changeLanguage('es'));
  });
  afterAll(async () => {
    await act(() => i18next.changeLanguage('en'));
  });

  it('showsEventDatesInTheViewersLocale', async () => {
    const view = page();
    await settle();
    await settle();
    const text = view.container.querySelector('.meetings-events li')?.textContent ?? '';
    expect(text).not.toContain('2027-03-27');
    expect(text).toMatch(/Del 27 mar\S* 2027 al 29 mar\S* 2027/);
    view.unmount();
  });

  it('translatesAServerErrorCode', async () => {
    events = () =>
      Promise.reject(new ApiError(403, { code: 'forbidden', message: 'Only members may list events' }));
    const view = page();
    await settle();
    await settle();
    const alert = view.container.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert).toBe(i18next.t('errors.forbidden'));
    expect(alert).not.toContain('Only members');
    view.unmount();
  });

  it('wordsALostBookingFromItsDetailsInSpanishWithTheSlotInTheViewersZone', async () => {
    // The viewer is in Santiago (UTC−3 in January); the venue in Madrid.
    const resolved = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, 'resolvedOptions')!
      .value as (this: Intl.DateTimeFormat) => Intl.ResolvedDateTimeFormatOptions;
    const zone = jest.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (
      this: Intl.DateTimeFormat,
    ) {
      return { ...resolved.call(this), timeZone: 'America/Santiago' };
    });
    const slot = { index: 0, start: '2027-01-18T09:20:00.000Z', end: '2027-01-18T09:40:00.000Z' };
    const eu = {
      id: '1'.repeat(24),
      name: 'Clúster Logístico Valencia',
      country: 'ES',
      regionGroup: 'EU' as const,
    };
    const lac = {
      id: '2'.repeat(24),
      name: 'Polo Frutícola del Maule',
      country: 'CL',
      regionGroup: 'LAC' as const,
    };
    const meeting: MeetingDto = {
      id: 'm'.repeat(24),
      eventId: event.id,
      workspaceId: W,
      from: eu,
      to: lac,
      state: 'requested',
      slot: 0,
      proposedBy: 'from',
      table: null,
      start: null,
      end: null,
      outcome: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    schedule = () =>
      Promise.resolve({
        event: { ...event, state: 'open', slots: [slot] },
        meetings: [meeting],
        myDistricts: [lac],
        partners: {},
        matchedPairs: [],
        canOrganise: false,
      });
    const accepted: string[] = [];
    accept = (meetingId) => {
      accepted.push(meetingId);
      return Promise.reject(
        new ApiError(409, {
          code: 'conflict',
          message: 'Clúster Logístico Valencia already has a meeting in this slot',
          details: {
            reason: 'district_busy',
            districtId: eu.id,
            districtName: eu.name,
            slotStart: slot.start,
          },
        }),
      );
    };
    const view = page(`?event=${event.id}`);
    try {
      await settle();
      await settle();
      const acceptButton = [...view.container.querySelectorAll('button')].find(
        (b) => b.textContent === i18next.t('meetings.accept'),
      );
      expect(acceptButton).toBeDefined();
      await click(acceptButton!);
      await settle();
      expect(accepted).toEqual([meeting.id]);
      const status = view.container.querySelector('[data-testid="meetings-status"]')?.textContent ?? '';
      // 09:20 UTC is 06:20 in Santiago; the district is named; no English server text.
      expect(status).toMatch(
        /^No reservada: Clúster Logístico Valencia ya tiene una reunión en esa franja \(lun\S*,? 18 ene\S*,? 06:20, America\/Santiago\)\.$/,
      );
      expect(status).not.toContain('already has');
    } finally {
      view.unmount();
      zone.mockRestore();
    }
  });
});
