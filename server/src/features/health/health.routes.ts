import { Router } from 'express';
import type { HealthBody } from '@polos/shared';
import type { AppDeps } from '../../deps';
import { APP_VERSION } from '../../version';

/** `GET /api/health` — 200 when the database answers a ping within 1 s, else 503 with `ok: false`. */
export function healthRoutes({ db }: AppDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const connected = await db.isHealthy();
    const body: HealthBody = { ok: connected, version: APP_VERSION, db: { kind: db.kind, connected } };
    res.status(connected ? 200 : 503).setHeader('Cache-Control', 'no-store').json(body);
  });
  return router;
}
