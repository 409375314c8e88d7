import { rooms } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import type { QuestionsEvent } from './events';
import { presentQuestion } from './questions.presenter';
import { questionsSocket } from './questions.socket';

/** Questions: subscribing to threads, and the moderator's question flow (thread pages are `posts`'). */
export const questions = defineFeature<QuestionsEvent>({
  name: 'questions',
  setup: () => ({
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
