import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { Long } from 'mongodb';
import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver({ monitorCommands: true });

function record() {
  const started: CommandStartedEvent[] = [];
  const succeeded: CommandSucceededEvent[] = [];
  const onStart = (e: CommandStartedEvent) => started.push(e);
  const onSuccess = (e: CommandSucceededEvent) => succeeded.push(e);
  ctx.client.on('commandStarted', onStart);
  ctx.client.on('commandSucceeded', onSuccess);
  return {
    started,
    succeeded,
    names: () => started.map((e) => e.commandName),
    stop: () => {
      ctx.client.off('commandStarted', onStart);
      ctx.client.off('commandSucceeded', onSuccess);
    },
  };
}

describe(`cursors (${kind})`, () => {
  beforeAll(async () => {
    await ctx.db
      .collection('cur')
      .insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, n: i })) as never[]);
  });

  test('batchSize splits a result into getMore round trips; an exhausted cursor needs no killCursors', async () => {
    const rec = record();
    const docs = await ctx.db.collection('cur').find({}).sort({ n: 1 }).batchSize(20).toArray();
    rec.stop();
    expect(docs.map((d) => d.n)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(rec.names().filter((n) => n === 'getMore')).toHaveLength(12);
    expect(rec.names()).not.toContain('killCursors');
    const find = rec.succeeded.find((e) => e.commandName === 'find')!;
    const cursor = (find.reply as { cursor: { id: unknown; firstBatch: unknown[]; ns: string } }).cursor;
    expect(cursor.firstBatch).toHaveLength(20);
    expect(cursor.ns).toBe(`${ctx.testDb.dbName}.cur`);
    const lastGetMore = rec.succeeded.filter((e) => e.commandName === 'getMore').pop()!;
    const lastCursor = (lastGetMore.reply as { cursor: { id: Long; nextBatch: unknown[] } }).cursor;
    expect(lastCursor.nextBatch).toHaveLength(10);
    expect(Long.fromValue(lastCursor.id as never).isZero()).toBe(true);
  });

  test('closing a cursor early sends killCursors; a later getMore on it is CursorNotFound (43)', async () => {
    const rec = record();
    const cursor = ctx.db.collection('cur').find({}).batchSize(5);
    const first = await cursor.next();
    expect(first).not.toBeNull();
    const findReply = rec.succeeded.find((e) => e.commandName === 'find')!.reply as { cursor: { id: Long } };
    const id = findReply.cursor.id;
    await cursor.close();
    rec.stop();
    const kill = rec.succeeded.find((e) => e.commandName === 'killCursors');
    expect(kill).toBeDefined();
    const killed = (kill!.reply as { cursorsKilled: Long[] }).cursorsKilled.map((c) =>
      Long.fromValue(c as never).toString(),
    );
    expect(killed).toEqual([Long.fromValue(id as never).toString()]);
    const err = await rejectionOf(ctx.db.command({ getMore: Long.fromValue(id), collection: 'cur' }));
    expect(err.code).toBe(43);
    expect(err.codeName).toBe('CursorNotFound');
  });

  test('limit with a smaller batchSize returns exactly limit documents', async () => {
    const docs = await ctx.db
      .collection('cur')
      .find({ n: { $gte: 100 } })
      .sort({ n: -1 })
      .limit(25)
      .batchSize(10)
      .toArray();
    expect(docs.map((d) => d.n)).toEqual(Array.from({ length: 25 }, (_, i) => 249 - i));
  });

  test('skip + limit + sort page through the collection without overlap', async () => {
    const seen: number[] = [];
    for (let page = 0; page < 5; page++) {
      const docs = await ctx.db
        .collection('cur')
        .find({})
        .sort({ n: 1 })
        .skip(page * 50)
        .limit(50)
        .toArray();
      seen.push(...docs.map((d) => d.n as number));
    }
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  test('async iteration and aggregate cursors with batchSize', async () => {
    let count = 0;
    for await (const doc of ctx.db
      .collection('cur')
      .find({ n: { $lt: 30 } })
      .batchSize(7)) {
      expect(doc.n).toBe(count);
      count++;
    }
    expect(count).toBe(30);
    const agg = await ctx.db
      .collection('cur')
      .aggregate([{ $match: { n: { $gte: 200 } } }, { $sort: { n: 1 } }], { batchSize: 8 })
      .toArray();
    expect(agg).toHaveLength(50);
  });

  test('a cursor sees a consistent result even while documents are inserted', async () => {
    const coll = ctx.db.collection('cur_live');
    await coll.insertMany(Array.from({ length: 40 }, (_, i) => ({ n: i })));
    const cursor = coll.find({}).sort({ n: 1 }).batchSize(10);
    const got: number[] = [];
    for await (const doc of cursor) {
      got.push(doc.n as number);
      if (got.length === 5) await coll.insertOne({ n: 1000 });
    }
    expect(got.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(new Set(got).size).toBe(got.length);
  });
});
