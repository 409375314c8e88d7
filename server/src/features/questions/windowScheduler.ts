import type { Types } from 'mongoose';
import type { ServerContext } from '../../context';
import type { QuestionDoc } from './question.model';
import { advanceWindow, getQuestionOrThrow, questionsWithPendingWindows } from './questions.service';

/** Longest delay `setTimeout` accepts (2^31 − 1 ms ≈ 24.8 days); a later instant is reached in several hops. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How often the pending windows are re-read (windows set through another app process). */
const RESWEEP_MS = 60_000;

/** Opens and closes asynchronous windows at their instants (issue 13.3). */
export interface WindowScheduler {
  /** Re-arms the timer of one question after its window was set or cleared. */
  rearm(questionId: Types.ObjectId): void;
  /** Resolves when the start-up sweep (missed transitions, first timers) is done. */
  readonly ready: Promise<void>;
  /** Clears every timer (server shutdown). */
  close(): void;
}

/**
 * One timer per question with a window not yet closed, for its next instant (start while scheduled, end while
 * open). Started with the server: the sweep first closes windows whose end passed while the server was down (and
 * opens those whose start passed), publishing the facts so connected clients are told, then arms the timers.
 * Timers are unref'd (they never keep the process alive). Every transition is a conditional update
 * (`advanceWindow`), so a second timer or a second app process firing for the same instant changes nothing.
 */
export function startWindowScheduler(ctx: ServerContext): WindowScheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const fail = (error: unknown) => ctx.logger.warn({ err: error }, 'async window scheduler');

  const arm = (q: QuestionDoc) => {
    const key = q._id.toHexString();
    clearTimeout(timers.get(key));
    timers.delete(key);
    const w = q.asyncWindow;
    if (closed || !w || w.state === 'closed') return;
    const next = w.state === 'scheduled' ? w.startsAt : w.endsAt;
    const delay = Math.min(Math.max(0, next.getTime() - Date.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      timers.delete(key);
      void fire(q._id).catch(fail);
    }, delay);
    timer.unref();
    timers.set(key, timer);
  };

  const fire = async (questionId: Types.ObjectId) => {
    if (closed) return;
    const events = await advanceWindow(questionId);
    ctx.bus.publish(...events);
    arm(await getQuestionOrThrow(questionId));
  };

  /** Fires for every pending window this process has no timer for (all of them at start-up). */
  const sweep = async () => {
    for (const q of await questionsWithPendingWindows()) {
      if (closed) return;
      if (!timers.has(q._id.toHexString())) await fire(q._id).catch(fail);
    }
  };
  const ready = sweep().catch(fail);
  // With several app processes, a window set through another one gets its timer here too within a minute (and
  // one whose process died is still closed on time, give or take that minute).
  const resweep = setInterval(() => void sweep().catch(fail), RESWEEP_MS);
  resweep.unref();

  return {
    rearm: (questionId) => void fire(questionId).catch(fail),
    ready,
    close: () => {
      closed = true;
      clearInterval(resweep);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
