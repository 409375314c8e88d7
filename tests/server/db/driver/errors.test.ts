import mongoose from 'mongoose';
import { MongoServerError } from 'mongodb';
import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

describe(`error shapes (${kind})`, () => {
  test('an unknown command is CommandNotFound (59)', async () => {
    const err = await rejectionOf(ctx.db.command({ frobnicateTheDatabase: 1 }));
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
    expect(err.ok ?? err.errorResponse?.ok).toBe(0);
  });

  test('ping, buildInfo and hello answer', async () => {
    expect(await ctx.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const build = await ctx.db.admin().command({ buildInfo: 1 });
    expect(typeof build.version).toBe('string');
    const hello = await ctx.db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ ok: 1, isWritablePrimary: true });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
  });

  test('transactions are refused with code 20 before anything is applied', async () => {
    const hello = await ctx.db.admin().command({ hello: 1 });
    if (hello.setName || hello.msg === 'isdbgrid') return; // a replica set or mongos supports transactions
    const coll = ctx.db.collection('err_txn');
    await coll.insertOne({ before: true });
    const session = ctx.client.startSession();
    try {
      session.startTransaction();
      // On a write the driver wraps code 20 into "does not support retryable writes" and keeps the
      // server's answer as originalError (exactly as with a standalone mongod); other commands get it as is.
      const err = await rejectionOf(coll.insertOne({ inTxn: 1 }, { session }));
      expect(err).toBeInstanceOf(MongoServerError);
      const original = err.originalError ?? err;
      expect(original.code).toBe(20);
      expect(original.codeName).toBe('IllegalOperation');
      expect(original.message).toMatch(
        /Transaction numbers are only allowed on a replica set member or mongos/,
      );
      const findErr = await rejectionOf(coll.find({}, { session }).toArray());
      expect((findErr.originalError ?? findErr).code).toBe(20);
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    const viaHelper = await rejectionOf(
      ctx.client.withSession((s) =>
        s.withTransaction(async () => {
          await coll.insertOne({ inTxn: 2 }, { session: s });
          await coll.updateOne({ before: true }, { $set: { touched: true } }, { session: s });
        }),
      ),
    );
    expect((viaHelper.originalError ?? viaHelper).code).toBe(20);
    expect(await coll.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ before: true }]);
  });

  test('change streams are refused, not silently ignored', async () => {
    const hello = await ctx.db.admin().command({ hello: 1 });
    if (hello.setName) return;
    const stream = ctx.db.collection('err_cs').watch();
    const err = await rejectionOf(stream.tryNext());
    expect(err).toBeInstanceOf(MongoServerError);
    expect(typeof err.code).toBe('number');
    await stream.close();
  });

  test('mongoose surfaces a duplicate key as MongoServerError 11000 with keyValue', async () => {
    const conn = await mongoose
      .createConnection(ctx.testDb.uri, { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    try {
      const Member = conn.model('ErrMember', new mongoose.Schema({ handle: { type: String, unique: true } }));
      await Member.init();
      await Member.create({ handle: 'ana' });
      const err = await rejectionOf(Member.create({ handle: 'ana' }));
      expect(err.name).toBe('MongoServerError');
      expect(err.code).toBe(11000);
      expect(err.keyValue).toEqual({ handle: 'ana' });
      const err2 = await rejectionOf(
        Member.findOneAndUpdate({ handle: 'bo' }, { $set: { handle: 'ana' } }, { upsert: true }).exec(),
      );
      expect(err2.code).toBe(11000);
      expect(await Member.countDocuments()).toBe(1);
    } finally {
      await conn.close();
    }
  });

  test('a filter of the wrong type is TypeMismatch (14)', async () => {
    const err = await rejectionOf(ctx.db.command({ find: 'err_x', filter: 'not a document' }));
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(14);
    expect(err.codeName).toBe('TypeMismatch');
  });

  test('an invalid sort direction is refused', async () => {
    const sortErr = await rejectionOf(ctx.db.command({ find: 'err_x', sort: { a: 7 } }));
    expect(sortErr).toBeInstanceOf(MongoServerError);
  });
});
