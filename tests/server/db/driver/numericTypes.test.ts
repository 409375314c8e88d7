/**
 * Issue 16 item 1: int32, int64, double and Decimal128 keep their BSON type through storage, updates,
 * aggregation, the journal and snapshots; arithmetic follows mongod's type promotion; an index on a
 * numeric field finds a value whatever numeric type it was stored with. Read back with
 * `promoteValues: false` so the driver hands over the BSON wrappers instead of JS numbers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EJSON } from 'bson';
import { Decimal128, Double, Int32, Long, MongoClient, type Document } from 'mongodb';
import { kind, useDriver } from './fixture';

const ctx = useDriver();
const embeddedOnly = kind === 'embedded' ? test : test.skip;

/** BSON type of a value as the driver decoded it with promoteValues/promoteLongs off. */
function typeOf(v: unknown): string {
  if (typeof v === 'number') return 'js-number';
  const t = (v as { _bsontype?: string } | null)?._bsontype;
  return t ?? typeof v;
}

/** Canonical Extended JSON: `{"$numberInt":"1"}` vs `{"$numberDouble":"1.0"}` etc. */
const canon = (v: unknown): string => EJSON.stringify(v, { relaxed: false });

const RAW = { promoteValues: false, promoteLongs: false } as const;

describe(`numeric BSON types (${kind})`, () => {
  const coll = () => ctx.db.collection('num_types');

  beforeEach(async () => {
    await coll().deleteMany({});
  });

  test('int32, Long (small and large), integral double and Decimal128 round-trip with their type', async () => {
    await coll().insertOne({
      _id: 1 as never,
      i: new Int32(42),
      l: Long.fromNumber(42),
      big: Long.fromNumber(3_000_000_000),
      huge: Long.fromString('9007199254740993'),
      d: new Double(3),
      negZero: new Double(-0),
      f: 2.5,
      m: Decimal128.fromString('1.10'),
    });
    const raw = await coll().findOne({ _id: 1 as never }, RAW);
    expect(canon(raw)).toBe(
      canon({
        _id: new Int32(1),
        i: new Int32(42),
        l: Long.fromNumber(42),
        big: Long.fromNumber(3_000_000_000),
        huge: Long.fromString('9007199254740993'),
        d: new Double(3),
        negZero: new Double(-0),
        f: new Double(2.5),
        m: Decimal128.fromString('1.10'),
      }),
    );
  });

  test('$inc / $mul follow the promotion rules; $currentDate {$type: "timestamp"} stores a Timestamp', async () => {
    await coll().insertOne({
      _id: 2 as never,
      maxInt: 2147483647,
      long: Long.fromNumber(5),
      maxLong: Long.MAX_VALUE,
      int: 10,
      dbl: new Double(4),
      mul: 3,
    });
    await coll().updateOne({ _id: 2 as never }, {
      $inc: { maxInt: 1, long: 1, maxLong: 1, int: 0.5, dbl: 1, created: Long.fromNumber(7) },
      $mul: { mul: new Double(2), missing: Long.fromNumber(3) },
      $currentDate: { ts: { $type: 'timestamp' }, at: true },
    } as never);
    const raw = (await coll().findOne({ _id: 2 as never }, RAW)) as Document;
    expect(canon(raw.maxInt)).toBe(canon(Long.fromString('2147483648'))); // int32 overflow → Long
    expect(canon(raw.long)).toBe(canon(Long.fromNumber(6))); // Long stays Long
    expect(typeOf(raw.maxLong)).toBe('Double'); // Long overflow → double
    expect(canon(raw.int)).toBe(canon(new Double(10.5))); // int + double → double
    expect(canon(raw.dbl)).toBe(canon(new Double(5))); // double stays double even when integral
    expect(canon(raw.created)).toBe(canon(Long.fromNumber(7))); // $inc on a missing field takes the argument's type
    expect(canon(raw.mul)).toBe(canon(new Double(6)));
    expect(canon(raw.missing)).toBe(canon(Long.fromNumber(0))); // $mul on a missing field: zero of the multiplier's type
    expect(typeOf(raw.ts)).toBe('Timestamp');
    expect(raw.at).toBeInstanceOf(Date);
  });

  test('a type-only change is a modification (Long 5 → int 5 is written)', async () => {
    await coll().insertOne({ _id: 3 as never, v: Long.fromNumber(5) });
    const r = await coll().updateOne({ _id: 3 as never }, { $set: { v: 5 } });
    expect(r.modifiedCount).toBe(1);
    const raw = (await coll().findOne({ _id: 3 as never }, RAW)) as Document;
    expect(canon(raw.v)).toBe(canon(new Int32(5)));
    const same = await coll().updateOne({ _id: 3 as never }, { $set: { v: 5 } });
    expect(same.modifiedCount).toBe(0);
  });

  test('aggregation keeps and promotes types: $add overflow → Long, $sum of ints → int, $avg → double', async () => {
    await coll().insertMany([
      { _id: 10 as never, g: 'a', v: 2147483647, d: new Double(2) },
      { _id: 11 as never, g: 'a', v: 1, d: new Double(4) },
    ]);
    const [row] = await coll()
      .aggregate(
        [
          { $match: { g: 'a' } },
          {
            $group: {
              _id: '$g',
              sum: { $sum: '$v' },
              small: { $sum: 1 },
              avgInt: { $avg: '$v' },
              dsum: { $sum: '$d' },
              first: { $first: '$d' },
            },
          },
          { $addFields: { plus: { $add: [2147483647, 1] }, times: { $multiply: ['$small', 2] } } },
        ],
        RAW,
      )
      .toArray();
    expect(canon(row.sum)).toBe(canon(Long.fromString('2147483648')));
    expect(canon(row.small)).toBe(canon(new Int32(2)));
    expect(canon(row.avgInt)).toBe(canon(new Double(1073741824)));
    expect(canon(row.dsum)).toBe(canon(new Double(6)));
    expect(canon(row.first)).toBe(canon(new Double(2)));
    expect(canon(row.plus)).toBe(canon(Long.fromString('2147483648')));
    expect(canon(row.times)).toBe(canon(new Int32(4)));
  });

  test('numeric expressions and conversions take and give BSON types ($round, $mod, $toLong, $toDecimal …)', async () => {
    await coll().insertOne({ _id: 12 as never, d: new Double(2), l: Long.fromNumber(7), i: 7, s: '42' });
    const [row] = await coll()
      .aggregate(
        [
          { $match: { _id: 12 } },
          {
            $project: {
              _id: 0,
              round: { $round: ['$d', 0] },
              abs: { $abs: '$l' },
              mod: { $mod: ['$l', 4] },
              modInt: { $mod: ['$i', 4] },
              sqrt: { $sqrt: '$d' },
              toLong: { $toLong: '$i' },
              toInt: { $toInt: '$s' },
              toDouble: { $toDouble: '$i' },
              toDecimal: { $toDecimal: '$i' },
              convert: { $convert: { input: '$s', to: 'long' } },
              str: { $toString: '$l' },
              elem: { $arrayElemAt: [['a', 'b', 'c'], '$d'] },
            },
          },
        ],
        RAW,
      )
      .toArray();
    expect(canon(row)).toBe(
      canon({
        round: new Double(2),
        abs: Long.fromNumber(7),
        mod: Long.fromNumber(3),
        modInt: new Int32(3),
        sqrt: new Double(Math.SQRT2),
        toLong: Long.fromNumber(7),
        toInt: new Int32(42),
        toDouble: new Double(7),
        toDecimal: Decimal128.fromString('7'),
        convert: Long.fromNumber(42),
        str: '7',
        elem: 'c',
      }),
    );
  });

  test('an index on a numeric field finds 7 stored as int32, Long, double or Decimal128; sort is by value', async () => {
    await coll().createIndex({ v: 1 });
    await coll().insertMany([
      { _id: 20 as never, v: 7 },
      { _id: 21 as never, v: Long.fromNumber(7) },
      { _id: 22 as never, v: new Double(7) },
      { _id: 23 as never, v: Decimal128.fromString('7') },
      { _id: 24 as never, v: Decimal128.fromString('7.00') },
      { _id: 25 as never, v: 6.5 },
      { _id: 26 as never, v: Long.fromNumber(8) },
      { _id: 27 as never, v: Decimal128.fromString('7.5') },
    ]);
    const ids = async (filter: Document) =>
      (await coll().find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id as unknown as number);
    const sevens = [20, 21, 22, 23, 24];
    expect(await ids({ v: 7 })).toEqual(sevens);
    expect(await ids({ v: Long.fromNumber(7) })).toEqual(sevens);
    expect(await ids({ v: new Double(7) })).toEqual(sevens);
    expect(await ids({ v: Decimal128.fromString('7.0') })).toEqual(sevens);
    expect(await ids({ v: { $in: [7] } })).toEqual(sevens);
    expect(await ids({ v: { $gt: 7, $lte: 8 } })).toEqual([26, 27]);
    expect(await ids({ v: { $gte: 6.5, $lt: Long.fromNumber(7) } })).toEqual([25]);
    const groups = await coll()
      .aggregate([{ $group: { _id: '$v', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(groups.map((g) => [Number(String(g._id)), g.n])).toEqual([
      [6.5, 1],
      [7, 5],
      [7.5, 1],
      [8, 1],
    ]);
    const sorted = await coll()
      .find({ _id: { $in: [25, 26, 27, 20] } } as never)
      .sort({ v: -1 })
      .toArray();
    expect(sorted.map((d) => d._id)).toEqual([26, 27, 20, 25]);
  });

  embeddedOnly('journal records and snapshots replay every numeric type exactly', async () => {
    const { openPersistence } = await import('../../../../server/src/db/embedded/persistence');
    const dir = await mkdtemp(path.join(tmpdir(), 'polos-numjournal-'));
    const quiet = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    const doc = {
      _id: 1,
      i: 1,
      d: new Double(3),
      z: new Double(-0),
      f: 0.25,
      l: Long.fromNumber(42),
      m: Decimal128.fromString('1.10'),
      arr: [new Double(1), Long.fromNumber(2), { n: Decimal128.fromString('3') }],
    };
    try {
      const p = await openPersistence({ dataDir: dir, logger: quiet });
      await p.load();
      await p.commit([{ op: 'insert', db: 't', coll: 'c', doc }]);
      await p.close();
      const p2 = await openPersistence({ dataDir: dir, logger: quiet });
      const fromJournal = await p2.load();
      expect(canon((fromJournal.journal[0][0] as { doc: Document }).doc)).toBe(canon(doc));
      await p2.compact(() => ({
        databases: [{ name: 't', collections: [{ name: 'c', options: {}, indexes: [], documents: [doc] }] }],
      }));
      await p2.close();
      const p3 = await openPersistence({ dataDir: dir, logger: quiet });
      const fromSnapshot = await p3.load();
      await p3.close();
      const snapDoc = fromSnapshot.snapshot?.databases[0]?.collections[0]?.documents[0];
      expect(canon(snapDoc)).toBe(canon(doc));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  embeddedOnly(
    'types survive a snapshot and the journal (engine restarted on the same data directory)',
    async () => {
      const { startEmbeddedEngine } = await import('../../../../server/src/db/embedded');
      const dir = await mkdtemp(path.join(tmpdir(), 'polos-numtypes-'));
      const expected = {
        _id: new Int32(1),
        i: new Int32(1),
        d: new Double(3),
        l: Long.fromString('9007199254740993'),
        m: Decimal128.fromString('10.50'),
      };
      const run = async (fn: (c: MongoClient) => Promise<void>) => {
        const engine = await startEmbeddedEngine({ host: '127.0.0.1', port: 0, dataDir: dir });
        const client = new MongoClient(engine.uri, { serverSelectionTimeoutMS: 5000 });
        try {
          await client.connect();
          await fn(client);
        } finally {
          await client.close();
          await engine.close();
        }
      };
      try {
        await run(async (c) => {
          await c
            .db('t')
            .collection('c')
            .insertOne({ ...expected, _id: 1 as never });
        });
        await run(async (c) => {
          const got = await c
            .db('t')
            .collection('c')
            .findOne({ _id: 1 as never }, RAW);
          expect(canon(got)).toBe(canon(expected));
          await c
            .db('t')
            .collection('c')
            .updateOne({ _id: 1 as never }, { $inc: { l: 1, m: 1, d: 1 } });
        });
        await run(async (c) => {
          const got = await c
            .db('t')
            .collection('c')
            .findOne({ _id: 1 as never }, RAW);
          expect(canon(got)).toBe(
            canon({
              ...expected,
              d: new Double(4),
              l: Long.fromString('9007199254740994'),
              m: Decimal128.fromString('11.50'),
            }),
          );
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
