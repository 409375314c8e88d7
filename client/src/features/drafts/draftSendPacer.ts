/**
 * Pacing of one socket's `draft:*` messages below the server's token bucket ({@link DRAFT_SOCKET_BUCKET}: a burst
 * of 200, 50/s): at most half the burst at once and 80 % of the rate. Beyond the server's bucket a message is refused
 * `rate_limited`, and the updates sent after it then fail as `missing_dependencies` — refusals that count as strikes
 * until the server disconnects the socket (QA: ~215 characters typed with no delay left the editor offline). So the
 * provider never sends faster than this: updates wait and are merged, awareness is throttled (latest state wins).
 *
 * One pacer per socket (all drafts open over the app's one connection share the server's bucket).
 */
import { DRAFT_SOCKET_BUCKET } from '@polos/shared';

/** Messages that may go out at once (half the server's burst: joins and handshakes need room too). */
export const PACER_BURST = DRAFT_SOCKET_BUCKET.burst / 2;
/** Messages per second in the long run (80 % of the server's rate: timers run late, clocks differ). */
export const PACER_PER_SECOND = DRAFT_SOCKET_BUCKET.perSecond * 0.8;

/** A token bucket on the client's clock: `take()` spends one token; `waitMs()` until the next one. */
export class DraftSendPacer {
  private tokens = PACER_BURST;
  private refilledAt = Date.now();

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(PACER_BURST, this.tokens + ((now - this.refilledAt) / 1000) * PACER_PER_SECOND);
    this.refilledAt = now;
  }

  /** Spends a token: true when one was there (send now), false otherwise (wait {@link waitMs}). */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there (0 when one is). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / PACER_PER_SECOND) * 1000);
  }
}

const pacers = new WeakMap<object, DraftSendPacer>();

/** The pacer of `socket` (created on first use). */
export function draftPacerFor(socket: object): DraftSendPacer {
  let pacer = pacers.get(socket);
  if (!pacer) pacers.set(socket, (pacer = new DraftSendPacer()));
  return pacer;
}
