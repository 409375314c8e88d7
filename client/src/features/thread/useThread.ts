import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { PostChangeDto, PostDto, Reaction, ThreadPageDto } from '@polos/shared';
import { api } from '../../api/http';
import { getOutbox } from '../../realtime/outbox';
import { command } from '../../realtime/socket';
import { useOnConnect, useSocketEvent } from '../../realtime/useSocketEvent';
import { newClientId } from './clientId';
import { forgetUnsent, loadUnsent, moveDraftToUnsent } from '../../storage/composeStore';
import { hasGap, initialThreadState, threadReducer, type ThreadState } from './threadState';

/** Page size of the initial history load (the API allows up to 200). */
const PAGE_SIZE = 200;
/** How long a "typing" indicator lives without being refreshed (ms). */
const TYPING_TTL_MS = 6000;

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
 * `post:*` changes by seq, and after every reconnect (or a seq gap) asks `sync:since` for exactly the
 * changes it missed. Mount it once per question (key the component by question id).
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
          // Window facts share the seq log: replayed, they move the cursor like changes (the question's
          // window state itself arrives with `question:updated` / the workspace state).
          for (const fact of result.facts ?? []) cursor.current = Math.max(cursor.current, fact.seq);
          hasMore = result.hasMore && result.changes.length > 0;
        }
      } while (syncAgain.current && mounted.current);
    };
    syncing.current = run().finally(() => {
      syncing.current = null;
    });
    return syncing.current;
  }, [questionId, applyChanges]);

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
  useSocketEvent('question:window', (fact) => {
    if (fact.questionId !== questionId || !loaded.current) return;
    if (fact.seq > cursor.current + 1) void sync();
    else cursor.current = Math.max(cursor.current, fact.seq);
  });

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
