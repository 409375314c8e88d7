/**
 * Agenda: the live sessions a workspace schedules. Instants are stored and sent in UTC (ISO 8601); each session
 * also names the IANA time zone it was planned in. Every time shown is formatted with `Intl.DateTimeFormat` and
 * its `timeZone` option (the runtime's tz database handles daylight-saving changes; no offset arithmetic here).
 */
import { z } from 'zod/mini';
import type { LocalizedText } from './domain';
import { clientIdSchema, objectIdSchema, userTextSchema } from './schemas/common';
import { isValidTimeZone } from './timeZone';

/** Longest session accepted (hours): a live session is part of one working day. */
export const AGENDA_MAX_SESSION_HOURS = 12;
/** How long before its start a session is "starting soon" (minutes) for the banner. */
export const AGENDA_SOON_MINUTES = 15;
/** Reference clocks of a workspace that has not chosen its own (the working group's two poles). */
export const DEFAULT_REFERENCE_ZONES: readonly [string, string] = ['Europe/Madrid', 'America/Bogota'];

/** A scheduled live session as the API presents it. */
export interface AgendaSessionDto {
  id: string;
  workspaceId: string;
  title: LocalizedText;
  /** ISO 8601 instant (UTC). */
  start: string;
  /** ISO 8601 instant (UTC), after `start`. */
  end: string;
  /** IANA zone the session was planned in (shown as its "home" time in the ICS and the page). */
  timeZone: string;
  blockId: string | null;
}

/** `GET /api/workspaces/:workspaceId/agenda`. */
export interface AgendaDto {
  sessions: AgendaSessionDto[];
  /** The two reference clocks the admins picked (IANA zones). */
  referenceZones: [string, string];
  /** Path of the workspace's subscribable ICS feed (a secret capability: anyone with it reads the agenda). */
  feedPath: string;
}

const timeZoneSchema = z.string().check(z.refine(isValidTimeZone, 'must be an IANA time zone'));
const instantSchema = z.iso.datetime({ offset: true });

const localizedTitleSchema = z.object({
  en: userTextSchema(200),
  es: userTextSchema(200),
  pt: z.optional(userTextSchema(200)),
  fr: z.optional(userTextSchema(200)),
});

function checkSpan(value: { start?: string; end?: string }): boolean {
  if (value.start === undefined || value.end === undefined) return true;
  const span = Date.parse(value.end) - Date.parse(value.start);
  return span > 0 && span <= AGENDA_MAX_SESSION_HOURS * 3_600_000;
}

/** Body of `POST /api/workspaces/:workspaceId/agenda/sessions`. */
export const agendaSessionBodySchema = z
  .object({
    title: localizedTitleSchema,
    start: instantSchema,
    end: instantSchema,
    timeZone: timeZoneSchema,
    blockId: z.optional(z.nullable(objectIdSchema)),
    /**
     * Idempotency key the client generates once per "schedule" action and keeps for its retries (8–64 URL-safe
     * characters, e.g. a UUID): the same key from the same user in the same workspace schedules one session — a
     * repeat (double click, retry after a lost response) gets the stored session back (200), not a second one.
     */
    requestId: z.optional(clientIdSchema),
  })
  .check(
    z.refine(checkSpan, {
      message: `end must be after start, at most ${AGENDA_MAX_SESSION_HOURS} hours later`,
      path: ['end'],
    }),
  );
export type AgendaSessionBody = z.infer<typeof agendaSessionBodySchema>;

/** Body of `PATCH /api/agenda/sessions/:sessionId` (any subset; start/end checked against the stored ones). */
export const agendaSessionPatchSchema = z
  .object({
    title: z.optional(localizedTitleSchema),
    start: z.optional(instantSchema),
    end: z.optional(instantSchema),
    timeZone: z.optional(timeZoneSchema),
    blockId: z.optional(z.nullable(objectIdSchema)),
  })
  .check(
    z.refine(checkSpan, {
      message: `end must be after start, at most ${AGENDA_MAX_SESSION_HOURS} hours later`,
      path: ['end'],
    }),
  );
export type AgendaSessionPatch = z.infer<typeof agendaSessionPatchSchema>;

/** Body of `PUT /api/workspaces/:workspaceId/agenda/clocks`. */
export const agendaClocksBodySchema = z.object({
  referenceZones: z.tuple([timeZoneSchema, timeZoneSchema]),
});

export const agendaSessionParamsSchema = z.object({ sessionId: objectIdSchema });

/** One instant as shown in one zone: `text` is the localized date and time, `zone` names the zone. */
export interface ZonedTime {
  /** e.g. "Mon 12 Jan, 10:00" (locale-dependent; weekday and date because they can differ between zones). */
  text: string;
  /** Only the clock time, e.g. "10:00". */
  time: string;
  /** The IANA zone, e.g. "Europe/Madrid". */
  zone: string;
  /** The zone's offset at that instant as `Intl` names it, e.g. "GMT+1" (DST-aware). */
  offset: string;
}

/**
 * Formats `instant` in `timeZone` for `locale` (a BCP 47 tag, e.g. "fr" or "es-MX") with `Intl.DateTimeFormat`.
 * @throws RangeError for an unknown zone or locale tag (validate zones with `isValidTimeZone`).
 */
export function formatInZone(instant: Date | string, timeZone: string, locale: string): ZonedTime {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const text = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(date);
  const offset =
    new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  return { text, time, zone: timeZone, offset };
}

/** A session's start and end in the viewer's zone and in each reference zone (viewer first, no duplicates). */
export interface SessionClocks {
  zone: string;
  start: ZonedTime;
  end: ZonedTime;
}

/**
 * The clocks a session is shown with: the viewer's zone first, then the reference zones (skipping a zone equal to
 * one already listed).
 */
export function sessionClocks(
  session: Pick<AgendaSessionDto, 'start' | 'end'>,
  viewerZone: string,
  referenceZones: readonly string[],
  locale: string,
): SessionClocks[] {
  const zones = [...new Set([viewerZone, ...referenceZones])];
  return zones.map((zone) => ({
    zone,
    start: formatInZone(session.start, zone, locale),
    end: formatInZone(session.end, zone, locale),
  }));
}

export type AgendaStatus = 'upcoming' | 'soon' | 'live' | 'ended';

/** Where a session stands at `now` (ms since the epoch): "soon" within {@link AGENDA_SOON_MINUTES} of its start. */
export function agendaStatus(session: Pick<AgendaSessionDto, 'start' | 'end'>, now: number): AgendaStatus {
  const start = Date.parse(session.start);
  const end = Date.parse(session.end);
  if (now >= end) return 'ended';
  if (now >= start) return 'live';
  if (start - now <= AGENDA_SOON_MINUTES * 60_000) return 'soon';
  return 'upcoming';
}
