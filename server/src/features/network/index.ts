import { rooms } from '@polos/shared';
import { defineFeature } from '../../contracts/feature';
import type { NetworkEvent } from './events';
import { networkRoutes } from './network.routes';
import { listMeetingEdges } from '../meetings';

/**
 * The bi-regional network view (issue 11.4): `GET /api/workspaces/:id/network` and the `network:changed` fact.
 * Owns no collection: reads districts, matching's active interests (port) and the meetings' edges (port).
 */
export const network = defineFeature<NetworkEvent>({
  name: 'network',
  setup: (ctx) => {
    // A match made or ended changes every member's network (one-sided interests reach only their two sides and
    // the moderators, who get `matching:interest` themselves).
    ctx.bus.on<{ type: 'matching.interest'; fact: { workspaceId: string; match: boolean } }>(
      'matching.interest',
      (e) => {
        if (e.fact.match)
          ctx.bus.publish<NetworkEvent>({ type: 'network.changed', workspaceId: e.fact.workspaceId });
      },
    );
    // Meeting changes reach every member as the meetings' own `meeting:updated` fact (workspace room).
    return {
      routes: networkRoutes(listMeetingEdges),
      present: {
        'network.changed': ({ workspaceId }) => [
          { to: rooms.workspace(workspaceId), emit: ['network:changed', { workspaceId }] },
        ],
      },
    };
  },
});
