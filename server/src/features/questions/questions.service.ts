import mongoose, { type Types } from 'mongoose';
import type { AsyncWindowState, QuestionState, QuestionWindowFactDto } from '@polos/shared';
import { AppError, conflict, invalid, notFound } from '../../lib/errors';
import type { Outcome } from '../../contracts/domainEvents';
import { recordAudit, type Actor } from '../audit/audit.service';
import { nextSeq, questionCounterId, questionLastSeqs } from './counter.model';
import type { QuestionsEvent } from './events';
import { Question, type AsyncWindowDoc, type QuestionDoc, type WindowFactDoc } from './question.model';

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

// — Asynchronous windows (issue 13.3) —

/** Whether `q` has an asynchronous window admitting contributions at `now` (startsAt ≤ now < endsAt). */
export function windowOpenAt(q: Pick<QuestionDoc, 'asyncWindow'>, now: Date): boolean {
  const w = q.asyncWindow;
  return !!w && w.startsAt.getTime() <= now.getTime() && now.getTime() < w.endsAt.getTime();
}

/**
 * Whether participants may contribute to `q` at `now`: it is the open (live) question, or its asynchronous
 * window is open. A locked thread is refused either way (`assertWritable` in posts).
 *
 * @throws `conflict` "This question is not open" when closed/pending without a window; `window_closed` (409)
 *   when it has an asynchronous window that is not open at `now` (before its start or after its end).
 */
export function assertAcceptsContributions(q: QuestionDoc, now: Date = new Date()): void {
  if (q.state === 'open' || windowOpenAt(q, now)) return;
  if (q.asyncWindow)
    throw new AppError(
      'window_closed',
      q.asyncWindow.startsAt.getTime() > now.getTime()
        ? 'This question opens for contributions at ' + q.asyncWindow.startsAt.toISOString()
        : 'The contribution window of this question has closed',
      { status: 409 },
    );
  throw conflict('This question is not open');
}

/** The domain event of a window fact (→ `question:window` to the workspace room). */
export const windowFactEvent = (q: QuestionDoc, fact: WindowFactDoc): QuestionsEvent => ({
  type: 'question.window',
  fact: presentWindowFact(q, fact),
});

export const presentWindowFact = (q: QuestionDoc, f: WindowFactDoc): QuestionWindowFactDto => ({
  questionId: q._id.toHexString(),
  workspaceId: q.workspaceId.toHexString(),
  seq: f.seq,
  kind: f.kind,
  at: f.at.toISOString(),
  startsAt: f.startsAt.toISOString(),
  endsAt: f.endsAt.toISOString(),
});

/** The window facts of `q` with `sinceSeq` < seq ≤ `untilSeq`, in seq order (what `sync:since` replays). */
export function windowFactsBetween(
  q: QuestionDoc,
  sinceSeq: number,
  untilSeq: number,
): QuestionWindowFactDto[] {
  return (q.windowFacts ?? [])
    .filter((f) => f.seq > sinceSeq && f.seq <= untilSeq)
    .sort((a, b) => a.seq - b.seq)
    .map((f) => presentWindowFact(q, f));
}

/** Filter matching exactly the window `w` (or no window) — the condition of every window write. */
function sameWindow(w: AsyncWindowDoc | null | undefined): Record<string, unknown> {
  if (!w) return { asyncWindow: null };
  return {
    'asyncWindow.state': w.state,
    'asyncWindow.startsAt': w.startsAt,
    'asyncWindow.endsAt': w.endsAt,
  };
}

/**
 * Moves `q`'s window from `from` to `to`, appending the fact with a fresh seq of the question's log — one atomic
 * update conditional on the window being exactly `w` in state `from`. A second timer or process doing the same
 * transition matches nothing and gets null (its seq stays a gap, which the log allows), so it never fires twice.
 */
async function transitionWindow(
  q: QuestionDoc,
  w: AsyncWindowDoc,
  to: Extract<AsyncWindowState, 'open' | 'closed'>,
  now: Date,
): Promise<Outcome<QuestionDoc, QuestionsEvent> | null> {
  const seq = await nextSeq(questionCounterId(q._id.toHexString()));
  const fact: WindowFactDoc = {
    seq,
    kind: to === 'open' ? 'opened' : 'closed',
    at: now,
    startsAt: w.startsAt,
    endsAt: w.endsAt,
  };
  const updated = await Question.findOneAndUpdate(
    { _id: q._id, ...sameWindow(w) },
    { $set: { 'asyncWindow.state': to }, $push: { windowFacts: fact } },
    { returnDocument: 'after' },
  )
    .lean<QuestionDoc>()
    .exec();
  if (!updated) return null;
  return { data: updated, events: [windowFactEvent(updated, fact), await questionChanged(updated)] };
}

/**
 * Brings `questionId`'s window to where `now` says it should be: a window whose end has passed is closed (also
 * one that never opened, e.g. the server was down for all of it), a scheduled one whose start has passed opens.
 * Idempotent and safe to run from several timers or processes at once (see {@link transitionWindow}). Returns
 * the events of the transitions this call made (none when nothing was due or another caller made them).
 */
export async function advanceWindow(
  questionId: Types.ObjectId,
  now: Date = new Date(),
): Promise<QuestionsEvent[]> {
  const events: QuestionsEvent[] = [];
  for (let step = 0; step < 2; step++) {
    const q = await Question.findById(questionId).lean<QuestionDoc>().exec();
    const w = q?.asyncWindow;
    if (!q || !w || w.state === 'closed') break;
    const due =
      now.getTime() >= w.endsAt.getTime()
        ? 'closed'
        : w.state === 'scheduled' && now.getTime() >= w.startsAt.getTime()
          ? 'open'
          : null;
    if (!due) break;
    const outcome = await transitionWindow(q, w, due, now);
    if (!outcome) break;
    events.push(...outcome.events);
  }
  return events;
}

/**
 * Gives `question` an asynchronous window from `startsAt` to `endsAt` (UTC), replacing any. A window that is open
 * now and still covers now stays open (no facts); one that is open and no longer covers now closes (a `closed`
 * fact). The new window then opens at once if its start has passed. Audited.
 *
 * @throws `invalid` when `endsAt` ≤ `startsAt` or `endsAt` has already passed; `conflict` when the window changed
 *   meanwhile (retry).
 */
export async function setWindow(
  question: QuestionDoc,
  actor: Actor,
  startsAt: Date,
  endsAt: Date,
  now: Date = new Date(),
): Promise<Outcome<QuestionDoc, QuestionsEvent>> {
  if (endsAt.getTime() <= startsAt.getTime()) throw invalid('endsAt must be after startsAt');
  if (endsAt.getTime() <= now.getTime())
    throw invalid('The window would already have ended: pick a later end');
  const old = question.asyncWindow ?? null;
  const keepOpen = old?.state === 'open' && startsAt.getTime() <= now.getTime();
  const window: AsyncWindowDoc = { startsAt, endsAt, state: keepOpen ? 'open' : 'scheduled' };
  const update: mongoose.UpdateQuery<QuestionDoc> = { $set: { asyncWindow: window } };
  let closedFact: WindowFactDoc | null = null;
  if (old?.state === 'open' && !keepOpen) {
    const seq = await nextSeq(questionCounterId(question._id.toHexString()));
    closedFact = { seq, kind: 'closed', at: now, startsAt: old.startsAt, endsAt: old.endsAt };
    update.$push = { windowFacts: closedFact };
  }
  const updated = await Question.findOneAndUpdate({ _id: question._id, ...sameWindow(old) }, update, {
    returnDocument: 'after',
  })
    .lean<QuestionDoc>()
    .exec();
  if (!updated) throw conflict('The question changed meanwhile; try again');
  await recordAudit(
    question.workspaceId,
    actor,
    'question.window.set',
    { type: 'question', id: question._id },
    { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
  );
  const events: QuestionsEvent[] = closedFact ? [windowFactEvent(updated, closedFact)] : [];
  const advanced = await advanceWindow(question._id, now);
  if (advanced.length === 0) events.push(await questionChanged(updated));
  events.push(...advanced);
  return { data: await getQuestionOrThrow(question._id), events };
}

/** Removes `question`'s window; an open one closes now (a `closed` fact). Audited. */
export async function clearWindow(
  question: QuestionDoc,
  actor: Actor,
  now: Date = new Date(),
): Promise<Outcome<QuestionDoc, QuestionsEvent>> {
  const old = question.asyncWindow ?? null;
  if (!old) return { data: question, events: [] };
  const update: mongoose.UpdateQuery<QuestionDoc> = { $set: { asyncWindow: null } };
  let closedFact: WindowFactDoc | null = null;
  if (old.state === 'open') {
    const seq = await nextSeq(questionCounterId(question._id.toHexString()));
    closedFact = { seq, kind: 'closed', at: now, startsAt: old.startsAt, endsAt: old.endsAt };
    update.$push = { windowFacts: closedFact };
  }
  const updated = await Question.findOneAndUpdate({ _id: question._id, ...sameWindow(old) }, update, {
    returnDocument: 'after',
  })
    .lean<QuestionDoc>()
    .exec();
  if (!updated) throw conflict('The question changed meanwhile; try again');
  await recordAudit(question.workspaceId, actor, 'question.window.clear', {
    type: 'question',
    id: question._id,
  });
  const events: QuestionsEvent[] = closedFact ? [windowFactEvent(updated, closedFact)] : [];
  events.push(await questionChanged(updated));
  return { data: updated, events };
}

/** Questions whose window is not closed yet (the scheduler arms a timer for each one's next instant). */
export function questionsWithPendingWindows(): Promise<QuestionDoc[]> {
  return Question.find({ 'asyncWindow.state': mongoose.trusted({ $in: ['scheduled', 'open'] }) })
    .select({ windowFacts: 0 })
    .lean<QuestionDoc[]>()
    .exec();
}
