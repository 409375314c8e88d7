/**
 * Issue 16 item 2: `$type` (query operator and aggregation expression) answers by BSON type with
 * MongoDB's names and numbers, including the alias "number".
 */
import {
  Binary,
  BSONRegExp,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'mongodb';
import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

/** One document per BSON type, `_id` = MongoDB's type name. */
const SAMPLES: Array<[string, number, unknown]> = [
  ['double', 1, new Double(1.5)],
  ['string', 2, 'text'],
  ['object', 3, { a: 1 }],
  ['array', 4, [1, 'x']],
  ['binData', 5, new Binary(Buffer.from([1, 2, 3]))],
  ['objectId', 7, new ObjectId('64b7f0c2a1b2c3d4e5f60718')],
  ['bool', 8, true],
  ['date', 9, new Date('2026-01-01T00:00:00Z')],
  ['null', 10, null],
  ['regex', 11, new BSONRegExp('^a', 'i')],
  ['javascript', 13, new Code('function () { return 1; }')],
  ['int', 16, new Int32(7)],
  ['timestamp', 17, new Timestamp({ t: 1_700_000_000, i: 1 })],
  ['long', 18, Long.fromNumber(7)],
  ['decimal', 19, Decimal128.fromString('7.5')],
  ['minKey', -1, new MinKey()],
  ['maxKey', 127, new MaxKey()],
];

describe(`$type by BSON type (${kind})`, () => {
  const coll = () => ctx.db.collection('type_op');

  beforeAll(async () => {
    await ctx.db.collection('type_op').insertMany(SAMPLES.map(([name, , v]) => ({ _id: name, v }) as never));
    // An integral double must still be a double, not an int.
    await ctx.db.collection('type_op').insertOne({ _id: 'double3', v: new Double(3) } as never);
  });

  const ids = async (filter: Record<string, unknown>): Promise<string[]> =>
    (await coll().find(filter).toArray()).map((d) => String(d._id)).sort();

  test.each(SAMPLES.filter(([name]) => name !== 'array'))(
    '{ $type: "%s" } and { $type: %d } find exactly that type',
    async (name, code) => {
      const expected = name === 'double' ? ['double', 'double3'] : [name];
      // The array [1, "x"] holds an int32 and a string: $type matches array elements too.
      if (name === 'int' || name === 'string') expected.push('array');
      expect(await ids({ v: { $type: name } })).toEqual(expected.sort());
      expect(await ids({ v: { $type: code } })).toEqual(expected.sort());
    },
  );

  test('"array", "number", lists of types, and _id of type objectId', async () => {
    expect(await ids({ v: { $type: 'array' } })).toEqual(['array']);
    expect(await ids({ v: { $type: 4 } })).toEqual(['array']);
    expect(await ids({ v: { $type: 'number' } })).toEqual(
      ['array', 'decimal', 'double', 'double3', 'int', 'long'].sort(),
    );
    expect(await ids({ v: { $type: ['long', 'decimal'] } })).toEqual(['decimal', 'long']);
    await ctx.db.collection('type_oid').insertMany([{ n: 1 }, { _id: 'k' as never, n: 2 }]);
    expect(await ctx.db.collection('type_oid').countDocuments({ _id: { $type: 'objectId' } })).toBe(1);
    expect(await ctx.db.collection('type_oid').countDocuments({ _id: { $type: 'string' } })).toBe(1);
  });

  test('the $type expression returns MongoDB names, "missing" for absent fields', async () => {
    const rows = await coll()
      .aggregate<{ _id: string; t: string; m: string }>([
        { $project: { t: { $type: '$v' }, m: { $type: '$nope' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    const got = Object.fromEntries(rows.map((r) => [r._id, r.t]));
    const expected = Object.fromEntries(SAMPLES.map(([name]) => [name, name]));
    expect(got).toEqual({ ...expected, double3: 'double' });
    expect(new Set(rows.map((r) => r.m))).toEqual(new Set(['missing']));
  });

  test('an unknown type name or code is refused (2 BadValue)', async () => {
    const byName = await rejectionOf(
      coll()
        .find({ v: { $type: 'integer' } })
        .toArray(),
    );
    expect(byName.code).toBe(2);
    expect(byName.message).toMatch(/Unknown type name alias: integer/);
    const byCode = await rejectionOf(
      coll()
        .find({ v: { $type: 99 } })
        .toArray(),
    );
    expect(byCode.code).toBe(2);
    expect(byCode.message).toMatch(/Invalid numerical type code: 99/);
  });
});
