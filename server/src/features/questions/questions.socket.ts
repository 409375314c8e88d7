import { questionOpenNextSchema, questionRefSchema, rooms } from '@polos/shared';
import type { SocketFeature } from '../../contracts/feature';
import { lastSeqOf } from './questions.service';
import { presentQuestion } from './questions.presenter';
import { accessBlock } from '../blocks/access';
import { accessQuestion } from './access';
import { can } from '../workspaces/workspaces.policy';
import {
  asObjectId,
  closeQuestion,
  openNextQuestion,
  reopenQuestion,
  setThreadLock,
} from '../liveSessions/liveSessions.service';
import type { QuestionDoc } from './question.model';

const present = async (q: QuestionDoc) => presentQuestion(q, await lastSeqOf(q._id));

/** Subscribing to threads, and the moderator's question flow. */
export const questionsSocket: SocketFeature = (register) => {
  register('question:subscribe', questionRefSchema, async ({ questionId }, { socket, user }) => {
    const { question, role } = await accessQuestion(questionId, user.userId, 'read');
    const room = rooms.question(questionId);
    // Moderators also join the room's moderators part: they receive hidden posts with their body.
    await socket.join(can(role, 'moderate') ? [room, rooms.moderators(room)] : room);
    const workspaceId = question.workspaceId.toHexString();
    socket.data.subscriptions[questionId] = workspaceId;
    socket.data.workspaces[workspaceId] = role;
    return { data: { question: await present(question) } };
  });

  register('question:unsubscribe', questionRefSchema, async ({ questionId }, { socket, user }) => {
    await accessQuestion(questionId, user.userId, 'read');
    await socket.leave(rooms.question(questionId));
    await socket.leave(rooms.moderators(rooms.question(questionId)));
    delete socket.data.subscriptions[questionId];
    return { data: null };
  });

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
