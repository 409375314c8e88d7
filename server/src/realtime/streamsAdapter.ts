import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from '../lib/logger';
import type { RedisClient } from '../lib/redis';

/** The stream every process appends broadcasts to and reads them from. */
export const SOCKET_STREAM = 'polos:socket.io';

type XReadArgs = [streams: Array<{ key: string; id: string }>, options?: unknown];
type XReadFn = (...args: XReadArgs) => Promise<unknown>;

/** Stream IDs are `<ms>-<seq>`; true when `a` comes strictly after `b`. */
function idAfter(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am !== bm ? am > bm : (as ?? 0n) > (bs ?? 0n);
}

/**
 * Wraps a reader client's XREAD so it cannot stay stuck after Redis lost the stream. The adapter keeps the ID
 * of the last entry it read and asks for entries after it; if Redis comes back with a different data set
 * (restarted without persistence, failover to a replica, restored older snapshot) and new IDs sort before that
 * offset (a clock behind the old server's), it would wait for entries that never come. After each reconnect
 * the first XREAD checks: offset ahead of the stream's newest entry (or the stream missing) ⇒ the stream was
 * reset, so read it again from `0-0` — every entry in it was written by the new server (an empty restart) or is
 * older than what we had (duplicates the clients drop by seq).
 */
function guardReads(client: RedisClient, logger: Logger): void {
  const read = (client.xRead as unknown as XReadFn).bind(client);
  let checkNext = false;
  client.on('ready', () => {
    checkNext = true;
  });
  (client as unknown as { xRead: XReadFn }).xRead = async (streams, options) => {
    if (checkNext && streams.length === 1 && /^\d+-\d+$/.test(streams[0].id)) {
      checkNext = false;
      const [{ key, id }] = streams;
      const newest = (await client.xRevRange(key, '+', '-', { COUNT: 1 }))?.[0]?.id;
      if (newest === undefined || idAfter(id, newest)) {
        logger.warn({ stream: key, offset: id, newest }, 'socket.io stream reset by Redis; reading it again');
        return read([{ key, id: '0-0' }], options);
      }
    }
    return read(streams, options);
  };
}

/**
 * The Socket.IO Redis streams adapter (one stream, {@link SOCKET_STREAM}, capped near 10,000 entries) whose
 * blocking reader resumes after Redis lost the stream (see `guardReads`). The adapter duplicates `redis`
 * synchronously inside `createAdapter` (one reader, one subscriber); only those duplicates are guarded.
 */
export function createStreamsAdapter(redis: RedisClient, logger: Logger): ReturnType<typeof createAdapter> {
  // Swapped only for the synchronous createAdapter call below, restored unbound as it was.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const duplicate = redis.duplicate;
  redis.duplicate = ((...args: Parameters<RedisClient['duplicate']>) => {
    const copy = duplicate.apply(redis, args) as unknown as RedisClient;
    guardReads(copy, logger);
    return copy;
  }) as RedisClient['duplicate'];
  try {
    return createAdapter(redis, { streamName: SOCKET_STREAM, maxLen: 10_000 });
  } finally {
    redis.duplicate = duplicate;
  }
}
