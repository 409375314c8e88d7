import { Router } from 'express';
import {
  acceptInviteBodySchema,
  createInviteBodySchema,
  inviteParamsSchema,
  workspaceInviteParamsSchema,
  workspaceParamsSchema,
  type CreatedInviteDto,
  type InviteDto,
  type InvitePreviewDto,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { notFound } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { optionalAuth, requireAuth } from '../../contracts/requestAuth';
import { loginLimiterFor } from '../auth/loginLimiter';
import { presentSession } from '../auth/auth.presenter';
import { setSessionCookie } from '../auth/cookies';
import { createSession, destroySession } from '../sessions/sessions.service';
import { authorize } from '../workspaces/workspaces.policy';
import { findWorkspace, membershipOf, toObjectId } from '../workspaces/workspaces.service';
import { workspaceTexts } from '../workspaces/workspaceTexts';
import {
  acceptInvite,
  createInvite,
  findUsableInvite,
  pendingInvites,
  presentInvite,
  revokeInvite,
} from './invites.service';

/** Invite links: preview, accept (sign-up, sign-in or join), create, list pending and revoke (admin). */
export function invitesRoutes(ctx: ServerContext): Router {
  const router = Router();

  router.get('/invites/:token', async (req, res) => {
    const { token } = parseInput(inviteParamsSchema, req.params);
    const invite = await findUsableInvite(token);
    const ws = await findWorkspace(invite.workspaceId);
    if (!ws) throw notFound('Invite');
    const body: InvitePreviewDto = {
      workspace: { id: ws._id.toHexString(), title: ws.title, titleText: workspaceTexts(ws).titleText },
      role: invite.role,
      expiresAt: invite.expiresAt.toISOString(),
    };
    res.json(body);
  });

  router.post('/invites/:token/accept', async (req, res) => {
    const { token } = parseInput(inviteParamsSchema, req.params);
    const body = parseInput(acceptInviteBodySchema, req.body ?? {});
    const current = optionalAuth(res);
    const { user } = await acceptInvite(token, body, current?.user, {
      limiter: loginLimiterFor(ctx),
      address: req.socket.remoteAddress ?? 'unknown',
    });
    // New session id on sign-up and on the role change that joining is.
    if (current) {
      await destroySession(current.session._id);
      ctx.bus.publish({ type: 'auth.revoked', sessionKeys: [current.session._id], reason: 'role_changed' });
    }
    const { sessionId, session } = await createSession(user._id, ctx.config.sessionSecret);
    setSessionCookie(res, sessionId, ctx.config);
    res.status(201).json(await presentSession(user, session));
  });

  router.post('/workspaces/:workspaceId/invites', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const body = parseInput(createInviteBodySchema, req.body);
    const { role } = await membershipOf(workspaceId, user._id);
    authorize(role, 'administer');
    const { invite, token } = await createInvite(
      toObjectId(workspaceId),
      { userId: user._id, name: user.name },
      body,
    );
    const created: CreatedInviteDto = { ...presentInvite(invite), token, path: `/join/${token}` };
    res.status(201).json(created);
  });

  router.get('/workspaces/:workspaceId/invites', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const { role } = await membershipOf(workspaceId, user._id);
    authorize(role, 'administer');
    const body: InviteDto[] = (await pendingInvites(toObjectId(workspaceId))).map(presentInvite);
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.delete('/workspaces/:workspaceId/invites/:inviteId', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId, inviteId } = parseInput(workspaceInviteParamsSchema, req.params);
    const { role } = await membershipOf(workspaceId, user._id);
    authorize(role, 'administer');
    await revokeInvite(toObjectId(workspaceId), inviteId, { userId: user._id, name: user.name });
    res.status(204).end();
  });

  return router;
}
