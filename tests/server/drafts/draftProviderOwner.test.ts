import { Types } from 'mongoose';
import * as Y from 'yjs';
import { loadDraft } from '../../../server/src/features/drafts/draftPersistence';
import { SocketDraftProvider } from '../../../client/src/features/drafts/draftProvider';
import {
  connectClient,
  fragmentText,
  openEditor,
  seedDraft,
  startDraftDb,
  startDraftServer,
  synced,
  typeInto,
  waitFor,
  type DraftTestDb,
  type DraftTestServer,
} from './draftHarness';

jest.setTimeout(30_000);

/**
 * The client provider's guards for device caches (client/src/features/drafts/draftCache.ts): a cache is synced only
 * over a connection of its owner, and `saved` tells when the server holds every local edit (the sign-out warning).
 */
let db: DraftTestDb;
let server: DraftTestServer;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  db = await startDraftDb();
  server = await startDraftServer();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
afterAll(async () => {
  await server.close();
  await db.stop();
});

const storedText = async (draftId: string): Promise<string> => {
  const { doc } = await loadDraft(new Types.ObjectId(draftId));
  return fragmentText(doc);
};

/** A provider over its own socket for `socketUser`, syncing `doc` on behalf of `owner`. */
function openProvider(
  socketUser: { userId: string; name: string },
  owner: string,
  draftId: string,
  doc: Y.Doc,
) {
  const socket = connectClient(server.url, socketUser);
  const emitted: string[] = [];
  const emit = socket.emit.bind(socket);
  socket.emit = ((event: string, ...args: unknown[]) => {
    emitted.push(event);
    return emit(event, ...args);
  }) as typeof socket.emit;
  const provider = new SocketDraftProvider(socket, draftId, doc, { userId: owner });
  const errors: string[] = [];
  let saved = 0;
  let localChanges = 0;
  provider.on('error', (code) => errors.push(code));
  provider.on('saved', () => (saved += 1));
  provider.on('localChange', () => (localChanges += 1));
  cleanups.push(() => {
    provider.destroy();
    socket.disconnect();
  });
  return {
    socket,
    provider,
    emitted,
    errors,
    saved: () => saved,
    localChanges: () => localChanges,
  };
}

describe('device caches and the draft provider', () => {
  test('aCacheIsNeverSyncedOverAnotherUsersConnection', async () => {
    const { draftId, users } = await seedDraft(['participant', 'participant']);
    const [ana, bruno] = [users[0], users[1]];
    // Ana's cached copy, with an edit she made offline; the connection is Bruno's (the cookie was replaced).
    const cached = new Y.Doc();
    typeInto(cached, 'Ana offline: Rosario.');
    const wrong = openProvider(bruno, ana.userId, draftId, cached);
    await waitFor(() => wrong.errors.includes('wrong_user'), 10_000, 'wrong_user');
    expect(wrong.provider.status).toBe('error');
    expect(wrong.provider.access).toBeNull();
    // It joined (to learn whose connection this is), then left: not one sync message.
    expect(wrong.emitted).not.toContain('draft:sync');
    // Later edits are not sent either, and a reconnect asks again.
    typeInto(cached, ' More.');
    wrong.socket.disconnect().connect();
    await waitFor(() => wrong.errors.filter((code) => code === 'wrong_user').length >= 2, 10_000, 'rejoin');
    expect(wrong.emitted).not.toContain('draft:sync');

    // Over Ana's own connection the same copy is synced.
    const right = openProvider(ana, ana.userId, draftId, cached);
    await waitFor(() => right.saved() > 0, 10_000, 'saved');
    expect(await storedText(draftId)).toBe('Ana offline: Rosario. More.');
    expect(right.errors).toEqual([]);
  });

  test('savedMeansTheServerHoldsEveryLocalEditIncludingOnesMadeOffline', async () => {
    const { draftId, users } = await seedDraft(['participant', 'observer']);
    const [ana, observer] = [users[0], users[1]];
    const doc = new Y.Doc();
    const editor = openProvider(ana, ana.userId, draftId, doc);
    await waitFor(() => editor.provider.status === 'synced', 10_000, 'synced');

    typeInto(doc, 'Online.');
    expect(editor.localChanges()).toBe(1);
    const savedBefore = editor.saved();
    await waitFor(() => editor.saved() > savedBefore, 10_000, 'saved after an online edit');
    expect(await storedText(draftId)).toBe('Online.');

    editor.socket.disconnect();
    await waitFor(() => editor.provider.status === 'offline');
    typeInto(doc, ' Offline.');
    expect(editor.localChanges()).toBe(2);
    expect(await editor.provider.settle()).toBe(false);
    const savedOffline = editor.saved();
    editor.socket.connect();
    await waitFor(() => editor.saved() > savedOffline, 10_000, 'saved after reconnecting');
    expect(await storedText(draftId)).toBe('Online. Offline.');

    // Remote edits are not local changes.
    const other = openEditor(server.url, ana, draftId);
    cleanups.push(() => other.close());
    await synced(other);
    typeInto(other.doc, ' Remote.');
    await waitFor(() => fragmentText(doc) === 'Online. Offline. Remote.', 10_000, 'remote edit');
    expect(editor.localChanges()).toBe(2);

    // Read access: edits cannot reach the server, so they are never reported saved.
    const readOnly = new Y.Doc();
    const reader = openProvider(observer, observer.userId, draftId, readOnly);
    await waitFor(() => reader.provider.status === 'synced' && reader.provider.access === 'read');
    typeInto(readOnly, ' Observer.');
    expect(await reader.provider.settle()).toBe(false);
    expect(reader.saved()).toBe(0);
  });
});
