import type { Server, Socket } from 'socket.io';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  draftAwarenessSchema,
  draftRefSchema,
  draftRooms,
  draftSyncSchema,
  MAX_DRAFT_ASSEMBLED_BYTES,
  type DraftJoinResult,
  type DraftServerToClientEvents,
  type DraftSyncPayload,
  type DraftSyncResult,
} from '@polos/shared';
import { runWithAck } from '../../lib/ack';
import { AppError, forbidden, invalid, payloadTooLarge, rateLimited } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { TokenBucket } from '../../realtime/rateLimit';
import { parseInput } from '../../lib/validation';
import { draftAccessFor, type RoleLookup } from './draftAccess';
import type { DraftEmitter, DraftHub } from './draftHub';
import { getDraftOrThrow, presentDraft } from './draft.service';

/** Rejected updates tolerated per socket within {@link STRIKE_WINDOW_MS} before it is disconnected. */
export const MAX_STRIKES = 5;
const STRIKE_WINDOW_MS = 60_000;
/** Draft messages per second a socket may send on average (typing sends ~5–20), and the burst allowed. */
export const DRAFT_MESSAGES_PER_SECOND = 50;
const DRAFT_MESSAGE_BURST = 200;
/** Chunked messages a socket may have in flight at once. */
const MAX_OPEN_CHUNKED = 2;

/** Codes that count as a strike (bad input, not bad luck). */
const STRIKE_CODES = new Set([
  'malformed_update',
  'missing_dependencies',
  'invalid',
  'payload_too_large',
  'read_only',
]);

export interface DraftSocketContext {
  hub: DraftHub;
  logger: Logger;
  roleOf: RoleLookup;
}

/** The identity the handshake put on the socket. */
interface DraftSocketData {
  userId: string;
  name: string;
}

/** Builds the hub's emitter on a Socket.IO server. */
export function socketEmitter(io: Server): DraftEmitter {
  return {
    emit(target, event, ...args) {
      const operator =
        'socketId' in target
          ? io.to(target.socketId)
          : target.except
            ? io.to(target.room).except(target.except)
            : io.to(target.room);
      (operator.emit as (event: keyof DraftServerToClientEvents, ...rest: unknown[]) => boolean)(
        event,
        ...args,
      );
    },
  };
}

/**
 * Registers the draft events on one authenticated socket (synchronously, on `connection`). Every event
 * checks that the socket joined the draft and what its access allows; updates are acked only once durable.
 */
export function registerDraftSocket(socket: Socket, ctx: DraftSocketContext): void {
  const { hub, logger } = ctx;
  const identity = (): DraftSocketData => socket.data as DraftSocketData;
  const joined = new Set<string>();
  const chunked = new Map<
    string,
    { draftId: string; count: number; parts: Uint8Array[]; received: number; bytes: number }
  >();
  let strikes: number[] = [];

  const strike = (error: unknown): void => {
    const code = error instanceof AppError ? error.code : null;
    if (!code || !STRIKE_CODES.has(code)) return;
    const now = Date.now();
    strikes = strikes.filter((t) => now - t < STRIKE_WINDOW_MS);
    strikes.push(now);
    if (strikes.length >= MAX_STRIKES) {
      logger.warn(
        { socketId: socket.id, userId: identity().userId },
        'disconnecting a socket that keeps sending bad draft updates',
      );
      // After the current ack has been sent.
      setImmediate(() => socket.disconnect(true));
    }
  };

  // Token bucket over every draft event of this socket: floods are refused (`rate_limited`) before any work.
  const bucket = new TokenBucket(DRAFT_MESSAGE_BURST, DRAFT_MESSAGES_PER_SECOND);
  const admit = (): void => {
    if (!bucket.take()) throw rateLimited(1);
  };

  /** Runs a command; its failure may count as a strike. */
  const command = <T>(ack: unknown, event: string, work: () => Promise<T>): void => {
    void runWithAck(logger, ack, { event, socketId: socket.id }, async () => {
      admit();
      try {
        return await work();
      } catch (error) {
        strike(error);
        throw error;
      }
    });
  };

  const joinedRoom = async (draftId: string) => {
    if (!joined.has(draftId)) throw forbidden('Join the draft first');
    const room = await hub.room(draftId);
    const member = hub.member(room, socket.id);
    if (!member) {
      joined.delete(draftId);
      throw forbidden('Join the draft first');
    }
    return { room, member };
  };

  socket.on('draft:join', (payload: unknown, ack: unknown) =>
    command(ack, 'draft:join', async (): Promise<DraftJoinResult> => {
      const { draftId } = parseInput(draftRefSchema, payload);
      const { userId, name } = identity();
      const draft = await getDraftOrThrow(draftId);
      const role = await ctx.roleOf(draft.workspaceId, userId);
      const access = draftAccessFor(role, draft);
      if (access === 'none') throw forbidden('You are not a member of this workspace');
      const room = await hub.room(draftId);
      room.meta = { workspaceId: draft.workspaceId.toHexString(), locked: draft.locked };
      await socket.join(draftRooms.draft(draftId));
      joined.add(draftId);
      const awareness = hub.addMember(room, socket.id, { userId, name, role, access });
      return { draft: presentDraft(draft), access, userId, awareness };
    }),
  );

  socket.on('draft:leave', (payload: unknown, ack: unknown) =>
    command(ack, 'draft:leave', async () => {
      const { draftId } = parseInput(draftRefSchema, payload);
      // Synchronously (before any await) so a `draft:join` sent right after is not undone by this leave.
      joined.delete(draftId);
      hub.removeMember(draftId, socket.id);
      await socket.leave(draftRooms.draft(draftId));
      return null;
    }),
  );

  socket.on('draft:sync', (payload: unknown, ack: unknown) =>
    command(ack, 'draft:sync', async (): Promise<DraftSyncResult> => {
      const input = parseInput(draftSyncSchema, payload);
      const message = assemble(input);
      if (message === null) return { replies: [] }; // more chunks to come; nothing is durable yet
      const { room, member } = await joinedRoom(input.draftId);
      let type: number;
      let body: Uint8Array;
      try {
        const decoder = decoding.createDecoder(message);
        type = decoding.readVarUint(decoder);
        body = decoding.readVarUint8Array(decoder);
      } catch {
        throw new AppError('malformed_update', 'Malformed sync message', { status: 400 });
      }
      switch (type) {
        case syncProtocol.messageYjsSyncStep1:
          return { replies: await hub.answerStep1(room, body) };
        case syncProtocol.messageYjsSyncStep2:
        case syncProtocol.messageYjsUpdate:
          if (member.access !== 'edit') {
            throw new AppError('read_only', 'This draft is read-only for you', { status: 403 });
          }
          await hub.acceptUpdate(room, body, { socketId: socket.id, userId: member.userId });
          return { replies: [] };
        default:
          throw new AppError('malformed_update', 'Unknown sync message type', { status: 400 });
      }
    }),
  );

  socket.on('draft:awareness', (payload: unknown, ack: unknown) =>
    command(ack, 'draft:awareness', async () => {
      const { draftId, update } = parseInput(draftAwarenessSchema, payload);
      const { room } = await joinedRoom(draftId);
      hub.applyAwareness(room, socket.id, update);
      return null;
    }),
  );

  socket.on('disconnect', () => {
    for (const draftId of joined) hub.removeMember(draftId, socket.id);
    joined.clear();
    chunked.clear();
  });

  /** Returns the whole message, or null while chunks are missing. */
  function assemble(input: DraftSyncPayload): Uint8Array | null {
    const { chunk, message, draftId } = input;
    if (!chunk) return message;
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
    if (
      entry.draftId !== draftId ||
      entry.count !== chunk.count ||
      chunk.index >= entry.count ||
      entry.parts[chunk.index]
    ) {
      chunked.delete(chunk.id);
      throw invalid('Inconsistent chunk');
    }
    entry.bytes += message.byteLength;
    if (entry.bytes > MAX_DRAFT_ASSEMBLED_BYTES) {
      chunked.delete(chunk.id);
      throw payloadTooLarge('Draft update too large');
    }
    entry.parts[chunk.index] = message;
    entry.received += 1;
    if (entry.received < entry.count) return null;
    chunked.delete(chunk.id);
    const whole = new Uint8Array(entry.bytes);
    let offset = 0;
    for (const part of entry.parts) {
      whole.set(part, offset);
      offset += part.byteLength;
    }
    return whole;
  }
}

/** Removes sockets from a draft room (access revoked): they are told and stop receiving its updates. */
export function evictFromDraft(io: Server, hub: DraftHub, draftId: string, socketIds: string[]): void {
  for (const socketId of socketIds) {
    hub.removeMember(draftId, socketId);
    io.in(socketId).socketsLeave(draftRooms.draft(draftId));
    io.to(socketId).emit('draft:left', { draftId, reason: 'access_revoked' });
  }
}
