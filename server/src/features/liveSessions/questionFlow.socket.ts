import { questionOpenNextSchema, questionRefSchema } from '@polos/shared';
import type { SocketFeature } from '../../contracts/feature';
import { accessBlock } from '../blocks/access';
import { accessQuestion } from '../questions/access';
import type { QuestionDoc } from '../questions/question.model';
import { presentQuestion } from '../questions/questions.presenter';
import { lastSeqOf } from '../questions/questions.service';
import {
  asObjectId,
  closeQuestion,
  openNextQuestion,
  reopenQuestion,
  setThreadLock,
} from './liveSessions.service';

const present = async (q: QuestionDoc) => presentQuestion(q, await lastSeqOf(q._id));

/**
 * The moderator's question flow: `question:open-next`, `question:close`, `question:reopen`, `thread:lock` /
 * `thread:unlock`. Registered here, beside the live-session flow that runs it (it records question times and the
 * current question on the session), so `questions` does not import `liveSessions`.
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

  for (const [event, locked] of [
    ['thread:lock', true],
    ['thread:unlock', false],
  ] as const) {
    register(event, questionRefSchema, async ({ questionId }, { user }) => {
      const { question } = await accessQuestion(questionId, user.userId, 'moderate');
      const { data, events } = await setThreadLock(question, user, locked);
      return { data: await present(data), events };
    });
  }
};
