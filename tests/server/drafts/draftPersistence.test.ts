import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Types } from 'mongoose';
import * as Y from 'yjs';
import { DraftSnapshot, DraftUpdate } from '../../../server/src/features/drafts/draft.model';
import {
  asBytes,
  compactDraft,
  DraftLogWriter,
  loadDraft,
} from '../../../server/src/features/drafts/draftPersistence';
import {
  fragmentText,
  openEditor,
  seedDraft,
  startDraftServer,
  synced,
  typeInto,
  useDraftDb,
  waitFor,
  type TestEditor,
} from './draftHarness';

jest.setTimeout(90_000);

const draftDb = useDraftDb();

const stored = async (draftId: string) => {
  const loaded = await loadDraft(new Types.ObjectId(draftId));
  return {
    text: fragmentText(loaded.doc),
    pending: loaded.doc.store.pendingStructs !== null || loaded.doc.store.pendingDs !== null,
    tail: loaded.tailLength,
  };
};

const randomWord = (prefix: string, n: number) => `${prefix}${n} `;

describe('draft persistence', () => {
  test('compactionRacingConcurrentEditsLosesNothing', async () => {
    // Compact every 5 updates and after 5 ms idle: compactions constantly overlap the typing.
    const server = await startDraftServer({ compactEvery: 5, idleCompactMs: 5 });
    const { draftId, users } = await seedDraft(['participant', 'participant', 'moderator']);
    const editors = users.map((user) => openEditor(server.url, user, draftId));
    try {
      await Promise.all(editors.map(synced));
      const oid = new Types.ObjectId(draftId);
      let compacting = true;
      const hammer = (async () => {
        while (compacting) {
          await Promise.all([compactDraft(oid), server.hub.compactNow(draftId)]);
          await new Promise((resolve) => setTimeout(resolve, 3));
        }
      })();
      const words: string[] = [];
      for (let round = 0; round < 40; round += 1) {
        editors.forEach((editor, i) => {
          const word = randomWord(`e${i}w`, round);
          words.push(word.trim());
          typeInto(editor.doc, word, round % 3 === 0 ? 0 : undefined);
        });
        if (round % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const results = await Promise.all(editors.map((e) => e.provider.flush()));
      expect(results.every(Boolean)).toBe(true);
      compacting = false;
      await hammer;
      await compactDraft(oid);
      const after = await stored(draftId);
      expect(after.pending).toBe(false);
      for (const word of words) expect(after.text).toContain(word);
      expect(after.tail).toBe(0);
      const snapshot = await DraftSnapshot.findById(oid).lean().exec();
      expect(snapshot?.foldedUpdates).toBeGreaterThanOrEqual(words.length);
      await waitFor(() => editors.every((e) => e.text() === after.text), 10_000, 'editors equal stored');
    } finally {
      for (const editor of editors) editor.close();
      await server.close();
    }
  });

  test('tenThousandEditDraftCompactsSmallAndLoadsFast', async () => {
    const { draftId } = await seedDraft(['participant']);
    const oid = new Types.ObjectId(draftId);
    const writer = new DraftLogWriter();
    const author = new Y.Doc();
    const appends: Array<Promise<void>> = [];
    author.on('update', (update: Uint8Array) =>
      appends.push(writer.append({ draftId: oid, update, userId: null })),
    );
    const fragment = author.getXmlFragment('default');
    const paragraph = new Y.XmlElement('paragraph');
    fragment.insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    // 10k keystrokes: mostly typing, some backspaces (deleted content must not survive compaction).
    for (let i = 0; i < 10_000; i += 1) {
      if (i % 10 === 9) text.delete(text.length - 1, 1);
      else text.insert(text.length, String.fromCharCode(97 + (i % 26)));
    }
    await Promise.all(appends);
    const expected = text.toJSON();
    const before = await loadDraft(oid);
    expect(fragmentText(before.doc)).toBe(expected);
    const result = await compactDraft(oid);
    expect(result.folded).toBe(appends.length);
    expect(await DraftUpdate.countDocuments({ draftId: oid })).toBe(0);
    const after = await loadDraft(oid);
    expect(fragmentText(after.doc)).toBe(expected);
    expect(after.doc.store.pendingStructs).toBeNull();
    // The snapshot is about the size of the text, not of the 10k-edit history.
    expect(result.snapshotBytes).toBeLessThan(expected.length * 3 + 2000);
    // Loading now reads one snapshot and no log tail (the time it takes is a benchmark figure:
    // draft_load_ms_10k_compacted, not a timed assertion here).
    expect(before.tailLength).toBe(appends.length);
    expect(after.tailLength).toBe(0);
    expect(after.snapshotRev).toBeGreaterThan(0);
  });

  test('groupCommitOfSeveralSourcesKeepsSubmissionOrderAndFlushedMeansDurable', async () => {
    const { draftId } = await seedDraft(['participant']);
    const oid = new Types.ObjectId(draftId);
    const writer = new DraftLogWriter({ commitDelayMs: 50 });
    const resolved: number[] = [];
    const appends: Array<Promise<void>> = [];
    // Six sources interleaved (the writer then waits for siblings), spread over several event-loop turns.
    for (let i = 0; i < 60; i += 1) {
      appends.push(
        writer
          .append({ draftId: oid, update: Uint8Array.of(i), userId: null }, `socket-${i % 6}`)
          .then(() => void resolved.push(i)),
      );
      if (i % 6 === 5) await new Promise((resolve) => setImmediate(resolve));
    }
    // flushed() cuts the commit delay short and resolves only once every entry submitted before it is stored.
    await writer.flushed();
    expect(await DraftUpdate.countDocuments({ draftId: oid })).toBe(60);
    await Promise.all(appends);
    const rows = await DraftUpdate.find({ draftId: oid }).sort({ _id: 1 }).lean().exec();
    expect(rows.map((row) => asBytes(row.update)[0])).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect([...resolved].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // A lone source is written without waiting for siblings; its entries stay in order after the others'.
    await writer.append({ draftId: oid, update: Uint8Array.of(200), userId: null }, 'socket-0');
    await writer.append({ draftId: oid, update: Uint8Array.of(201), userId: null }, 'socket-0');
    const tail = await DraftUpdate.find({ draftId: oid }).sort({ _id: -1 }).limit(2).lean().exec();
    expect(tail.map((row) => asBytes(row.update)[0])).toEqual([201, 200]);
  });

  test('killMinus9WhileFiveClientsTypeKeepsEveryAcknowledgedUpdate', async () => {
    const { draftId, users } = await seedDraft([
      'participant',
      'participant',
      'participant',
      'moderator',
      'admin',
    ]);
    // Compacting every 25 updates (from the live document: one process) so the kill lands among compactions.
    const first = await spawnDraftServer(draftDb.db.uri, 0, 25);
    const port = Number(new URL(first.url).port);
    const editors: TestEditor[] = users.map((user) => openEditor(first.url, user, draftId));
    const acknowledged = new Set<string>();
    const typed: string[] = [];
    let typing = true;
    try {
      await Promise.all(editors.map(synced));
      const loops = editors.map(async (editor, i) => {
        let n = 0;
        while (typing) {
          if (editor.provider.status === 'synced') {
            const word = `c${i}k${n++}`;
            typed.push(word);
            typeInto(editor.doc, `${word} `);
            const ack = editor.provider.lastSent;
            if (ack) void ack.then((ok) => ok && acknowledged.add(word));
          }
          await new Promise((resolve) => setTimeout(resolve, 8));
        }
      });
      await waitFor(() => acknowledged.size >= 100, 20_000, '100 acknowledged updates');
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      const ackedAtCrash = new Set(acknowledged);
      // Clients keep typing offline for a moment, then the server comes back on the same port.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = await spawnDraftServer(draftDb.db.uri, port);
      try {
        // What the database holds right after restart (before clients resync) has every acked word.
        const afterRestart = await stored(draftId);
        expect(afterRestart.pending).toBe(false);
        const missing = [...ackedAtCrash].filter((word) => !afterRestart.text.includes(word));
        expect(missing).toEqual([]);
        await waitFor(() => editors.every((e) => e.provider.status === 'synced'), 20_000, 'clients resynced');
        typing = false;
        await Promise.all(loops);
        await Promise.all(editors.map((e) => e.provider.flush()));
        // After resync, nothing typed — offline included — is lost, and everyone converges.
        await waitFor(
          async () => {
            const now = await stored(draftId);
            return typed.every((word) => now.text.includes(word));
          },
          20_000,
          'every typed word stored',
        );
        const final = await stored(draftId);
        await waitFor(() => editors.every((e) => e.text() === final.text), 20_000, 'editors converge');
      } finally {
        second.child.kill('SIGKILL');
      }
    } finally {
      typing = false;
      for (const editor of editors) editor.close();
      first.child.kill('SIGKILL');
    }
  });
});

/** A draft server process (fixtures/draftServerProcess.ts) on `port`, compacting every `compactEvery` updates. */
async function spawnDraftServer(
  uri: string,
  port: number,
  compactEvery = 1000,
): Promise<{ url: string; child: ChildProcess }> {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const tsx = createRequire(path.join(repoRoot, 'server', 'package.json')).resolve('tsx');
  const child = spawn(
    process.execPath,
    ['--import', tsx, path.join(__dirname, 'fixtures', 'draftServerProcess.ts')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DRAFT_DB_URI: uri,
        DRAFT_PORT: String(port),
        DRAFT_COMPACT_EVERY: String(compactEvery),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`draft server did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /LISTENING (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`draft server exited (${code}):\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return { url, child };
}
