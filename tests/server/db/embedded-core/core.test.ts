/**
 * Focused tests of the embedded engine core through the real `mongodb` driver and mongoose.
 * Run: npx jest --selectProjects server tests/server/db/embedded-core
 */
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId, Long } from 'mongodb';
import type { Db } from 'mongodb';
import mongoose from 'mongoose';
import { startEmbeddedEngine } from '../../../../server/src/db/embedded';
import type { EmbeddedEngine } from '../../../../server/src/db/embedded';

let engine: EmbeddedEngine;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  engine = await startEmbeddedEngine({});
  client = new MongoClient(engine.uri);
  await client.connect();
  db = client.db('core');
});

afterAll(async () => {
  await client.close();
  await engine.close();
});

describe('handshake and commands', () => {
  test('hello / ping / buildInfo', async () => {
    const hello = await db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBe(21);
    expect(hello.setName).toBeUndefined();
    expect(hello.topologyVersion).toBeUndefined();
    expect((await db.admin().ping()).ok).toBe(1);
    expect((await db.admin().buildInfo()).version).toMatch(/^7\./);
  });

  test('unknown command', async () => {
    await expect(db.command({ frobnicate: 1 })).rejects.toMatchObject({
      code: 59,
      codeName: 'CommandNotFound',
      message: "no such command: 'frobnicate'",
    });
  });

  test('transactions refused before any write', async () => {
    const session = client.startSession();
    const c = db.collection('txn');
    try {
      session.startTransaction();
      // the driver rewrites code 20 into its "does not support retryable writes" error, as with a standalone mongod
      await expect(c.insertOne({ x: 1 }, { session })).rejects.toThrow(
        /retryable writes|Transaction numbers/,
      );
    } finally {
      await session.abortTransaction().catch(() => undefined);
      await session.endSession();
    }
    expect(await c.countDocuments()).toBe(0);
  });

  test('create twice → 48, a view over an existing name → 48, change streams refused', async () => {
    await db.createCollection('twice');
    await expect(db.createCollection('twice')).rejects.toMatchObject({ code: 48 });
    await expect(db.createCollection('twice', { viewOn: 'other', pipeline: [] })).rejects.toMatchObject({
      code: 48,
    });
    await expect(
      db
        .collection('twice')
        .aggregate([{ $changeStream: {} }])
        .toArray(),
    ).rejects.toMatchObject({ code: 40573 });
  });
});

describe('CRUD', () => {
  test('ids: generated first, kept when given, null allowed', async () => {
    const c = db.collection<{ _id?: unknown; [k: string]: unknown }>('ids');
    await c.insertOne({ b: 1, _id: 'x' } as never);
    await db.command({ insert: 'ids', documents: [{ _id: null, n: 1 }] });
    await c.insertOne({ z: 1 });
    const docs = await c.find().toArray();
    expect(docs.map((d) => Object.keys(d)[0])).toEqual(['_id', '_id', '_id']);
    expect(await c.findOne({ _id: null } as never)).toMatchObject({ n: 1 });
    await expect(c.insertOne({ _id: 'x' } as never)).rejects.toMatchObject({ code: 11000 });
  });

  test('numbers 1 and 1.0 and Long(1) are one _id', async () => {
    const c = db.collection('nums');
    await c.insertOne({ _id: 1 } as never);
    await expect(c.insertOne({ _id: Long.fromNumber(1) } as never)).rejects.toMatchObject({ code: 11000 });
    expect(await c.findOne({ _id: 1.0 } as never)).not.toBeNull();
  });

  test('sort in BSON type order, skip/limit, projection', async () => {
    const c = db.collection('sort');
    await c.insertMany([
      { v: 'a' },
      { v: 2 },
      { v: null },
      { v: new Date(0) },
      { v: true },
      { v: { x: 1 } },
      { v: [0, 5] },
      {},
    ]);
    const asc = await c
      .find({}, { projection: { _id: 0 } })
      .sort({ v: 1 })
      .toArray();
    expect(asc.map((d) => d.v)).toEqual([null, undefined, [0, 5], 2, 'a', { x: 1 }, true, new Date(0)]);
    const page = await c.find().sort({ v: -1 }).skip(1).limit(2).project({ v: 1, _id: 0 }).toArray();
    expect(page).toEqual([{ v: true }, { v: { x: 1 } }]);
  });

  test('updates: operators, upsert seeding, arrayFilters, _id immutability, replacement', async () => {
    const c = db.collection('upd');
    const r = await c.updateOne(
      { k: 'a', n: { $gt: 1 }, 'sub.x': 3 },
      { $inc: { count: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    expect(r.upsertedCount).toBe(1);
    const doc = await c.findOne({ k: 'a' });
    expect(doc).toMatchObject({ k: 'a', sub: { x: 3 }, count: 1, created: true });
    expect(doc?.n).toBeUndefined();
    await c.updateOne({ k: 'a' }, { $inc: { count: 1 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(await c.findOne({ k: 'a' })).toMatchObject({ count: 2, created: true });
    await c.updateOne({ k: 'a' }, { $set: { _id: doc?._id, arr: [1, 5, 9] } });
    await expect(c.updateOne({ k: 'a' }, { $set: { _id: new ObjectId() } })).rejects.toMatchObject({
      code: 66,
    });
    await c.updateOne({ k: 'a' }, { $set: { 'arr.$[e]': 0 } }, { arrayFilters: [{ e: { $gt: 4 } }] });
    expect((await c.findOne({ k: 'a' }))?.arr).toEqual([1, 0, 0]);
    await c.replaceOne({ k: 'a' }, { k: 'a', replaced: true });
    const rep = await c.findOne({ k: 'a' });
    expect(rep).toEqual({ _id: doc?._id, k: 'a', replaced: true });
    const m = await c.updateMany({}, { $set: { all: 1 } });
    expect(m.matchedCount).toBe(1);
    const none = await c.updateOne({ k: 'a' }, { $set: { all: 1 } });
    expect(none.modifiedCount).toBe(0);
  });

  test('ordered vs unordered insertMany with duplicates', async () => {
    const c = db.collection('ord');
    await c.createIndex({ e: 1 }, { unique: true });
    const err1 = await c.insertMany([{ e: 1 }, { e: 1 }, { e: 2 }]).catch((e: unknown) => e);
    expect(err1).toMatchObject({ code: 11000 });
    expect(await c.countDocuments()).toBe(1);
    await c.insertMany([{ e: 3 }, { e: 3 }, { e: 4 }], { ordered: false }).catch(() => undefined);
    expect(await c.countDocuments()).toBe(3);
  });

  test('findOneAndUpdate / delete, dup on findAndModify', async () => {
    const c = db.collection<Record<string, unknown>>('fam');
    await c.createIndex({ u: 1 }, { unique: true });
    await c.insertMany([
      { u: 1, o: 2 },
      { u: 2, o: 1 },
    ]);
    const before = await c.findOneAndUpdate(
      {},
      { $set: { t: 1 } },
      { sort: { o: 1 }, returnDocument: 'before', projection: { u: 1, _id: 0 } },
    );
    expect(before).toEqual({ u: 2 });
    const up = await c.findOneAndUpdate(
      { u: 9 },
      { $set: { x: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(up).toMatchObject({ u: 9, x: 1 });
    await expect(c.findOneAndUpdate({ u: 9 }, { $set: { u: 1 } })).rejects.toMatchObject({
      code: 11000,
      keyValue: { u: 1 },
    });
    const del = await c.findOneAndDelete({ u: 9 });
    expect(del).toMatchObject({ u: 9 });
    expect(await c.countDocuments()).toBe(2);
  });

  test('cursors: getMore, killCursors, batchSize', async () => {
    const c = db.collection('cur');
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    const cursor = c.find({}).batchSize(20);
    let n = 0;
    for await (const _d of cursor) n++;
    expect(n).toBe(250);
    const c2 = c.find({}).batchSize(10);
    await c2.next();
    await c2.close();
    await expect(db.command({ getMore: Long.fromNumber(123456), collection: 'cur' })).rejects.toMatchObject({
      code: 43,
    });
  });

  test('distinct unwinds arrays; count', async () => {
    const c = db.collection('dist');
    await c.insertMany([{ t: ['a', 'b'] }, { t: 'b' }, { t: ['c'] }, { u: 1 }]);
    expect(await c.distinct('t')).toEqual(['a', 'b', 'c']);
    expect(await c.countDocuments({ t: 'b' })).toBe(2);
    expect(await c.estimatedDocumentCount()).toBe(4);
  });

  test('aggregate with $lookup, $group, $out, $merge', async () => {
    await db
      .collection('users')
      .insertMany([{ _id: 1, name: 'ana' } as never, { _id: 2, name: 'bo' } as never]);
    await db.collection('posts').insertMany([
      { author: 1, n: 1 },
      { author: 1, n: 2 },
      { author: 2, n: 5 },
    ]);
    const res = await db
      .collection('posts')
      .aggregate([
        { $match: { n: { $gte: 1 } } },
        { $group: { _id: '$author', total: { $sum: '$n' } } },
        { $lookup: { from: 'users', localField: '_id', foreignField: '_id', as: 'u' } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(res.map((r) => [r._id, r.total, r.u[0].name])).toEqual([
      [1, 3, 'ana'],
      [2, 5, 'bo'],
    ]);
    await db
      .collection('posts')
      .aggregate([{ $group: { _id: '$author', c: { $sum: 1 } } }, { $out: 'stats' }])
      .toArray();
    expect(await db.collection('stats').countDocuments()).toBe(2);
    await db
      .collection('posts')
      .aggregate([{ $group: { _id: '$author', m: { $max: '$n' } } }, { $merge: { into: 'stats' } }])
      .toArray();
    expect(await db.collection('stats').findOne({ _id: 1 } as never)).toEqual({ _id: 1, c: 2, m: 2 });
    await expect(db.command({ aggregate: 'posts', pipeline: [], explain: true })).rejects.toMatchObject({
      code: 115,
    });
  });

  test('let variables and collation', async () => {
    const c = db.collection('letc');
    await c.insertMany([
      { name: 'Élan', v: 1 },
      { name: 'elan', v: 2 },
      { name: 'zeta', v: 3 },
    ]);
    const r = await c.find({ $expr: { $eq: ['$v', '$$target'] } }, { let: { target: 2 } }).toArray();
    expect(r).toHaveLength(1);
    const sorted = await c
      .find({}, { collation: { locale: 'fr', strength: 1 } })
      .sort({ name: 1, v: 1 })
      .toArray();
    expect(sorted.map((d) => d.v)).toEqual([1, 2, 3]);
  });

  test('oversized document refused', async () => {
    const c = db.collection('big');
    const res = await db
      .command({ insert: 'big', documents: [{ s: 'x'.repeat(16 * 1024 * 1024) }] })
      .catch((e: unknown) => e);
    expect(JSON.stringify(res)).toMatch(/10334|too large|BSON/);
    expect(await c.countDocuments()).toBe(0);
  });
});

describe('indexes', () => {
  test('createIndexes idempotent, conflicts, listIndexes/dropIndexes', async () => {
    const c = db.collection('ix');
    await c.createIndex({ a: 1, b: -1 }, { name: 'ab' });
    await c.createIndex({ a: 1, b: -1 }, { name: 'ab' });
    await expect(c.createIndex({ z: 1 }, { name: 'ab' })).rejects.toMatchObject({ code: 86 });
    await expect(c.createIndex({ a: 1, b: -1 }, { name: 'ab', unique: true })).rejects.toMatchObject({
      code: 85,
    });
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_', 'ab']);
    await c.dropIndex('ab');
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_']);
    await expect(c.dropIndex('nope')).rejects.toMatchObject({ code: 27 });
  });

  test('unique index creation over duplicates fails; sparse and partial unique', async () => {
    const c = db.collection('ux');
    await c.insertMany([{ e: 1 }, { e: 1 }, { f: 1 }, { f: 2 }]);
    await expect(c.createIndex({ e: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await c.indexes()).length).toBe(1);
    await c.createIndex({ g: 1 }, { unique: true, sparse: true });
    await c.insertOne({ h: 1 });
    await c.createIndex({ k: 1 }, { unique: true, partialFilterExpression: { live: true } });
    await c.insertMany([
      { k: 1, live: false },
      { k: 1, live: true },
    ]);
    await expect(c.insertOne({ k: 1, live: true })).rejects.toMatchObject({ code: 11000 });
  });

  test('range, $in and compound sort+limit use indexes correctly', async () => {
    const c = db.collection('posts20k');
    await c.createIndex({ q: 1, createdAt: 1 });
    const base = Date.now();
    const docs = [];
    for (let i = 0; i < 3000; i++) docs.push({ q: i % 3, createdAt: new Date(base + i), i });
    await c.insertMany(docs);
    const page = await c.find({ q: 1 }).sort({ createdAt: -1 }).limit(5).toArray();
    expect(page.map((d) => d.i)).toEqual([2998, 2995, 2992, 2989, 2986]);
    const r = await c
      .find({ q: 2, createdAt: { $gte: new Date(base + 10), $lt: new Date(base + 20) } })
      .toArray();
    expect(r.map((d) => d.i)).toEqual([11, 14, 17]);
    expect(await c.countDocuments({ q: { $in: [0, 2] } })).toBe(2000);
    const asc = await c.find({ q: 0 }).sort({ createdAt: 1 }).skip(2).limit(2).toArray();
    expect(asc.map((d) => d.i)).toEqual([6, 9]);
  });

  test('multikey index equality and array equality', async () => {
    const c = db.collection('mk');
    await c.createIndex({ tags: 1 });
    await c.insertMany([{ tags: ['a', 'b'] }, { tags: ['b'] }, { tags: [] }, { tags: [['a', 'b']] }]);
    expect(await c.countDocuments({ tags: 'b' })).toBe(2);
    expect(await c.countDocuments({ tags: ['a', 'b'] })).toBe(2);
    expect(await c.countDocuments({ tags: [] })).toBe(1);
  });

  test('text search with phrases, negation, accents, textScore', async () => {
    const c = db.collection('txt');
    await c.createIndex({ title: 'text', body: 'text' }, { weights: { title: 5 } });
    await c.insertMany([
      { title: 'Innovación regional', body: 'distritos competitivos en América Latina' },
      { title: 'Regional meeting', body: 'The districts met in Lisbon' },
      { title: 'Unrelated', body: 'cooking recipes' },
    ]);
    const r = await c.find({ $text: { $search: 'innovacion' } }).toArray();
    expect(r).toHaveLength(1);
    const both = await c
      .find({ $text: { $search: 'regional' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(both).toHaveLength(2);
    expect(typeof both[0]?.score).toBe('number');
    expect(await c.countDocuments({ $text: { $search: 'regional -lisbon' } })).toBe(1);
    expect(await c.countDocuments({ $text: { $search: '"districts met"' } })).toBe(1);
    expect(await c.countDocuments({ $text: { $search: 'district' } })).toBe(1);
    await expect(
      db
        .collection('notxt')
        .find({ $text: { $search: 'x' } })
        .toArray(),
    ).rejects.toMatchObject({ code: 27 });
  });
});

describe('mongoose', () => {
  test('model CRUD, unique index, populate', async () => {
    const conn = await mongoose.createConnection(engine.uri + '/mg').asPromise();
    try {
      const User = conn.model(
        'User',
        new mongoose.Schema({ email: { type: String, unique: true }, name: String }),
      );
      const Post = conn.model(
        'Post',
        new mongoose.Schema(
          { author: { type: mongoose.Schema.Types.ObjectId, ref: 'User' }, text: String },
          { timestamps: true },
        ),
      );
      await User.init();
      await Post.init();
      const u = await User.create({ email: 'a@b.c', name: 'A' });
      await expect(User.create({ email: 'a@b.c', name: 'B' })).rejects.toMatchObject({ code: 11000 });
      await Post.create({ author: u._id, text: 'hi' });
      const p = await Post.findOne().populate('author').lean();
      expect((p?.author as unknown as { name: string }).name).toBe('A');
      expect(await Post.countDocuments()).toBe(1);
      const found = await User.findById(u._id).lean();
      expect(found?.email).toBe('a@b.c');
      await User.updateOne({ _id: u._id }, { name: 'Z' });
      expect((await User.findById(u._id))?.name).toBe('Z');
      await User.deleteOne({ _id: u._id });
      expect(await User.countDocuments()).toBe(0);
    } finally {
      await conn.close();
    }
  });
});

describe('wire robustness', () => {
  const sendRaw = (buf: Buffer): Promise<'closed' | 'open'> =>
    new Promise((resolve) => {
      const s = net.connect(engine.port, '127.0.0.1', () => s.write(buf));
      const t = setTimeout(() => {
        s.destroy();
        resolve('open');
      }, 500);
      s.on('close', () => {
        clearTimeout(t);
        resolve('closed');
      });
      s.on('error', () => undefined);
    });

  test('malformed and oversized input closes only that connection', async () => {
    const huge = Buffer.alloc(16);
    huge.writeInt32LE(0x7fffffff, 0);
    expect(await sendRaw(huge)).toBe('closed');
    const bad = Buffer.alloc(30);
    bad.writeInt32LE(30, 0);
    bad.writeInt32LE(2013, 12);
    bad[20] = 0;
    bad.writeInt32LE(1000, 21);
    expect(await sendRaw(bad)).toBe('closed');
    const unknownOp = Buffer.alloc(20);
    unknownOp.writeInt32LE(20, 0);
    unknownOp.writeInt32LE(2002, 12);
    expect(await sendRaw(unknownOp)).toBe('closed');
    expect((await db.admin().ping()).ok).toBe(1);
  });
});

describe('durability', () => {
  test('writes survive restart (journal + snapshot)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'polos-core-'));
    try {
      let e = await startEmbeddedEngine({ dataDir: dir });
      let cl = new MongoClient(e.uri);
      const c = () => cl.db('d').collection('c');
      await c().createIndex({ k: 1 }, { unique: true });
      await c().insertMany([{ k: 1 }, { k: 2 }]);
      await c().updateOne({ k: 1 }, { $set: { v: 'x' } });
      await c().deleteOne({ k: 2 });
      await cl.close();
      await e.close();
      e = await startEmbeddedEngine({ dataDir: dir });
      cl = new MongoClient(e.uri);
      expect(
        await c()
          .find({}, { projection: { _id: 0 } })
          .toArray(),
      ).toEqual([{ k: 1, v: 'x' }]);
      await expect(c().insertOne({ k: 1 })).rejects.toMatchObject({ code: 11000 });
      await cl.close();
      await e.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
