/** A token bucket: `capacity` burst, refilled at `ratePerSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly ratePerSecond: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Socket event budget: bursts of 200, 100 events/s sustained — far above any person (and above the
 * fan-out benchmark's senders), far below a flood (row 4 of the reliability matrix: 1,000 events/s).
 */
export const SOCKET_EVENT_BURST = 200;
export const SOCKET_EVENTS_PER_SECOND = 100;
/**
 * Commands a socket may have in progress at once (each reads or writes the database; writes are then broadcast to
 * every subscriber); one more is refused. A client that waits for its acks — people, the app's own reconnect
 * sequence, retries, scripted clients — never gets near it; a socket that fires commands without waiting gets a
 * handful run before it is disconnected, instead of its whole event burst (200 posts stored and fanned out to
 * everyone, or 200 full catch-up reads), which stalled every other client for seconds
 * (tests/server/reliability/flood.test.ts).
 */
export const SOCKET_COMMANDS_IN_FLIGHT = 8;
/** Refused events tolerated (burst 50, 5/s) before the socket is disconnected as a flooder. */
export const SOCKET_REFUSALS_BURST = 50;
export const SOCKET_REFUSALS_PER_SECOND = 5;

/**
 * Per-socket limiter: `allow()` (every event) or `beginCommand()` (each valid command, paired with `endCommand()`)
 * false → answer `rate_limited`; `shouldDisconnect()` → flooder.
 */
export class SocketRateLimiter {
  private readonly events = new TokenBucket(SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND);
  private readonly refusals = new TokenBucket(SOCKET_REFUSALS_BURST, SOCKET_REFUSALS_PER_SECOND);
  private commandsInFlight = 0;
  private flooding = false;

  allow(): boolean {
    if (this.events.take()) return true;
    this.refuse();
    return false;
  }

  beginCommand(): boolean {
    if (this.commandsInFlight < SOCKET_COMMANDS_IN_FLIGHT) {
      this.commandsInFlight += 1;
      return true;
    }
    this.refuse();
    return false;
  }

  endCommand(): void {
    this.commandsInFlight -= 1;
  }

  shouldDisconnect(): boolean {
    return this.flooding;
  }

  private refuse(): void {
    if (!this.refusals.take()) this.flooding = true;
  }
}
