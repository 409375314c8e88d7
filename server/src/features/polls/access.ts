import type { Types } from 'mongoose';
import type { Role } from '@polos/shared';
import { accessQuestion } from '../questions/access';
import type { QuestionDoc } from '../questions/question.model';
import type { Ability } from '../workspaces/workspaces.policy';
import type { PollDoc } from './poll.model';
import { getPollOrThrow } from './polls.service';

/** Loads the poll and its question (`not_found`), then applies the access rule to the question. */
export async function accessPoll(
  pollId: string,
  userId: Types.ObjectId,
  ability: Ability,
): Promise<{ poll: PollDoc; question: QuestionDoc; role: Role }> {
  const poll = await getPollOrThrow(pollId);
  const { question, role } = await accessQuestion(poll.questionId, userId, ability);
  return { poll, question, role };
}
