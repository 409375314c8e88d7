import { Binary, Decimal128, Long, MongoBulkWriteError, MongoServerError, ObjectId } from 'mongodb';
import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

describe(`CRUD through the official driver (${kind})`, () => {
  test('insertOne/findOne keep ids and BSON types as given', async () => {
    const coll = ctx.db.collection('crud_types');
    const oid = new ObjectId();
    const doc = {
      _id: oid,
      at: new Date('2026-11-27T12:34:56.789Z'),
      long: Long.fromString('9007199254740993'),
      dec: Decimal128.fromString('19.99'),
      bin: new Binary(Buffer.from('hello'), 0),
      nested: { a: [1, 'two', { three: 3 }] },
      nil: null,
    };
    const result = await coll.insertOne(doc);
    expect(result.acknowledged).toBe(true);
    expect(result.insertedId).toEqual(oid);
    const found = await coll.findOne({ _id: oid }, { promoteLongs: false });
    expect(found!.at).toEqual(doc.at);
    expect(found!.long).toBeInstanceOf(Long);
    expect((found!.long as Long).toString()).toBe('9007199254740993');
    expect((found!.dec as Decimal128).toString()).toBe('19.99');
    expect(Buffer.from((found!.bin as Binary).buffer).toString()).toBe('hello');
    expect(found!.nested).toEqual({ a: [1, 'two', { three: 3 }] });
    expect(found!.nil).toBeNull();
  });

  test('generated ObjectIds, null, string and compound ids are kept', async () => {
    const coll = ctx.db.collection('crud_ids');
    const generated = await coll.insertOne({ v: 0 });
    expect(generated.insertedId).toBeInstanceOf(ObjectId);
    // The driver replaces a null _id with a fresh ObjectId, so send the insert command as such.
    await ctx.db.command({ insert: 'crud_ids', documents: [{ _id: null, v: 1 }] });
    await coll.insertMany([
      { _id: 'slug-1', v: 2 } as never,
      { _id: { t: 1, u: 'x' }, v: 3 } as never,
      { _id: 42, v: 4 } as never,
    ]);
    expect(await coll.findOne({ _id: null } as never)).toEqual({ _id: null, v: 1 });
    expect(await coll.findOne({ _id: 'slug-1' } as never)).toEqual({ _id: 'slug-1', v: 2 });
    expect(await coll.findOne({ _id: { t: 1, u: 'x' } } as never)).toEqual({ _id: { t: 1, u: 'x' }, v: 3 });
    expect(await coll.findOne({ _id: 42 } as never)).toEqual({ _id: 42, v: 4 });
    const dup = await rejectionOf(coll.insertOne({ _id: 'slug-1', v: 9 } as never));
    expect(dup).toBeInstanceOf(MongoServerError);
    expect(dup.code).toBe(11000);
  });

  test('insertMany: ordered stops at the first error, unordered continues', async () => {
    const ordered = ctx.db.collection('crud_ordered');
    const err = await rejectionOf(
      ordered.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }] as never[]),
    );
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    expect(err.code).toBe(11000);
    expect(err.insertedCount).toBe(2);
    expect(err.writeErrors[0].index).toBe(2);
    expect(await ordered.countDocuments()).toBe(2);

    const unordered = ctx.db.collection('crud_unordered');
    const err2 = await rejectionOf(
      unordered.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }] as never[], {
        ordered: false,
      }),
    );
    expect(err2.insertedCount).toBe(3);
    expect(err2.writeErrors.map((e: { index: number }) => e.index)).toEqual([1, 3]);
    expect(await unordered.countDocuments()).toBe(3);
  });

  test('insertMany of 5,000 documents (split into several wire batches) then count and find', async () => {
    const coll = ctx.db.collection('crud_many');
    const docs = Array.from({ length: 5000 }, (_, i) => ({ n: i, even: i % 2 === 0, body: `post ${i}` }));
    const result = await coll.insertMany(docs);
    expect(result.insertedCount).toBe(5000);
    expect(await coll.countDocuments({ even: true })).toBe(2500);
    expect(await coll.estimatedDocumentCount()).toBe(5000);
    const page = await coll
      .find({ n: { $gte: 100 } })
      .sort({ n: -1 })
      .skip(10)
      .limit(5)
      .project({ _id: 0, n: 1 })
      .toArray();
    expect(page).toEqual([{ n: 4989 }, { n: 4988 }, { n: 4987 }, { n: 4986 }, { n: 4985 }]);
  });

  test('projections: inclusion, exclusion, _id suppression, dotted paths', async () => {
    const coll = ctx.db.collection('crud_projection');
    await coll.insertOne({ _id: 1, a: 1, b: { c: 2, d: 3 }, e: 'x' } as never);
    expect(await coll.findOne({}, { projection: { a: 1 } })).toEqual({ _id: 1, a: 1 });
    expect(await coll.findOne({}, { projection: { b: 0, e: 0 } })).toEqual({ _id: 1, a: 1 });
    expect(await coll.findOne({}, { projection: { _id: 0, 'b.c': 1 } })).toEqual({ b: { c: 2 } });
  });

  test('projections through arrays follow mongod and leave the stored document as it was', async () => {
    const coll = ctx.db.collection('crud_projection_arrays');
    const stored = {
      _id: 1,
      a: ['scalar', { b: 1, c: 1 }, [{ b: 2, c: 2 }, 3], { c: 4 }],
      d: { b: 5, e: 6 },
    };
    await coll.insertOne(stored as never);
    // Exclusion keeps scalars and walks nested arrays (jstests/core/projection_semantics.js).
    expect(await coll.findOne({}, { projection: { 'a.b': 0, 'd.b': 0 } })).toEqual({
      _id: 1,
      a: ['scalar', { c: 1 }, [{ c: 2 }, 3], { c: 4 }],
      d: { e: 6 },
    });
    // Inclusion drops scalars, keeps an element without the path as {}.
    expect(await coll.findOne({}, { projection: { _id: 0, 'a.b': 1 } })).toEqual({
      a: [{ b: 1 }, [{ b: 2 }], {}],
    });
    expect(await coll.findOne({})).toEqual(stored);
  });

  test('sort follows MongoDB cross-type order', async () => {
    const coll = ctx.db.collection('crud_typeorder');
    const oid = new ObjectId('0123456789abcdef01234567');
    const values = [true, 'b', 2, null, new Date(0), { a: 1 }, 1.5, 'a', oid, false];
    await coll.insertMany(values.map((v, i) => ({ i, v })));
    await coll.insertOne({ i: 99 }); // missing sorts like null
    const sorted = await coll
      .find({}, { projection: { _id: 0, v: 1 } })
      .sort({ v: 1, i: 1 })
      .toArray();
    expect(sorted.map((d) => d.v)).toEqual([
      null,
      undefined,
      1.5,
      2,
      'a',
      'b',
      { a: 1 },
      oid,
      false,
      true,
      new Date(0),
    ]);
  });

  test('updateOne/updateMany/replaceOne report matched and modified counts', async () => {
    const coll = ctx.db.collection('crud_update');
    await coll.insertMany([
      { _id: 1, s: 'a', n: 0 },
      { _id: 2, s: 'a', n: 0 },
      { _id: 3, s: 'b', n: 0 },
    ] as never[]);
    const one = await coll.updateOne({ s: 'a' }, { $inc: { n: 1 } });
    expect([one.matchedCount, one.modifiedCount, one.upsertedCount]).toEqual([1, 1, 0]);
    const many = await coll.updateMany({ s: 'a' }, { $set: { flag: true } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    const noop = await coll.updateMany({ s: 'a' }, { $set: { flag: true } });
    expect([noop.matchedCount, noop.modifiedCount]).toEqual([2, 0]);
    const none = await coll.updateOne({ s: 'zzz' }, { $set: { flag: true } });
    expect([none.matchedCount, none.modifiedCount]).toEqual([0, 0]);
    const replaced = await coll.replaceOne({ _id: 3 } as never, { s: 'c', whole: true });
    expect(replaced.modifiedCount).toBe(1);
    expect(await coll.findOne({ _id: 3 } as never)).toEqual({ _id: 3, s: 'c', whole: true });
  });

  test('upsert seeds fields from the query equality and reports upsertedId', async () => {
    const coll = ctx.db.collection('crud_upsert');
    const result = await coll.updateOne(
      { slug: 'hello', 'meta.lang': 'es', n: { $gt: 5 } },
      { $set: { title: 'Hola' } },
      { upsert: true },
    );
    expect(result.upsertedCount).toBe(1);
    expect(result.upsertedId).toBeInstanceOf(ObjectId);
    const doc = await coll.findOne({ _id: result.upsertedId! });
    expect(doc).toEqual({ _id: result.upsertedId, slug: 'hello', meta: { lang: 'es' }, title: 'Hola' });
    const again = await coll.updateOne({ slug: 'hello' }, { $set: { title: 'Olá' } }, { upsert: true });
    expect([again.matchedCount, again.upsertedCount]).toEqual([1, 0]);
    const replaceUpsert = await coll.replaceOne({ _id: 'fixed' } as never, { whole: 1 }, { upsert: true });
    expect(replaceUpsert.upsertedId).toBe('fixed');
  });

  test('deleteOne/deleteMany report counts', async () => {
    const coll = ctx.db.collection('crud_delete');
    await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ i, odd: i % 2 === 1 })));
    expect((await coll.deleteOne({ odd: true })).deletedCount).toBe(1);
    expect((await coll.deleteMany({ odd: true })).deletedCount).toBe(4);
    expect((await coll.deleteMany({ odd: true })).deletedCount).toBe(0);
    expect(await coll.countDocuments()).toBe(5);
  });

  test('findOneAndUpdate/Replace/Delete: before/after images, sort, projection, upsert', async () => {
    const coll = ctx.db.collection('crud_fam');
    await coll.insertMany([
      { _id: 1, q: 'x', n: 1 },
      { _id: 2, q: 'x', n: 2 },
    ] as never[]);
    const before = await coll.findOneAndUpdate(
      { q: 'x' },
      { $inc: { n: 10 } },
      { sort: { n: -1 }, returnDocument: 'before' },
    );
    expect(before).toEqual({ _id: 2, q: 'x', n: 2 });
    const after = await coll.findOneAndUpdate(
      { q: 'x' },
      { $inc: { n: 10 } },
      { sort: { n: 1 }, returnDocument: 'after', projection: { _id: 0, n: 1 } },
    );
    expect(after).toEqual({ n: 11 });
    const upserted = await coll.findOneAndUpdate(
      { q: 'new' },
      { $set: { n: 0 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(upserted).toMatchObject({ q: 'new', n: 0 });
    const missing = await coll.findOneAndUpdate({ q: 'nope' }, { $set: { n: 0 } });
    expect(missing).toBeNull();
    const replaced = await coll.findOneAndReplace(
      { _id: 1 } as never,
      { q: 'y' },
      { returnDocument: 'after' },
    );
    expect(replaced).toEqual({ _id: 1, q: 'y' });
    const deleted = await coll.findOneAndDelete({ q: 'y' });
    expect(deleted).toEqual({ _id: 1, q: 'y' });
    expect(await coll.countDocuments()).toBe(2);
    const meta = await coll.findOneAndUpdate(
      { _id: 2 } as never,
      { $set: { m: 1 } },
      { includeResultMetadata: true },
    );
    expect(meta.ok).toBe(1);
    expect(meta.lastErrorObject).toMatchObject({ n: 1, updatedExisting: true });
  });

  test('distinct unwinds arrays and honours a filter', async () => {
    const coll = ctx.db.collection('crud_distinct');
    await coll.insertMany([
      { tags: ['a', 'b'], lang: 'es' },
      { tags: ['b', 'c'], lang: 'pt' },
      { tags: 'd', lang: 'es' },
      { lang: 'fr' },
    ]);
    expect((await coll.distinct('tags')).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect((await coll.distinct('tags', { lang: 'es' })).sort()).toEqual(['a', 'b', 'd']);
    expect((await coll.distinct('lang')).sort()).toEqual(['es', 'fr', 'pt']);
  });

  test('collections: create, list, rename, drop; NamespaceExists on a second create', async () => {
    await ctx.db.createCollection('crud_created');
    const again = await rejectionOf(ctx.db.createCollection('crud_created'));
    expect(again.code).toBe(48);
    expect(again.codeName).toBe('NamespaceExists');
    const names = (await ctx.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toContain('crud_created');
    await ctx.db.collection('crud_created').insertOne({ x: 1 });
    await ctx.db.renameCollection('crud_created', 'crud_renamed');
    expect(await ctx.db.collection('crud_renamed').countDocuments()).toBe(1);
    expect(await ctx.db.collection('crud_renamed').drop()).toBe(true);
    const after = (await ctx.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(after).not.toContain('crud_renamed');
    expect(after).not.toContain('crud_created');
  });

  test('a document over 16 MiB is refused and nothing is stored', async () => {
    const coll = ctx.db.collection('crud_big');
    // Just over 16 MiB: small enough for the driver to send, too big for the server to accept.
    const err = await rejectionOf(coll.insertOne({ blob: 'x'.repeat(16 * 1024 * 1024 + 1000) }));
    expect(err).toBeInstanceOf(MongoServerError);
    expect(typeof err.code).toBe('number');
    expect(await coll.countDocuments()).toBe(0);
  });

  test('dropDatabase removes every collection of that database only', async () => {
    const other = ctx.client.db(`${ctx.testDb.dbName}_other`);
    await other.collection('a').insertOne({ x: 1 });
    await other.collection('b').insertOne({ x: 1 });
    await ctx.db.collection('crud_keep').insertOne({ keep: true });
    await other.dropDatabase();
    expect(await other.listCollections().toArray()).toEqual([]);
    expect(await ctx.db.collection('crud_keep').countDocuments()).toBe(1);
  });
});
