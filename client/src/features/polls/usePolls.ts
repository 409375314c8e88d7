import { useCallback, useRef, useState } from 'react';
import type { PollChangeDto, PollDto, PollOpenPayload } from '@polos/shared';
import { command } from '../../realtime/socket';
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
 * A question's polls, live: `poll:list` on the first connect, `poll:since` from the seq cursor after every
 * reconnect (the thread component subscribes to the question room), `poll:changed` facts in between.
 */
export function usePolls(questionId: string): PollsApi {
  const [polls, setPolls] = useState<PollDto[]>([]);
  const [myVotes, setMyVotes] = useState<Record<string, number[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [lastChange, setLastChange] = useState<PollChangeDto | null>(null);
  const cursor = useRef<number | null>(null);

  useOnConnect(() => {
    const run = async () => {
      if (cursor.current === null) {
        const ack = await command('poll:list', { questionId });
        if (!ack.ok) return setError(ack.error.code);
        cursor.current = ack.data.lastSeq;
        setPolls((current) => merge(current, ack.data.polls));
        setMyVotes(ack.data.myVotes);
        return;
      }
      const ack = await command('poll:since', { [questionId]: cursor.current });
      if (!ack.ok) return setError(ack.error.code);
      const result = ack.data[questionId];
      if (!result) return;
      cursor.current = Math.max(cursor.current, result.lastSeq);
      setPolls((current) => merge(current, result.polls));
    };
    void run();
  }, [questionId]);

  useSocketEvent('poll:changed', (change) => {
    if (change.questionId !== questionId) return;
    cursor.current = Math.max(cursor.current ?? 0, change.seq);
    setPolls((current) => merge(current, [change.poll]));
    setLastChange(change);
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
  const vote = useCallback<PollsApi['vote']>(async (pollId, choice) => {
    const ack = await command('poll:vote', { pollId, choice });
    if (!ack.ok) return ack.error.message;
    setPolls((current) => merge(current, [ack.data.poll]));
    setMyVotes((current) => ({ ...current, [pollId]: ack.data.myVote }));
    return null;
  }, []);

  return { polls, myVotes, error, lastChange, open, close, vote };
}
