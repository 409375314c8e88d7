import { Types } from 'mongoose';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { Ack, DraftJoinResult } from '@polos/shared';
import { DraftUpdate } from '../../../server/src/features/drafts/draft.model';
import { loadDraft } from '../../../server/src/features/drafts/draftPersistence';
import { setDraftLocked } from '../../../server/src/features/drafts/draft.service';
import {
  connectClient,
  fragmentText,
  openEditor,
  request,
  seedDraft,
  startDraftDb,
  startDraftServer,
  synced,
  typeInto,
  waitFor,
  type DraftTestDb,
  type DraftTestServer,
  type TestEditor,
} from './draftHarness';

jest.setTimeout(30_000);

let db: DraftTestDb;
let server: DraftTestServer;
const editors: TestEditor[] = [];

beforeAll(async () => {
  db = await startDraftDb();
  server = await startDraftServer();
});
afterEach(() => {
  for (const editor of editors.splice(0)) editor.close();
});
afterAll(async () => {
  await server.close();
  await db.stop();
});

const open = (user: { userId: string; name: string }, draftId: string): TestEditor => {
  const editor = openEditor(server.url, user, draftId);
  editors.push(editor);
  return editor;
};

const storedText = async (draftId: string): Promise<string> => {
  const { doc } = await loadDraft(new Types.ObjectId(draftId));
  return fragmentText(doc);
};

const updateMessage = (update: Uint8Array, type: number = syncProtocol.messageYjsUpdate): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
};

/** An update made on a fresh client: "hello" in a new paragraph. */
const freshUpdate = (text: string): { doc: Y.Doc; update: Uint8Array } => {
  const doc = new Y.Doc();
  typeInto(doc, text);
  return { doc, update: Y.encodeStateAsUpdate(doc) };
};

describe('draft sync over Socket.IO', () => {
  test('twoEditorsConvergeAndTheAckMeansDurable', async () => {
    const { draftId, users } = await seedDraft(['participant', 'moderator']);
    const a = open(users[0], draftId);
    const b = open(users[1], draftId);
    await Promise.all([synced(a), synced(b)]);
    typeInto(a.doc, 'Clusters ');
    typeInto(b.doc, 'cooperate.');
    expect(await a.provider.flush()).toBe(true);
    expect(await b.provider.flush()).toBe(true);
    // Acked → in the database.
    const stored = await storedText(draftId);
    expect(stored).toContain('Clusters');
    expect(stored).toContain('cooperate.');
    await waitFor(
      () => a.text() === b.text() && a.text().includes('cooperate.') && a.text().includes('Clusters'),
      5000,
      'convergence',
    );
    expect(stored).toBe(a.text());
  });

  test('aLateJoinerReceivesTheStoredDocumentAndOfflineEditsMerge', async () => {
    const { draftId, users } = await seedDraft(['participant', 'participant']);
    const a = open(users[0], draftId);
    await synced(a);
    typeInto(a.doc, 'First.');
    await a.provider.flush();
    // b edits offline, before connecting (as with the IndexedDB cache).
    const offline = new Y.Doc();
    const bSocketEditor = openEditor(server.url, users[1], draftId, offline);
    editors.push(bSocketEditor);
    await synced(bSocketEditor);
    await waitFor(() => bSocketEditor.text() === 'First.', 5000, 'late joiner state');
    bSocketEditor.socket.disconnect();
    await waitFor(() => bSocketEditor.provider.status === 'offline');
    typeInto(offline, ' Offline.');
    typeInto(a.doc, ' Online.');
    await a.provider.flush();
    bSocketEditor.socket.connect();
    await synced(bSocketEditor);
    await waitFor(
      () => a.text() === bSocketEditor.text() && a.text().includes('Offline.'),
      5000,
      'offline merge',
    );
    await waitFor(async () => (await storedText(draftId)).includes('Offline.'), 5000, 'offline edit stored');
  });

  test('observerReadsButItsUpdatesAreDroppedAndItStillReceivesOthers', async () => {
    const { draftId, users } = await seedDraft(['participant', 'observer']);
    const editor = open(users[0], draftId);
    const observer = open(users[1], draftId);
    await Promise.all([synced(editor), synced(observer)]);
    expect(observer.provider.access).toBe('read');
    const { update } = freshUpdate('observer text');
    const reply = await request<Ack<unknown>>(observer.socket, 'draft:sync', {
      draftId,
      message: updateMessage(update),
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'read_only' } });
    const step2 = await request<Ack<unknown>>(observer.socket, 'draft:sync', {
      draftId,
      message: updateMessage(update, syncProtocol.messageYjsSyncStep2),
    });
    expect(step2).toMatchObject({ ok: false, error: { code: 'read_only' } });
    typeInto(editor.doc, 'Editor text');
    await editor.provider.flush();
    await waitFor(() => observer.text() === 'Editor text', 5000, 'observer receives');
    expect(await storedText(draftId)).toBe('Editor text');
    expect(await DraftUpdate.countDocuments({ draftId: new Types.ObjectId(draftId) })).toBe(1);
  });

  test('lockedDraftIsReadOnlyForEveryoneUntilUnlocked', async () => {
    const { draftId, users } = await seedDraft(['moderator', 'participant']);
    const moderator = open(users[0], draftId);
    const participant = open(users[1], draftId);
    await Promise.all([synced(moderator), synced(participant)]);
    typeInto(participant.doc, 'Before lock.');
    await participant.provider.flush();
    const draft = await setDraftLocked(draftId, true);
    server.hub.setAccess(draftId, () => 'read');
    server.io.to(`draft:${draftId}`).emit('draft:updated', { ...draft, id: draftId });
    await waitFor(
      () => moderator.provider.access === 'read' && participant.provider.access === 'read',
      5000,
      'read access',
    );
    const { update } = freshUpdate('during lock');
    for (const editor of [moderator, participant]) {
      const reply = await request<Ack<unknown>>(editor.socket, 'draft:sync', {
        draftId,
        message: updateMessage(update),
      });
      expect(reply).toMatchObject({ ok: false, error: { code: 'read_only' } });
    }
    expect(await storedText(draftId)).toBe('Before lock.');
    await setDraftLocked(draftId, false);
    const rejoin = await request<Ack<DraftJoinResult>>(participant.socket, 'draft:join', { draftId });
    expect(rejoin).toMatchObject({ ok: true, data: { access: 'edit' } });
  });

  test('nonMemberCannotJoinNorSync', async () => {
    const { draftId, users } = await seedDraft(['participant', null]);
    const socket = connectClient(server.url, users[1]);
    try {
      const join = await request<Ack<unknown>>(socket, 'draft:join', { draftId });
      expect(join).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const { update } = freshUpdate('intruder');
      const sync = await request<Ack<unknown>>(socket, 'draft:sync', {
        draftId,
        message: updateMessage(update),
      });
      expect(sync).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await storedText(draftId)).toBe('');
    } finally {
      socket.disconnect();
    }
  });

  test('awarenessCarriesTheAuthenticatedNameToOthers', async () => {
    const { draftId, users } = await seedDraft(['participant', 'participant']);
    const a = open(users[0], draftId);
    const b = open(users[1], draftId);
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Spoofed Name', color: '#112233' });
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'awareness relayed');
    const state = b.provider.awareness.getStates().get(a.doc.clientID) as {
      user: { name: string; color: string };
    };
    expect(state.user).toMatchObject({ name: users[0].name, color: '#112233' });
    a.close();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'awareness removed');
  });
});
