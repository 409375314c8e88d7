import { rooms } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import type { QuestionsEvent } from './events';
import { presentQuestion } from './questions.presenter';
import { questionsRoutes } from './questions.routes';
import { questionsSocket } from './questions.socket';

/** Questions: thread pages, subscribing, and the moderator's question flow. */
export const questions = defineFeature<QuestionsEvent>({
  name: 'questions',
  setup: (ctx) => ({
    routes: questionsRoutes(ctx),
    commands: commandsOf(FORUM_COMMAND_LIMITS, questionsSocket),
    present: {
      'question.changed': ({ question, lastSeq }) => [
        {
          to: rooms.workspace(question.workspaceId.toHexString()),
          emit: ['question:updated', presentQuestion(question, lastSeq)],
        },
      ],
    },
  }),
});
