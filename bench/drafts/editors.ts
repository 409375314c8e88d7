/**
 * Load-generator child of the drafts benchmark: hosts a share of the editors, so that receiving every
 * relayed update (editors − 1 deliveries per keystroke) does not saturate one event loop and inflate the
 * latencies it measures. Driven over IPC by drafts.bench.ts:
 *   → { type: 'run', url, draftId, userId, first, count, rate }
 *   ← { type: 'connected' } once every editor has joined
 *   → { type: 'go', measureFrom, measureTo }: type from now until measureTo, count sends inside the window
 *   ← { type: 'result', … }
 * Times are absolute (performance.timeOrigin + performance.now()) so the parent can match a send in one
 * worker with its receipt in another: all workers share the machine's clock.
 */
import { io as connect, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

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

export interface EditorsResult {
  type: 'result';
  /** [message key, absolute send time] of updates sent inside the measured window. */
  sent: Array<[string, number]>;
  /** [message key, absolute receipt time] of every update received by an editor of this worker. */
  received: Array<[string, number]>;
  /** Send → ack (durable) latencies inside the measured window, ms. */
  acks: number[];
}

const now = (): number => performance.timeOrigin + performance.now();
const key = (message: Uint8Array): string =>
  Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString('base64');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(job: EditorsRun): Promise<void> {
  const sockets: Socket[] = [];
  for (let i = 0; i < job.count; i += 1) {
    sockets.push(
      connect(job.url, {
        transports: ['websocket'],
        forceNew: true,
        auth: { userId: job.userId, name: `Editor ${job.first + i}` },
      }),
    );
  }
  await Promise.all(
    sockets.map(
      (s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve()))),
    ),
  );
  await Promise.all(
    sockets.map(
      (s) => new Promise<void>((resolve) => s.emit('draft:join', { draftId: job.draftId }, () => resolve())),
    ),
  );
  const result: EditorsResult = { type: 'result', sent: [], received: [], acks: [] };
  for (const socket of sockets) {
    socket.on('draft:sync', (event: { message: Uint8Array }) => {
      result.received.push([key(event.message), now()]);
    });
  }
  const go = new Promise<EditorsGo>((resolve) => process.once('message', resolve));
  process.send?.({ type: 'connected' });
  const { measureFrom, measureTo } = await go;
  const timers: NodeJS.Timeout[] = [];
  sockets.forEach((socket, i) => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    doc.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder);
      const t0 = now();
      const counted = t0 >= measureFrom && t0 < measureTo;
      if (counted) result.sent.push([key(message), t0]);
      socket.emit('draft:sync', { draftId: job.draftId, message }, () => {
        if (counted) result.acks.push(now() - t0);
      });
    });
    doc.transact(() => {
      doc.getXmlFragment('default').insert(0, [paragraph]);
      paragraph.insert(0, [text]);
    });
    const letter = String.fromCharCode(97 + ((job.first + i) % 26));
    // Random phase so the editors do not type in lockstep.
    timers.push(
      setTimeout(
        () => timers.push(setInterval(() => text.insert(text.length, letter), 1000 / job.rate)),
        Math.random() * (1000 / job.rate),
      ),
    );
  });
  await sleep(measureTo - now());
  for (const timer of timers) clearInterval(timer);
  await sleep(500); // deliveries of the last updates
  for (const socket of sockets) socket.disconnect();
  process.send?.(result, () => process.exit(0));
}

process.once('message', (message: EditorsRun) => {
  run(message).catch((error: unknown) => {
    process.stderr.write(
      `editors worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
});
