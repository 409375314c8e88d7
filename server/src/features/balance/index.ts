import type { Types } from 'mongoose';
import { rooms } from '@polos/shared';
import { defineFeature } from '../../contracts/feature';
import type { BalanceEvent } from './events';
import { balanceRoutes } from './balance.routes';
import { createBalanceWatch } from './balance.watch';

/**
 * The bi-regional balance dashboard (issue 12.3): participation figures by region group, country, district,
 * language and role per block, question and time bucket (aggregation pipelines over posts, draft updates and poll
 * votes — it writes no collection), and the live balance warning to the moderators. Sits at the top of the
 * feature layers: it only reads the features below.
 */
export const balance = defineFeature<BalanceEvent>({
  name: 'balance',
  setup: (ctx) => {
    const watch = createBalanceWatch(
      (warning) => ctx.bus.publish({ type: 'balance.warned', warning }),
      ctx.logger,
    );
    // After a post is persisted (created, edited, hidden, deleted, reacted to), its question's balance may flip.
    ctx.bus.on<{ type: 'post.changed'; post: { workspaceId: Types.ObjectId; questionId: Types.ObjectId } }>(
      'post.changed',
      (e) => watch.changed(e.post.workspaceId, e.post.questionId),
    );
    return {
      routes: balanceRoutes(),
      present: {
        'balance.warned': ({ warning }) => [
          { to: rooms.moderators(rooms.workspace(warning.workspaceId)), emit: ['balance:warning', warning] },
        ],
      },
      close: () => {
        watch.close();
        return Promise.resolve();
      },
    };
  },
});
