import type { PresenceDto, PresenceEntryDto } from '@polos/shared';

/**
 * Who is present in which block (volatile, in memory, per server). A user with several sockets in a
 * block is listed once until the last one leaves.
 */
export class PresenceTracker {
  private readonly blocks = new Map<string, Map<string, { entry: PresenceEntryDto; sockets: Set<string> }>>();

  /** Adds the socket; returns the new list, or null when the list did not change. */
  join(blockId: string, socketId: string, entry: PresenceEntryDto): PresenceDto | null {
    let users = this.blocks.get(blockId);
    if (!users) {
      users = new Map();
      this.blocks.set(blockId, users);
    }
    const existing = users.get(entry.userId);
    if (existing) {
      existing.sockets.add(socketId);
      return null;
    }
    users.set(entry.userId, { entry, sockets: new Set([socketId]) });
    return this.list(blockId);
  }

  /** Removes the socket; returns the new list, or null when the list did not change. */
  leave(blockId: string, socketId: string, userId: string): PresenceDto | null {
    const users = this.blocks.get(blockId);
    const existing = users?.get(userId);
    if (!users || !existing) return null;
    existing.sockets.delete(socketId);
    if (existing.sockets.size > 0) return null;
    users.delete(userId);
    if (users.size === 0) this.blocks.delete(blockId);
    return this.list(blockId);
  }

  list(blockId: string): PresenceDto {
    const users = this.blocks.get(blockId);
    return {
      blockId,
      users: users
        ? [...users.values()].map((u) => u.entry).sort((a, b) => a.name.localeCompare(b.name))
        : [],
    };
  }

  /** Number of blocks with someone present (for leak checks). */
  get size(): number {
    return this.blocks.size;
  }
}

const trackers = new WeakMap<object, PresenceTracker>();

/** The presence tracker of one server (keyed by its context; created on first use). */
export function presenceOf(ctx: object): PresenceTracker {
  let tracker = trackers.get(ctx);
  if (!tracker) {
    tracker = new PresenceTracker();
    trackers.set(ctx, tracker);
  }
  return tracker;
}
