import { Router } from 'express';
import type { Types } from 'mongoose';
import { z } from 'zod/mini';
import { can, networkQuerySchema, objectIdSchema } from '@polos/shared';
import { requireAuth } from '../../contracts/requestAuth';
import { parseInput } from '../../lib/validation';
import { accessWorkspace } from '../workspaces/access';
import {
  buildNetwork,
  networkInterests,
  networkNodes,
  type MeetingEdge,
  type NetworkViewer,
} from './network.service';

const params = z.strictObject({ workspaceId: objectIdSchema });

/**
 * `GET /api/workspaces/:workspaceId/network` (docs/API.md, "Network"): members only (`read`; non-members 403,
 * unknown workspace 404). Everyone sees the districts, matches, meetings and agreements; one-sided interests are
 * seen by moderators and admins (all), by representatives (those of their own districts), and by nobody else —
 * observers read the network of mutual relations only (the rule of matching: an interest is private to its two
 * sides and the moderators until it is returned).
 */
export function networkRoutes(
  listMeetingEdges: (workspaceId: Types.ObjectId) => Promise<MeetingEdge[]>,
): Router {
  const router = Router();

  router.get('/workspaces/:workspaceId/network', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(params, req.params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
    const query = parseInput(networkQuerySchema, req.query);
    const [{ nodes, represented }, interests, meetings] = await Promise.all([
      networkNodes(workspace._id, user._id),
      networkInterests(workspace._id),
      listMeetingEdges(workspace._id),
    ]);
    // Observers do not act for a district (matching.policy `representsDistrict`), so none is "theirs".
    const mine = can(role, 'participate') ? represented : new Set<string>();
    const viewer: NetworkViewer = {
      interests: can(role, 'moderate') ? 'all' : mine.size > 0 ? 'own' : 'none',
      myDistrictIds: mine,
    };
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(buildNetwork(workspace._id.toHexString(), nodes, interests, meetings, viewer, query));
  });

  return router;
}
