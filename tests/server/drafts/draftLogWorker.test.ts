/**
 * The update log appended on a worker thread with its own connection (`threadedLogStore`, what every draft server
 * uses with the app's database URI): entries land exactly as the in-process store writes them, the database's
 * errors come back with their code, a worker that dies rejects what it held and is replaced, and a closed store
 * refuses. Real worker threads, the real driver, the embedded engine (or MONGODB_URI).
 */
import { Types } from 'mongoose';
import { DraftUpdate } from '../../../server/src/features/drafts/draft.model';
import { workerLogStore, LogStoreError } from '../../../server/src/features/drafts/draftLogWorker';
import {
  collectionLogStore,
  DraftLogWriter,
  threadedLogStore,
} from '../../../server/src/features/drafts/draftPersistence';
import { useDraftDb } from './draftHarness';

const database = useDraftDb();

const entry = (draftId: Types.ObjectId, bytes: number[], userId: Types.ObjectId | null) => ({
  _id: new Types.ObjectId(),
  draftId,
  update: Uint8Array.from(bytes),
  userId,
});

/** The stored entries of a draft, in id order, as plain values. */
async function stored(draftId: Types.ObjectId) {
  const rows = await DraftUpdate.collection.find({ draftId }, { sort: { _id: 1 } }).toArray();
  return rows.map((row) => ({
    _id: row._id.toHexString(),
    update: [...(row.update as { buffer: Uint8Array }).buffer],
    userId: row.userId ? (row.userId as Types.ObjectId).toHexString() : null,
    at: (row.at as Date).getTime(),
  }));
}

describe('the update log on its worker thread', () => {
  test('storesEntriesExactlyAsTheInProcessStore', async () => {
    const user = new Types.ObjectId();
    const at = new Date('2026-11-30T12:00:00.000Z');
    const threaded = threadedLogStore(database.db.uri);
    const inProcess = collectionLogStore();
    const viaWorker = new Types.ObjectId();
    const viaThread = new Types.ObjectId();
    const shapes = [
      { bytes: [1, 2, 3], userId: user },
      { bytes: [], userId: null },
      { bytes: Array.from({ length: 70_000 }, (_, i) => i % 251), userId: user },
    ];
    try {
      const workerEntries = shapes.map((shape) => entry(viaWorker, shape.bytes, shape.userId));
      const threadEntries = shapes.map((shape) => entry(viaThread, shape.bytes, shape.userId));
      await threaded.insert(workerEntries, at);
      await inProcess.insert(threadEntries, at);
      const strip = (rows: Awaited<ReturnType<typeof stored>>) => rows.map(({ _id, ...rest }) => rest);
      expect(strip(await stored(viaWorker))).toEqual(strip(await stored(viaThread)));
      expect((await stored(viaWorker)).map((row) => row._id)).toEqual(
        workerEntries.map((e) => e._id.toHexString()),
      );
      expect((await stored(viaWorker))[0]).toMatchObject({ update: [1, 2, 3], userId: user.toHexString() });
    } finally {
      await threaded.close();
    }
  });

  test('theDatabasesErrorComesBackWithItsCodeAndTheWriterRejects', async () => {
    const store = threadedLogStore(database.db.uri);
    const draftId = new Types.ObjectId();
    try {
      const first = entry(draftId, [7], null);
      await store.insert([first], new Date());
      // The same _id again: a duplicate key, as the driver reports it.
      const error = await store.insert([first], new Date()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LogStoreError);
      expect((error as LogStoreError).code).toBe(11000);
      // The store goes on after an error.
      await store.insert([entry(draftId, [8], null)], new Date());
      expect((await stored(draftId)).map((row) => row.update)).toEqual([[7], [8]]);
    } finally {
      await store.close();
    }
  });

  test('aWorkerThatDiesRejectsWhatItHeldAndIsReplaced', async () => {
    const draftId = new Types.ObjectId();
    let starts = 0;
    // The first worker gets a connection string the driver refuses at start-up: the worker throws and exits.
    const store = workerLogStore(() => ({
      uri: starts++ === 0 ? 'not-a-mongodb-uri' : database.db.uri,
      dbName: DraftUpdate.db.name,
      collection: DraftUpdate.collection.collectionName,
    }));
    try {
      // The error is the worker's (the driver refusing the string), thrown in the worker's realm.
      await expect(store.insert([entry(draftId, [1], null)], new Date())).rejects.toThrow(
        /scheme|connection string|URI/i,
      );
      expect(await stored(draftId)).toEqual([]);
      await store.insert([entry(draftId, [2], null)], new Date());
      expect(starts).toBe(2);
      expect((await stored(draftId)).map((row) => row.update)).toEqual([[2]]);
    } finally {
      await store.close();
    }
  });

  test('aClosedWriterFlushesFirstThenRefuses', async () => {
    const draftId = new Types.ObjectId();
    const writer = new DraftLogWriter({ store: threadedLogStore(database.db.uri), commitDelayMs: 50 });
    const appends = [1, 2, 3].map((n) =>
      writer.append({ draftId, update: Uint8Array.from([n]), userId: null }, `socket-${n}`),
    );
    await writer.close();
    await Promise.all(appends);
    expect((await stored(draftId)).map((row) => row.update)).toEqual([[1], [2], [3]]);
    await expect(writer.append({ draftId, update: Uint8Array.from([4]), userId: null })).rejects.toThrow(
      /closed/,
    );
  });
});
