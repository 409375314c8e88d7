import type { Ack } from '@polos/shared';
import { COMMAND_TIMEOUT_MS, getSocket, type CommandName, type PayloadOf, type ResultOf } from './socket';

/**
 * Commands that must reach the server even when they are issued offline (posts): they wait while the socket is
 * disconnected and go out when it connects, at most `maxInFlight` at a time (the server refuses a socket's 9th
 * command in progress), and commands with the same `key` (a question) one after the other, in the order they were
 * issued, so posts written offline are stored in the order they were written.
 *
 * Only **idempotent** commands belong here: an attempt cut off by a disconnect is sent again on the next connect
 * with the same payload (a post keeps its `clientId`; the server stores `(author, clientId)` once), because
 * nobody can tell whether the server got it.
 *
 * A server's error ack ends the command with that ack (the caller shows it: "Not sent", Retry); `rate_limited` is
 * retried after a pause; a timeout while still connected ends it as `timeout`.
 */

/** The part of a Socket.IO client socket the outbox uses. */
export interface OutboxSocket {
  readonly connected: boolean;
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
  off(event: 'connect' | 'disconnect', listener: () => void): unknown;
  timeout(ms: number): {
    emit(event: string, payload: unknown, ack: (err: Error | null, response: unknown) => void): unknown;
  };
}

export interface OutboxOptions {
  /** Commands of this outbox awaiting their ack at once (default 4; the server allows 8 per socket). */
  maxInFlight?: number;
  /** How long one attempt waits for its ack while connected (ms). */
  timeoutMs?: number;
  /** Pause before re-sending a command the server answered `rate_limited` (ms). */
  rateLimitPauseMs?: number;
}

interface Entry {
  event: string;
  payload: unknown;
  key: string | null;
  /** Identifies the command (e.g. a post's clientId): the same id queued twice is sent once, both get the ack. */
  id: string | null;
  /** Which attempt is current: acks of an attempt cut off by a disconnect are ignored. */
  attempt: number;
  inFlight: boolean;
  notBefore: number;
  waiters: ((ack: Ack<unknown>) => void)[];
}

export class Outbox {
  private readonly entries: Entry[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly maxInFlight: number;
  private readonly timeoutMs: number;
  private readonly rateLimitPauseMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: OutboxSocket,
    options: OutboxOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 4;
    this.timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS;
    this.rateLimitPauseMs = options.rateLimitPauseMs ?? 1000;
    this.listen();
  }

  /** (Re)attaches the socket listeners; idempotent (a listener is never added twice). */
  private listen(): void {
    this.socket.off('connect', this.pump);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.on('connect', this.pump);
    this.socket.on('disconnect', this.onDisconnect);
  }

  /**
   * Queues a command; resolves with its ack once one arrives (never rejects). `key`: commands with the same key go
   * one at a time, in order. `id`: a command already queued with the same event and id is not queued again.
   */
  send<E extends CommandName>(
    event: E,
    payload: PayloadOf<E>,
    options: { key?: string; id?: string } = {},
  ): Promise<Ack<ResultOf<E>>> {
    return new Promise((resolve) => {
      const waiter = resolve as (ack: Ack<unknown>) => void;
      const id = options.id ?? null;
      const same = id === null ? undefined : this.entries.find((e) => e.id === id && e.event === event);
      if (same) {
        same.waiters.push(waiter);
        return;
      }
      this.entries.push({
        event,
        payload,
        key: options.key ?? null,
        id,
        attempt: 0,
        inFlight: false,
        notBefore: 0,
        waiters: [waiter],
      });
      this.changed();
      this.listen();
      this.pump();
    });
  }

  /** Commands not acknowledged yet (waiting or in flight). */
  get size(): number {
    return this.entries.length;
  }

  /** Commands awaiting their ack right now. */
  get inFlight(): number {
    return this.entries.filter((e) => e.inFlight).length;
  }

  /** Calls `listener` whenever `size` may have changed. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops listening to the socket; commands still queued stay unresolved. */
  dispose(): void {
    clearTimeout(this.timer);
    this.socket.off('connect', this.pump);
    this.socket.off('disconnect', this.onDisconnect);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private readonly onDisconnect = (): void => {
    // Acks of attempts in flight will never come over the closed connection: send them again on the next connect.
    for (const entry of this.entries) {
      if (!entry.inFlight) continue;
      entry.inFlight = false;
      entry.attempt += 1;
    }
  };

  private readonly pump = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.socket.connected) return;
    const now = Date.now();
    const busyKeys = new Set(this.entries.filter((e) => e.inFlight && e.key !== null).map((e) => e.key));
    let inFlight = this.inFlight;
    let wakeAt = Infinity;
    for (const entry of this.entries) {
      if (inFlight >= this.maxInFlight) break;
      if (entry.inFlight) continue;
      // Same key: strictly one after the other, in order (an earlier one waiting blocks the later ones too).
      if (entry.key !== null && busyKeys.has(entry.key)) continue;
      if (entry.notBefore > now) {
        wakeAt = Math.min(wakeAt, entry.notBefore);
        if (entry.key !== null) busyKeys.add(entry.key);
        continue;
      }
      if (entry.key !== null) busyKeys.add(entry.key);
      inFlight += 1;
      this.emit(entry);
    }
    if (wakeAt !== Infinity) this.timer = setTimeout(this.pump, Math.max(0, wakeAt - now));
  };

  private emit(entry: Entry): void {
    entry.inFlight = true;
    const attempt = entry.attempt;
    this.socket.timeout(this.timeoutMs).emit(entry.event, entry.payload, (err, response) => {
      if (entry.attempt !== attempt || !this.entries.includes(entry)) return; // a cut-off attempt
      entry.inFlight = false;
      if (err && !this.socket.connected) {
        entry.attempt += 1; // timed out because the connection went: try again when it is back
        return;
      }
      const ack: Ack<unknown> = err
        ? { ok: false, error: { code: 'timeout', message: err.message } }
        : (response as Ack<unknown>);
      if (!ack.ok && ack.error.code === 'rate_limited') {
        entry.attempt += 1;
        entry.notBefore = Date.now() + this.rateLimitPauseMs;
        this.pump();
        return;
      }
      this.entries.splice(this.entries.indexOf(entry), 1);
      for (const waiter of entry.waiters) waiter(ack);
      this.changed();
      this.pump();
    });
  }
}

let shared: Outbox | null = null;

/** The app's one outbox, on the app's one socket. */
export function getOutbox(): Outbox {
  // The typed socket's emit is typed per event; the outbox forwards already-typed payloads.
  shared ??= new Outbox(getSocket() as unknown as OutboxSocket);
  return shared;
}
