import { Router } from 'express';
import { z } from 'zod/mini';
import { objectIdSchema } from '@polos/shared';
import { requireAuth } from '../../contracts/requestAuth';
import { parseInput } from '../../lib/validation';
import { accessWorkspace } from '../workspaces/access';
import { listEndorsementResults } from './endorsements.service';

const workspaceParams = z.strictObject({ workspaceId: objectIdSchema });
const releaseParams = z.strictObject({
  workspaceId: objectIdSchema,
  draftId: objectIdSchema,
  number: z.string().check(z.regex(/^[1-9][0-9]{0,5}$/, 'must be a release number')),
});

/**
 * `GET /api/workspaces/:workspaceId/endorsements/results` (any member): every round with paragraphs, results by
 * region, quorum and answers (`listEndorsementResults`). `GET …/drafts/:draftId/releases/:number/endorsements`:
 * the closed rounds whose results attach to that release of the draft.
 */
export function endorsementsRoutes(): Router {
  const router = Router();

  router.get('/workspaces/:workspaceId/endorsements/results', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'read');
    res.json({ rounds: await listEndorsementResults(workspace._id) });
  });

  router.get('/workspaces/:workspaceId/drafts/:draftId/releases/:number/endorsements', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId, draftId, number } = parseInput(releaseParams, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'read');
    const rounds = await listEndorsementResults(workspace._id);
    res.json({
      rounds: rounds.filter((r) => r.draftId === draftId && r.release?.number === Number(number)),
    });
  });

  return router;
}
