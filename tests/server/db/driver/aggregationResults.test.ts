/**
 * Issue 16 item 6: aggregation results as mongod computes them — `$bucket` lower bounds inclusive,
 * `$top`/`$bottom` return the value (`$topN`/`$bottomN` arrays), `$setWindowFields` for the common
 * windows and operators (no script option involved), and computed documents with `_id` first and
 * fields in MongoDB's order.
 */
import { kind, useDriver } from './fixture';

const ctx = useDriver();

describe(`aggregation results (${kind})`, () => {
  const coll = () => ctx.db.collection('agg_results');

  beforeAll(async () => {
    await ctx.db.collection('agg_results').insertMany([
      { _id: 1, g: 'a', v: 1, w: 0, name: 'p' },
      { _id: 2, g: 'a', v: 2, w: 5, name: 'q' },
      { _id: 3, g: 'a', v: 4, w: 10, name: 'r' },
      { _id: 4, g: 'b', v: 10, w: 15, name: 's' },
      { _id: 5, g: 'b', v: 20, w: 20, name: 't' },
      { _id: 6, g: 'c', v: 3, w: 25, name: 'u' },
    ] as never[]);
  });

  test('$bucket: a boundary value belongs to the bucket it starts; default collects the rest', async () => {
    const rows = await coll()
      .aggregate([
        {
          $bucket: {
            groupBy: '$w',
            boundaries: [0, 10, 20],
            default: 'other',
            output: { count: { $sum: 1 }, ids: { $push: '$_id' } },
          },
        },
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: 0, count: 2, ids: [1, 2] },
      { _id: 10, count: 2, ids: [3, 4] },
      { _id: 'other', count: 2, ids: [5, 6] },
    ]);
    expect(rows.map((r) => Object.keys(r))).toEqual([
      ['_id', 'count', 'ids'],
      ['_id', 'count', 'ids'],
      ['_id', 'count', 'ids'],
    ]);
    const plain = await coll()
      .aggregate([{ $bucket: { groupBy: '$v', boundaries: [1, 4, 100] } }])
      .toArray();
    expect(plain).toEqual([
      { _id: 1, count: 3 },
      { _id: 4, count: 3 },
    ]);
  });

  test('$top / $bottom return the value; $topN / $bottomN return arrays', async () => {
    const rows = await coll()
      .aggregate([
        {
          $group: {
            _id: '$g',
            top: { $top: { sortBy: { v: -1 }, output: '$name' } },
            bottom: { $bottom: { sortBy: { v: -1 }, output: '$name' } },
            top2: { $topN: { n: 2, sortBy: { v: -1 }, output: '$v' } },
            bottom2: { $bottomN: { n: 2, sortBy: { v: -1 }, output: '$v' } },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: 'a', top: 'r', bottom: 'p', top2: [4, 2], bottom2: [2, 1] },
      { _id: 'b', top: 't', bottom: 's', top2: [20, 10], bottom2: [20, 10] },
      { _id: 'c', top: 'u', bottom: 'u', top2: [3], bottom2: [3] },
    ]);
  });

  test('$setWindowFields: documents and range windows, accumulators, $shift', async () => {
    const rows = await coll()
      .aggregate([
        { $match: { g: { $in: ['a', 'b'] } } },
        {
          $setWindowFields: {
            partitionBy: '$g',
            sortBy: { v: 1 },
            output: {
              running: { $sum: '$v', window: { documents: ['unbounded', 'current'] } },
              moving: { $avg: '$v', window: { documents: [-1, 0] } },
              near: { $sum: '$v', window: { range: [-1, 1] } },
              total: { $sum: '$v' },
              count: { $count: {} },
              lo: { $min: '$v', window: { documents: ['unbounded', 'unbounded'] } },
              hi: { $max: '$v' },
              first: { $first: '$v', window: { documents: [-1, 0] } },
              last: { $last: '$v' },
              prev: { $shift: { output: '$v', by: -1, default: null } },
              num: { $documentNumber: {} },
            },
          },
        },
        { $sort: { _id: 1 } },
        {
          $project: {
            _id: 1,
            running: 1,
            moving: 1,
            near: 1,
            total: 1,
            count: 1,
            lo: 1,
            hi: 1,
            first: 1,
            last: 1,
            prev: 1,
            num: 1,
          },
        },
      ])
      .toArray();
    expect(rows).toEqual([
      {
        _id: 1,
        running: 1,
        moving: 1,
        near: 3,
        total: 7,
        count: 3,
        lo: 1,
        hi: 4,
        first: 1,
        last: 4,
        prev: null,
        num: 1,
      },
      {
        _id: 2,
        running: 3,
        moving: 1.5,
        near: 3,
        total: 7,
        count: 3,
        lo: 1,
        hi: 4,
        first: 1,
        last: 4,
        prev: 1,
        num: 2,
      },
      {
        _id: 3,
        running: 7,
        moving: 3,
        near: 4,
        total: 7,
        count: 3,
        lo: 1,
        hi: 4,
        first: 2,
        last: 4,
        prev: 2,
        num: 3,
      },
      {
        _id: 4,
        running: 10,
        moving: 10,
        near: 10,
        total: 30,
        count: 2,
        lo: 10,
        hi: 20,
        first: 10,
        last: 20,
        prev: null,
        num: 1,
      },
      {
        _id: 5,
        running: 30,
        moving: 15,
        near: 20,
        total: 30,
        count: 2,
        lo: 10,
        hi: 20,
        first: 10,
        last: 20,
        prev: 10,
        num: 2,
      },
    ]);
  });

  test('$sum / $avg / $min / $max as expressions over one operand, an array, or a list', async () => {
    const [row] = await coll()
      .aggregate([
        { $match: { _id: 2 } },
        {
          $project: {
            _id: 0,
            sum: { $sum: '$v' },
            sumList: { $sum: ['$v', '$w', 'text'] },
            avg: { $avg: ['$v', 3] },
            max: { $max: [[1, 9], 4] },
            maxArray: { $max: { $literal: [1, 9] } },
            min: { $min: ['$v', null, 7] },
          },
        },
      ])
      .toArray();
    expect(row).toEqual({ sum: 2, sumList: 7, avg: 2.5, max: [1, 9], maxArray: 9, min: 2 });
  });

  test('$setWindowFields: $rank and $denseRank with ties', async () => {
    const ranks = ctx.db.collection('agg_ranks');
    await ranks.insertMany([
      { _id: 1, s: 50 },
      { _id: 2, s: 70 },
      { _id: 3, s: 70 },
      { _id: 4, s: 90 },
    ] as never[]);
    const rows = await ranks
      .aggregate([
        {
          $setWindowFields: { sortBy: { s: -1 }, output: { rank: { $rank: {} }, dense: { $denseRank: {} } } },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: 1, s: 50, rank: 4, dense: 3 },
      { _id: 2, s: 70, rank: 2, dense: 2 },
      { _id: 3, s: 70, rank: 2, dense: 2 },
      { _id: 4, s: 90, rank: 1, dense: 1 },
    ]);
  });

  test('computed documents: _id first, fields in MongoDB order', async () => {
    const grouped = await coll()
      .aggregate([{ $group: { _id: '$g', z: { $sum: 1 }, a: { $max: '$v' } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(grouped.map((r) => Object.keys(r))).toEqual([
      ['_id', 'z', 'a'],
      ['_id', 'z', 'a'],
      ['_id', 'z', 'a'],
    ]);
    const missing = await coll()
      .aggregate([{ $group: { _id: '$nope', n: { $sum: 1 } } }])
      .toArray();
    expect(missing).toEqual([{ _id: null, n: 6 }]);
    expect(Object.keys(missing[0])).toEqual(['_id', 'n']);
    const byCount = await coll()
      .aggregate([{ $sortByCount: '$g' }, { $limit: 1 }])
      .toArray();
    expect(Object.keys(byCount[0])).toEqual(['_id', 'count']);
    const auto = await coll()
      .aggregate([{ $bucketAuto: { groupBy: '$v', buckets: 2 } }])
      .toArray();
    expect(auto.map((r) => Object.keys(r))).toEqual([
      ['_id', 'count'],
      ['_id', 'count'],
    ]);
    // Inclusion projection: _id first, kept fields in the input's order, computed fields after.
    const [projected] = await coll()
      .aggregate([
        { $match: { _id: 2 } },
        { $project: { twice: { $multiply: ['$v', 2] }, name: 1, v: 1, g: 1 } },
      ])
      .toArray();
    expect(Object.keys(projected)).toEqual(['_id', 'g', 'v', 'name', 'twice']);
    expect(projected).toEqual({ _id: 2, g: 'a', v: 2, name: 'q', twice: 4 });
  });
});
