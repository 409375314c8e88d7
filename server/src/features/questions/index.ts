import { rooms } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import type { QuestionsEvent } from './events';
import { presentQuestion } from './questions.presenter';
import { questionsSocket } from './questions.socket';
import { startWindowScheduler } from './windowScheduler';

/**
 * Questions: subscribing to threads, thread lock, asynchronous windows (with their scheduler); the question flow
 * that moves the live session is registered by `liveSessions`; thread pages are `posts`'.
 */
export const questions = defineFeature<QuestionsEvent>({
  name: 'questions',
  setup: (ctx) => {
    const scheduler = startWindowScheduler(ctx);
    return {
      commands: commandsOf(FORUM_COMMAND_LIMITS, questionsSocket(scheduler)),
      close: () => {
        scheduler.close();
        return Promise.resolve();
      },
      present: {
        'question.changed': ({ question, lastSeq }) => [
          {
            to: rooms.workspace(question.workspaceId.toHexString()),
            emit: ['question:updated', presentQuestion(question, lastSeq)],
          },
        ],
        'question.window': ({ fact }) => [
          { to: rooms.workspace(fact.workspaceId), emit: ['question:window', fact] },
        ],
      },
    };
  },
});
