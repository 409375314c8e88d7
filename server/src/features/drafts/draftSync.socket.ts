import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  DRAFT_SOCKET_BUCKET,
  draftAwarenessSchema,
  draftRefSchema,
  draftRooms,
  draftSyncSchema,
  MAX_DRAFT_ASSEMBLED_BYTES,
  type DraftJoinResult,
  type DraftSyncPayload,
  type DraftSyncResult,
} from '@polos/shared';
import {
  commandsOf,
  type CommandContext,
  type CommandDefinition,
  type CommandLimits,
  type TypedSocket,
} from '../../contracts/feature';
import { AppError, forbidden, invalid, payloadTooLarge } from '../../lib/errors';
import { draftAccessFor, type RoleLookup } from './draftAccess';
import type { DraftHub } from './draftHub';
import { getDraftOrThrow, presentDraft } from './draft.service';

/** Rejected updates tolerated per socket within a minute before it is disconnected. */
export const MAX_STRIKES = 5;

/**
 * The drafts' limits on the one command pipeline: their own bucket (typing sends ~5–20 messages/s; 50/s on
 * average, bursts of 200), no in-flight limit (the provider pipelines updates and each is acked once durable;
 * memory is bounded by the chunk caps below), and strikes for bad input.
 */
export const DRAFT_COMMAND_LIMITS: CommandLimits = {
  bucket: { name: 'drafts', ...DRAFT_SOCKET_BUCKET },
  strikes: {
    codes: [
      'malformed_update',
      'missing_dependencies',
      'unrepresentable_update',
      'forged_provenance',
      'invalid',
      'payload_too_large',
      'read_only',
    ],
    max: MAX_STRIKES,
    windowMs: 60_000,
  },
};

/** Chunked messages a socket may have in flight at once. */
const MAX_OPEN_CHUNKED = 2;
/**
 * Bytes of unfinished chunked messages one user may have buffered over all their sockets (issue 15.5: eight
 * sockets of one user could otherwise hold 8 × 2 × 8 MB).
 */
export const MAX_BUFFERED_CHUNK_BYTES_PER_USER = 2 * MAX_DRAFT_ASSEMBLED_BYTES;

interface Chunked {
  draftId: string;
  count: number;
  parts: Uint8Array[];
  received: number;
  bytes: number;
}

/** What one socket holds: the drafts it joined and its unfinished chunked messages. */
interface SocketDrafts {
  joined: Set<string>;
  chunked: Map<string, Chunked>;
}

/** What the draft commands are built from (one per server). */
export interface DraftSocketContext {
  hub: DraftHub;
  roleOf: RoleLookup;
}

/**
 * The draft commands and their per-socket state. Every command checks that the socket joined the draft and what
 * its access allows (a chunk of a message too, before it is buffered); updates are acked only once durable.
 */
export class DraftSockets {
  private readonly sockets = new WeakMap<TypedSocket, SocketDrafts>();
  /** Buffered chunk bytes per user id. */
  private readonly bufferedByUser = new Map<string, number>();
  readonly commands: readonly CommandDefinition[];

  constructor(private readonly ctx: DraftSocketContext) {
    this.commands = commandsOf(DRAFT_COMMAND_LIMITS, (register) => {
      register('draft:join', draftRefSchema, async ({ draftId }, c) => ({
        data: await this.join(draftId, c),
      }));
      register('draft:leave', draftRefSchema, async ({ draftId }, { socket }) => {
        // Synchronously (before any await) so a `draft:join` sent right after is not undone by this leave.
        this.of(socket).joined.delete(draftId);
        this.ctx.hub.removeMember(draftId, socket.id);
        await socket.leave(draftRooms.draft(draftId));
        return { data: null };
      });
      register('draft:sync', draftSyncSchema, async (input, c) => ({ data: await this.sync(input, c) }));
      register('draft:awareness', draftAwarenessSchema, async ({ draftId, update }, { socket }) => {
        const { room } = await this.joinedRoom(socket, draftId);
        this.ctx.hub.applyAwareness(room, socket.id, update);
        return { data: null };
      });
    });
  }

  /** Bytes of unfinished chunked messages buffered for this user (all sockets). */
  bufferedBytes(userId: string): number {
    return this.bufferedByUser.get(userId) ?? 0;
  }

  /** Frees what a socket held (on disconnect). */
  disconnected(socket: TypedSocket): void {
    const state = this.sockets.get(socket);
    if (!state) return;
    for (const draftId of state.joined) this.ctx.hub.removeMember(draftId, socket.id);
    for (const entry of state.chunked.values()) this.release(socket, entry);
    state.joined.clear();
    state.chunked.clear();
    this.sockets.delete(socket);
  }

  private of(socket: TypedSocket): SocketDrafts {
    let state = this.sockets.get(socket);
    if (!state) {
      state = { joined: new Set(), chunked: new Map() };
      this.sockets.set(socket, state);
    }
    return state;
  }

  private async join(draftId: string, { socket }: CommandContext): Promise<DraftJoinResult> {
    const { userId, name } = socket.data;
    const draft = await getDraftOrThrow(draftId);
    const role = await this.ctx.roleOf(draft.workspaceId, userId);
    const access = draftAccessFor(role, draft);
    if (access === 'none') throw forbidden('You are not a member of this workspace');
    const room = await this.ctx.hub.room(draftId);
    room.meta = { workspaceId: draft.workspaceId.toHexString(), locked: draft.locked };
    await socket.join(draftRooms.draft(draftId));
    this.of(socket).joined.add(draftId);
    const awareness = this.ctx.hub.addMember(room, socket.id, { userId, name, role, access });
    return { draft: presentDraft(draft), access, userId, awareness };
  }

  private async joinedRoom(socket: TypedSocket, draftId: string) {
    const state = this.of(socket);
    if (!state.joined.has(draftId)) throw forbidden('Join the draft first');
    const room = await this.ctx.hub.room(draftId);
    const member = this.ctx.hub.member(room, socket.id);
    if (!member) {
      state.joined.delete(draftId);
      throw forbidden('Join the draft first');
    }
    return { room, member };
  }

  private async sync(input: DraftSyncPayload, { socket }: CommandContext): Promise<DraftSyncResult> {
    // Authorise first: nothing is buffered or decoded for a socket that may not write to this draft.
    const { room, member } = await this.joinedRoom(socket, input.draftId);
    if (input.chunk && member.access !== 'edit') throw readOnly();
    const message = this.assemble(socket, input);
    if (message === null) return { replies: [] }; // more chunks to come; nothing is durable yet
    let type: number;
    let body: Uint8Array;
    let exact: boolean;
    try {
      const decoder = decoding.createDecoder(message);
      type = decoding.readVarUint(decoder);
      body = decoding.readVarUint8Array(decoder);
      // Bytes after the body are not part of the message: such a message is never relayed as received.
      exact = !decoding.hasContent(decoder);
    } catch {
      throw new AppError('malformed_update', 'Malformed sync message', { status: 400 });
    }
    switch (type) {
      case syncProtocol.messageYjsSyncStep1:
        return { replies: await this.ctx.hub.answerStep1(room, body) };
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate:
        if (member.access !== 'edit') throw readOnly();
        await this.ctx.hub.acceptUpdate(
          room,
          body,
          { socketId: socket.id, userId: member.userId },
          // An exact update message is relayed as received (a step 2, or trailing bytes: re-encoded).
          type === syncProtocol.messageYjsUpdate && exact ? message : undefined,
        );
        return { replies: [] };
      default:
        throw new AppError('malformed_update', 'Unknown sync message type', { status: 400 });
    }
  }

  private release(socket: TypedSocket, entry: Chunked): void {
    const userId = socket.data.userId;
    const left = (this.bufferedByUser.get(userId) ?? 0) - entry.bytes;
    if (left > 0) this.bufferedByUser.set(userId, left);
    else this.bufferedByUser.delete(userId);
  }

  /** Returns the whole message, or null while chunks are missing. */
  private assemble(socket: TypedSocket, input: DraftSyncPayload): Uint8Array | null {
    const { chunk, message, draftId } = input;
    if (!chunk) return message;
    const { chunked } = this.of(socket);
    let entry = chunked.get(chunk.id);
    if (!entry) {
      if (chunked.size >= MAX_OPEN_CHUNKED) throw invalid('Too many chunked messages in flight');
      entry = {
        draftId,
        count: chunk.count,
        parts: new Array<Uint8Array>(chunk.count),
        received: 0,
        bytes: 0,
      };
      chunked.set(chunk.id, entry);
    }
    const drop = (current: Chunked): void => {
      chunked.delete(chunk.id);
      this.release(socket, current);
    };
    if (
      entry.draftId !== draftId ||
      entry.count !== chunk.count ||
      chunk.index >= entry.count ||
      entry.parts[chunk.index]
    ) {
      drop(entry);
      throw invalid('Inconsistent chunk');
    }
    const userId = socket.data.userId;
    const userBytes = this.bufferedByUser.get(userId) ?? 0;
    if (
      entry.bytes + message.byteLength > MAX_DRAFT_ASSEMBLED_BYTES ||
      userBytes + message.byteLength > MAX_BUFFERED_CHUNK_BYTES_PER_USER
    ) {
      drop(entry);
      throw payloadTooLarge('Draft update too large');
    }
    entry.bytes += message.byteLength;
    this.bufferedByUser.set(userId, userBytes + message.byteLength);
    entry.parts[chunk.index] = message;
    entry.received += 1;
    if (entry.received < entry.count) return null;
    drop(entry);
    const whole = new Uint8Array(entry.bytes);
    let offset = 0;
    for (const part of entry.parts) {
      whole.set(part, offset);
      offset += part.byteLength;
    }
    return whole;
  }
}

const readOnly = (): AppError =>
  new AppError('read_only', 'This draft is read-only for you', { status: 403 });
