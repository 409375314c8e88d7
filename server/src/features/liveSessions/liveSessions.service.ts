import mongoose from 'mongoose';
import { Types } from 'mongoose';
import type { BlocksEvent } from '../blocks/events';
import type { PostsEvent } from '../posts/events';
import type { QuestionsEvent } from '../questions/events';
import type { LiveSessionsEvent } from './events';
import type { Outcome as OutcomeOf } from '../../contracts/domainEvents';

/** The events the live-session flows publish (their own and the blocks', questions' and posts' they change). */
type DomainEvent = LiveSessionsEvent | BlocksEvent | QuestionsEvent | PostsEvent;
import { conflict, invalid, notFound } from '../../lib/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import { Block, type BlockDoc } from '../blocks/block.model';
import { loadBlocks } from '../blocks/blocks.service';
import { lastSeqOf } from '../questions/questions.service';
import { Post, type PostDoc } from '../posts/post.model';
import { Question, type QuestionDoc } from '../questions/question.model';
import { LiveSession, type LiveSessionDoc } from './liveSession.model';

/** What a command returns: the ack data and the facts to broadcast after the ack. */
/** A live-session write's result and the events it publishes. */
export type Outcome<T> = OutcomeOf<T, DomainEvent>;

export function activeSession(workspaceId: Types.ObjectId): Promise<LiveSessionDoc | null> {
  return LiveSession.findOne({ workspaceId, endedAt: null })
    .sort({ startedAt: -1 })
    .lean<LiveSessionDoc>()
    .exec();
}

async function requireActiveSession(workspaceId: Types.ObjectId): Promise<LiveSessionDoc> {
  const session = await activeSession(workspaceId);
  if (!session) throw conflict('No live session is running: start one first');
  return session;
}

async function updateSession(
  id: Types.ObjectId,
  update: mongoose.UpdateQuery<LiveSessionDoc>,
): Promise<LiveSessionDoc> {
  const doc = await LiveSession.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' })
    .lean<LiveSessionDoc>()
    .exec();
  if (!doc) throw notFound('Live session');
  return doc;
}

const liveChanged = (s: LiveSessionDoc): DomainEvent => ({
  type: 'live.changed',
  workspaceId: s.workspaceId.toHexString(),
  session: s.endedAt ? null : s,
});

async function questionChanged(q: QuestionDoc): Promise<DomainEvent> {
  return { type: 'question.changed', question: q, lastSeq: await lastSeqOf(q._id) };
}

async function blockChanged(block: BlockDoc): Promise<DomainEvent> {
  // The block as presented everywhere: its questions in order with their last seqs (blocks/ loads them).
  const { questions, lastSeqs } = await loadBlocks([block]);
  return { type: 'block.changed', block, questions, lastSeqs };
}

async function setQuestion(
  id: Types.ObjectId,
  filter: Record<string, unknown>,
  set: Partial<QuestionDoc>,
): Promise<QuestionDoc | null> {
  return Question.findOneAndUpdate({ _id: id, ...filter }, { $set: set }, { returnDocument: 'after' })
    .lean<QuestionDoc>()
    .exec();
}

/** Closes the open questions of a block (except `keep`); returns the closed ones. */
async function closeOpenQuestions(blockId: Types.ObjectId, keep?: Types.ObjectId): Promise<QuestionDoc[]> {
  const open = await Question.find({ blockId, state: 'open' }).lean<QuestionDoc[]>().exec();
  const closed: QuestionDoc[] = [];
  for (const q of open) {
    if (keep && q._id.equals(keep)) continue;
    const doc = await setQuestion(q._id, { state: 'open' }, { state: 'closed', closedAt: new Date() });
    if (doc) closed.push(doc);
  }
  return closed;
}

async function recordQuestionTimes(
  session: LiveSessionDoc | null,
  opened: QuestionDoc | null,
  closed: QuestionDoc[],
) {
  if (!session) return;
  const now = new Date();
  // Element-wise updates (never the list read and written back): concurrent commands keep each other's times.
  if (closed.length > 0)
    await LiveSession.updateOne(
      { _id: session._id },
      { $set: { 'questionTimes.$[t].closedAt': now } },
      {
        arrayFilters: [
          { 't.closedAt': null, 't.questionId': mongoose.trusted({ $in: closed.map((q) => q._id) }) },
        ],
      },
    ).exec();
  if (opened)
    await LiveSession.updateOne(
      { _id: session._id },
      { $push: { questionTimes: { questionId: opened._id, openedAt: now, closedAt: null } } },
    ).exec();
}

export async function startSession(
  workspaceId: Types.ObjectId,
  actor: Actor,
  title: string | undefined,
): Promise<Outcome<LiveSessionDoc>> {
  if (await activeSession(workspaceId)) throw conflict('A live session is already running');
  const liveBlock = await Block.findOne({ workspaceId, state: 'live' }).lean<BlockDoc>().exec();
  const openQuestion = liveBlock
    ? await Question.findOne({ blockId: liveBlock._id, state: 'open' }).lean<QuestionDoc>().exec()
    : null;
  const created = await LiveSession.create({
    workspaceId,
    title: title ?? 'Live session',
    startedAt: new Date(),
    endedAt: null,
    startedBy: actor.userId,
    moderators: [actor.userId],
    currentBlockId: liveBlock?._id ?? null,
    currentQuestionId: openQuestion?._id ?? null,
    spotlight: null,
    questionTimes: [],
  });
  const session = created.toObject();
  await recordAudit(
    workspaceId,
    actor,
    'session.start',
    { type: 'liveSession', id: session._id },
    { title: session.title },
  );
  return { data: session, events: [liveChanged(session)] };
}

/**
 * Ends the running session and closes what it left open: every live block of the workspace (with its open
 * question), and the questions the session opened that are still open (its current one, reopened ones). Nothing stays "Live" or writable without a
 * session to run it, and no control is needed afterwards to close it (issue 15.13). The closes are published
 * like the close commands publish them (`question.changed`, `block.changed`), then the ended session.
 */
export async function endSession(
  workspaceId: Types.ObjectId,
  actor: Actor,
): Promise<Outcome<LiveSessionDoc>> {
  const running = await requireActiveSession(workspaceId);
  const closedQuestions: QuestionDoc[] = [];
  const closedBlocks: BlockDoc[] = [];
  const liveBlocks = await Block.find({ workspaceId, state: 'live' }).lean<BlockDoc[]>().exec();
  for (const live of liveBlocks) {
    closedQuestions.push(...(await closeOpenQuestions(live._id)));
    // Conditional on still being live: a concurrent close wins once, and is not published twice.
    const closed = await Block.findOneAndUpdate(
      { _id: live._id, state: 'live' },
      { $set: { state: 'closed' } },
      { returnDocument: 'after' },
    )
      .lean<BlockDoc>()
      .exec();
    if (closed) closedBlocks.push(closed);
  }
  // Also the questions this session opened elsewhere (e.g. reopened in a closed block) and its current one.
  const openedHere = running.questionTimes.filter((t) => t.closedAt === null).map((t) => t.questionId);
  if (running.currentQuestionId) openedHere.push(running.currentQuestionId);
  for (const questionId of openedHere) {
    if (closedQuestions.some((q) => q._id.equals(questionId))) continue;
    const closed = await setQuestion(
      questionId,
      { state: 'open' },
      { state: 'closed', closedAt: new Date() },
    );
    if (closed) closedQuestions.push(closed);
  }
  await recordQuestionTimes(running, null, closedQuestions);
  const session = await updateSession(running._id, { $set: { endedAt: new Date(), spotlight: null } });
  await recordAudit(
    workspaceId,
    actor,
    'session.end',
    { type: 'liveSession', id: session._id },
    {
      closedBlocks: closedBlocks.map((b) => b._id.toHexString()),
      closedQuestions: closedQuestions.map((q) => q._id.toHexString()),
    },
  );
  const events: DomainEvent[] = [];
  for (const q of closedQuestions) events.push(await questionChanged(q));
  for (const b of closedBlocks) events.push(await blockChanged(b));
  events.push(liveChanged(session));
  return { data: session, events };
}

/** Makes the block live and current; the previously live block closes (with its open question). */
export async function openBlock(block: BlockDoc, actor: Actor): Promise<Outcome<BlockDoc>> {
  const session = await requireActiveSession(block.workspaceId);
  const events: DomainEvent[] = [];
  const others = await Block.find({ workspaceId: block.workspaceId, state: 'live' })
    .lean<BlockDoc[]>()
    .exec();
  for (const other of others) {
    if (other._id.equals(block._id)) continue;
    const closedQuestions = await closeOpenQuestions(other._id);
    await recordQuestionTimes(session, null, closedQuestions);
    const closedBlock = await Block.findOneAndUpdate(
      { _id: other._id },
      { $set: { state: 'closed' } },
      { returnDocument: 'after' },
    )
      .lean<BlockDoc>()
      .exec();
    if (closedBlock) events.push(await blockChanged(closedBlock));
  }
  const opened = await Block.findOneAndUpdate(
    { _id: block._id },
    { $set: { state: 'live' } },
    { returnDocument: 'after' },
  )
    .lean<BlockDoc>()
    .exec();
  if (!opened) throw notFound('Block');
  const openQuestion = await Question.findOne({ blockId: block._id, state: 'open' })
    .lean<QuestionDoc>()
    .exec();
  const updated = await updateSession(session._id, {
    $set: { currentBlockId: block._id, currentQuestionId: openQuestion?._id ?? null, spotlight: null },
  });
  await recordAudit(
    block.workspaceId,
    actor,
    'block.open',
    { type: 'block', id: block._id },
    { order: block.order },
  );
  events.push(await blockChanged(opened), liveChanged(updated));
  return { data: opened, events };
}

export async function closeBlock(block: BlockDoc, actor: Actor): Promise<Outcome<BlockDoc>> {
  const session = await activeSession(block.workspaceId);
  const closedQuestions = await closeOpenQuestions(block._id);
  await recordQuestionTimes(session, null, closedQuestions);
  const closed = await Block.findOneAndUpdate(
    { _id: block._id },
    { $set: { state: 'closed' } },
    { returnDocument: 'after' },
  )
    .lean<BlockDoc>()
    .exec();
  if (!closed) throw notFound('Block');
  const events: DomainEvent[] = [await blockChanged(closed)];
  if (session?.currentBlockId?.equals(block._id)) {
    events.push(
      liveChanged(await updateSession(session._id, { $set: { currentQuestionId: null, spotlight: null } })),
    );
  }
  await recordAudit(block.workspaceId, actor, 'block.close', { type: 'block', id: block._id });
  return { data: closed, events };
}

/**
 * Opens the next pending question of a live block in order (or, with `skipTo`, a later pending one),
 * closes the block's open question and makes the new one current.
 */
export async function openNextQuestion(
  block: BlockDoc,
  actor: Actor,
  skipTo: Types.ObjectId | undefined,
): Promise<Outcome<QuestionDoc>> {
  const session = await requireActiveSession(block.workspaceId);
  if (block.state !== 'live') throw conflict('Open the block first');
  const questions = await Question.find({ blockId: block._id })
    .sort({ order: 1 })
    .lean<QuestionDoc[]>()
    .exec();
  const pending = questions.filter((q) => q.state === 'pending');
  const next = pending[0];
  if (!next) throw conflict('No pending question left in this block');
  let target = next;
  if (skipTo) {
    const chosen = pending.find((q) => q._id.equals(skipTo));
    if (!chosen) throw invalid('questionId must be a pending question of this block');
    target = chosen;
  }
  const skipped = pending.filter((q) => q.order < target.order).map((q) => q._id.toHexString());
  const closed = await closeOpenQuestions(block._id);
  const opened = await setQuestion(
    target._id,
    { state: 'pending' },
    { state: 'open', openedAt: new Date(), closedAt: null },
  );
  if (!opened) throw conflict('The question changed meanwhile; try again');
  await recordQuestionTimes(session, opened, closed);
  const updated = await updateSession(session._id, {
    $set: { currentBlockId: block._id, currentQuestionId: opened._id, spotlight: null },
  });
  await recordAudit(
    block.workspaceId,
    actor,
    'question.open',
    { type: 'question', id: opened._id },
    {
      order: opened.order,
      skipped,
    },
  );
  const events: DomainEvent[] = [];
  for (const q of closed) events.push(await questionChanged(q));
  events.push(await questionChanged(opened), liveChanged(updated));
  return { data: opened, events };
}

export async function closeQuestion(question: QuestionDoc, actor: Actor): Promise<Outcome<QuestionDoc>> {
  if (question.state !== 'open') throw conflict('The question is not open');
  const closed = await setQuestion(
    question._id,
    { state: 'open' },
    { state: 'closed', closedAt: new Date() },
  );
  if (!closed) throw conflict('The question changed meanwhile; try again');
  await recordQuestionTimes(await activeSession(question.workspaceId), null, [closed]);
  await recordAudit(question.workspaceId, actor, 'question.close', { type: 'question', id: question._id });
  return { data: closed, events: [await questionChanged(closed)] };
}

/** Reopens a closed question; closes the block's other open question and, in a live block, makes it current. */
export async function reopenQuestion(question: QuestionDoc, actor: Actor): Promise<Outcome<QuestionDoc>> {
  if (question.state !== 'closed') throw conflict('Only a closed question can be reopened');
  const session = await activeSession(question.workspaceId);
  const closed = await closeOpenQuestions(question.blockId, question._id);
  const opened = await setQuestion(
    question._id,
    { state: 'closed' },
    { state: 'open', closedAt: null, openedAt: new Date() },
  );
  if (!opened) throw conflict('The question changed meanwhile; try again');
  await recordQuestionTimes(session, opened, closed);
  const events: DomainEvent[] = [];
  for (const q of closed) events.push(await questionChanged(q));
  events.push(await questionChanged(opened));
  const block = await Block.findById(question.blockId).lean<BlockDoc>().exec();
  if (session && block?.state === 'live') {
    const updated = await updateSession(session._id, {
      $set: { currentBlockId: block._id, currentQuestionId: opened._id, spotlight: null },
    });
    events.push(liveChanged(updated));
  }
  await recordAudit(question.workspaceId, actor, 'question.reopen', { type: 'question', id: question._id });
  return { data: opened, events };
}

export async function setThreadLock(
  question: QuestionDoc,
  actor: Actor,
  locked: boolean,
): Promise<Outcome<QuestionDoc>> {
  const updated = await setQuestion(question._id, {}, { locked });
  if (!updated) throw notFound('Question');
  await recordAudit(question.workspaceId, actor, locked ? 'thread.lock' : 'thread.unlock', {
    type: 'question',
    id: question._id,
  });
  return { data: updated, events: [await questionChanged(updated)] };
}

/** Spotlights a post of the question for everyone (or clears the spotlight with `postId` null). */
export async function spotlightPost(
  question: QuestionDoc,
  actor: Actor,
  postId: Types.ObjectId | null,
): Promise<Outcome<{ session: LiveSessionDoc; post: PostDoc | null }>> {
  const session = await requireActiveSession(question.workspaceId);
  let post: PostDoc | null = null;
  if (postId) {
    post = await Post.findOne({ _id: postId, questionId: question._id }).lean<PostDoc>().exec();
    if (!post || post.deleted || post.hidden) throw notFound('Post');
  }
  const updated = await updateSession(session._id, {
    $set: { spotlight: post ? { questionId: question._id, postId: post._id } : null },
  });
  await recordAudit(question.workspaceId, actor, post ? 'post.spotlight' : 'post.unspotlight', {
    type: post ? 'post' : 'question',
    id: post ? post._id : question._id,
  });
  const spotlight = post ? { questionId: question._id.toHexString(), postId: post._id.toHexString() } : null;
  return {
    data: { session: updated, post },
    events: [
      { type: 'spotlight.changed', workspaceId: question.workspaceId.toHexString(), spotlight, post },
      liveChanged(updated),
    ],
  };
}

export const asObjectId = (id: string): Types.ObjectId => new Types.ObjectId(id);
