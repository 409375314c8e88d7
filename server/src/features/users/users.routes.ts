import { Router } from 'express';
import { updateMeBodySchema } from '@polos/shared';
import type { ServerContext } from '../../context';
import { parseInput } from '../../lib/validation';
import { requireAuth } from '../../contracts/requestAuth';
import { findDistrict } from '../districts/districts.service';
import { presentMe } from './users.presenter';
import { updateMe } from './users.service';

/** `GET/PATCH /api/users/me`. */
export function usersRoutes(_ctx: ServerContext): Router {
  const router = Router();
  router.get('/users/me', async (_req, res) => {
    const { user } = requireAuth(res);
    res.json(presentMe(user, await findDistrict(user.districtId)));
  });
  router.patch('/users/me', async (req, res) => {
    const { user } = requireAuth(res);
    const body = parseInput(updateMeBodySchema, req.body);
    const updated = await updateMe(user._id, body);
    res.json(presentMe(updated, await findDistrict(updated.districtId)));
  });
  return router;
}
