import { rooms } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import type { PollsEvent } from './events';
import { presentPollChange, resultsVisibleTo } from './polls.presenter';
import { pollsSocket } from './polls.socket';

/** Polls per question (issue 12.1): open/close, votes, results per region group, replay by seq. */
export const polls = defineFeature<PollsEvent>({
  name: 'polls',
  setup: () => ({
    commands: commandsOf(FORUM_COMMAND_LIMITS, pollsSocket),
    present: {
      // Per audience, like posts: while results are hidden, members get the poll without them and the
      // moderators' part of the room gets them (same seq), so a participant's payload never carries them.
      'poll.changed': ({ kind, seq, poll, results }) => {
        const room = rooms.question(poll.questionId.toHexString());
        const members = presentPollChange(kind, seq, poll, results, { canSeeHidden: false });
        if (resultsVisibleTo(poll, { canSeeHidden: false }))
          return [{ to: room, emit: ['poll:changed', members] }];
        const moderators = rooms.moderators(room);
        return [
          { to: room, except: moderators, emit: ['poll:changed', members] },
          {
            to: moderators,
            emit: ['poll:changed', presentPollChange(kind, seq, poll, results, { canSeeHidden: true })],
          },
        ];
      },
    },
  }),
});
