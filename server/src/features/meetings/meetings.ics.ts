import ical, { ICalCalendarMethod } from 'ical-generator';
import type { DistrictDoc } from '../districts/district.model';
import type { MeetingDoc, MeetingEventDoc } from './meetings.model';

/** Languages the ICS text is written in (the UI languages). */
export type MeetingIcsLanguage = 'en' | 'es' | 'pt' | 'fr';

const WORDS: Record<MeetingIcsLanguage, { meeting: string; table: string; zone: string }> = {
  en: { meeting: 'Meeting', table: 'Table', zone: 'Venue time zone' },
  es: { meeting: 'Reunión', table: 'Mesa', zone: 'Zona horaria del lugar' },
  pt: { meeting: 'Reunião', table: 'Mesa', zone: 'Fuso horário do local' },
  fr: { meeting: 'Rendez-vous', table: 'Table', zone: 'Fuseau horaire du lieu' },
};

/**
 * The scheduled meetings of one district at one event as an iCalendar (RFC 5545) document, written by
 * ical-generator as the agenda's ICS is: instants in UTC (`DTSTART:…Z`), so every calendar shows them in its own
 * zone without a VTIMEZONE table; the venue's zone is named in the description. `UID` is stable per meeting.
 */
export function meetingsCalendar(
  event: MeetingEventDoc,
  meetings: readonly MeetingDoc[],
  district: Pick<DistrictDoc, '_id' | 'name'>,
  districts: ReadonlyMap<string, Pick<DistrictDoc, 'name'>>,
  options: { lang: MeetingIcsLanguage; origin: string; host: string },
): string {
  const words = WORDS[options.lang];
  const calendar = ical({
    name: `${event.title} — ${district.name}`,
    prodId: { company: 'Polos', product: 'meetings', language: options.lang.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
  });
  // The client's schedule route is `/w/:workspaceId/meetings?event=<id>` (a `/meetings/<id>` path is not found).
  const url = `${options.origin}/w/${event.workspaceId.toHexString()}/meetings?event=${event._id.toHexString()}`;
  for (const m of meetings) {
    if (m.state !== 'scheduled' || m.slot === null) continue;
    const slot = event.slots[m.slot];
    if (!slot) continue;
    const partnerId = m.fromDistrictId.equals(district._id) ? m.toDistrictId : m.fromDistrictId;
    const partner = districts.get(partnerId.toHexString())?.name ?? '';
    calendar.createEvent({
      id: `${m._id.toHexString()}@${options.host}`,
      start: slot.start,
      end: slot.end,
      stamp: m.updatedAt,
      summary: `${words.meeting}: ${district.name} — ${partner}`,
      location: [
        event.mode === 'venue' ? event.venue : event.onlineUrl,
        m.table ? `${words.table} ${m.table}` : null,
      ]
        .filter(Boolean)
        .join(' · '),
      description: `${event.title}\n${words.zone}: ${event.timeZone}\n${url}`,
      url,
    });
  }
  return calendar.toString();
}
