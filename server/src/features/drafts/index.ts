import { draftRooms, rooms } from '@polos/shared';
import { defineFeature, type FeatureDefinition } from '../../contracts/feature';
import { draftsRoutes } from './draft.routes';
import type { DraftHubOptions } from './draftHub';
import { createDraftRuntime } from './drafts.runtime';
import type { DraftsEvent } from './events';

/**
 * Co-edited conclusions (Yjs over the one Socket.IO connection), versions, releases and exports. `options`
 * tune the hub (tests and the bench shorten compaction delays).
 */
export function createDraftsFeature(options: DraftHubOptions = {}): FeatureDefinition<DraftsEvent> {
  return defineFeature<DraftsEvent>({
    name: 'drafts',
    setup(ctx) {
      const runtime = createDraftRuntime(ctx, options);
      return {
        routes: draftsRoutes(ctx),
        commands: runtime.sockets.commands,
        present: {
          // Local: the hub relays to the other processes itself, each applying to its copy before emitting.
          'draft.relayed': ({ target, emission }) => [
            'socketId' in target
              ? { to: target.socketId, emit: emission, local: true }
              : { to: target.room, except: target.except, emit: emission, local: true },
          ],
          'draft.updated': ({ draft }) => [
            { to: draftRooms.draft(draft.id), emit: ['draft:updated', draft] },
          ],
          'draft.accessRevoked': ({ draftId, socketIds }) => [
            {
              to: socketIds,
              emit: ['draft:left', { draftId, reason: 'access_revoked' }],
              leave: draftRooms.draft(draftId),
            },
          ],
          'draft.versionSaved': ({ draftId, version }) => [
            { to: draftRooms.draft(draftId), emit: ['draft:version-saved', version] },
          ],
          'draft.published': ({ draftId, publication }) => [
            {
              to: [draftRooms.draft(draftId), rooms.workspace(publication.workspaceId)],
              emit: ['draft:published', publication],
            },
          ],
        },
        onDisconnect: ({ socket }) => runtime.sockets.disconnected(socket),
        close: () => runtime.close(),
      };
    },
  });
}

export const drafts = createDraftsFeature();
