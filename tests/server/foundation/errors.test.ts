import type { Ack } from '@polos/shared';
import { runWithAck } from '../../../server/src/lib/ack';
import {
  AppError,
  conflict,
  forbidden,
  invalidFromZod,
  toAppError,
  toErrorBody,
} from '../../../server/src/lib/errors';
import type { Logger } from '../../../server/src/lib/logger';
import { MongoNetworkTimeoutError } from 'mongodb';
import { z } from 'zod';

describe('AppError mapping', () => {
  test('hidesMessagesOfUnexpectedErrors', () => {
    const appError = toAppError(new Error('secret stack detail'));
    expect(appError.status).toBe(500);
    expect(toErrorBody(appError)).toEqual({
      code: 'internal_error',
      message: expect.not.stringContaining('secret'),
    });
  });

  test('mapsZodErrorsTo400WithEveryIssue', () => {
    const result = z.object({ a: z.string(), b: z.number() }).safeParse({ a: 1, b: 'x' });
    expect(result.success).toBe(false);
    const appError = toAppError(result.error);
    expect(appError.status).toBe(400);
    expect(appError.message).toMatch(/a: .*; b: /);
    expect(invalidFromZod(result.error!).details).toHaveLength(2);
  });

  test('mapsDriverConnectivityErrorsTo503', () => {
    const error = Object.assign(new Error('no server'), { name: 'MongoServerSelectionError' });
    expect(toAppError(error)).toMatchObject({ status: 503, code: 'unavailable' });
  });

  test('mapsABulkWriteCutShortByTheNetworkTo503ButNotAWriteError', () => {
    // The driver's own classes, as its bulk executor builds them (mongodb/lib/bulk/common.js).
    const { MongoBulkWriteError } = jest.requireActual<{
      MongoBulkWriteError: new (error: unknown, result: unknown) => Error;
    }>('mongodb/lib/bulk/common.js');
    const cutShort = new MongoBulkWriteError(new MongoNetworkTimeoutError('connection 5 timed out'), {});
    expect(toAppError(cutShort)).toMatchObject({ status: 503, code: 'unavailable' });
    const duplicate = new MongoBulkWriteError(
      { message: 'E11000 duplicate key', code: 11000, writeErrors: [{ code: 11000 }] },
      {},
    );
    expect(toAppError(duplicate)).toMatchObject({ status: 500, code: 'internal_error' });
  });

  test('carriesAConflictsDetailsInTheBodyAndTheSocketAck', async () => {
    const details = { reason: 'table_taken', table: 3, slotStart: '2027-01-18T09:20:00.000Z' };
    const error = conflict('Table 3 is taken in this slot', details);
    const body = { code: 'conflict', message: 'Table 3 is taken in this slot', details };
    expect(error.status).toBe(409);
    expect(toErrorBody(error)).toEqual(body);
    const replies: Array<Ack<unknown>> = [];
    const logger = { error: jest.fn() } as unknown as Logger;
    await runWithAck(
      logger,
      (reply: Ack<unknown>) => replies.push(reply),
      {},
      () => Promise.reject(error),
    );
    expect(replies).toEqual([{ ok: false, error: body }]);
  });

  test('keepsAppErrors', () => {
    const error = forbidden();
    expect(toAppError(error)).toBe(error);
    expect(error).toBeInstanceOf(AppError);
    expect(toErrorBody(error)).toEqual({ code: 'forbidden', message: 'You are not allowed to do this' });
  });
});
