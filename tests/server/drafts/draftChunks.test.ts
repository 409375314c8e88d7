/**
 * Issue 15.5: chunks of a large `draft:sync` message are buffered only for a socket that joined the draft with
 * edit access, at most {@link MAX_BUFFERED_CHUNK_BYTES_PER_USER} per user over all their sockets, and freed when
 * the socket disconnects. Real Socket.IO clients against the drafts feature on the app's pipeline.
 */
import { MAX_DRAFT_CHUNKS, MAX_DRAFT_MESSAGE_BYTES, type Ack } from '@polos/shared';
import { MAX_BUFFERED_CHUNK_BYTES_PER_USER } from '../../../server/src/features/drafts/draftSync.socket';
import {
  connectClient,
  request,
  seedDraft,
  startDraftDb,
  startDraftServer,
  waitFor,
  type DraftTestDb,
  type DraftTestServer,
} from './draftHarness';

jest.setTimeout(60_000);

let db: DraftTestDb;
let server: DraftTestServer;
const sockets: Array<ReturnType<typeof connectClient>> = [];

beforeAll(async () => {
  db = await startDraftDb();
  server = await startDraftServer();
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(async () => {
  await server.close();
  await db.stop();
});

const part = new Uint8Array(MAX_DRAFT_MESSAGE_BYTES).fill(7);

/** Sends chunk `index` of a `count`-chunk message `id`; resolves with the ack. */
const sendChunk = (socket: ReturnType<typeof connectClient>, draftId: string, id: string, index: number) =>
  request<Ack<unknown>>(socket, 'draft:sync', {
    draftId,
    message: part,
    chunk: { id, index, count: MAX_DRAFT_CHUNKS },
  });

const open = (user: { userId: string; name: string }) => {
  const socket = connectClient(server.url, user);
  sockets.push(socket);
  return socket;
};

describe('draft:sync chunks', () => {
  test('areRefusedBeforeBufferingForSocketsThatMayNotWrite', async () => {
    const { draftId, users } = await seedDraft(['participant', 'observer', null]);
    const [editor, observer, outsider] = users;
    // An outsider cannot join; a member who did not join and an observer (read access) may not write.
    const outsiderSocket = open(outsider);
    expect(await request<Ack<unknown>>(outsiderSocket, 'draft:join', { draftId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await sendChunk(outsiderSocket, draftId, 'o1', 0)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const notJoined = open(editor);
    expect(await sendChunk(notJoined, draftId, 'n1', 0)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const reader = open(observer);
    expect(await request<Ack<{ access: string }>>(reader, 'draft:join', { draftId })).toMatchObject({
      ok: true,
      data: { access: 'read' },
    });
    expect(await sendChunk(reader, draftId, 'r1', 0)).toMatchObject({
      ok: false,
      error: { code: 'read_only' },
    });
    for (const user of users) expect(server.runtime.sockets.bufferedBytes(user.userId)).toBe(0);
  });

  test('areCappedPerUserOverAllTheirSocketsAndFreedOnDisconnect', async () => {
    const { draftId, users } = await seedDraft(['participant']);
    const user = users[0];
    const [a, b, c] = [open(user), open(user), open(user)];
    for (const socket of [a, b, c])
      expect((await request<Ack<unknown>>(socket, 'draft:join', { draftId })).ok).toBe(true);
    // Two sockets each buffer all but the last chunk of a message of the largest size.
    const perMessage = MAX_DRAFT_CHUNKS - 1;
    for (const [socket, id] of [
      [a, 'a1'],
      [b, 'b1'],
    ] as const) {
      for (let index = 0; index < perMessage; index += 1)
        expect(await sendChunk(socket, draftId, id, index)).toEqual({ ok: true, data: { replies: [] } });
    }
    const buffered = 2 * perMessage * MAX_DRAFT_MESSAGE_BYTES;
    expect(server.runtime.sockets.bufferedBytes(user.userId)).toBe(buffered);
    // A third socket of the same user may fill the rest of the user's allowance, not more.
    const room = Math.floor((MAX_BUFFERED_CHUNK_BYTES_PER_USER - buffered) / MAX_DRAFT_MESSAGE_BYTES);
    for (let index = 0; index < room; index += 1)
      expect((await sendChunk(c, draftId, 'c1', index)).ok).toBe(true);
    expect(await sendChunk(c, draftId, 'c1', room)).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
    // The refused message is dropped whole; the others stay buffered.
    expect(server.runtime.sockets.bufferedBytes(user.userId)).toBe(buffered);
    a.disconnect();
    await waitFor(
      () => server.runtime.sockets.bufferedBytes(user.userId) === buffered / 2,
      5000,
      'a disconnected socket frees its chunks',
    );
    b.disconnect();
    await waitFor(
      () => server.runtime.sockets.bufferedBytes(user.userId) === 0,
      5000,
      'every buffered chunk freed',
    );
  });
});
