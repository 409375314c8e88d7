/**
 * Issue 16 item 4: an update operator applied to a value of the wrong type fails with mongod's error
 * and code (never "matched 1, modified 0" without an error), and leaves the document unchanged.
 */
import { type Document } from 'mongodb';
import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

describe(`update operators on values of the wrong type (${kind})`, () => {
  const coll = () => ctx.db.collection('upd_type_errors');
  const original = { _id: 1, name: 'Ada', n: 'five', tags: 'x', arr: [1, 2], nested: { s: 'str' } };

  beforeEach(async () => {
    await coll().deleteMany({});
    await coll().insertOne(original as never);
  });

  const unchanged = async () => {
    expect(await coll().findOne({ _id: 1 } as never)).toEqual(original);
  };

  const cases: Array<[string, Document, number, RegExp]> = [
    [
      '$inc on a string',
      { $inc: { n: 1 } },
      14,
      /^Cannot apply \$inc to a value of non-numeric type\. \{_id: 1\} has the field 'n' of non-numeric type string$/,
    ],
    [
      '$inc with a non-numeric argument',
      { $inc: { arr: 'one' } },
      14,
      /^Cannot increment with non-numeric argument: \{arr: "one"\}$/,
    ],
    [
      '$mul on a string',
      { $mul: { name: 2 } },
      14,
      /^Cannot apply \$mul to a value of non-numeric type\. \{_id: 1\} has the field 'name' of non-numeric type string$/,
    ],
    [
      '$push on a non-array',
      { $push: { tags: 'y' } },
      2,
      /^The field 'tags' must be an array but is of type string in document \{_id: 1\}$/,
    ],
    [
      '$push with $each on a non-array',
      { $push: { tags: { $each: ['y'] } } },
      2,
      /^The field 'tags' must be an array but is of type string in document \{_id: 1\}$/,
    ],
    [
      '$addToSet on a non-array',
      { $addToSet: { name: 'y' } },
      2,
      /^Cannot apply \$addToSet to non-array field\. Field named 'name' has non-array type string$/,
    ],
    [
      '$set through a string',
      { $set: { 'name.first': 'Ada' } },
      28,
      /^Cannot create field 'first' in element \{name: "Ada"\}$/,
    ],
    [
      '$inc through a nested string',
      { $inc: { 'nested.s.count': 1 } },
      28,
      /^Cannot create field 'count' in element \{s: "str"\}$/,
    ],
    [
      '$pop on a non-array',
      { $pop: { name: 1 } },
      14,
      /^Path 'name' contains an element of non-array type 'string'$/,
    ],
    ['$pull on a non-array', { $pull: { name: 'A' } }, 2, /^Cannot apply \$pull to a non-array value$/],
  ];

  test.each(cases)(
    '%s → mongod’s code and message; nothing changes',
    async (_label, update, code, message) => {
      const err = await rejectionOf(coll().updateOne({ _id: 1 } as never, update));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      await unchanged();
      const viaFindAndModify = await rejectionOf(coll().findOneAndUpdate({ _id: 1 } as never, update));
      expect(viaFindAndModify.code).toBe(code);
      await unchanged();
    },
  );

  test('updateMany stops at the first document that fails; earlier documents stay updated', async () => {
    const many = ctx.db.collection('upd_type_errors_many');
    await many.deleteMany({});
    await many.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 'two' },
      { _id: 3, n: 3 },
    ] as never[]);
    const err = await rejectionOf(many.updateMany({}, { $inc: { n: 10 } }));
    expect(err.code).toBe(14);
    expect(err.message).toMatch(/\{_id: 2\} has the field 'n' of non-numeric type string/);
    expect(await many.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, n: 11 },
      { _id: 2, n: 'two' },
      { _id: 3, n: 3 },
    ]);
  });

  test('a bulk write reports the failing statement as a write error and applies the others (unordered)', async () => {
    const err = await rejectionOf(
      coll().bulkWrite(
        [
          { updateOne: { filter: { _id: 1 }, update: { $inc: { n: 1 } } } },
          { updateOne: { filter: { _id: 1 }, update: { $set: { ok: true } } } },
        ] as never,
        { ordered: false },
      ),
    );
    expect(err.writeErrors?.[0]?.code ?? err.code).toBe(14);
    expect(await coll().findOne({ _id: 1 } as never)).toEqual({ ...original, ok: true });
  });
});
