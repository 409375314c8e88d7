/** The part of a zod (full or mini) error we read. */
export interface ValidationIssueSource {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}

/** Stable, snake_case error codes shared by HTTP bodies and socket acks. */
export const ErrorCode = {
  invalid: 'invalid',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  unavailable: 'unavailable',
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | (string & {});

export interface AppErrorOptions {
  /** HTTP status this error maps to. */
  status: number;
  /** Whether `message` may be shown to the caller (false → a generic message is sent instead). */
  expose?: boolean;
  /** Extra machine-readable detail (e.g. validation issues); sent only when `expose`. */
  details?: unknown;
  cause?: unknown;
}

/**
 * The one error type of the server: maps to `{ error: { code, message, details? } }` over HTTP and to
 * `{ ok: false, error: { code, message, details? } }` in socket acks (`toErrorBody`).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status;
    this.expose = options.expose ?? options.status < 500;
    this.details = options.details;
  }
}

export const invalid = (message: string, details?: unknown): AppError =>
  new AppError(ErrorCode.invalid, message, { status: 400, details });

/** A 400 built from a zod error, listing every issue as `path: message`. */
export const invalidFromZod = (error: ValidationIssueSource): AppError => {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return invalid(`Invalid input — ${summary}`, issues);
};

export const unauthenticated = (message = 'Sign in first'): AppError =>
  new AppError(ErrorCode.unauthenticated, message, { status: 401 });
export const forbidden = (message = 'You are not allowed to do this'): AppError =>
  new AppError(ErrorCode.forbidden, message, { status: 403 });
export const notFound = (what = 'Resource'): AppError =>
  new AppError(ErrorCode.notFound, `${what} not found`, { status: 404 });
/**
 * A 409. `details`: what the conflict was, as data for the client to word in the viewer's language (its shape is a
 * shared schema, e.g. `MeetingConflictDetails`); sent in the HTTP body and the socket ack alike.
 */
export const conflict = (message: string, details?: unknown): AppError =>
  new AppError(ErrorCode.conflict, message, { status: 409, details });
export const payloadTooLarge = (message = 'Payload too large'): AppError =>
  new AppError(ErrorCode.payloadTooLarge, message, { status: 413 });
export const rateLimited = (retryAfterSeconds: number): AppError =>
  new AppError(ErrorCode.rateLimited, `Too many requests; retry in ${retryAfterSeconds}s`, {
    status: 429,
    details: { retryAfterSeconds },
  });
export const unavailable = (message = 'Service temporarily unavailable'): AppError =>
  new AppError(ErrorCode.unavailable, message, { status: 503, expose: true });

/** Shape sent to clients, both over HTTP and in socket acks. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/**
 * Normalises anything thrown into an `AppError`. Database connectivity failures become 503 so callers
 * learn "try again", never a hang or an opaque 500.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isZodError(error)) return invalidFromZod(error);
  if (isDatabaseUnavailable(error)) return unavailable('The database is unavailable; please retry shortly');
  return new AppError(ErrorCode.internal, 'Internal error', { status: 500, expose: false, cause: error });
}

/** What the client sees: exposed messages verbatim, otherwise a generic one. */
export function toErrorBody(error: AppError): ErrorBody {
  if (!error.expose) return { code: error.code, message: 'Something went wrong on our side' };
  return error.details === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, details: error.details };
}

function isZodError(error: unknown): error is ValidationIssueSource {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  return (
    typeof name === 'string' &&
    name.includes('ZodError') &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

const unavailableErrorNames = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongooseServerSelectionError',
]);

function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  if (typeof name !== 'string') return false;
  if (unavailableErrorNames.has(name)) return true;
  // The driver wraps a network error met during a bulk write ("driver related error, not a bulk op error" in
  // mongodb/lib/bulk/common.js) in a MongoBulkWriteError with no write errors, copying the network error's own
  // fields — `beforeHandshake` is one only a MongoNetworkError has. That is the database being unreachable too.
  if (name === 'MongoBulkWriteError') {
    const e = error as { writeErrors?: unknown[]; beforeHandshake?: unknown };
    return (e.writeErrors?.length ?? 0) === 0 && 'beforeHandshake' in e;
  }
  return false;
}
