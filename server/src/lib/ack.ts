import type { Ack } from '@polos/shared';
import { toAppError, toErrorBody } from './errors';
import type { Logger } from './logger';

/**
 * Runs a socket command and answers its ack with `{ ok: true, data }` or `{ ok: false, error }`.
 * Never throws: a handler error is logged (when unexpected) and becomes an error ack. A missing or
 * non-function ack is tolerated (the work still runs; nothing is sent back).
 */
export async function runWithAck<T>(
  logger: Logger,
  ack: unknown,
  context: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<void> {
  let reply: Ack<T>;
  try {
    reply = { ok: true, data: await work() };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.status >= 500) logger.error({ err: error, ...context }, 'socket command failed');
    reply = { ok: false, error: toErrorBody(appError) };
  }
  if (typeof ack === 'function') (ack as (reply: Ack<T>) => void)(reply);
}
