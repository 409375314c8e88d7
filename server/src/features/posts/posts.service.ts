import mongoose, { Types } from 'mongoose';
import type { PostChangeKind, Reaction } from '@polos/shared';
import type { PostsEvent as DomainEvent } from './events';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors';
import { KeyedSerialQueue } from '../../lib/mutex';
import { recordAudit, type Actor } from '../audit/audit.service';
import type { SocketUserDistrict } from '../../contracts/feature';
import type { Outcome } from '../../contracts/domainEvents';
import type { QuestionDoc } from '../questions/question.model';
import { nextSeq, questionCounterId, questionLastSeqs } from '../questions/counter.model';
import { assertAcceptsContributions } from '../questions/questions.service';
import { Post, type PostDoc } from './post.model';
import { PostChange, type PostChangeDoc } from './postChange.model';
import { dropRevisions, storeRevision } from './postHistory.service';

/**
 * One queue per question: seq assignment, the write and (via the caller's ack → publish right after)
 * the broadcast happen in seq order, so a client that saw seq n has seen every change before n.
 */
const threadQueue = new KeyedSerialQueue();

/** Most changes one `sync:since` answers per question. */
export const SYNC_PAGE = 500;

export interface PostAuthor extends Actor {
  district: SocketUserDistrict | null;
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

/**
 * Posting, editing and reacting need an unlocked question that is open live or inside its asynchronous window
 * (`window_closed` outside it; see `assertAcceptsContributions`).
 */
export function assertWritable(question: QuestionDoc): void {
  assertAcceptsContributions(question);
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
): Promise<Outcome<StoredChange, DomainEvent>> {
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
  const post = new Post({
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
    createdAt: new Date(),
  });
  const result = await new Promise<StoredChange | PostDoc>((resolve, reject) =>
    enqueueCreate(question._id.toHexString(), { post, resolve, reject }),
  );
  if ('kind' in result) return { data: result, events: [changed(result)] };
  return { data: replayOfCreate(result, question), events: [] };
}

/** A post waiting for its turn to be stored (see `enqueueCreate`). */
interface CreateRequest {
  post: InstanceType<typeof Post>;
  resolve: (result: StoredChange | PostDoc) => void;
  reject: (error: unknown) => void;
}

/** Per question: the creates that arrived while the previous batch was being written. */
const waitingCreates = new Map<string, CreateRequest[]>();

/**
 * Group commit for new posts. Creates of one question are stored in batches, one batch at a time in the
 * thread queue: posts that arrive while a batch is being written form the next one. A batch takes its
 * seqs with one `$inc`, then writes its posts and their change-log entries with one `insertMany` each —
 * so a busy thread pays the database round trips once per batch instead of once per post, and seqs are
 * still assigned, stored and (by the callers, right after) broadcast in order.
 */
function enqueueCreate(questionId: string, request: CreateRequest): void {
  const waiting = waitingCreates.get(questionId);
  if (waiting) {
    waiting.push(request);
    return;
  }
  const batch = [request];
  waitingCreates.set(questionId, batch);
  void threadQueue.run(questionId, async () => {
    // From here on, new arrivals start the next batch (queued behind this one).
    waitingCreates.delete(questionId);
    try {
      await storeCreateBatch(questionId, batch);
    } catch (error) {
      for (const waitingRequest of batch) waitingRequest.reject(error);
    }
  });
}

/** Indexes of the documents an unordered `insertMany` did not store, with their errors. */
function failedInserts(outcome: PromiseSettledResult<unknown>): Map<number, unknown> {
  const failed = new Map<number, unknown>();
  if (outcome.status === 'fulfilled') return failed;
  type WriteError = { index: number; code?: unknown; err?: unknown };
  const reported = (outcome.reason as { writeErrors?: WriteError | WriteError[] } | null)?.writeErrors;
  if (!reported) return new Map([[-1, outcome.reason]]); // the whole call failed
  // The driver reports one write error as an object, several as an array.
  for (const writeError of Array.isArray(reported) ? reported : [reported]) {
    failed.set(writeError.index, writeError.code !== undefined ? writeError : (writeError.err ?? writeError));
  }
  return failed;
}

async function storeCreateBatch(questionId: string, batch: CreateRequest[]): Promise<void> {
  const lastSeq = await nextSeq(questionCounterId(questionId), batch.length);
  const posts = batch.map((request, index) => {
    const seq = lastSeq - batch.length + 1 + index;
    request.post.set({ seq, lastSeq: seq });
    return request.post;
  });
  const changes = posts.map((post) => ({
    questionId: post.questionId,
    seq: post.seq,
    kind: 'created' as const,
    postId: post._id,
    actorId: post.authorId,
  }));
  // Posts and their change-log entries are written together; failures are settled per post below.
  const [postsOutcome, changesOutcome] = await Promise.allSettled([
    Post.insertMany(posts, { ordered: false }),
    PostChange.insertMany(changes, { ordered: false }),
  ]);
  const failedPosts = failedInserts(postsOutcome);
  const failedChanges = failedInserts(changesOutcome);
  await Promise.all(
    batch.map(async (request, index) => {
      const post = posts[index];
      const postError = failedPosts.get(index) ?? failedPosts.get(-1);
      const changeStored = !failedChanges.has(index) && !failedChanges.has(-1);
      try {
        if (postError === undefined) {
          const stored = post.toObject<PostDoc>();
          // The post is stored but its change is not: log it (same seq) before acking.
          if (!changeStored) await appendChange(stored, post.seq, 'created', post.authorId);
          request.resolve({ kind: 'created', seq: post.seq, post: stored });
          return;
        }
        // No post: drop the orphan change (`changesSince` would skip it anyway); its seq stays a gap.
        if (changeStored) await PostChange.deleteOne({ questionId: post.questionId, seq: post.seq }).exec();
        // A concurrent retry with the same clientId won: answer with the stored post.
        const existing = isDuplicateKey(postError)
          ? await Post.findOne({ authorId: post.authorId, clientId: post.clientId }).lean<PostDoc>().exec()
          : null;
        if (existing) request.resolve(existing);
        else request.reject(postError);
      } catch (error) {
        request.reject(error);
      }
    }),
  );
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
): Promise<Outcome<StoredChange, DomainEvent>> {
  if (!post.authorId.equals(actor.userId)) throw forbidden('You can only edit your own posts');
  if (post.deleted) throw conflict('The post was deleted');
  // A hidden post is under moderation: its author may delete it but not rewrite it (issue 15.16).
  if (post.hidden) throw conflict('A moderator hid this post: it cannot be edited while hidden');
  assertWritable(question);
  const previousCount = post.editCount ?? post.edits?.length ?? 0;
  const editedAt = new Date();
  // Guarded by the edit count read: a concurrent edit makes this one a 409 instead of a lost version.
  // Earlier versions go to `postrevisions` (capped), never into the post (issue 15.3).
  const result = await changePost(
    post,
    'edited',
    actor.userId,
    { deleted: false, editCount: post.editCount ?? null },
    (seq) => ({ $set: { body, editedAt, lastSeq: seq, editCount: previousCount + 1 } }),
  );
  if (!result) throw conflict('The post was deleted or edited meanwhile: reload it and try again');
  await storeRevision(post, previousCount + 1, actor.userId, editedAt);
  // History embedded by earlier versions was just moved to `postrevisions`: drop it from the post.
  if (post.edits) await Post.updateOne({ _id: post._id }, { $unset: { edits: '' } }).exec();
  return { data: result, events: [changed(result)] };
}

/** Soft delete: the post stays as a tombstone (body and history cleared). */
export async function deletePost(
  post: PostDoc,
  question: QuestionDoc,
  actor: Actor,
): Promise<Outcome<StoredChange, DomainEvent>> {
  if (!post.authorId.equals(actor.userId)) throw forbidden('You can only delete your own posts');
  if (post.deleted) throw conflict('The post was already deleted');
  assertWritable(question);
  const result = await changePost(post, 'deleted', actor.userId, { deleted: false }, (seq) => ({
    $set: { deleted: true, deletedAt: new Date(), body: '', lastSeq: seq },
    $unset: { edits: '' },
  }));
  if (!result) throw conflict('The post was already deleted');
  await dropRevisions(post._id);
  return { data: result, events: [changed(result)] };
}

export async function setReaction(
  post: PostDoc,
  question: QuestionDoc,
  actor: Actor,
  reaction: Reaction,
  add: boolean,
): Promise<Outcome<StoredChange, DomainEvent>> {
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
): Promise<Outcome<StoredChange, DomainEvent>> {
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

/**
 * How long a hole in a question's seq log may still be filled by a write in progress on another process (ms);
 * `changesSince` stops before a younger hole.
 */
export const SEQ_GAP_SETTLE_MS = 5000;

/**
 * The stored changes of a question after `sinceSeq`, in order, with their posts' current state (at most
 * `SYNC_PAGE`). `filledSeqs` are seqs of the log stored by other sources (window facts, seq log sources such as
 * polls), not holes. `until` is the highest seq the answer covers: `lastSeq` (the counter), the page's last change
 * when `hasMore`, or the seq before a hole younger than `SEQ_GAP_SETTLE_MS` — what other sources replay up to.
 */
export async function changesSince(
  questionId: Types.ObjectId,
  sinceSeq: number,
  /** Seqs of the question's log stored elsewhere (asynchronous-window facts): not holes. */
  filledSeqs: ReadonlySet<number> = new Set(),
): Promise<{ changes: StoredChange[]; lastSeq: number; hasMore: boolean; until: number }> {
  const id = questionId.toHexString();
  const lastSeq = (await questionLastSeqs([id]))[id] ?? 0;
  if (sinceSeq >= lastSeq) return { changes: [], lastSeq, hasMore: false, until: lastSeq };
  const log = await PostChange.find({ questionId, seq: mongoose.trusted({ $gt: sinceSeq }) })
    .sort({ seq: 1 })
    .limit(SYNC_PAGE + 1)
    .lean<PostChangeDoc[]>()
    .exec();
  let hasMore = log.length > SYNC_PAGE;
  let page = log.slice(0, SYNC_PAGE);
  const postIds = [...new Set(page.map((c) => c.postId.toHexString()))].map((pid) => new Types.ObjectId(pid));
  const posts = await Post.find({ _id: mongoose.trusted({ $in: postIds }) })
    .lean<PostDoc[]>()
    .exec();
  const byId = new Map(posts.map((p) => [p._id.toHexString(), p]));
  // Several processes (issue 14): seqs come from one counter but are written by whichever process took them, so
  // seq n+1 can be stored before n. A recent gap (or a change whose post is not written yet) may still fill:
  // answer only up to it, so the client's cursor never passes a seq that is about to appear. An old gap is a
  // write that failed for good (or a process that died between counter and insert) and is skipped as before.
  const now = Date.now();
  let expected = sinceSeq + 1;
  // The highest seq this answer covers: the counter, the page's last change, or just before a young hole.
  let until = hasMore ? (page[page.length - 1]?.seq ?? lastSeq) : lastSeq;
  for (let i = 0; i < page.length; i++) {
    const entry = page[i];
    while (filledSeqs.has(expected)) expected += 1;
    const settled = now - entry.at.getTime() > SEQ_GAP_SETTLE_MS;
    if ((entry.seq !== expected || !byId.has(entry.postId.toHexString())) && !settled) {
      page = page.slice(0, i);
      hasMore = false;
      until = expected - 1;
      break;
    }
    expected = entry.seq + 1;
  }
  const changes = page.flatMap((c) => {
    const post = byId.get(c.postId.toHexString());
    return post ? [{ kind: c.kind, seq: c.seq, post }] : [];
  });
  return { changes, lastSeq, hasMore, until };
}

/** A page of the thread by creation seq. */
export function threadPage(questionId: Types.ObjectId, afterSeq: number, limit: number): Promise<PostDoc[]> {
  return Post.find({ questionId, seq: mongoose.trusted({ $gt: afterSeq }) })
    .sort({ seq: 1 })
    .limit(limit)
    .lean<PostDoc[]>()
    .exec();
}

/**
 * Anonymises what a deleted account wrote (account deletion, privacy): every post of `userId` keeps its body and
 * place in the thread but shows `placeholderName` (clients translate via `authorDeleted`) and no district.
 * One `updateMany` of fixed fields; idempotent.
 */
export async function anonymiseAuthor(userId: Types.ObjectId, placeholderName: string): Promise<void> {
  await Post.updateMany(
    { authorId: userId },
    { $set: { authorName: placeholderName, authorDistrict: null, authorDeleted: true } },
  ).exec();
}
