import type { DraftDto } from '@polos/shared';
import type { ServerContext } from '../../context';
import { unavailable } from '../../lib/errors';
import type { MemberChanged } from '../workspaces/events';
import { draftAccessFor, workspaceRoleLookup } from './draftAccess';
import { DraftHub, type DraftEmitter, type DraftHubOptions } from './draftHub';
import { addContributor, recordDraftEdit } from './draft.service';
import { DraftSockets } from './draftSync.socket';
import { createRedisDraftRelay } from './draftRelay.redis';
import type { DraftEmission, DraftsEvent } from './events';

/** The drafts feature's live part, one per server: the hub and the draft commands' per-socket state. */
export interface DraftRuntime {
  readonly hub: DraftHub;
  readonly sockets: DraftSockets;
  /** Applies a lock change to the members of a loaded draft and tells its room. */
  lockChanged(draft: DraftDto): void;
  /** Stops listening and flushes and compacts every open draft. */
  close(): Promise<void>;
}

const runtimes = new WeakMap<ServerContext, DraftRuntime>();

/** The hub's emitter: publishes `draft.relayed` on the event bus (the broadcaster delivers it). */
function busEmitter(ctx: ServerContext): DraftEmitter {
  return {
    emit(target, ...emission) {
      const event: DraftsEvent = {
        type: 'draft.relayed',
        target,
        emission: emission as unknown as DraftEmission,
      };
      ctx.bus.publish(event);
    },
  };
}

/**
 * Builds the drafts runtime of one server (called by the drafts feature's `setup`, i.e. by `createServer` for
 * the app, the test harness and the bench alike): the hub, the draft commands, and access recomputation on
 * `member.changed`.
 */
export function createDraftRuntime(ctx: ServerContext, options: DraftHubOptions = {}): DraftRuntime {
  const logger = ctx.logger.child({ feature: 'drafts' });
  // Several processes (REDIS_URL): each applies the others' accepted updates to its own copy of a draft.
  const relay = ctx.redis
    ? createRedisDraftRelay(ctx.redis, logger, ctx.config.presenceHeartbeatMs)
    : undefined;
  const hub = new DraftHub(busEmitter(ctx), logger, {
    onContributor: addContributor,
    onEdit: recordDraftEdit,
    provenanceSecret: ctx.config.sessionSecret,
    relay,
    // The log writer's own connection (worker thread); empty where a harness connected mongoose itself.
    logUri: ctx.db.uri || undefined,
    ...options,
  });
  const publish = (...events: DraftsEvent[]): void => ctx.bus.publish(...events);
  const revoke = (draftId: string, socketIds: string[]): void => {
    for (const socketId of socketIds) hub.removeMember(draftId, socketId);
    if (socketIds.length > 0) publish({ type: 'draft.accessRevoked', draftId, socketIds });
  };
  const unsubscribe = ctx.bus.on<MemberChanged>('member.changed', (event) => {
    for (const room of hub.loadedRooms()) {
      if (room.meta?.workspaceId !== event.workspaceId) continue;
      const locked = room.meta.locked;
      const removed = hub.setAccess(room.draftId, (member) => {
        if (member.userId === event.userId) member.role = event.role;
        return draftAccessFor(member.role, { locked });
      });
      revoke(room.draftId, removed);
    }
  });
  const runtime: DraftRuntime = {
    hub,
    sockets: new DraftSockets({ hub, roleOf: workspaceRoleLookup }),
    lockChanged(draft) {
      const room = hub.loadedRoom(draft.id);
      if (room?.meta) room.meta.locked = draft.locked;
      const removed = hub.setAccess(draft.id, (member) =>
        draftAccessFor(member.role, { locked: draft.locked }),
      );
      revoke(draft.id, removed);
      publish({ type: 'draft.updated', draft });
    },
    async close() {
      unsubscribe();
      try {
        await hub.close();
      } catch (error) {
        logger.warn({ err: error }, 'draft shutdown flush failed');
      }
      await relay?.close();
    },
  };
  runtimes.set(ctx, runtime);
  return runtime;
}

/** The drafts runtime of this server (routes use it to relay restores, locks, releases). */
export function draftRuntime(ctx: ServerContext): DraftRuntime {
  const runtime = runtimes.get(ctx);
  if (!runtime) throw unavailable('Drafts are not available on this server');
  return runtime;
}
