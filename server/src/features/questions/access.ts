import type { Types } from 'mongoose';
import type { Role } from '@polos/shared';
import { accessTo } from '../workspaces/access';
import type { Ability } from '../workspaces/workspaces.policy';
import type { QuestionDoc } from './question.model';
import { getQuestionOrThrow } from './questions.service';

/** Loads the question (`not_found`), then applies the access rule to it. */
export async function accessQuestion(
  questionId: string | Types.ObjectId,
  userId: Types.ObjectId,
  ability: Ability,
): Promise<{ question: QuestionDoc; role: Role }> {
  const question = await getQuestionOrThrow(questionId);
  return { question, role: await accessTo(question, userId, ability) };
}
