import { Router } from 'express';
import { searchQuerySchema, workspaceParamsSchema } from '@polos/shared';
import { requireAuth } from '../../contracts/requestAuth';
import { parseInput } from '../../lib/validation';
import { accessWorkspace } from '../workspaces/access';
import type { SearchIndexer } from './search.indexer';
import { search } from './search.service';

/** `GET /api/workspaces/:workspaceId/search?q=…` (members of the workspace; filters in docs/API.md). */
export function searchRoutes(indexer: SearchIndexer): Router {
  const router = Router();
  router.get('/workspaces/:workspaceId/search', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const query = parseInput(searchQuerySchema, req.query);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(await search(indexer, workspace._id, role, query, user.locale));
  });
  return router;
}
