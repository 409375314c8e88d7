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
import type { BlockDoc } from '../blocks/block.model';
import { blockChanged, getBlockOrThrow, liveBlocksOf, setBlockState } from '../blocks/blocks.service';
import {
  closeOpenQuestionsOfBlock,
  closeQuestionIfOpen,
  openQuestion,
  openQuestionOfBlock,
  questionChanged,
  questionsOfBlocks,
} from '../questions/questions.service';
import { Post, type PostDoc } from '../posts/post.model';
import type { QuestionDoc } from '../questions/question.model';
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

/** Closes the open questions of a block (except `keep`) through the questions feature's port. */
const closeOpenQuestions = closeOpenQuestionsOfBlock;

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
  const [liveBlock] = await liveBlocksOf(workspaceId);
  const current = liveBlock ? await openQuestionOfBlock(liveBlock._id) : null;
  const created = await LiveSession.create({
    workspaceId,
    title: title ?? 'Live session',
    startedAt: new Date(),
    endedAt: null,
    startedBy: actor.userId,
    moderators: [actor.userId],
    currentBlockId: liveBlock?._id ?? null,
    currentQuestionId: current?._id ?? null,
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
  for (const live of await liveBlocksOf(workspaceId)) {
    closedQuestions.push(...(await closeOpenQuestions(live._id)));
    // Conditional on still being live: a concurrent close wins once, and is not published twice.
    const closed = await setBlockState(live._id, 'closed', 'live');
    if (closed) closedBlocks.push(closed);
  }
  // Also the questions this session opened elsewhere (e.g. reopened in a closed block) and its current one.
  const openedHere = running.questionTimes.filter((t) => t.closedAt === null).map((t) => t.questionId);
  if (running.currentQuestionId) openedHere.push(running.currentQuestionId);
  for (const questionId of openedHere) {
    if (closedQuestions.some((q) => q._id.equals(questionId))) continue;
    const closed = await closeQuestionIfOpen(questionId, new Date());
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
  for (const other of await liveBlocksOf(block.workspaceId)) {
    if (other._id.equals(block._id)) continue;
    const closedQuestions = await closeOpenQuestions(other._id);
    await recordQuestionTimes(session, null, closedQuestions);
    const closedBlock = await setBlockState(other._id, 'closed');
    if (closedBlock) events.push(await blockChanged(closedBlock));
  }
  const opened = await setBlockState(block._id, 'live');
  if (!opened) throw notFound('Block');
  const current = await openQuestionOfBlock(block._id);
  const updated = await updateSession(session._id, {
    $set: { currentBlockId: block._id, currentQuestionId: current?._id ?? null, spotlight: null },
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
  const closed = await setBlockState(block._id, 'closed');
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
  const questions = await questionsOfBlocks([block._id]);
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
  const opened = await openQuestion(target._id, 'pending', new Date());
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
  const closed = await closeQuestionIfOpen(question._id, new Date());
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
  const opened = await openQuestion(question._id, 'closed', new Date());
  if (!opened) throw conflict('The question changed meanwhile; try again');
  await recordQuestionTimes(session, opened, closed);
  const events: DomainEvent[] = [];
  for (const q of closed) events.push(await questionChanged(q));
  events.push(await questionChanged(opened));
  const block = await getBlockOrThrow(question.blockId).catch(() => null);
  if (session && block?.state === 'live') {
    const updated = await updateSession(session._id, {
      $set: { currentBlockId: block._id, currentQuestionId: opened._id, spotlight: null },
    });
    events.push(liveChanged(updated));
  }
  await recordAudit(question.workspaceId, actor, 'question.reopen', { type: 'question', id: question._id });
  return { data: opened, events };
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
