import { pollOpenSchema, pollRefSchema, pollVoteSchema, questionRefSchema } from '@polos/shared';
import type { SocketFeature } from '../../contracts/feature';
import { accessQuestion } from '../questions/access';
import { lastSeqOf } from '../questions/questions.service';
import { can } from '../workspaces/workspaces.policy';
import { accessPoll } from './access';
import type { PollDoc } from './poll.model';
import { presentPoll } from './polls.presenter';
import { castVote, closePoll, myVotes, openPoll, pollsOfQuestion, resultsOf } from './polls.service';

const present = async (polls: PollDoc[], canSeeHidden: boolean) =>
  Promise.all(polls.map(async (p) => presentPoll(p, await resultsOf(p), { canSeeHidden })));

/**
 * Poll commands: open/close (moderators), vote (not observers), list. The catch-up after a reconnect is
 * `sync:since` (poll changes are part of the question's seq log, see `polls.seqLog.ts`).
 */
export const pollsSocket: SocketFeature = (register) => {
  register('poll:open', pollOpenSchema, async (payload, { user }) => {
    const { question } = await accessQuestion(payload.questionId, user.userId, 'moderate');
    const { data, events } = await openPoll(question, user, payload);
    return { data: (await present([data], true))[0], events };
  });

  register('poll:close', pollRefSchema, async ({ pollId }, { user }) => {
    const { poll } = await accessPoll(pollId, user.userId, 'moderate');
    const { data, events } = await closePoll(poll, user);
    return { data: (await present([data], true))[0], events };
  });

  register('poll:vote', pollVoteSchema, async ({ pollId, choice }, { user }) => {
    const { poll, question, role } = await accessPoll(pollId, user.userId, 'participate');
    const { data, events } = await castVote(poll, question, user, choice);
    const view = presentPoll(data.poll, data.results, { canSeeHidden: can(role, 'moderate') });
    return { data: { poll: view, myVote: data.myVote, seq: data.seq }, events };
  });

  register('poll:list', questionRefSchema, async ({ questionId }, { user }) => {
    const { question, role } = await accessQuestion(questionId, user.userId, 'read');
    const lastSeq = await lastSeqOf(question._id);
    const polls = await pollsOfQuestion(question._id);
    return {
      data: {
        polls: await present(polls, can(role, 'moderate')),
        myVotes: await myVotes(polls, user),
        lastSeq,
      },
    };
  });
};
