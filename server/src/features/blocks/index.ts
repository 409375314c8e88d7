import { rooms } from '@polos/shared';
import { defineFeature } from '../../contracts/feature';
import { blockTextsRoutes } from './blockTexts';
import { presentBlock } from './blocks.presenter';
import type { BlocksEvent } from './events';

/** Discussion blocks (their open/close commands run in the live session) and the admin texts' translations. */
export const blocks = defineFeature<BlocksEvent>({
  name: 'blocks',
  setup: (ctx) => ({
    routes: blockTextsRoutes(ctx),
    present: {
      'block.changed': ({ block, questions, lastSeqs }) => [
        {
          to: rooms.workspace(block.workspaceId.toHexString()),
          emit: ['block:updated', presentBlock(block, questions, lastSeqs)],
        },
      ],
    },
  }),
});
