import { createRequire } from 'node:module';
import type { Types } from 'mongoose';
import { JobWorker } from '../../lib/jobWorker';

/**
 * One log entry as the writer stores it in `draft_updates` (the shape of `DraftUpdate`): its id is made by the
 * writer, in increasing order, so compaction can delete a folded range (`deleteFolded`).
 */
export interface LogDocument {
  _id: Types.ObjectId;
  draftId: Types.ObjectId;
  update: Uint8Array;
  userId: Types.ObjectId | null;
}

/** Where a {@link DraftLogWriter}'s batches go: one `insertMany` (ordered) per call, resolved when durable. */
export interface LogStore {
  /**
   * Inserts `documents` in order with `at` as their time; resolves once the database acknowledged them.
   * @throws (rejects) with the database's error (`code` kept, e.g. 11000) or when the store's worker died.
   */
  insert(documents: readonly LogDocument[], at: Date): Promise<void>;
  /** Stops the store after its pending inserts (they settle first). Idempotent. */
  close(): Promise<void>;
}

/**
 * The worker: its own MongoClient on the app's URI, one `insertMany` per job, in the order the jobs arrive (the
 * writer sends one batch at a time). Entries come packed — ids, draft ids and user ids as 12-byte runs, the updates
 * as one byte run with their lengths — and are transferred, not cloned. `mongodb` is required from the path this
 * module resolves (the app's own driver: the same BSON as mongoose's), as the fold worker does with yjs.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { MongoClient, ObjectId } = require(workerData.mongodb);
const client = new MongoClient(workerData.uri, workerData.options);
const collection = client.db(workerData.dbName).collection(workerData.collection);
const oid = (bytes, i) => new ObjectId(bytes.subarray(i * 12, i * 12 + 12));
// Settles after every insert started so far: a close waits for them.
let inserted = Promise.resolve();
parentPort.on('message', (job) => {
  if (job.close) {
    inserted.then(() => client.close()).finally(() => parentPort.postMessage({ id: job.id }));
    return;
  }
  try {
    const ids = new Uint8Array(job.ids);
    const drafts = new Uint8Array(job.drafts);
    const users = new Uint8Array(job.users);
    const hasUser = new Uint8Array(job.hasUser);
    const lengths = new Uint32Array(job.lengths);
    const updates = Buffer.from(job.updates);
    const at = new Date(job.at);
    const documents = new Array(lengths.length);
    let offset = 0;
    for (let i = 0; i < lengths.length; i += 1) {
      documents[i] = {
        _id: oid(ids, i),
        draftId: oid(drafts, i),
        update: updates.subarray(offset, offset + lengths[i]),
        userId: hasUser[i] ? oid(users, i) : null,
        at,
      };
      offset += lengths[i];
    }
    inserted = collection.insertMany(documents, { ordered: true }).then(
      () => parentPort.postMessage({ id: job.id }),
      (error) => parentPort.postMessage({ id: job.id, error: { message: String(error && error.message || error), code: error && error.code } }),
    );
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: { message: String(error && error.stack || error) } });
  }
});
`;

/** Where the worker connects: the app's URI, and the database and collection mongoose uses for the log. */
export interface LogWorkerTarget {
  /** MongoDB connection string (the app's `MONGODB_URI` or the embedded engine's). */
  uri: string;
  /** Database name (mongoose's connection's, so both connections write the same database). */
  dbName: string;
  /** The log's collection name (`DraftUpdate.collection.collectionName`). */
  collection: string;
}

type Reply = { id: number; error?: { message: string; code?: unknown } };

/** The database's error from the worker, with its `code` (11000, …) as the driver would have thrown it. */
export class LogStoreError extends Error {
  constructor(
    message: string,
    readonly code?: unknown,
  ) {
    super(message);
    this.name = 'LogStoreError';
  }
}

/**
 * A {@link LogStore} whose inserts run on a worker thread with its own connection. Why: on the event loop that
 * relays keystrokes, each group commit cost the driver's command encoding, the reply's decoding and their garbage
 * — at 20 editors, about as much CPU per keystroke as the relay itself saves by not waiting (docs/ARCHITECTURE.md,
 * drafts, "Relay benchmark"). This thread now packs a batch into byte runs and posts them (a few µs per
 * entry); the reply is one small message. The worker (`JobWorker`) starts on the first insert, is unreferenced while idle (it
 * never keeps a process alive), and is replaced after a crash; inserts in flight when it dies reject. `where` is
 * read when a worker starts (the database name is known once mongoose is connected).
 */
export function workerLogStore(where: () => LogWorkerTarget): LogStore {
  const mongodb = createRequire(import.meta.url).resolve('mongodb');
  let closed = false;
  const worker = new JobWorker(
    WORKER_SOURCE,
    () => {
      const target = where();
      return {
        mongodb,
        uri: target.uri,
        dbName: target.dbName,
        collection: target.collection,
        // As the app's connection (db/connection.ts): a write that cannot reach the database fails, not hangs.
        options: { maxPoolSize: 2, serverSelectionTimeoutMS: 5000, socketTimeoutMS: 30000 },
      };
    },
    'draft log worker',
  );
  let started = false;

  return {
    async insert(documents, at) {
      if (closed) throw new LogStoreError('the draft log writer is closed');
      const count = documents.length;
      const ids = new Uint8Array(count * 12);
      const drafts = new Uint8Array(count * 12);
      const users = new Uint8Array(count * 12);
      const hasUser = new Uint8Array(count);
      const lengths = new Uint32Array(count);
      let total = 0;
      for (const document of documents) total += document.update.byteLength;
      const updates = new Uint8Array(total);
      let offset = 0;
      documents.forEach((document, i) => {
        ids.set(document._id.id, i * 12);
        drafts.set(document.draftId.id, i * 12);
        if (document.userId) {
          users.set(document.userId.id, i * 12);
          hasUser[i] = 1;
        }
        updates.set(document.update, offset);
        lengths[i] = document.update.byteLength;
        offset += document.update.byteLength;
      });
      const job = {
        ids: ids.buffer,
        drafts: drafts.buffer,
        users: users.buffer,
        hasUser: hasUser.buffer,
        lengths: lengths.buffer,
        updates: updates.buffer,
        at: at.getTime(),
      };
      started = true;
      const transfer = [job.ids, job.drafts, job.users, job.hasUser, job.lengths, job.updates];
      const reply = await worker.run<Reply>(job, transfer);
      if (reply.error) throw new LogStoreError(reply.error.message, reply.error.code);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!started) return;
      // The close job queues behind the inserts already posted (the worker closes its client after them).
      await worker.run({ close: true }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
