import type { BlockDto } from '@polos/shared';
import { presentLocalizedText } from '../../lib/localizedText';
import type { QuestionDoc } from '../questions/question.model';
import { presentQuestion } from '../questions/questions.presenter';
import type { BlockDoc } from './block.model';

export const presentBlock = (
  b: BlockDoc,
  questions: QuestionDoc[],
  lastSeqs: Record<string, number>,
): BlockDto => ({
  id: b._id.toHexString(),
  workspaceId: b.workspaceId.toHexString(),
  order: b.order,
  title: presentLocalizedText(b.title),
  description: presentLocalizedText(b.description),
  kind: b.kind,
  state: b.state,
  questions: questions
    .filter((q) => q.blockId.equals(b._id))
    .sort((x, y) => x.order - y.order)
    .map((q) => presentQuestion(q, lastSeqs[q._id.toHexString()] ?? 0)),
});
