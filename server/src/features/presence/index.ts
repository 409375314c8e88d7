import { rooms } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import type { PresenceEvent } from './events';
import { presenceOf } from './presence.service';
import { leaveCurrentBlock, presenceSocket } from './presence.socket';

/** Who is in which block, and who is typing (volatile, never stored). */
export const presence = defineFeature<PresenceEvent>({
  name: 'presence',
  setup: (ctx) => ({
    commands: commandsOf(FORUM_COMMAND_LIMITS, presenceSocket),
    present: {
      'presence.changed': ({ presence: list }) => [
        { to: rooms.block(list.blockId), emit: ['presence:updated', list] },
      ],
      'typing.changed': ({ questionId, userId, name, typing, exceptSocketId }) => [
        {
          to: rooms.question(questionId),
          except: exceptSocketId,
          volatile: true,
          emit: [typing ? 'typing:started' : 'typing:stopped', { questionId, userId, name }],
        },
      ],
    },
    onDisconnect(c) {
      void leaveCurrentBlock(c).then(
        (events) => ctx.bus.publish(...events),
        (error: unknown) => ctx.logger.warn({ err: error }, 'presence cleanup failed'),
      );
    },
    close: () => presenceOf(ctx).close(),
  }),
});
