import { Router } from 'express';
import { deleteAccountBodySchema } from '@polos/shared';
import type { ServerContext } from '../../context';
import { parseInput } from '../../lib/validation';
import { requireAuth } from '../../contracts/requestAuth';
import { clearSessionCookie } from '../auth/cookies';
import { loginLimiterFor } from '../auth/loginLimiter';
import { toAppError } from '../../lib/errors';
import { deleteAccount, exportUserData } from './privacy.service';

/**
 * `GET /api/users/me/export` — everything stored about the signed-in user, as a JSON download.
 * `DELETE /api/users/me` — deletes the account (body `{ password }`): 204 and the session cookie cleared; 403
 * `wrong_password`; 409 `last_admin`; 429 past the sign-in limiter (wrong passwords count as failed sign-ins). Every session of the user ends and its sockets are disconnected.
 */
export function privacyRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/users/me/export', async (_req, res) => {
    const { user } = requireAuth(res);
    const data = await exportUserData(user);
    const day = data.exportedAt.slice(0, 10);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="polos-my-data-${day}.json"`);
    res.type('application/json').send(JSON.stringify(data, null, 2));
  });
  router.delete('/users/me', async (req, res) => {
    const { user } = requireAuth(res);
    const { password } = parseInput(deleteAccountBodySchema, req.body);
    // The password check counts as a sign-in attempt (same limiter, per address and per account, 429 past it):
    // a stolen session cookie must not turn this route into a way to guess the password.
    const attempt = await loginLimiterFor(ctx).begin(req.socket.remoteAddress ?? 'unknown', user.email);
    let sessionKeys: string[];
    try {
      ({ sessionKeys } = await deleteAccount(user, password));
    } catch (error) {
      if (toAppError(error).code !== 'wrong_password') await attempt.succeeded();
      throw error;
    }
    await attempt.succeeded();
    clearSessionCookie(res, ctx.config);
    // After the deletion is durable: every socket of every session of the user is told and disconnected.
    ctx.bus.publish({ type: 'auth.revoked', sessionKeys, reason: 'removed' });
    ctx.logger.info({ userId: user._id.toHexString() }, 'account deleted');
    res.status(204).end();
  });
  return router;
}
