import { regionGroupOf, type DistrictSummaryDto, type MeetingDto, type MeetingEventDto } from '@polos/shared';
import type { DistrictDoc } from '../districts/district.model';
import type { MeetingDoc, MeetingEventDoc } from './meetings.model';

/** A district as meetings show it (an unknown id — a deleted district — shows with an empty name). */
export const districtSummary = (
  id: string,
  d: Pick<DistrictDoc, 'name' | 'country' | 'regionGroup'> | undefined,
): DistrictSummaryDto =>
  d
    ? { id, name: d.name, country: d.country, regionGroup: d.regionGroup ?? regionGroupOf(d.country) }
    : { id, name: '', country: '', regionGroup: 'other' };

export function presentEvent(e: MeetingEventDoc): MeetingEventDto {
  return {
    id: e._id.toHexString(),
    workspaceId: e.workspaceId.toHexString(),
    title: e.title,
    startDate: e.startDate,
    endDate: e.endDate,
    dayStart: e.dayStart,
    dayEnd: e.dayEnd,
    timeZone: e.timeZone,
    mode: e.mode,
    venue: e.venue ?? null,
    onlineUrl: e.onlineUrl ?? null,
    meetingMinutes: e.meetingMinutes,
    tables: e.tables,
    state: e.state,
    slots: e.slots.map((s, index) => ({ index, start: s.start.toISOString(), end: s.end.toISOString() })),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/**
 * A meeting for its readers. `withNotes`: the request note and the outcome note are included (both sides'
 * representatives and the organisers); otherwise they are left out (facts, other members).
 */
export function presentMeeting(
  m: MeetingDoc,
  event: Pick<MeetingEventDoc, 'slots'>,
  districts: ReadonlyMap<string, Pick<DistrictDoc, 'name' | 'country' | 'regionGroup'>>,
  withNotes: boolean,
): MeetingDto {
  const from = m.fromDistrictId.toHexString();
  const to = m.toDistrictId.toHexString();
  const slot = m.slot !== null && m.state !== 'cancelled' ? event.slots[m.slot] : undefined;
  return {
    id: m._id.toHexString(),
    eventId: m.eventId.toHexString(),
    workspaceId: m.workspaceId.toHexString(),
    from: districtSummary(from, districts.get(from)),
    to: districtSummary(to, districts.get(to)),
    state: m.state,
    slot: m.state === 'cancelled' ? null : m.slot,
    proposedBy: m.proposedBy ?? null,
    table: m.state === 'scheduled' ? m.table : null,
    start: slot ? slot.start.toISOString() : null,
    end: slot ? slot.end.toISOString() : null,
    outcome: m.outcome ?? null,
    ...(withNotes ? { note: m.note ?? null, outcomeNote: m.outcomeNote ?? null } : {}),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
