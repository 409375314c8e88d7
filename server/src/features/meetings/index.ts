import { rooms } from '@polos/shared';
import { defineFeature } from '../../contracts/feature';
import type { MeetingsEvent } from './events';
import { meetingsRoutes } from './meetings.routes';

/**
 * Cluster-to-cluster (C2C) meetings (issue 11, item 3): matchmaking events with slots in the venue's zone and
 * tables, meetings between matched districts (request → propose/accept, or central scheduling), the "one meeting
 * per district and per table in a slot" rule held by a unique index, outcomes, ICS per district. Owns the
 * `meetingevents`, `meetings` and `meetingbookings` collections; reads matches through the matching ports.
 */
export const meetings = defineFeature<MeetingsEvent>({
  name: 'meetings',
  setup: (ctx) => ({
    routes: meetingsRoutes(ctx),
    present: {
      'meeting.changed': ({ fact }) => [
        { to: rooms.workspace(fact.workspaceId), emit: ['meeting:updated', fact] },
      ],
      'meeting-event.changed': ({ fact }) => [
        { to: rooms.workspace(fact.workspaceId), emit: ['meeting-event:updated', fact] },
      ],
    },
  }),
});

/** The network view's port: every live meeting of a workspace as an edge (see `meetings.ports.ts`). */
export {
  listMeetingEdges,
  edgeStatusOf,
  meetingDataOfUser,
  anonymiseMeetingUser,
  type MeetingEdge,
  type UserMeetingData,
} from './meetings.ports';
export type { MeetingChanged, MeetingsEvent } from './events';
