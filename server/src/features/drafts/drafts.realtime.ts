import type { Server, Socket } from 'socket.io';
import type { ServerContext } from '../../context';
import { draftRooms, type DraftDto } from '@polos/shared';
import { unavailable } from '../../lib/errors';
import { draftAccessFor, workspaceRoleLookup } from './draftAccess';
import { DraftHub, type DraftHubOptions } from './draftHub';
import { addContributor } from './draft.service';
import {
  evictFromDraft,
  registerDraftSocket,
  socketEmitter,
  type DraftSocketContext,
} from './draftSync.socket';

/** The drafts feature's live part, one per server: the hub and the Socket.IO server it relays through. */
export interface DraftRuntime {
  readonly hub: DraftHub;
  readonly io: Server;
  readonly socketContext: DraftSocketContext;
  /** Applies a lock change to the members of a loaded draft and tells its room. */
  lockChanged(draft: DraftDto): void;
}

const runtimes = new WeakMap<object, DraftRuntime>();

/**
 * Creates the drafts runtime for a server (called once by `createRealtime`): the hub and role-change
 * handling from the event bus. `flushDrafts` closes it.
 */
export function attachDrafts(io: Server, ctx: ServerContext, options: DraftHubOptions = {}): DraftRuntime {
  const logger = ctx.logger.child({ feature: 'drafts' });
  const hub = new DraftHub(socketEmitter(io), logger, { onContributor: addContributor, ...options });
  const runtime: DraftRuntime = {
    hub,
    io,
    socketContext: { hub, logger, roleOf: workspaceRoleLookup },
    lockChanged(draft) {
      const room = hub.loadedRoom(draft.id);
      if (room?.meta) room.meta.locked = draft.locked;
      const removed = hub.setAccess(draft.id, (member) =>
        draftAccessFor(member.role, { locked: draft.locked }),
      );
      evictFromDraft(io, hub, draft.id, removed);
      io.to(draftRooms.draft(draft.id)).emit('draft:updated', draft);
    },
  };
  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.type !== 'member.changed') return;
    for (const room of hub.loadedRooms()) {
      if (room.meta?.workspaceId !== event.workspaceId) continue;
      const locked = room.meta.locked;
      const removed = hub.setAccess(room.draftId, (member) => {
        if (member.userId === event.userId) member.role = event.role;
        return draftAccessFor(member.role, { locked });
      });
      evictFromDraft(io, hub, room.draftId, removed);
    }
  });
  io.httpServer?.once('close', () => unsubscribe());
  runtimes.set(ctx, runtime);
  return runtime;
}

/**
 * Flushes pending appends and compacts every open draft; `createServer().close()` awaits it before the
 * database is closed, so a clean shutdown leaves compact drafts (the update log alone is already durable).
 */
export async function flushDrafts(ctx: ServerContext): Promise<void> {
  const runtime = runtimes.get(ctx);
  if (!runtime) return;
  try {
    await runtime.hub.close();
  } catch (error) {
    ctx.logger.warn({ err: error }, 'draft shutdown flush failed');
  }
}

/** Registers the draft events on a newly connected, authenticated socket. */
export function registerDraftEvents(socket: Socket, runtime: DraftRuntime): void {
  registerDraftSocket(socket, runtime.socketContext);
}

/** The runtime attached to this server's context (routes use it to relay restores, locks, releases). */
export function draftRuntime(ctx: ServerContext): DraftRuntime {
  const runtime = runtimes.get(ctx);
  if (!runtime) throw unavailable('Drafts are not available on this server');
  return runtime;
}
