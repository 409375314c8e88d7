/**
 * Issue 16 item 3: Decimal128 and int64 beyond 2^53 compute and compare exactly — updates, accumulators,
 * arithmetic expressions and range / equality queries across numeric types.
 */
import { Decimal128, Long, type Document } from 'mongodb';
import { kind, useDriver } from './fixture';

const ctx = useDriver();
const RAW = { promoteValues: false, promoteLongs: false } as const;

/** Type and value of a decimal as read with promoteValues off (value normalised: "21.0" → 21). */
function dec(v: unknown): { type: string; value: number } {
  const t = (v as { _bsontype?: string })._bsontype ?? typeof v;
  return { type: t, value: Number((v as Decimal128).toString()) };
}

const D = (s: string): Decimal128 => Decimal128.fromString(s);
const TWO_53 = 9007199254740992n;

describe(`Decimal128 and large Long arithmetic (${kind})`, () => {
  const coll = () => ctx.db.collection('decimals');

  beforeEach(async () => {
    await coll().deleteMany({});
  });

  test('$inc and $mul on a Decimal128 modify it and keep it Decimal128', async () => {
    await coll().insertOne({ _id: 1 as never, a: D('2.25'), b: D('10.5'), c: 4 });
    const r = await coll().updateOne(
      { _id: 1 as never },
      {
        $inc: { a: 1, c: D('0.5') },
        $mul: { b: 2 },
      },
    );
    expect(r.modifiedCount).toBe(1);
    const doc = (await coll().findOne({ _id: 1 as never }, RAW)) as Document;
    expect(dec(doc.a)).toEqual({ type: 'Decimal128', value: 3.25 });
    expect(dec(doc.b)).toEqual({ type: 'Decimal128', value: 21 });
    expect(dec(doc.c)).toEqual({ type: 'Decimal128', value: 4.5 }); // int + decimal → decimal
    expect((doc.a as Decimal128).toString()).toBe('3.25');
  });

  test('$sum, $avg, $add, $multiply, $subtract and $divide with Decimals give exact Decimals', async () => {
    await coll().insertMany([
      { _id: 1 as never, g: 1, v: D('2.25') },
      { _id: 2 as never, g: 1, v: D('10.5') },
      { _id: 3 as never, g: 2, v: D('0.1') },
      { _id: 4 as never, g: 2, v: D('0.2') },
    ]);
    const rows = await coll()
      .aggregate(
        [
          { $group: { _id: '$g', sum: { $sum: '$v' }, avg: { $avg: '$v' }, min: { $min: '$v' } } },
          {
            $addFields: {
              add: { $add: ['$sum', 1] },
              mul: { $multiply: ['$sum', 2] },
              sub: { $subtract: ['$sum', D('0.25')] },
              div: { $divide: ['$sum', 4] },
            },
          },
          { $sort: { _id: 1 } },
        ],
        RAW,
      )
      .toArray();
    expect(rows.map((r) => [dec(r.sum), dec(r.avg), dec(r.min)])).toEqual([
      [
        { type: 'Decimal128', value: 12.75 },
        { type: 'Decimal128', value: 6.375 },
        { type: 'Decimal128', value: 2.25 },
      ],
      [
        // exact: 0.1 + 0.2 is 0.3 in decimal (a double sum would be 0.30000000000000004)
        { type: 'Decimal128', value: 0.3 },
        { type: 'Decimal128', value: 0.15 },
        { type: 'Decimal128', value: 0.1 },
      ],
    ]);
    expect(rows.map((r) => [dec(r.add), dec(r.mul), dec(r.sub), dec(r.div)])).toEqual([
      [
        { type: 'Decimal128', value: 13.75 },
        { type: 'Decimal128', value: 25.5 },
        { type: 'Decimal128', value: 12.5 },
        { type: 'Decimal128', value: 3.1875 },
      ],
      [
        { type: 'Decimal128', value: 1.3 },
        { type: 'Decimal128', value: 0.6 },
        { type: 'Decimal128', value: 0.05 },
        { type: 'Decimal128', value: 0.075 },
      ],
    ]);
  });

  test('range and equality queries compare Decimals with other numeric types by value', async () => {
    await coll().insertMany([
      { _id: 1 as never, v: D('2.25') },
      { _id: 2 as never, v: D('10.5') },
      { _id: 3 as never, v: D('1.5') },
      { _id: 4 as never, v: D('11') },
      { _id: 5 as never, v: 7 },
      { _id: 6 as never, v: D('7') },
      { _id: 7 as never, v: 2 },
    ]);
    const ids = async (filter: Document) =>
      (await coll().find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id as unknown as number);
    expect(await ids({ v: { $gte: 2, $lt: 11 } })).toEqual([1, 2, 5, 6, 7]);
    expect(await ids({ v: 7 })).toEqual([5, 6]);
    expect(await ids({ v: D('7.00') })).toEqual([5, 6]);
    expect(await ids({ v: { $in: [D('2'), 11] } })).toEqual([4, 7]);
    expect(await ids({ v: { $gt: D('10.49'), $lte: 11 } })).toEqual([2, 4]);
    expect(await ids({ $expr: { $gt: ['$v', D('10')] } })).toEqual([2, 4]);
  });

  test('Longs above 2^53 compare and sum exactly', async () => {
    const big = (n: bigint) => Long.fromBigInt(n);
    await coll().insertMany([
      { _id: 1 as never, v: big(TWO_53) },
      { _id: 2 as never, v: big(TWO_53 + 1n) },
      { _id: 3 as never, v: big(TWO_53 + 3n) },
    ]);
    const gt = await coll()
      .find({ v: { $gt: big(TWO_53) } })
      .sort({ _id: 1 })
      .toArray();
    expect(gt.map((d) => d._id)).toEqual([2, 3]);
    expect(await coll().countDocuments({ v: big(TWO_53 + 1n) })).toBe(1);
    const [row] = await coll()
      .aggregate([{ $group: { _id: null, sum: { $sum: '$v' }, max: { $max: '$v' } } }], RAW)
      .toArray();
    expect((row.sum as Long).toBigInt()).toBe(3n * TWO_53 + 4n);
    expect((row.max as Long).toBigInt()).toBe(TWO_53 + 3n);
    await coll().updateOne({ _id: 2 as never }, { $inc: { v: 1 } });
    const doc = (await coll().findOne({ _id: 2 as never }, RAW)) as Document;
    expect((doc.v as Long).toBigInt()).toBe(TWO_53 + 2n);
  });
});
