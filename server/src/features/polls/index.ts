import { rooms } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import type { QuestionChanged, QuestionWindowChanged } from '../questions/events';
import { registerSeqLogSource } from '../questions/seqLog';
import { getQuestionOrThrow, windowOpenAt } from '../questions/questions.service';
import type { PollsEvent } from './events';
import { presentPollChange, resultsVisibleTo } from './polls.presenter';
import { pollsSeqLogSource } from './polls.seqLog';
import { closeOpenPollsOfQuestion } from './polls.service';
import { pollsSocket } from './polls.socket';

/**
 * Polls per question (issue 12.1): open/close, votes, results per region group. Poll changes are part of the
 * question's seq log: `sync:since` replays them through the polls' seq log source (registered here, so posts never
 * import polls). When a question stops taking contributions (closed, or its asynchronous window ended) its open
 * polls are closed (domain events `question.changed` / `question.window`); votes check the question themselves
 * meanwhile (`castVote`).
 */
export const polls = defineFeature<PollsEvent>({
  name: 'polls',
  setup: (ctx) => {
    registerSeqLogSource(ctx, pollsSeqLogSource);
    const closePollsIfClosed = (questionId: string) => {
      void (async () => {
        const question = await getQuestionOrThrow(questionId);
        if (question.state === 'open' || windowOpenAt(question, new Date())) return;
        const events = await closeOpenPollsOfQuestion(question._id);
        if (events.length > 0) ctx.bus.publish(...events);
      })().catch((error: unknown) => {
        ctx.logger.warn({ err: error, questionId }, 'closing the polls of a closed question failed');
      });
    };
    ctx.bus.on<QuestionChanged>('question.changed', ({ question }) => {
      if (question.state !== 'open') closePollsIfClosed(question._id.toHexString());
    });
    ctx.bus.on<QuestionWindowChanged>('question.window', ({ fact }) => {
      if (fact.kind === 'closed') closePollsIfClosed(fact.questionId);
    });
    return {
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
        // Only the unit's own sockets: the stored vote, without results (so nothing hidden leaks).
        'poll.ownVote': ({ questionId, pollId, seq, choice, userIds }) =>
          userIds.length === 0
            ? []
            : [
                {
                  to: userIds.map((id) => rooms.user(id)),
                  emit: ['poll:myVote', { questionId, pollId, seq, choice }],
                },
              ],
      },
    };
  },
});
