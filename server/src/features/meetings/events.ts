import type { MeetingEventFactDto, MeetingFactDto } from '@polos/shared';

/**
 * A meeting was requested, proposed, scheduled, cancelled or got its outcome (stored). Presented as the
 * `meeting:updated` fact to the workspace room; features above meetings (the network view) can listen with
 * `ctx.bus.on('meeting.changed', …)`.
 */
export interface MeetingChanged {
  type: 'meeting.changed';
  fact: MeetingFactDto;
}

/** A matchmaking event was created, edited or cancelled (stored): `meeting-event:updated` to the workspace room. */
export interface MeetingEventChanged {
  type: 'meeting-event.changed';
  fact: MeetingEventFactDto;
}

export type MeetingsEvent = MeetingChanged | MeetingEventChanged;
