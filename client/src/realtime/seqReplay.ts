import { useEffect, useLayoutEffect, useRef } from 'react';
import type { SyncQuestionResult } from '@polos/shared';

/**
 * One question's seq log is replayed by one `sync:since` (posts' changes, window facts and poll changes from one
 * cursor). The thread hook (`useThread`) runs it and hands every answer here, so the hooks of the other parts of
 * the log (polls) apply their entries from the same replay instead of asking again.
 */
type Listener = (result: SyncQuestionResult) => void;
const listeners = new Map<string, Set<Listener>>();

/** Hands one `sync:since` answer of `questionId` to its subscribers (called by the hook that ran it). */
export function publishReplay(questionId: string, result: SyncQuestionResult): void {
  for (const listener of listeners.get(questionId) ?? []) listener(result);
}

/** Calls `handler` with every `sync:since` answer of `questionId` published while the component is mounted. */
export function useReplay(questionId: string, handler: Listener): void {
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const listener: Listener = (result) => ref.current(result);
    let set = listeners.get(questionId);
    if (!set) listeners.set(questionId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) listeners.delete(questionId);
    };
  }, [questionId]);
}

/** The highest seq an answer carries (changes, window facts, poll changes); `fallback` when it carries none. */
export function highestSeqOf(result: SyncQuestionResult, fallback: number): number {
  let seq = fallback;
  for (const c of result.changes) seq = Math.max(seq, c.seq);
  for (const f of result.facts ?? []) seq = Math.max(seq, f.seq);
  for (const p of result.polls ?? []) seq = Math.max(seq, p.seq);
  return seq;
}
