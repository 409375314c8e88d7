/**
 * Load-generator child of the drafts benchmark: hosts a share of the editors, so that receiving every
 * relayed update (editors − 1 deliveries per keystroke) does not saturate one event loop and inflate the
 * latencies it measures. Driven over IPC by drafts.bench.ts:
 *   → { type: 'run', url, draftId, userId, first, count, rate }
 *   ← { type: 'connected' } once every editor has joined
 *   → { type: 'go', measureFrom, measureTo }: type from now until measureTo, count sends inside the window
 *   ← { type: 'result', … } half a second after measureTo; the editors stay connected, idle, for the next 'go'
 *   → { type: 'stop' }: disconnect and exit
 * Each editor keeps one document (one client id) over every window, as one editing session would.
 * Times are absolute (performance.timeOrigin + performance.now()) so the parent can match a send in one
 * worker with its receipt in another: all workers share the machine's clock.
 */
import { io as connect, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { watchStalls } from '../lib/stalls';
import { RawSocketIo } from './rawSocketIo';

export interface EditorsRun {
  type: 'run';
  url: string;
  draftId: string;
  userId: string;
  first: number;
  count: number;
  rate: number;
}

export interface EditorsGo {
  type: 'go';
  /** Absolute times (ms since the epoch, fractional) of the measured window. */
  measureFrom: number;
  measureTo: number;
}

/** Ends the worker: its editors disconnect. */
export interface EditorsStop {
  type: 'stop';
}

export interface EditorsResult {
  type: 'result';
  /** Keys ({@link keystrokeKeys}) and absolute send times of the updates sent inside the measured window. */
  sentKeys: number[];
  sentTimes: number[];
  /** Keys and absolute receipt times of every update received by an editor of this worker. */
  receivedKeys: number[];
  receivedTimes: number[];
  /** Send → ack (durable) latencies inside the measured window, ms. */
  acks: number[];
  /** This worker's event-loop stalls ([absolute start, gap ms]) when DRAFT_BENCH_DUMP is set. */
  stalls: Array<[number, number, number, number]>;
  /** This worker's garbage collections over 5 ms ([absolute start, ms, kind]) when DRAFT_BENCH_DUMP is set. */
  gcs: Array<[number, number, number]>;
}

const now = (): number => performance.timeOrigin + performance.now();
/**
 * The keys of the keystrokes a sync update message carries: client id × 2²¹ + clock, one per clock the update adds
 * (each keystroke inserts one character: one clock). A server may merge several keystrokes into one message (the
 * app relays a turn's updates to a room together), so receipts are matched by keystroke, not by message bytes.
 * `skipClient`: the receiving editor's own client id (an echo of its own keystroke is not a delivery).
 */
export function keystrokeKeys(message: Uint8Array, skipClient: number, into: (key: number) => void): void {
  const decoder = decoding.createDecoder(message);
  decoding.readVarUint(decoder); // message type: update (the editors send and receive nothing else)
  const meta = Y.parseUpdateMeta(decoding.readVarUint8Array(decoder));
  for (const [client, from] of meta.from) {
    if (client === skipClient) continue;
    const to = meta.to.get(client) ?? from;
    for (let clock = from; clock < to; clock += 1) into(client * 0x200000 + clock);
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One editor's connection, over the raw client (default) or socket.io-client (DRAFT_BENCH_CLIENT=socket.io). */
interface EditorSocket {
  emit(event: string, payload: Record<string, unknown>, ack: () => void): void;
  /** Calls `listener` with every relayed `draft:sync` message. */
  onSync(listener: (message: Uint8Array) => void): void;
  close(): void;
}

async function connectEditor(url: string, auth: Record<string, unknown>): Promise<EditorSocket> {
  if (process.env.DRAFT_BENCH_CLIENT === 'socket.io') {
    const socket: Socket = connect(url, { transports: ['websocket'], forceNew: true, auth });
    await new Promise<void>((resolve) =>
      socket.connected ? resolve() : socket.once('connect', () => resolve()),
    );
    return {
      emit: (event, payload, ack) => socket.emit(event, payload, ack),
      onSync: (listener) =>
        socket.on('draft:sync', (event: { message: Uint8Array }) => listener(event.message)),
      close: () => socket.disconnect(),
    };
  }
  const socket = new RawSocketIo(url, auth);
  await socket.ready();
  return {
    emit: (event, payload, ack) => socket.emit(event, payload, ack),
    onSync: (listener) => {
      socket.onEvent = (json, attachments) => {
        if (json.startsWith('["draft:sync"') && attachments.length === 1) listener(attachments[0]);
      };
    },
    close: () => socket.close(),
  };
}

/** One editor: its connection and its document (one client id for the whole run, as one editing session). */
interface Editor {
  socket: EditorSocket;
  text: Y.XmlText;
  letter: string;
  /** Where this editor's updates go (set per window: counted or not, with the window's result). */
  onUpdate: (message: Uint8Array) => void;
}

async function run(job: EditorsRun): Promise<void> {
  const sockets = await Promise.all(
    Array.from({ length: job.count }, (_, i) =>
      connectEditor(job.url, { userId: job.userId, name: `Editor ${job.first + i}` }),
    ),
  );
  await Promise.all(
    sockets.map(
      (s) => new Promise<void>((resolve) => s.emit('draft:join', { draftId: job.draftId }, () => resolve())),
    ),
  );
  const docs = sockets.map(() => new Y.Doc());
  const editors: Editor[] = sockets.map((socket, i) => {
    const doc = docs[i];
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    const editor: Editor = {
      socket,
      text,
      letter: String.fromCharCode(97 + ((job.first + i) % 26)),
      // Outside a window (the paragraph below): sent, not counted.
      onUpdate: (update) =>
        socket.emit('draft:sync', { draftId: job.draftId, message: update }, () => undefined),
    };
    doc.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      syncProtocol.writeUpdate(encoder, update);
      editor.onUpdate(encoding.toUint8Array(encoder));
    });
    doc.transact(() => {
      doc.getXmlFragment('default').insert(0, [paragraph]);
      paragraph.insert(0, [text]);
    });
    return editor;
  });
  let received: { keys: number[]; times: number[] } = { keys: [], times: [] };
  editors.forEach((editor, i) => {
    const own = docs[i].clientID;
    editor.socket.onSync((message) => {
      const t = now();
      keystrokeKeys(message, own, (key) => {
        received.keys.push(key);
        received.times.push(t);
      });
    });
  });
  const watch = process.env.DRAFT_BENCH_DUMP ? watchStalls() : null;
  process.send?.({ type: 'connected' });
  for (;;) {
    const message = await new Promise<EditorsGo | EditorsStop>((resolve) => process.once('message', resolve));
    if (message.type === 'stop') break;
    const { measureFrom, measureTo } = message;
    const result: EditorsResult = {
      type: 'result',
      sentKeys: [],
      sentTimes: [],
      receivedKeys: [],
      receivedTimes: [],
      acks: [],
      stalls: [],
      gcs: [],
    };
    received = { keys: result.receivedKeys, times: result.receivedTimes };
    const timers: NodeJS.Timeout[] = [];
    for (const editor of editors) {
      editor.onUpdate = (update) => {
        const t0 = now();
        const counted = t0 >= measureFrom && t0 < measureTo;
        if (counted)
          keystrokeKeys(update, -1, (key) => {
            result.sentKeys.push(key);
            result.sentTimes.push(t0);
          });
        editor.socket.emit('draft:sync', { draftId: job.draftId, message: update }, () => {
          if (counted) result.acks.push(now() - t0);
        });
      };
      // Random phase so the editors do not type in lockstep.
      timers.push(
        setTimeout(
          () =>
            timers.push(
              setInterval(() => editor.text.insert(editor.text.length, editor.letter), 1000 / job.rate),
            ),
          Math.random() * (1000 / job.rate),
        ),
      );
    }
    await sleep(measureTo - now());
    for (const timer of timers) clearInterval(timer);
    await sleep(500); // deliveries of the last updates
    received = { keys: [], times: [] };
    if (watch) {
      result.stalls = watch.stalls.filter(([t]) => t >= measureFrom - 200 && t < measureTo);
      result.gcs = watch.gcs.filter(([t]) => t >= measureFrom - 200 && t < measureTo);
      watch.stalls.length = 0;
      watch.gcs.length = 0;
    }
    process.send?.(result);
  }
  for (const socket of sockets) socket.close();
  process.exit(0);
}

process.once('message', (message: EditorsRun) => {
  run(message).catch((error: unknown) => {
    process.stderr.write(
      `editors worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
});
