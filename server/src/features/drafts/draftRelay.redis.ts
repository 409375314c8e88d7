import type { Logger } from '../../lib/logger';
import type { RedisClient } from '../../lib/redis';
import {
  RELAY_SILENCE_BEATS,
  decodeRelayMessage,
  encodeRelayHeartbeat,
  encodeRelayMessage,
  newRelayOrigin,
  type DraftRelay,
  type RelayHandlers,
  type RelayMessage,
} from './draftRelay';

/** The one pub/sub channel of the drafts (every process serving drafts subscribes). */
export const DRAFT_RELAY_CHANNEL = 'polos:drafts:relay';

/**
 * After the subscriber is ready again, catch up this long (ms) later. node-redis 6 emits `ready` only once the
 * re-subscription was answered (its socket initiator awaits `resubscribe`), so the subscription is in effect by then;
 * the delay is only a margin.
 */
const RESUME_DELAY_MS = 50;

/**
 * An update that could not be published is announced with a `stale` hint once it is durable (the others then catch
 * up from the log): hints wait this long (ms) so that one hint covers a burst of such updates.
 */
export const STALE_HINT_DELAY_MS = 100;

/** A hint that could not be published either is tried again this long (ms) later, until it goes out. */
export const STALE_HINT_RETRY_MS = 1000;

/**
 * The drafts' cross-process relay on Redis pub/sub: one channel, binary frames (`encodeRelayMessage`), published
 * on the app's shared client, received on a duplicate (a RESP2 subscriber connection can do nothing else). Pub/sub
 * is at most once: after the subscriber reconnects, `resumed` tells the hub to catch up from the database.
 */
export function createRedisDraftRelay(
  redis: RedisClient,
  logger: Logger,
  /** Heartbeat period (ms; config `PRESENCE_HEARTBEAT_MS`): a process silent for 3 beats is taken for dead. */
  heartbeatMs = 5000,
): DraftRelay {
  const origin = newRelayOrigin();
  /** When each other process was last heard (ms since epoch), by relay origin. */
  const lastHeard = new Map<string, number>();
  const subscriber = redis.duplicate();
  let handlers = null as RelayHandlers | null;
  let closed = false;
  let warned = false;
  /** Drafts with a durable update that no other process was told of (not published, no `stale` hint yet). */
  const unpublished = new Set<string>();
  let hintTimer: NodeJS.Timeout | null = null;
  const scheduleHints = (delayMs: number): void => {
    if (hintTimer || unpublished.size === 0 || closed) return;
    hintTimer = setTimeout(sendHints, delayMs);
    hintTimer.unref();
  };
  const sendHints = (): void => {
    hintTimer = null;
    if (closed) return;
    for (const draftId of unpublished) {
      unpublished.delete(draftId);
      const frame = Buffer.from(
        encodeRelayMessage(origin, { kind: 'stale', draftId, update: new Uint8Array() }),
      );
      redis.publish(DRAFT_RELAY_CHANNEL, frame).catch(() => {
        unpublished.add(draftId);
        scheduleHints(STALE_HINT_RETRY_MS);
      });
    }
  };
  const markUnpublished = (draftId: string, stored: Promise<unknown> | undefined): void => {
    // Hinted only once durable: a hint before that would have the others catch up without it. An update that
    // was not stored is not acknowledged either; its sender resends it, and it is relayed again.
    (stored ?? Promise.resolve()).then(
      () => {
        unpublished.add(draftId);
        scheduleHints(STALE_HINT_DELAY_MS);
      },
      () => undefined,
    );
  };
  subscriber.on('error', () => undefined); // the shared client logs connection losses once
  let firstReady = true;
  subscriber.on('ready', () => {
    if (firstReady) {
      firstReady = false;
      return;
    }
    setTimeout(() => handlers?.resumed(), RESUME_DELAY_MS).unref();
  });
  const receive = (frame: Buffer): void => {
    const decoded = decodeRelayMessage(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength));
    if (!decoded) {
      logger.warn('malformed draft relay frame');
      return;
    }
    if (decoded.origin === origin) return;
    lastHeard.set(decoded.origin, Date.now());
    if (decoded.message) handlers?.message(decoded.message, decoded.origin);
  };
  // Every process says it is alive every beat; one not heard for RELAY_SILENCE_BEATS beats is gone (kill -9): the
  // others drop its editors' awareness states (no ghost cursors). A process that stops cleanly removes them itself.
  const heartbeat = setInterval(() => {
    if (closed) return;
    redis.publish(DRAFT_RELAY_CHANNEL, Buffer.from(encodeRelayHeartbeat(origin))).catch(() => undefined);
    const silentSince = Date.now() - RELAY_SILENCE_BEATS * heartbeatMs;
    for (const [other, at] of lastHeard) {
      if (at >= silentSince) continue;
      lastHeard.delete(other);
      handlers?.gone?.(other);
    }
  }, heartbeatMs);
  heartbeat.unref();
  const started = (async () => {
    await subscriber.connect();
    await subscriber.subscribe(DRAFT_RELAY_CHANNEL, receive, true);
    // Anything published before the subscription took effect is recovered from the log.
    handlers?.resumed();
  })().catch((error: unknown) => {
    if (!closed) logger.error({ err: error }, 'draft relay subscription failed; drafts stay per process');
  });
  return {
    publish(message: RelayMessage, stored?: Promise<unknown>) {
      if (closed) return;
      const frame = Buffer.from(encodeRelayMessage(origin, message));
      redis.publish(DRAFT_RELAY_CHANNEL, frame).then(
        () => {
          warned = false;
        },
        (error: unknown) => {
          if (message.kind === 'update') markUnpublished(message.draftId, stored);
          if (warned) return;
          warned = true;
          logger.warn({ err: error }, 'draft relay publish failed; other processes catch up from the log');
        },
      );
    },
    subscribe(next) {
      handlers = next;
    },
    async close() {
      closed = true;
      clearInterval(heartbeat);
      if (hintTimer) clearTimeout(hintTimer);
      await started;
      try {
        await subscriber.close();
      } catch {
        subscriber.destroy();
      }
    },
  };
}
