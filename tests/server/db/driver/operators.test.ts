import { ObjectId } from 'mongodb';
import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

describe(`update operators (${kind})`, () => {
  const coll = () => ctx.db.collection('ops_update');
  const fresh = async (doc: Record<string, unknown>) => {
    await coll().deleteMany({});
    await coll().insertOne({ _id: 1, ...doc } as never);
  };
  const get = async () => coll().findOne({ _id: 1 } as never, { projection: { _id: 0 } });

  test('$set / $unset / $inc / $mul / $min / $max / $rename on nested paths', async () => {
    await fresh({ a: { b: 1 }, n: 5, gone: true, old: 'x', lo: 5, hi: 5 });
    await coll().updateOne({ _id: 1 } as never, {
      $set: { 'a.c': 2, 'x.y.z': 'deep' },
      $unset: { gone: '' },
      $inc: { n: 2, created: 1 },
      $mul: { lo: 2 },
      $min: { hi: 3 },
      $max: { m: 10 },
      $rename: { old: 'renamed' },
    });
    expect(await get()).toEqual({
      a: { b: 1, c: 2 },
      n: 7,
      lo: 10,
      hi: 3,
      x: { y: { z: 'deep' } },
      created: 1,
      m: 10,
      renamed: 'x',
    });
  });

  test('$set of _id to the same value is allowed; changing _id is ImmutableField (66)', async () => {
    await fresh({ v: 1 });
    const ok = await coll().updateOne({ _id: 1 } as never, { $set: { _id: 1, v: 2 } });
    expect(ok.matchedCount).toBe(1);
    expect(await get()).toEqual({ v: 2 });
    const err = await rejectionOf(coll().updateOne({ _id: 1 } as never, { $set: { _id: 2 } }));
    expect(err.code).toBe(66); // write errors carry code and errmsg (no codeName), as on mongod
    expect(await get()).toEqual({ v: 2 });
  });

  test('$push with $each/$slice/$position/$sort, $pop, $addToSet with $each, $pull with conditions', async () => {
    await fresh({
      list: [3],
      tags: ['a'],
      scores: [1, 5, 9, 12],
      reactions: [
        { u: 'ana', k: 'up' },
        { u: 'bo', k: 'down' },
      ],
    });
    await coll().updateOne(
      { _id: 1 } as never,
      { $push: { list: { $each: [1, 2], $position: 0 } } } as never,
    );
    expect((await get())!.list).toEqual([1, 2, 3]);
    await coll().updateOne(
      { _id: 1 } as never,
      { $push: { list: { $each: [9, 0], $sort: -1, $slice: 3 } } } as never,
    );
    expect((await get())!.list).toEqual([9, 3, 2]);
    await coll().updateOne({ _id: 1 } as never, { $pop: { list: -1 } });
    expect((await get())!.list).toEqual([3, 2]);
    await coll().updateOne({ _id: 1 } as never, { $addToSet: { tags: { $each: ['a', 'b', 'b', 'c'] } } });
    expect((await get())!.tags).toEqual(['a', 'b', 'c']);
    await coll().updateOne({ _id: 1 } as never, { $addToSet: { tags: 'a' } });
    expect((await get())!.tags).toEqual(['a', 'b', 'c']);
    await coll().updateOne(
      { _id: 1 } as never,
      { $pull: { scores: { $gte: 9 }, reactions: { u: 'ana' } } } as never,
    );
    const doc = await get();
    expect(doc!.scores).toEqual([1, 5]);
    expect(doc!.reactions).toEqual([{ u: 'bo', k: 'down' }]);
    await coll().updateOne({ _id: 1 } as never, { $pull: { tags: { $in: ['a', 'c'] } } } as never);
    expect((await get())!.tags).toEqual(['b']);
  });

  test('$setOnInsert applies only when the upsert inserts', async () => {
    await coll().deleteMany({});
    const update = { $setOnInsert: { createdBy: 'first', count: 0 }, $set: { touched: true } };
    await coll().updateOne({ key: 'k' }, update, { upsert: true });
    await coll().updateOne(
      { key: 'k' },
      { ...update, $setOnInsert: { createdBy: 'second', count: 0 } },
      { upsert: true },
    );
    const docs = await coll()
      .find({ key: 'k' }, { projection: { _id: 0 } })
      .toArray();
    expect(docs).toEqual([{ key: 'k', createdBy: 'first', count: 0, touched: true }]);
  });

  test('positional $ and arrayFilters $[name] / $[]', async () => {
    await fresh({
      items: [
        { n: 1, done: false },
        { n: 2, done: false },
        { n: 3, done: false },
      ],
      votes: [
        { u: 'a', v: 1 },
        { u: 'b', v: 1 },
      ],
    });
    await coll().updateOne({ _id: 1, 'votes.u': 'b' } as never, { $set: { 'votes.$.v': -1 } });
    expect((await get())!.votes).toEqual([
      { u: 'a', v: 1 },
      { u: 'b', v: -1 },
    ]);
    await coll().updateOne(
      { _id: 1 } as never,
      { $set: { 'items.$[e].done': true } },
      { arrayFilters: [{ 'e.n': { $gte: 2 } }] },
    );
    expect((await get())!.items.map((i: { done: boolean }) => i.done)).toEqual([false, true, true]);
    await coll().updateOne({ _id: 1 } as never, { $inc: { 'items.$[].n': 10 } });
    expect((await get())!.items.map((i: { n: number }) => i.n)).toEqual([11, 12, 13]);
  });

  test('$currentDate sets a Date', async () => {
    await fresh({});
    const before = Date.now();
    await coll().updateOne({ _id: 1 } as never, { $currentDate: { editedAt: true } });
    const doc = await get();
    expect(doc!.editedAt).toBeInstanceOf(Date);
    expect((doc!.editedAt as Date).getTime()).toBeGreaterThanOrEqual(before - 5000);
  });

  test('an unknown update operator is refused (FailedToParse) and changes nothing', async () => {
    await fresh({ v: 1 });
    const err = await rejectionOf(coll().updateOne({ _id: 1 } as never, { $frobnicate: { v: 2 } }));
    expect(err.code).toBe(9);
    expect(await get()).toEqual({ v: 1 });
  });
});

describe(`query operators (${kind})`, () => {
  const coll = () => ctx.db.collection('ops_query');
  const ids = async (filter: Record<string, unknown>) =>
    (
      await coll()
        .find(filter, { projection: { _id: 1 } })
        .sort({ _id: 1 })
        .toArray()
    ).map((d) => d._id as unknown as number);

  beforeAll(async () => {
    await coll().insertMany([
      {
        _id: 1,
        n: 1,
        s: 'alpha',
        tags: ['a', 'b'],
        sub: { x: 1 },
        arr: [
          { k: 1, v: 'a' },
          { k: 2, v: 'b' },
        ],
        d: new Date('2026-01-01'),
      },
      {
        _id: 2,
        n: 2,
        s: 'Beta',
        tags: ['b'],
        sub: { x: 2 },
        arr: [{ k: 1, v: 'b' }],
        d: new Date('2026-06-01'),
      },
      { _id: 3, n: 3, s: 'gamma', tags: [], sub: null, nullable: null },
      { _id: 4, n: '4', s: 'delta', tags: ['a', 'b', 'c'] },
      { _id: 5, s: 'epsilon', oid: new ObjectId('0123456789abcdef01234567') },
    ] as never[]);
  });

  test('comparison: $eq $ne $gt $gte $lt $lte $in $nin (numbers never match strings)', async () => {
    expect(await ids({ n: { $eq: 2 } })).toEqual([2]);
    expect(await ids({ n: { $gt: 1 } })).toEqual([2, 3]);
    expect(await ids({ n: { $gte: 1, $lt: 3 } })).toEqual([1, 2]);
    expect(await ids({ n: { $lte: 2 } })).toEqual([1, 2]);
    expect(await ids({ n: { $ne: 2 } })).toEqual([1, 3, 4, 5]);
    expect(await ids({ n: { $in: [1, '4'] } })).toEqual([1, 4]);
    expect(await ids({ n: { $nin: [1, 2, 3] } })).toEqual([4, 5]);
    expect(await ids({ d: { $gte: new Date('2026-03-01') } })).toEqual([2]);
    expect(await ids({ oid: new ObjectId('0123456789abcdef01234567') })).toEqual([5]);
  });

  test('logical: $and $or $nor $not', async () => {
    expect(await ids({ $or: [{ n: 1 }, { s: 'gamma' }] })).toEqual([1, 3]);
    expect(await ids({ $and: [{ tags: 'a' }, { tags: 'c' }] })).toEqual([4]);
    expect(await ids({ $nor: [{ tags: 'a' }, { n: 3 }] })).toEqual([2, 5]);
    expect(await ids({ n: { $not: { $gt: 1 } } })).toEqual([1, 4, 5]);
  });

  test('element and evaluation: $exists $type $regex', async () => {
    expect(await ids({ n: { $exists: false } })).toEqual([5]);
    expect(await ids({ nullable: { $exists: true } })).toEqual([3]);
    expect(await ids({ nullable: null })).toEqual([1, 2, 3, 4, 5]);
    expect(await ids({ n: { $type: 'string' } })).toEqual([4]);
    expect(await ids({ n: { $type: 'number' } })).toEqual([1, 2, 3]);
    expect(await ids({ s: { $regex: '^b', $options: 'i' } })).toEqual([2]);
    expect(await ids({ s: /ta$/ })).toEqual([2, 4]);
  });

  test('arrays: equality on elements, $all $size $elemMatch, dotted paths into arrays', async () => {
    expect(await ids({ tags: 'b' })).toEqual([1, 2, 4]);
    expect(await ids({ tags: ['b'] })).toEqual([2]);
    expect(await ids({ tags: { $all: ['a', 'b'] } })).toEqual([1, 4]);
    expect(await ids({ tags: { $size: 0 } })).toEqual([3]);
    expect(await ids({ arr: { $elemMatch: { k: 1, v: 'b' } } })).toEqual([2]);
    expect(await ids({ 'arr.k': 2 })).toEqual([1]);
    expect(await ids({ 'arr.v': 'b' })).toEqual([1, 2]);
    expect(await ids({ 'sub.x': { $gte: 1 } })).toEqual([1, 2]);
  });

  test('$expr compares fields of the same document', async () => {
    const coll2 = ctx.db.collection('ops_expr');
    await coll2.insertMany([
      { _id: 1, a: 1, b: 2 },
      { _id: 2, a: 3, b: 2 },
    ] as never[]);
    const found = await coll2.find({ $expr: { $gt: ['$a', '$b'] } }).toArray();
    expect(found.map((d) => d._id)).toEqual([2]);
  });

  test('an unknown query operator is BadValue (2)', async () => {
    const err = await rejectionOf(
      coll()
        .find({ n: { $frob: 1 } })
        .toArray(),
    );
    expect(err.code).toBe(2);
    expect(err.codeName).toBe('BadValue');
  });
});
