/**
 * Every operator of one update is applied, also when the filter tests a field that the update changes
 * (found by an app: `findOneAndUpdate({ _id, status: 'a' }, { $set: { status: 'b' }, $unset: { token: '' } })`
 * left `token` in place). Covered for updateOne, updateMany, findOneAndUpdate, bulkWrite and upsert, with
 * $set/$unset/$inc/$push/$pull/$rename combined, and the positional `$` next to a changed filter field.
 */
import { type Document } from 'mongodb';
import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

describe(`all operators of one update apply when the filter tests an updated field (${kind})`, () => {
  // Numeric _ids: the driver's default schema would type `_id` as an ObjectId.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const coll = () => ctx.db.collection<any>('combined_operators');
  const seed = (id: number): Document => ({
    _id: id,
    status: 'a',
    token: 'secret',
    n: 1,
    tags: ['x', 'y'],
    old: 'moved',
  });
  const update: Document = {
    $set: { status: 'b' },
    $unset: { token: '' },
    $inc: { n: 2 },
    $push: { log: 'done' },
    $pull: { tags: 'x' },
    $rename: { old: 'renamed' },
  };
  const expected = (id: number): Document => ({
    _id: id,
    status: 'b',
    n: 3,
    tags: ['y'],
    log: ['done'],
    renamed: 'moved',
  });

  beforeEach(async () => {
    await coll().deleteMany({});
    await coll().insertMany([seed(1), seed(2), { ...seed(3), status: 'z' }]);
  });

  test('the reported case: findOneAndUpdate with $set of the filtered field and $unset', async () => {
    const before = await coll().findOneAndUpdate(
      { _id: 1, status: 'a' },
      { $set: { status: 'b' }, $unset: { token: '' } },
      { returnDocument: 'after' },
    );
    expect(before).toEqual({ _id: 1, status: 'b', n: 1, tags: ['x', 'y'], old: 'moved' });
    expect(await coll().findOne({ _id: 1 })).not.toHaveProperty('token');
  });

  test('updateOne applies all six operators', async () => {
    const res = await coll().updateOne({ _id: 1, status: 'a' }, update);
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await coll().findOne({ _id: 1 })).toEqual(expected(1));
  });

  test('updateMany applies them to every matched document and leaves the others alone', async () => {
    const res = await coll().updateMany({ status: 'a' }, update);
    expect(res).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    expect(await coll().find({}).sort({ _id: 1 }).toArray()).toEqual([
      expected(1),
      expected(2),
      { ...seed(3), status: 'z' },
    ]);
  });

  test('findOneAndUpdate returns the before and the after image with every change', async () => {
    const before = await coll().findOneAndUpdate({ status: 'a', n: 1, tags: 'x' }, update, {
      sort: { _id: 1 },
    });
    expect(before).toEqual(seed(1));
    const after = await coll().findOneAndUpdate({ _id: 2, n: 1, token: 'secret' }, update, {
      returnDocument: 'after',
    });
    expect(after).toEqual(expected(2));
    expect(await coll().findOne({ _id: 1 })).toEqual(expected(1));
  });

  test('bulkWrite updateOne/updateMany apply every operator', async () => {
    const res = await coll().bulkWrite([
      { updateOne: { filter: { _id: 1, status: 'a' }, update } },
      { updateMany: { filter: { _id: { $in: [2, 3] }, token: 'secret' }, update } },
    ]);
    expect(res.modifiedCount).toBe(3);
    expect(await coll().find({}).sort({ _id: 1 }).toArray()).toEqual([expected(1), expected(2), expected(3)]);
  });

  test('an upsert seeded from the filter applies every operator to the new document', async () => {
    await coll().deleteMany({});
    const res = await coll().updateOne(
      { _id: 9, status: 'a' },
      {
        $set: { status: 'b' },
        $unset: { token: '' },
        $inc: { n: 5 },
        $push: { log: 'created' },
        $setOnInsert: { tags: ['y'] },
      } as never,
      { upsert: true },
    );
    expect(res).toMatchObject({ upsertedCount: 1, upsertedId: 9 });
    expect(await coll().findOne({ _id: 9 })).toEqual({
      _id: 9,
      status: 'b',
      n: 5,
      log: ['created'],
      tags: ['y'],
    });
  });

  test('an upsert that matches an existing document applies every operator to it', async () => {
    const res = await coll().updateOne({ _id: 1, status: 'a' }, update, { upsert: true });
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await coll().findOne({ _id: 1 })).toEqual(expected(1));
  });

  test('a positional $ with a $pull on the array the filter tested, and a changed filter field', async () => {
    await coll().deleteMany({});
    await coll().insertOne({
      _id: 5,
      status: 'a',
      items: [
        { k: 'p', q: 1, notes: ['keep', 'drop'] },
        { k: 'q', q: 1, notes: ['keep', 'drop'] },
      ],
      token: 't',
    });
    const after = await coll().findOneAndUpdate(
      { _id: 5, status: 'a', 'items.k': 'q' },
      {
        $set: { status: 'b' },
        $inc: { 'items.$.q': 1 },
        $pull: { 'items.$.notes': 'drop' },
        $unset: { token: 1 },
      } as never,
      { returnDocument: 'after' },
    );
    expect(after).toEqual({
      _id: 5,
      status: 'b',
      items: [
        { k: 'p', q: 1, notes: ['keep', 'drop'] },
        { k: 'q', q: 2, notes: ['keep'] },
      ],
    });
  });

  test('$rename through a positional path is refused as mongod refuses it, the document unchanged', async () => {
    const error = await rejectionOf(
      coll().updateOne({ _id: 1, tags: 'x' }, { $set: { status: 'b' }, $rename: { 'tags.$': 'first' } }),
    );
    expect(error.code).toBe(2);
    expect(error.message).toBe('The source field for $rename may not be dynamic: tags.$');
    expect(await coll().findOne({ _id: 1 })).toEqual(seed(1));
  });
});
