import type { PostChangeDto, PostDto } from '@polos/shared';

/**
 * State of one question's thread on this client: stored posts (upserted by id, newest `lastSeq` wins),
 * the highest change `seq` seen, and this user's optimistic posts that have no stored copy yet.
 *
 * Optimistic sending: `send` adds a pending post with a fresh client id → `sendSucceeded` (ack) or the
 * `post:created` broadcast replaces it with the stored post (matched by client id, whichever comes first,
 * never both) → or `sendFailed` marks it failed; `retry` sends again with the **same** client id, which
 * the server treats idempotently; `discard` drops a failed one.
 */

export const SEND_STATUS = { pending: 'pending', failed: 'failed' } as const;
export type SendStatus = (typeof SEND_STATUS)[keyof typeof SEND_STATUS];

export interface PendingPost {
  clientId: string;
  questionId: string;
  parentId: string | null;
  body: string;
  status: SendStatus;
  /** Error code of the last failed attempt. */
  error: string | null;
  attempts: number;
}

export interface ThreadState {
  questionId: string | null;
  posts: Record<string, PostDto>;
  /** Highest change seq applied (from the initial page, broadcasts and sync); the `sync:since` cursor. */
  lastSeq: number;
  pending: PendingPost[];
  loaded: boolean;
}

export type ThreadAction =
  | { type: 'reset'; questionId: string | null }
  | { type: 'loaded'; questionId: string; posts: PostDto[]; lastSeq: number }
  | { type: 'changes'; questionId: string; changes: PostChangeDto[] }
  | { type: 'upsert'; post: PostDto }
  | { type: 'send'; questionId: string; clientId: string; body: string; parentId: string | null }
  | { type: 'sendSucceeded'; clientId: string; post: PostDto }
  | { type: 'sendFailed'; clientId: string; error: string }
  | { type: 'retry'; clientId: string }
  | { type: 'discard'; clientId: string };

export function initialThreadState(questionId: string | null = null): ThreadState {
  return { questionId, posts: {}, lastSeq: 0, pending: [], loaded: false };
}

function upsertInto(posts: Record<string, PostDto>, post: PostDto): boolean {
  const existing = posts[post.id];
  if (existing && existing.lastSeq > post.lastSeq) return false;
  posts[post.id] = post;
  return true;
}

function withoutPending(pending: PendingPost[], clientIds: Set<string>): PendingPost[] {
  if (clientIds.size === 0) return pending;
  const next = pending.filter((p) => !clientIds.has(p.clientId));
  return next.length === pending.length ? pending : next;
}

function updatePending(state: ThreadState, clientId: string, patch: Partial<PendingPost>): ThreadState {
  let changed = false;
  const pending = state.pending.map((p) => {
    if (p.clientId !== clientId) return p;
    changed = true;
    return { ...p, ...patch };
  });
  return changed ? { ...state, pending } : state;
}

export function threadReducer(state: ThreadState, action: ThreadAction): ThreadState {
  switch (action.type) {
    case 'reset':
      return initialThreadState(action.questionId);
    case 'loaded': {
      if (action.questionId !== state.questionId) return state;
      const posts = { ...state.posts };
      const settled = new Set<string>();
      for (const post of action.posts) {
        upsertInto(posts, post);
        settled.add(post.clientId);
      }
      return {
        ...state,
        posts,
        lastSeq: Math.max(state.lastSeq, action.lastSeq),
        pending: withoutPending(state.pending, settled),
        loaded: true,
      };
    }
    case 'changes': {
      if (action.questionId !== state.questionId || action.changes.length === 0) return state;
      const posts = { ...state.posts };
      let lastSeq = state.lastSeq;
      const settled = new Set<string>();
      for (const change of action.changes) {
        if (change.questionId !== state.questionId) continue;
        upsertInto(posts, change.post);
        settled.add(change.post.clientId);
        lastSeq = Math.max(lastSeq, change.seq);
      }
      return { ...state, posts, lastSeq, pending: withoutPending(state.pending, settled) };
    }
    case 'upsert': {
      if (action.post.questionId !== state.questionId) return state;
      const posts = { ...state.posts };
      return upsertInto(posts, action.post) ? { ...state, posts } : state;
    }
    case 'send': {
      if (state.pending.some((p) => p.clientId === action.clientId)) return state;
      const pending: PendingPost = {
        clientId: action.clientId,
        questionId: action.questionId,
        parentId: action.parentId,
        body: action.body,
        status: SEND_STATUS.pending,
        error: null,
        attempts: 1,
      };
      return { ...state, pending: [...state.pending, pending] };
    }
    case 'sendSucceeded': {
      const posts = { ...state.posts };
      upsertInto(posts, action.post);
      // The ack's seq is not a sync cursor: earlier changes may still be on their way.
      return { ...state, posts, pending: withoutPending(state.pending, new Set([action.clientId])) };
    }
    case 'sendFailed':
      return updatePending(state, action.clientId, { status: SEND_STATUS.failed, error: action.error });
    case 'retry': {
      const current = state.pending.find((p) => p.clientId === action.clientId);
      if (!current || current.status !== SEND_STATUS.failed) return state;
      return updatePending(state, action.clientId, {
        status: SEND_STATUS.pending,
        error: null,
        attempts: current.attempts + 1,
      });
    }
    case 'discard':
      return { ...state, pending: withoutPending(state.pending, new Set([action.clientId])) };
  }
}

/** True when `changes` do not continue directly after `lastSeq` (a broadcast was missed). */
export function hasGap(lastSeq: number, change: PostChangeDto): boolean {
  return change.seq > lastSeq + 1;
}

export type ThreadRow =
  | { kind: 'post'; key: string; post: PostDto; depth: 0 | 1 }
  | { kind: 'pending'; key: string; pending: PendingPost; depth: 0 | 1 };

/**
 * The thread as rendered: top-level posts by seq, each followed by its replies by seq (and by this
 * user's pending replies), then pending top-level posts. Keys stay stable from pending to stored
 * (both use the client id) so the row does not jump or lose focus.
 */
export function selectThreadRows(state: ThreadState, myUserId: string): ThreadRow[] {
  const pendingKey = (p: PendingPost) => `${p.clientId}:${myUserId}`;
  const all = Object.values(state.posts).sort((a, b) => a.seq - b.seq);
  const replies = new Map<string, PostDto[]>();
  const top: PostDto[] = [];
  for (const post of all) {
    if (post.parentId && state.posts[post.parentId]) {
      const list = replies.get(post.parentId) ?? [];
      list.push(post);
      replies.set(post.parentId, list);
    } else top.push(post);
  }
  const pendingReplies = new Map<string, PendingPost[]>();
  const pendingTop: PendingPost[] = [];
  for (const p of state.pending) {
    if (p.parentId && state.posts[p.parentId]) {
      const list = pendingReplies.get(p.parentId) ?? [];
      list.push(p);
      pendingReplies.set(p.parentId, list);
    } else pendingTop.push(p);
  }
  const rows: ThreadRow[] = [];
  for (const post of top) {
    rows.push({ kind: 'post', key: `${post.clientId}:${post.author.id}`, post, depth: 0 });
    for (const reply of replies.get(post.id) ?? []) {
      rows.push({ kind: 'post', key: `${reply.clientId}:${reply.author.id}`, post: reply, depth: 1 });
    }
    for (const p of pendingReplies.get(post.id) ?? [])
      rows.push({ kind: 'pending', key: pendingKey(p), pending: p, depth: 1 });
  }
  for (const p of pendingTop) rows.push({ kind: 'pending', key: pendingKey(p), pending: p, depth: 0 });
  return rows;
}
