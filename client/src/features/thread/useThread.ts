import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { PostChangeDto, PostDto, Reaction, ThreadPageDto } from '@polos/shared';
import { api } from '../../api/http';
import { getOutbox } from '../../realtime/outbox';
import { command } from '../../realtime/socket';
import { highestSeqOf, publishReplay } from '../../realtime/seqReplay';
import { useOnConnect, useSocketEvent } from '../../realtime/useSocketEvent';
import { newClientId } from './clientId';
import { forgetUnsent, loadUnsent, moveDraftToUnsent } from '../../storage/composeStore';
import { hasGap, initialThreadState, threadReducer, type ThreadState } from './threadState';

/** Page size of the initial history load (the API allows up to 200). */
const PAGE_SIZE = 200;
/** How long a "typing" indicator lives without being refreshed (ms). */
const TYPING_TTL_MS = 6000;
/**
 * Delays (ms) of the re-sync after a partial `sync:since` answer (cursor still below the answer's `lastSeq`, no
 * `hasMore`): with several server processes the answer holds back at a seq hole younger than the server's
 * SEQ_GAP_SETTLE_MS (5 s; posts.service.ts) — a write of another process may still fill it — and no broadcast may
 * follow to trigger another sync. The delays sum to more than that settle time, so the last ask gets an answer that
 * skips a hole that never fills; a gap left then is seqs of other seq-log sources (polls), not missed posts.
 * Progress (the cursor moved) starts the series again.
 */
export const RESYNC_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 4000];

export interface TypingUser {
  userId: string;
  name: string;
}

export interface ThreadApi {
  state: ThreadState;
  error: string | null;
  typing: TypingUser[];
  send: (body: string, parentId: string | null) => void;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
  /** Resolves with an error code, or null on success. */
  edit: (postId: string, body: string) => Promise<string | null>;
  remove: (postId: string) => Promise<string | null>;
  react: (postId: string, reaction: Reaction, on: boolean) => Promise<string | null>;
  hide: (postId: string, hidden: boolean) => Promise<string | null>;
}

/**
 * One question's thread, live: loads the history over REST, subscribes to the question room, applies
 * `post:*` changes by seq, and after every reconnect (or a seq gap, poll changes and window facts included) asks
 * `sync:since` for exactly the changes it missed (each answer also goes to `publishReplay`, for the polls hook).
 * Mount it once per question (key the component by question id).
 *
 * Sending: a post goes through the outbox (`realtime/outbox.ts`: waits while offline, at most a few in flight,
 * this question's posts in order) and is kept on the device (`composeStore.ts`) until the server acknowledges it;
 * posts still unsent when the thread is mounted again (after a reload) are sent again with their `clientId`.
 */
export function useThread(
  questionId: string,
  options: { myUserId: string; live: boolean; onRemoteCreated?: (post: PostDto) => void },
): ThreadApi {
  const [state, dispatch] = useReducer(threadReducer, questionId, initialThreadState);
  const [error, setError] = useState<string | null>(null);
  const [typing, setTyping] = useState<TypingUser[]>([]);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  });
  /** Seq cursor, advanced synchronously as changes are dispatched (state lags one render). */
  const cursor = useRef(0);
  const loaded = useRef(false);
  const syncing = useRef<Promise<void> | null>(null);
  const syncAgain = useRef(false);
  /** Pending re-sync after a partial answer, and how many of RESYNC_DELAYS_MS were used without progress. */
  const resyncTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const resyncAttempt = useRef(0);
  /** The current `sync` (the re-sync timer calls it). */
  const syncRef = useRef<() => Promise<void>>(() => Promise.resolve());
  const mounted = useRef(true);
  const optionsRef = useRef(options);
  useEffect(() => {
    optionsRef.current = options;
  });

  const applyChanges = useCallback(
    (changes: PostChangeDto[]) => {
      if (changes.length === 0) return;
      for (const change of changes) cursor.current = Math.max(cursor.current, change.seq);
      dispatch({ type: 'changes', questionId, changes });
    },
    [questionId],
  );

  const sync = useCallback((): Promise<void> => {
    if (syncing.current) {
      syncAgain.current = true;
      return syncing.current;
    }
    clearTimeout(resyncTimer.current);
    resyncTimer.current = undefined;
    const startCursor = cursor.current;
    /** The last answer's `lastSeq` (the question's counter when it was read). */
    let lastSeq = 0;
    const run = async () => {
      do {
        syncAgain.current = false;
        let hasMore = true;
        while (hasMore && mounted.current) {
          const ack = await command('sync:since', { [questionId]: cursor.current });
          if (!ack.ok) {
            setError(ack.error.code);
            return;
          }
          const result = ack.data[questionId];
          if (!result) return;
          applyChanges(result.changes);
          // Window facts and poll changes share the seq log: replayed, they move the cursor like changes (the
          // question's window state arrives with `question:updated`; the polls hook applies `result.polls`).
          cursor.current = highestSeqOf(result, cursor.current);
          publishReplay(questionId, result);
          lastSeq = result.lastSeq;
          hasMore = result.hasMore && result.changes.length > 0;
        }
      } while (syncAgain.current && mounted.current);
    };
    syncing.current = run().finally(() => {
      syncing.current = null;
      // A partial answer (held back at a young seq hole): ask again later even if no broadcast comes.
      if (!mounted.current || cursor.current >= lastSeq) {
        resyncAttempt.current = 0;
        return;
      }
      if (cursor.current > startCursor) resyncAttempt.current = 0;
      const delay = RESYNC_DELAYS_MS[resyncAttempt.current];
      if (delay === undefined || resyncTimer.current !== undefined) return;
      resyncAttempt.current += 1;
      resyncTimer.current = setTimeout(() => {
        resyncTimer.current = undefined;
        void syncRef.current();
      }, delay);
    });
    return syncing.current;
  }, [questionId, applyChanges]);
  useEffect(() => {
    syncRef.current = sync;
  });

  const loadHistory = useCallback(async () => {
    let afterSeq = 0;
    let first = true;
    for (;;) {
      const page = await api<ThreadPageDto>(
        'GET',
        `/api/questions/${encodeURIComponent(questionId)}/posts?afterSeq=${afterSeq}&limit=${PAGE_SIZE}`,
      );
      if (!mounted.current) return;
      // The first page's lastSeq is the cursor: later pages and changes made meanwhile come via sync.
      if (first) cursor.current = Math.max(cursor.current, page.question.lastSeq);
      dispatch({ type: 'loaded', questionId, posts: page.posts, lastSeq: first ? page.question.lastSeq : 0 });
      first = false;
      if (page.nextAfterSeq === null) break;
      afterSeq = page.nextAfterSeq;
    }
    loaded.current = true;
  }, [questionId]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(resyncTimer.current);
    };
  }, []);

  // (Re)subscribe on every connect, then load or catch up.
  useOnConnect(() => {
    const run = async () => {
      if (options.live) {
        const ack = await command('question:subscribe', { questionId });
        if (!ack.ok) {
          setError(ack.error.code);
          return;
        }
      }
      try {
        if (!loaded.current) await loadHistory();
        setError(null);
      } catch {
        setError('network_error');
        return;
      }
      await sync();
    };
    void run();
  }, [questionId, options.live]);

  useEffect(() => {
    if (!options.live) return;
    return () => {
      void command('question:unsubscribe', { questionId }, 2000);
    };
  }, [questionId, options.live]);

  // Typing indicators (volatile).
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const stopTypingOf = useCallback((userId: string) => {
    clearTimeout(typingTimers.current.get(userId));
    typingTimers.current.delete(userId);
    setTyping((list) =>
      list.some((u) => u.userId === userId) ? list.filter((u) => u.userId !== userId) : list,
    );
  }, []);

  const onChange = useCallback(
    (change: PostChangeDto) => {
      if (change.questionId !== questionId || !loaded.current) return;
      if (hasGap(cursor.current, change)) {
        // Missed something (or an aborted write): the database decides, in order.
        void sync();
        return;
      }
      applyChanges([change]);
      if (change.kind === 'created') {
        // The post the typing announced has arrived: its author is no longer typing it.
        stopTypingOf(change.post.author.id);
        if (change.post.author.id !== optionsRef.current.myUserId)
          optionsRef.current.onRemoteCreated?.(change.post);
      }
    },
    [questionId, applyChanges, sync, stopTypingOf],
  );
  useSocketEvent('post:created', onChange);
  useSocketEvent('post:edited', onChange);
  useSocketEvent('post:deleted', onChange);
  useSocketEvent('post:hidden', onChange);
  useSocketEvent('post:unhidden', onChange);
  useSocketEvent('post:reacted', onChange);
  // Window facts and poll changes are entries of the same seq log: they move the cursor, and a gap before one
  // is caught up by `sync:since` like a gap before a post change.
  const onLogFact = (fact: { questionId: string; seq: number }) => {
    if (fact.questionId !== questionId || !loaded.current) return;
    if (fact.seq > cursor.current + 1) void sync();
    else cursor.current = Math.max(cursor.current, fact.seq);
  };
  useSocketEvent('question:window', onLogFact);
  useSocketEvent('poll:changed', onLogFact);

  useSocketEvent('typing:started', (event) => {
    if (event.questionId !== questionId || event.userId === optionsRef.current.myUserId) return;
    const timers = typingTimers.current;
    clearTimeout(timers.get(event.userId));
    timers.set(
      event.userId,
      setTimeout(() => {
        timers.delete(event.userId);
        setTyping((list) => list.filter((u) => u.userId !== event.userId));
      }, TYPING_TTL_MS),
    );
    setTyping((list) =>
      list.some((u) => u.userId === event.userId)
        ? list
        : [...list, { userId: event.userId, name: event.name }],
    );
  });
  useSocketEvent('typing:stopped', (event) => {
    if (event.questionId === questionId) stopTypingOf(event.userId);
  });
  useEffect(() => {
    const timers = typingTimers.current;
    return () => {
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, []);

  const deliver = useCallback(
    async (clientId: string, body: string, parentId: string | null) => {
      const ack = await getOutbox().send(
        'post:create',
        { questionId, clientId, body, parentId },
        { key: questionId, id: clientId },
      );
      if (ack.ok) {
        forgetUnsent(optionsRef.current.myUserId, questionId, clientId);
        dispatch({ type: 'sendSucceeded', clientId, post: ack.data.post });
      } else dispatch({ type: 'sendFailed', clientId, error: ack.error.code });
    },
    [questionId],
  );

  // Posts this device submitted and the server never acknowledged (offline, then reloaded): send them again, with
  // their client ids, so each is stored once.
  useEffect(() => {
    if (!options.live) return;
    for (const post of loadUnsent(optionsRef.current.myUserId, questionId)) {
      dispatch({
        type: 'send',
        questionId,
        clientId: post.clientId,
        body: post.body,
        parentId: post.parentId,
      });
      void deliver(post.clientId, post.body, post.parentId);
    }
  }, [questionId, options.live, deliver]);

  const send = useCallback(
    (body: string, parentId: string | null) => {
      const clientId = newClientId();
      moveDraftToUnsent(optionsRef.current.myUserId, questionId, { clientId, body, parentId });
      dispatch({ type: 'send', questionId, clientId, body, parentId });
      void deliver(clientId, body, parentId);
    },
    [questionId, deliver],
  );

  const retry = useCallback(
    (clientId: string) => {
      const pending = stateRef.current.pending.find((p) => p.clientId === clientId);
      if (!pending) return;
      dispatch({ type: 'retry', clientId });
      void deliver(clientId, pending.body, pending.parentId);
    },
    [deliver],
  );

  const discard = useCallback(
    (clientId: string) => {
      forgetUnsent(optionsRef.current.myUserId, questionId, clientId);
      dispatch({ type: 'discard', clientId });
    },
    [questionId],
  );

  const upsertFrom = useCallback(
    async (promise: Promise<{ ok: true; data: PostChangeDto } | { ok: false; error: { code: string } }>) => {
      const ack = await promise;
      if (!ack.ok) return ack.error.code;
      dispatch({ type: 'upsert', post: ack.data.post });
      return null;
    },
    [],
  );

  // Edits and reactions set a state (an attempt re-sent after a cut-off repeats the same state), so they wait in
  // the outbox while offline like posts, one post's in the order they were made. Deletes and moderation go
  // straight out (a repeated delete would be answered as a conflict).
  const edit = useCallback(
    (postId: string, body: string) =>
      upsertFrom(getOutbox().send('post:edit', { postId, body }, { key: `post:${postId}` })),
    [upsertFrom],
  );
  const remove = useCallback(
    (postId: string) => upsertFrom(command('post:delete', { postId })),
    [upsertFrom],
  );
  const react = useCallback(
    (postId: string, reaction: Reaction, on: boolean) =>
      upsertFrom(
        getOutbox().send(
          on ? 'reaction:add' : 'reaction:remove',
          { postId, reaction },
          { key: `post:${postId}` },
        ),
      ),
    [upsertFrom],
  );
  const hide = useCallback(
    (postId: string, hidden: boolean) =>
      upsertFrom(hidden ? command('post:hide', { postId }) : command('post:unhide', { postId })),
    [upsertFrom],
  );

  return { state, error, typing, send, retry, discard, edit, remove, react, hide };
}
