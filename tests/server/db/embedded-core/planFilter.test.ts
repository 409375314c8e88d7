/**
 * The query planner and the filter it runs on the candidates (`storage/query.ts`): simple equalities are tested
 * without mingo, and the ones the chosen index's bounds already decide (`Plan.covered`) are not tested again.
 * Property: for random directory-shaped filters, sorts and limits over random documents (arrays, nulls, missing
 * fields, other types), the planned query returns exactly what mingo alone over every document returns, in the
 * same order.
 */
import fc from 'fast-check';
import { ObjectId, type Document } from 'bson';
import { Collection } from '../../../../server/src/db/embedded/storage/collection';
import { Query } from '../../../../server/src/db/embedded/storage/mingo';
import { plan, runFind, sortDocs } from '../../../../server/src/db/embedded/storage/query';
import { MINGO_BASE } from '../../../../server/src/db/embedded/storage/values';

const WORKSPACES = [new ObjectId('000000000000000000000001'), new ObjectId('000000000000000000000002')];

/** The directory's indexes (server/src/features/districts/district.model.ts). */
function directoryCollection(): Collection {
  const coll = new Collection('test', 'districts');
  const indexes: Array<Record<string, 1>> = [
    { workspaceIds: 1, nameKey: 1, _id: 1 },
    { searchKeys: 1, regionGroup: 1, nameKey: 1, _id: 1 },
    { sectors: 1, regionGroup: 1 },
    { nameKey: 1, country: 1 },
  ];
  for (const key of indexes) coll.addIndex({ v: 2, key, name: Object.keys(key).join('_') });
  return coll;
}

const odd = fc.constantFrom<unknown>(null, 7, true, ['EU'], [['abc']], 'eu');
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: arb },
    { weight: 1, arbitrary: odd },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const doc = fc.record({
  workspaceIds: maybe(fc.subarray(WORKSPACES)),
  regionGroup: maybe(fc.constantFrom('EU', 'LAC', 'other')),
  sectors: maybe(fc.subarray(['01', '29', '62'])),
  searchKeys: maybe(fc.subarray(['abc', 'abcd', 'xyz', 'xyzw'])),
  searchText: maybe(fc.constantFrom(' abcd xyz ', ' abcde ', ' xyzw ', '')),
  nameKey: maybe(fc.constantFrom('a', 'b', 'c')),
  sortFirms: maybe(fc.integer({ min: -1, max: 3 })),
});

/** One to three conditions, merged into one filter (`$and` entries concatenated). */
const condition = fc.oneof(
  fc.constantFrom(...WORKSPACES).map((w): Document => ({ workspaceIds: w })),
  fc
    .constantFrom<unknown>('EU', 'LAC', { $in: ['EU'] }, { $in: ['EU', 'LAC'] }, { $in: ['LAC', null] })
    .map((v): Document => ({ regionGroup: v })),
  fc
    .constantFrom<unknown>({ $in: ['29'] }, { $in: ['01', '62'] }, '29', { $ne: '01' })
    .map((v): Document => ({ sectors: v })),
  fc.constantFrom<unknown>({ $gte: 1 }, { $gte: 0, $lte: 2 }).map((v): Document => ({ sortFirms: v })),
  fc
    .subarray<Document>(
      [
        { searchKeys: 'abcd' },
        { searchKeys: 'xyz' },
        { searchText: { $regex: ' abcd' } },
        { searchKeys: { $in: ['abc', 'xyzw'] } },
      ],
      { minLength: 1 },
    )
    .map((and): Document => ({ $and: and })),
  fc.constant<Document>({ $or: [{ nameKey: { $gt: 'a' } }, { nameKey: 'a', sortFirms: { $gt: 0 } }] }),
);
const filter = fc.array(condition, { minLength: 1, maxLength: 3 }).map((conds): Document => {
  const f: Document = {};
  for (const c of conds)
    for (const [k, v] of Object.entries(c))
      f[k] = k === '$and' && Array.isArray(f.$and) ? [...(f.$and as Document[]), ...(v as Document[])] : v;
  return f;
});
const sort = fc.constantFrom<Document | undefined>(
  undefined,
  { nameKey: 1, _id: 1 },
  { nameKey: -1, _id: -1 },
  { sortFirms: 1, _id: 1 },
);

test('planned queries return what mingo over every document returns, in the same order', () => {
  fc.assert(
    fc.property(fc.array(doc, { maxLength: 30 }), filter, sort, fc.nat({ max: 5 }), (docs, f, s, limit) => {
      const coll = directoryCollection();
      const stored: Document[] = docs.map((d, i) => {
        const out: Document = { _id: new ObjectId((i + 1).toString(16).padStart(24, '0')) };
        for (const [k, v] of Object.entries(d)) if (v !== undefined) out[k] = v;
        return out;
      });
      // A document with arrays in two fields of one compound index is refused (as by mongod): left out.
      const inserted = stored.filter((d) => {
        try {
          coll.insert(d);
          return true;
        } catch {
          return false;
        }
      });
      const q = new Query(f, { ...MINGO_BASE });
      const all = inserted.filter((d) => q.test(d));
      const ordered = s ? sortDocs(all, s, undefined, undefined) : all;
      const expected = limit ? ordered.slice(0, limit) : ordered;
      const got = runFind(coll, { filter: f, ...(s ? { sort: s } : {}), limit });
      // Without a sort the order is the plan's: compare as sets then.
      const ids = (list: Document[]): string[] => list.map((d) => String(d._id));
      if (s) expect(ids(got.docs)).toEqual(ids(expected));
      else if (!limit) expect(ids(got.docs).sort()).toEqual(ids(expected).sort());
      else expect(got.docs.every((d) => q.test(d)) && got.docs.length === expected.length).toBe(true);
    }),
    { numRuns: 500 },
  );
});

test('the directory query scans the text-key index in name order and does not re-test its bounds', () => {
  const coll = directoryCollection();
  const f = {
    workspaceIds: WORKSPACES[0],
    regionGroup: { $in: ['LAC'] },
    sectors: { $in: ['29'] },
    $and: [{ searchKeys: 'autopa' }, { searchText: { $regex: ' autopartes' } }],
  };
  const p = plan(coll, f, { nameKey: 1, _id: 1 }, undefined);
  expect(p?.index?.name).toBe('searchKeys_regionGroup_nameKey__id');
  expect(p?.ordered).toBe(true);
  expect(p?.covered).toEqual([
    ['searchKeys', 'autopa'],
    ['regionGroup', 'LAC'],
  ]);
});
