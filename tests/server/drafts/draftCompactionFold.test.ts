import { spawn } from 'node:child_process';
import path from 'node:path';
import { Types } from 'mongoose';
import * as Y from 'yjs';
import { DraftSnapshot, DraftUpdate } from '../../../server/src/features/drafts/draft.model';
import { asBytes, compactDraft, loadDraft } from '../../../server/src/features/drafts/draftPersistence';
import { ensureBundle } from '../../helpers/appBundle';
import { useDraftDb } from './draftHarness';

jest.setTimeout(90_000);

useDraftDb();

/** A stored draft: a snapshot (rev 1) and `count` keystroke entries after it, some backspaces. */
function workload(count: number): { snapshot: Uint8Array; updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, 'base text of the draft. '.repeat(10));
  const snapshot = Y.encodeStateAsUpdateV2(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i += 1) {
    if (i % 7 === 6) text.delete(Math.floor(text.length / 2), 1);
    else text.insert(Math.floor((i * 31) % text.length), String.fromCharCode(97 + (i % 26)));
  }
  return { snapshot, updates, doc };
}

/** Log entries of `draftId` for `updates` as the relay appends them: new ids in order, no author, now. */
const logRows = (draftId: Types.ObjectId, updates: readonly Uint8Array[]) =>
  updates.map((update) => ({
    _id: new Types.ObjectId(),
    draftId,
    update: Buffer.from(update),
    userId: null,
    at: new Date(),
  }));

async function store(
  draftId: Types.ObjectId,
  snapshot: Uint8Array,
  updates: Uint8Array[],
): Promise<Types.ObjectId[]> {
  await DraftSnapshot.collection.insertOne({
    _id: draftId,
    state: Buffer.from(snapshot),
    rev: 1,
    foldedUpdates: 0,
  });
  const rows = logRows(draftId, updates);
  await DraftUpdate.collection.insertMany(rows);
  return rows.map((row) => row._id);
}

const logIds = async (draftId: Types.ObjectId): Promise<string[]> =>
  (await DraftUpdate.collection.find({ draftId }, { sort: { _id: 1 } }).toArray()).map((row) =>
    row._id.toHexString(),
  );

/** What the fold computes, done here on the test's thread. */
function foldHere(snapshot: Uint8Array, updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdateV2(doc, snapshot);
  Y.transact(doc, () => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return Y.encodeStateAsUpdateV2(doc);
}

describe('compaction on the fold worker', () => {
  test('foldsToTheSameDocumentAndDeletesExactlyTheFoldedEntries', async () => {
    const draftId = new Types.ObjectId();
    const other = new Types.ObjectId();
    const { snapshot, updates, doc } = workload(1500);
    // Stored out of causal order (reversed ids): the fold must resolve dependencies across the whole batch.
    await store(draftId, snapshot, [...updates].reverse());
    const otherIds = await store(other, snapshot, updates.slice(0, 3));

    const result = await compactDraft(draftId);

    expect(result.folded).toBe(1500);
    const row = await DraftSnapshot.collection.findOne({ _id: draftId });
    expect(row?.rev).toBe(2);
    expect(row?.foldedUpdates).toBe(1500);
    const state = asBytes(row?.state);
    expect(result.snapshotBytes).toBe(state.byteLength);
    expect(Buffer.from(state).equals(Buffer.from(foldHere(snapshot, updates)))).toBe(true);
    const loaded = await loadDraft(draftId);
    expect(loaded.tailLength).toBe(0);
    expect(loaded.doc.getText('t').toJSON()).toBe(doc.getText('t').toJSON());
    expect(loaded.doc.store.pendingStructs).toBeNull();
    expect(await logIds(draftId)).toEqual([]);
    // Another draft's entries are untouched.
    expect(await logIds(other)).toEqual(otherIds.map((id) => id.toHexString()).sort());
  });

  test('entriesAppendedDuringTheCompactionStayInTheLog', async () => {
    const draftId = new Types.ObjectId();
    const { snapshot, updates, doc } = workload(600);
    const firstUpdates = updates.slice(0, 500);
    const lateUpdates = updates.slice(500);
    await store(draftId, snapshot, firstUpdates);
    let lateIds: string[] = [];

    const result = await compactDraft(draftId, {
      // After the log was read and before the fold: as if editors kept typing during the compaction.
      afterRead: async () => {
        if (lateIds.length > 0) return;
        const rows = logRows(draftId, lateUpdates);
        await DraftUpdate.collection.insertMany(rows);
        lateIds = rows.map((row) => row._id.toHexString());
      },
    });

    expect(result.folded).toBe(500);
    expect(await logIds(draftId)).toEqual(lateIds);
    const row = await DraftSnapshot.collection.findOne({ _id: draftId });
    expect(Buffer.from(asBytes(row?.state)).equals(Buffer.from(foldHere(snapshot, firstUpdates)))).toBe(true);
    // Loaders see snapshot + the remaining entries: the whole document.
    const loaded = await loadDraft(draftId);
    expect(loaded.tailLength).toBe(100);
    expect(loaded.doc.getText('t').toJSON()).toBe(doc.getText('t').toJSON());
    // The next compaction folds the rest.
    expect((await compactDraft(draftId)).folded).toBe(100);
    expect(await logIds(draftId)).toEqual([]);
  });

  test('theFoldWorkerRunsFromTheEsbuildBundleAndLetsTheProcessExit', async () => {
    const repoRoot = path.resolve(__dirname, '..', '..', '..');
    const bundle = await ensureBundle(
      path.join(__dirname, 'fixtures', 'foldBundleChild.ts'),
      'foldBundleChild',
      [__dirname],
    );
    const child = spawn(process.execPath, [bundle], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/^FOLD [0-9a-f]+\n/) });
    const fold = /FOLD ([0-9a-f]+)/.exec(output)?.[1];
    const inline = /INLINE ([0-9a-f]+)/.exec(output)?.[1];
    expect(fold).toBe(inline);
  });
});
