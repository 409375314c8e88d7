import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { PresenceDto, PresenceEntryDto } from '@polos/shared';
import type { ServerContext } from '../../context';
import type { RedisClient } from '../../lib/redis';
import type { PresenceChanged } from './events';

/**
 * Who is present in which block (volatile, in memory, this process's sockets only). A user with several sockets in a
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

/**
 * Who is present in which block, as every command sees it: one process's tracker, or the cluster's view in
 * Redis. `join`/`leave` resolve with the block's new list when it changed (a user's first socket joined, or
 * their last one left — on any process), otherwise null.
 */
export interface PresenceStore {
  join(blockId: string, socketId: string, entry: PresenceEntryDto): Promise<PresenceDto | null>;
  leave(blockId: string, socketId: string, userId: string): Promise<PresenceDto | null>;
  list(blockId: string): Promise<PresenceDto>;
  /** Blocks with someone present through this process (for leak checks). */
  readonly size: number;
  /** Stops the heartbeat and removes this process's entries (Redis). */
  close(): Promise<void>;
}

/** One process: the tracker is the whole truth. */
class MemoryPresence implements PresenceStore {
  private readonly tracker = new PresenceTracker();
  join(blockId: string, socketId: string, entry: PresenceEntryDto) {
    return Promise.resolve(this.tracker.join(blockId, socketId, entry));
  }
  leave(blockId: string, socketId: string, userId: string) {
    return Promise.resolve(this.tracker.leave(blockId, socketId, userId));
  }
  list(blockId: string) {
    return Promise.resolve(this.tracker.list(blockId));
  }
  get size() {
    return this.tracker.size;
  }
  close() {
    return Promise.resolve();
  }
}

const KEY = 'polos:presence';
/** Hash per block: field `<node>|<socketId>` → JSON PresenceEntryDto. */
const blockKey = (blockId: string) => `${KEY}:block:${blockId}`;
/** Set of blocks in which a node has entries (what to clean when it dies). */
const nodeBlocksKey = (node: string) => `${KEY}:node-blocks:${node}`;
/** Exists while the node is alive (expires after 3 missed heartbeats). */
const aliveKey = (node: string) => `${KEY}:alive:${node}`;
/** Set of every node that ever registered and was not swept yet. */
const NODES_KEY = `${KEY}:nodes`;

/** Builds a block's list from its hash (a user with several sockets, on any process, is listed once). */
function listFromHash(blockId: string, hash: Record<string, string>): PresenceDto {
  const users = new Map<string, PresenceEntryDto>();
  for (const json of Object.values(hash)) {
    const entry = JSON.parse(json) as PresenceEntryDto;
    users.set(entry.userId, entry);
  }
  return { blockId, users: [...users.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

const hasUser = (hash: Record<string, string>, userId: string) =>
  Object.values(hash).some((json) => (JSON.parse(json) as PresenceEntryDto).userId === userId);

/**
 * Several processes (REDIS_URL): each socket's entry is a field of the block's Redis hash, written and read back
 * in one MULTI, so of two sockets of one user joining on two processes at once exactly one sees itself first
 * (and announces the change). A process proves it is alive with a heartbeat key (TTL 3 beats); every process
 * sweeps the entries of nodes whose key expired (a `kill -9`) and announces the blocks' new lists. After Redis
 * lost its data (a restart without persistence) each process writes its sockets' entries back and announces
 * them. Choice and alternatives: ARCHITECTURE.md, "Several processes".
 */
class RedisPresence implements PresenceStore {
  private readonly local = new PresenceTracker();
  /** This process's sockets: socketId → where and who (to write back after a Redis restart). */
  private readonly sockets = new Map<string, { blockId: string; entry: PresenceEntryDto }>();
  private readonly node = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly timer: NodeJS.Timeout;
  private readonly onReady: () => void;
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly ctx: ServerContext,
    private readonly heartbeatMs: number,
  ) {
    this.timer = setInterval(() => void this.beat(), heartbeatMs);
    this.timer.unref();
    let first = true;
    this.onReady = () => {
      if (first) return void (first = false);
      void this.restore();
    };
    redis.on('ready', this.onReady);
    void this.beat();
  }

  get size() {
    return this.local.size;
  }

  private field(socketId: string) {
    return `${this.node}|${socketId}`;
  }

  async join(blockId: string, socketId: string, entry: PresenceEntryDto): Promise<PresenceDto | null> {
    this.local.join(blockId, socketId, entry);
    this.sockets.set(socketId, { blockId, entry });
    const [, , hash] = await this.redis
      .multi()
      .hSet(blockKey(blockId), this.field(socketId), JSON.stringify(entry))
      .sAdd(nodeBlocksKey(this.node), blockId)
      .hGetAll(blockKey(blockId))
      .exec();
    const all = hash as unknown as Record<string, string>;
    const others = { ...all };
    delete others[this.field(socketId)];
    return hasUser(others, entry.userId) ? null : listFromHash(blockId, all);
  }

  async leave(blockId: string, socketId: string, userId: string): Promise<PresenceDto | null> {
    this.local.leave(blockId, socketId, userId);
    this.sockets.delete(socketId);
    const [removed, hash] = await this.redis
      .multi()
      .hDel(blockKey(blockId), this.field(socketId))
      .hGetAll(blockKey(blockId))
      .exec();
    if (!removed) return null;
    const all = hash as unknown as Record<string, string>;
    return hasUser(all, userId) ? null : listFromHash(blockId, all);
  }

  async list(blockId: string): Promise<PresenceDto> {
    return listFromHash(blockId, await this.redis.hGetAll(blockKey(blockId)));
  }

  /** Heartbeat, then sweep dead nodes. Errors (Redis down) wait for the next beat. */
  private async beat(): Promise<void> {
    if (this.closed || !this.redis.isReady) return;
    try {
      await this.redis
        .multi()
        .set(aliveKey(this.node), '1', { PX: this.heartbeatMs * 3 })
        .sAdd(NODES_KEY, this.node)
        .exec();
      await this.sweep();
    } catch (error) {
      this.ctx.logger.debug({ err: error }, 'presence heartbeat failed');
    }
  }

  private async sweep(): Promise<void> {
    for (const node of await this.redis.sMembers(NODES_KEY)) {
      if (node === this.node || (await this.redis.exists(aliveKey(node)))) continue;
      for (const blockId of await this.redis.sMembers(nodeBlocksKey(node))) {
        const prefix = `${node}|`;
        const fields = (await this.redis.hKeys(blockKey(blockId))).filter((f) => f.startsWith(prefix));
        if (fields.length === 0) continue;
        const [removed, hash] = await this.redis
          .multi()
          .hDel(blockKey(blockId), fields)
          .hGetAll(blockKey(blockId))
          .exec();
        // Another process may have swept it first; only the one that removed entries announces.
        if (removed) this.announce(listFromHash(blockId, hash as unknown as Record<string, string>));
      }
      await this.redis.multi().del(nodeBlocksKey(node)).sRem(NODES_KEY, node).exec();
      this.ctx.logger.info({ node }, 'presence: swept the entries of a process that stopped');
    }
  }

  /** After Redis came back empty: write this process's entries back and announce its blocks. */
  private async restore(): Promise<void> {
    if (this.closed) return;
    try {
      const blocks = new Set<string>();
      const multi = this.redis.multi();
      multi.set(aliveKey(this.node), '1', { PX: this.heartbeatMs * 3 }).sAdd(NODES_KEY, this.node);
      for (const [socketId, { blockId, entry }] of this.sockets) {
        multi.hSet(blockKey(blockId), this.field(socketId), JSON.stringify(entry));
        multi.sAdd(nodeBlocksKey(this.node), blockId);
        blocks.add(blockId);
      }
      await multi.exec();
      for (const blockId of blocks) this.announce(await this.list(blockId));
    } catch (error) {
      this.ctx.logger.warn({ err: error }, 'presence: could not restore entries after a Redis reconnect');
    }
  }

  private announce(presence: PresenceDto): void {
    const event: PresenceChanged = { type: 'presence.changed', presence };
    this.ctx.bus.publish(event);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.redis.off('ready', this.onReady);
    if (!this.redis.isReady) return;
    try {
      const multi = this.redis.multi();
      for (const [socketId, { blockId }] of this.sockets) multi.hDel(blockKey(blockId), this.field(socketId));
      multi.del(aliveKey(this.node)).del(nodeBlocksKey(this.node)).sRem(NODES_KEY, this.node);
      await multi.exec();
    } catch (error) {
      this.ctx.logger.debug({ err: error }, 'presence: could not remove entries at shutdown');
    }
  }
}

const stores = new WeakMap<object, PresenceStore>();

/** The presence store of one server (keyed by its context; created on first use): Redis when configured. */
export function presenceOf(ctx: ServerContext): PresenceStore {
  let store = stores.get(ctx);
  if (!store) {
    store = ctx.redis
      ? new RedisPresence(ctx.redis, ctx, ctx.config.presenceHeartbeatMs)
      : new MemoryPresence();
    stores.set(ctx, store);
  }
  return store;
}
