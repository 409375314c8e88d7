import { questionOpenNextSchema, questionRefSchema } from '@polos/shared';
import type { SocketFeature } from '../../contracts/feature';
import { accessBlock } from '../blocks/access';
import { accessQuestion } from '../questions/access';
import type { QuestionDoc } from '../questions/question.model';
import { presentQuestion } from '../questions/questions.presenter';
import { lastSeqOf } from '../questions/questions.service';
import { asObjectId, closeQuestion, openNextQuestion, reopenQuestion } from './liveSessions.service';

const present = async (q: QuestionDoc) => presentQuestion(q, await lastSeqOf(q._id));

/**
 * The moderator's question flow that moves the live session: `question:open-next`, `question:close`,
 * `question:reopen`. Each also records question times and the current question on the running session, so it is
 * orchestrated here (questions sits below liveSessions and must not import it); the question writes themselves are
 * the questions feature's ports. `thread:lock` / `thread:unlock` need no session and live in `questions/`.
 */
export const questionFlowSocket: SocketFeature = (register) => {
  register('question:open-next', questionOpenNextSchema, async (payload, { user }) => {
    const { block } = await accessBlock(payload.blockId, user.userId, 'moderate');
    const skipTo = 'questionId' in payload ? asObjectId(payload.questionId) : undefined;
    const { data, events } = await openNextQuestion(block, user, skipTo);
    return { data: await present(data), events };
  });

  register('question:close', questionRefSchema, async ({ questionId }, { user }) => {
    const { question } = await accessQuestion(questionId, user.userId, 'moderate');
    const { data, events } = await closeQuestion(question, user);
    return { data: await present(data), events };
  });

  register('question:reopen', questionRefSchema, async ({ questionId }, { user }) => {
    const { question } = await accessQuestion(questionId, user.userId, 'moderate');
    const { data, events } = await reopenQuestion(question, user);
    return { data: await present(data), events };
  });
};
