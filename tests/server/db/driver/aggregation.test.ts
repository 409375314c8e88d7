import { ObjectId } from 'mongodb';
import { kind, useDriver } from './fixture';

const ctx = useDriver();

const threadA = new ObjectId();
const threadB = new ObjectId();

describe(`aggregation (${kind})`, () => {
  beforeAll(async () => {
    await ctx.db.collection('agg_threads').insertMany([
      { _id: threadA, title: 'Distritos competitivos' },
      { _id: threadB, title: 'Inovação regional' },
    ]);
    await ctx.db.collection('agg_posts').insertMany([
      { thread: threadA, author: 'ana', votes: 3, tags: ['eu', 'lac'], at: new Date('2026-01-01') },
      { thread: threadA, author: 'bo', votes: 1, tags: ['eu'], at: new Date('2026-01-02') },
      { thread: threadA, author: 'ana', votes: 5, tags: [], at: new Date('2026-01-03') },
      { thread: threadB, author: 'cy', votes: 2, tags: ['lac'], at: new Date('2026-01-04') },
    ]);
  });

  test('$match + $group with accumulators + $sort', async () => {
    const rows = await ctx.db
      .collection('agg_posts')
      .aggregate([
        { $match: { thread: threadA } },
        {
          $group: {
            _id: '$author',
            posts: { $sum: 1 },
            votes: { $sum: '$votes' },
            avg: { $avg: '$votes' },
            last: { $max: '$at' },
            all: { $push: '$votes' },
          },
        },
        { $sort: { votes: -1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: 'ana', posts: 2, votes: 8, avg: 4, last: new Date('2026-01-03'), all: [3, 5] },
      { _id: 'bo', posts: 1, votes: 1, avg: 1, last: new Date('2026-01-02'), all: [1] },
    ]);
  });

  test('$unwind (plain and preserving empties) + $group + $addToSet', async () => {
    const tags = await ctx.db
      .collection('agg_posts')
      .aggregate([
        { $unwind: '$tags' },
        { $group: { _id: '$tags', n: { $sum: 1 }, authors: { $addToSet: '$author' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(tags.map((t) => [t._id, t.n, [...(t.authors as string[])].sort()])).toEqual([
      ['eu', 2, ['ana', 'bo']],
      ['lac', 2, ['ana', 'cy']],
    ]);
    const preserved = await ctx.db
      .collection('agg_posts')
      .aggregate([{ $unwind: { path: '$tags', preserveNullAndEmptyArrays: true } }, { $count: 'rows' }])
      .toArray();
    expect(preserved).toEqual([{ rows: 5 }]);
  });

  test('$lookup joins posts to threads; $project computes fields', async () => {
    const rows = await ctx.db
      .collection('agg_threads')
      .aggregate([
        { $lookup: { from: 'agg_posts', localField: '_id', foreignField: 'thread', as: 'posts' } },
        { $project: { _id: 0, title: 1, postCount: { $size: '$posts' }, upper: { $toUpper: '$title' } } },
        { $sort: { postCount: -1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      { title: 'Distritos competitivos', postCount: 3, upper: 'DISTRITOS COMPETITIVOS' },
      { title: 'Inovação regional', postCount: 1, upper: 'INOVAÇÃO REGIONAL' },
    ]);
  });

  test('$lookup with a pipeline and let variables', async () => {
    const rows = await ctx.db
      .collection('agg_threads')
      .aggregate([
        { $match: { _id: threadA } },
        {
          $lookup: {
            from: 'agg_posts',
            let: { t: '$_id' },
            pipeline: [
              { $match: { $expr: { $eq: ['$thread', '$$t'] }, votes: { $gte: 3 } } },
              { $sort: { votes: -1 } },
              { $project: { _id: 0, votes: 1 } },
            ],
            as: 'top',
          },
        },
        { $project: { _id: 0, top: 1 } },
      ])
      .toArray();
    expect(rows).toEqual([{ top: [{ votes: 5 }, { votes: 3 }] }]);
  });

  test('$skip/$limit/$count and countDocuments agree', async () => {
    const coll = ctx.db.collection('agg_posts');
    expect(await coll.countDocuments({ votes: { $gte: 2 } })).toBe(3);
    expect(await coll.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
    const page = await coll
      .aggregate([{ $sort: { at: 1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 0, votes: 1 } }])
      .toArray();
    expect(page).toEqual([{ votes: 1 }, { votes: 5 }]);
  });

  test('$out writes the result into a collection of the same database', async () => {
    await ctx.db
      .collection('agg_posts')
      .aggregate([{ $group: { _id: '$author', votes: { $sum: '$votes' } } }, { $out: 'agg_author_votes' }])
      .toArray();
    const out = await ctx.db.collection('agg_author_votes').find().sort({ _id: 1 }).toArray();
    expect(out).toEqual([
      { _id: 'ana', votes: 8 },
      { _id: 'bo', votes: 1 },
      { _id: 'cy', votes: 2 },
    ]);
  });
});
