/**
 * C2C meetings (issue 11, item 3): matchmaking events, meeting requests between matched districts, central
 * scheduling, outcomes. Every write is one conditional atomic update or an insert guarded by a unique index; the
 * "one meeting per district and per table in a slot" rule is enforced by the unique (event, slot, key) index of
 * `meetingbookings` (see {@link MeetingBookingDoc}), never by reading and checking in memory.
 */
import mongoose, { Types } from 'mongoose';
import type {
  MeetingConflictDetails,
  MeetingEventBody,
  MeetingEventPatch,
  MeetingOutcome,
  MeetingState,
} from '@polos/shared';
import { conflict, invalid, notFound } from '../../lib/errors';
import { District, type DistrictDoc } from '../districts/district.model';
import {
  Meeting,
  MeetingBooking,
  MeetingEvent,
  type MeetingBookingDoc,
  type MeetingDoc,
  type MeetingEventDoc,
} from './meetings.model';
import { generateSlots } from './slots';

/** States of a meeting that is still on (not cancelled). */
const OPEN_STATES: MeetingState[] = ['requested', 'scheduled'];

const isDuplicateKey = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 11000;

/** The unique key of a pair of districts, whatever their order. */
export const pairKeyOf = (a: Types.ObjectId, b: Types.ObjectId): string =>
  [a.toHexString(), b.toHexString()].sort().join('|');

// — Events —

/** Creates an event with its generated slots. @throws `invalid` (400) for too many slots. */
export async function createEvent(
  workspaceId: Types.ObjectId,
  body: MeetingEventBody,
  by: Types.ObjectId,
): Promise<MeetingEventDoc> {
  const slots = generateSlots(body);
  const now = new Date();
  const doc = await MeetingEvent.create({
    workspaceId,
    title: body.title,
    startDate: body.startDate,
    endDate: body.endDate,
    dayStart: body.dayStart,
    dayEnd: body.dayEnd,
    timeZone: body.timeZone,
    mode: body.mode,
    venue: body.mode === 'venue' ? (body.venue ?? null) : null,
    onlineUrl: body.onlineUrl ?? null,
    meetingMinutes: body.meetingMinutes,
    tables: body.tables,
    state: 'open',
    slots,
    createdById: by,
    createdAt: now,
    updatedAt: now,
  });
  return doc.toObject<MeetingEventDoc>();
}

/** Events of a workspace, soonest first. */
export function listEvents(workspaceId: Types.ObjectId): Promise<MeetingEventDoc[]> {
  return MeetingEvent.find({ workspaceId })
    .sort({ startDate: 1, _id: 1 })
    .limit(200)
    .lean<MeetingEventDoc[]>()
    .exec();
}

/** An event of the workspace. @throws `not_found` (404). */
export async function getEvent(workspaceId: Types.ObjectId, eventId: string): Promise<MeetingEventDoc> {
  const e = await MeetingEvent.findOne({ _id: eventId, workspaceId }).lean<MeetingEventDoc>().exec();
  if (!e) throw notFound('Meeting event');
  return e;
}

const SLOT_FIELDS = ['startDate', 'endDate', 'dayStart', 'dayEnd', 'timeZone', 'meetingMinutes'] as const;

/**
 * Edits an open event (see `meetingEventPatchSchema` for the rules). Fields that define the slots, and a smaller
 * table count, are applied only while `scheduledCount` is 0 — a condition of the update itself, so a booking that
 * lands at the same moment either precedes the edit (which then gets 409) or sees the new `slotsVersion` (and
 * gets 409). @throws `conflict` (409) for a cancelled event or slots under booked meetings; `invalid` (400).
 */
export async function updateEvent(
  event: MeetingEventDoc,
  patch: MeetingEventPatch,
): Promise<MeetingEventDoc> {
  const next = { ...event, ...patch };
  const set: Record<string, unknown> = { updatedAt: new Date() };
  const filter: Record<string, unknown> = { _id: event._id, state: 'open' };
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.mode !== undefined) set.mode = patch.mode;
  if (patch.venue !== undefined) set.venue = patch.venue;
  if (patch.onlineUrl !== undefined) set.onlineUrl = patch.onlineUrl;
  if (next.mode === 'venue' && !next.venue) throw invalid('A venue event needs its venue');
  if (next.mode === 'online') set.venue = null;
  const slotsChange = SLOT_FIELDS.some((f) => patch[f] !== undefined && patch[f] !== event[f]);
  if (slotsChange) {
    if (next.endDate < next.startDate) throw invalid('endDate must be on or after startDate');
    set.slots = generateSlots(next);
    for (const f of SLOT_FIELDS) set[f] = next[f];
    filter.scheduledCount = 0;
    filter.slotsVersion = event.slotsVersion;
  }
  if (patch.tables !== undefined && patch.tables !== event.tables) {
    set.tables = patch.tables;
    // Fewer tables could strand a booked table: only while nothing is booked.
    if (patch.tables < event.tables) filter.scheduledCount = 0;
  }
  const update: Record<string, unknown> = { $set: set };
  if (slotsChange) update.$inc = { slotsVersion: 1 };
  const updated = await MeetingEvent.findOneAndUpdate(filter, update, { returnDocument: 'after' })
    .lean<MeetingEventDoc>()
    .exec();
  if (!updated)
    throw conflict(
      event.state !== 'open'
        ? 'This event was cancelled'
        : 'Meetings are already scheduled: cancel them before changing the days, hours, zone, meeting length or reducing tables',
    );
  return updated;
}

/**
 * Cancels an open event and every meeting of it (their bookings are released). Returns the event and the
 * meetings it cancelled. @throws `conflict` (409) when it was already cancelled.
 */
export async function cancelEvent(
  event: MeetingEventDoc,
): Promise<{ event: MeetingEventDoc; cancelled: MeetingDoc[] }> {
  const now = new Date();
  const updated = await MeetingEvent.findOneAndUpdate(
    { _id: event._id, state: 'open' },
    { $set: { state: 'cancelled', updatedAt: now, scheduledCount: 0 } },
    { returnDocument: 'after' },
  )
    .lean<MeetingEventDoc>()
    .exec();
  if (!updated) throw conflict('This event was already cancelled');
  const open = mongoose.trusted({ $in: OPEN_STATES });
  const ids = (
    await Meeting.find({ eventId: event._id, state: open }, { _id: 1 }).lean<MeetingDoc[]>().exec()
  ).map((m) => m._id);
  await Meeting.updateMany(
    { eventId: event._id, state: open },
    { $set: { state: 'cancelled', updatedAt: now } },
  ).exec();
  await MeetingBooking.deleteMany({ eventId: event._id }).exec();
  const cancelled = ids.length
    ? await Meeting.find({ _id: mongoose.trusted({ $in: ids }), state: 'cancelled' })
        .lean<MeetingDoc[]>()
        .exec()
    : [];
  return { event: updated, cancelled };
}

// — Meetings —

/** A meeting of the workspace. @throws `not_found` (404). */
export async function getMeeting(workspaceId: Types.ObjectId, meetingId: string): Promise<MeetingDoc> {
  const m = await Meeting.findOne({ _id: meetingId, workspaceId }).lean<MeetingDoc>().exec();
  if (!m) throw notFound('Meeting');
  return m;
}

/** Meetings of an event, in slot order then creation. */
export function listMeetings(eventId: Types.ObjectId): Promise<MeetingDoc[]> {
  return Meeting.find({ eventId })
    .sort({ slot: 1, createdAt: 1, _id: 1 })
    .limit(5000)
    .lean<MeetingDoc[]>()
    .exec();
}

/** Scheduled meetings of a district at an event (for its ICS), in slot order. */
export function scheduledMeetingsOf(
  eventId: Types.ObjectId,
  districtId: Types.ObjectId,
): Promise<MeetingDoc[]> {
  return Meeting.find({
    eventId,
    state: 'scheduled',
    $or: [{ fromDistrictId: districtId }, { toDistrictId: districtId }],
  })
    .sort({ slot: 1 })
    .lean<MeetingDoc[]>()
    .exec();
}

function checkSlot(event: MeetingEventDoc, slot: number): void {
  if (slot >= event.slots.length)
    throw invalid(
      `Slot ${slot} does not exist: this event has ${event.slots.length} slots (0–${event.slots.length - 1})`,
    );
}

function checkOpen(event: MeetingEventDoc): void {
  if (event.state !== 'open') throw conflict('This event was cancelled');
}

/**
 * `from` asks `to` for a meeting at `slot` (a proposal, nothing booked yet). One meeting per pair and event: a
 * cancelled one is reopened atomically; an open one → 409. The caller checks the match and who acts.
 */
export async function requestMeeting(input: {
  event: MeetingEventDoc;
  fromDistrictId: Types.ObjectId;
  toDistrictId: Types.ObjectId;
  slot: number;
  note: string | null;
  by: Types.ObjectId;
}): Promise<MeetingDoc> {
  const { event } = input;
  checkOpen(event);
  checkSlot(event, input.slot);
  if (input.fromDistrictId.equals(input.toDistrictId)) throw invalid('A district cannot meet itself');
  const pairKey = pairKeyOf(input.fromDistrictId, input.toDistrictId);
  const now = new Date();
  const fields = {
    fromDistrictId: input.fromDistrictId,
    toDistrictId: input.toDistrictId,
    state: 'requested' as const,
    slot: input.slot,
    proposedBy: 'from' as const,
    table: null,
    start: null,
    end: null,
    note: input.note,
    requestedById: input.by,
    outcome: null,
    outcomeNote: null,
    outcomeById: null,
    outcomeAt: null,
    updatedAt: now,
  };
  const reopened = await Meeting.findOneAndUpdate(
    { eventId: event._id, pairKey, state: 'cancelled' },
    { $set: fields },
    { returnDocument: 'after' },
  )
    .lean<MeetingDoc>()
    .exec();
  if (reopened) return reopened;
  try {
    const doc = await Meeting.create({
      ...fields,
      workspaceId: event.workspaceId,
      eventId: event._id,
      pairKey,
      createdAt: now,
    });
    return doc.toObject<MeetingDoc>();
  } catch (e) {
    if (isDuplicateKey(e))
      throw conflict('These districts already have a meeting request or meeting at this event');
    throw e;
  }
}

/**
 * One side proposes another slot for a requested meeting (`side` is the proposer's side). Atomic on the state
 * `requested`. @throws `conflict` (409) when the meeting is no longer requested.
 */
export async function proposeSlot(
  event: MeetingEventDoc,
  meeting: MeetingDoc,
  side: 'from' | 'to',
  slot: number,
): Promise<MeetingDoc> {
  checkOpen(event);
  checkSlot(event, slot);
  const updated = await Meeting.findOneAndUpdate(
    { _id: meeting._id, state: 'requested' },
    { $set: { slot, proposedBy: side, updatedAt: new Date() } },
    { returnDocument: 'after' },
  )
    .lean<MeetingDoc>()
    .exec();
  if (!updated) throw conflict('This meeting is no longer a request (it was scheduled or cancelled)');
  return updated;
}

/** A booking's 409 with what was taken as data (`MeetingConflictDetails`, for the client's own wording). */
const bookingConflict = (message: string, details: MeetingConflictDetails) => conflict(message, details);

/** A holder older than this whose meeting does not hold the slot is a leftover of a crashed booking. */
const ORPHAN_AGE_MS = 30_000;

/** Removes the holder of (event, slot, key) when it is a leftover; true when the key is (now) free. */
async function clearIfOrphan(eventId: Types.ObjectId, slot: number, key: string): Promise<boolean> {
  const holder = await MeetingBooking.findOne({ eventId, slot, key }).lean<MeetingBookingDoc>().exec();
  if (!holder) return true;
  if (Date.now() - holder.at.getTime() < ORPHAN_AGE_MS) return false;
  const m = await Meeting.findOne({ _id: holder.meetingId }, { state: 1, slot: 1 }).lean<MeetingDoc>().exec();
  if (m && m.state === 'scheduled' && m.slot === slot) return false;
  await MeetingBooking.deleteOne({ _id: holder._id, meetingId: holder.meetingId }).exec();
  return true;
}

/** Inserts one booking; false when the unique index says the key is taken in that slot. */
async function acquire(
  eventId: Types.ObjectId,
  slot: number,
  key: string,
  meetingId: Types.ObjectId,
): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await MeetingBooking.create({ eventId, slot, key, meetingId, at: new Date() });
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      if (attempt === 0 && !(await clearIfOrphan(eventId, slot, key))) return false;
    }
  }
  return false;
}

/**
 * Books `meeting` into `slot`: counts it on the event (only if the slots did not change since `event` was read),
 * then takes the (slot, district) key of each side and a (slot, table) key — `table` or the first free one —
 * and finally moves the meeting from `requested` to `scheduled` (conditional on `expect`). Any refusal releases
 * what was taken and throws `conflict` (409) naming what was taken, in its message and as `details`
 * (`MeetingConflictDetails`: `district_busy`, `table_taken` or `slot_taken`, with the slot's start); so among
 * concurrent bookings of one slot for one district or table exactly one succeeds.
 */
async function book(
  event: MeetingEventDoc,
  meeting: MeetingDoc,
  slot: number,
  table: number | null,
  expect: Record<string, unknown>,
  proposedBy: MeetingDoc['proposedBy'],
  names: { from: string; to: string },
): Promise<MeetingDoc> {
  checkOpen(event);
  checkSlot(event, slot);
  if (table !== null && table > event.tables)
    throw invalid(`Table ${table} does not exist: this event has ${event.tables} tables`);
  const counted = await MeetingEvent.updateOne(
    { _id: event._id, state: 'open', slotsVersion: event.slotsVersion },
    { $inc: { scheduledCount: 1 } },
  ).exec();
  if (counted.matchedCount === 0) throw conflict('The event was changed or cancelled meanwhile; reload it');
  const slotStart = event.slots[slot].start.toISOString();
  const taken: string[] = [];
  const release = async () => {
    if (taken.length)
      await MeetingBooking.deleteMany({
        eventId: event._id,
        slot,
        key: mongoose.trusted({ $in: taken }),
        meetingId: meeting._id,
      }).exec();
    await MeetingEvent.updateOne({ _id: event._id }, { $inc: { scheduledCount: -1 } }).exec();
  };
  try {
    for (const [id, name] of [
      [meeting.fromDistrictId, names.from],
      [meeting.toDistrictId, names.to],
    ] as const) {
      const key = `d:${id.toHexString()}`;
      if (!(await acquire(event._id, slot, key, meeting._id)))
        throw bookingConflict(`${name || 'A district'} already has a meeting in this slot`, {
          reason: 'district_busy',
          districtId: id.toHexString(),
          districtName: name,
          slotStart,
        });
      taken.push(key);
    }
    const tables = table !== null ? [table] : Array.from({ length: event.tables }, (_, i) => i + 1);
    let got: number | null = null;
    for (const t of tables) {
      if (await acquire(event._id, slot, `t:${t}`, meeting._id)) {
        got = t;
        taken.push(`t:${t}`);
        break;
      }
    }
    if (got === null)
      throw table !== null
        ? bookingConflict(`Table ${table} is taken in this slot`, { reason: 'table_taken', table, slotStart })
        : bookingConflict('No table is free in this slot', { reason: 'slot_taken', slotStart });
    const s = event.slots[slot];
    const updated = await Meeting.findOneAndUpdate(
      { _id: meeting._id, state: 'requested', ...expect },
      {
        $set: {
          state: 'scheduled',
          slot,
          table: got,
          start: s.start,
          end: s.end,
          proposedBy,
          updatedAt: new Date(),
        },
      },
      { returnDocument: 'after' },
    )
      .lean<MeetingDoc>()
      .exec();
    if (!updated) throw conflict('This meeting changed meanwhile (accepted, moved or cancelled); reload it');
    return updated;
  } catch (e) {
    await release();
    throw e;
  }
}

/**
 * The side asked accepts the slot proposed to it: books it (see {@link book}); the proposal must still be the
 * one the caller saw (`slot`). @throws `conflict` (409) when the slot, a district or every table is taken.
 */
export function acceptMeeting(
  event: MeetingEventDoc,
  meeting: MeetingDoc,
  names: { from: string; to: string },
): Promise<MeetingDoc> {
  if (meeting.state !== 'requested' || meeting.slot === null)
    throw conflict('This meeting is not waiting for an answer');
  return book(
    event,
    meeting,
    meeting.slot,
    null,
    { slot: meeting.slot, proposedBy: meeting.proposedBy },
    meeting.proposedBy,
    names,
  );
}

/**
 * The organiser books `a` and `b` into `slot` at `table`: takes over the pair's request if there is one (or
 * reopens/creates the meeting), then books. @throws `conflict` (409) when the pair is already scheduled or a key
 * is taken.
 */
export async function scheduleMeeting(input: {
  event: MeetingEventDoc;
  aDistrictId: Types.ObjectId;
  bDistrictId: Types.ObjectId;
  slot: number;
  table: number;
  by: Types.ObjectId;
  /** The names of a (`from`) and b (`to`), for the conflict's message and details. */
  names: { from: string; to: string };
}): Promise<MeetingDoc> {
  const { event } = input;
  checkOpen(event);
  checkSlot(event, input.slot);
  if (input.table > event.tables)
    throw invalid(`Table ${input.table} does not exist: this event has ${event.tables} tables`);
  const pairKey = pairKeyOf(input.aDistrictId, input.bDistrictId);
  let meeting = await Meeting.findOne({ eventId: event._id, pairKey }).lean<MeetingDoc>().exec();
  if (meeting?.state === 'scheduled')
    throw conflict('These districts already have a scheduled meeting at this event');
  let requestedHere = false;
  if (!meeting || meeting.state === 'cancelled') {
    try {
      meeting = await requestMeeting({
        event,
        fromDistrictId: input.aDistrictId,
        toDistrictId: input.bDistrictId,
        slot: input.slot,
        note: null,
        by: input.by,
      });
      requestedHere = true;
    } catch (e) {
      // A concurrent request of the same pair created it first: book that one.
      meeting = await Meeting.findOne({ eventId: event._id, pairKey, state: 'requested' })
        .lean<MeetingDoc>()
        .exec();
      if (!meeting) throw e;
    }
  }
  // `names` are a's and b's; the meeting taken over may have been asked the other way round (b → a).
  const names = meeting.fromDistrictId.equals(input.aDistrictId)
    ? input.names
    : { from: input.names.to, to: input.names.from };
  try {
    return await book(event, meeting, input.slot, input.table, {}, 'organiser', names);
  } catch (e) {
    // The organiser's booking lost (slot, table or a district taken): the request made only for it goes too,
    // unless a concurrent booking has scheduled it meanwhile (conditional on its state).
    if (requestedHere)
      await Meeting.updateOne(
        { _id: meeting._id, state: 'requested' },
        { $set: { state: 'cancelled', updatedAt: new Date() } },
      ).exec();
    throw e;
  }
}

/**
 * Cancels a requested or scheduled meeting (atomic on its state) and releases its bookings. Returns it and
 * whether it was scheduled. @throws `conflict` (409) when it was already cancelled.
 */
export async function cancelMeeting(
  meeting: MeetingDoc,
): Promise<{ meeting: MeetingDoc; wasScheduled: boolean }> {
  const before = await Meeting.findOneAndUpdate(
    { _id: meeting._id, state: mongoose.trusted({ $in: OPEN_STATES }) },
    { $set: { state: 'cancelled', updatedAt: new Date() } },
    { returnDocument: 'before' },
  )
    .lean<MeetingDoc>()
    .exec();
  if (!before) throw conflict('This meeting was already cancelled');
  const wasScheduled = before.state === 'scheduled';
  if (wasScheduled) {
    await MeetingBooking.deleteMany({ meetingId: meeting._id }).exec();
    await MeetingEvent.updateOne(
      { _id: meeting.eventId, scheduledCount: mongoose.trusted({ $gt: 0 }) },
      { $inc: { scheduledCount: -1 } },
    ).exec();
  }
  return { meeting: { ...before, state: 'cancelled' }, wasScheduled };
}

/**
 * Records what came of a scheduled meeting whose slot has ended (`now` ≥ its end); may be changed later.
 * @throws `conflict` (409) when the meeting is not scheduled or has not ended yet.
 */
export async function setOutcome(
  meeting: MeetingDoc,
  outcome: MeetingOutcome,
  note: string | null,
  by: Types.ObjectId,
  now = new Date(),
): Promise<MeetingDoc> {
  if (meeting.state !== 'scheduled') throw conflict('Only a scheduled meeting gets an outcome');
  if (!meeting.end || meeting.end.getTime() > now.getTime())
    throw conflict('The outcome is recorded after the meeting (its slot has not ended yet)');
  const updated = await Meeting.findOneAndUpdate(
    { _id: meeting._id, state: 'scheduled' },
    { $set: { outcome, outcomeNote: note, outcomeById: by, outcomeAt: now, updatedAt: now } },
    { returnDocument: 'after' },
  )
    .lean<MeetingDoc>()
    .exec();
  if (!updated) throw conflict('This meeting was cancelled meanwhile');
  return updated;
}

/** Name, country, group and representatives of districts by id (hex → doc). */
export async function districtsById(ids: Types.ObjectId[]): Promise<Map<string, DistrictDoc>> {
  const unique = [...new Set(ids.map((i) => i.toHexString()))].map((i) => new Types.ObjectId(i));
  if (unique.length === 0) return new Map();
  const docs = await District.find(
    { _id: mongoose.trusted({ $in: unique }) },
    { name: 1, country: 1, regionGroup: 1, representativeIds: 1, workspaceIds: 1 },
  )
    .lean<DistrictDoc[]>()
    .exec();
  return new Map(docs.map((d) => [d._id.toHexString(), d]));
}

/** Districts of the workspace the user represents (name, country, group). */
export function districtsRepresentedBy(
  workspaceId: Types.ObjectId,
  userId: Types.ObjectId,
): Promise<DistrictDoc[]> {
  return District.find(
    { workspaceIds: workspaceId, representativeIds: userId },
    { name: 1, country: 1, regionGroup: 1 },
  )
    .sort({ name: 1 })
    .lean<DistrictDoc[]>()
    .exec();
}

/** A district of the workspace. @throws `not_found` (404). */
export async function districtIn(
  workspaceId: Types.ObjectId,
  districtId: string | Types.ObjectId,
): Promise<DistrictDoc> {
  const d = await District.findOne(
    { _id: districtId, workspaceIds: workspaceId },
    { name: 1, country: 1, regionGroup: 1, representativeIds: 1 },
  )
    .lean<DistrictDoc>()
    .exec();
  if (!d) throw notFound('District');
  return d;
}
