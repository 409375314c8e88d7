import mongoose, { type Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import { questionLastSeqs } from './counter.model';
import { Question, type QuestionDoc } from './question.model';

export async function getQuestionOrThrow(id: Types.ObjectId | string): Promise<QuestionDoc> {
  const q = await Question.findById(id).lean<QuestionDoc>().exec();
  if (!q) throw notFound('Question');
  return q;
}

export function questionsOfBlocks(blockIds: Types.ObjectId[]): Promise<QuestionDoc[]> {
  return Question.find({ blockId: mongoose.trusted({ $in: blockIds }) })
    .sort({ order: 1 })
    .lean<QuestionDoc[]>()
    .exec();
}

export async function lastSeqOf(questionId: Types.ObjectId): Promise<number> {
  const id = questionId.toHexString();
  return (await questionLastSeqs([id]))[id] ?? 0;
}
