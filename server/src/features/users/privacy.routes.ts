import { Router } from 'express';
import { deleteAccountBodySchema } from '@polos/shared';
import type { ServerContext } from '../../context';
import { parseInput } from '../../lib/validation';
import { requireAuth } from '../auth/auth.middleware';
import { clearSessionCookie } from '../auth/cookies';
import { deleteAccount, exportUserData } from './users.privacy';

/**
 * `GET /api/users/me/export` — everything stored about the signed-in user, as a JSON download.
 * `DELETE /api/users/me` — deletes the account (body `{ password }`): 204 and the session cookie cleared; 403
 * `wrong_password`; 409 `last_admin`. Every session of the user ends and its sockets are disconnected.
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
    const { sessionKeys } = await deleteAccount(user, password);
    clearSessionCookie(res, ctx.config);
    // After the deletion is durable: every socket of every session of the user is told and disconnected.
    ctx.bus.publish({ type: 'auth.revoked', sessionKeys, reason: 'removed' });
    ctx.logger.info({ userId: user._id.toHexString() }, 'account deleted');
    res.status(204).end();
  });
  return router;
}
