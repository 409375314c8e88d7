/**
 * The engine core independent of sockets: store + cursors + persistence wiring (load, commit, compaction)
 * and the TTL sweeper. `wire/server.ts` feeds it commands.
 */
import type { Document } from 'bson';
import { Cursors } from './commands/cursors';
import type { ConnectionInfo, EngineContext } from './commands/context';
import { runCommand } from './commands';
import { Store } from './storage/store';
import { compareValues } from './storage/values';
import type { Effect, EngineLogger, Persistence } from './types';

/**
 * Journal size that triggers compaction. Kept small enough that replay after a crash (about twice as
 * slow per document as loading a snapshot) stays within a few seconds of start-up.
 */
export const COMPACT_THRESHOLD = 16 * 1024 * 1024;
const TTL_INTERVAL_MS = 60_000;
const CURSOR_SWEEP_MS = 60_000;
/**
 * Quiet period after start-up before deferred indexes are built in the background. Each build is one
 * synchronous step (about half a second for 90k documents on a busy 2-core box), so starting at once
 * made the first clients after a restart wait behind it; an index a query needs is built on first use.
 */
const DEFERRED_INDEX_DELAY_MS = 1000;

/** Persistence that keeps nothing (in-memory mode). */
export const memoryPersistence: Persistence = {
  load: () => Promise.resolve({ snapshot: null, journal: [] }),
  commit: () => Promise.resolve(),
  journalBytes: () => 0,
  compact: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

export class Core implements EngineContext {
  readonly store = new Store();
  readonly cursors = new Cursors();
  readonly startedAt = Date.now();
  private compacting: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private failed: Error | null = null;
  connectionCount = 0;

  constructor(
    readonly persistence: Persistence,
    readonly logger: EngineLogger,
    private readonly compactThreshold = COMPACT_THRESHOLD,
  ) {}

  connections(): number {
    return this.connectionCount;
  }

  async load(): Promise<void> {
    const t0 = Date.now();
    const state = await this.persistence.load();
    const t1 = Date.now();
    if (state.snapshot) this.store.load(state.snapshot);
    const t2 = Date.now();
    let effects = 0;
    for (const record of state.journal) {
      for (const e of record) {
        try {
          this.store.apply(e);
        } catch (err) {
          this.logger.warn('journal effect could not be replayed', {
            op: e.op,
            error: err instanceof Error ? err.message : String(err),
          });
        }
        effects++;
      }
    }
    let docs = 0;
    for (const d of this.store.dbs.values()) for (const c of d.values()) docs += c.docs.size;
    this.logger.info('engine state loaded', {
      documents: docs,
      journalRecords: state.journal.length,
      effects,
      ms: Date.now() - t0,
      readMs: t1 - t0,
      buildMs: t2 - t1,
    });
  }

  /** Materialises indexes deferred at start-up, in the background after `delayMs` (ms) of start-up. */
  buildDeferredIndexes(delayMs = DEFERRED_INDEX_DELAY_MS): void {
    const timer = setTimeout(() => this.buildDeferredIndexesNow(), delayMs);
    timer.unref();
    this.timers.push(timer);
  }

  private buildDeferredIndexesNow(): void {
    const t0 = Date.now();
    this.store.buildPendingIndexes().then(
      (n) => {
        if (n > 0) this.logger.info('deferred indexes built', { indexes: n, ms: Date.now() - t0 });
      },
      (err: unknown) =>
        this.logger.error('deferred index build failed', {
          error: err instanceof Error ? err.message : String(err),
        }),
    );
  }

  startTimers(ttlIntervalMs = TTL_INTERVAL_MS): void {
    const ttl = setInterval(() => void this.sweepTtl(), ttlIntervalMs);
    const cur = setInterval(() => this.cursors.sweep(), CURSOR_SWEEP_MS);
    ttl.unref();
    cur.unref();
    this.timers.push(ttl, cur);
  }

  async commit(effects: Effect[]): Promise<void> {
    if (effects.length === 0) return;
    if (this.failed) throw this.failed;
    try {
      await this.persistence.commit(effects);
    } catch (err) {
      this.failed = err instanceof Error ? err : new Error(String(err));
      this.logger.error('journal commit failed; engine refuses further writes', {
        error: this.failed.message,
      });
      throw this.failed;
    }
    if (!this.compacting && this.persistence.journalBytes() > this.compactThreshold) this.startCompaction();
  }

  private startCompaction(): void {
    const t0 = Date.now();
    this.compacting = this.persistence
      .compact(() => this.store.snapshot())
      .then(
        () => this.logger.info('journal compacted', { ms: Date.now() - t0 }),
        (err: unknown) =>
          this.logger.error('compaction failed', { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        this.compacting = null;
      });
  }

  run(db: string, cmd: Document, conn: ConnectionInfo, bytes = 0): Promise<Document> {
    return runCommand(this, db, cmd, conn, bytes);
  }

  /** Deletes documents whose TTL field is older than expireAfterSeconds. */
  async sweepTtl(now = Date.now()): Promise<void> {
    const effects: Effect[] = [];
    for (const colls of this.store.dbs.values()) {
      for (const coll of colls.values()) {
        for (const ix of coll.btrees()) {
          if (ix.ttlSeconds === undefined || ix.fields.length !== 1) continue;
          const cutoff = new Date(now - ix.ttlSeconds * 1000);
          const expired: string[] = [];
          for (const e of ix.entries.all()) {
            const v = e.k[0];
            if (!(v instanceof Date)) continue;
            if (compareValues(v, cutoff) < 0) expired.push(e.id);
          }
          for (const id of new Set(expired)) {
            const doc = coll.get(id);
            if (doc && coll.delete(id))
              effects.push({ op: 'delete', db: coll.db, coll: coll.name, id: doc._id });
          }
        }
      }
    }
    if (effects.length) {
      try {
        await this.commit(effects);
        this.logger.debug('ttl sweep', { deleted: effects.length });
      } catch {
        /* logged by commit */
      }
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.cursors.clear();
    if (this.compacting) await this.compacting;
    if (!this.failed) {
      try {
        await this.persistence.compact(() => this.store.snapshot());
      } catch (err) {
        this.logger.error('final compaction failed', {
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    await this.persistence.close();
  }
}
