/**
 * Issue 16, items 7–11: bad input refused with MongoDB's code and message, options honoured (or
 * refused), collation as MongoDB accepts it, document shapes of MongoDB ≥ 5.0, read-only views, and the
 * commands database tools call. Written with mongod 7.0's answers, so it passes against a real
 * standalone mongod too (`MONGODB_URI`).
 */
import { Long, type Document } from 'mongodb';
import { kind, rejectionOf, useDriver, type AnyError } from './fixture';

const ctx = useDriver();

/** JavaScript faults that must never reach a client. */
const INTERNAL =
  /is not a function|Cannot read propert|undefined is not|is not iterable|of undefined|of null/;

async function codeOf(promise: Promise<unknown>): Promise<AnyError> {
  const err = await rejectionOf(promise);
  expect(String(err.message)).not.toMatch(INTERNAL);
  return err;
}

describe(`malformed input is refused with MongoDB's code (${kind})`, () => {
  beforeAll(async () => {
    await ctx.db.collection('bad').insertMany([{ a: 1, tags: ['x'] }, { a: 2 }]);
  });

  const queries: Array<[string, Document, number, RegExp]> = [
    ['$and: []', { $and: [] }, 2, /\$and\/\$or\/\$nor must be a nonempty array/],
    ['$or: []', { $or: [] }, 2, /\$and\/\$or\/\$nor must be a nonempty array/],
    ['$nor: 5', { $nor: 5 }, 2, /must be an array/],
    ['$not: 5', { a: { $not: 5 } }, 2, /\$not needs a regex or a document/],
    ['$size: "x"', { tags: { $size: 'x' } }, 2, /\$size needs a number/],
    ['$mod divisor 0', { a: { $mod: [0, 1] } }, 2, /divisor cannot be 0/],
    ['$mod: 5', { a: { $mod: 5 } }, 2, /malformed mod/],
    ['$elemMatch: 1', { tags: { $elemMatch: 1 } }, 2, /\$elemMatch needs an Object/],
    ['$all: 5', { tags: { $all: 5 } }, 2, /\$all needs an array/],
    ['$in: 5', { a: { $in: 5 } }, 2, /\$in needs an array/],
    ['$nin: "x"', { a: { $nin: 'x' } }, 2, /\$nin needs an array/],
    ['unknown field operator', { a: { $foo: 1 } }, 2, /unknown operator: \$foo/],
    ['unknown top-level operator', { $foo: 1 }, 2, /unknown top level operator: \$foo/],
    ['$regex: 5', { a: { $regex: 5 } }, 2, /\$regex has to be a string/],
  ];
  test.each(queries)('find with %s', async (_label, filter, code, message) => {
    const err = await codeOf(ctx.db.collection('bad').find(filter).toArray());
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    // The same filter inside $match, count and delete is refused the same way.
    expect(
      (
        await codeOf(
          ctx.db
            .collection('bad')
            .aggregate([{ $match: filter }])
            .toArray(),
        )
      ).code,
    ).toBe(code);
    expect((await codeOf(ctx.db.collection('bad').countDocuments(filter))).code).toBe(code);
    expect((await codeOf(ctx.db.collection('bad').deleteMany(filter))).code).toBe(code);
  });

  const stages: Array<[string, Document[], number, RegExp]> = [
    ['$limit: 0', [{ $limit: 0 }], 15958, /the limit must be positive/],
    ['$limit: -1', [{ $limit: -1 }], 5107201, /invalid argument to \$limit stage/],
    ['$skip: -1', [{ $skip: -1 }], 5107200, /invalid argument to \$skip stage/],
    ['$sort: {}', [{ $sort: {} }], 15976, /\$sort stage must have at least one sort key/],
    ['$sort: { a: 5 }', [{ $sort: { a: 5 } }], 15975, /\$sort key ordering must be 1/],
    ['$unwind without $', [{ $unwind: 'tags' }], 28818, /should be prefixed with a '\$'/],
    [
      '$lookup without as',
      [{ $lookup: { from: 'bad', localField: 'a', foreignField: 'a' } }],
      9,
      /must specify 'as' field for a \$lookup/,
    ],
    [
      '$group without _id',
      [{ $group: { n: { $sum: 1 } } }],
      15955,
      /a group specification must include an _id/,
    ],
    ['unknown stage', [{ $frobnicate: {} }], 40324, /Unrecognized pipeline stage name: '\$frobnicate'/],
    ['$count: ""', [{ $count: '' }], 40156, /the count field must be a non-empty string/],
    [
      '$lookup pipeline with $limit 0',
      [{ $lookup: { from: 'bad', pipeline: [{ $limit: 0 }], as: 'x' } }],
      15958,
      /the limit must be positive/,
    ],
  ];
  test.each(stages)('aggregate with %s', async (_label, pipeline, code, message) => {
    const err = await codeOf(ctx.db.collection('bad').aggregate(pipeline).toArray());
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  test('unknown command options are refused (40415)', async () => {
    const err = await codeOf(ctx.db.command({ find: 'bad', filter: {}, foo: 1 }));
    expect(err.code).toBe(40415);
    expect(err.message).toBe("BSON field 'find.foo' is an unknown field.");
    expect((await codeOf(ctx.db.command({ insert: 'bad', documents: [{}], bar: true }))).code).toBe(40415);
    expect(
      (await codeOf(ctx.db.command({ update: 'bad', updates: [{ q: {}, u: { $set: { a: 1 } }, zap: 1 }] })))
        .message,
    ).toBe("BSON field 'update.updates.zap' is an unknown field.");
  });

  test('a hint that names no index → 2 BadValue', async () => {
    const err = await codeOf(ctx.db.collection('bad').find({}).hint('nope_1').toArray());
    expect(err.code).toBe(2);
    expect(err.message).toMatch(/hint provided does not correspond to an existing index/);
    expect((await codeOf(ctx.db.collection('bad').find({}).hint({ zz: 1 }).toArray())).code).toBe(2);
    expect(
      (await codeOf(ctx.db.collection('bad').updateOne({}, { $set: { b: 1 } }, { hint: 'nope' }))).code,
    ).toBe(2);
  });

  test('array filters: unused → 9 FailedToParse, missing → 2 BadValue', async () => {
    await ctx.db.collection('af').insertOne({ _id: 1 as never, a: [1, 2, 3] });
    const unused = await codeOf(
      ctx.db
        .collection('af')
        .updateOne({ _id: 1 as never }, { $set: { b: 1 } }, { arrayFilters: [{ x: 1 }] }),
    );
    expect(unused.code).toBe(9);
    expect(unused.message).toMatch(/The array filter for identifier 'x' was not used in the update/);
    const missing = await codeOf(
      ctx.db.collection('af').updateOne({ _id: 1 as never }, { $set: { 'a.$[y]': 0 } }),
    );
    expect(missing.code).toBe(2);
    expect(missing.message).toMatch(/No array filter found for identifier 'y' in path 'a\.\$\[y\]'/);
    expect(await ctx.db.collection('af').findOne({ _id: 1 as never })).toEqual({ _id: 1, a: [1, 2, 3] });
  });

  test('w > 1 → 2 BadValue and an unknown write-concern tag → 79 on a standalone', async () => {
    const hello = await ctx.db.admin().command({ hello: 1 });
    if (hello.setName || hello.msg === 'isdbgrid') return; // only a standalone refuses these
    const w2 = await codeOf(ctx.db.collection('wc').insertOne({ a: 1 }, { writeConcern: { w: 2 } }));
    expect(w2.code).toBe(2);
    expect(w2.message).toMatch(/cannot use 'w' > 1 on a standalone/);
    const tag = await codeOf(
      ctx.db.collection('wc').insertOne({ a: 1 }, { writeConcern: { w: 'dc1' as never } }),
    );
    expect(tag.code).toBe(79);
    expect(await ctx.db.collection('wc').countDocuments()).toBe(0);
    await ctx.db.collection('wc').insertOne({ a: 1 }, { writeConcern: { w: 'majority' } });
  });

  test('$merge on fields without a unique index → 51183', async () => {
    const err = await codeOf(
      ctx.db
        .collection('bad')
        .aggregate([{ $merge: { into: 'merged', on: 'a' } }])
        .toArray(),
    );
    expect(err.code).toBe(51183);
    await ctx.db.collection('merged').createIndex({ a: 1 }, { unique: true });
    await ctx.db
      .collection('bad')
      .aggregate([{ $project: { _id: 0, a: 1 } }, { $merge: { into: 'merged', on: 'a' } }])
      .toArray();
    expect(await ctx.db.collection('merged').countDocuments()).toBe(2);
  });

  test('writes to system.* collections → 73 InvalidNamespace', async () => {
    const err = await codeOf(ctx.db.collection('system.foo').insertOne({ a: 1 }));
    expect(err.code).toBe(73);
    expect((await codeOf(ctx.db.createCollection('system.bar'))).code).toBe(73);
  });
});

describe(`options honoured (${kind})`, () => {
  beforeAll(async () => {
    const c = ctx.db.collection('opts');
    await c.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i as never, n: i, s: `v${i}` })));
    await c.createIndex({ n: 1 });
  });

  test('hint({ $natural: -1 }) returns the natural order reversed', async () => {
    const docs = await ctx.db.collection('opts').find({}).hint({ $natural: -1 }).limit(3).toArray();
    expect(docs.map((d) => d._id)).toEqual([9, 8, 7]);
  });

  test('min / max bound the hinted index (min inclusive, max exclusive); without a hint they are refused', async () => {
    const docs = await ctx.db
      .collection('opts')
      .find({})
      .min({ n: 3 })
      .max({ n: 6 })
      .hint({ n: 1 })
      .toArray();
    expect(docs.map((d) => d.n)).toEqual([3, 4, 5]);
    const err = await codeOf(ctx.db.collection('opts').find({}).min({ n: 3 }).toArray());
    expect(err.code).toBe(51173);
  });

  test('returnKey returns the index key; showRecordId adds $recordId', async () => {
    const keys = await ctx.db
      .collection('opts')
      .find({ n: { $lt: 2 } })
      .hint({ n: 1 })
      .returnKey(true)
      .toArray();
    expect(keys).toEqual([{ n: 0 }, { n: 1 }]);
    const withId = await ctx.db.collection('opts').find({ n: 4 }).showRecordId(true).toArray();
    expect(withId[0]).toMatchObject({ _id: 4, n: 4 });
    expect(withId[0].$recordId).toBeDefined();
  });

  test('a hidden index is not usable by hint; collMod unhides it and changes a TTL', async () => {
    const c = ctx.db.collection('hid');
    await c.insertOne({ at: new Date(), k: 1 });
    await c.createIndex({ k: 1 }, { name: 'k_1' });
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 3600, name: 'at_1' });
    const hide = await ctx.db.command({ collMod: 'hid', index: { name: 'k_1', hidden: true } });
    expect(hide).toMatchObject({ hidden_old: false, hidden_new: true, ok: 1 });
    expect((await codeOf(c.find({ k: 1 }).hint('k_1').toArray())).code).toBe(2);
    expect(await c.countDocuments({ k: 1 })).toBe(1);
    await ctx.db.command({ collMod: 'hid', index: { keyPattern: { k: 1 }, hidden: false } });
    expect(await c.find({ k: 1 }).hint('k_1').toArray()).toHaveLength(1);
    const ttl = await ctx.db.command({ collMod: 'hid', index: { name: 'at_1', expireAfterSeconds: 60 } });
    expect(ttl).toMatchObject({ expireAfterSeconds_old: 3600, expireAfterSeconds_new: 60 });
    const specs = await c.listIndexes().toArray();
    expect(specs.find((s) => s.name === 'at_1')?.expireAfterSeconds).toBe(60);
    expect((await codeOf(ctx.db.command({ collMod: 'hid', frob: 1 }))).code).toBe(40415);
  });

  test("a collection's default collation applies to find, count and distinct", async () => {
    await ctx.db.createCollection('coll_ci', { collation: { locale: 'en', strength: 2 } });
    const c = ctx.db.collection('coll_ci');
    await c.insertMany([{ name: 'Ana' }, { name: 'ana' }, { name: 'Bob' }]);
    expect(await c.countDocuments({ name: 'ANA' })).toBe(2);
    expect(await c.find({ name: 'ana' }).toArray()).toHaveLength(2);
    // An explicit simple collation is binary.
    expect(await c.find({ name: 'ana' }, { collation: { locale: 'simple' } }).toArray()).toHaveLength(1);
  });

  test('$jsonSchema validators are enforced, with errInfo.details; bypassDocumentValidation skips them', async () => {
    await ctx.db.createCollection('people', {
      validator: {
        $jsonSchema: {
          bsonType: 'object',
          required: ['name', 'age'],
          properties: {
            name: { bsonType: 'string', minLength: 2 },
            age: { bsonType: 'int', minimum: 0, maximum: 150 },
            role: { enum: ['admin', 'member'] },
          },
        },
      },
    });
    const c = ctx.db.collection('people');
    await c.insertOne({ name: 'Ana', age: 30, role: 'admin' });
    const missing = await codeOf(c.insertOne({ name: 'Bo' }));
    expect(missing.code).toBe(121);
    expect(missing.errInfo?.details).toMatchObject({
      operatorName: '$jsonSchema',
      schemaRulesNotSatisfied: [{ operatorName: 'required', missingProperties: ['age'] }],
    });
    const wrongType = await codeOf(c.insertOne({ name: 'Bo', age: 'old' }));
    expect(wrongType.errInfo?.details.schemaRulesNotSatisfied[0]).toMatchObject({
      operatorName: 'properties',
      propertiesNotSatisfied: [{ propertyName: 'age' }],
    });
    expect((await codeOf(c.updateOne({ name: 'Ana' }, { $set: { role: 'boss' } }))).code).toBe(121);
    await c.insertOne({ name: 'X' }, { bypassDocumentValidation: true });
    expect(await c.countDocuments()).toBe(2);
    // A query validator reports details too.
    await ctx.db.createCollection('qv', { validator: { qty: { $gt: 0 } } });
    const q = await codeOf(ctx.db.collection('qv').insertOne({ qty: -1 }));
    expect(q.code).toBe(121);
    expect(q.errInfo?.details).toBeDefined();
  });

  test('$jsonSchema keywords MongoDB does not support are refused at create', async () => {
    const err = await codeOf(
      ctx.db.createCollection('badschema', { validator: { $jsonSchema: { format: 'email' } } }),
    );
    expect(err.code).toBe(9);
    expect(err.message).toMatch(/not currently supported/);
  });
});

describe(`collation as MongoDB accepts it (${kind})`, () => {
  beforeAll(async () => {
    await ctx.db
      .collection('words')
      .insertMany([{ w: 'côte' }, { w: 'Cote' }, { w: 'cote' }, { w: 'item10' }, { w: 'item9' }]);
  });

  test.each(['en_US', 'fr_CA', 'pt_BR', 'es', 'de@collation=phonebook'])(
    'locale %s is accepted',
    async (locale) => {
      const docs = await ctx.db
        .collection('words')
        .find({}, { collation: { locale } })
        .sort({ w: 1 })
        .toArray();
      expect(docs).toHaveLength(5);
    },
  );

  test('strength, numericOrdering and simple', async () => {
    const words = ctx.db.collection('words');
    expect(await words.countDocuments({ w: 'cote' }, { collation: { locale: 'fr_CA', strength: 1 } })).toBe(
      3,
    );
    expect(await words.countDocuments({ w: 'cote' }, { collation: { locale: 'fr_CA', strength: 2 } })).toBe(
      2,
    );
    expect(await words.countDocuments({ w: 'cote' }, { collation: { locale: 'simple' } })).toBe(1);
    const numeric = await words
      .find({ w: /^item/ }, { collation: { locale: 'en_US', numericOrdering: true } })
      .sort({ w: 1 })
      .toArray();
    expect(numeric.map((d) => d.w)).toEqual(['item9', 'item10']);
  });

  test('update, delete, findAndModify, distinct, aggregate and bulk writes take a collation', async () => {
    const c = ctx.db.collection('coll_ops');
    await c.insertMany([
      { k: 'A', n: 0 },
      { k: 'a', n: 0 },
      { k: 'b', n: 0 },
    ]);
    const ci = { locale: 'en_US', strength: 2 };
    expect((await c.updateMany({ k: 'a' }, { $inc: { n: 1 } }, { collation: ci })).modifiedCount).toBe(2);
    expect(
      await c.findOneAndUpdate({ k: 'B' }, { $inc: { n: 5 } }, { collation: ci, returnDocument: 'after' }),
    ).toMatchObject({ n: 5 });
    expect((await c.distinct('k', {}, { collation: ci })).length).toBeGreaterThanOrEqual(2);
    const grouped = await c.aggregate([{ $match: { k: 'a' } }, { $count: 'n' }], { collation: ci }).toArray();
    expect(grouped).toEqual([{ n: 2 }]);
    const bulk = await c.bulkWrite([
      { updateMany: { filter: { k: 'A' }, update: { $set: { t: 1 } }, collation: ci } },
    ]);
    expect(bulk.modifiedCount).toBe(2);
    expect((await c.deleteMany({ k: 'A' }, { collation: ci })).deletedCount).toBe(2);
  });

  test('bad collation documents are refused', async () => {
    const words = ctx.db.collection('words');
    expect((await codeOf(words.find({}, { collation: { locale: 'xx_NOPE' } }).toArray())).code).toBe(2);
    expect((await codeOf(words.find({}, { collation: { locale: 'en', strength: 9 } }).toArray())).code).toBe(
      2,
    );
    expect(
      (await codeOf(words.find({}, { collation: { locale: 'en', foo: 1 } as never }).toArray())).code,
    ).toBe(40415);
  });
});

describe(`document shapes and views (${kind})`, () => {
  test('top-level $-prefixed field names are stored; inside _id they are refused', async () => {
    const c = ctx.db.collection('dollar');
    await ctx.db.command({ insert: 'dollar', documents: [{ _id: 1, $price: 5 }] });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, $price: 5 });
    const reply = await ctx.db.command({ insert: 'dollar', documents: [{ _id: { $bad: 1 } }] });
    expect(reply.n).toBe(0);
    expect(reply.writeErrors[0].code).toBe(52);
    expect(reply.writeErrors[0].errmsg).toMatch(/_id fields may not contain '\$'-prefixed fields/);
  });

  test('_id: null is found and counted', async () => {
    const c = ctx.db.collection('nullid');
    await ctx.db.command({ insert: 'nullid', documents: [{ _id: null, v: 1 }] });
    expect(await c.findOne({ _id: null as never })).toEqual({ _id: null, v: 1 });
    expect(await c.countDocuments({ _id: null as never })).toBe(1);
  });

  test('let variables are values', async () => {
    await ctx.db.collection('letv').insertMany([{ a: '$bar' }, { a: 'x' }]);
    const docs = await ctx.db
      .collection('letv')
      .find({ $expr: { $eq: ['$a', '$$v'] } }, { let: { v: { $literal: '$bar' } } })
      .toArray();
    expect(docs.map((d) => d.a)).toEqual(['$bar']);
  });

  test('a pipeline update may set _id to its current value', async () => {
    const c = ctx.db.collection('pipeid');
    await c.insertOne({ _id: 7 as never, n: 1 });
    await c.updateOne({ _id: 7 as never }, [{ $set: { _id: 7, n: 2 } }]);
    expect(await c.findOne({ _id: 7 as never })).toEqual({ _id: 7, n: 2 });
  });

  test('$listLocalSessions lists sessions used on this server', async () => {
    const session = ctx.client.startSession();
    await ctx.db.collection('sess').findOne({}, { session });
    const list = await ctx.client
      .db('admin')
      .aggregate([{ $listLocalSessions: {} }])
      .toArray();
    expect(Array.isArray(list)).toBe(true);
    await session.endSession();
  });

  test('read-only views: find, aggregate, count, distinct; writes refused with 166', async () => {
    const src = ctx.db.collection('orders');
    await src.insertMany([
      { item: 'a', qty: 1 },
      { item: 'b', qty: 5 },
      { item: 'c', qty: 9 },
    ]);
    await ctx.db.createCollection('big_orders', {
      viewOn: 'orders',
      pipeline: [{ $match: { qty: { $gt: 2 } } }],
    });
    const view = ctx.db.collection('big_orders');
    expect((await view.find({}).sort({ qty: -1 }).toArray()).map((d) => d.item)).toEqual(['c', 'b']);
    expect(await view.find({ item: 'b' }, { projection: { _id: 0, item: 1 } }).toArray()).toEqual([
      { item: 'b' },
    ]);
    expect(await view.countDocuments()).toBe(2);
    expect(await view.estimatedDocumentCount()).toBe(2);
    expect(await view.distinct('item')).toEqual(['b', 'c']);
    expect(await view.aggregate([{ $group: { _id: null, total: { $sum: '$qty' } } }]).toArray()).toEqual([
      { _id: null, total: 14 },
    ]);
    const listed = await ctx.db.listCollections({ name: 'big_orders' }).toArray();
    expect(listed[0]).toMatchObject({ name: 'big_orders', type: 'view', options: { viewOn: 'orders' } });
    expect((await codeOf(view.insertOne({ item: 'z', qty: 100 }))).code).toBe(166);
    expect((await codeOf(view.updateOne({}, { $set: { qty: 0 } }))).code).toBe(166);
    expect((await codeOf(view.deleteMany({}))).code).toBe(166);
    expect((await codeOf(view.createIndex({ qty: 1 }))).code).toBe(166);
    expect(await src.countDocuments()).toBe(3);
    expect(await view.drop()).toBe(true);
    expect(await ctx.db.listCollections({ name: 'big_orders' }).toArray()).toEqual([]);
  });
});

describe(`commands database tools use (${kind})`, () => {
  beforeAll(async () => {
    const c = ctx.db.collection('stats');
    await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ i, text: 'x'.repeat(100) })));
    await c.createIndex({ i: 1 });
  });

  test('collStats, $collStats storageStats and dbStats with scale report sizes', async () => {
    const stats = await ctx.db.command({ collStats: 'stats' });
    expect(stats.count).toBe(50);
    expect(stats.size).toBeGreaterThan(50 * 100);
    expect(stats.totalIndexSize).toBeGreaterThan(0);
    expect(Object.keys(stats.indexSizes).sort()).toEqual(['_id_', 'i_1']);
    const [agg] = await ctx.db
      .collection('stats')
      .aggregate([{ $collStats: { storageStats: {}, count: {} } }])
      .toArray();
    expect(agg.storageStats.count).toBe(50);
    expect(agg.storageStats.size).toBe(stats.size);
    expect(Number(agg.count)).toBe(50);
    const db1 = await ctx.db.command({ dbStats: 1 });
    const dbk = await ctx.db.command({ dbStats: 1, scale: 1024 });
    expect(dbk.scaleFactor).toBe(1024);
    expect(Math.abs(dbk.dataSize - db1.dataSize / 1024)).toBeLessThan(1);
    expect(db1.indexSize).toBeGreaterThan(0);
  });

  test('$indexStats, validate, listCommands', async () => {
    const ix = await ctx.db
      .collection('stats')
      .aggregate([{ $indexStats: {} }])
      .toArray();
    expect(ix.map((d) => d.name).sort()).toEqual(['_id_', 'i_1']);
    const v = await ctx.db.command({ validate: 'stats' });
    expect(v).toMatchObject({ valid: true, nrecords: 50 });
    expect(v.keysPerIndex.i_1).toBe(50);
    const cmds = await ctx.db.admin().command({ listCommands: 1 });
    for (const name of ['find', 'insert', 'aggregate', 'collStats', 'dbStats'])
      expect(cmds.commands[name]).toBeDefined();
  });

  test('currentOp, $currentOp and killOp', async () => {
    const cur = await ctx.db.admin().command({ currentOp: 1 });
    expect(Array.isArray(cur.inprog)).toBe(true);
    const ops = await ctx.client
      .db('admin')
      .aggregate([{ $currentOp: {} }])
      .toArray();
    expect(ops.length).toBeGreaterThanOrEqual(1);
    const killed = await ctx.db.admin().command({ killOp: 1, op: 123456789 });
    expect(killed.ok).toBe(1);
  });

  test('usersInfo, rolesInfo, getLog and serverStatus op counters', async () => {
    const users = await ctx.db.command({ usersInfo: 1 });
    expect(Array.isArray(users.users)).toBe(true);
    const roles = await ctx.db.command({ rolesInfo: 1, showBuiltinRoles: true });
    expect(roles.roles.map((r: Document) => r.role)).toEqual(
      expect.arrayContaining(['read', 'readWrite', 'dbAdmin']),
    );
    const logs = await ctx.db.admin().command({ getLog: '*' });
    expect(logs.names).toEqual(expect.arrayContaining(['global', 'startupWarnings']));
    const before = await ctx.db.admin().command({ serverStatus: 1 });
    await ctx.db.collection('stats').insertOne({ i: 1000 });
    const after = await ctx.db.admin().command({ serverStatus: 1 });
    expect(Number(after.opcounters.insert) - Number(before.opcounters.insert)).toBeGreaterThanOrEqual(1);
  });

  test('replica-set commands answer 76 NoReplicationEnabled like a standalone mongod', async () => {
    const hello = await ctx.db.admin().command({ hello: 1 });
    if (hello.setName || hello.msg === 'isdbgrid') return;
    for (const cmd of [{ replSetGetStatus: 1 }, { replSetGetConfig: 1 }]) {
      const err = await codeOf(ctx.db.admin().command(cmd));
      expect(err.code).toBe(76);
      expect(err.codeName).toBe('NoReplicationEnabled');
    }
  });
});

describe(`internal errors never reach a client (${kind})`, () => {
  test('a list of malformed commands all get MongoDB-shaped errors', async () => {
    const cmds: Document[] = [
      { find: 'bad', filter: { a: { $in: { $gt: 1 } } } },
      { find: 'bad', filter: { tags: { $all: { x: 1 } } } },
      { find: 'bad', sort: { a: 'up' } },
      { aggregate: 'bad', pipeline: [{ $unwind: 5 }], cursor: {} },
      { aggregate: 'bad', pipeline: [{ $lookup: 'bad' }], cursor: {} },
      { aggregate: 'bad', pipeline: [{ $group: 5 }], cursor: {} },
      { aggregate: 'bad', pipeline: [{ $project: {} }], cursor: {} },
      { aggregate: 'bad', pipeline: [{ $facet: { x: 5 } }], cursor: {} },
      { aggregate: 'bad', pipeline: [{ $replaceRoot: {} }], cursor: {} },
      { update: 'bad', updates: [{ q: {}, u: { $set: { 'a.$[]': 1 } }, arrayFilters: [{ 'X.a': 1 }] }] },
      { insert: 'bad', documents: [{}], writeConcern: { w: -1 } },
      { count: 'bad', query: { $or: 5 } },
      { distinct: 'bad', key: 'a', query: { a: { $mod: [1] } } },
      { findAndModify: 'bad', query: { a: { $size: -1 } }, update: { $set: { z: 1 } } },
    ];
    for (const cmd of cmds) {
      let reply: AnyError;
      try {
        reply = await ctx.db.command(cmd);
      } catch (error) {
        reply = error as AnyError;
      }
      const text = JSON.stringify({
        message: reply.message,
        errmsg: reply.errmsg,
        writeErrors: reply.writeErrors,
      });
      expect(text).not.toMatch(INTERNAL);
      const failed = reply.ok === 0 || reply.code !== undefined || (reply.writeErrors?.length ?? 0) > 0;
      expect({ cmd, failed }).toEqual({ cmd, failed: true });
      const code =
        (reply.code as number | undefined) ?? (reply.writeErrors as AnyError[] | undefined)?.[0]?.code;
      expect(code).not.toBe(1);
    }
    void Long;
  });
});
