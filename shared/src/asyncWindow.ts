/**
 * Asynchronous windows (issue 13.3): a question open for contribution between two instants, before or after its
 * live slot, so members who cannot attend live still take part. Instants are UTC on the wire (ISO 8601 with an
 * offset) and in the database (Date); clients show them in the viewer's time zone with the zone named.
 */
import { z } from 'zod/mini';
import { objectIdSchema } from './schemas/common';

export type { AsyncWindowDto, AsyncWindowState } from './domain';

/** Longest window accepted (days): a programme year. */
export const MAX_ASYNC_WINDOW_DAYS = 366;

/**
 * A window opened or closed: a fact of the question's seq log (`seq` from the same counter as its posts), sent
 * live as `question:window` to the workspace room and replayed by `sync:since` (`facts`).
 */
export interface QuestionWindowFactDto {
  questionId: string;
  workspaceId: string;
  seq: number;
  kind: 'opened' | 'closed';
  /** When the transition was stored (ISO 8601 UTC). */
  at: string;
  /** The window's instants at that moment. */
  startsAt: string;
  endsAt: string;
}

const instantSchema = z.iso.datetime({ offset: true });

/**
 * `question:set-window` payload: `{ questionId, startsAt, endsAt }`, instants with an explicit offset (`Z` or
 * `±hh:mm`); refused unless `endsAt` > `startsAt` and the window is at most {@link MAX_ASYNC_WINDOW_DAYS} long.
 * (An end already past is refused by the server, which knows the time.)
 */
export const questionWindowSetSchema = z
  .strictObject({ questionId: objectIdSchema, startsAt: instantSchema, endsAt: instantSchema })
  .check(
    z.refine((w) => Date.parse(w.endsAt) > Date.parse(w.startsAt), {
      message: 'endsAt must be after startsAt',
      path: ['endsAt'],
    }),
    z.refine((w) => Date.parse(w.endsAt) - Date.parse(w.startsAt) <= MAX_ASYNC_WINDOW_DAYS * 86_400_000, {
      message: `a window lasts at most ${MAX_ASYNC_WINDOW_DAYS} days`,
      path: ['endsAt'],
    }),
  );
export type QuestionWindowSetPayload = z.infer<typeof questionWindowSetSchema>;

/**
 * Whether a window admits contributions at `now` (ms since epoch): `startsAt` ≤ now < `endsAt`. The rule both
 * the server (posting) and the client (badge, composer) apply, so they agree even between timer ticks.
 */
export function isWindowOpenAt(
  window: { startsAt: string; endsAt: string } | null | undefined,
  now: number,
): boolean {
  if (!window) return false;
  return Date.parse(window.startsAt) <= now && now < Date.parse(window.endsAt);
}

/** Whole hours and minutes left until `endsAt` (never negative), for the countdown ("closes in 2 h 14 min"). */
export function timeLeft(endsAt: string, now: number): { hours: number; minutes: number } {
  const totalMinutes = Math.max(0, Math.ceil((Date.parse(endsAt) - now) / 60_000));
  return { hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 };
}
