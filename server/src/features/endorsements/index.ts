import { draftRooms, rooms } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import type { DraftPublished } from '../drafts/events';
import type { EndorsementsEvent } from './events';
import { endorsementsRoutes } from './endorsements.routes';
import { endorsementsSocket } from './endorsements.socket';
import { attachToRelease } from './endorsements.service';

export { listEndorsementResults, endorsementAnswersOfUser, anonymiseEndorser } from './endorsements.service';
export { endorsementParticipation, type EndorsementParticipationRow } from './endorsements.participation';

/**
 * Endorsement rounds on the conclusions (issue 12.2): rounds on a saved draft version, one voice per district
 * and paragraph, quorum per region group, amendments taken into the draft, results attached to the next release.
 * Ports: `listEndorsementResults(workspaceId)` (publication bundle), `endorsementAnswersOfUser` /
 * `anonymiseEndorser` (privacy), `endorsementParticipation(workspaceId, blockId?)` (balance dashboard: answers per
 * block, representative and district; counts only).
 */
export const endorsements = defineFeature<EndorsementsEvent>({
  name: 'endorsements',
  setup: (ctx) => {
    const logger = ctx.logger.child({ feature: 'endorsements' });
    // A release published after a round closed carries its results: attach them (stored, then announced).
    const unsubscribe = ctx.bus.on<DraftPublished>('draft.published', ({ draftId, publication }) => {
      attachToRelease(draftId, publication.number, publication.id)
        .then((events) => {
          if (events.length > 0) ctx.bus.publish(...events);
        })
        .catch((error: unknown) =>
          logger.warn({ err: error, draftId }, 'could not attach endorsement results'),
        );
    });
    return {
      routes: endorsementsRoutes(),
      commands: commandsOf(FORUM_COMMAND_LIMITS, endorsementsSocket(ctx)),
      present: {
        // The workspace room and the draft's room (the draft page is open outside the workspace view).
        'endorsement.changed': ({ change }) => [
          {
            to: [rooms.workspace(change.round.workspaceId), draftRooms.draft(change.round.draftId)],
            emit: ['endorsement:changed', change],
          },
        ],
      },
      close: () => {
        unsubscribe();
        return Promise.resolve();
      },
    };
  },
});
