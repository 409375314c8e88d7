/**
 * A y-protocols provider over the app's existing Socket.IO connection (no second WebSocket): the standard
 * sync step 1 / step 2 / update and awareness messages are carried in the `draft:*` events of one draft
 * room. Framework-free so the server tests drive it with socket.io-client in Node.
 *
 * - On (re)connect: `draft:join`, then a sync step 1; the ack carries the server's step 2 (applied) and its
 *   step 1 (answered with our step 2 = everything made offline or while reconnecting).
 * - Local updates are sent as update messages, paced below the server's rate limit (`draftSendPacer.ts`: updates
 *   made faster are merged into one; awareness at most every 100 ms); each ack means "durable on the server". The server relays an
 *   update to the other editors before it is durable, so the provider keeps every update sent and not yet
 *   acknowledged and resends it after the next handshake (a reconnect, possibly to another server process that
 *   already holds it by relay but has not stored it): Yjs updates are idempotent, the server stores the resend.
 * - Updates that fail (e.g. the server reloaded the draft) trigger a fresh sync handshake.
 * - With `userId` (the owner of a device cache loaded into the document), nothing is sent unless the server says
 *   the connection is that user's: a session replaced meanwhile must not receive another user's edits.
 * - `saved` fires whenever the server holds every local edit made so far (the handshake's diff and every update
 *   acknowledged, edit access, no newer local edit).
 */
import type { Socket } from 'socket.io-client';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import {
  MAX_DRAFT_MESSAGE_BYTES,
  type Ack,
  type DraftAccessLevel,
  type DraftDto,
  type DraftJoinResult,
} from '@polos/shared';
import { draftPacerFor, type DraftSendPacer } from './draftSendPacer';

/** The app's Socket.IO client socket (the app passes its typed socket; the provider speaks raw event names). */
export type DraftSocket = Socket;

export type DraftStatus = 'connecting' | 'synced' | 'offline' | 'error';

export interface DraftProviderEvents {
  status: (status: DraftStatus) => void;
  access: (access: Exclude<DraftAccessLevel, 'none'> | null) => void;
  draft: (draft: DraftDto) => void;
  /** An update was refused or could not be stored (code from the server); `wrong_user` from the provider. */
  error: (code: string, message: string) => void;
  /** An edit was made on this device (any change not received from the server). */
  localChange: () => void;
  /** The server holds every local edit made so far. */
  saved: () => void;
  /** `saveState` changed. */
  saveState: (state: DraftSaveState) => void;
}

/**
 * Whether the server holds this device's edits: `saving` from a local edit (with edit access) or a send until the
 * server acknowledged every edit as durable (`saved` event), `saved` otherwise; an edit refused as read-only (the
 * draft was locked meanwhile) keeps it `saving` until it is stored after all. What the editor shows as "Saving…" /
 * "Saved" while connected.
 */
export type DraftSaveState = 'saved' | 'saving';

const ORIGIN = Symbol('draft-provider');

/** Shortest interval between two awareness messages of one editor (ms): a cursor need not move more often. */
export const AWARENESS_INTERVAL_MS = 100;

/** Normalises what socket.io delivers for binary (Buffer in Node, ArrayBuffer in browsers). */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError('expected binary');
}

export class SocketDraftProvider {
  readonly awareness: awarenessProtocol.Awareness;
  status: DraftStatus = 'connecting';
  access: Exclude<DraftAccessLevel, 'none'> | null = null;
  draft: DraftDto | null = null;
  /** Updates sent and not yet acknowledged as durable. */
  readonly unacked = new Set<Promise<boolean>>();
  /** The most recently sent update's acknowledgement (true = durable on the server). */
  lastSent: Promise<boolean> | null = null;
  /** Updates sent and not acknowledged as durable, by send number: resent after the next handshake. */
  readonly unackedUpdates = new Map<number, Uint8Array>();
  private sendCounter = 0;
  /** Updates the server relayed to this room while the current handshake was running. */
  private relayedDuringHandshake: Uint8Array[] = [];
  private readonly listeners: { [K in keyof DraftProviderEvents]: Set<DraftProviderEvents[K]> } = {
    status: new Set(),
    access: new Set(),
    draft: new Set(),
    error: new Set(),
    localChange: new Set(),
    saved: new Set(),
    saveState: new Set(),
  };
  saveState: DraftSaveState = 'saved';
  private destroyed = false;
  private joinGeneration = 0;
  private chunkCounter = 0;
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly ownsAwareness: boolean;
  private readonly userId: string | undefined;
  /** Local edits so far: `settle` reports "saved" only if none was made while it waited. */
  private localEdits = 0;
  /** This socket's pacing (shared by every draft open over it). */
  private readonly pacer: DraftSendPacer;
  /** Local updates waiting for the pacer, sent merged into one. */
  private pendingLocal: Uint8Array[] = [];
  private pendingTimer: ReturnType<typeof setTimeout> | null = null;
  /** Awareness clients changed and not yet sent (the latest state goes out), and when awareness last went out. */
  private readonly awarenessPending = new Set<number>();
  private awarenessTimer: ReturnType<typeof setTimeout> | null = null;
  private lastAwarenessAt = 0;
  /**
   * An update was refused for good (`read_only`: locked meanwhile; `forbidden`): its edits stay only in this
   * document until a handshake with edit access sends the server what it lacks. Until then nothing is "saved".
   */
  private refusedEdits = false;

  constructor(
    private readonly socket: DraftSocket,
    readonly draftId: string,
    readonly doc: Y.Doc,
    options: {
      awareness?: awarenessProtocol.Awareness;
      /** The user whose edits `doc` holds (e.g. a device cache): sync only over a connection of that user. */
      userId?: string;
    } = {},
  ) {
    this.userId = options.userId;
    this.pacer = draftPacerFor(socket);
    this.awareness = options.awareness ?? new awarenessProtocol.Awareness(doc);
    this.ownsAwareness = options.awareness === undefined;
    doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    socket.on('draft:sync', this.onSync);
    socket.on('draft:awareness', this.onRemoteAwareness);
    socket.on('draft:updated', this.onDraftUpdated);
    socket.on('draft:left', this.onLeft);
    if (socket.connected) this.join();
  }

  on<K extends keyof DraftProviderEvents>(event: K, listener: DraftProviderEvents[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  private fire<K extends keyof DraftProviderEvents>(
    event: K,
    ...args: Parameters<DraftProviderEvents[K]>
  ): void {
    for (const listener of this.listeners[event])
      (listener as (...a: Parameters<DraftProviderEvents[K]>) => void)(...args);
  }

  private setSaveState(state: DraftSaveState): void {
    if (this.saveState === state) return;
    this.saveState = state;
    this.fire('saveState', state);
  }

  private setStatus(status: DraftStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.fire('status', status);
  }

  /**
   * Sends what waits for the pacer at once, then resolves once every update sent so far was acknowledged (true) or
   * refused (false).
   */
  async flush(): Promise<boolean> {
    this.sendPendingLocal(true);
    return this.acked();
  }

  /** Resolves once every update sent so far was acknowledged (true) or refused (false). */
  private async acked(): Promise<boolean> {
    const results = await Promise.all([...this.unacked]);
    return results.every(Boolean);
  }

  /**
   * Waits for the updates in flight; true (and a `saved` event) when the server then holds every local edit:
   * synced with edit access, everything sent acknowledged, and no local edit made meanwhile.
   */
  async settle(): Promise<boolean> {
    // Updates still waiting for the pacer: their ack will settle again.
    if (this.status !== 'synced' || this.access !== 'edit' || this.destroyed || this.pendingLocal.length > 0)
      return false;
    const edits = this.localEdits;
    const generation = this.joinGeneration;
    const acked = await this.acked();
    const saved =
      acked &&
      !this.refusedEdits &&
      edits === this.localEdits &&
      generation === this.joinGeneration &&
      this.status === 'synced' &&
      !this.destroyed;
    if (saved) {
      this.setSaveState('saved');
      this.fire('saved');
    }
    return saved;
  }

  /** Requests awaiting their ack; answered `disconnected` if the connection drops first (Socket.IO never acks them). */
  private readonly inFlight = new Set<(reply: Ack<never>) => void>();

  private request<T>(event: string, payload: unknown): Promise<Ack<T>> {
    return new Promise((resolve) => {
      const settle = (reply: Ack<T>) => {
        if (!this.inFlight.delete(settle)) return;
        resolve(reply);
      };
      this.inFlight.add(settle);
      if (!this.socket.connected) {
        settle({ ok: false, error: { code: 'disconnected', message: 'Not connected' } });
        return;
      }
      this.socket.emit(event, payload, settle);
    });
  }

  /** Joins the room and runs the sync handshake; a newer join supersedes an older one. */
  private join(): void {
    const generation = ++this.joinGeneration;
    this.relayedDuringHandshake = [];
    this.dropPending();
    this.setStatus('connecting');
    void (async () => {
      const joined = await this.request<DraftJoinResult>('draft:join', { draftId: this.draftId });
      if (generation !== this.joinGeneration || this.destroyed) return;
      if (!joined.ok) {
        if (joined.error.code === 'disconnected') return;
        this.setAccess(null);
        this.setStatus('error');
        this.fire('error', joined.error.code, joined.error.message);
        return;
      }
      if (this.userId !== undefined && joined.data.userId !== this.userId) {
        // Another user's session: leave the room and send nothing of this document.
        this.socket.emit('draft:leave', { draftId: this.draftId }, () => undefined);
        this.setAccess(null);
        this.setStatus('error');
        this.fire('error', 'wrong_user', 'This connection belongs to another user');
        return;
      }
      this.draft = joined.data.draft;
      this.fire('draft', joined.data.draft);
      this.setAccess(joined.data.access);
      if (joined.data.awareness)
        awarenessProtocol.applyAwarenessUpdate(this.awareness, toBytes(joined.data.awareness), ORIGIN);
      const step1 = encoding.createEncoder();
      syncProtocol.writeSyncStep1(step1, this.doc);
      const synced = await this.request<{ replies: unknown[] }>('draft:sync', {
        draftId: this.draftId,
        message: encoding.toUint8Array(step1),
      });
      if (generation !== this.joinGeneration || this.destroyed) return;
      if (!synced.ok) {
        if (synced.error.code === 'disconnected') return;
        this.setStatus('error');
        this.fire('error', synced.error.code, synced.error.message);
        this.scheduleResync();
        return;
      }
      for (const reply of synced.data.replies) this.handleServerMessage(toBytes(reply));
      for (const relayed of this.relayedDuringHandshake.splice(0)) this.handleServerMessage(relayed);
      // With edit access the step 2 just sent holds everything the server lacks, refused edits included: its ack
      // (awaited by `settle`) now decides whether all is saved.
      if (this.access === 'edit') this.refusedEdits = false;
      this.resendUnacked();
      this.setStatus('synced');
      void this.settle();
      // Announce ourselves (cursor, name) to the room.
      if (this.awareness.getLocalState() !== null) this.sendAwareness([this.doc.clientID]);
    })();
  }

  private setAccess(access: Exclude<DraftAccessLevel, 'none'> | null): void {
    if (this.access === access) return;
    this.access = access;
    this.fire('access', access);
  }

  /** Applies a server message: step 2 / update → apply; step 1 → answer with our step 2 (edit access only). */
  private handleServerMessage(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    const body = decoding.readVarUint8Array(decoder);
    if (type === syncProtocol.messageYjsSyncStep1) {
      if (this.access !== 'edit') return;
      const diff = Y.encodeStateAsUpdate(this.doc, body);
      // An empty diff (no structs, no deletes) is 2 bytes: nothing to send.
      if (diff.byteLength > 2) this.sendUpdate(diff, syncProtocol.messageYjsSyncStep2);
    } else {
      Y.applyUpdate(this.doc, body, ORIGIN);
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === ORIGIN) return;
    this.localEdits += 1;
    if (this.access === 'edit') this.setSaveState('saving');
    this.fire('localChange');
    if (this.status !== 'synced' || this.access !== 'edit') return;
    this.pendingLocal.push(update);
    this.sendPendingLocal();
  };

  /**
   * Sends the local updates waiting for the pacer, merged into one, when it has a token (or `force`); otherwise tries
   * again when it will have one.
   */
  private sendPendingLocal(force = false): void {
    if (this.pendingLocal.length === 0 || this.destroyed) return;
    if (!force && !this.pacer.take()) {
      this.pendingTimer ??= setTimeout(() => {
        this.pendingTimer = null;
        this.sendPendingLocal();
      }, this.pacer.waitMs());
      return;
    }
    const updates = this.pendingLocal;
    this.pendingLocal = [];
    this.sendUpdate(
      updates.length === 1 ? updates[0] : Y.mergeUpdates(updates),
      syncProtocol.messageYjsUpdate,
    );
  }

  /**
   * Forgets what waits for the pacer when the connection or the handshake changes: the next handshake's step 2
   * carries every local edit the server lacks, these included.
   */
  private dropPending(): void {
    this.pendingLocal = [];
    this.awarenessPending.clear();
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.pendingTimer = null;
    this.awarenessTimer = null;
  }

  /**
   * Resends, merged into one update, what was sent before and never acknowledged (after a handshake, so the server
   * already holds everything it depends on).
   */
  private resendUnacked(): void {
    if (this.unackedUpdates.size === 0 || this.access !== 'edit') return;
    const updates = [...this.unackedUpdates.values()];
    this.unackedUpdates.clear();
    this.sendUpdate(Y.mergeUpdates(updates), syncProtocol.messageYjsUpdate);
  }

  /** Sends one update (chunked when large); its promise resolves true once durable on the server. */
  private sendUpdate(update: Uint8Array, type: number): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    encoding.writeVarUint8Array(encoder, update);
    const message = encoding.toUint8Array(encoder);
    const key = (this.sendCounter += 1);
    this.unackedUpdates.set(key, update);
    this.setSaveState('saving');
    const sent = this.sendMessage(message).then((reply) => {
      // Kept for a resend unless durable, or refused for good (no access: this message can never be stored; its
      // edits stay in the document, unsaved, until a handshake with edit access).
      const refusedForGood = !reply.ok && ['read_only', 'forbidden'].includes(reply.error.code);
      if (reply.ok || refusedForGood) this.unackedUpdates.delete(key);
      if (!reply.ok) {
        if (refusedForGood) this.refusedEdits = true;
        this.fire('error', reply.error.code, reply.error.message);
        // The server's view differs from ours (reload, missing dependencies): a new handshake re-sends the diff.
        if (!refusedForGood && reply.error.code !== 'disconnected') this.scheduleResync();
      }
      return reply.ok;
    });
    this.unacked.add(sent);
    this.lastSent = sent;
    void sent.then(() => {
      this.unacked.delete(sent);
      if (this.unacked.size === 0) void this.settle();
    });
  }

  private async sendMessage(message: Uint8Array): Promise<Ack<{ replies: unknown[] }>> {
    if (message.byteLength <= MAX_DRAFT_MESSAGE_BYTES) {
      return this.request('draft:sync', { draftId: this.draftId, message });
    }
    const count = Math.ceil(message.byteLength / MAX_DRAFT_MESSAGE_BYTES);
    const id = `c${Date.now().toString(36)}${(this.chunkCounter += 1)}`;
    let last: Ack<{ replies: unknown[] }> = { ok: true, data: { replies: [] } };
    for (let index = 0; index < count; index += 1) {
      const part = message.subarray(index * MAX_DRAFT_MESSAGE_BYTES, (index + 1) * MAX_DRAFT_MESSAGE_BYTES);
      last = await this.request('draft:sync', {
        draftId: this.draftId,
        message: part,
        chunk: { id, index, count },
      });
      if (!last.ok) return last;
    }
    return last;
  }

  private scheduleResync(): void {
    if (this.resyncTimer || this.destroyed) return;
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      if (this.socket.connected && !this.destroyed) this.join();
    }, 500);
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === ORIGIN || this.status !== 'synced') return;
    const changed = [...added, ...updated, ...removed].filter((id) => id === this.doc.clientID);
    for (const id of changed) this.awarenessPending.add(id);
    if (changed.length > 0 && !this.awarenessTimer) this.sendPendingAwareness();
  };

  /** Sends the pending awareness (latest state) at most every AWARENESS_INTERVAL_MS and when the pacer allows. */
  private readonly sendPendingAwareness = (): void => {
    this.awarenessTimer = null;
    if (this.awarenessPending.size === 0 || this.status !== 'synced' || this.destroyed) return;
    const wait = this.lastAwarenessAt + AWARENESS_INTERVAL_MS - Date.now();
    if (wait > 0 || !this.pacer.take()) {
      this.awarenessTimer = setTimeout(this.sendPendingAwareness, Math.max(wait, this.pacer.waitMs(), 1));
      return;
    }
    const clients = [...this.awarenessPending];
    this.awarenessPending.clear();
    this.lastAwarenessAt = Date.now();
    this.sendAwareness(clients);
  };

  private sendAwareness(clients: number[]): void {
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients);
    this.socket.emit('draft:awareness', { draftId: this.draftId, update }, () => undefined);
  }

  private readonly onConnect = (): void => this.join();

  private readonly onDisconnect = (): void => {
    this.joinGeneration += 1;
    this.dropPending();
    for (const settle of [...this.inFlight])
      settle({ ok: false, error: { code: 'disconnected', message: 'Connection lost' } });
    this.setStatus('offline');
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, ORIGIN);
  };

  private readonly onSync = (event: { draftId: string; message: unknown }): void => {
    if (event.draftId !== this.draftId) return;
    if (this.status === 'synced') this.handleServerMessage(toBytes(event.message));
    // Relayed while the handshake runs (the server relays at once): the step 2 answer may have been computed
    // before this update arrived there, so it is applied after the answer (Yjs updates commute).
    else if (this.status === 'connecting') this.relayedDuringHandshake.push(toBytes(event.message));
  };

  private readonly onRemoteAwareness = (event: { draftId: string; update: unknown }): void => {
    if (event.draftId !== this.draftId) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, toBytes(event.update), ORIGIN);
  };

  private readonly onDraftUpdated = (draft: DraftDto): void => {
    if (draft.id !== this.draftId) return;
    this.draft = draft;
    this.fire('draft', draft);
    // Lock changes alter our access: join again to learn it.
    if (this.socket.connected) this.join();
  };

  private readonly onLeft = (event: { draftId: string; reason: string }): void => {
    if (event.draftId !== this.draftId) return;
    if (event.reason === 'reloaded') this.scheduleResync();
    else {
      this.setAccess(null);
      this.setStatus('error');
    }
  };

  destroy(): void {
    // What waits for the pacer goes out now (the page is leaving the draft; the device cache keeps it anyway).
    if (this.status === 'synced' && this.access === 'edit') this.sendPendingLocal(true);
    this.destroyed = true;
    this.joinGeneration += 1;
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.dropPending();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.off('draft:sync', this.onSync);
    this.socket.off('draft:awareness', this.onRemoteAwareness);
    this.socket.off('draft:updated', this.onDraftUpdated);
    this.socket.off('draft:left', this.onLeft);
    if (this.socket.connected) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
      this.socket.emit('draft:leave', { draftId: this.draftId }, () => undefined);
    }
    for (const settle of [...this.inFlight])
      settle({ ok: false, error: { code: 'disconnected', message: 'Provider destroyed' } });
    if (this.ownsAwareness) this.awareness.destroy();
  }
}
