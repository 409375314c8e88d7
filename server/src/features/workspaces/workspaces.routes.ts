import { Router } from 'express';
import {
  memberParamsSchema,
  updateMemberBodySchema,
  workspaceParamsSchema,
  type MemberDto,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { notFound } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { recordAudit } from '../audit/audit.service';
import { requireAuth } from '../../contracts/requestAuth';
import { markUserSessionsForRotation } from '../sessions/sessions.service';
import { presentUserSummary } from '../users/users.presenter';
import { loadUsersWithDistricts } from '../users/users.service';
import { accessWorkspace } from './access';
import { presentWorkspaceSummaries } from './workspaceTexts';
import { removeMember, setMemberRole, toObjectId, workspacesOf } from './workspaces.service';

/** `/api/workspaces…`: mine, detail, members, role changes and removal (admin). */
export function workspacesRoutes(ctx: ServerContext): Router {
  const router = Router();

  router.get('/workspaces', async (_req, res) => {
    const { user } = requireAuth(res);
    const list = await workspacesOf(user._id);
    res.json(presentWorkspaceSummaries(list, user._id));
  });

  router.get('/workspaces/:workspaceId/members', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'read');
    const users = await loadUsersWithDistricts(workspace.members.map((m) => m.userId));
    res.json(
      workspace.members.flatMap((m): MemberDto[] => {
        const found = users.get(m.userId.toHexString());
        return found ? [{ user: presentUserSummary(found.user, found.district), role: m.role }] : [];
      }),
    );
  });

  router.patch('/workspaces/:workspaceId/members/:userId', async (req, res) => {
    const { user } = requireAuth(res);
    const params = parseInput(memberParamsSchema, req.params);
    const { role } = parseInput(updateMemberBodySchema, req.body);
    const { workspace } = await accessWorkspace(params.workspaceId, user._id, 'administer');
    const memberId = toObjectId(params.userId);
    // One atomic update of that member's entry; refuses to leave the workspace without an admin (409).
    const { previous } = await setMemberRole(workspace._id, memberId, role);
    await recordAudit(
      workspace._id,
      { userId: user._id, name: user.name },
      'member.role',
      { type: 'user', id: memberId },
      {
        from: previous,
        to: role,
      },
    );
    if (previous !== role) {
      // Role change: the member's sessions get a new id on their next request; their sockets reconnect.
      await markUserSessionsForRotation(memberId);
      ctx.bus.publish({
        type: 'member.changed',
        workspaceId: params.workspaceId,
        userId: params.userId,
        role,
      });
    }
    const found = (await loadUsersWithDistricts([memberId])).get(params.userId);
    if (!found) throw notFound('Member');
    const body: MemberDto = { user: presentUserSummary(found.user, found.district), role };
    res.json(body);
  });

  router.delete('/workspaces/:workspaceId/members/:userId', async (req, res) => {
    const { user } = requireAuth(res);
    const params = parseInput(memberParamsSchema, req.params);
    const { workspace } = await accessWorkspace(params.workspaceId, user._id, 'administer');
    const memberId = toObjectId(params.userId);
    // One atomic `$pull`; refuses to remove the last admin (409).
    const { previous } = await removeMember(workspace._id, memberId);
    await recordAudit(
      workspace._id,
      { userId: user._id, name: user.name },
      'member.remove',
      { type: 'user', id: memberId },
      { role: previous },
    );
    // The removed member's sessions get a new id; their sockets reconnect and find no membership.
    await markUserSessionsForRotation(memberId);
    ctx.bus.publish({
      type: 'member.changed',
      workspaceId: params.workspaceId,
      userId: params.userId,
      role: null,
    });
    res.status(204).end();
  });

  return router;
}
