/** Failed sign-ins allowed per address inside the window before 429. */
export const LOGIN_FAILURE_LIMIT = 20;
/** Window of the failure count: 15 minutes. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Counts failed sign-ins per client address (in memory, per server). */
export class LoginLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit = LOGIN_FAILURE_LIMIT,
    private readonly windowMs = LOGIN_WINDOW_MS,
  ) {}

  /** Seconds to wait when the address is blocked, else 0. */
  retryAfterSeconds(address: string, now = Date.now()): number {
    const entry = this.failures.get(address);
    if (!entry) return 0;
    if (entry.resetAt <= now) {
      this.failures.delete(address);
      return 0;
    }
    return entry.count >= this.limit ? Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) : 0;
  }

  recordFailure(address: string, now = Date.now()): void {
    const entry = this.failures.get(address);
    if (!entry || entry.resetAt <= now)
      this.failures.set(address, { count: 1, resetAt: now + this.windowMs });
    else entry.count += 1;
    if (this.failures.size > 100_000) this.prune(now);
  }

  recordSuccess(address: string): void {
    this.failures.delete(address);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
  }
}
