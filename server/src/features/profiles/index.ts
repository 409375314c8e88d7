import { rooms } from '@polos/shared';
import { defineFeature } from '../../contracts/feature';
import type { ProfilesEvent } from './events';
import { profilesRoutes } from './profiles.routes';

/**
 * Block 1 "Profiles of the Polos" in a workspace: the directory, profile read/update with revisions, restore,
 * validation, representation requests, CSV import and CSV/JSON export. District documents are written by the
 * `districts` feature's services; this feature owns representation requests.
 */
export const profiles = defineFeature<ProfilesEvent>({
  name: 'profiles',
  setup: (ctx) => ({
    routes: profilesRoutes(ctx),
    present: {
      'district.changed': ({ fact, workspaceIds }) =>
        workspaceIds.map((workspaceId) => ({
          to: rooms.workspace(workspaceId),
          emit: ['district:updated', { ...fact, workspaceId }],
        })),
      'districts.progressed': ({ progress }) =>
        progress.map((p) => ({ to: rooms.workspace(p.workspaceId), emit: ['districts:progress', p] })),
      // The moderators' list and the requester's own view; an approval changes the requester's district, which the
      // socket handshake caches: their sockets are then disconnected and the client reconnects (re-read session).
      'representation.changed': ({ fact }) => [
        {
          to: [rooms.moderators(rooms.workspace(fact.workspaceId)), rooms.user(fact.userId)],
          emit: ['representation:updated', fact],
        },
        ...(fact.state === 'approved' ? [{ to: rooms.user(fact.userId), disconnect: true }] : []),
      ],
    },
  }),
});
