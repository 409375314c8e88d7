/** Mutated and random wire input must never take the engine down (only the offending connection). */
import net from 'node:net';
import { BSON } from 'bson';
import { MongoClient } from 'mongodb';
import { startEmbeddedEngine } from '../../../../server/src/db/embedded';
import type { EmbeddedEngine } from '../../../../server/src/db/embedded';

let engine: EmbeddedEngine;

beforeAll(async () => {
  engine = await startEmbeddedEngine({});
});

afterAll(async () => {
  await engine.close();
});

function opMsg(body: object, flags = 0): Buffer {
  const doc = BSON.serialize(body);
  const buf = Buffer.alloc(16 + 4 + 1 + doc.length);
  buf.writeInt32LE(buf.length, 0);
  buf.writeInt32LE(7, 4);
  buf.writeInt32LE(2013, 12);
  buf.writeUInt32LE(flags, 16);
  buf[20] = 0;
  buf.set(doc, 21);
  return buf;
}

function send(buf: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect(engine.port, '127.0.0.1', () => {
      s.write(buf);
      setTimeout(() => s.destroy(), 30);
    });
    s.on('close', () => resolve());
    s.on('error', () => undefined);
  });
}

test('mutated messages and random bytes', async () => {
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const bases = [
    opMsg({ hello: 1, $db: 'admin' }),
    opMsg({ insert: 'f', documents: [{ a: 1, b: 'x', c: [1, 2, { d: 3 }] }], $db: 'fz' }),
    opMsg({ find: 'f', filter: { a: { $gt: 0 } }, sort: { a: -1 }, $db: 'fz' }),
    opMsg({ update: 'f', updates: [{ q: { a: 1 }, u: { $set: { b: 2 } }, upsert: true }], $db: 'fz' }),
  ];
  for (let i = 0; i < 150; i++) {
    const base = bases[i % bases.length];
    const m = Buffer.from(base);
    const flips = 1 + rnd(6);
    for (let f = 0; f < flips; f++) m[16 + rnd(m.length - 16)] = rnd(256);
    if (i % 5 === 0) m.writeInt32LE(m.length, 0);
    await send(i % 10 === 9 ? Buffer.from(Array.from({ length: 64 }, () => rnd(256))) : m);
  }
  const client = new MongoClient(engine.uri);
  try {
    expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
    await client.db('fz').collection('f').insertOne({ ok: true });
  } finally {
    await client.close();
  }
}, 30000);
