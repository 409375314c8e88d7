/**
 * Load generator for the fan-out benchmark, run as its own process so that it measures the server and
 * not itself. It speaks Engine.IO v4 / Socket.IO v5 directly over WebSocket (no socket.io-client
 * parser, no JSON parsing of broadcasts: a receiver only looks for the post's marker).
 *
 * Input: one JSON `LoadGeneratorJob` on stdin. Output: progress on stderr, one JSON
 * `LoadGeneratorResult` line on stdout.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { LoadGeneratorJob, LoadGeneratorResult } from './protocol';

const MARKER = 'bench-msg-';
const CONNECT_BATCH = 50;

interface Client {
  socket: WebSocket;
  nextAckId: number;
  pendingAcks: Map<number, (payload: string) => void>;
}

async function readJob(): Promise<LoadGeneratorJob> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  return JSON.parse(input) as LoadGeneratorJob;
}

function connect(
  url: string,
  origin: string,
  cookie: string,
  onBroadcast: (frame: string) => void,
): Promise<Client> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const headers: Record<string, string> = { Origin: origin };
  if (cookie) headers.Cookie = cookie;
  const socket = new WebSocket(wsUrl, { headers, perMessageDeflate: false });
  const client: Client = { socket, nextAckId: 0, pendingAcks: new Map() };
  return new Promise<Client>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timeout')), 20000);
    socket.on('error', (error) => reject(error));
    socket.on('message', (data: WebSocket.RawData) => {
      const frame = (data as Buffer).toString('utf8'); // text frames arrive as one Buffer
      const type = frame.charCodeAt(0);
      if (frame === '2') return socket.send('3'); // Engine.IO ping → pong
      if (type === 0x30 /* '0' open */ && frame.length > 1 && frame[1] === '{') return socket.send('40');
      if (frame.startsWith('40')) {
        clearTimeout(timer);
        return resolve(client);
      }
      if (frame.startsWith('44')) {
        clearTimeout(timer);
        return reject(new Error(`connection refused by the server: ${frame.slice(2, 200)}`));
      }
      if (frame.startsWith('43')) {
        const bracket = frame.indexOf('[');
        const id = Number(frame.slice(2, bracket));
        const pending = client.pendingAcks.get(id);
        if (pending) {
          client.pendingAcks.delete(id);
          pending(frame.slice(bracket));
        }
        return;
      }
      if (frame.startsWith('42')) onBroadcast(frame);
    });
  });
}

function emitWithAck(client: Client, event: string, payloadJson: string): Promise<string> {
  const id = client.nextAckId++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ack timeout for ${event}`)), 30000);
    client.pendingAcks.set(id, (payload) => {
      clearTimeout(timer);
      resolve(payload);
    });
    client.socket.send(`42${id}[${JSON.stringify(event)},${payloadJson}]`);
  });
}

async function main(): Promise<void> {
  const job = await readJob();
  const total = job.posts + job.warmupPosts;
  const sentAt = new Float64Array(total);
  const receivedCount = new Uint32Array(total);
  const deliveredAt = new Float64Array(total);
  const completions = new Map<number, () => void>();
  const receivePrefix = `42["${job.receiveEvent}"`;
  let deliveries = 0;
  const urls = job.urls ?? [job.url];
  const processOf = (clientIndex: number) => clientIndex % urls.length;
  const senderCount = Math.min(job.senders, job.clients);
  const senderProcessOf = (k: number) => processOf(k % senderCount);
  // Clients per process, deliveries per (post, process), when the last client of each other process got it.
  const perProcess = urls.map(
    (_, p) => Array.from({ length: job.clients }, (_, i) => i).filter((i) => processOf(i) === p).length,
  );
  const receivedPerProcess = urls.map(() => new Uint32Array(total));
  const crossReceived = new Uint32Array(total);
  const crossDeliveredAt = new Float64Array(total);

  const onBroadcast = (frame: string, proc: number) => {
    if (!frame.startsWith(receivePrefix)) return;
    const at = frame.indexOf(MARKER);
    if (at < 0) return;
    const k = Number.parseInt(frame.slice(at + MARKER.length, at + MARKER.length + 10), 10);
    if (!(k >= 0 && k < total)) return;
    deliveries += 1;
    receivedCount[k] += 1;
    receivedPerProcess[proc][k] += 1;
    if (urls.length > 1 && proc !== senderProcessOf(k)) {
      crossReceived[k] += 1;
      const expected = job.clients - perProcess[senderProcessOf(k)];
      if (crossReceived[k] === expected) crossDeliveredAt[k] = performance.now();
    }
    if (receivedCount[k] === job.clients) {
      deliveredAt[k] = performance.now();
      completions.get(k)?.();
    }
  };

  const clients: Client[] = [];
  for (let i = 0; i < job.clients; i += CONNECT_BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(CONNECT_BATCH, job.clients - i) }, (_, j) =>
        connect(
          urls[processOf(i + j)],
          job.urls ? urls[processOf(i + j)] : job.origin,
          job.cookies[(i + j) % job.cookies.length] ?? '',
          (frame) => onBroadcast(frame, processOf(i + j)),
        ),
      ),
    );
    clients.push(...batch);
  }
  const errors: string[] = [];
  for (let i = 0; i < clients.length; i += CONNECT_BATCH) {
    await Promise.all(
      clients.slice(i, i + CONNECT_BATCH).map(async (client) => {
        for (const step of job.joinSteps) {
          const ack = await emitWithAck(client, step.event, JSON.stringify(step.payload));
          if (!ack.startsWith('[{"ok":true')) errors.push(`${step.event}: ${ack.slice(0, 200)}`);
        }
      }),
    );
  }
  process.stderr.write(`  ${clients.length} clients connected and joined\n`);
  if (errors.length > 0) throw new Error(`join failed: ${errors.slice(0, 3).join(' | ')}`);
  // Tells the orchestrator to sample the server's memory and CPU: connections are all up now.
  process.stdout.write(`${JSON.stringify({ phase: 'measuring' })}\n`);

  let next = 0;
  let measuredStart = 0;
  const sendOne = async (k: number): Promise<void> => {
    const sender = clients[k % Math.min(job.senders, clients.length)];
    const body = `${MARKER}${k}. ${job.bodyText}`;
    const payload = job.payloadTemplate
      .replace('"__BODY__"', JSON.stringify(body))
      .replace('"__CLIENT_ID__"', JSON.stringify(`bench-${process.pid}-${k}`));
    const delivered = new Promise<void>((resolve) => completions.set(k, resolve));
    sentAt[k] = performance.now();
    const ack = await emitWithAck(sender, job.sendEvent, payload);
    if (!ack.startsWith('[{"ok":true')) errors.push(`send ${k}: ${ack.slice(0, 200)}`);
    else await delivered;
    completions.delete(k);
  };
  const lane = async (): Promise<void> => {
    while (next < total) {
      const k = next++;
      if (k === job.warmupPosts) measuredStart = performance.now();
      await sendOne(k);
      if (errors.length > 10) return;
    }
  };
  await Promise.all(Array.from({ length: job.inFlight }, lane));
  const elapsedMs = performance.now() - measuredStart;

  const deliveredToAllMs: number[] = [];
  const crossDeliveredMs: number[] = [];
  let measuredDeliveries = 0;
  for (let k = job.warmupPosts; k < total; k++) {
    if (deliveredAt[k] > 0) deliveredToAllMs.push(deliveredAt[k] - sentAt[k]);
    if (crossDeliveredAt[k] > 0) crossDeliveredMs.push(crossDeliveredAt[k] - sentAt[k]);
    measuredDeliveries += receivedCount[k];
  }
  const result: LoadGeneratorResult = {
    clients: clients.length,
    posts: job.posts,
    deliveredToAllMs,
    deliveries: measuredDeliveries,
    crossDeliveredMs,
    elapsedMs,
    errors: errors.slice(0, 10),
  };
  void deliveries;
  for (const client of clients) client.socket.terminate();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load generator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
