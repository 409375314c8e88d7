import { Router } from 'express';
import { z } from 'zod/mini';
import { balanceQuerySchema, canSeeBalance, objectIdSchema, type Role } from '@polos/shared';
import { requireAuth } from '../../contracts/requestAuth';
import { forbidden } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { accessWorkspace } from '../workspaces/access';
import type { WorkspaceDoc } from '../workspaces/workspace.model';
import { computeBalance, isLive } from './balance.service';
import { balanceToCsv } from './balance.csv';

const params = z.strictObject({ workspaceId: objectIdSchema });

/**
 * The access rule of the dashboard ({@link canSeeBalance}, shared with the client): moderators and admins always; any
 * other member (observers included) only while no live session is running in the workspace (so the figures never
 * steer a running discussion); otherwise `403`. Non-members are refused earlier by `accessWorkspace` (`403`).
 */
export async function requireSeeBalance(role: Role, workspace: WorkspaceDoc): Promise<void> {
  // Moderators need no look-up of the live session.
  if (canSeeBalance(role, true)) return;
  if (!canSeeBalance(role, await isLive(workspace._id)))
    throw forbidden('The balance dashboard is for moderators while a live session is running');
}

/** `GET /api/workspaces/:workspaceId/balance` (JSON) and `…/balance.csv` (docs/API.md, "Balance dashboard"). */
export function balanceRoutes(): Router {
  const router = Router();
  const load = async (
    req: Parameters<Parameters<Router['get']>[1]>[0],
    res: Parameters<Parameters<Router['get']>[1]>[1],
  ) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(params, req.params);
    const query = parseInput(balanceQuerySchema, req.query);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
    await requireSeeBalance(role, workspace);
    return computeBalance(workspace, query);
  };
  router.get('/workspaces/:workspaceId/balance', async (req, res) => {
    res.json(await load(req, res));
  });
  router.get('/workspaces/:workspaceId/balance.csv', async (req, res) => {
    const dto = await load(req, res);
    res.type('text/csv; charset=utf-8').attachment(`balance-${dto.workspaceId}.csv`).send(balanceToCsv(dto));
  });
  return router;
}
