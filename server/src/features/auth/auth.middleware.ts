import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CSRF_HEADER } from '@polos/shared';
import type { ServerContext } from '../../context';
import { AppError, forbidden, invalid, unauthenticated } from '../../lib/errors';
import { createSession, destroySession, findSession } from '../sessions/sessions.service';
import { optionalAuth, type AuthContext } from '../../contracts/requestAuth';
import { findUserById } from '../users/users.service';
import { readSessionCookie, setSessionCookie } from './cookies';
import { isAllowedOrigin } from './origin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths that may be called with a stale session cookie and no CSRF token (they start a session). */
const TOKENLESS_PATHS = new Set(['/auth/login']);

/** Path prefixes of the routes that also serve signed-out requests (sign-in, invitations). */
const SIGNED_OUT_PREFIXES = ['/auth/', '/invites/'];

/**
 * Loads the session from the cookie (rotating its id when a role change asked for it), then applies the
 * CSRF rules to state-changing requests: an allowed Origin/Referer, JSON bodies, and — when signed in —
 * the per-session token in `X-CSRF-Token`.
 */
export function sessionAndCsrf(ctx: ServerContext): RequestHandler {
  const handler = async (req: Request, res: Response): Promise<void> => {
    const sessionId = readSessionCookie(req.headers.cookie);
    if (sessionId) {
      let session = await findSession(sessionId, ctx.config.sessionSecret);
      const user = session ? await findUserById(session.userId) : null;
      if (session && user) {
        if (session.rotate) {
          const fresh = await createSession(user._id, ctx.config.sessionSecret);
          await destroySession(session._id);
          setSessionCookie(res, fresh.sessionId, ctx.config);
          session = fresh.session;
        }
        res.locals.auth = { user, session } satisfies AuthContext;
      }
    }
    if (SAFE_METHODS.has(req.method)) return;

    const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
    if (!isAllowedOrigin(origin, req.headers.host, ctx.config))
      throw forbidden('Cross-origin request refused');
    const auth = optionalAuth(res);
    if (auth && !TOKENLESS_PATHS.has(req.path)) {
      if (req.get(CSRF_HEADER) !== auth.session.csrfToken) {
        throw new AppError('csrf_failed', 'Missing or invalid CSRF token', { status: 403 });
      }
    } else if (
      req.headers['content-length'] !== '0' &&
      req.headers['content-length'] !== undefined &&
      !req.is('application/json')
    ) {
      // Refused either way (a cross-site form cannot send JSON); outside the routes that serve signed-out
      // requests, the missing session is the answer (401, as the route itself would give), not the body type.
      if (!auth && !SIGNED_OUT_PREFIXES.some((p) => req.path.startsWith(p))) throw unauthenticated();
      throw invalid('Requests must be sent as application/json');
    }
  };
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).then(() => next(), next);
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}
