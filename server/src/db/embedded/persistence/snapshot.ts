/**
 * Snapshot file: a sequence of framed BSON records (see framing.ts):
 *   { t: 'header', version: 1, journalSeq, createdAt }
 *   { t: 'db', name }                                     one per database
 *   { t: 'coll', db, name, options, indexes }             one per collection, before its documents
 *   { t: 'docs', db, coll, docs: [...] }                  chunks of ≤ 500 documents / ≤ 8 MiB
 *   { t: 'end', databases, collections, documents }       trailer: a snapshot without it is incomplete
 */
import { calculateObjectSize, type Document } from 'bson';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CollectionOptions, IndexSpec, SnapshotData } from '../types';
import { encodeRecord, FrameReader } from './framing';
import { fsyncDir } from './fsutil';

export const SNAPSHOT_FILE = 'snapshot.bson';
export const SNAPSHOT_VERSION = 1;
const CHUNK_DOCS = 500;
const CHUNK_BYTES = 8 * 1024 * 1024;
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
/**
 * Flush the snapshot to disk every this many bytes instead of in one final fsync: on ext4 a big fsync
 * holds up the journal's small fdatasyncs (shared filesystem journal), stalling writers for seconds.
 */
const SYNC_EVERY_BYTES = 8 * 1024 * 1024;

export interface ReadSnapshot {
  data: SnapshotData;
  journalSeq: number;
}

/**
 * Writes `data` to `<dir>/snapshot.bson` atomically: temp file, fsync, rename, fsync directory.
 * Yields to the event loop between chunks so writers keep being served.
 */
export async function writeSnapshot(dir: string, data: SnapshotData, journalSeq: number): Promise<void> {
  const finalPath = path.join(dir, SNAPSHOT_FILE);
  const tempPath = `${finalPath}.tmp`;
  const handle = await open(tempPath, 'w', 0o644);
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
      const { bytesWritten } = await handle.write(
        buffer,
        written,
        buffer.length - written,
        position + written,
      );
      written += bytesWritten;
    }
    position += buffer.length;
    if (position - syncedAt >= SYNC_EVERY_BYTES) {
      await handle.datasync();
      syncedAt = position;
    }
  };
  const push = async (doc: Document): Promise<void> => {
    const record = encodeRecord(doc);
    pending.push(record);
    pendingBytes += record.length;
    if (pendingBytes >= WRITE_BUFFER_BYTES) {
      await flush();
      await yieldToLoop();
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
        for (const doc of collection.documents) {
          const size = calculateObjectSize(doc);
          if (chunk.length && (chunk.length >= CHUNK_DOCS || chunkBytes + size > CHUNK_BYTES)) {
            await push({ t: 'docs', db: database.name, coll: collection.name, docs: chunk });
            chunk = [];
            chunkBytes = 0;
            // Serialising is synchronous: give writers the event loop between chunks.
            await yieldToLoop();
          }
          chunk.push(doc);
          chunkBytes += size;
          documents++;
        }
        if (chunk.length) await push({ t: 'docs', db: database.name, coll: collection.name, docs: chunk });
      }
    }
    await push({ t: 'end', databases: data.databases.length, collections, documents });
    await flush();
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(tempPath, finalPath);
  await fsyncDir(dir);
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
