import mongoose from 'mongoose';
import { MongoServerError } from 'mongodb';
import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

describe(`indexes and duplicate keys (${kind})`, () => {
  test('createIndex/listIndexes/dropIndex reflect reality', async () => {
    const coll = ctx.db.collection('ix_list');
    await coll.insertOne({ a: 1, b: 2 });
    expect(await coll.createIndex({ a: 1 })).toBe('a_1');
    expect(await coll.createIndex({ a: 1, b: -1 }, { name: 'a_b', unique: true })).toBe('a_b');
    expect(await coll.createIndex({ a: 1 })).toBe('a_1'); // same spec again: no-op
    const list = await coll.listIndexes().toArray();
    expect(list.map((i) => i.name).sort()).toEqual(['_id_', 'a_1', 'a_b']);
    expect(list.find((i) => i.name === 'a_b')).toMatchObject({ key: { a: 1, b: -1 }, unique: true });
    expect(list.find((i) => i.name === '_id_')).toMatchObject({ key: { _id: 1 } });
    await coll.dropIndex('a_1');
    expect((await coll.listIndexes().toArray()).map((i) => i.name).sort()).toEqual(['_id_', 'a_b']);
    await coll.dropIndexes();
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    const err = await rejectionOf(coll.dropIndex('nope_1'));
    expect(err.code).toBe(27);
  });

  test('unique index: duplicate insert fails with E11000 and the MongoDB error shape', async () => {
    const coll = ctx.db.collection('ix_users');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ email: 'ana@example.org' });
    const err = await rejectionOf(coll.insertOne({ email: 'ana@example.org' }));
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(11000);
    expect(err.message).toMatch(
      new RegExp(
        `^E11000 duplicate key error collection: ${ctx.testDb.dbName}\\.ix_users index: email_1 dup key: \\{ email: "ana@example\\.org" \\}`,
      ),
    );
    expect(err.keyPattern).toEqual({ email: 1 });
    expect(err.keyValue).toEqual({ email: 'ana@example.org' });
    expect(await coll.countDocuments()).toBe(1);
  });

  test('unique is enforced on update, upsert and findAndModify; the document is unchanged', async () => {
    const coll = ctx.db.collection('ix_update');
    await coll.createIndex({ handle: 1 }, { unique: true });
    await coll.insertMany([
      { _id: 1, handle: 'ana' },
      { _id: 2, handle: 'bo' },
    ] as never[]);
    const onUpdate = await rejectionOf(coll.updateOne({ _id: 2 } as never, { $set: { handle: 'ana' } }));
    expect(onUpdate.code).toBe(11000);
    const onUpsert = await rejectionOf(
      coll.updateOne({ _id: 3 } as never, { $set: { handle: 'bo' } }, { upsert: true }),
    );
    expect(onUpsert.code).toBe(11000);
    const onFam = await rejectionOf(coll.findOneAndUpdate({ _id: 1 } as never, { $set: { handle: 'bo' } }));
    expect(onFam).toBeInstanceOf(MongoServerError);
    expect(onFam.code).toBe(11000);
    expect(onFam.codeName).toBe('DuplicateKey');
    expect(onFam.keyValue).toEqual({ handle: 'bo' });
    expect(await coll.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 1, handle: 'ana' },
      { _id: 2, handle: 'bo' },
    ]);
  });

  test('compound unique index allows partial overlaps only', async () => {
    const coll = ctx.db.collection('ix_compound');
    await coll.createIndex({ postId: 1, userId: 1 }, { unique: true });
    await coll.insertMany([
      { postId: 1, userId: 1 },
      { postId: 1, userId: 2 },
      { postId: 2, userId: 1 },
    ]);
    const err = await rejectionOf(coll.insertOne({ postId: 1, userId: 2 }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ postId: 1, userId: 2 });
  });

  test('unique index creation over existing duplicates fails and leaves no index', async () => {
    const coll = ctx.db.collection('ix_existing_dups');
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    const err = await rejectionOf(coll.createIndex({ k: 1 }, { unique: true }));
    expect(err.code).toBe(11000);
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  test('sparse unique ignores documents without the field; partial unique only covers its filter', async () => {
    const sparse = ctx.db.collection('ix_sparse');
    await sparse.createIndex({ nick: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }, { nick: 'x' }]);
    expect((await rejectionOf(sparse.insertOne({ nick: 'x' }))).code).toBe(11000);

    const partial = ctx.db.collection('ix_partial');
    await partial.createIndex({ slug: 1 }, { unique: true, partialFilterExpression: { deleted: false } });
    await partial.insertMany([
      { slug: 's', deleted: true },
      { slug: 's', deleted: true },
      { slug: 's', deleted: false },
    ]);
    expect((await rejectionOf(partial.insertOne({ slug: 's', deleted: false }))).code).toBe(11000);
    const spec = (await partial.listIndexes().toArray()).find((i) => i.name === 'slug_1');
    expect(spec).toMatchObject({ unique: true, partialFilterExpression: { deleted: false } });
  });

  test('indexed equality and range queries return the right documents at 20,000 documents', async () => {
    const coll = ctx.db.collection('ix_range');
    await coll.createIndex({ threadId: 1, createdAt: 1 });
    const base = Date.UTC(2026, 0, 1);
    await coll.insertMany(
      Array.from({ length: 20_000 }, (_, i) => ({
        threadId: i % 4,
        createdAt: new Date(base + i * 1000),
        n: i,
      })),
    );
    const page = await coll
      .find({ threadId: 2, createdAt: { $gte: new Date(base + 10_000 * 1000) } })
      .sort({ createdAt: 1 })
      .limit(3)
      .toArray();
    expect(page.map((d) => d.n)).toEqual([10_002, 10_006, 10_010]);
    const latest = await coll.find({ threadId: 3 }).sort({ createdAt: -1 }).limit(2).toArray();
    expect(latest.map((d) => d.n)).toEqual([19_999, 19_995]);
    expect(await coll.countDocuments({ threadId: 1, createdAt: { $lt: new Date(base + 100 * 1000) } })).toBe(
      25,
    );
  });

  test('20 parallel identical upserts on a unique key leave exactly one document (driver)', async () => {
    const coll = ctx.db.collection('ix_race');
    await coll.createIndex({ key: 1 }, { unique: true });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        coll.updateOne({ key: 'same' }, { $setOnInsert: { first: i }, $inc: { hits: 1 } }, { upsert: true }),
      ),
    );
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as MongoServerError).code).toBe(11000);
    const docs = await coll.find({ key: 'same' }).toArray();
    expect(docs).toHaveLength(1);
    const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
    expect(docs[0].hits).toBe(fulfilled);
  });

  test('20 parallel identical creates through mongoose: one record, the rest MongoServerError 11000', async () => {
    const conn = await mongoose
      .createConnection(ctx.testDb.uri, { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    try {
      const User = conn.model(
        'RaceUser',
        new mongoose.Schema({ email: { type: String, unique: true, required: true } }),
      );
      await User.init();
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => User.create({ email: 'same@example.org' })),
      );
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.length - rejected.length).toBe(1);
      for (const r of rejected) {
        expect((r.reason as Error).name).toBe('MongoServerError');
        expect((r.reason as MongoServerError).code).toBe(11000);
      }
      expect(await User.countDocuments({ email: 'same@example.org' })).toBe(1);
    } finally {
      await conn.close();
    }
  });
});
