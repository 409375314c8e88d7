import { Router } from 'express';
import { loginBodySchema } from '@polos/shared';
import type { ServerContext } from '../../context';
import { unauthenticated } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { createSession, destroySession, destroyUserSessions } from '../sessions/sessions.service';
import { findUserByEmail } from '../users/users.service';
import { optionalAuth, requireAuth } from '../../contracts/requestAuth';
import { presentSession } from './auth.presenter';
import { clearSessionCookie, setSessionCookie } from './cookies';
import { loginLimiterFor } from './loginLimiter';
import { dummyPasswordHash, verifyPassword } from './password';

/** `/api/auth/*`: sign in, sign out (here or everywhere), current session. */
export function authRoutes(ctx: ServerContext, limiter = loginLimiterFor(ctx)): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const body = parseInput(loginBodySchema, req.body);
    // One attempt is taken per address and per account before the password is checked (429 past either).
    const attempt = await limiter.begin(req.socket.remoteAddress ?? 'unknown', body.email);
    const user = await findUserByEmail(body.email);
    const ok = user
      ? await verifyPassword(user.passwordHash, body.password)
      : await verifyPassword(await dummyPasswordHash(), `${body.password}\u0000`);
    if (!user || !ok) throw unauthenticated('Email or password is wrong');
    await attempt.succeeded();
    // A fresh id on every sign-in (no fixation); the previous session of this browser ends.
    const previous = res.locals.auth as { session: { _id: string } } | undefined;
    if (previous) {
      await destroySession(previous.session._id);
      ctx.bus.publish({ type: 'auth.revoked', sessionKeys: [previous.session._id], reason: 'signed_out' });
    }
    const { sessionId, session } = await createSession(user._id, ctx.config.sessionSecret);
    setSessionCookie(res, sessionId, ctx.config);
    res.json(await presentSession(user, session));
  });

  router.post('/auth/logout', async (_req, res) => {
    const { session } = requireAuth(res);
    await destroySession(session._id);
    clearSessionCookie(res, ctx.config);
    ctx.bus.publish({ type: 'auth.revoked', sessionKeys: [session._id], reason: 'signed_out' });
    res.status(204).end();
  });

  router.post('/auth/logout-all', async (_req, res) => {
    const { user } = requireAuth(res);
    const keys = await destroyUserSessions(user._id);
    clearSessionCookie(res, ctx.config);
    ctx.bus.publish({ type: 'auth.revoked', sessionKeys: keys, reason: 'signed_out' });
    res.status(204).end();
  });

  // Signed out is an ordinary answer here (200 `{ user: null }`), not an error: every fresh page load asks.
  router.get('/auth/session', async (_req, res) => {
    const auth = optionalAuth(res);
    res.setHeader('Cache-Control', 'no-store');
    res.json(auth ? await presentSession(auth.user, auth.session) : { user: null });
  });

  return router;
}
