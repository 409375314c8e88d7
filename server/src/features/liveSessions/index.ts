import { rooms } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import { presentPost } from '../posts/posts.presenter';
import type { LiveSessionsEvent } from './events';
import { presentLiveState } from './liveSessions.presenter';
import { liveSessionsSocket } from './liveSessions.socket';
import { questionFlowSocket } from './questionFlow.socket';

/** The moderator's meeting controls: session start/end, blocks, spotlight. */
export const liveSessions = defineFeature<LiveSessionsEvent>({
  name: 'liveSessions',
  setup: () => ({
    commands: commandsOf(FORUM_COMMAND_LIMITS, liveSessionsSocket, questionFlowSocket),
    present: {
      'live.changed': ({ workspaceId, session }) => [
        {
          to: rooms.workspace(workspaceId),
          emit: ['session:updated', presentLiveState(workspaceId, session)],
        },
      ],
      // Per audience: a hidden post's body reaches only the moderators' part of the room.
      'spotlight.changed': ({ workspaceId, spotlight, post }) => {
        const room = rooms.workspace(workspaceId);
        const view = (canSeeHidden: boolean) => ({
          workspaceId,
          spotlight,
          post: post ? presentPost(post, { canSeeHidden }) : null,
        });
        if (!post?.hidden) return [{ to: room, emit: ['post:spotlighted', view(false)] }];
        const moderators = rooms.moderators(room);
        return [
          { to: room, except: moderators, emit: ['post:spotlighted', view(false)] },
          { to: moderators, emit: ['post:spotlighted', view(true)] },
        ];
      },
    },
  }),
});
