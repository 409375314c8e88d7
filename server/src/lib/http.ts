import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, notFound, toAppError, toErrorBody, payloadTooLarge, invalid } from './errors';
import type { Logger } from './logger';

/** Wraps an async route so a rejection reaches the error middleware (Express 5 does this too; explicit for clarity). */
export const route =
  (handler: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    handler(req, res, next).catch(next);
  };

/** 404 for unknown `/api/*` routes (the SPA fallback handles the rest). */
export const apiNotFound: RequestHandler = (req, _res, next) =>
  next(notFound(`Route ${req.method} ${req.baseUrl}${req.path}`));

/** The one Express error middleware: maps every error to `{ error: { code, message } }`. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = fromExpressError(error);
    if (appError.status >= 500) {
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    }
    const retryAfter = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (appError.status === 429 && retryAfter) res.setHeader('Retry-After', String(retryAfter));
    if (appError.status === 503) res.setHeader('Retry-After', '5');
    if (res.headersSent) return;
    res.status(appError.status).json({ error: toErrorBody(appError) });
  };
}

/** body-parser errors carry `type`/`status`; turn them into clear client errors. */
function fromExpressError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return payloadTooLarge('Request body is too large');
  if (type === 'entity.parse.failed') return invalid('Request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return invalid('Unsupported body encoding');
  // Other http-errors from Express middleware (e.g. express.static's 404) keep their 4xx status.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return status === 404 ? notFound('File') : new AppError('bad_request', 'Bad request', { status });
  }
  return toAppError(error);
}
