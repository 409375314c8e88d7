/**
 * Contracts between the embedded engine's parts. The engine imports nothing from the app.
 *
 * Layering: `wire/` (framing, OP_MSG/OP_QUERY) → `commands/` (MongoDB command semantics, cursors)
 * → `storage/` (in-memory collections and indexes) → `persistence/` (journal + snapshot on disk).
 */
import type { Document } from 'bson';

/** Minimal logger the engine writes to; the app adapts pino to it, the CLI prints to stderr. */
export interface EngineLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface EmbeddedEngineOptions {
  /** Interface to bind. Default 127.0.0.1 (never expose the engine beyond loopback by default). */
  host?: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Directory for snapshot + journal. Undefined = in-memory only (fast tests, nothing on disk). */
  dataDir?: string;
  logger?: EngineLogger;
  /** How often TTL indexes are swept (default 60 000 ms, like mongod's TTL monitor). */
  ttlMonitorIntervalMs?: number;
}

export interface EmbeddedEngine {
  /** e.g. mongodb://127.0.0.1:27018 */
  readonly uri: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting, closes connections, flushes and closes the journal, releases the lock. */
  close(): Promise<void>;
}

/** Options a collection was created with (capped collections and views are refused). */
export interface CollectionOptions {
  validator?: Document;
  [key: string]: unknown;
}

/** An index as listIndexes reports it (`v`, `key`, `name`, plus options). */
export interface IndexSpec {
  v?: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  weights?: Document;
  default_language?: string;
  language_override?: string;
  textIndexVersion?: number;
  collation?: Document;
  [key: string]: unknown;
}

/**
 * One durable effect. A write command produces a list of effects that is committed to the journal as
 * ONE record (checksummed), so replay never sees half of a document change. Documents are stored whole
 * (post-image), never as update operators, so replay is deterministic.
 */
export type Effect =
  | { op: 'insert'; db: string; coll: string; doc: Document }
  | { op: 'replace'; db: string; coll: string; id: unknown; doc: Document }
  | { op: 'delete'; db: string; coll: string; id: unknown }
  | { op: 'createCollection'; db: string; coll: string; options?: CollectionOptions }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'renameCollection'; db: string; coll: string; toDb: string; toColl: string }
  | { op: 'createIndex'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'dropDatabase'; db: string };

/** Whole engine state as written to a snapshot. Documents in natural (insertion) order. */
export interface SnapshotData {
  databases: Array<{
    name: string;
    collections: Array<{
      name: string;
      options: CollectionOptions;
      indexes: IndexSpec[];
      documents: Document[];
    }>;
  }>;
}

/** What persistence hands the engine at start-up: last snapshot, then the journal tail to replay. */
export interface LoadedState {
  snapshot: SnapshotData | null;
  /** Records after the snapshot, in order; each inner array is one committed write. */
  journal: Effect[][];
}

export interface Persistence {
  /** Reads snapshot + journal (cutting a torn/corrupt tail back to the last valid record, with a warning). */
  load(): Promise<LoadedState>;
  /**
   * Appends one record holding `effects` and resolves once it is fsynced. Concurrent commits share
   * flushes (group commit). Callers reply to the client only after this resolves.
   */
  commit(effects: Effect[]): Promise<void>;
  /** Bytes in the current journal; the engine decides when to compact. */
  journalBytes(): number;
  /**
   * Writes `state()` as a new snapshot atomically (temp file, fsync, rename, fsync dir) and starts a new
   * journal; records committed while compacting end up in the new journal, never lost.
   */
  compact(state: () => SnapshotData): Promise<void>;
  /** Flushes, closes files and releases the data-dir lock. */
  close(): Promise<void>;
}
