import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@polos/shared';

/** The one typed socket of the app (same origin, session cookie). */
export type PolosSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: PolosSocket | null = null;

export function getSocket(): PolosSocket {
  socket ??= io({ autoConnect: false, withCredentials: true });
  return socket;
}

export type CommandName = keyof ClientToServerEvents;
export type PayloadOf<E extends CommandName> = Parameters<ClientToServerEvents[E]>[0];
export type ResultOf<E extends CommandName> =
  NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends (ack: Ack<infer R>) => void ? R : never;

/** How long a command waits for its ack before it counts as failed (ms). */
export const COMMAND_TIMEOUT_MS = 10_000;

interface LooseEmitter {
  emit: (event: string, payload: unknown, ack: (err: Error | null, response: unknown) => void) => void;
}

/**
 * Sends a command and resolves with its ack; a timeout or transport error resolves as
 * `{ ok: false, error: { code: 'timeout' } }` (never rejects). While offline Socket.IO buffers the
 * packet; a late delivery is harmless because commands that store are idempotent or reported by seq.
 */
export function command<E extends CommandName>(
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<Ack<ResultOf<E>>> {
  return new Promise((resolve) => {
    const emitter = getSocket().timeout(timeoutMs) as unknown as LooseEmitter;
    emitter.emit(event, payload, (err, response) => {
      if (err) resolve({ ok: false, error: { code: 'timeout', message: err.message } });
      else resolve(response as Ack<ResultOf<E>>);
    });
  });
}

/** Fire-and-forget volatile event (typing): dropped while offline. */
export function emitVolatile(event: 'typing:start' | 'typing:stop', payload: { questionId: string }): void {
  const s = getSocket();
  if (s.connected) s.volatile.emit(event, payload);
}
