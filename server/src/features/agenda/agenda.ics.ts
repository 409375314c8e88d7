import ical, { ICalCalendarMethod } from 'ical-generator';
import type { AgendaSessionDoc } from './agenda.model';

/** Languages the ICS text can be written in (the UI languages; titles fall back to English). */
export type IcsLanguage = 'en' | 'es' | 'pt' | 'fr';

const ZONE_LINE: Record<IcsLanguage, string> = {
  en: 'Planned in',
  es: 'Planificada en',
  pt: 'Planeada em',
  fr: 'Prévue dans le fuseau',
};

/** The session title in `lang`, falling back to English (then Spanish) when that language is missing. */
export function titleIn(session: Pick<AgendaSessionDoc, 'title'>, lang: IcsLanguage): string {
  return session.title[lang] || session.title.en || session.title.es;
}

/**
 * An iCalendar (RFC 5545) document of `sessions`, written by ical-generator. Instants are written in UTC
 * (`DTSTART:…Z`), so every calendar app shows them in its own zone without a VTIMEZONE table; the zone the
 * session was planned in is named in the description. `UID` is stable per session and `SEQUENCE` grows with
 * each change, so a re-imported or refreshed event updates the existing one.
 */
export function agendaCalendar(
  sessions: readonly AgendaSessionDoc[],
  options: { name: string; lang: IcsLanguage; origin: string; host: string },
): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Polos', product: 'agenda', language: options.lang.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 3600,
  });
  for (const s of sessions) {
    const url = `${options.origin}/w/${s.workspaceId.toHexString()}/agenda#session-${s._id.toHexString()}`;
    calendar.createEvent({
      id: `${s._id.toHexString()}@${options.host}`,
      sequence: s.sequence ?? 0,
      start: s.start,
      end: s.end,
      stamp: s.createdAt,
      summary: titleIn(s, options.lang),
      description: `${ZONE_LINE[options.lang]} ${s.timeZone}\n${url}`,
      url,
    });
  }
  return calendar.toString();
}
