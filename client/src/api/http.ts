import type { ErrorBody } from '@polos/shared';

/** An HTTP error answered by the API (`{ error: { code, message } }`), or `network_error`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The error's `details` (e.g. the fields of a 409 `conflict`), when the server sent any. */
  readonly details: unknown;
  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

let csrfToken: string | null = null;

/** Remembers the CSRF token of the current session (sent as `X-CSRF-Token` on state changes). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Calls the same-origin JSON API; resolves with the parsed body (undefined for 204) or throws ApiError. */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'network_error', message: 'Network error' });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (e.g. a proxy's error page): fall through to the status code.
  }
  if (!response.ok) {
    const error = (parsed as { error?: ErrorBody } | undefined)?.error;
    throw new ApiError(response.status, error ?? { code: 'http_error', message: `HTTP ${response.status}` });
  }
  return parsed as T;
}

/** The error code of anything thrown by `api` (for translated messages). */
export function errorCode(error: unknown): string {
  return error instanceof ApiError ? error.code : 'internal_error';
}
