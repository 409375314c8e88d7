import { questionRefSchema, questionWindowSetSchema, rooms } from '@polos/shared';
import type { SocketFeature } from '../../contracts/feature';
import { clearWindow, lastSeqOf, setThreadLock, setWindow } from './questions.service';
import type { WindowScheduler } from './windowScheduler';
import { presentQuestion } from './questions.presenter';
import { accessQuestion } from './access';
import { can } from '../workspaces/workspaces.policy';
import type { QuestionDoc } from './question.model';

const present = async (q: QuestionDoc) => presentQuestion(q, await lastSeqOf(q._id));

/**
 * Subscribing to threads, and locking/unlocking them. The question flow that moves the live session (open next,
 * close, reopen) is registered by `liveSessions`, which records it on the session.
 */
export const questionsSocket =
  (scheduler: WindowScheduler): SocketFeature =>
  (register) => {
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

    register('question:set-window', questionWindowSetSchema, async (payload, { user }) => {
      const { question } = await accessQuestion(payload.questionId, user.userId, 'moderate');
      const { data, events } = await setWindow(
        question,
        user,
        new Date(payload.startsAt),
        new Date(payload.endsAt),
      );
      scheduler.rearm(question._id);
      return { data: await present(data), events };
    });

    register('question:clear-window', questionRefSchema, async ({ questionId }, { user }) => {
      const { question } = await accessQuestion(questionId, user.userId, 'moderate');
      const { data, events } = await clearWindow(question, user);
      scheduler.rearm(question._id);
      return { data: await present(data), events };
    });
  };
