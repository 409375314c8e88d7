import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RedisClient } from '../../lib/redis';
import type { ServerContext } from '../../context';
import { rateLimited } from '../../lib/errors';

/** Sign-in attempts allowed per client address inside the window before 429. */
export const LOGIN_FAILURE_LIMIT = 20;
/** Sign-in attempts allowed per account (email) inside the window, from any address, before 429. */
export const LOGIN_ACCOUNT_LIMIT = 30;
/** Window of both counts: 15 minutes. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Options of one counter, as rate-limiter-flexible takes them (`duration` in seconds). */
export interface LimiterStoreOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/**
 * Builds one counter. The default keeps counts in this process's memory (`RateLimiterMemory`); several
 * instances pass a shared store instead (e.g. `(o) => new RateLimiterRedis({ storeClient, ...o })`).
 */
export type LimiterStoreFactory = (options: LimiterStoreOptions) => RateLimiterAbstract;

export const memoryStore: LimiterStoreFactory = (options) => new RateLimiterMemory(options);

/**
 * Counts in Redis, shared by every app process (keys `polos:<keyPrefix>:<key>`, expiring with the window).
 * While Redis is unreachable each process falls back to counting in its own memory (the insurance limiter)
 * instead of failing sign-in; counts reached in Redis hold again once it is back.
 */
export const redisStore =
  (storeClient: RedisClient): LimiterStoreFactory =>
  (options) =>
    new RateLimiterRedis({
      ...options,
      keyPrefix: `polos:${options.keyPrefix}`,
      storeClient,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });

/** One admitted attempt: call `succeeded()` when the password was right. */
export interface LoginAttempt {
  /** Gives back this attempt's points: a success is not a failure (never resets others' counts). */
  succeeded(): Promise<void>;
}

/**
 * Counts sign-in attempts per address and per account with rate-limiter-flexible (issue 15.4). An attempt
 * is consumed atomically in both counters **before** the password is verified, so parallel guesses cannot
 * all slip under the limit; a correct password gives back only its own attempt's points, so signing into
 * one's own account never erases the failures counted against another account or address.
 */
export class LoginLimiter {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;

  constructor(
    options: {
      store?: LimiterStoreFactory;
      addressLimit?: number;
      accountLimit?: number;
      windowMs?: number;
    } = {},
  ) {
    const store = options.store ?? memoryStore;
    const duration = Math.ceil((options.windowMs ?? LOGIN_WINDOW_MS) / 1000);
    this.byAddress = store({
      keyPrefix: 'login-address',
      points: options.addressLimit ?? LOGIN_FAILURE_LIMIT,
      duration,
    });
    this.byAccount = store({
      keyPrefix: 'login-account',
      points: options.accountLimit ?? LOGIN_ACCOUNT_LIMIT,
      duration,
    });
  }

  /**
   * Takes one attempt for `address` and the account `email` (unknown emails are counted alike, so the
   * answer tells nothing about which exist).
   *
   * @throws AppError `rate_limited` (429, `Retry-After` in seconds) when either count is used up.
   */
  async begin(address: string, email: string): Promise<LoginAttempt> {
    const account = email.trim().toLowerCase();
    await consumeOrThrow(this.byAddress, address);
    try {
      await consumeOrThrow(this.byAccount, account);
    } catch (error) {
      // Not attempted: the address's point goes back, so an account under attack does not also lock
      // out the addresses of its real owner.
      await this.byAddress.reward(address, 1);
      throw error;
    }
    return {
      succeeded: async () => {
        await Promise.all([this.byAddress.reward(address, 1), this.byAccount.reward(account, 1)]);
      },
    };
  }
}

async function consumeOrThrow(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      throw rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}

const perServer = new WeakMap<ServerContext, LoginLimiter>();

/** The server's one limiter, shared by sign-in and invite acceptance with an existing account's email. */
export function loginLimiterFor(ctx: ServerContext): LoginLimiter {
  let limiter = perServer.get(ctx);
  if (!limiter) {
    limiter = new LoginLimiter(ctx.redis ? { store: redisStore(ctx.redis) } : {});
    perServer.set(ctx, limiter);
  }
  return limiter;
}
