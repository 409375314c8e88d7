/**
 * Input faster than the server's rate limit for drafts (QA: ~215 characters typed with no delay between keys left
 * the editor "Offline" until a reload — the server answered `rate_limited`, the updates after it failed as
 * `missing_dependencies`, which count as strikes, and the fifth strike disconnected the socket). The client provider
 * paces itself below the server's bucket (`draftSendPacer.ts`): updates made faster are merged, awareness is
 * throttled. Real Socket.IO, the real client provider and rate limiter, the embedded engine (or MONGODB_URI).
 */
import {
  openEditor,
  seedDraft,
  startDraftServer,
  storedDraftText,
  synced,
  typeInto,
  useDraftDb,
  waitFor,
  type DraftTestServer,
  type TestEditor,
} from './draftHarness';
import { DRAFT_SOCKET_BUCKET } from '@polos/shared';

jest.setTimeout(60_000);
useDraftDb();

describe('a burst of typing faster than the rate limit', () => {
  let server: DraftTestServer;
  const editors: TestEditor[] = [];
  afterEach(async () => {
    for (const editor of editors.splice(0)) editor.close();
    await server.close();
  });

  test('isStoredWholeWithoutARefusalAndTheEditorStaysConnected', async () => {
    server = await startDraftServer();
    const { draftId, users } = await seedDraft(['participant', 'participant']);
    const typist = openEditor(server.url, users[0], draftId);
    const reader = openEditor(server.url, users[1], draftId);
    editors.push(typist, reader);
    await Promise.all([synced(typist), synced(reader)]);
    const errors: string[] = [];
    typist.provider.on('error', (code) => errors.push(code));
    let disconnected = false;
    typist.socket.on('disconnect', () => (disconnected = true));

    // Three times the server's burst, one transaction per character, each moving the cursor (an awareness update),
    // all in one go — as an auto-typer, a text expander or a stuck key does.
    const keys = DRAFT_SOCKET_BUCKET.burst * 3;
    let expected = '';
    for (let i = 0; i < keys; i += 1) {
      const key = String.fromCharCode(97 + (i % 26));
      typeInto(typist.doc, key);
      typist.provider.awareness.setLocalStateField('cursor', { at: i });
      expected += key;
    }
    await waitFor(() => reader.text() === expected, 30_000, 'the reader has every character');
    expect(await typist.provider.flush()).toBe(true);
    expect(await storedDraftText(draftId)).toBe(expected);
    expect(errors).toEqual([]);
    expect(disconnected).toBe(false);
    expect(typist.provider.status).toBe('synced');
    // The cursor arrived too (the latest state; intermediate ones may be skipped).
    await waitFor(
      () =>
        [...reader.provider.awareness.getStates().values()].some(
          (state) => (state as { cursor?: { at: number } }).cursor?.at === keys - 1,
        ),
      10_000,
      "the typist's last cursor",
    );
  });
});
