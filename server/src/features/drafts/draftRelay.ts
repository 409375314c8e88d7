import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/**
 * What one process tells the others about a loaded draft: an update that passed its guard (`update`, a Yjs v1
 * update, relayed before it is durable — the durable log is the database), a stamped awareness update
 * (`awareness`, y-protocols encoding), or `stale`: this process accepted updates of the draft that it could not
 * publish (the broker refused or timed out), and they are in the durable log now — catch up from it (`update`
 * empty). Without it, the other processes' editors would miss the last updates of a burst until someone typed again.
 */
export type RelayMessage =
  | { kind: 'update'; draftId: string; update: Uint8Array }
  | { kind: 'awareness'; draftId: string; update: Uint8Array }
  | { kind: 'stale'; draftId: string; update: Uint8Array };

/** Receives the other processes' messages. */
export interface RelayHandlers {
  /** One message of another process (never this process's own); `origin` is that process's relay id. */
  message(message: RelayMessage, origin: string): void;
  /**
   * A process that relayed before has not been heard for {@link RELAY_SILENCE_BEATS} heartbeats (it died without
   * shutting down, e.g. `kill -9`): what it spoke for (its editors' awareness states) must go.
   */
  gone?(origin: string): void;
  /**
   * The subscription is (again) in place after a gap in which messages may have been missed (start, broker
   * reconnect): the receiver catches up from the durable log.
   */
  resumed(): void;
}

/**
 * Cross-process fan-out of the drafts (pub/sub, at most once). Every process applies the others' updates to its
 * own copy of a loaded draft; missed messages are recovered from the database (see `DraftHub.catchUp`).
 */
export interface DraftRelay {
  /**
   * Publishes to every other process (fire and forget; failures are logged by the implementation). For an
   * `update`, `stored` settles when its append to the log does: an update that could not be published is
   * announced with a `stale` hint once it is durable (never before — the others catch up from the log).
   */
  publish(message: RelayMessage, stored?: Promise<unknown>): void;
  /** Starts delivering other processes' messages to `handlers` (once). */
  subscribe(handlers: RelayHandlers): void;
  close(): Promise<void>;
}

/** Heartbeats a process may miss before the others take it for dead (`RelayHandlers.gone`). */
export const RELAY_SILENCE_BEATS = 3;

const KIND_CODES = { update: 0, awareness: 1, stale: 3 } as const;
/** Kind code of a heartbeat frame (no draft, no payload): "this process is alive". */
export const HEARTBEAT_CODE = 2;

/** A random id of this process's relay (its own messages come back through the broker and are skipped). */
export function newRelayOrigin(): string {
  return randomBytes(8).toString('hex');
}

/** Binary frame: origin, kind, draft id, payload (lib0 encoding). */
export function encodeRelayMessage(origin: string, message: RelayMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, origin);
  encoding.writeVarUint(encoder, KIND_CODES[message.kind]);
  encoding.writeVarString(encoder, message.draftId);
  encoding.writeVarUint8Array(encoder, message.update);
  return encoding.toUint8Array(encoder);
}

/** Binary heartbeat frame: origin and {@link HEARTBEAT_CODE}. */
export function encodeRelayHeartbeat(origin: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, origin);
  encoding.writeVarUint(encoder, HEARTBEAT_CODE);
  return encoding.toUint8Array(encoder);
}

/**
 * Decodes a frame of `encodeRelayMessage` (or a heartbeat: `message` null); null when malformed.
 */
export function decodeRelayMessage(
  bytes: Uint8Array,
): { origin: string; message: RelayMessage | null } | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const origin = decoding.readVarString(decoder);
    const code = decoding.readVarUint(decoder);
    if (code === HEARTBEAT_CODE) return { origin, message: null };
    const draftId = decoding.readVarString(decoder);
    const update = decoding.readVarUint8Array(decoder);
    if (code === KIND_CODES.update) return { origin, message: { kind: 'update', draftId, update } };
    if (code === KIND_CODES.awareness) return { origin, message: { kind: 'awareness', draftId, update } };
    if (code === KIND_CODES.stale) return { origin, message: { kind: 'stale', draftId, update } };
    return null;
  } catch {
    return null;
  }
}
