import { TZDate } from '@date-fns/tz';
import { MEETING_MAX_SLOTS, minutesOfClock } from '@polos/shared';
import { invalid } from '../../lib/errors';
import type { SlotDoc } from './meetings.model';

/** The fields slots are generated from. */
export interface SlotSpec {
  startDate: string;
  endDate: string;
  dayStart: string;
  dayEnd: string;
  timeZone: string;
  meetingMinutes: number;
}

/**
 * The slots of an event: on each day from `startDate` to `endDate` (inclusive), back-to-back meetings of
 * `meetingMinutes` from `dayStart` while they end by `dayEnd`, all wall times in `timeZone`, converted to UTC by
 * `@date-fns/tz` (the tz database decides each day's offset, so a DST change between days is honoured). A wall
 * time skipped by a spring-forward gap resolves as `TZDate` does (moved forward by the gap).
 * @throws `invalid` (400) when there would be more than {@link MEETING_MAX_SLOTS} slots.
 */
export function generateSlots(spec: SlotSpec): SlotDoc[] {
  const slots: SlotDoc[] = [];
  const from = minutesOfClock(spec.dayStart);
  const to = minutesOfClock(spec.dayEnd);
  const ymd = (s: string) => s.split('-').map(Number) as [number, number, number];
  const [y0, m0, d0] = ymd(spec.startDate);
  const [y1, m1, d1] = ymd(spec.endDate);
  const last = Date.UTC(y1, m1 - 1, d1);
  for (let day = Date.UTC(y0, m0 - 1, d0); day <= last; day += 86_400_000) {
    const date = new Date(day);
    for (let m = from; m + spec.meetingMinutes <= to; m += spec.meetingMinutes) {
      const wall = (minutes: number) =>
        new Date(
          new TZDate(
            date.getUTCFullYear(),
            date.getUTCMonth(),
            date.getUTCDate(),
            Math.floor(minutes / 60),
            minutes % 60,
            spec.timeZone,
          ).getTime(),
        );
      slots.push({ start: wall(m), end: wall(m + spec.meetingMinutes) });
      if (slots.length > MEETING_MAX_SLOTS)
        throw invalid(
          `An event has at most ${MEETING_MAX_SLOTS} slots; shorten the days or lengthen meetings`,
        );
    }
  }
  return slots;
}
