/**
 * Ports of the meetings feature for features above it: the network view (`listMeetingEdges`) and privacy
 * (`meetingDataOfUser`, `anonymiseMeetingUser`).
 */
import mongoose, { type Types } from 'mongoose';
import type { MeetingState, UserMeetingsExport } from '@polos/shared';
import { Meeting, MeetingEvent, type MeetingDoc, type MeetingEventDoc } from './meetings.model';

/** One meeting as an edge of the network graph. */
export interface MeetingEdge {
  /** District ids (24-hex): `a` asked (or was named first by the organiser), `b` the other side. */
  a: string;
  b: string;
  /**
   * `requested`: asked, not booked; `scheduled`: booked, not yet held; `held`: its slot has ended or it has an
   * outcome other than agreement; `agreement`: its outcome is an agreement.
   */
  status: 'requested' | 'scheduled' | 'held' | 'agreement';
  eventId: string;
  meetingId: string;
  /** ISO 8601 UTC start of the slot (scheduled, held and agreement edges; a request's proposed slot is left out). */
  at?: string;
}

/** The edge status of a stored meeting at `now` (null for a cancelled one). */
export function edgeStatusOf(
  m: Pick<MeetingDoc, 'state' | 'outcome' | 'end'>,
  now: number,
): MeetingEdge['status'] | null {
  if (m.state === 'cancelled') return null;
  if (m.state === 'requested') return 'requested';
  if (m.outcome === 'agreement') return 'agreement';
  if (m.outcome || (m.end && m.end.getTime() <= now)) return 'held';
  return 'scheduled';
}

/**
 * Every live meeting of the workspace (requested or scheduled, of open events; cancelled ones left out) as a
 * network edge, oldest first (at most 10,000). The status is computed at call time (a scheduled meeting whose
 * slot has ended is `held`). A `meeting.changed` domain event (socket fact `meeting:updated`) tells when to
 * re-read.
 */
export async function listMeetingEdges(workspaceId: Types.ObjectId): Promise<MeetingEdge[]> {
  const docs = await Meeting.find(
    { workspaceId, state: mongoose.trusted({ $in: ['requested', 'scheduled'] satisfies MeetingState[] }) },
    { fromDistrictId: 1, toDistrictId: 1, state: 1, outcome: 1, start: 1, end: 1, eventId: 1 },
  )
    .sort({ _id: 1 })
    .limit(10_000)
    .lean<MeetingDoc[]>()
    .exec();
  const now = Date.now();
  const edges: MeetingEdge[] = [];
  for (const m of docs) {
    const status = edgeStatusOf(m, now);
    if (!status) continue;
    edges.push({
      a: m.fromDistrictId.toHexString(),
      b: m.toDistrictId.toHexString(),
      status,
      eventId: m.eventId.toHexString(),
      meetingId: m._id.toHexString(),
      ...(m.state === 'scheduled' && m.start ? { at: m.start.toISOString() } : {}),
    });
  }
  return edges;
}

/** What meetings hold about one user, for "export my data" (the shared export shape). */
export type UserMeetingData = UserMeetingsExport;

/** Port for privacy's export: the meeting requests, outcomes and events the user wrote. */
export async function meetingDataOfUser(userId: Types.ObjectId): Promise<UserMeetingData> {
  const [requested, outcomes, events] = await Promise.all([
    Meeting.find({ requestedById: userId }).sort({ _id: 1 }).lean<MeetingDoc[]>().exec(),
    Meeting.find({ outcomeById: userId }).sort({ _id: 1 }).lean<MeetingDoc[]>().exec(),
    MeetingEvent.find({ createdById: userId }, { title: 1, workspaceId: 1, createdAt: 1 })
      .sort({ _id: 1 })
      .lean<MeetingEventDoc[]>()
      .exec(),
  ]);
  return {
    requested: requested.map((m) => ({
      meetingId: m._id.toHexString(),
      eventId: m.eventId.toHexString(),
      workspaceId: m.workspaceId.toHexString(),
      note: m.note ?? null,
      createdAt: m.createdAt.toISOString(),
    })),
    outcomes: outcomes.map((m) => ({
      meetingId: m._id.toHexString(),
      eventId: m.eventId.toHexString(),
      workspaceId: m.workspaceId.toHexString(),
      outcome: m.outcome ?? null,
      note: m.outcomeNote ?? null,
      at: m.outcomeAt ? m.outcomeAt.toISOString() : null,
    })),
    eventsCreated: events.map((e) => ({
      eventId: e._id.toHexString(),
      workspaceId: e.workspaceId.toHexString(),
      title: e.title,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}

/**
 * Port for privacy's account deletion: the notes the user wrote on meeting requests are erased (a personal
 * message, as matching erases interest notes); the meetings, their outcomes and outcome notes stay (the two
 * districts' record, as posts stay in a thread) with no link to the person: `requestedById`, `outcomeById` and
 * `createdById` are cleared. Idempotent.
 */
export async function anonymiseMeetingUser(userId: Types.ObjectId): Promise<void> {
  await Promise.all([
    Meeting.updateMany({ requestedById: userId }, { $set: { requestedById: null, note: null } }).exec(),
    Meeting.updateMany({ outcomeById: userId }, { $set: { outcomeById: null } }).exec(),
    MeetingEvent.updateMany({ createdById: userId }, { $set: { createdById: null } }).exec(),
  ]);
}
