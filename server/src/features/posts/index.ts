import { rooms, type PostChangeKind, type ServerToClientEvents } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import type { PostsEvent } from './events';
import { presentChange } from './posts.presenter';
import { postsRoutes } from './posts.routes';
import { postsSocket } from './posts.socket';

const postEvent = {
  created: 'post:created',
  edited: 'post:edited',
  deleted: 'post:deleted',
  hidden: 'post:hidden',
  unhidden: 'post:unhidden',
  reacted: 'post:reacted',
} as const satisfies Record<PostChangeKind, keyof ServerToClientEvents>;

/** Thread pages and post history (REST), thread writes (persist → ack → broadcast) and the catch-up `sync:since`. */
export const posts = defineFeature<PostsEvent>({
  name: 'posts',
  setup: (ctx) => ({
    routes: postsRoutes(ctx),
    commands: commandsOf(FORUM_COMMAND_LIMITS, postsSocket),
    present: {
      // Per audience, like REST and `sync:since`: members get a hidden post without its body, the moderators'
      // part of the room gets it whole (same seq), so live state equals reloaded state for every role.
      'post.changed': ({ kind, seq, post }) => {
        const room = rooms.question(post.questionId.toHexString());
        const event = postEvent[kind];
        const members = presentChange(kind, seq, post, { canSeeHidden: false });
        if (!post.hidden) return [{ to: room, emit: [event, members] }];
        const moderators = rooms.moderators(room);
        return [
          { to: room, except: moderators, emit: [event, members] },
          { to: moderators, emit: [event, presentChange(kind, seq, post, { canSeeHidden: true })] },
        ];
      },
    },
  }),
});

/** The word-count rule of `post.wordCount` and the dashboard, and the backfill of posts stored before it. */
export { countWords } from './wordCount';
export { ensureWordCounts } from './wordCountBackfill';
