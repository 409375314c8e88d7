import { useCallback, useRef, useState } from 'react';
import type { PollChangeDto, PollDto, PollOpenPayload } from '@polos/shared';
import { command } from '../../realtime/socket';
import { highestSeqOf, useReplay } from '../../realtime/seqReplay';
import { useOnConnect, useSocketEvent } from '../../realtime/useSocketEvent';

export interface PollsApi {
  polls: PollDto[];
  myVotes: Record<string, number[]>;
  error: string | null;
  /** Last poll change seen (for announcements). */
  lastChange: PollChangeDto | null;
  open: (payload: Omit<PollOpenPayload, 'questionId'>) => Promise<string | null>;
  close: (pollId: string) => Promise<string | null>;
  vote: (pollId: string, choice: number[]) => Promise<string | null>;
}

/** Keeps, per poll, the state with the highest `lastSeq` (results at seq n include every vote up to n). */
function merge(current: PollDto[], incoming: PollDto[]): PollDto[] {
  const byId = new Map(current.map((p) => [p.id, p]));
  for (const p of incoming) {
    const known = byId.get(p.id);
    if (!known || p.lastSeq >= known.lastSeq) byId.set(p.id, p);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * A question's polls, live: `poll:list` on the first connect, `poll:changed` facts, the own unit's vote from
 * `poll:myVote` (a vote changed in another tab or by another representative of the district), and after every reconnect the
 * poll changes of the question's seq log replayed by `sync:since` (`result.polls`). `replay: 'thread'` (inside a
 * question's thread): the thread hook runs `sync:since` for the whole log and hands its answers over
 * (`seqReplay.ts`); `'own'` (the projector, no thread): this hook runs `sync:since` from its own cursor.
 */
export function usePolls(questionId: string, replay: 'thread' | 'own' = 'thread'): PollsApi {
  const [polls, setPolls] = useState<PollDto[]>([]);
  const [myVotes, setMyVotes] = useState<Record<string, number[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [lastChange, setLastChange] = useState<PollChangeDto | null>(null);
  const cursor = useRef<number | null>(null);
  // pollId → seq of the own vote shown: an own vote (ack, list or another tab's `poll:myVote`) replaces it only
  // when its seq is not lower, so facts arriving out of order never bring back an older vote.
  const voteSeqs = useRef<Record<string, number>>({});
  const keepVote = useCallback((pollId: string, choice: number[], seq: number) => {
    if ((voteSeqs.current[pollId] ?? -1) > seq) return;
    voteSeqs.current[pollId] = seq;
    setMyVotes((current) => ({ ...current, [pollId]: choice }));
  }, []);

  useReplay(questionId, (result) => {
    setPolls((current) =>
      merge(
        current,
        (result.polls ?? []).map((c) => c.poll),
      ),
    );
  });

  useOnConnect(() => {
    const run = async () => {
      if (cursor.current === null) {
        const ack = await command('poll:list', { questionId });
        if (!ack.ok) return setError(ack.error.code);
        cursor.current = ack.data.lastSeq;
        setPolls((current) => merge(current, ack.data.polls));
        for (const [pollId, choice] of Object.entries(ack.data.myVotes))
          keepVote(pollId, choice, ack.data.lastSeq);
        return;
      }
      // After a reconnect: own votes changed elsewhere meanwhile (the seq log replays polls, not own votes).
      void command('poll:list', { questionId }).then((ack) => {
        if (!ack.ok) return;
        for (const [pollId, choice] of Object.entries(ack.data.myVotes))
          keepVote(pollId, choice, ack.data.lastSeq);
      });
      if (replay === 'thread') return;
      for (let hasMore = true; hasMore;) {
        const ack = await command('sync:since', { [questionId]: cursor.current });
        if (!ack.ok) return setError(ack.error.code);
        const result = ack.data[questionId];
        if (!result) return;
        const before = cursor.current;
        cursor.current = highestSeqOf(result, cursor.current);
        setPolls((current) =>
          merge(
            current,
            (result.polls ?? []).map((c) => c.poll),
          ),
        );
        hasMore = result.hasMore && cursor.current > before;
      }
    };
    void run();
  }, [questionId, replay, keepVote]);

  useSocketEvent('poll:changed', (change) => {
    if (change.questionId !== questionId) return;
    cursor.current = Math.max(cursor.current ?? 0, change.seq);
    setPolls((current) => merge(current, [change.poll]));
    setLastChange(change);
  });

  useSocketEvent('poll:myVote', (own) => {
    if (own.questionId !== questionId) return;
    keepVote(own.pollId, own.choice, own.seq);
  });

  const open = useCallback<PollsApi['open']>(
    async (payload) => {
      const ack = await command('poll:open', { questionId, ...payload });
      if (!ack.ok) return ack.error.message;
      setPolls((current) => merge(current, [ack.data]));
      return null;
    },
    [questionId],
  );
  const close = useCallback<PollsApi['close']>(async (pollId) => {
    const ack = await command('poll:close', { pollId });
    if (!ack.ok) return ack.error.message;
    setPolls((current) => merge(current, [ack.data]));
    return null;
  }, []);
  const vote = useCallback<PollsApi['vote']>(
    async (pollId, choice) => {
      const ack = await command('poll:vote', { pollId, choice });
      if (!ack.ok) return ack.error.message;
      setPolls((current) => merge(current, [ack.data.poll]));
      keepVote(pollId, ack.data.myVote, ack.data.seq);
      return null;
    },
    [keepVote],
  );

  return { polls, myVotes, error, lastChange, open, close, vote };
}
