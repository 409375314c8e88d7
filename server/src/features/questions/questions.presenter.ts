import type { QuestionDto } from '@polos/shared';
import { presentLocalizedText } from '../../lib/localizedText';
import type { QuestionDoc } from './question.model';

export const presentQuestion = (q: QuestionDoc, lastSeq: number): QuestionDto => ({
  id: q._id.toHexString(),
  workspaceId: q.workspaceId.toHexString(),
  blockId: q.blockId.toHexString(),
  order: q.order,
  text: presentLocalizedText(q.text),
  state: q.state,
  openedAt: q.openedAt ? q.openedAt.toISOString() : null,
  closedAt: q.closedAt ? q.closedAt.toISOString() : null,
  locked: q.locked,
  lastSeq,
  asyncWindow: q.asyncWindow
    ? {
        startsAt: q.asyncWindow.startsAt.toISOString(),
        endsAt: q.asyncWindow.endsAt.toISOString(),
        state: q.asyncWindow.state,
      }
    : null,
});
