/**
 * Compaction from the live document (one process, no relay: `DraftHub.compactFromMemory` → `compactFromState`): the
 * snapshot is the room's document, and only the entries that document holds — its loaded tail and its own durable
 * appends — leave the log. An entry appended by anyone else stays; a snapshot that moved on (another compaction)
 * sends the hub back to compacting from the log; the stored draft always equals what the editors see.
 * Real Socket.IO, the real client provider, the embedded engine (or MONGODB_URI).
 */
import { Types } from 'mongoose';
import * as Y from 'yjs';
import { DraftSnapshot } from '../../../server/src/features/drafts/draft.model';
import {
  compactDraft,
  countLogEntries,
  DraftLogWriter,
  loadDraft,
} from '../../../server/src/features/drafts/draftPersistence';
import { waitFor } from '../../helpers/wait';
import {
  fragmentText,
  openEditor,
  seedDraft,
  startDraftServer,
  useDraftDb,
  type DraftTestServer,
} from './draftHarness';

useDraftDb();

/** Appends, as another writer would, one update that adds a paragraph `text` to a copy of the stored draft. */
async function appendForeign(draftId: string, text: string): Promise<void> {
  const { doc } = await loadDraft(new Types.ObjectId(draftId));
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment('default');
  fragment.insert(fragment.length, [paragraph]);
  await new DraftLogWriter().append({
    draftId: new Types.ObjectId(draftId),
    update: Y.encodeStateAsUpdate(doc, before),
    userId: null,
  });
  doc.destroy();
}

const storedText = async (draftId: string): Promise<string> => {
  const { doc } = await loadDraft(new Types.ObjectId(draftId));
  const text = fragmentText(doc);
  doc.destroy();
  return text;
};

const snapshotRev = async (draftId: string): Promise<number> =>
  Number((await DraftSnapshot.collection.findOne({ _id: new Types.ObjectId(draftId) }))?.rev ?? 0);

describe('compaction from the live document', () => {
  let server: DraftTestServer;
  afterEach(async () => {
    await server.close();
  });

  test('removesTheEntriesTheRoomHoldsKeepsOthersAndFallsBackWhenTheSnapshotMovedOn', async () => {
    // Compactions only when asked (no count or idle trigger during the test).
    server = await startDraftServer({ compactEvery: 1_000_000, idleCompactMs: 3_600_000 });
    const { draftId, users } = await seedDraft(['participant', 'participant']);
    // A tail stored before the room loads: the room's document holds it, so compacting from it removes it.
    await appendForeign(draftId, 'Tail before load');
    const a = openEditor(server.url, users[0], draftId);
    const b = openEditor(server.url, users[1], draftId);
    try {
      await waitFor(
        () => a.provider.status === 'synced' && b.provider.status === 'synced',
        10_000,
        'editors synced',
      );
      await waitFor(() => a.text().includes('Tail before load'), 10_000, 'tail loaded');
      const fragment = a.doc.getXmlFragment('default');
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      a.doc.transact(() => {
        fragment.insert(0, [paragraph]);
        paragraph.insert(0, [text]);
      });
      /** Types `letters` one keystroke (one update) each and waits until every one is acknowledged. */
      const typeAcknowledged = async (letters: string) => {
        for (const letter of letters) text.insert(text.length, letter);
        expect(await a.provider.flush()).toBe(true);
      };
      const logEntries = () => countLogEntries(new Types.ObjectId(draftId));
      const expectStored = async (...parts: string[]) => {
        const stored = await storedText(draftId);
        for (const part of parts) expect(stored).toContain(part);
      };
      await typeAcknowledged('Conclusiones del bloque');
      await waitFor(() => b.text() === a.text(), 10_000, 'editors equal');

      // While the room is loaded, another writer appends an entry the room's document does not hold.
      await appendForeign(draftId, 'Foreign entry');
      const revBefore = await snapshotRev(draftId);
      await server.hub.compactNow(draftId);
      // Everything the room held left the log; the foreign entry stayed (compacting from the log would fold it).
      expect(await logEntries()).toBe(1);
      expect(await snapshotRev(draftId)).toBe(revBefore + 1);
      await expectStored('Conclusiones del bloque', 'Tail before load', 'Foreign entry');

      // More typing, then another compaction moves the snapshot on behind the room's back.
      await typeAcknowledged(' y acuerdos');
      await compactDraft(new Types.ObjectId(draftId));
      const movedRev = await snapshotRev(draftId);
      await typeAcknowledged(' finales');
      // The room's snapshot revision is stale: the hub compacts from the log instead, losing nothing.
      await server.hub.compactNow(draftId);
      expect(await logEntries()).toBe(0);
      expect(await snapshotRev(draftId)).toBe(movedRev + 1);
      await expectStored('Conclusiones del bloque y acuerdos finales', 'Foreign entry', 'Tail before load');

      // And from then on it compacts from memory again (its document holds the snapshot it just wrote).
      await typeAcknowledged('.');
      await appendForeign(draftId, 'Second foreign entry');
      await server.hub.compactNow(draftId);
      expect(await logEntries()).toBe(1);
      await expectStored('Conclusiones del bloque y acuerdos finales.');
    } finally {
      a.close();
      b.close();
    }
  });
});
