import mongoose, { Types } from 'mongoose';
import type { PostChangeKind, Reaction } from '@polos/shared';
import type { DomainEvent } from '../../lib/domainEvents';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors';
import { KeyedSerialQueue } from '../../lib/mutex';
import { recordAudit, type Actor } from '../audit/audit.service';
import type { DistrictDoc } from '../districts/district.model';
import type { Outcome } from '../liveSessions/liveSessions.service';
import type { QuestionDoc } from '../questions/question.model';
import { nextSeq, questionCounterId, questionLastSeqs } from './counter.model';
import { Post, type PostDoc } from './post.model';
import { PostChange, type PostChangeDoc } from './postChange.model';

/**
 * One queue per question: seq assignment, the write and (via the caller's ack → publish right after)
 * the broadcast happen in seq order, so a client that saw seq n has seen every change before n.
 */
const threadQueue = new KeyedSerialQueue();

/** Most changes one `sync:since` answers per question. */
export const SYNC_PAGE = 500;

export interface PostAuthor extends Actor {
  district: DistrictDoc | null;
}

export interface StoredChange {
  kind: PostChangeKind;
  seq: number;
  post: PostDoc;
}

const changed = (c: StoredChange): DomainEvent => ({
  type: 'post.changed',
  kind: c.kind,
  seq: c.seq,
  post: c.post,
});

/** Posting, editing and reacting need an open, unlocked question. */
export function assertWritable(question: QuestionDoc): void {
  if (question.state !== 'open') throw conflict('This question is not open');
  if (question.locked) throw conflict('This thread is locked');
}

export async function getPostOrThrow(id: Types.ObjectId | string): Promise<PostDoc> {
  const post = await Post.findById(id).lean<PostDoc>().exec();
  if (!post) throw notFound('Post');
  return post;
}

const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 11000;

async function appendChange(
  post: PostDoc,
  seq: number,
  kind: PostChangeKind,
  actorId: Types.ObjectId,
): Promise<void> {
  await PostChange.create({
    questionId: post.questionId,
    seq,
    kind,
    postId: post._id,
    actorId,
    at: new Date(),
  });
}

/**
 * Applies `update` to the post under the question's queue with a fresh seq and logs the change.
 * `filter` guards the update (e.g. "not deleted"); when it matches nothing, `null` is returned and
 * nothing is logged (the seq taken is left as a gap).
 */
async function changePost(
  post: PostDoc,
  kind: PostChangeKind,
  actorId: Types.ObjectId,
  filter: Record<string, unknown>,
  update: (seq: number) => mongoose.UpdateQuery<PostDoc>,
): Promise<StoredChange | null> {
  return threadQueue.run(post.questionId.toHexString(), async () => {
    const seq = await nextSeq(questionCounterId(post.questionId.toHexString()));
    const updated = await Post.findOneAndUpdate({ _id: post._id, ...filter }, update(seq), {
      returnDocument: 'after',
    })
      .lean<PostDoc>()
      .exec();
    if (!updated) return null;
    await appendChange(updated, seq, kind, actorId);
    return { kind, seq, post: updated };
  });
}

/**
 * Creates a post; idempotent by `(author, clientId)`: a retry returns the stored post with its creation
 * change and stores nothing (and publishes nothing).
 */
export async function createPost(
  question: QuestionDoc,
  author: PostAuthor,
  input: { clientId: string; body: string; parentId?: string | null },
): Promise<Outcome<StoredChange>> {
  const existing = await Post.findOne({ authorId: author.userId, clientId: input.clientId })
    .lean<PostDoc>()
    .exec();
  if (existing) return { data: replayOfCreate(existing, question), events: [] };
  assertWritable(question);
  let parentId: Types.ObjectId | null = null;
  if (input.parentId) {
    const parent = await Post.findById(input.parentId).lean<PostDoc>().exec();
    if (!parent || !parent.questionId.equals(question._id))
      throw invalid('parentId must be a post of this question');
    if (parent.parentId) throw invalid('Replies are one level deep: reply to the top-level post');
    if (parent.deleted) throw conflict('The post you reply to was deleted');
    parentId = parent._id;
  }
  const result = await threadQueue.run(
    question._id.toHexString(),
    async (): Promise<StoredChange | PostDoc> => {
      const seq = await nextSeq(questionCounterId(question._id.toHexString()));
      const postId = new Types.ObjectId();
      // The post and its change-log entry are written together (one round trip less under the queue).
      const [created, logged] = await Promise.allSettled([
        Post.create({
          _id: postId,
          workspaceId: question.workspaceId,
          questionId: question._id,
          parentId,
          authorId: author.userId,
          authorName: author.name,
          authorDistrict: author.district
            ? {
                id: author.district._id,
                name: author.district.name,
                country: author.district.country,
                regionGroup: author.district.regionGroup,
              }
            : null,
          clientId: input.clientId,
          body: input.body,
          seq,
          lastSeq: seq,
          createdAt: new Date(),
        }),
        PostChange.create({ questionId: question._id, seq, kind: 'created', postId, actorId: author.userId }),
      ]);
      if (created.status === 'fulfilled') {
        const post = created.value.toObject<PostDoc>();
        // The post is stored but its change is not: log it (same seq) before acking.
        if (logged.status === 'rejected') await appendChange(post, seq, 'created', author.userId);
        return { kind: 'created', seq, post };
      }
      // No post: drop the orphan change (`changesSince` would skip it anyway).
      if (logged.status === 'fulfilled') await PostChange.deleteOne({ _id: logged.value._id }).exec();
      const error: unknown = created.reason;
      if (!isDuplicateKey(error)) throw error;
      // A concurrent retry with the same clientId won: answer with the stored post.
      const stored = await Post.findOne({ authorId: author.userId, clientId: input.clientId })
        .lean<PostDoc>()
        .exec();
      if (!stored) throw error;
      return stored;
    },
  );
  if ('kind' in result) return { data: result, events: [changed(result)] };
  return { data: replayOfCreate(result, question), events: [] };
}

function replayOfCreate(post: PostDoc, question: QuestionDoc): StoredChange {
  if (!post.questionId.equals(question._id)) throw conflict('clientId was already used for another post');
  return { kind: 'created', seq: post.seq, post };
}

export async function editPost(
  post: PostDoc,
  question: QuestionDoc,
  actor: Actor,
  body: string,
): Promise<Outcome<StoredChange>> {
  if (!post.authorId.equals(actor.userId)) throw forbidden('You can only edit your own posts');
  if (post.deleted) throw conflict('The post was deleted');
  assertWritable(question);
  const result = await changePost(post, 'edited', actor.userId, { deleted: false }, (seq) => ({
    $set: { body, editedAt: new Date(), lastSeq: seq },
    $push: { edits: { body: post.body, at: post.editedAt ?? post.createdAt } },
  }));
  if (!result) throw conflict('The post was deleted');
  return { data: result, events: [changed(result)] };
}

/** Soft delete: the post stays as a tombstone (body and history cleared). */
export async function deletePost(
  post: PostDoc,
  question: QuestionDoc,
  actor: Actor,
): Promise<Outcome<StoredChange>> {
  if (!post.authorId.equals(actor.userId)) throw forbidden('You can only delete your own posts');
  if (post.deleted) throw conflict('The post was already deleted');
  assertWritable(question);
  const result = await changePost(post, 'deleted', actor.userId, { deleted: false }, (seq) => ({
    $set: { deleted: true, deletedAt: new Date(), body: '', edits: [], lastSeq: seq },
  }));
  if (!result) throw conflict('The post was already deleted');
  return { data: result, events: [changed(result)] };
}

export async function setReaction(
  post: PostDoc,
  question: QuestionDoc,
  actor: Actor,
  reaction: Reaction,
  add: boolean,
): Promise<Outcome<StoredChange>> {
  if (post.deleted) throw conflict('The post was deleted');
  assertWritable(question);
  const path = `reactions.${reaction}`;
  const has = (post.reactions?.[reaction] ?? []).some((id) => id.equals(actor.userId));
  if (has === add) return { data: { kind: 'reacted', seq: post.lastSeq, post }, events: [] };
  const result = await changePost(
    post,
    'reacted',
    actor.userId,
    { deleted: false, [path]: add ? mongoose.trusted({ $ne: actor.userId }) : actor.userId },
    (seq) =>
      add
        ? { $addToSet: { [path]: actor.userId }, $set: { lastSeq: seq } }
        : { $pull: { [path]: actor.userId }, $set: { lastSeq: seq } },
  );
  if (!result) {
    const current = await getPostOrThrow(post._id);
    return { data: { kind: 'reacted', seq: current.lastSeq, post: current }, events: [] };
  }
  return { data: result, events: [changed(result)] };
}

/** Moderator: hide/unhide (audited). */
export async function setHidden(
  post: PostDoc,
  actor: Actor,
  hidden: boolean,
  reason: string | undefined,
): Promise<Outcome<StoredChange>> {
  if (post.hidden === hidden)
    throw conflict(hidden ? 'The post is already hidden' : 'The post is not hidden');
  const result = await changePost(
    post,
    hidden ? 'hidden' : 'unhidden',
    actor.userId,
    { hidden: !hidden },
    (seq) => ({
      $set: hidden
        ? { hidden: true, hiddenBy: actor.userId, hiddenReason: reason ?? null, lastSeq: seq }
        : { hidden: false, hiddenBy: null, hiddenReason: null, lastSeq: seq },
    }),
  );
  if (!result) throw conflict('The post changed meanwhile; try again');
  await recordAudit(
    post.workspaceId,
    actor,
    hidden ? 'post.hide' : 'post.unhide',
    { type: 'post', id: post._id },
    {
      questionId: post.questionId.toHexString(),
      ...(reason ? { reason } : {}),
    },
  );
  return { data: result, events: [changed(result)] };
}

/** The stored changes of a question after `sinceSeq`, in order, with their posts' current state. */
export async function changesSince(
  questionId: Types.ObjectId,
  sinceSeq: number,
): Promise<{ changes: StoredChange[]; lastSeq: number; hasMore: boolean }> {
  const id = questionId.toHexString();
  const lastSeq = (await questionLastSeqs([id]))[id] ?? 0;
  if (sinceSeq >= lastSeq) return { changes: [], lastSeq, hasMore: false };
  const log = await PostChange.find({ questionId, seq: mongoose.trusted({ $gt: sinceSeq }) })
    .sort({ seq: 1 })
    .limit(SYNC_PAGE + 1)
    .lean<PostChangeDoc[]>()
    .exec();
  const hasMore = log.length > SYNC_PAGE;
  const page = log.slice(0, SYNC_PAGE);
  const postIds = [...new Set(page.map((c) => c.postId.toHexString()))].map((pid) => new Types.ObjectId(pid));
  const posts = await Post.find({ _id: mongoose.trusted({ $in: postIds }) })
    .lean<PostDoc[]>()
    .exec();
  const byId = new Map(posts.map((p) => [p._id.toHexString(), p]));
  const changes = page.flatMap((c) => {
    const post = byId.get(c.postId.toHexString());
    return post ? [{ kind: c.kind, seq: c.seq, post }] : [];
  });
  return { changes, lastSeq, hasMore };
}

/** A page of the thread by creation seq. */
export function threadPage(questionId: Types.ObjectId, afterSeq: number, limit: number): Promise<PostDoc[]> {
  return Post.find({ questionId, seq: mongoose.trusted({ $gt: afterSeq }) })
    .sort({ seq: 1 })
    .limit(limit)
    .lean<PostDoc[]>()
    .exec();
}
