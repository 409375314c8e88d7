/**
 * Shutdown of a draft server (the app's order: sockets disconnected, then the drafts runtime flushes and compacts,
 * then the database closes): when the runtime's close resolves, every compaction has finished — also one started by
 * a socket leaving for a room that unloaded meanwhile — and nothing logs a failure after the database closed. QA saw
 * "draft compaction failed … client was closed" on SIGTERM while people typed; the hub now tracks compactions in
 * flight and close() waits for them, and timers do not start new ones once it closes. This test holds the property;
 * the exact interleaving QA hit (a compaction started during the shutdown) did not reproduce deterministically here.
 * Real Socket.IO, the real client provider, the embedded engine (or MONGODB_URI).
 */
import { Writable } from 'node:stream';
import { Types } from 'mongoose';
import { pino } from 'pino';
import * as Y from 'yjs';
import { DraftSnapshot, DraftUpdate } from '../../../server/src/features/drafts/draft.model';
import {
  openEditor,
  seedDraft,
  startDraftDb,
  startDraftServer,
  synced,
  typeInto,
  waitFor,
  type DraftTestDb,
} from './draftHarness';

jest.setTimeout(60_000);

describe('draft server shutdown', () => {
  let db: DraftTestDb | undefined;
  afterAll(async () => {
    await db?.stop().catch(() => undefined);
  });

  test('noCompactionOutlivesTheRuntimeClose', async () => {
    db = await startDraftDb();
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    // The room unloads 1 ms after its last socket left, while the compaction that leaving started still runs:
    // close() then finds no room to compact, and must still wait for that compaction.
    const server = await startDraftServer({ logger, unloadAfterMs: 1 });
    const { draftId, users } = await seedDraft(['participant']);
    const editor = openEditor(server.url, users[0], draftId, new Y.Doc());
    await synced(editor);
    typeInto(editor.doc, 'Conclusions of the block');
    expect(await editor.provider.flush()).toBe(true);
    editor.close();
    await waitFor(() => [...server.hub.loadedRooms()].length === 0, 10_000, 'room unloaded');

    // The app's order (index.ts): the server closes (sockets, then the drafts runtime), then the database.
    await server.close();
    const oid = new Types.ObjectId(draftId);
    // Compacted before close resolved: a snapshot, and nothing of the log left but what arrived after the last fold.
    expect(await DraftSnapshot.collection.countDocuments({ _id: oid })).toBe(1);
    const left = await DraftUpdate.collection.countDocuments({ draftId: oid });
    expect(left).toBe(0);
    await db.stop();
    db = undefined;
    // Anything still running would fail on the closed connection within a few event-loop turns.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(lines.filter((line) => /"level":(40|50)/.test(line))).toEqual([]);
  });
});
