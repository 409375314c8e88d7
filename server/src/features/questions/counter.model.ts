import mongoose, { Schema } from 'mongoose';

/** Sequence counters: `_id` names the sequence (e.g. `question:<id>`), `seq` is its last value. */
export interface CounterDoc {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterDoc>({
  _id: { type: String, required: true },
  seq: { type: Number, required: true, default: 0 },
});

export const Counter = mongoose.model<CounterDoc>('Counter', counterSchema);

export const questionCounterId = (questionId: string): string => `question:${questionId}`;

/**
 * Atomically takes the next `count` values of a sequence (creating it at 0) and returns the last one:
 * the values are `last - count + 1 … last`.
 */
export async function nextSeq(counterId: string, count = 1): Promise<number> {
  const doc = await Counter.findOneAndUpdate(
    { _id: counterId },
    { $inc: { seq: count } },
    { upsert: true, returnDocument: 'after', lean: true },
  ).exec();
  if (!doc) throw new Error(`counter ${counterId} did not return a value`);
  return doc.seq;
}

/** Current values of the given question counters (0 when none yet). */
export async function questionLastSeqs(questionIds: string[]): Promise<Record<string, number>> {
  const result: Record<string, number> = Object.fromEntries(questionIds.map((id) => [id, 0]));
  if (questionIds.length === 0) return result;
  const docs = await Counter.find({ _id: mongoose.trusted({ $in: questionIds.map(questionCounterId) }) })
    .lean()
    .exec();
  for (const doc of docs) result[doc._id.slice('question:'.length)] = doc.seq;
  return result;
}
