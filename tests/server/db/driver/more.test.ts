import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

describe(`bulkWrite, collation, let variables and $merge (${kind})`, () => {
  test('bulkWrite mixes operations and reports every count', async () => {
    const coll = ctx.db.collection('more_bulk');
    await coll.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
    ] as never[]);
    const result = await coll.bulkWrite([
      { insertOne: { document: { _id: 3, n: 3 } as never } },
      { updateOne: { filter: { _id: 1 } as never, update: { $inc: { n: 10 } } } },
      { updateMany: { filter: { n: { $gte: 2 } }, update: { $set: { big: true } } } },
      { replaceOne: { filter: { _id: 2 } as never, replacement: { n: 20 } } },
      { deleteOne: { filter: { _id: 3 } as never } },
      { updateOne: { filter: { _id: 4 } as never, update: { $set: { n: 4 } }, upsert: true } },
    ]);
    expect(result.insertedCount).toBe(1);
    expect(result.matchedCount).toBe(1 + 3 + 1);
    expect(result.modifiedCount).toBe(1 + 3 + 1);
    expect(result.deletedCount).toBe(1);
    expect(result.upsertedCount).toBe(1);
    expect(await coll.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 1, n: 11, big: true },
      { _id: 2, n: 20 },
      { _id: 4, n: 4 },
    ]);
  });

  test('unordered bulkWrite keeps going after a duplicate key', async () => {
    const coll = ctx.db.collection('more_bulk_unordered');
    const err = await rejectionOf(
      coll.bulkWrite(
        [
          { insertOne: { document: { _id: 1 } as never } },
          { insertOne: { document: { _id: 1 } as never } },
          { insertOne: { document: { _id: 2 } as never } },
        ],
        { ordered: false },
      ),
    );
    expect(err.code).toBe(11000);
    expect(await coll.countDocuments()).toBe(2);
  });

  test('collation: case-insensitive match (strength 2) and locale-aware sort', async () => {
    const coll = ctx.db.collection('more_collation');
    await coll.insertMany([
      { name: 'Ana' },
      { name: 'ana' },
      { name: 'ANA' },
      { name: 'Bruno' },
      { name: 'álvaro' },
    ]);
    const ci = await coll.find({ name: 'ana' }, { collation: { locale: 'en', strength: 2 } }).toArray();
    expect(ci).toHaveLength(3);
    const sorted = await coll
      .find({}, { collation: { locale: 'es', strength: 1 }, projection: { _id: 0, name: 1 } })
      .sort({ name: 1 })
      .toArray();
    // álvaro sorts with the a's (not after z as in binary order).
    expect(sorted.map((d) => d.name).indexOf('álvaro')).toBeLessThan(
      sorted.map((d) => d.name).indexOf('Bruno'),
    );
    const binary = await coll
      .find({}, { projection: { _id: 0, name: 1 } })
      .sort({ name: 1 })
      .toArray();
    expect(binary.map((d) => d.name)).toEqual(['ANA', 'Ana', 'Bruno', 'ana', 'álvaro']);
  });

  test('let variables in find, update, delete and aggregate', async () => {
    const coll = ctx.db.collection('more_let');
    await coll.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
      { _id: 3, n: 3 },
    ] as never[]);
    const found = await coll.find({ $expr: { $eq: ['$n', '$$target'] } }, { let: { target: 2 } }).toArray();
    expect(found.map((d) => d._id)).toEqual([2]);
    const updated = await coll.updateOne(
      { $expr: { $eq: ['$n', '$$t'] } },
      { $set: { hit: true } },
      { let: { t: 3 } },
    );
    expect(updated.modifiedCount).toBe(1);
    expect(await coll.findOne({ hit: true })).toMatchObject({ _id: 3 });
    const deleted = await coll.deleteMany({ $expr: { $lt: ['$n', '$$limit'] } }, { let: { limit: 2 } });
    expect(deleted.deletedCount).toBe(1);
    const agg = await coll
      .aggregate([{ $match: { $expr: { $gte: ['$n', '$$min'] } } }, { $project: { _id: 1 } }], {
        let: { min: 3 },
      })
      .toArray();
    expect(agg).toEqual([{ _id: 3 }]);
  });

  test('$merge upserts aggregation results into another collection', async () => {
    const src = ctx.db.collection('more_merge_src');
    const dst = ctx.db.collection('more_merge_dst');
    await dst.insertOne({ _id: 'ana', votes: 1, keep: true } as never);
    await src.insertMany([
      { author: 'ana', votes: 2 },
      { author: 'ana', votes: 3 },
      { author: 'bo', votes: 1 },
    ]);
    await src
      .aggregate([
        { $group: { _id: '$author', votes: { $sum: '$votes' } } },
        { $merge: { into: 'more_merge_dst', whenMatched: 'merge', whenNotMatched: 'insert' } },
      ])
      .toArray();
    expect(await dst.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 'ana', votes: 5, keep: true },
      { _id: 'bo', votes: 1 },
    ]);
  });

  test('estimatedDocumentCount, listCollections filter and collection stats-free helpers work', async () => {
    const coll = ctx.db.collection('more_count');
    await coll.insertMany(Array.from({ length: 12 }, (_, i) => ({ i })));
    expect(await coll.estimatedDocumentCount()).toBe(12);
    const listed = await ctx.db.listCollections({ name: 'more_count' }).toArray();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: 'more_count', type: 'collection' });
  });
});
