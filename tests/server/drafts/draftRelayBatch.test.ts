/**
 * The hub relays the updates it accepted in one turn of the event loop together (`DraftHub.flushRelays`): one
 * update goes out as received, except to its sender; several for the same room are merged into one sync update
 * message — to every socket of the room, or to all but the sender when one socket sent them all. Peers, and senders
 * that get their own update back, converge; nothing accepted is left unrelayed. The hub on the test database (the
 * embedded engine, or MONGODB_URI) with a recording emitter: which updates share a turn is decided here, not by
 * the network.
 */
import { Types } from 'mongoose';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { DraftHub, type DraftEmitter } from '../../../server/src/features/drafts/draftHub';
import { fragmentText, silentLogger, useDraftDb } from './draftHarness';

useDraftDb();

interface Emitted {
  target: { room: string; except?: string } | { socketId: string };
  event: string;
  payload: { draftId: string; message: Uint8Array };
}

/** An editor's document with one paragraph `text` (its own client id): the update that made it. */
function paragraphUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment('default');
  fragment.insert(fragment.length, [paragraph]);
  return Y.encodeStateAsUpdate(doc, before);
}

const asMessage = (update: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
};

/** Applies a relayed sync update message to `doc`. */
function applyMessage(doc: Y.Doc, message: Uint8Array): void {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsUpdate);
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'relay');
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('relays of one turn go out together', () => {
  let hub: DraftHub;
  let emitted: Emitted[];
  let draftId: string;
  const user = new Types.ObjectId().toHexString();

  beforeEach(() => {
    emitted = [];
    const emitter: DraftEmitter = {
      emit: (target, event, ...args) =>
        emitted.push({ target, event, payload: args[0] as Emitted['payload'] }),
    };
    hub = new DraftHub(emitter, silentLogger, { compactEvery: 1_000_000, idleCompactMs: 3_600_000 });
    draftId = new Types.ObjectId().toHexString();
  });
  afterEach(async () => {
    await hub.close();
  });

  const syncs = () => emitted.filter((e) => e.event === 'draft:sync');

  test('aLoneUpdateGoesOutAsReceivedExceptToItsSender', async () => {
    const room = await hub.room(draftId);
    const update = paragraphUpdate(new Y.Doc(), 'alone');
    const message = asMessage(update);
    await hub.acceptUpdate(room, update, { socketId: 'A', userId: user }, message);
    await nextTurn();
    expect(syncs()).toHaveLength(1);
    expect(syncs()[0].target).toEqual({ room: `draft:${draftId}`, except: 'A' });
    expect(syncs()[0].payload.message).toBe(message);
  });

  test('updatesOfSeveralSendersInOneTurnAreMergedIntoOneMessageForEverySocket', async () => {
    const room = await hub.room(draftId);
    const docs = { A: new Y.Doc(), B: new Y.Doc(), C: new Y.Doc() };
    const updates = {
      A: paragraphUpdate(docs.A, 'from A'),
      B: paragraphUpdate(docs.B, 'from B'),
      C: paragraphUpdate(docs.C, 'from C'),
    };
    // Accepted in the same turn (the guard and the relay run before the first await of acceptUpdate).
    const acks = (['A', 'B', 'C'] as const).map((socketId) =>
      hub.acceptUpdate(room, updates[socketId], { socketId, userId: user }),
    );
    await Promise.all(acks);
    await nextTurn();
    expect(syncs()).toHaveLength(1);
    const [relay] = syncs();
    expect(relay.target).toEqual({ room: `draft:${draftId}` });
    // A peer that had none of them gets all three.
    const peer = new Y.Doc();
    applyMessage(peer, relay.payload.message);
    expect(fragmentText(peer).split('\n').sort()).toEqual(['from A', 'from B', 'from C']);
    expect(peer.store.pendingStructs).toBeNull();
    // Each sender gets its own update back with the others' and ends equal to the room's document.
    const roomState = fragmentText(room.doc);
    for (const doc of Object.values(docs)) {
      applyMessage(doc, relay.payload.message);
      expect(fragmentText(doc)).toBe(roomState);
    }
    expect(Y.encodeStateVector(peer)).toEqual(Y.encodeStateVector(room.doc));
  });

  test('aBurstOfOneSenderIsMergedAndNotEchoedToIt', async () => {
    const room = await hub.room(draftId);
    const doc = new Y.Doc();
    const first = paragraphUpdate(doc, 'one');
    const second = paragraphUpdate(doc, 'two');
    await Promise.all([
      hub.acceptUpdate(room, first, { socketId: 'A', userId: user }),
      hub.acceptUpdate(room, second, { socketId: 'A', userId: user }),
    ]);
    await nextTurn();
    expect(syncs()).toHaveLength(1);
    expect(syncs()[0].target).toEqual({ room: `draft:${draftId}`, except: 'A' });
    const peer = new Y.Doc();
    applyMessage(peer, syncs()[0].payload.message);
    expect(fragmentText(peer)).toBe('one\ntwo');
  });

  test('updatesOfDifferentTurnsGoOutSeparatelyAndRefusedOnesNever', async () => {
    const room = await hub.room(draftId);
    const doc = new Y.Doc();
    await hub.acceptUpdate(room, paragraphUpdate(doc, 'first turn'), { socketId: 'A', userId: user });
    await nextTurn();
    // A refused update (text at the top level: the editor cannot show it) in the next turn relays nothing.
    const rogue = new Y.Doc();
    rogue.getXmlFragment('default').insert(0, [new Y.XmlText('loose text')]);
    await expect(
      hub.acceptUpdate(room, Y.encodeStateAsUpdate(rogue), { socketId: 'B', userId: user }),
    ).rejects.toMatchObject({ code: 'unrepresentable_update' });
    await hub.acceptUpdate(room, paragraphUpdate(doc, 'second turn'), { socketId: 'A', userId: user });
    await nextTurn();
    expect(syncs()).toHaveLength(2);
    const peer = new Y.Doc();
    for (const relay of syncs()) applyMessage(peer, relay.payload.message);
    expect(fragmentText(peer)).toBe('first turn\nsecond turn');
  });

  test('aRelayThatFailsForOneRoomIsLoggedAndTheOtherRoomsStillGetTheirs', async () => {
    const broken = new Types.ObjectId().toHexString();
    const failing = new DraftHub(
      {
        emit: (target, event, ...args) => {
          if ('room' in target && target.room === `draft:${broken}`) throw new Error('socket layer failed');
          emitted.push({ target, event, payload: args[0] as Emitted['payload'] });
        },
      },
      silentLogger,
      { compactEvery: 1_000_000, idleCompactMs: 3_600_000 },
    );
    try {
      const [roomA, roomB] = await Promise.all([failing.room(broken), failing.room(draftId)]);
      await Promise.all([
        failing.acceptUpdate(roomA, paragraphUpdate(new Y.Doc(), 'lost relay'), {
          socketId: 'A',
          userId: user,
        }),
        failing.acceptUpdate(roomB, paragraphUpdate(new Y.Doc(), 'relayed'), { socketId: 'B', userId: user }),
      ]);
      await nextTurn();
      expect(syncs()).toHaveLength(1);
      expect(syncs()[0].target).toEqual({ room: `draft:${draftId}`, except: 'B' });
      // The update whose relay failed is still in the room's document (and durable: its accept resolved).
      expect(fragmentText(roomA.doc)).toBe('lost relay');
    } finally {
      await failing.close();
    }
  });

  test('theRollbackCopyCatchesUpAfterTheTurnsRelaysNotInFrontOfThem', async () => {
    const room = await hub.room(draftId);
    const order: string[] = [];
    const catchUp = jest.spyOn(room.guard, 'catchUpRollbackCopy').mockImplementation(function (
      this: unknown,
    ) {
      order.push(`catch-up after ${syncs().length} relay(s)`);
      catchUp.mockRestore();
      room.guard.catchUpRollbackCopy();
    });
    const doc = new Y.Doc();
    const text = new Y.XmlText();
    const paragraph = new Y.XmlElement('paragraph');
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getXmlFragment('default').insert(0, [paragraph]);
    paragraph.insert(0, [text]);
    for (let i = 0; i < 70; i += 1) text.insert(text.length, 'x');
    // 71 keystroke-sized updates accepted in one turn: the copy is due, and nothing caught it up yet.
    const accepted = updates.map((update) => hub.acceptUpdate(room, update, { socketId: 'A', userId: user }));
    expect(room.guard.rollbackDue).toBe(true);
    expect(catchUp).not.toHaveBeenCalled();
    await Promise.all(accepted);
    await nextTurn();
    expect(order).toEqual(['catch-up after 1 relay(s)']);
    expect(room.guard.rollbackDue).toBe(false);
    // The copy holds every accepted update: a refused update now rolls back to the full text, not to a stale one.
    const rogue = new Y.Doc();
    rogue.getXmlFragment('default').insert(0, [new Y.XmlText('loose')]);
    await expect(
      hub.acceptUpdate(room, Y.encodeStateAsUpdate(rogue), { socketId: 'B', userId: user }),
    ).rejects.toMatchObject({ code: 'unrepresentable_update' });
    expect(fragmentText(room.doc)).toBe('x'.repeat(70));
  });

  test('closeSendsWhatIsStillWaitingForTheEndOfTheTurn', async () => {
    const room = await hub.room(draftId);
    const accepted = hub.acceptUpdate(room, paragraphUpdate(new Y.Doc(), 'at close'), {
      socketId: 'A',
      userId: user,
    });
    // Synchronously after the accept: the turn has not ended, the relay waits.
    expect(syncs()).toHaveLength(0);
    const closing = hub.close();
    expect(syncs()).toHaveLength(1);
    await accepted;
    await closing;
    hub = new DraftHub({ emit: () => undefined }, silentLogger); // afterEach closes this one
  });
});
