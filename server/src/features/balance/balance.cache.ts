import mongoose, { Types } from 'mongoose';
import type { BalanceBucket } from '@polos/shared';
import { PostChange } from '../posts/postChange.model';
import { Question } from '../questions/question.model';
import { questionLastSeqs } from '../questions/counter.model';
import { PollChange } from '../polls/poll.model';
import { AuditEntry } from '../audit/audit.model';

/**
 * Per-question partial results of the balance dashboard, reused until the question changes (docs/ARCHITECTURE.md,
 * "Balance dashboard"). A question's partial is the raw grouped rows of its posts, cross-region replies and poll
 * votes — not rolled-up figures: role, language and the district of poll voters come from the current membership
 * at roll-up time (every request), and distinct contributors are unioned from the rows' author ids, so nothing
 * non-additive is cached.
 *
 * The key comes from the database, read in one query per request for all the workspace's questions: the question's
 * seq counter (`question:<id>`; every post create/edit/hide/delete/reaction and every poll open/vote/close takes
 * one), the time bucket, and the workspace's latest `account.deleted` audit id (account deletion anonymises posts
 * — district dropped — without taking a seq). A district or role change does not re-attribute posts (each post
 * stores its author's district at posting time); it only changes the roll-up, which is never cached. So an entry
 * cannot be stale in any process: another process's write moves the key. A seq is taken before its write lands:
 * a partial is stored only when, before computing it, the question's current seq is already in the post or poll
 * change log or the question's window facts (each written after its data), or is 0 (no change ever took a seq) —
 * otherwise it is computed and used but not kept.
 *
 * Memory: per process, at most {@link BALANCE_CACHE_WORKSPACES} workspaces (least recently used dropped).
 */
export const BALANCE_CACHE_WORKSPACES = 32;

let enabled = true;
const cache = new Map<string, Map<string, { key: string; partial: unknown }>>();

/** Turns reuse off/on and empties the cache (the bench's same-run baseline; tests). */
export function setBalanceCacheEnabled(on: boolean): void {
  enabled = on;
  cache.clear();
}

/** Cache use of the last {@link questionPartials} call: questions reused, recomputed, and recomputed and kept. */
export const lastBalanceCacheUse = { hits: 0, misses: 0, stored: 0 };

/** The questions whose current seq has landed (its change is logged), i.e. whose partial may be kept. */
async function settled(seqs: Record<string, number>, ids: string[]): Promise<Set<string>> {
  const ok = new Set(ids.filter((id) => seqs[id] === 0));
  const pending = ids.filter((id) => seqs[id] !== 0);
  if (!pending.length) return ok;
  const oids = pending.map((id) => new Types.ObjectId(id));
  const bySeq = {
    questionId: mongoose.trusted({ $in: oids }),
    seq: mongoose.trusted({ $in: pending.map((id) => seqs[id]) }),
  };
  const [postChanges, pollChanges, windows] = await Promise.all([
    PostChange.find(bySeq, { questionId: 1, seq: 1 }).lean(),
    PollChange.find(bySeq, { questionId: 1, seq: 1 }).lean(),
    Question.find({ _id: mongoose.trusted({ $in: oids }) }, { windowFacts: 1 }).lean(),
  ]);
  for (const c of [...postChanges, ...pollChanges])
    if (seqs[c.questionId.toHexString()] === c.seq) ok.add(c.questionId.toHexString());
  for (const q of windows)
    if (q.windowFacts?.some((f) => f.seq === seqs[q._id.toHexString()])) ok.add(q._id.toHexString());
  return ok;
}

/**
 * The partials of `questionIds` (all of the workspace's questions, or a filter's), each reused from this process's
 * cache while its DB-derived key is unchanged, else recomputed by `compute` (all misses in one call; it returns a
 * partial per question id, hex). `T` must not be mutated by the caller (it is shared between requests).
 */
export async function questionPartials<T>(
  workspaceId: Types.ObjectId,
  questionIds: Types.ObjectId[],
  bucket: BalanceBucket,
  compute: (questionIds: Types.ObjectId[]) => Promise<Map<string, T>>,
): Promise<Array<T | undefined>> {
  const ids = questionIds.map((q) => q.toHexString());
  const [seqs, lastDeletion] = await Promise.all([
    questionLastSeqs(ids),
    AuditEntry.findOne({ workspaceId, action: 'account.deleted' }, { _id: 1 }).sort({ _id: -1 }).lean(),
  ]);
  const ws = workspaceId.toHexString();
  const version = `${bucket}|${lastDeletion?._id.toHexString() ?? '-'}`;
  const keyOf = (id: string) => `${seqs[id] ?? 0}|${version}`;
  const entries = cache.get(ws) ?? new Map<string, { key: string; partial: unknown }>();
  cache.delete(ws); // re-inserted below: the Map's order is the LRU order
  const missing = enabled ? ids.filter((id) => entries.get(id)?.key !== keyOf(id)) : ids;
  // Checked before computing: a seq whose change is logged has its data written, so the computation sees it.
  const keep = enabled && missing.length ? await settled(seqs, missing) : new Set<string>();
  const fresh = missing.length
    ? await compute(missing.map((id) => new Types.ObjectId(id)))
    : new Map<string, T>();
  for (const id of keep) {
    const partial = fresh.get(id);
    if (partial !== undefined) entries.set(id, { key: keyOf(id), partial });
  }
  Object.assign(lastBalanceCacheUse, {
    hits: ids.length - missing.length,
    misses: missing.length,
    stored: keep.size,
  });
  if (enabled) {
    cache.set(ws, entries);
    while (cache.size > BALANCE_CACHE_WORKSPACES) cache.delete(cache.keys().next().value as string);
  }
  return ids.map((id) => (fresh.has(id) ? fresh.get(id) : (entries.get(id)?.partial as T | undefined)));
}
