import { createClient } from 'redis';
import type { Logger } from './logger';

/** Longest wait between reconnect attempts (ms): a restarted Redis is picked up within this. */
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * The client's options: RESP2 (the Socket.IO streams adapter and rate-limiter-flexible parse RESP2 replies; node-redis
 * 6 would default to RESP3), reconnecting forever with a backoff up to 1 s.
 */
function newClient(url: string, connectTimeout: number) {
  return createClient({
    url,
    RESP: 2,
    socket: {
      connectTimeout,
      reconnectStrategy: (retries: number) =>
        Math.min(50 * 2 ** Math.min(retries, 5), MAX_RECONNECT_DELAY_MS),
    },
  });
}

/** The app's Redis client (node-redis 6, RESP2). One per process, shared; blocking readers duplicate it. */
export type RedisClient = ReturnType<typeof newClient>;

/**
 * Connects to `url` (redis:// or rediss://) and resolves once the first connection is ready. Afterwards the
 * client reconnects by itself forever (backoff up to 1 s) and logs each loss once; commands issued while it is
 * down wait in its offline queue, so callers that must not wait (rate limits) pass their own fallback.
 *
 * @throws when the first connection fails within `timeoutMs` (default 10 s) — a wrong REDIS_URL stops start-up.
 */
export async function connectRedis(
  url: string,
  logger: Logger,
  options: { timeoutMs?: number } = {},
): Promise<RedisClient> {
  const client = newClient(url, options.timeoutMs ?? 10_000);
  let down = false;
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err: error }, 'redis connection lost; reconnecting');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('redis connection restored');
  });
  const timer = setTimeout(() => void client.destroy(), options.timeoutMs ?? 10_000);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to REDIS_URL (${redactUrl(url)}): ${String(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}
