import { Types } from 'mongoose';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { draftRooms, type DraftAccessLevel, type DraftServerToClientEvents, type Role } from '@polos/shared';
import { AppError, invalid, unavailable } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import {
  compactDraft,
  compactFromState,
  DraftLogWriter,
  loadDraft,
  threadedLogStore,
  WrittenIds,
} from './draftPersistence';
import type { LogStore } from './draftLogWorker';
import { GuardedDoc, type RejectReason } from './draftUpdateGuard';
import type { DraftRelay, RelayMessage } from './draftRelay';
import { ProvenanceSigner } from './draftDocument';

/** Emits to a room (optionally except one socket) or to one socket. */
export interface DraftEmitter {
  emit<E extends keyof DraftServerToClientEvents>(
    target: { room: string; except?: string } | { socketId: string },
    event: E,
    ...args: Parameters<DraftServerToClientEvents[E]>
  ): void;
}

export interface DraftHubOptions {
  /** Compact once this many updates were accepted since the last compaction. Default 1000. */
  compactEvery?: number;
  /** Compact after this long without updates (ms). Default 10,000. */
  idleCompactMs?: number;
  /** Unload a room with nobody in it after this long (ms). Default 30,000. */
  unloadAfterMs?: number;
  /** Called on a user's first durable update in a loaded room (release credits). */
  onContributor?: (draftId: Types.ObjectId, userId: Types.ObjectId) => Promise<void>;
  /**
   * Called after a user's durable change, at most once per {@link EDIT_NOTE_EVERY_MS} per user and loaded room
   * (editing sessions of the balance dashboard: `recordDraftEdit`).
   */
  onEdit?: (draftId: Types.ObjectId, userId: Types.ObjectId, at: Date) => Promise<void>;
  /** Secret the quote-provenance key is derived from (the session secret). Default: a random per-process key. */
  provenanceSecret?: string;
  /**
   * Cross-process relay (Redis pub/sub with `REDIS_URL`): accepted updates and awareness go to the other processes,
   * which apply them to their own copy of the draft. Omitted: this process is the only one.
   */
  relay?: DraftRelay;
  /**
   * The app's database URI. Given: the update log is appended on a worker thread with its own connection to it
   * (`threadedLogStore`); omitted: through mongoose's connection on this thread (tests of the writer alone).
   */
  logUri?: string;
  /** The update log's store itself (fault injection in crash tests); wins over `logUri`. */
  logStore?: LogStore;
}

/** Least time between two `onEdit` calls for the same user and loaded room (ms): one minute. */
export const EDIT_NOTE_EVERY_MS = 60_000;

/** Ack error of each refusal of the update guard (code, status 400, message). */
const REJECTIONS: Record<RejectReason, { code: string; message: string }> = {
  malformed: { code: 'malformed_update', message: 'The update could not be applied' },
  missing_dependencies: {
    code: 'missing_dependencies',
    message: 'The update depends on changes the server does not have; sync again',
  },
  unrepresentable: {
    code: 'unrepresentable_update',
    message: 'The update makes a document the editor cannot show (e.g. text outside a paragraph)',
  },
  forged_provenance: {
    code: 'forged_provenance',
    message: 'Only the quote action may link a quote to a post',
  },
};

/** An accepted update waiting for the end of the event loop's turn to be relayed (`DraftHub.relayLocally`). */
interface PendingRelay {
  update: Uint8Array;
  /** The sending socket (it has the update), or null for a server-side or relayed update. */
  except: string | null;
  /** The sync update message as received, relayed as is when the update goes alone. */
  message?: Uint8Array;
}

/** A socket present in a draft room. */
export interface Member {
  userId: string;
  name: string;
  /** Workspace role when the socket joined (updated on role changes). */
  role: Role | null;
  access: Exclude<DraftAccessLevel, 'none'>;
  /** Awareness client ids this socket speaks for (only it may update or remove them). */
  awarenessClients: Set<number>;
}

/** One loaded draft: its guarded document, awareness and the sockets in its room. */
export class DraftRoom {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly awarenessDoc: Y.Doc;
  readonly members = new Map<string, Member>();
  acceptedSinceCompaction = 0;
  idleTimer: NodeJS.Timeout | null = null;
  /** When the armed `idleTimer` fires, and when the compaction it stands for is due (performance.now()). */
  idleTimerAt = 0;
  compactDueAt = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  /** The draft's workspace and lock state (set when a socket joins; kept current by lock changes). */
  meta: { workspaceId: string; locked: boolean } | null = null;
  /** Users already recorded as contributors while this room is loaded. */
  readonly contributors = new Set<string>();
  /** When each user's change was last passed to `onEdit` from this room (Date.now() ms). */
  readonly editNotedAt = new Map<string, number>();
  /**
   * Revision of the stored snapshot this room's document contains (the one it loaded, or last wrote); 0: none.
   * Compaction from the live document writes the next one only if the stored snapshot is still this one.
   */
  snapshotRev = 0;
  /** Log entries this copy's document holds (its loaded tail, then its durable appends), for compaction from it. */
  written = new WrittenIds();
  /** Set when an append failed: the in-memory document may hold non-durable content; reload before use. */
  broken = false;
  /** Relayed updates that depend on something this process missed, kept until a catch-up resolves them. */
  readonly remotePending: Uint8Array[] = [];
  /** A catch-up from the durable log is scheduled or running. */
  catchingUp = false;
  /** Relayed updates were applied since the last `storeRelayed` (their origin process may die before storing). */
  relayedSinceSweep = false;
  /**
   * Awareness client ids relayed by other processes → that process's relay origin: when it dies without removing
   * them (`kill -9`), the relay reports it `gone` and these states are removed here (no ghost cursors).
   */
  readonly remoteAwareness = new Map<number, string>();

  constructor(
    readonly draftId: string,
    readonly oid: Types.ObjectId,
    readonly guard: GuardedDoc,
  ) {
    // On a document of its own: the live document is replaced after a refused update, and Awareness only needs a
    // client id (the server is not an editor: it has no awareness state of its own).
    this.awarenessDoc = new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.awarenessDoc);
    this.awareness.setLocalState(null);
  }

  /** The live document (replaced after a refused update: read it here each time, never keep it). */
  get doc(): Y.Doc {
    return this.guard.live;
  }

  destroy(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.awareness.destroy();
    this.awarenessDoc.destroy();
    this.guard.destroy();
  }
}

/** Colours offered when a client sends none or an invalid one. */
const FALLBACK_COLOURS = [
  '#d94f3d',
  '#2f7dd1',
  '#2d9d5c',
  '#9b51e0',
  '#e08a1e',
  '#1aa3a3',
  '#c2417f',
  '#5b6abf',
];

/**
 * Owns the live drafts of this process (Hocuspocus's "document" layer): loading (snapshot + tail), accepting
 * updates (guard → relay to the room and the other processes → durable append → ack), awareness, and compaction
 * (after N updates, on idle, when the last editor leaves, on shutdown).
 *
 * Relay first, acknowledge when durable: an update that passed the guard is relayed at once (at the end of the
 * turn, merged with the room's others: `flushRelays`), and every peer keeps it in its document; its sender keeps it
 * until the ack and resends it after a reconnect, so an update is lost only if it was never acknowledged and every
 * copy of it vanished. With several processes each one applies the
 * others' relayed updates to its own copy (the database is the durable log; see docs/ARCHITECTURE.md).
 */
export class DraftHub {
  private readonly rooms = new Map<string, DraftRoom>();
  private readonly loading = new Map<string, Promise<DraftRoom>>();
  /** Relayed messages for drafts being loaded (applied once loaded; the load may or may not include them). */
  private readonly loadBuffers = new Map<string, Array<RelayMessage & { origin: string }>>();
  private readonly relay: DraftRelay | undefined;
  private readonly userOids = new Map<string, Types.ObjectId | null>();
  readonly writer: DraftLogWriter;
  private readonly compactEvery: number;
  private readonly idleCompactMs: number;
  private readonly unloadAfterMs: number;
  private closed = false;
  /** Compactions in flight (`compactNow`), awaited by `close`. */
  private readonly compacting = new Set<Promise<void>>();
  private readonly onContributor: DraftHubOptions['onContributor'];
  private readonly onEdit: DraftHubOptions['onEdit'];
  /** Signs the provenance of quotes inserted by the quote action; the guard verifies it. */
  readonly provenance: ProvenanceSigner;
  /** Accepted updates not yet relayed to this process's sockets, per room, in acceptance order (`relayLocally`). */
  private readonly pendingRelays = new Map<DraftRoom, PendingRelay[]>();
  private relayFlush: NodeJS.Immediate | null = null;

  constructor(
    private readonly emitter: DraftEmitter,
    private readonly logger: Logger,
    options: DraftHubOptions = {},
  ) {
    this.compactEvery = options.compactEvery ?? 1000;
    this.idleCompactMs = options.idleCompactMs ?? 10_000;
    this.unloadAfterMs = options.unloadAfterMs ?? 30_000;
    this.onContributor = options.onContributor;
    this.onEdit = options.onEdit;
    this.provenance = new ProvenanceSigner(options.provenanceSecret);
    this.relay = options.relay;
    this.writer = new DraftLogWriter({
      store: options.logStore ?? (options.logUri ? threadedLogStore(options.logUri) : undefined),
    });
    this.relay?.subscribe({
      message: (message, origin) => this.onRelayed(message, origin),
      resumed: () => {
        for (const room of this.rooms.values()) this.catchUpSoon(room, 0);
      },
      gone: (origin) => this.removeAwarenessOf(origin),
    });
  }

  /** The loaded room of a draft (loading it from the database once, even under concurrent calls). */
  async room(draftId: string): Promise<DraftRoom> {
    if (this.closed) throw unavailable('The server is shutting down');
    const existing = this.rooms.get(draftId);
    if (existing && !existing.broken) return existing;
    let pending = this.loading.get(draftId);
    if (!pending) {
      if (this.relay) this.loadBuffers.set(draftId, []);
      pending = (async () => {
        const oid = new Types.ObjectId(draftId);
        const loaded = await loadDraft(oid, { signer: this.provenance, logger: this.logger });
        const room = new DraftRoom(draftId, oid, new GuardedDoc(loaded.doc, this.provenance));
        room.snapshotRev = loaded.snapshotRev;
        // The loaded tail is in the document: a compaction from it may remove those entries too.
        if (!this.relay) room.written = new WrittenIds(loaded.tailIds);
        this.rooms.set(draftId, room);
        // What other processes relayed while the log was being read (re-applying is idempotent).
        for (const message of this.loadBuffers.get(draftId) ?? [])
          this.applyRelayed(room, message, message.origin);
        return room;
      })();
      this.loading.set(draftId, pending);
      const done = () => {
        this.loading.delete(draftId);
        this.loadBuffers.delete(draftId);
      };
      pending.then(done, done);
    }
    return pending;
  }

  /** Every loaded room (role changes walk them). */
  loadedRooms(): IterableIterator<DraftRoom> {
    return this.rooms.values();
  }

  /** The loaded room, if any (no database access). */
  loadedRoom(draftId: string): DraftRoom | undefined {
    return this.rooms.get(draftId);
  }

  /** Adds a socket to the room's members; returns the current awareness (null when empty). */
  addMember(room: DraftRoom, socketId: string, member: Omit<Member, 'awarenessClients'>): Uint8Array | null {
    const previous = room.members.get(socketId);
    room.members.set(socketId, { ...member, awarenessClients: previous?.awarenessClients ?? new Set() });
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
    }
    const clients = [...room.awareness.getStates().keys()];
    return clients.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients) : null;
  }

  member(room: DraftRoom, socketId: string): Member | undefined {
    return room.members.get(socketId);
  }

  /** Changes the access of every member of a loaded draft (lock/unlock, role change). */
  setAccess(
    draftId: string,
    accessOf: (member: Member) => Exclude<DraftAccessLevel, 'none'> | 'none',
  ): string[] {
    const room = this.rooms.get(draftId);
    const removed: string[] = [];
    if (!room) return removed;
    for (const [socketId, member] of room.members) {
      const access = accessOf(member);
      if (access === 'none') removed.push(socketId);
      else member.access = access;
    }
    return removed;
  }

  /** Removes a socket from a room: its awareness states are cleared for everyone; the last one out compacts. */
  removeMember(draftId: string, socketId: string): void {
    const room = this.rooms.get(draftId);
    const member = room?.members.get(socketId);
    if (!room || !member) return;
    room.members.delete(socketId);
    const clients = [...member.awarenessClients].filter((id) => room.awareness.getStates().has(id));
    if (clients.length > 0) {
      awarenessProtocol.removeAwarenessStates(room.awareness, clients, 'server');
      const update = awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients);
      this.emitter.emit({ room: draftRooms.draft(room.draftId) }, 'draft:awareness', {
        draftId: room.draftId,
        update,
      });
      this.relay?.publish({ kind: 'awareness', draftId: room.draftId, update });
    }
    if (room.members.size === 0) {
      this.compactSoon(room, 0);
      room.unloadTimer = setTimeout(() => this.unloadIfEmpty(room), this.unloadAfterMs);
      room.unloadTimer.unref();
    }
  }

  /**
   * Answers a sync step 1: the server's step 2 (the diff against the client's state vector) and the server's
   * own step 1. Waits for this process's in-flight appends (the diff may also hold updates relayed and not yet
   * durable: the joining editor becomes one more peer keeping them, as with any relayed update).
   */
  async answerStep1(room: DraftRoom, stateVector: Uint8Array): Promise<Uint8Array[]> {
    await this.writer.flushed();
    let diff: Uint8Array;
    try {
      diff = Y.encodeStateAsUpdate(room.doc, stateVector);
    } catch {
      throw invalid('Malformed state vector');
    }
    const step2 = encoding.createEncoder();
    encoding.writeVarUint(step2, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(step2, diff);
    const step1 = encoding.createEncoder();
    syncProtocol.writeSyncStep1(step1, room.doc);
    return [encoding.toUint8Array(step2), encoding.toUint8Array(step1)];
  }

  /**
   * Accepts one untrusted update from an editor: scratch-apply (refusing malformed and missing-dependency
   * updates), relay it at once to the room except the sender and to the other processes, and append it to the
   * log. Resolves when durable (the sender's ack); rejects with an `AppError` otherwise. An update the document
   * already holds is appended too (unless empty): it may have arrived by relay and not be durable yet, and its
   * sender resends exactly what it has not seen acknowledged.
   */
  async acceptUpdate(
    room: DraftRoom,
    update: Uint8Array,
    from: { socketId: string | null; userId: string | null },
    /** The sync update message carrying `update`, when the caller has it (relayed as is, not re-encoded). */
    message?: Uint8Array,
  ): Promise<void> {
    if (room.broken) throw unavailable('The draft is reloading; join again');
    let verdict: ReturnType<GuardedDoc['apply']>;
    try {
      verdict = room.guard.apply(update, from.socketId ?? 'server');
    } catch (error) {
      // The guard's rollback copy failed to catch up (see GuardedDoc): reload the draft from the durable log.
      this.markBroken(room, error);
      throw unavailable('The draft is reloading; join again');
    }
    if (!verdict.ok) {
      // With several processes, a missing dependency may be a relayed update this process missed.
      if (verdict.reason === 'missing_dependencies' && this.relay) this.catchUpSoon(room, 0);
      const rejection = REJECTIONS[verdict.reason];
      throw new AppError(rejection.code, rejection.message, { status: 400 });
    }
    if (verdict.changed) this.relayLocally(room, update, from.socketId, message);
    else if (isEmptyUpdate(update)) return;
    const userId = from.userId ? this.userOid(from.userId) : null;
    // The socket id lets the writer see several editors appending (group commit).
    const stored = this.writer.append(
      // Tracked only where a compaction from the live document can use it (one process, no relay).
      { draftId: room.oid, update, userId, written: this.relay ? undefined : room.written },
      from.socketId ?? undefined,
    );
    if (verdict.changed) this.relay?.publish({ kind: 'update', draftId: room.draftId, update }, stored);
    try {
      await stored;
    } catch (error) {
      this.markBroken(room, error);
      throw unavailable('The update could not be stored; sync again');
    }
    if (!verdict.changed) return;
    if (userId && this.onContributor && !room.contributors.has(from.userId ?? '')) {
      room.contributors.add(userId.toHexString());
      this.onContributor(room.oid, userId).catch((error: unknown) =>
        this.logger.warn({ err: error, draftId: room.draftId }, 'could not record a draft contributor'),
      );
    }
    if (userId && from.userId && this.onEdit) {
      // Not per keystroke: a session spans ≥ 30 min of pauses, so a minute's precision is plenty. Keyed by the id
      // string the socket already carries (no hex conversion on every update).
      const key = from.userId;
      const now = Date.now();
      const noted = room.editNotedAt.get(key);
      if (noted === undefined || now - noted >= EDIT_NOTE_EVERY_MS) {
        room.editNotedAt.set(key, now);
        this.onEdit(room.oid, userId, new Date(now)).catch((error: unknown) =>
          this.logger.warn({ err: error, draftId: room.draftId }, 'could not record a draft edit'),
        );
      }
    }
    room.acceptedSinceCompaction += 1;
    if (room.acceptedSinceCompaction >= this.compactEvery) this.compactSoon(room, 0);
    else this.compactSoon(room, this.idleCompactMs);
  }

  /** The ObjectId of a user id string (null when invalid), cached: every keystroke carries one. */
  private userOid(userId: string): Types.ObjectId | null {
    let oid = this.userOids.get(userId);
    if (oid === undefined) {
      oid = Types.ObjectId.isValid(userId) ? new Types.ObjectId(userId) : null;
      if (this.userOids.size >= 10_000) this.userOids.clear();
      this.userOids.set(userId, oid);
    }
    return oid;
  }

  /**
   * Relays an update to this process's sockets in the room (except its sender) at the end of this turn of the event
   * loop, with the others accepted for the same room in the same turn (see {@link flushRelays}).
   */
  private relayLocally(
    room: DraftRoom,
    update: Uint8Array,
    exceptSocketId: string | null,
    message?: Uint8Array,
  ): void {
    let batch = this.pendingRelays.get(room);
    if (!batch) this.pendingRelays.set(room, (batch = []));
    batch.push({ update, except: exceptSocketId, message });
    this.relayFlush ??= setImmediate(() => this.flushRelays());
  }

  /**
   * Sends the updates accepted in this turn of the event loop (the check phase runs right after the poll phase
   * that read them): a room with one update gets it as received, except its sender; several are merged
   * (`Y.mergeUpdates`) into one sync update message — one fan-out instead of one per update, so a burst (editors
   * typing at once, or a machine that stalled and read many keystrokes in one poll) costs the room one delivery
   * per socket. The merge goes to every socket of the room, except the sender when all came from one socket: a
   * sender that gets its own update back ignores it (Yjs skips structs it has). Relay benchmark: docs/ARCHITECTURE.md.
   */
  private flushRelays(): void {
    this.relayFlush = null;
    const batches = [...this.pendingRelays];
    this.pendingRelays.clear();
    for (const [room, batch] of batches) this.emitRelays(room, batch);
    // Now that this turn's updates are out, the rollback copies that are due catch up (not in front of a relay).
    for (const [room] of batches) {
      if (room.broken || !room.guard.rollbackDue) continue;
      try {
        room.guard.catchUpRollbackCopy();
      } catch (error) {
        this.markBroken(room, error);
      }
    }
  }

  /** Sends a room's pending relays now (before a message that must follow them, e.g. `draft:left`). */
  private flushRoomRelays(room: DraftRoom): void {
    const batch = this.pendingRelays.get(room);
    if (!batch) return;
    this.pendingRelays.delete(room);
    this.emitRelays(room, batch);
  }

  /** Emits one room's batch (see {@link flushRelays}); never throws (it runs off the commands' path). */
  private emitRelays(room: DraftRoom, batch: PendingRelay[]): void {
    const roomName = draftRooms.draft(room.draftId);
    const [first] = batch;
    const except = batch.every((entry) => entry.except === first.except) ? first.except : null;
    try {
      const message =
        batch.length === 1
          ? (first.message ?? updateMessage(first.update))
          : updateMessage(Y.mergeUpdates(batch.map((entry) => entry.update)));
      this.emitter.emit(except ? { room: roomName, except } : { room: roomName }, 'draft:sync', {
        draftId: room.draftId,
        message,
      });
    } catch (error) {
      // No ack to fail here: log it, and let the other rooms' relays go out. A peer that missed an update gets it
      // at its next handshake (reconnect or reload: its state vector asks for it).
      this.logger.error({ err: error, draftId: room.draftId }, 'could not relay draft updates');
    }
  }

  /** A message of another process: applied to the loaded draft (buffered while it loads; ignored otherwise). */
  private onRelayed(message: RelayMessage, origin: string): void {
    const room = this.rooms.get(message.draftId);
    if (room && !room.broken) {
      this.applyRelayed(room, message, origin);
      return;
    }
    this.loadBuffers.get(message.draftId)?.push({ ...message, origin });
  }

  /**
   * Another process died without shutting down: the awareness states its editors had (relayed from it) are removed
   * in every loaded draft, and this process's editors are told (each process decides this on its own).
   */
  private removeAwarenessOf(origin: string): void {
    for (const room of this.rooms.values()) {
      const clients: number[] = [];
      for (const [clientId, owner] of room.remoteAwareness) {
        if (owner !== origin) continue;
        room.remoteAwareness.delete(clientId);
        if (room.awareness.getStates().has(clientId)) clients.push(clientId);
      }
      if (clients.length === 0) continue;
      awarenessProtocol.removeAwarenessStates(room.awareness, clients, 'relay');
      this.emitter.emit({ room: draftRooms.draft(room.draftId) }, 'draft:awareness', {
        draftId: room.draftId,
        update: awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients),
      });
      this.logger.info(
        { draftId: room.draftId, clients: clients.length },
        'awareness of a process that stopped answering removed',
      );
    }
  }

  private applyRelayed(room: DraftRoom, message: RelayMessage, origin: string): void {
    if (message.kind === 'stale') {
      // Updates another process accepted but could not publish: they are in the log.
      this.catchUpSoon(room, 0);
      return;
    }
    if (message.kind === 'awareness') {
      try {
        awarenessProtocol.applyAwarenessUpdate(room.awareness, message.update, 'relay');
      } catch (error) {
        this.logger.warn({ err: error, draftId: room.draftId }, 'malformed relayed awareness update');
        return;
      }
      // Remember which process speaks for each state (a null state: removed).
      for (const { clientId } of decodeAwarenessLoose(message.update)) {
        if (room.awareness.getStates().has(clientId)) room.remoteAwareness.set(clientId, origin);
        else room.remoteAwareness.delete(clientId);
      }
      this.emitter.emit({ room: draftRooms.draft(room.draftId) }, 'draft:awareness', {
        draftId: room.draftId,
        update: message.update,
      });
      return;
    }
    let result: ReturnType<GuardedDoc['applyTrusted']>;
    try {
      result = room.guard.applyTrusted(message.update, 'relay');
    } catch (error) {
      this.markBroken(room, error);
      return;
    }
    if (result === 'applied') {
      room.relayedSinceSweep = true;
      this.relayLocally(room, message.update, null);
    } else if (result === 'pending') {
      room.remotePending.push(message.update);
      this.catchUpSoon(room, 0);
    }
  }

  /** Schedules one catch-up of a room from the durable log (coalesced). */
  private catchUpSoon(room: DraftRoom, delayMs: number): void {
    if (room.catchingUp) return;
    room.catchingUp = true;
    setTimeout(() => {
      void this.catchUp(room).finally(() => {
        room.catchingUp = false;
      });
    }, delayMs).unref();
  }

  /**
   * Brings a loaded draft up to the durable log (after a missed relay message: broker reconnect, a dependency
   * missing): applies what the database holds and this copy lacks, then the relayed updates that were waiting
   * for it, and relays the difference to this process's editors. Failures are logged; the next gap retries.
   */
  async catchUp(room: DraftRoom): Promise<void> {
    if (room.broken || this.rooms.get(room.draftId) !== room) return;
    try {
      const { doc } = await loadDraft(room.oid);
      const diff = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(room.doc));
      doc.destroy();
      if (room.broken || this.rooms.get(room.draftId) !== room) return;
      const waiting = room.remotePending.splice(0);
      for (const update of [diff, ...waiting]) {
        const result = room.guard.applyTrusted(update, 'relay');
        if (result === 'applied') {
          room.relayedSinceSweep = true;
          this.relayLocally(room, update, null);
        } else if (result === 'pending') room.remotePending.push(update);
      }
      if (room.remotePending.length > 0)
        this.logger.warn(
          { draftId: room.draftId, waiting: room.remotePending.length },
          'relayed draft updates still wait for their dependencies after a catch-up',
        );
    } catch (error) {
      this.logger.warn({ err: error, draftId: room.draftId }, 'draft catch-up from the log failed');
    }
  }

  /**
   * Applies one awareness update from a socket after checking that it speaks only for its own client ids
   * (first claim wins) and stamping the authenticated name; relays it to the room.
   */
  applyAwareness(room: DraftRoom, socketId: string, update: Uint8Array): void {
    const member = room.members.get(socketId);
    if (!member) throw invalid('Join the draft first');
    const entries = decodeAwareness(update);
    const owners = new Map<number, string>();
    for (const [otherId, other] of room.members)
      for (const id of other.awarenessClients) owners.set(id, otherId);
    const out = encoding.createEncoder();
    encoding.writeVarUint(out, entries.length);
    for (const entry of entries) {
      const owner = owners.get(entry.clientId);
      if (owner !== undefined && owner !== socketId) throw invalid('Awareness state of another connection');
      member.awarenessClients.add(entry.clientId);
      // An editor that reconnected here from another process: its state is this process's now (not removed when
      // the process it came from is reported gone).
      room.remoteAwareness.delete(entry.clientId);
      encoding.writeVarUint(out, entry.clientId);
      encoding.writeVarUint(out, entry.clock);
      encoding.writeVarString(out, JSON.stringify(stampUser(entry.state, member)));
    }
    const stamped = encoding.toUint8Array(out);
    awarenessProtocol.applyAwarenessUpdate(room.awareness, stamped, socketId);
    this.emitter.emit({ room: draftRooms.draft(room.draftId), except: socketId }, 'draft:awareness', {
      draftId: room.draftId,
      update: stamped,
    });
    this.relay?.publish({ kind: 'awareness', draftId: room.draftId, update: stamped });
  }

  /**
   * Stores what this copy holds and the log lacks, if it applied relayed updates since the last time: their origin
   * process stores them, but if it died first (and their sender is gone too), this copy's own acknowledged updates
   * could depend on them. Run before each compaction (idle, every N updates, last editor out, shutdown); costs one
   * load of the stored draft, only with several processes. Storing an update twice is harmless.
   */
  async storeRelayed(room: DraftRoom): Promise<void> {
    if (!room.relayedSinceSweep || room.broken) return;
    room.relayedSinceSweep = false;
    await this.writer.flushed();
    const { doc: stored } = await loadDraft(room.oid);
    try {
      const diff = Y.encodeStateAsUpdate(room.doc, Y.encodeStateVector(stored));
      let adds = false;
      stored.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.deleteSet.clients.size > 0) adds = true;
        for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) adds = true;
      });
      Y.applyUpdate(stored, diff);
      if (!adds) return;
      await this.writer.append({ draftId: room.oid, update: diff, userId: null });
      this.logger.info({ draftId: room.draftId }, 'stored relayed draft updates their origin had not stored');
    } finally {
      stored.destroy();
    }
  }

  /**
   * Compacts a draft now (serialised per draft); failures are logged, never thrown. A process that is the only
   * writer (no relay) compacts from its live document (`compactFromState`: no read-back of the log); otherwise, or
   * when the stored snapshot moved on, from the log (`compactDraft`).
   */
  compactNow(draftId: string): Promise<void> {
    const run = this.compactOnce(draftId);
    // Shutdown waits for every compaction in flight (one started by a timer or the last socket leaving must not
    // meet a closed database connection).
    this.compacting.add(run);
    void run.finally(() => this.compacting.delete(run));
    return run;
  }

  private async compactOnce(draftId: string): Promise<void> {
    const room = this.rooms.get(draftId);
    if (room) room.acceptedSinceCompaction = 0;
    try {
      if (room && !this.relay && (await this.compactFromMemory(room))) return;
      if (room) await this.storeRelayed(room);
      await this.writer.flushed();
      const result = await compactDraft(new Types.ObjectId(draftId));
      // With one process every snapshot is this process's, so its document contains the new one.
      if (room && !this.relay && this.rooms.get(draftId) === room) room.snapshotRev = result.rev;
      if (result.folded > 0) this.logger.debug({ draftId, ...result }, 'draft compacted');
    } catch (error) {
      this.logger.warn({ err: error, draftId }, 'draft compaction failed; the log keeps every update');
    }
  }

  /**
   * Compaction from the live document (one process): once this process's appends are durable, encodes the document
   * and stores it as the next snapshot, then removes the entries it holds (its loaded tail and its own appends).
   * Returns false when it cannot (not tracked, reloading, the snapshot moved on): the caller compacts from the log.
   * Why: reading 1,000 entries back and folding them cost the relaying process ~0.1 ms of CPU per keystroke at 50
   * editors (bench/drafts); the document already holds exactly that state.
   */
  private async compactFromMemory(room: DraftRoom): Promise<boolean> {
    await this.writer.flushed();
    if (room.broken || this.rooms.get(room.draftId) !== room) return false;
    // Synchronously: every id taken here is durable and was applied to the document before its append.
    const ids = room.written.take();
    if (ids === null) return false;
    if (ids.length === 0) return true;
    const state = Y.encodeStateAsUpdateV2(room.doc);
    let result: Awaited<ReturnType<typeof compactFromState>>;
    try {
      result = await compactFromState(room.oid, state, room.snapshotRev, ids);
    } catch (error) {
      room.written.giveBack(ids);
      throw error;
    }
    if (!result) return false;
    room.snapshotRev = result.rev;
    this.logger.debug({ draftId: room.draftId, ...result }, 'draft compacted from memory');
    return true;
  }

  /**
   * Compacts after `delayMs` (each call replaces the due time, as an idle timer). Called on every accepted update:
   * moving a due time is a field write; the armed timer re-arms itself when it fires early (no timer churn per
   * keystroke).
   */
  private compactSoon(room: DraftRoom, delayMs: number): void {
    const now = performance.now();
    room.compactDueAt = now + delayMs;
    if (room.idleTimer) {
      if (room.idleTimerAt <= room.compactDueAt) return;
      clearTimeout(room.idleTimer);
    }
    this.armCompaction(room, delayMs);
  }

  private armCompaction(room: DraftRoom, delayMs: number): void {
    room.idleTimerAt = performance.now() + delayMs;
    room.idleTimer = setTimeout(() => {
      room.idleTimer = null;
      if (this.closed) return; // close() compacts every loaded draft itself
      const left = room.compactDueAt - performance.now();
      if (left > 1) return this.armCompaction(room, left);
      void this.compactNow(room.draftId);
    }, delayMs);
    room.idleTimer.unref();
  }

  private unloadIfEmpty(room: DraftRoom): void {
    if (room.members.size > 0 || this.rooms.get(room.draftId) !== room) return;
    this.rooms.delete(room.draftId);
    this.pendingRelays.delete(room); // nobody of this process is left to receive them
    room.destroy();
  }

  /** After a failed append: drop the room so the next join reloads durable state; tell its members. */
  private markBroken(room: DraftRoom, error: unknown): void {
    if (room.broken) return;
    room.broken = true;
    this.logger.error(
      { err: error, draftId: room.draftId },
      'draft update append failed; reloading the draft',
    );
    if (this.rooms.get(room.draftId) === room) this.rooms.delete(room.draftId);
    // What was accepted (and passed the guard) reaches the peers before they are told to reload, as it did before.
    this.flushRoomRelays(room);
    for (const socketId of room.members.keys()) {
      this.emitter.emit({ socketId }, 'draft:left', { draftId: room.draftId, reason: 'reloaded' });
    }
    room.members.clear();
    room.destroy();
  }

  /** Flushes appends and compacts every loaded draft (on shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.relayFlush) {
      clearImmediate(this.relayFlush);
      this.flushRelays();
    }
    try {
      await this.writer.flushed();
      await Promise.allSettled([...this.compacting]);
      for (const room of this.rooms.values()) {
        await this.compactNow(room.draftId);
        room.destroy();
      }
      this.rooms.clear();
      await Promise.allSettled([...this.compacting]);
    } finally {
      await this.writer.close();
    }
  }
}

/** The sync protocol's update message of a v1 update. */
function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Whether a v1 update carries nothing (no structs, no deletions), e.g. an empty sync step 2. */
function isEmptyUpdate(update: Uint8Array): boolean {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    return structs.length === 0 && ds.clients.size === 0;
  } catch {
    return false;
  }
}

interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** Decodes a y-protocols awareness update; malformed input → `invalid`. */
function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > 64) throw new Error('too many states');
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i += 1) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      entries.push({ clientId, clock, state });
    }
    return entries;
  } catch {
    throw invalid('Malformed awareness update');
  }
}

/** The entries of a relayed awareness update (already checked by the process that stamped it); [] if malformed. */
function decodeAwarenessLoose(update: Uint8Array): AwarenessEntry[] {
  try {
    return decodeAwareness(update);
  } catch {
    return [];
  }
}

/** Replaces the `user` of an awareness state with the authenticated identity (keeping a valid colour). */
function stampUser(state: unknown, member: Member): unknown {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return state === null ? null : {};
  const given = (state as { user?: { color?: unknown } }).user;
  const colour =
    typeof given?.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(given.color)
      ? given.color
      : FALLBACK_COLOURS[(parseInt(member.userId.slice(-4), 16) || 0) % FALLBACK_COLOURS.length];
  return {
    ...state,
    user: { id: member.userId, name: member.name, color: colour, readOnly: member.access === 'read' },
  };
}
