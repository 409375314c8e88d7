import fc from 'fast-check';
import { Types } from 'mongoose';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MAX_DRAFT_MESSAGE_BYTES, type Ack } from '@polos/shared';
import { loadDraft } from '../../../server/src/features/drafts/draftPersistence';
import { GuardedDoc } from '../../../server/src/features/drafts/draftUpdateGuard';
import { MAX_STRIKES } from '../../../server/src/features/drafts/draftSync.socket';
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

jest.setTimeout(60_000);

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

const updateMessage = (update: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, syncProtocol.messageYjsUpdate);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
};

const storedState = async (draftId: string): Promise<{ text: string; pending: boolean }> => {
  const { doc } = await loadDraft(new Types.ObjectId(draftId));
  return {
    text: fragmentText(doc),
    pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null,
  };
};

/** Two editors on a draft holding "Stable text."; returns them and a counter of relays b received. */
async function setup() {
  const { draftId, users } = await seedDraft(['participant', 'participant']);
  const a = openEditor(server.url, users[0], draftId);
  const b = openEditor(server.url, users[1], draftId);
  editors.push(a, b);
  await Promise.all([synced(a), synced(b)]);
  typeInto(a.doc, 'Stable text.');
  await a.provider.flush();
  await waitFor(() => b.text() === 'Stable text.');
  let relayed = 0;
  b.socket.on('draft:sync', () => (relayed += 1));
  return { draftId, users, a, b, relayed: () => relayed };
}

/** Updates that must be refused: each leaves nothing behind. */
function badUpdates(): Record<string, Uint8Array> {
  const source = new Y.Doc();
  typeInto(source, 'abcdef');
  const first = Y.encodeStateAsUpdate(source);
  const afterFirst = Y.encodeStateVector(source);
  typeInto(source, 'ghi');
  const secondOnly = Y.encodeStateAsUpdate(source, afterFirst);
  const deleter = new Y.Doc();
  Y.applyUpdate(deleter, first);
  const beforeDelete = Y.encodeStateVector(deleter);
  const sub = deleter.getXmlFragment('default').get(0) as Y.XmlElement;
  (sub.get(0) as Y.XmlText).delete(1, 2);
  const deleteOnly = Y.encodeStateAsUpdate(deleter, beforeDelete);
  const garbage = new Uint8Array(64).map((_, i) => (i * 37 + 11) % 256);
  return {
    truncated: first.subarray(0, first.byteLength - 4),
    garbage,
    missingStructDependency: secondOnly,
    missingDeleteDependency: deleteOnly,
  };
}

describe('untrusted draft updates', () => {
  test.each(Object.keys(badUpdates()))(
    'rejects%sUpdateLeavingStoredAndLiveDocumentsUnchanged',
    async (kind) => {
      const { draftId, a, b, relayed } = await setup();
      const bad = badUpdates()[kind];
      const reply = await request<Ack<unknown>>(a.socket, 'draft:sync', {
        draftId,
        message: updateMessage(bad),
      });
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(['malformed_update', 'missing_dependencies']).toContain(reply.error.code);
      // A good update still goes through afterwards (the live document was not poisoned).
      typeInto(a.doc, ' More.');
      expect(await a.provider.flush()).toBe(true);
      await waitFor(() => b.text() === 'Stable text. More.', 5000, 'good update after bad');
      expect(relayed()).toBe(1);
      expect(await storedState(draftId)).toEqual({ text: 'Stable text. More.', pending: false });
      const live = server.hub.loadedRoom(draftId)!.doc;
      expect(live.store.pendingStructs).toBeNull();
      expect(fragmentText(live)).toBe('Stable text. More.');
    },
  );

  test('bytesAfterTheUpdateAreNeverRelayed', async () => {
    const { draftId, users, a, b } = await setup();
    // The update typed on a copy of a's document, sent with trailing bytes by a client that is not the editor.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc));
    const before = Y.encodeStateVector(copy);
    typeInto(copy, ' Tail.');
    const update = Y.encodeStateAsUpdate(copy, before);
    const padded = new Uint8Array([...updateMessage(update), 0xde, 0xad, 0xbe, 0xef]);
    const received: Uint8Array[] = [];
    b.socket.on('draft:sync', (event: { message: Uint8Array }) =>
      received.push(new Uint8Array(event.message)),
    );
    const sender = connectClient(server.url, users[0]);
    try {
      await request(sender, 'draft:join', { draftId });
      const reply = await request<Ack<unknown>>(sender, 'draft:sync', { draftId, message: padded });
      expect(reply.ok).toBe(true);
      await waitFor(() => received.length > 0, 5000, 'relay received');
      // Peers get the update's own message, without what followed it.
      expect(received[0]).toEqual(updateMessage(update));
      await waitFor(() => b.text() === 'Stable text. Tail.', 5000, 'peer applied the update');
    } finally {
      sender.disconnect();
    }
  });

  test('rejectsOversizeMessageAndMalformedChunks', async () => {
    const { draftId, a } = await setup();
    const tooBig = new Uint8Array(MAX_DRAFT_MESSAGE_BYTES + 1);
    const reply = await request<Ack<unknown>>(a.socket, 'draft:sync', { draftId, message: tooBig });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const chunk = await request<Ack<unknown>>(a.socket, 'draft:sync', {
      draftId,
      message: new Uint8Array(10),
      chunk: { id: 'x1', index: 5, count: 2 },
    });
    expect(chunk).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((await storedState(draftId)).text).toBe('Stable text.');
  });

  test('packetAboveMaxHttpBufferSizeClosesOnlyThatSocket', async () => {
    const { draftId, users, b } = await setup();
    const socket = connectClient(server.url, users[0]);
    await waitFor(() => socket.connected);
    let closed = false;
    socket.on('disconnect', () => (closed = true));
    socket.emit('draft:sync', { draftId, message: new Uint8Array(1_100_000) }, () => undefined);
    await waitFor(() => closed, 5000, 'oversize packet closes the socket');
    socket.disconnect();
    expect(b.socket.connected).toBe(true);
    expect((await storedState(draftId)).text).toBe('Stable text.');
  });

  test('chunkedLargeUpdateIsReassembledAndStored', async () => {
    const { draftId, a, b } = await setup();
    // ~600 KB of text in one transaction → one update above the per-message cap → sent in chunks.
    const big = 'x'.repeat(600_000);
    typeInto(a.doc, big);
    expect(await a.provider.flush()).toBe(true);
    await waitFor(
      () => b.text().length === 'Stable text.'.length + big.length,
      10_000,
      'large update relayed',
    );
    expect((await storedState(draftId)).text.length).toBe('Stable text.'.length + big.length);
  });

  test('repeatOffenderIsDisconnected', async () => {
    const { draftId, users } = await setup();
    const socket = connectClient(server.url, users[1]);
    try {
      const join = await request<Ack<unknown>>(socket, 'draft:join', { draftId });
      expect(join.ok).toBe(true);
      let disconnected = false;
      socket.on('disconnect', () => (disconnected = true));
      socket.io.reconnection(false);
      for (let i = 0; i < MAX_STRIKES; i += 1) {
        const reply = await request<Ack<unknown>>(socket, 'draft:sync', {
          draftId,
          message: updateMessage(new Uint8Array([1, 2, 3, i])),
        });
        expect(reply.ok).toBe(false);
      }
      await waitFor(() => disconnected, 5000, 'offender disconnected');
      expect((await storedState(draftId)).text).toBe('Stable text.');
    } finally {
      socket.disconnect();
    }
  });

  test('floodOfDraftMessagesIsRateLimitedAndTheServerStaysUp', async () => {
    const { draftId, users, b } = await setup();
    const socket = connectClient(server.url, users[0]);
    try {
      await request(socket, 'draft:join', { draftId });
      const step1 = Uint8Array.from([0, 1, 0]); // sync step 1 with an empty state vector
      const replies = await Promise.all(
        Array.from({ length: 400 }, () =>
          request<Ack<unknown>>(socket, 'draft:sync', { draftId, message: step1 }),
        ),
      );
      const limited = replies.filter((r) => !r.ok && r.error.code === 'rate_limited').length;
      expect(limited).toBeGreaterThan(100);
      expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(200);
      // Others are unaffected.
      typeInto(b.doc, ' Still fine.');
      expect(await b.provider.flush()).toBe(true);
    } finally {
      socket.disconnect();
    }
  });

  test('randomAndBitFlippedUpdatesNeverCorruptTheDocument', async () => {
    const { draftId, users, b } = await setup();
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(b.doc));
    const sv = Y.encodeStateVector(base);
    typeInto(base, ' appended');
    const valid = Y.encodeStateAsUpdate(base, sv);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 0, maxLength: 200 }),
          fc.tuple(fc.nat(valid.byteLength - 1), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => {
            const flipped = valid.slice();
            flipped[at] = flipped[at] ^ mask;
            return flipped;
          }),
        ),
        async (bytes) => {
          // A fresh socket each time: a bad run must not trip the repeat-offender limit of the next.
          const socket = connectClient(server.url, users[0]);
          try {
            await request(socket, 'draft:join', { draftId });
            const reply = await request<Ack<unknown>>(socket, 'draft:sync', {
              draftId,
              message: updateMessage(bytes),
            });
            const live = server.hub.loadedRoom(draftId)!.doc;
            // Whatever happened, the live document has nothing pending and equals the stored one.
            expect(live.store.pendingStructs).toBeNull();
            expect(live.store.pendingDs).toBeNull();
            const stored = await storedState(draftId);
            expect(stored.pending).toBe(false);
            expect(stored.text).toBe(fragmentText(live));
            expect(typeof reply.ok).toBe('boolean');
          } finally {
            socket.disconnect();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('GuardedDoc', () => {
  test('rejectsPendingDeletesAndKeepsScratchInSync', () => {
    const guard = new GuardedDoc(new Y.Doc());
    const { missingDeleteDependency, missingStructDependency, truncated } = badUpdates();
    expect(guard.apply(missingDeleteDependency, null)).toEqual({ ok: false, reason: 'missing_dependencies' });
    expect(guard.apply(missingStructDependency, null)).toEqual({ ok: false, reason: 'missing_dependencies' });
    expect(guard.apply(truncated, null).ok).toBe(false);
    const good = new Y.Doc();
    typeInto(good, 'fine');
    expect(guard.apply(Y.encodeStateAsUpdate(good), null)).toEqual({ ok: true, changed: true });
    expect(guard.apply(Y.encodeStateAsUpdate(good), null)).toEqual({ ok: true, changed: false });
    expect(fragmentText(guard.live)).toBe('fine');
  });
});
