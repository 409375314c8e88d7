import type { CommandLimits } from '../contracts/feature';

export { SOCKET_COMMANDS_IN_FLIGHT } from '../contracts/limits';

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

interface BucketState {
  events: TokenBucket;
  refusals: TokenBucket | null;
  inFlight: number;
  strikes: number[];
}

/**
 * One socket's counters for every command bucket it used (buckets are created on first use from the command's
 * {@link CommandLimits}). `admit()` (every event) and `beginCommand()` (each valid command, paired with
 * `endCommand()`) false → answer `rate_limited`; `strike()` true or `shouldDisconnect()` → disconnect.
 */
export class SocketLimiter {
  private readonly buckets = new Map<string, BucketState>();
  private flooding = false;

  private state(limits: CommandLimits): BucketState {
    let state = this.buckets.get(limits.bucket.name);
    if (!state) {
      state = {
        events: new TokenBucket(limits.bucket.burst, limits.bucket.perSecond),
        refusals: limits.refusals ? new TokenBucket(limits.refusals.burst, limits.refusals.perSecond) : null,
        inFlight: 0,
        strikes: [],
      };
      this.buckets.set(limits.bucket.name, state);
    }
    return state;
  }

  admit(limits: CommandLimits): boolean {
    const state = this.state(limits);
    if (state.events.take()) return true;
    this.refuse(state);
    return false;
  }

  beginCommand(limits: CommandLimits): boolean {
    const state = this.state(limits);
    if (limits.inFlight === undefined || state.inFlight < limits.inFlight) {
      state.inFlight += 1;
      return true;
    }
    this.refuse(state);
    return false;
  }

  endCommand(limits: CommandLimits): void {
    this.state(limits).inFlight -= 1;
  }

  /** Records a failed command; true when its code is a strike and the socket reached `strikes.max`. */
  strike(limits: CommandLimits, code: string, now = Date.now()): boolean {
    if (!limits.strikes?.codes.includes(code)) return false;
    const state = this.state(limits);
    state.strikes = state.strikes.filter((t) => now - t < limits.strikes!.windowMs);
    state.strikes.push(now);
    return state.strikes.length >= limits.strikes.max;
  }

  shouldDisconnect(): boolean {
    return this.flooding;
  }

  private refuse(state: BucketState): void {
    if (state.refusals && !state.refusals.take()) this.flooding = true;
  }
}
