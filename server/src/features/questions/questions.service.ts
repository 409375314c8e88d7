import mongoose, { type Types } from 'mongoose';
import type { QuestionState } from '@polos/shared';
import { notFound } from '../../lib/errors';
import type { Outcome } from '../../contracts/domainEvents';
import { recordAudit, type Actor } from '../audit/audit.service';
import { questionLastSeqs } from './counter.model';
import type { QuestionsEvent } from './events';
import { Question, type QuestionDoc } from './question.model';

/**
 * The questions feature owns every write to the `questions` collection. The live-session flow (open next,
 * close, reopen — it also records question times on the session) orchestrates through the ports below; each
 * port is one atomic `findOneAndUpdate` conditional on the state it moves from, so a concurrent command wins once
 * and the loser gets `null` (never a lost update).
 */

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

/** The open question of a block (a block has at most one open at a time), or null. */
export function openQuestionOfBlock(blockId: Types.ObjectId): Promise<QuestionDoc | null> {
  return Question.findOne({ blockId, state: 'open' }).lean<QuestionDoc>().exec();
}

/** The one function for a question's last seq (0 before its first post or fact). */
export async function lastSeqOf(questionId: Types.ObjectId): Promise<number> {
  const id = questionId.toHexString();
  return (await questionLastSeqs([id]))[id] ?? 0;
}

/** The `question.changed` fact of a stored question (with its last seq, so clients know what to replay). */
export async function questionChanged(q: QuestionDoc): Promise<QuestionsEvent> {
  return { type: 'question.changed', question: q, lastSeq: await lastSeqOf(q._id) };
}

/**
 * Opens question `id` at `at` (UTC) if it is still in state `from` (`pending` for "open next", `closed` for
 * "reopen"): sets `state: 'open'`, `openedAt: at`, `closedAt: null`. Returns the opened question, or null when
 * its state changed meanwhile.
 */
export function openQuestion(
  id: Types.ObjectId,
  from: Extract<QuestionState, 'pending' | 'closed'>,
  at: Date,
): Promise<QuestionDoc | null> {
  return Question.findOneAndUpdate(
    { _id: id, state: from },
    { $set: { state: 'open', openedAt: at, closedAt: null } },
    { returnDocument: 'after' },
  )
    .lean<QuestionDoc>()
    .exec();
}

/** Closes question `id` at `at` if it is open. Returns the closed question, or null when it was not open. */
export function closeQuestionIfOpen(id: Types.ObjectId, at: Date): Promise<QuestionDoc | null> {
  return Question.findOneAndUpdate(
    { _id: id, state: 'open' },
    { $set: { state: 'closed', closedAt: at } },
    { returnDocument: 'after' },
  )
    .lean<QuestionDoc>()
    .exec();
}

/** Closes the open questions of a block (except `keep`), each with {@link closeQuestionIfOpen}; returns them. */
export async function closeOpenQuestionsOfBlock(
  blockId: Types.ObjectId,
  keep?: Types.ObjectId,
): Promise<QuestionDoc[]> {
  const open = await Question.find({ blockId, state: 'open' }).lean<QuestionDoc[]>().exec();
  const closed: QuestionDoc[] = [];
  for (const q of open) {
    if (keep && q._id.equals(keep)) continue;
    const doc = await closeQuestionIfOpen(q._id, new Date());
    if (doc) closed.push(doc);
  }
  return closed;
}

/**
 * Locks or unlocks a question's thread (`thread:lock` / `thread:unlock`; no live session needed) and audits it.
 *
 * @throws `not_found` when the question no longer exists.
 */
export async function setThreadLock(
  question: QuestionDoc,
  actor: Actor,
  locked: boolean,
): Promise<Outcome<QuestionDoc, QuestionsEvent>> {
  const updated = await Question.findOneAndUpdate(
    { _id: question._id },
    { $set: { locked } },
    { returnDocument: 'after' },
  )
    .lean<QuestionDoc>()
    .exec();
  if (!updated) throw notFound('Question');
  await recordAudit(question.workspaceId, actor, locked ? 'thread.lock' : 'thread.unlock', {
    type: 'question',
    id: question._id,
  });
  return { data: updated, events: [await questionChanged(updated)] };
}
