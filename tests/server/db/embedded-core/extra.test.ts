/** More focused engine checks: TTL, collation equality, aggregation purity, moreToCome, restart with indexes. */
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { startEmbeddedEngine } from '../../../../server/src/db/embedded';
import type { EmbeddedEngine } from '../../../../server/src/db/embedded';

let engine: EmbeddedEngine;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  engine = await startEmbeddedEngine({ ttlMonitorIntervalMs: 100 });
  client = new MongoClient(engine.uri);
  await client.connect();
  db = client.db('extra');
});

afterAll(async () => {
  await client.close();
  await engine.close();
});

test('TTL index removes expired documents', async () => {
  const c = db.collection('ttl');
  await c.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
  await c.insertMany([
    { at: new Date(Date.now() - 10_000) },
    { at: new Date(Date.now() + 60_000) },
    { at: 'not a date' },
  ]);
  await new Promise((r) => setTimeout(r, 400));
  expect(await c.countDocuments()).toBe(2);
});

test('collation strength 1/2 applies to equality', async () => {
  const c = db.collection('coll');
  await c.insertMany([{ name: 'José' }, { name: 'jose' }, { name: 'JOSE' }, { name: 'maria' }]);
  expect(await c.countDocuments({ name: 'jose' }, { collation: { locale: 'es', strength: 1 } })).toBe(3);
  expect(await c.countDocuments({ name: 'jose' }, { collation: { locale: 'es', strength: 2 } })).toBe(2);
  expect(await c.countDocuments({ name: 'jose' })).toBe(1);
});

test('aggregation never mutates stored documents', async () => {
  const c = db.collection('pure');
  await c.insertOne({ _id: 1, a: { b: 1 } } as never);
  await c.aggregate([{ $addFields: { 'a.c': 2 } }, { $set: { x: 1 } }]).toArray();
  expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, a: { b: 1 } });
});

test('leading $match/$sort/$limit in aggregate uses the planner', async () => {
  const c = db.collection('aggsort');
  await c.createIndex({ t: 1, n: -1 });
  await c.insertMany(Array.from({ length: 100 }, (_, i) => ({ t: i % 2, n: i })));
  const r = await c
    .aggregate([
      { $match: { t: 1 } },
      { $sort: { n: -1 } },
      { $skip: 1 },
      { $limit: 3 },
      { $project: { _id: 0, n: 1 } },
    ])
    .toArray();
  expect(r).toEqual([{ n: 97 }, { n: 95 }, { n: 93 }]);
});

test('w:0 writes (moreToCome) get no reply and still apply', async () => {
  const c = db.collection('w0');
  await c.insertOne({ a: 1 }, { writeConcern: { w: 0 } });
  await new Promise((r) => setTimeout(r, 100));
  expect(await c.countDocuments()).toBe(1);
});

test('update pipeline, $push modifiers, $rename, $unset, $min/$max, positional $', async () => {
  const c = db.collection('ops');
  await c.insertOne({
    _id: 1,
    list: [3, 1],
    arr: [
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ],
    lo: 5,
    hi: 5,
    old: 1,
  } as never);
  await c.updateOne(
    { _id: 1 } as never,
    {
      $push: { list: { $each: [2], $sort: 1 } },
      $min: { lo: 1 },
      $max: { hi: 9 },
      $rename: { old: 'renamed' },
    } as never,
  );
  await c.updateOne({ _id: 1, 'arr.k': 'b' } as never, { $inc: { 'arr.$.v': 10 } });
  await c.updateOne({ _id: 1 } as never, [{ $set: { total: { $sum: '$list' } } }]);
  expect(await c.findOne({ _id: 1 } as never)).toEqual({
    _id: 1,
    list: [1, 2, 3],
    arr: [
      { k: 'a', v: 1 },
      { k: 'b', v: 12 },
    ],
    lo: 1,
    hi: 9,
    renamed: 1,
    total: 6,
  });
});

test('listDatabases, listCollections filter, renameCollection, dropDatabase', async () => {
  const other = client.db('extra_other');
  await other.collection('a').insertOne({ x: 1 });
  const dbs = await client.db('admin').admin().listDatabases();
  expect(dbs.databases.map((d) => d.name)).toContain('extra_other');
  await other.collection('a').rename('b');
  expect((await other.listCollections({ name: 'b' }).toArray()).map((c) => c.name)).toEqual(['b']);
  await other.dropDatabase();
  expect((await client.db('admin').admin().listDatabases()).databases.map((d) => d.name)).not.toContain(
    'extra_other',
  );
});

test('server-side JavaScript is refused', async () => {
  const c = db.collection('js');
  await c.insertOne({ a: 1 });
  await expect(c.find({ $where: 'this.a == 1' }).toArray()).rejects.toMatchObject({ code: 2 });
});

test('cursor-style pagination: equality + range on the sort field', async () => {
  const c = db.collection('pg');
  await c.createIndex({ q: 1, at: 1 });
  await c.insertMany(Array.from({ length: 500 }, (_, i) => ({ q: i % 2 === 0 ? 'a' : 'b', at: i })));
  const page = await c
    .find({ q: 'a', at: { $lt: 100 } })
    .sort({ at: -1 })
    .limit(3)
    .toArray();
  expect(page.map((d) => d.at)).toEqual([98, 96, 94]);
  const latest = await c.find({}).sort({ at: -1 }).limit(2).toArray();
  expect(latest.map((d) => d.at)).toEqual([499, 498]);
  const empty = await db.command({ insert: 'pg', documents: [] }).catch((e: unknown) => e);
  expect(empty).toMatchObject({ code: 16 });
});

test('conflicting update operators → 40', async () => {
  const c = db.collection('conf');
  await c.insertOne({ a: 1 });
  await expect(c.updateOne({}, { $set: { a: 2 }, $inc: { a: 1 } })).rejects.toMatchObject({ code: 40 });
  await expect(c.updateOne({}, { $set: { 'x.y': 2, x: {} } })).rejects.toMatchObject({ code: 40 });
  await c.updateOne({ z: 1 }, { $set: { a: 5 }, $setOnInsert: { b: 1 } }, { upsert: true });
  expect(await c.countDocuments()).toBe(2);
});
