import mongoose, { Schema, type Types } from 'mongoose';
import {
  MEETING_EVENT_MODES,
  MEETING_EVENT_STATES,
  MEETING_OUTCOMES,
  MEETING_STATES,
  type MeetingEventMode,
  type MeetingEventState,
  type MeetingOutcome,
  type MeetingState,
} from '@polos/shared';

/** One generated slot: UTC instants. */
export interface SlotDoc {
  start: Date;
  end: Date;
}

/**
 * A matchmaking event of a workspace (collection `meetingevents`). `slots` are generated from the days, daily
 * hours and meeting length in the venue's zone (`slots.ts`) and stored as UTC instants. `slotsVersion` grows when
 * they are regenerated; `scheduledCount` counts scheduled meetings (atomic `$inc`), so an edit that would move the
 * slots under booked meetings is refused atomically (`scheduledCount: 0` in the update's filter).
 */
export interface MeetingEventDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  title: string;
  startDate: string;
  endDate: string;
  dayStart: string;
  dayEnd: string;
  timeZone: string;
  mode: MeetingEventMode;
  venue: string | null;
  onlineUrl: string | null;
  meetingMinutes: number;
  tables: number;
  state: MeetingEventState;
  slots: SlotDoc[];
  slotsVersion: number;
  scheduledCount: number;
  /** Who created it (null once that account is deleted). */
  createdById: Types.ObjectId | null;
  createdAt: Date;
  updatedAt: Date;
}

const eventSchema = new Schema<MeetingEventDoc>(
  {
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    dayStart: { type: String, required: true },
    dayEnd: { type: String, required: true },
    timeZone: { type: String, required: true },
    mode: { type: String, enum: MEETING_EVENT_MODES, required: true },
    venue: { type: String, default: null },
    onlineUrl: { type: String, default: null },
    meetingMinutes: { type: Number, required: true },
    tables: { type: Number, required: true },
    state: { type: String, enum: MEETING_EVENT_STATES, default: 'open' },
    slots: { type: [{ _id: false, start: Date, end: Date }], default: [] },
    slotsVersion: { type: Number, default: 0 },
    scheduledCount: { type: Number, default: 0 },
    createdById: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, default: () => new Date() },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { minimize: false },
);
eventSchema.index({ workspaceId: 1, startDate: 1 });

export const MeetingEvent = mongoose.model<MeetingEventDoc>('MeetingEvent', eventSchema);

/**
 * One meeting between two districts at an event (collection `meetings`), unique per (event, pair): a pair asks
 * once; a cancelled meeting is reopened by the next request. `from` asked (or was named first by the organiser).
 */
export interface MeetingDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  eventId: Types.ObjectId;
  fromDistrictId: Types.ObjectId;
  toDistrictId: Types.ObjectId;
  /** The two district ids (hex) sorted and joined by `|`: the unique pair key. */
  pairKey: string;
  state: MeetingState;
  slot: number | null;
  proposedBy: 'from' | 'to' | 'organiser' | null;
  table: number | null;
  start: Date | null;
  end: Date | null;
  note: string | null;
  /** Who asked (null once that account is deleted). */
  requestedById: Types.ObjectId | null;
  outcome: MeetingOutcome | null;
  outcomeNote: string | null;
  outcomeById: Types.ObjectId | null;
  outcomeAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const meetingSchema = new Schema<MeetingDoc>(
  {
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    eventId: { type: Schema.Types.ObjectId, required: true },
    fromDistrictId: { type: Schema.Types.ObjectId, required: true },
    toDistrictId: { type: Schema.Types.ObjectId, required: true },
    pairKey: { type: String, required: true },
    state: { type: String, enum: MEETING_STATES, required: true },
    slot: { type: Number, default: null },
    proposedBy: { type: String, default: null },
    table: { type: Number, default: null },
    start: { type: Date, default: null },
    end: { type: Date, default: null },
    note: { type: String, default: null },
    requestedById: { type: Schema.Types.ObjectId, default: null },
    outcome: { type: String, enum: [...MEETING_OUTCOMES, null], default: null },
    outcomeNote: { type: String, default: null },
    outcomeById: { type: Schema.Types.ObjectId, default: null },
    outcomeAt: { type: Date, default: null },
    createdAt: { type: Date, default: () => new Date() },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { minimize: false },
);
meetingSchema.index({ eventId: 1, pairKey: 1 }, { unique: true });
meetingSchema.index({ workspaceId: 1, fromDistrictId: 1 });
meetingSchema.index({ workspaceId: 1, toDistrictId: 1 });

export const Meeting = mongoose.model<MeetingDoc>('Meeting', meetingSchema);

/**
 * What holds a slot (collection `meetingbookings`): one document per (event, slot, key), where `key` is
 * `d:<district id>` for each side of a scheduled meeting and `t:<table>` for its table. The unique index makes the
 * database refuse a second meeting for a district or a table in one slot, whatever the number of concurrent
 * bookings; the losers' inserts fail with E11000 and they get 409.
 */
export interface MeetingBookingDoc {
  _id: Types.ObjectId;
  eventId: Types.ObjectId;
  slot: number;
  key: string;
  meetingId: Types.ObjectId;
  at: Date;
}

const bookingSchema = new Schema<MeetingBookingDoc>({
  eventId: { type: Schema.Types.ObjectId, required: true },
  slot: { type: Number, required: true },
  key: { type: String, required: true },
  meetingId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
bookingSchema.index({ eventId: 1, slot: 1, key: 1 }, { unique: true });
bookingSchema.index({ meetingId: 1 });

export const MeetingBooking = mongoose.model<MeetingBookingDoc>('MeetingBooking', bookingSchema);
