/** Malformed wire input closes only the offending connection; the engine keeps serving everyone else. */
import { MongoClient } from 'mongodb';
import { serialize } from 'bson';
import net from 'node:net';
import { startTestDatabase, testDatabaseKind, type TestDatabase } from '../../../helpers/db';

const kind = testDatabaseKind();
const describeEmbedded = kind === 'embedded' ? describe : describe.skip;

let testDb: TestDatabase;
let client: MongoClient;
let host = '127.0.0.1';
let port = 0;

function header(length: number, requestId: number, opCode: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(length, 0);
  b.writeInt32LE(requestId, 4);
  b.writeInt32LE(0, 8);
  b.writeInt32LE(opCode, 12);
  return b;
}

function opMsg(body: Buffer): Buffer {
  const flags = Buffer.alloc(4);
  const payload = Buffer.concat([flags, Buffer.from([0]), body]);
  return Buffer.concat([header(16 + payload.length, 7, 2013), payload]);
}

/** Sends `bytes` (optionally half-closing), resolves with what happened within `ms`. */
function probe(
  bytes: Buffer[],
  options: { end?: boolean; ms?: number } = {},
): Promise<{ closed: boolean; received: number }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let received = 0;
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ closed, received });
    };
    const timer = setTimeout(() => finish(false), options.ms ?? 3000);
    socket.on('data', (chunk) => {
      received += chunk.length;
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      for (const b of bytes) socket.write(b);
      if (options.end) socket.end();
    });
  });
}

async function stillServes(): Promise<void> {
  const coll = client.db(testDb.dbName).collection('wire_alive');
  await coll.insertOne({ at: new Date() });
  expect(await client.db(testDb.dbName).command({ ping: 1 })).toMatchObject({ ok: 1 });
  expect(await coll.countDocuments()).toBeGreaterThan(0);
}

describeEmbedded(`malformed wire input (${kind})`, () => {
  beforeAll(async () => {
    testDb = await startTestDatabase();
    const url = new URL(testDb.uri);
    host = url.hostname;
    port = Number(url.port);
    client = new MongoClient(testDb.uri, { serverSelectionTimeoutMS: 3000 });
    await client.connect();
    await stillServes();
  });

  afterAll(async () => {
    await client?.close();
    await testDb?.stop();
  });

  test('an HTTP request (garbage bytes) closes that connection', async () => {
    const result = await probe([Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]);
    expect(result.closed).toBe(true);
    await stillServes();
  });

  test('random bytes close that connection', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) & 0xff;
    expect((await probe([bytes])).closed).toBe(true);
    await stillServes();
  });

  test('a huge length header closes the connection without allocating it', async () => {
    expect((await probe([header(0x7fffffff, 1, 2013)])).closed).toBe(true);
    expect((await probe([header(-5, 1, 2013)])).closed).toBe(true);
    expect((await probe([header(3, 1, 2013)])).closed).toBe(true);
    await stillServes();
  });

  test('a truncated message followed by end-of-stream closes the connection', async () => {
    const full = opMsg(Buffer.from(serialize({ ping: 1, $db: 'admin' })));
    expect((await probe([full.subarray(0, full.length - 6)], { end: true })).closed).toBe(true);
    await stillServes();
  });

  test('an unknown opcode closes the connection', async () => {
    const msg = Buffer.concat([header(16 + 8, 3, 9999), Buffer.alloc(8)]);
    expect((await probe([msg])).closed).toBe(true);
    await stillServes();
  });

  test('an OP_MSG with a corrupt BSON body gets an error or a close, never a crash', async () => {
    const bad = Buffer.from([0x20, 0, 0, 0, 0x02, 0x61, 0, 0xff, 0xff, 0xff, 0x7f, 0x62, 0, 0, 0, 0]);
    const result = await probe([opMsg(bad)], { ms: 2000 });
    expect(result.closed || result.received > 0).toBe(true);
    await stillServes();
  });

  test('a flood of tiny bad connections leaves the engine serving', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => probe([header(i % 2 ? 0x7fffffff : 1, i, 2013)], { ms: 3000 })),
    );
    await stillServes();
  });

  test('a valid OP_MSG sent by hand still gets an answer', async () => {
    const socket = net.connect({ host, port });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const reply = await new Promise<Buffer>((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        if (buffer.length >= 4 && buffer.length >= buffer.readInt32LE(0)) resolve(buffer);
      });
      socket.on('error', reject);
      socket.write(opMsg(Buffer.from(serialize({ ping: 1, $db: 'admin' }))));
    });
    socket.destroy();
    expect(reply.readInt32LE(12)).toBe(2013);
    expect(reply.readInt32LE(8)).toBe(7); // responseTo
  });
});
