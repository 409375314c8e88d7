import type { Types } from 'mongoose';
import type { LocalizedTextPatch } from '@polos/shared';
import { notFound } from '../../lib/errors';
import { localizedTextUpdate } from '../../lib/localizedText';
import { Question, type QuestionDoc } from './question.model';

/**
 * Applies translation edits to question `id`'s text (issue 13) in one atomic update of the edited languages'
 * paths only (`text.pt`…); returns the updated question (`not_found` when it is gone).
 */
export async function setQuestionText(id: Types.ObjectId, patch: LocalizedTextPatch): Promise<QuestionDoc> {
  const { $set, $unset } = localizedTextUpdate('text', patch);
  const updated = await Question.findOneAndUpdate(
    { _id: id },
    { ...(Object.keys($set).length ? { $set } : {}), ...(Object.keys($unset).length ? { $unset } : {}) },
    { returnDocument: 'after' },
  )
    .lean<QuestionDoc>()
    .exec();
  if (!updated) throw notFound('Question');
  return updated;
}
