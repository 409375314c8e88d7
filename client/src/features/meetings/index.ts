/**
 * The C2C meetings feature's public entry (issue 11.3): the lazy "Meetings" page (events, slots in the venue's
 * and the viewer's time, requests, bookings, outcomes). The nav label is registered here; the page's strings load
 * with the page.
 */
import { i18next } from '../../i18n';

const NAV = { en: 'Meetings', es: 'Reuniones', pt: 'Reuniões', fr: 'Rendez-vous' } as const;
for (const [lng, nav] of Object.entries(NAV))
  i18next.addResourceBundle(lng, 'translation', { meetings: { nav } }, true, false);

export const loadMeetingsPage = () => import('./MeetingsPage');
