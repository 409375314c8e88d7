/**
 * `$lookup` with `localField`/`foreignField` AND `pipeline` (MongoDB 5.0+ concise correlated
 * subquery): the equality join is applied first, then the pipeline, with the `let` variables. The
 * expected documents are what mongod returns (written by hand).
 */
import { kind, useDriver } from './fixture';

const ctx = useDriver();

/** Documents of these tests use numeric `_id`s. */
type Row = { _id: number; [field: string]: unknown };

describe(`$lookup localField/foreignField + pipeline (${kind})`, () => {
  beforeAll(async () => {
    await ctx.db.collection<Row>('lc_districts').insertMany([
      { _id: 1, name: 'Bogotá', country: 'CO', region: 'lac' },
      { _id: 2, name: 'Valencia', country: 'ES', region: 'eu' },
      { _id: 3, name: 'Porto', country: 'PT', region: 'eu' },
      { _id: 4, name: 'Sin país', region: 'lac' },
    ]);
    await ctx.db.collection<Row>('lc_members').insertMany([
      { _id: 10, district: 'CO', who: 'ana', votes: 3 },
      { _id: 11, district: 'CO', who: 'bo', votes: 7 },
      { _id: 12, district: ['ES', 'FR'], who: 'cy', votes: 2 },
      { _id: 13, district: 'PT', who: 'di', votes: 9 },
      { _id: 14, who: 'ed', votes: 1 },
      { _id: 15, district: null, who: 'fa', votes: 4 },
    ]);
    await ctx.db.collection<Row>('lc_people').insertMany([
      { _id: 1, name: 'ana', mentor: null, peers: ['bo', 'cy'] },
      { _id: 2, name: 'bo', mentor: 'ana', peers: [] },
      { _id: 3, name: 'cy', mentor: 'ana', peers: ['zz'] },
    ]);
  });

  test('scalar local field, let variables and $project in the pipeline', async () => {
    const rows = await ctx.db
      .collection('lc_districts')
      .aggregate([
        { $match: { _id: { $in: [1, 2, 4] } } },
        {
          $lookup: {
            from: 'lc_members',
            localField: 'country',
            foreignField: 'district',
            let: { place: '$name' },
            pipeline: [
              { $match: { votes: { $gte: 2 } } },
              { $sort: { _id: 1 } },
              { $project: { _id: 0, who: 1, at: '$$place' } },
            ],
            as: 'members',
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      {
        _id: 1,
        name: 'Bogotá',
        country: 'CO',
        region: 'lac',
        members: [
          { who: 'ana', at: 'Bogotá' },
          { who: 'bo', at: 'Bogotá' },
        ],
      },
      // 'ES' matches the foreign array ['ES', 'FR'] by element.
      { _id: 2, name: 'Valencia', country: 'ES', region: 'eu', members: [{ who: 'cy', at: 'Valencia' }] },
      // Missing local field = null: joins the foreign documents whose district is null or missing
      // (votes 1 is filtered out by the pipeline).
      { _id: 4, name: 'Sin país', region: 'lac', members: [{ who: 'fa', at: 'Sin país' }] },
    ]);
  });

  test('array local field joins any element; pipeline sees only the joined documents', async () => {
    const rows = await ctx.db
      .collection('lc_people')
      .aggregate([
        { $match: { _id: { $in: [1, 2, 3] } } },
        {
          $lookup: {
            from: 'lc_people',
            localField: 'peers',
            foreignField: 'name',
            let: { me: '$name' },
            pipeline: [
              { $sort: { _id: 1 } },
              { $project: { _id: 0, name: 1, by: '$$me', mentoredByMe: { $eq: ['$mentor', '$$me'] } } },
            ],
            as: 'peerDocs',
          },
        },
        { $project: { _id: 1, peerDocs: 1 } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      {
        _id: 1,
        peerDocs: [
          { name: 'bo', by: 'ana', mentoredByMe: true },
          { name: 'cy', by: 'ana', mentoredByMe: true },
        ],
      },
      // An empty array counts as null: no person has a null/missing name.
      { _id: 2, peerDocs: [] },
      // No person named 'zz'.
      { _id: 3, peerDocs: [] },
    ]);
  });

  test('self-join (from = the same collection)', async () => {
    const rows = await ctx.db
      .collection('lc_people')
      .aggregate([
        {
          $lookup: {
            from: 'lc_people',
            localField: 'name',
            foreignField: 'mentor',
            let: { boss: '$name' },
            pipeline: [{ $project: { _id: 1, line: { $concat: ['$$boss', '>', '$name'] } } }],
            as: 'mentees',
          },
        },
        { $project: { name: 1, mentees: 1 } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      {
        _id: 1,
        name: 'ana',
        mentees: [
          { _id: 2, line: 'ana>bo' },
          { _id: 3, line: 'ana>cy' },
        ],
      },
      { _id: 2, name: 'bo', mentees: [] },
      { _id: 3, name: 'cy', mentees: [] },
    ]);
  });

  test('the correlated form also applies inside $facet', async () => {
    const [facets] = await ctx.db
      .collection('lc_districts')
      .aggregate([
        {
          $facet: {
            counts: [
              { $sort: { _id: 1 } },
              {
                $lookup: {
                  from: 'lc_members',
                  localField: 'country',
                  foreignField: 'district',
                  pipeline: [{ $count: 'n' }],
                  as: 'c',
                },
              },
              { $project: { _id: 1, c: 1 } },
            ],
          },
        },
      ])
      .toArray();
    expect(facets).toEqual({
      counts: [
        { _id: 1, c: [{ n: 2 }] },
        { _id: 2, c: [{ n: 1 }] },
        { _id: 3, c: [{ n: 1 }] },
        { _id: 4, c: [{ n: 2 }] },
      ],
    });
  });
});
