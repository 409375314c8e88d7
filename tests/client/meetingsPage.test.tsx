import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter } from 'react-router';
import type { MeetingEventDto, MeetingEventListDto } from '@polos/shared';
import { ApiError } from '../../client/src/api/http';
import { i18next } from '../../client/src/i18n';
import { settle } from './helpers/dom';
import { render } from './helpers/render';

/**
 * Meetings page (issue 11 QA): event dates in the viewer's locale (not raw "2027-03-27"), and a server error
 * shown as the translated message of its code (not the server's English text inside a Spanish page).
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

jest.mock('../../client/src/realtime/socket', () => ({
  getSocket: () => ({ connected: true, on: () => undefined, off: () => undefined }),
}));
jest.mock('../../client/src/features/workspace', () => ({
  useWorkspace: () => ({ workspaceId: 'w'.repeat(24), canModerate: false }),
}));
jest.mock('../../client/src/features/meetings/meetings.css', () => ({}));
jest.mock('../../client/src/features/meetings/meetingsApi', () => ({
  meetingsApi: { events: () => events() },
}));

import MeetingsPage from '../../client/src/features/meetings/MeetingsPage';

const page = () =>
  render(
    <MemoryRouter initialEntries={[`/w/${W}/meetings`]}>
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
});
