/** A MongoDB-shaped command error: becomes `{ ok: 0, errmsg, code, codeName, ...extra }`. */
import type { Document } from 'bson';

export class EngineError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
    this.name = 'EngineError';
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const badValue = (msg: string): EngineError => new EngineError(2, 'BadValue', msg);
export const failedToParse = (msg: string): EngineError => new EngineError(9, 'FailedToParse', msg);
export const typeMismatch = (msg: string): EngineError => new EngineError(14, 'TypeMismatch', msg);
export const invalidNamespace = (msg: string): EngineError => new EngineError(73, 'InvalidNamespace', msg);

/** Message of the generic error that replaces JavaScript faults (the details go to the engine log). */
export const INTERNAL_MESSAGE = 'internal error in the embedded engine (details are in its log)';

/**
 * JavaScript faults (`x.some is not a function`, `Cannot read properties of undefined`) are engine
 * bugs, never a message for a client: they become 1 InternalError (the caller logs the original).
 */
export function isInternalFault(err: unknown): boolean {
  return (
    err instanceof TypeError ||
    err instanceof ReferenceError ||
    err instanceof SyntaxError ||
    err instanceof EvalError ||
    err instanceof URIError ||
    (err instanceof RangeError && !/BSON/i.test(err.message))
  );
}

/** Where JavaScript faults are logged (set by the command dispatcher; the last engine's logger wins). */
let faultLog: ((message: string, fields?: Record<string, unknown>) => void) | undefined;

export function setFaultLog(log: (message: string, fields?: Record<string, unknown>) => void): void {
  faultLog = log;
}

/** Maps anything thrown (mingo errors included) to an EngineError. */
export function toEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  if (isInternalFault(err)) {
    const e = err as Error;
    faultLog?.('internal fault answered as InternalError', { error: e.message, stack: e.stack });
    return new EngineError(1, 'InternalError', INTERNAL_MESSAGE);
  }
  const msg = err instanceof Error ? err.message : String(err);
  let m = /unknown query operator:? '?(\$\w+)/i.exec(msg);
  if (m) return new EngineError(2, 'BadValue', `unknown operator: ${m[1]}`);
  m = /(?:unregistered|unknown|unrecognized) pipeline (?:operator|stage):? '?(\$\w+)/i.exec(msg);
  if (m) return new EngineError(40324, 'Location40324', `Unrecognized pipeline stage name: '${m[1]}'`);
  m = /'?(\$\w+)'? is not registered/i.exec(msg);
  if (m) return new EngineError(168, 'InvalidPipelineOperator', `Unrecognized expression '${m[1]}'`);
  m = /unknown update operator:? '?(\$\w+)/i.exec(msg);
  if (m)
    return new EngineError(
      9,
      'FailedToParse',
      `Unknown modifier: ${m[1]}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  if (/parse|syntax/i.test(msg)) return new EngineError(9, 'FailedToParse', msg);
  if (err instanceof Error && err.name === 'BSONError') return new EngineError(2, 'BadValue', msg);
  return new EngineError(2, 'BadValue', msg);
}
