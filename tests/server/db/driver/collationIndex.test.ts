/**
 * Indexes with a collation (issue 16 item 9): a query or sort whose collation equals the index's uses the
 * index (explain shows IXSCAN), another collation does not (COLLSCAN), results equal a collection scan,
 * and a unique index compares keys with its collation (E11000 with keyPattern/keyValue), as in mongod.
 */
import type { CollationOptions, Document } from 'mongodb';
import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

const ES1: CollationOptions = { locale: 'es', strength: 1 };
const ES2: CollationOptions = { locale: 'es', strength: 2 };

const cities = [
  { _id: 1, city: 'Bogotá', n: 5 },
  { _id: 2, city: 'bogota', n: 3 },
  { _id: 3, city: 'Medellín', n: 9 },
  { _id: 4, city: 'Cali', n: 1 },
  { _id: 5, city: 'Año', n: 2 },
  { _id: 6, city: 'ano', n: 7 },
  { _id: 7, city: 'Zaragoza', n: 4 },
  { _id: 8, city: 'ávila', n: 6 },
];

/** The leaf stage of a winning plan (IXSCAN, COLLSCAN, IDHACK…) and its index name, if any. */
function leaf(plan: Document): { stage: string; indexName?: string } {
  let p = plan;
  while (p.inputStage) p = p.inputStage as Document;
  return { stage: p.stage as string, ...(p.indexName ? { indexName: p.indexName as string } : {}) };
}

async function planOf(
  filter: Document,
  options: Document = {},
): Promise<{ stage: string; indexName?: string }> {
  const coll = ctx.db.collection('coll_cities');
  let cursor = coll.find(
    filter,
    options.collation ? { collation: options.collation as CollationOptions } : {},
  );
  if (options.sort) cursor = cursor.sort(options.sort as Document);
  const ex = await cursor.explain('queryPlanner');
  return leaf((ex.queryPlanner as Document).winningPlan as Document);
}

describe(`indexes with a collation (${kind})`, () => {
  beforeAll(async () => {
    const coll = ctx.db.collection('coll_cities');
    await coll.insertMany(cities as never[]);
    // the same documents without any secondary index: every query there is a collection scan
    await ctx.db.collection('coll_cities_plain').insertMany(cities as never[]);
    await coll.createIndex({ city: 1 }, { name: 'city_es1', collation: ES1 });
  });

  test('a query with the index collation uses the index; another collation or none scans', async () => {
    expect(await planOf({ city: 'BOGOTA' }, { collation: ES1 })).toEqual({
      stage: 'IXSCAN',
      indexName: 'city_es1',
    });
    expect((await planOf({ city: 'BOGOTA' }, { collation: ES2 })).stage).toBe('COLLSCAN');
    expect((await planOf({ city: 'BOGOTA' })).stage).toBe('COLLSCAN');
    expect((await planOf({ city: 'BOGOTA' }, { collation: { locale: 'fr', strength: 1 } })).stage).toBe(
      'COLLSCAN',
    );
  });

  test('the indexed answer equals a scan with the same collation', async () => {
    const coll = ctx.db.collection('coll_cities');
    const viaIndex = async (filter: Document, collation: CollationOptions): Promise<number[]> =>
      (await coll.find(filter, { collation }).sort({ _id: 1 }).toArray()).map(
        (d) => d._id as unknown as number,
      );
    const viaScan = async (filter: Document, collation: CollationOptions): Promise<number[]> =>
      (
        await ctx.db.collection('coll_cities_plain').find(filter, { collation }).sort({ _id: 1 }).toArray()
      ).map((d) => d._id as unknown as number);
    for (const filter of [
      { city: 'BOGOTA' },
      { city: 'ANO' },
      { city: 'año' },
      { city: { $in: ['cali', 'AVILA'] } },
      { city: 'nowhere' },
    ]) {
      expect(await viaIndex(filter, ES1)).toEqual(await viaScan(filter, ES1));
      expect(await viaIndex(filter, ES2)).toEqual(await viaScan(filter, ES2));
    }
    expect((await planOf({ city: 'ANO' }, { collation: ES1 })).stage).toBe('IXSCAN');
    // Strength 1 ignores case and accents, but ñ is its own letter in Spanish.
    expect(await viaIndex({ city: 'BOGOTA' }, ES1)).toEqual([1, 2]);
    expect(await viaIndex({ city: 'ANO' }, ES1)).toEqual([6]);
    expect(await viaIndex({ city: 'AÑO' }, ES1)).toEqual([5]);
    expect(await viaIndex({ city: 'bogota' }, ES2)).toEqual([2]);
  });

  test('a sort with the index collation is served by the index, in collation order', async () => {
    const coll = ctx.db.collection('coll_cities');
    const plan = await planOf({}, { collation: ES1, sort: { city: 1 } });
    expect(plan).toEqual({ stage: 'IXSCAN', indexName: 'city_es1' });
    const names = (
      await coll
        .find({ _id: { $nin: [2] } } as never, { collation: ES1 })
        .sort({ city: 1 })
        .toArray()
    ).map((d) => d.city as string);
    expect(names).toEqual(['ano', 'Año', 'ávila', 'Bogotá', 'Cali', 'Medellín', 'Zaragoza']);
    const scanned = (
      await ctx.db
        .collection('coll_cities_plain')
        .find({ _id: { $nin: [2] } } as never, { collation: ES1 })
        .sort({ city: 1 })
        .toArray()
    ).map((d) => d.city as string);
    expect(scanned).toEqual(names);
    const limited = await coll.find({}, { collation: ES1 }).sort({ city: -1 }).limit(2).toArray();
    expect(limited.map((d) => d.city)).toEqual(['Zaragoza', 'Medellín']);
  });

  test('unique with { locale: "es", strength: 1 }: case and accent variants are duplicates', async () => {
    const coll = ctx.db.collection('coll_unique1');
    await coll.createIndex({ name: 1 }, { name: 'name_es1', unique: true, collation: ES1 });
    await coll.insertOne({ _id: 1, name: 'Bogota' } as never);
    for (const dup of ['Bogotá', 'bogota', 'BOGOTÁ']) {
      const err = await rejectionOf(coll.insertOne({ name: dup }));
      expect(err.code).toBe(11000);
      expect(err.keyPattern).toEqual({ name: 1 });
      expect(Object.keys(err.keyValue as Document)).toEqual(['name']);
      expect(String(err.message)).toContain('name_es1');
    }
    await coll.insertOne({ name: 'Bogotano' });
    await coll.insertOne({ _id: 3, name: 'año' } as never);
    await coll.insertOne({ name: 'ano' }); // ñ ≠ n at every strength in Spanish
    // an update into a duplicate is refused too, and changes nothing
    const err = await rejectionOf(coll.updateOne({ _id: 3 } as never, { $set: { name: 'BOGOTA' } }));
    expect(err.code).toBe(11000);
    expect((await coll.findOne({ _id: 3 } as never))?.name).toBe('año');
    // updating a document to a collation-equal form of its own key is allowed
    await coll.updateOne({ _id: 1 } as never, { $set: { name: 'Bogotá' } });
    expect(await coll.countDocuments({ name: 'bogota' }, { collation: ES1 })).toBe(1);
  });

  test('unique with { locale: "es", strength: 2 }: accents differ, case does not', async () => {
    const coll = ctx.db.collection('coll_unique2');
    await coll.createIndex({ name: 1 }, { name: 'name_es2', unique: true, collation: ES2 });
    await coll.insertOne({ name: 'Bogota' });
    await coll.insertOne({ name: 'Bogotá' });
    const err = await rejectionOf(coll.insertOne({ name: 'bogota' }));
    expect(err.code).toBe(11000);
    expect(err.keyPattern).toEqual({ name: 1 });
    const err2 = await rejectionOf(coll.insertOne({ name: 'BOGOTÁ' }));
    expect(err2.code).toBe(11000);
    expect(await coll.countDocuments()).toBe(2);
  });

  test('building a unique collated index over existing duplicates fails; with simple collation it does not', async () => {
    const coll = ctx.db.collection('coll_unique3');
    await coll.insertMany([{ name: 'Bogotá' }, { name: 'bogota' }]);
    const err = await rejectionOf(coll.createIndex({ name: 1 }, { unique: true, collation: ES1 }));
    expect(err.code).toBe(11000);
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    await coll.createIndex({ name: 1 }, { unique: true, collation: { locale: 'simple' } });
    const listed = (await coll.listIndexes().toArray()).find((i) => i.name === 'name_1');
    expect(listed?.collation).toBeUndefined();
  });

  test('an index without a collation inherits the collection default and serves its queries', async () => {
    await ctx.db.createCollection('coll_default', { collation: ES1 });
    const coll = ctx.db.collection('coll_default');
    await coll.insertMany([{ city: 'Bogotá' }, { city: 'Cali' }]);
    await coll.createIndex({ city: 1 }, { name: 'city_default' });
    const listed = (await coll.listIndexes().toArray()).find((i) => i.name === 'city_default');
    expect(listed?.collation).toMatchObject({ locale: 'es', strength: 1 });
    const ex = await coll.find({ city: 'BOGOTA' }).explain('queryPlanner');
    expect(leaf((ex.queryPlanner as Document).winningPlan as Document)).toEqual({
      stage: 'IXSCAN',
      indexName: 'city_default',
    });
    expect(await coll.countDocuments({ city: 'bogota' })).toBe(1);
  });
});
