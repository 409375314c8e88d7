import fc from 'fast-check';
import { Types } from 'mongoose';
import * as Y from 'yjs';
import { SocketDraftProvider } from '../../../client/src/features/drafts/draftProvider';
import { compactDraft, loadDraft } from '../../../server/src/features/drafts/draftPersistence';
import {
  connectClient,
  fragmentText,
  seedDraft,
  startDraftDb,
  startDraftServer,
  typeInto,
  waitFor,
  type DraftTestDb,
  type DraftTestServer,
} from './draftHarness';

jest.setTimeout(180_000);

let db: DraftTestDb;
let server: DraftTestServer;
beforeAll(async () => {
  db = await startDraftDb();
  server = await startDraftServer({ compactEvery: 20, idleCompactMs: 50 });
});
afterAll(async () => {
  await server.close();
  await db.stop();
});

type Op =
  | { kind: 'insert'; peer: number; at: number; text: string }
  | { kind: 'delete'; peer: number; at: number; length: number }
  | { kind: 'disconnect'; peer: number }
  | { kind: 'reconnect'; peer: number }
  | { kind: 'reload'; peer: number }
  | { kind: 'wait'; ms: number };

const opArb = (peers: number): fc.Arbitrary<Op> => {
  const peer = fc.nat(peers - 1);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('insert' as const),
        peer,
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        text: fc.stringMatching(/^[a-z]{1,4}$/),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('delete' as const),
        peer,
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        length: fc.integer({ min: 1, max: 3 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), peer }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reconnect' as const), peer }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), peer }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 15 }) }),
    },
  );
};

function deleteIn(doc: Y.Doc, at: number, length: number): void {
  const paragraph = doc.getXmlFragment('default').get(0) as Y.XmlElement | undefined;
  const text = paragraph?.get(0) as Y.XmlText | undefined;
  if (!text || text.length === 0) return;
  const start = Math.min(Math.floor(at * text.length), text.length - 1);
  text.delete(start, Math.min(length, text.length - start));
}

function insertIn(doc: Y.Doc, at: number, value: string): void {
  const paragraph = doc.getXmlFragment('default').get(0) as Y.XmlElement | undefined;
  const length = (paragraph?.get(0) as Y.XmlText | undefined)?.length ?? 0;
  typeInto(doc, value, Math.floor(at * length));
}

describe('draft convergence', () => {
  test('peersWithRandomEditsDisconnectsAndReloadsConvergeLiveAndAfterReload', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 3, max: 5 })
          .chain((peers) =>
            fc.tuple(fc.constant(peers), fc.array(opArb(peers), { minLength: 5, maxLength: 40 })),
          ),
        async ([peerCount, ops]) => {
          const { draftId, users } = await seedDraft(
            Array.from({ length: peerCount }, () => 'participant' as const),
          );
          const peers = users.map((user) => {
            const socket = connectClient(server.url, user);
            const doc = new Y.Doc();
            return { socket, doc, provider: new SocketDraftProvider(socket, draftId, doc) };
          });
          try {
            await waitFor(() => peers.every((p) => p.provider.status === 'synced'), 10_000, 'initial sync');
            for (const op of ops) {
              if (op.kind === 'wait') {
                await new Promise((resolve) => setTimeout(resolve, op.ms));
                continue;
              }
              const peer = peers[op.peer];
              switch (op.kind) {
                case 'insert':
                  insertIn(peer.doc, op.at, op.text);
                  break;
                case 'delete':
                  deleteIn(peer.doc, op.at, op.length);
                  break;
                case 'disconnect':
                  peer.socket.disconnect();
                  break;
                case 'reconnect':
                  if (!peer.socket.connected) peer.socket.connect();
                  break;
                case 'reload': {
                  // A page reload: the local (IndexedDB-like) copy survives, the provider starts afresh.
                  const saved = Y.encodeStateAsUpdate(peer.doc);
                  peer.provider.destroy();
                  peer.doc.destroy();
                  peer.doc = new Y.Doc();
                  Y.applyUpdate(peer.doc, saved);
                  peer.provider = new SocketDraftProvider(peer.socket, draftId, peer.doc);
                  break;
                }
              }
            }
            for (const peer of peers) if (!peer.socket.connected) peer.socket.connect();
            await waitFor(
              () => peers.every((p) => p.provider.status === 'synced'),
              15_000,
              'everyone synced',
            );
            await Promise.all(peers.map((p) => p.provider.flush()));
            const texts = () => peers.map((p) => fragmentText(p.doc));
            await waitFor(
              () => new Set(texts()).size === 1,
              15_000,
              `convergence of ${JSON.stringify(texts())}`,
            );
            const live = texts()[0];
            // Persisted and reloaded (tail, then compacted) equals what everyone sees.
            const oid = new Types.ObjectId(draftId);
            await waitFor(
              async () => fragmentText((await loadDraft(oid)).doc) === live,
              10_000,
              'stored equals live',
            );
            await compactDraft(oid);
            const reloaded = await loadDraft(oid);
            expect(fragmentText(reloaded.doc)).toBe(live);
            expect(reloaded.doc.store.pendingStructs).toBeNull();
          } finally {
            for (const peer of peers) {
              peer.provider.destroy();
              peer.socket.disconnect();
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
