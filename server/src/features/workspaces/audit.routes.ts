import { Router } from 'express';
import { auditQuerySchema, workspaceParamsSchema } from '@polos/shared';
import type { ServerContext } from '../../context';
import { parseInput } from '../../lib/validation';
import { requireAuth } from '../../contracts/requestAuth';
import { listAudit, presentAudit } from '../audit/audit.service';
import { accessWorkspace } from './access';

/**
 * `GET /api/workspaces/:workspaceId/audit` — moderators and admins. Served by `workspaces` (it owns the access
 * rule); `audit` sits below every feature that records entries.
 */
export function auditRoutes(_ctx: ServerContext): Router {
  const router = Router();
  router.get('/workspaces/:workspaceId/audit', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const query = parseInput(auditQuerySchema, req.query);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'moderate');
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    res.json((await listAudit(workspace._id, query.before, limit)).map(presentAudit));
  });
  return router;
}
