/**
 * Snapshot file: a sequence of framed BSON records (see framing.ts):
 *   { t: 'header', version: 1, journalSeq, createdAt }
 *   { t: 'db', name }                                     one per database
 *   { t: 'coll', db, name, options, indexes }             one per collection, before its documents
 *   { t: 'docs', db, coll, docs: [...] }                  chunks of ≤ 500 documents / ≤ 128 KiB (or one bigger document)
 *   { t: 'end', databases, collections, documents }       trailer: a snapshot without it is incomplete
 */
import type { Document } from 'bson';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CollectionOptions, IndexSpec, SnapshotData } from '../types';
import { bsonSize, encodeRecord, FrameReader } from './framing';
import { fsyncDir } from './fsutil';

export const SNAPSHOT_FILE = 'snapshot.bson';
export const SNAPSHOT_VERSION = 1;
const CHUNK_DOCS = 500;
/**
 * Serialising a chunk is one synchronous step of the event loop, so its size bounds how long a query
 * waits behind the snapshot: BSON encoding runs at ~20–50 ms per MiB of text-heavy documents on the 2-core
 * box, so 128 KiB keeps a step at a few ms (8 MiB chunks of 4 KB profiles took 30–190 ms; README).
 */
const CHUNK_BYTES = 128 * 1024;
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
/**
 * Flush the snapshot to disk every this many bytes instead of in one final fsync: on ext4 a big fsync
 * holds up the journal's small fdatasyncs (shared filesystem journal), stalling writers for seconds.
 */
const SYNC_EVERY_BYTES = 8 * 1024 * 1024;

/** What writing a snapshot cost (logged by compaction; the bench reads it). */
export interface SnapshotWriteStats {
  /** Bytes written. */
  bytes: number;
  documents: number;
  /** Synchronous stretches between two yields to the event loop. */
  slices: number;
  /** Longest of them, ms: how long a query arriving during the write may wait for the event loop. */
  longestSliceMs: number;
  /** What the longest slice was doing (for diagnosis). */
  longestSliceAt: string;
  /** CPU time (process.cpuUsage, user + system) of the longest slice by CPU, ms: resists machine load. */
  longestSliceCpuMs: number;
  /** CPU time of the whole write, ms. */
  cpuMs: number;
}

export interface ReadSnapshot {
  data: SnapshotData;
  journalSeq: number;
}

/**
 * Writes `data` to `<dir>/snapshot.bson` atomically: temp file, fsync, rename, fsync directory.
 * Yields to the event loop between chunks so writers keep being served.
 */
export async function writeSnapshot(
  dir: string,
  data: SnapshotData,
  journalSeq: number,
): Promise<SnapshotWriteStats> {
  const finalPath = path.join(dir, SNAPSHOT_FILE);
  const tempPath = `${finalPath}.tmp`;
  const stats: SnapshotWriteStats = {
    bytes: 0,
    documents: 0,
    slices: 0,
    longestSliceMs: 0,
    longestSliceAt: '',
    longestSliceCpuMs: 0,
    cpuMs: 0,
  };
  const cpuStart = process.cpuUsage();
  let sliceStart = performance.now();
  let sliceCpu = process.cpuUsage();
  // Every await below goes through here: the time since the previous one was one synchronous slice.
  const pause = async <T>(what: string, promise: Promise<T>): Promise<T> => {
    const ms = performance.now() - sliceStart;
    const cpu = process.cpuUsage(sliceCpu);
    stats.longestSliceCpuMs = Math.max(stats.longestSliceCpuMs, (cpu.user + cpu.system) / 1000);
    stats.slices++;
    if (ms > stats.longestSliceMs) {
      stats.longestSliceMs = ms;
      stats.longestSliceAt = what;
    }
    try {
      return await promise;
    } finally {
      sliceStart = performance.now();
      sliceCpu = process.cpuUsage();
    }
  };
  const handle = await open(tempPath, 'w', 0o644);
  sliceStart = performance.now();
  sliceCpu = process.cpuUsage();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let position = 0;
  let syncedAt = 0;
  const flush = async (): Promise<void> => {
    if (!pendingBytes) return;
    const buffer = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    let written = 0;
    while (written < buffer.length) {
      const { bytesWritten } = await pause(
        'write',
        handle.write(buffer, written, buffer.length - written, position + written),
      );
      written += bytesWritten;
    }
    position += buffer.length;
    if (position - syncedAt >= SYNC_EVERY_BYTES) {
      await pause('datasync', handle.datasync());
      syncedAt = position;
    }
  };
  const push = async (doc: Document, knownSize?: number): Promise<void> => {
    const record = encodeRecord(doc, knownSize);
    pending.push(record);
    pendingBytes += record.length;
    if (pendingBytes >= WRITE_BUFFER_BYTES) {
      await flush();
      await pause('flush', yieldToLoop());
    }
  };
  try {
    let collections = 0;
    let documents = 0;
    await push({ t: 'header', version: SNAPSHOT_VERSION, journalSeq, createdAt: new Date() });
    for (const database of data.databases) {
      await push({ t: 'db', name: database.name });
      for (const collection of database.collections) {
        collections++;
        await push({
          t: 'coll',
          db: database.name,
          name: collection.name,
          options: collection.options ?? {},
          indexes: collection.indexes,
        });
        let chunk: Document[] = [];
        let chunkBytes = 0;
        const pushChunk = async (): Promise<void> => {
          await push(
            { t: 'docs', db: database.name, coll: collection.name, docs: chunk },
            docsRecordSize(database.name, collection.name, chunkBytes),
          );
          chunk = [];
          chunkBytes = 0;
          // Serialising is synchronous: give queries and writers the event loop between chunks.
          await pause('docs chunk', yieldToLoop());
        };
        for (const doc of collection.documents) {
          const size = bsonSize(doc);
          if (chunk.length && (chunk.length >= CHUNK_DOCS || chunkBytes + size > CHUNK_BYTES))
            await pushChunk();
          chunk.push(doc);
          // Each array element: type byte, decimal index key + NUL, the document.
          chunkBytes += 1 + String(chunk.length - 1).length + 1 + size;
          documents++;
        }
        if (chunk.length) await pushChunk();
      }
    }
    await push({ t: 'end', databases: data.databases.length, collections, documents });
    await flush();
    await pause('end', handle.sync());
    stats.bytes = position;
    stats.documents = documents;
    const cpu = process.cpuUsage(cpuStart);
    stats.cpuMs = (cpu.user + cpu.system) / 1000;
  } catch (error) {
    await handle.close();
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(tempPath, finalPath);
  await fsyncDir(dir);
  return stats;
}

/**
 * BSON length of `{ t: 'docs', db, coll, docs: [...] }` whose array elements take
 * `elementBytes` (type byte + key + document, summed): lets the chunk be serialised without sizing
 * every document a second time. `encodeRecord` checks it against what it wrote.
 */
function docsRecordSize(db: string, coll: string, elementBytes: number): number {
  const stringElement = (keyLength: number, value: string): number =>
    1 + keyLength + 1 + 4 + Buffer.byteLength(value, 'utf8') + 1;
  const array = 4 + elementBytes + 1;
  return (
    4 + stringElement(1, 'docs') + stringElement(2, db) + stringElement(4, coll) + (1 + 4 + 1 + array) + 1
  );
}

/** Reads the snapshot, or null when there is none. A damaged snapshot is an error, never skipped. */
export async function readSnapshot(dir: string): Promise<ReadSnapshot | null> {
  const file = path.join(dir, SNAPSHOT_FILE);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const reader = new FrameReader(handle);
    const fail = (reason: string): never => {
      throw new Error(
        `snapshot ${file} is damaged: ${reason}; refusing to start (move it aside to start from the journal alone)`,
      );
    };
    const first = await reader.next();
    if (first.kind !== 'record' || first.doc.t !== 'header') return fail('missing header');
    if (first.doc.version !== SNAPSHOT_VERSION)
      return fail(`unsupported version ${String(first.doc.version)}`);
    const journalSeq = Number(first.doc.journalSeq);
    const databases = new Map<string, SnapshotData['databases'][number]>();
    const collections = new Map<string, SnapshotData['databases'][number]['collections'][number]>();
    let documents = 0;
    for (;;) {
      const frame = await reader.next();
      if (frame.kind === 'end') return fail('trailer missing (incomplete snapshot)');
      if (frame.kind === 'invalid') return fail(`${frame.reason} at offset ${frame.offset}`);
      const doc = frame.doc;
      switch (doc.t) {
        case 'db': {
          const entry = { name: String(doc.name), collections: [] };
          databases.set(entry.name, entry);
          break;
        }
        case 'coll': {
          const database =
            databases.get(String(doc.db)) ?? fail(`collection before its database ${String(doc.db)}`);
          const entry = {
            name: String(doc.name),
            options: (doc.options ?? {}) as CollectionOptions,
            indexes: (doc.indexes ?? []) as IndexSpec[],
            documents: [] as Document[],
          };
          database.collections.push(entry);
          collections.set(`${database.name}\u0000${entry.name}`, entry);
          break;
        }
        case 'docs': {
          const entry =
            collections.get(`${String(doc.db)}\u0000${String(doc.coll)}`) ??
            fail(`documents before collection ${String(doc.db)}.${String(doc.coll)}`);
          const docs = doc.docs as Document[];
          for (const d of docs) entry.documents.push(d);
          documents += docs.length;
          break;
        }
        case 'end': {
          if (doc.documents !== documents || doc.databases !== databases.size)
            fail('trailer counts do not match');
          return { data: { databases: [...databases.values()] }, journalSeq };
        }
        default:
          fail(`unknown record type ${String(doc.t)}`);
      }
    }
  } finally {
    await handle.close();
  }
}
