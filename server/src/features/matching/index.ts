import { rooms } from '@polos/shared';
import { defineFeature } from '../../contracts/feature';
import type { MatchingEvent } from './events';
import { profilesBulkChanged, profilesChanged } from './matching.service';
import { matchingRoutes } from './matching.routes';

/**
 * Partner matching between districts (issue 11): explained suggestions over the Block 1 profiles, the hide
 * setting, interests and matches. Reads district profiles (the `districts` feature writes them); owns the
 * `matchinginterests` and `matchingsettings` collections.
 */
export const matching = defineFeature<MatchingEvent>({
  name: 'matching',
  setup: (ctx) => {
    // A stored profile change refreshes that profile in the prepared profiles of its workspaces; a large import
    // (progress without per-district facts) drops them (matching.service.ts).
    ctx.bus.on<{ type: 'district.changed'; workspaceIds: string[]; fact: { district: { id: string } } }>(
      'district.changed',
      (e) => {
        for (const w of e.workspaceIds) profilesChanged(w, [e.fact.district.id]);
      },
    );
    ctx.bus.on<{ type: 'districts.progressed'; progress: Array<{ workspaceId: string }> }>(
      'districts.progressed',
      (e) => {
        for (const p of e.progress) profilesBulkChanged(p.workspaceId);
      },
    );
    return {
      routes: matchingRoutes(ctx),
      present: {
        'matching.interest': ({ fact, userIds }) => [
          {
            to: [...userIds.map(rooms.user), rooms.moderators(rooms.workspace(fact.workspaceId))],
            emit: ['matching:interest', fact],
          },
        ],
      },
    };
  },
});

/** Ports for features above matching (meetings): see `matches.ts`. */
export { isMatch, matchedPairsIn, matchedPartnersOf } from './matches';
