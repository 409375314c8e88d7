/**
 * Durable storage for the embedded engine: data-dir lock, append-only journal with group commit,
 * atomic snapshots and compaction. File layout and guarantees: ./README.md.
 */
import { mkdir, open, readdir, rename, truncate, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Effect, EngineLogger, LoadedState, Persistence, SnapshotData } from '../types';
import { encodeRecord, FrameReader } from './framing';
import { fsyncDir } from './fsutil';
import { acquireLock, type DataDirLock } from './lock';
import { readSnapshot, writeSnapshot, type SnapshotWriteStats } from './snapshot';

export interface PersistenceOptions {
  dataDir: string;
  logger: EngineLogger;
}

const JOURNAL_RE = /^journal-(\d{10})\.log$/;
const journalName = (seq: number): string => `journal-${String(seq).padStart(10, '0')}.log`;

interface JournalFile {
  seq: number;
  path: string;
  handle: FileHandle;
  /** Bytes durably written (or being written) to this file. */
  size: number;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

interface Batch {
  file: JournalFile;
  records: Buffer[];
  bytes: number;
  waiters: Waiter[];
  /** Taken by the writer: later commits start a new batch. */
  started: boolean;
  done: Promise<void>;
  settle(error?: Error): void;
}

/** Opens (creating if needed) and locks `dataDir`. Call `load()` before `commit()`. */
export async function openPersistence(options: PersistenceOptions): Promise<Persistence> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireLock(dataDir, options.logger);
  return new FilePersistence(dataDir, options.logger, lock);
}

class FilePersistence implements Persistence {
  private journal: JournalFile | undefined;
  private readonly batches: Batch[] = [];
  private writing = false;
  private failure: Error | undefined;
  private loaded = false;
  private closed = false;
  private compaction: Promise<void> | undefined;
  /** `journalSeq` of the snapshot on disk (0: none): journals from it on are live. */
  private snapshotSeq = 0;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    private readonly logger: EngineLogger,
    private readonly lock: DataDirLock,
  ) {}

  async load(): Promise<LoadedState> {
    if (this.loaded) throw new Error('persistence: load() may only be called once');
    if (this.closed) throw new Error('persistence: closed');
    const snapshot = await readSnapshot(this.dir);
    const firstSeq = snapshot ? snapshot.journalSeq : 1;
    this.snapshotSeq = snapshot ? snapshot.journalSeq : 0;
    const names = await readdir(this.dir);
    const journals = names
      .map((name) => ({ name, match: JOURNAL_RE.exec(name) }))
      .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
      .map((entry) => ({ seq: Number(entry.match[1]), path: path.join(this.dir, entry.name) }))
      .sort((a, b) => a.seq - b.seq);

    const records: Effect[][] = [];
    let appendTo: { seq: number; path: string; size: number } | undefined;
    let corrupt = false;
    let removed = false;
    for (const journal of journals) {
      if (journal.seq < firstSeq) {
        // Left over from a compaction that finished its snapshot but crashed before deleting it.
        this.logger.info('removing journal already covered by the snapshot', { file: journal.path });
        await unlink(journal.path);
        removed = true;
        continue;
      }
      if (corrupt) {
        const aside = `${journal.path}.discarded-${Date.now()}`;
        this.logger.error('journal follows a corrupt record and is not trusted; moved aside', {
          file: journal.path,
          movedTo: aside,
        });
        await rename(journal.path, aside);
        removed = true;
        continue;
      }
      const size = await this.readJournal(journal.path, records);
      if (size.corruptAt !== undefined) {
        corrupt = true;
        await truncate(journal.path, size.corruptAt);
        const handle = await open(journal.path, 'r+');
        await handle.sync();
        await handle.close();
      }
      appendTo = { seq: journal.seq, path: journal.path, size: size.validBytes };
    }
    if (removed) await fsyncDir(this.dir);

    if (!appendTo || appendTo.seq < firstSeq) {
      const seq = Math.max(firstSeq, 1);
      appendTo = { seq, path: path.join(this.dir, journalName(seq)), size: 0 };
    }
    const handle = await open(appendTo.path, 'a', 0o644);
    await fsyncDir(this.dir);
    this.journal = { seq: appendTo.seq, path: appendTo.path, handle, size: appendTo.size };
    this.loaded = true;
    this.logger.info('persistence loaded', {
      dataDir: this.dir,
      snapshotCollections: snapshot
        ? snapshot.data.databases.reduce((n, d) => n + d.collections.length, 0)
        : 0,
      journalRecords: records.length,
    });
    return { snapshot: snapshot ? snapshot.data : null, journal: records };
  }

  /** Appends every valid record of one journal to `out`; reports where a corrupt tail starts. */
  private async readJournal(
    file: string,
    out: Effect[][],
  ): Promise<{ validBytes: number; corruptAt?: number }> {
    const handle = await open(file, 'r');
    try {
      const reader = new FrameReader(handle);
      let validBytes = 0;
      for (;;) {
        const frame = await reader.next();
        if (frame.kind === 'end') return { validBytes };
        let reason: string | undefined;
        if (frame.kind === 'invalid') reason = frame.reason;
        else if (!Array.isArray(frame.doc.effects)) reason = 'record without effects';
        if (reason !== undefined || frame.kind !== 'record') {
          const { size } = await handle.stat();
          this.logger.warn('journal has a torn or corrupt tail; cutting it back to the last valid record', {
            file,
            reason,
            validBytes: frame.offset,
            droppedBytes: size - frame.offset,
          });
          return { validBytes: frame.offset, corruptAt: frame.offset };
        }
        out.push(frame.doc.effects as Effect[]);
        validBytes = frame.next;
      }
    } finally {
      await handle.close();
    }
  }

  commit(effects: Effect[]): Promise<void> {
    if (this.closed || this.closing) return Promise.reject(new Error('persistence: closed'));
    if (this.failure)
      return Promise.reject(new Error(`persistence: journal failed earlier: ${this.failure.message}`));
    if (!this.loaded || !this.journal)
      return Promise.reject(new Error('persistence: load() must be called before commit()'));
    let record: Buffer;
    try {
      // Serialised now: later in-memory changes to these documents cannot leak into this record.
      record = encodeRecord({ effects });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const batch = this.openBatch(this.journal);
    batch.records.push(record);
    batch.bytes += record.length;
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  private openBatch(file: JournalFile): Batch {
    const last = this.batches[this.batches.length - 1];
    if (last && !last.started && last.file === file) return last;
    let settle!: (error?: Error) => void;
    const done = new Promise<void>((resolve) => {
      settle = () => resolve();
    });
    const batch: Batch = { file, records: [], bytes: 0, waiters: [], started: false, done, settle };
    this.batches.push(batch);
    return batch;
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = true;
    void this.writeLoop().finally(() => {
      this.writing = false;
      // A commit may have slipped in after the loop saw an empty queue.
      if (this.batches.length && !this.failure) this.kick();
    });
  }

  private async writeLoop(): Promise<void> {
    while (this.batches.length) {
      const batch = this.batches[0];
      batch.started = true;
      try {
        if (this.failure) throw this.failure;
        if (batch.records.length) {
          await writeAll(batch.file.handle, batch.records, batch.bytes);
          batch.file.size += batch.bytes;
          await batch.file.handle.datasync();
        }
        this.batches.shift();
        for (const waiter of batch.waiters) waiter.resolve();
        batch.settle();
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (!this.failure)
          this.logger.error('journal write failed; no further writes are accepted', {
            error: failure.message,
          });
        this.failure = failure;
        this.batches.shift();
        for (const waiter of batch.waiters) waiter.reject(failure);
        batch.settle(failure);
      }
    }
  }

  journalBytes(): number {
    const journal = this.journal;
    if (!journal) return 0;
    let bytes = journal.size;
    for (const batch of this.batches) if (batch.file === journal && !batch.started) bytes += batch.bytes;
    return bytes;
  }

  compact(state: () => SnapshotData): Promise<void> {
    if (!this.loaded || !this.journal)
      return Promise.reject(new Error('persistence: load() must be called before compact()'));
    if (this.closed || this.closing) return Promise.reject(new Error('persistence: closed'));
    // Compactions never overlap: a second request waits for the running one, then runs.
    const previous = this.compaction ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.runCompaction(state));
    this.compaction = run;
    void run
      .catch(() => undefined)
      .finally(() => {
        if (this.compaction === run) this.compaction = undefined;
      });
    return run;
  }

  private async runCompaction(state: () => SnapshotData): Promise<void> {
    if (this.failure) throw new Error(`persistence: journal failed earlier: ${this.failure.message}`);
    const oldJournal = this.journal!;
    if (oldJournal.seq === this.snapshotSeq && oldJournal.size === 0 && !this.batches.length) {
      // Nothing was committed since the snapshot on disk was taken: it already is the current state.
      this.logger.debug('compaction skipped: snapshot is current', { journalSeq: oldJournal.seq });
      return;
    }
    const newSeq = oldJournal.seq + 1;
    const newPath = path.join(this.dir, journalName(newSeq));
    const handle = await open(newPath, 'w', 0o644);
    await fsyncDir(this.dir);
    // Rotation point. Synchronously: commits from now on go to journal N+1, and the snapshot is taken of
    // the state that holds exactly the effects committed to journals ≤ N (the engine applies a write in
    // memory and calls commit() in the same synchronous step).
    this.journal = { seq: newSeq, path: newPath, handle, size: 0 };
    const stateStarted = performance.now();
    const data = state();
    const stateMs = performance.now() - stateStarted;
    this.logger.info('compaction started', { journalSeq: newSeq, stateMs: Math.round(stateMs * 10) / 10 });
    const started = Date.now();
    let stats: SnapshotWriteStats;
    try {
      stats = await writeSnapshot(this.dir, data, newSeq);
    } catch (error) {
      // The old snapshot and journal N are intact (both stay live); journal N+1 continues after them.
      this.logger.error('snapshot failed; journal kept', { error: (error as Error).message });
      await this.settled(oldJournal);
      await oldJournal.handle.close().catch(() => undefined);
      throw error;
    }
    // The snapshot covers journal N (and any journal a failed compaction left before it): once N's
    // pending batches are durable, delete them.
    await this.settled(oldJournal);
    await oldJournal.handle.close();
    for (const name of await readdir(this.dir)) {
      const match = JOURNAL_RE.exec(name);
      if (match && Number(match[1]) < newSeq) await unlink(path.join(this.dir, name));
    }
    await fsyncDir(this.dir);
    this.snapshotSeq = newSeq;
    this.logger.info('compaction finished', {
      journalSeq: newSeq,
      ms: Date.now() - started,
      stateMs: Math.round(stateMs * 10) / 10,
      bytes: stats.bytes,
      documents: stats.documents,
      slices: stats.slices,
      longestSliceMs: Math.round(stats.longestSliceMs * 10) / 10,
      longestSliceAt: stats.longestSliceAt,
      longestSliceCpuMs: Math.round(stats.longestSliceCpuMs * 10) / 10,
      cpuMs: Math.round(stats.cpuMs),
    });
  }

  /** Resolves once every batch bound for `file` has been written (or failed). */
  private async settled(file: JournalFile): Promise<void> {
    await Promise.all(this.batches.filter((batch) => batch.file === file).map((batch) => batch.done));
  }

  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    if (this.compaction) await this.compaction.catch(() => undefined);
    await Promise.all(this.batches.map((batch) => batch.done));
    this.closed = true;
    if (this.journal) {
      await this.journal.handle.close().catch(() => undefined);
      this.journal = undefined;
    }
    await this.lock.release();
  }
}

async function writeAll(handle: FileHandle, buffers: Buffer[], total: number): Promise<void> {
  // One system call for the whole group; fall back to a single buffer for large groups or short writes.
  if (buffers.length <= 64) {
    const { bytesWritten } = await handle.writev(buffers);
    if (bytesWritten === total) return;
    const rest = Buffer.concat(buffers, total).subarray(bytesWritten);
    return writeRest(handle, rest);
  }
  return writeRest(handle, Buffer.concat(buffers, total));
}

async function writeRest(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}
