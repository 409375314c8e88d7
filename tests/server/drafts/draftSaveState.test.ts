/**
 * What the editor shows as "Saving…" / "Saved" (QA: it read "Saved" while edits were still in flight): the client
 * provider's `saveState` is `saving` from a local edit until the server acknowledged every edit as durable, and an
 * edit refused because the draft was locked meanwhile keeps it `saving` (the page then says the last edits were not
 * saved) until, unlocked, it is stored after all. Real Socket.IO, the real client provider, the update log held
 * back by a gate in front of the real store (embedded engine, or MONGODB_URI).
 */
import { setDraftLocked } from '../../../server/src/features/drafts/draft.service';
import {
  gatedLogStore,
  storedDraftText as storedText,
  openEditor,
  seedDraft,
  startDraftServer,
  synced,
  typeInto,
  useDraftDb,
  waitFor,
  type DraftTestServer,
  type TestEditor,
} from './draftHarness';

useDraftDb();

describe('save state of the client provider', () => {
  let server: DraftTestServer;
  const editors: TestEditor[] = [];
  afterEach(async () => {
    for (const editor of editors.splice(0)) editor.close();
    await server.close();
  });

  test('savingUntilTheServerAcknowledgedTheEditAsDurableThenSaved', async () => {
    const gate = gatedLogStore();
    server = await startDraftServer({ logStore: gate.store });
    const { draftId, users } = await seedDraft(['participant']);
    const editor = openEditor(server.url, users[0], draftId);
    editors.push(editor);
    await synced(editor);
    expect(editor.provider.saveState).toBe('saved');
    const states: string[] = [];
    editor.provider.on('saveState', (state) => states.push(state));

    gate.close();
    typeInto(editor.doc, 'Clusters');
    expect(editor.provider.saveState).toBe('saving');
    // The edit reached the server (relayed, not durable): still saving while the log holds it back.
    await waitFor(() => editor.provider.unackedUpdates.size > 0, 5000, 'sent');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(editor.provider.saveState).toBe('saving');
    expect(await storedText(draftId)).toBe('');

    gate.open();
    await waitFor(() => editor.provider.saveState === 'saved', 10_000, 'saved');
    expect(await storedText(draftId)).toBe('Clusters');
    expect(states).toEqual(['saving', 'saved']);
  });

  test('anEditRefusedByALockStaysUnsavedUntilTheDraftIsUnlockedAndStored', async () => {
    server = await startDraftServer();
    const { draftId, users } = await seedDraft(['participant']);
    const editor = openEditor(server.url, users[0], draftId);
    editors.push(editor);
    await synced(editor);
    typeInto(editor.doc, 'Before lock.');
    expect(await editor.provider.flush()).toBe(true);
    await waitFor(() => editor.provider.saveState === 'saved', 5000, 'saved before the lock');

    // Locked on the server; the client has not heard yet and types on.
    const locked = await setDraftLocked(draftId, true);
    server.hub.setAccess(draftId, () => 'read');
    typeInto(editor.doc, ' Typed as it locked');
    expect(await editor.provider.flush()).toBe(false); // refused: read_only
    server.io.to(`draft:${draftId}`).emit('draft:updated', { ...locked, id: draftId });
    await waitFor(() => editor.provider.access === 'read', 5000, 'read access');
    expect(editor.provider.saveState).toBe('saving');
    expect(await storedText(draftId)).toBe('Before lock.');

    // Unlocked: the edit kept on the device is stored after all, and only then "saved".
    const unlocked = await setDraftLocked(draftId, false);
    server.hub.setAccess(draftId, () => 'edit');
    server.io.to(`draft:${draftId}`).emit('draft:updated', { ...unlocked, id: draftId });
    await waitFor(() => editor.provider.saveState === 'saved', 10_000, 'saved after unlock');
    expect(await storedText(draftId)).toBe('Before lock. Typed as it locked');
  });
});
