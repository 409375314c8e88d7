/**
 * Issue 16 item 5: `$push` modifiers (`$each`, `$sort`, `$slice`, `$position`) and `$addToSet` with
 * `$each` apply on a missing field exactly as on an existing array.
 */
import { kind, useDriver } from './fixture';

const ctx = useDriver();

describe(`$push / $addToSet modifiers (${kind})`, () => {
  const coll = () => ctx.db.collection('push_mods');
  const get = async () => coll().findOne({ _id: 1 } as never, { projection: { _id: 0 } });

  beforeEach(async () => {
    await coll().deleteMany({});
    await coll().insertOne({ _id: 1, arr: [5, 1] } as never);
  });

  test('$each + $sort + $slice on a missing field', async () => {
    await coll().updateOne(
      { _id: 1 } as never,
      {
        $push: { a: { $each: [3, 1, 2], $sort: -1, $slice: 2 } },
      } as never,
    );
    expect(await get()).toEqual({ arr: [5, 1], a: [3, 2] });
  });

  test('$each + negative $slice and $position on a missing field', async () => {
    await coll().updateOne(
      { _id: 1 } as never,
      {
        $push: { b: { $each: [1, 2, 3, 4], $slice: -2 }, c: { $each: ['x', 'y'], $position: 0 } },
      } as never,
    );
    expect(await get()).toEqual({ arr: [5, 1], b: [3, 4], c: ['x', 'y'] });
  });

  test('$sort by an embedded field on a missing field, and $slice 0', async () => {
    await coll().updateOne(
      { _id: 1 } as never,
      {
        $push: {
          people: {
            $each: [
              { n: 'b', age: 30 },
              { n: 'a', age: 20 },
              { n: 'c', age: 25 },
            ],
            $sort: { age: 1 },
          },
          none: { $each: [1, 2], $slice: 0 },
        },
      } as never,
    );
    expect(await get()).toEqual({
      arr: [5, 1],
      people: [
        { n: 'a', age: 20 },
        { n: 'c', age: 25 },
        { n: 'b', age: 30 },
      ],
      none: [],
    });
  });

  test('the same modifiers on an existing array ($position inside, then $sort and $slice)', async () => {
    await coll().updateOne({ _id: 1 } as never, { $push: { arr: { $each: [9, 0], $position: 1 } } } as never);
    expect(await get()).toEqual({ arr: [5, 9, 0, 1] });
    await coll().updateOne(
      { _id: 1 } as never,
      { $push: { arr: { $each: [7], $sort: 1, $slice: 3 } } } as never,
    );
    expect(await get()).toEqual({ arr: [0, 1, 5] });
  });

  test('$addToSet with $each on a missing field drops duplicates (numbers compared by value)', async () => {
    await coll().updateOne({ _id: 1 } as never, {
      $addToSet: { s: { $each: [1, 2, 1, 'x', 2, 'x'] }, arr: { $each: [1, 6, 6] } },
    });
    expect(await get()).toEqual({ arr: [5, 1, 6], s: [1, 2, 'x'] });
  });

  test('$push into a new field of a new embedded document', async () => {
    await coll().updateOne(
      { _id: 1 } as never,
      {
        $push: { 'meta.log': { $each: ['b', 'a'], $sort: 1 } },
      } as never,
    );
    expect(await get()).toEqual({ arr: [5, 1], meta: { log: ['a', 'b'] } });
  });
});
