import { TZDate } from '@date-fns/tz';
import type { AgendaDto, AgendaSessionBody, AgendaSessionDto, AgendaSessionPatch } from '@polos/shared';
import { api } from '../../api/http';

/** The agenda's REST calls (docs/API.md, "Agenda"). */
export const agendaApi = {
  get: (workspaceId: string) => api<AgendaDto>('GET', `/api/workspaces/${workspaceId}/agenda`),
  create: (workspaceId: string, body: AgendaSessionBody) =>
    api<AgendaSessionDto>('POST', `/api/workspaces/${workspaceId}/agenda/sessions`, body),
  update: (sessionId: string, patch: AgendaSessionPatch) =>
    api<AgendaSessionDto>('PATCH', `/api/agenda/sessions/${sessionId}`, patch),
  remove: (sessionId: string) => api<void>('DELETE', `/api/agenda/sessions/${sessionId}`),
  setClocks: (workspaceId: string, referenceZones: [string, string]) =>
    api<{ referenceZones: string[] }>('PUT', `/api/workspaces/${workspaceId}/agenda/clocks`, {
      referenceZones,
    }),
  rotateFeed: (workspaceId: string) =>
    api<{ feedPath: string }>('POST', `/api/workspaces/${workspaceId}/agenda/feed-token`),
  icsPath: (sessionId: string, lang: string) => `/api/agenda/sessions/${sessionId}.ics?lang=${lang}`,
};

/**
 * The UTC instant (ISO 8601) of a wall-clock `date` ("2027-03-25") and `time` ("16:00") in IANA `timeZone`,
 * by `@date-fns/tz` (the tz database decides the offset on that date, DST included).
 */
export function wallTimeToInstant(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new TZDate(y, m - 1, d, hh, mm, timeZone).toISOString();
}

/**
 * The wall-clock date ("2027-03-25") and time ("16:00") of UTC `instant` in IANA `timeZone` (the inverse of
 * {@link wallTimeToInstant}; `@date-fns/tz` applies the zone's offset on that date, DST included).
 */
export function instantToWallTime(instant: string, timeZone: string): { date: string; time: string } {
  const d = new TZDate(new Date(instant).getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
    time: `${two(d.getHours())}:${two(d.getMinutes())}`,
  };
}

/** The viewer's IANA zone as the browser reports it. */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
