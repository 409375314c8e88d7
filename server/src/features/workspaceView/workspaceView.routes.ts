import { Router } from 'express';
import { workspaceParamsSchema } from '@polos/shared';
import { requireAuth } from '../../contracts/requestAuth';
import { parseInput } from '../../lib/validation';
import { accessWorkspace } from '../workspaces/access';
import { loadWorkspaceDetail } from './workspaceView.detail';

/** `GET /api/workspaces/:workspaceId` — the workspace with its blocks, questions and live state (members). */
export function workspaceViewRoutes(): Router {
  const router = Router();
  router.get('/workspaces/:workspaceId', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
    res.json(await loadWorkspaceDetail(workspace, role));
  });
  return router;
}
