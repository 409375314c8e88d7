import { Router } from 'express';
import type { AppDeps } from '../../deps';
import { requireAuth } from '../../contracts/requestAuth';
import { presentDistrict } from './districts.presenter';
import { listDistricts } from './districts.service';

/** `GET /api/districts` (signed in). */
export function districtsRoutes(_deps: AppDeps): Router {
  const router = Router();
  router.get('/districts', async (_req, res) => {
    requireAuth(res);
    res.json((await listDistricts()).map(presentDistrict));
  });
  return router;
}
