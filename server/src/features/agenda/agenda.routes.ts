import { Router, type Request, type Response } from 'express';
import type { Types } from 'mongoose';
import { z } from 'zod/mini';
import {
  agendaClocksBodySchema,
  agendaSessionBodySchema,
  agendaSessionParamsSchema,
  agendaSessionPatchSchema,
  workspaceParamsSchema,
  type AgendaDto,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { requireAuth } from '../../contracts/requestAuth';
import { notFound } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { recordAudit } from '../audit/audit.service';
import { accessTo, accessWorkspace } from '../workspaces/access';
import { findWorkspace } from '../workspaces/workspaces.service';
import { workspaceTitleIn } from '../workspaces/workspaceTexts';
import type { AgendaEvent } from './events';
import { agendaCalendar, type IcsLanguage } from './agenda.ics';
import type { AgendaSessionDoc } from './agenda.model';
import { presentAgendaSession } from './agenda.presenter';
import {
  createSession,
  deleteSession,
  getSession,
  listSessions,
  rotateFeedToken,
  setReferenceZones,
  settingsOf,
  updateSession,
  workspaceOfFeedToken,
} from './agenda.service';

const icsLangSchema = z.object({ lang: z.optional(z.enum(['en', 'es', 'pt', 'fr'])) });
const feedParamsSchema = z.object({ token: z.string().check(z.maxLength(100)) });

/** Path of a workspace's feed (the token is the credential; see docs/API.md, "ICS feed"). */
export const feedPathOf = (token: string): string => `/api/agenda/feeds/${token}.ics`;

function originOf(ctx: ServerContext, req: Request): string {
  return ctx.config.publicOrigins[0] ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function sendIcs(res: Response, body: string, fileName: string, cache: 'private' | 'feed'): void {
  res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', cache === 'feed' ? 'private, max-age=300' : 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(body);
}

/**
 * `/api/workspaces/:workspaceId/agenda…` and `/api/agenda/…`: read (members), schedule/edit/delete
 * (moderators and admins), reference clocks and feed-token rotation (admins), ICS per session (cookie) and the
 * workspace feed (token, no cookie).
 */
export function agendaRoutes(ctx: ServerContext): Router {
  const router = Router();
  const publish = (...events: AgendaEvent[]) => ctx.bus.publish(...events);
  const changed = (workspaceId: Types.ObjectId): AgendaEvent => ({
    type: 'agenda.changed',
    workspaceId: workspaceId.toHexString(),
  });

  router.get('/workspaces/:workspaceId/agenda', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'read');
    const [sessions, settings] = await Promise.all([listSessions(workspace._id), settingsOf(workspace._id)]);
    const body: AgendaDto = {
      sessions: sessions.map(presentAgendaSession),
      referenceZones: [settings.referenceZones[0], settings.referenceZones[1]] as [string, string],
      feedPath: feedPathOf(settings.feedToken),
    };
    res.json(body);
  });

  router.post('/workspaces/:workspaceId/agenda/sessions', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const body = parseInput(agendaSessionBodySchema, req.body);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'moderate');
    const { doc, created } = await createSession(workspace._id, body, user._id);
    // A repeated request id (double click, retry): the session it scheduled, nothing written or announced again.
    if (!created) {
      res.status(200).json(presentAgendaSession(doc));
      return;
    }
    await recordAudit(workspace._id, { userId: user._id, name: user.name }, 'agenda.scheduled', {
      type: 'agendaSession',
      id: doc._id,
    });
    publish(changed(workspace._id));
    res.status(201).json(presentAgendaSession(doc));
  });

  router.patch('/agenda/sessions/:sessionId', async (req, res) => {
    const { user } = requireAuth(res);
    const { sessionId } = parseInput(agendaSessionParamsSchema, req.params);
    const patch = parseInput(agendaSessionPatchSchema, req.body);
    const current = await getSession(sessionId);
    await accessTo(current, user._id, 'moderate');
    const doc = await updateSession(current, patch);
    await recordAudit(doc.workspaceId, { userId: user._id, name: user.name }, 'agenda.changed', {
      type: 'agendaSession',
      id: doc._id,
    });
    publish(changed(doc.workspaceId));
    res.json(presentAgendaSession(doc));
  });

  router.delete('/agenda/sessions/:sessionId', async (req, res) => {
    const { user } = requireAuth(res);
    const { sessionId } = parseInput(agendaSessionParamsSchema, req.params);
    const current = await getSession(sessionId);
    await accessTo(current, user._id, 'moderate');
    if (!(await deleteSession(current._id))) {
      res.status(204).end();
      return;
    }
    await recordAudit(current.workspaceId, { userId: user._id, name: user.name }, 'agenda.deleted', {
      type: 'agendaSession',
      id: current._id,
    });
    publish(changed(current.workspaceId));
    res.status(204).end();
  });

  router.put('/workspaces/:workspaceId/agenda/clocks', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const { referenceZones } = parseInput(agendaClocksBodySchema, req.body);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'administer');
    const { previous } = await setReferenceZones(workspace._id, referenceZones);
    // One audit entry per actual change (saving the same two clocks again is not a change).
    if (previous.join('\n') !== referenceZones.join('\n')) {
      await recordAudit(
        workspace._id,
        { userId: user._id, name: user.name },
        'agenda.clocksChanged',
        { type: 'workspace', id: workspace._id },
        { from: previous, to: referenceZones },
      );
      publish(changed(workspace._id));
    }
    res.json({ referenceZones });
  });

  router.post('/workspaces/:workspaceId/agenda/feed-token', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'administer');
    const settings = await rotateFeedToken(workspace._id);
    await recordAudit(workspace._id, { userId: user._id, name: user.name }, 'agenda.feedRevoked', {
      type: 'workspace',
      id: workspace._id,
    });
    publish(changed(workspace._id));
    res.json({ feedPath: feedPathOf(settings.feedToken) });
  });

  const calendarOf = (
    req: Request,
    sessions: readonly AgendaSessionDoc[],
    name: string,
    lang: IcsLanguage,
  ): string =>
    agendaCalendar(sessions, { name, lang, origin: originOf(ctx, req), host: req.get('host') ?? 'polos' });

  router.get('/agenda/sessions/:sessionId.ics', async (req, res) => {
    const { user } = requireAuth(res);
    const { sessionId } = parseInput(agendaSessionParamsSchema, req.params);
    const { lang } = parseInput(icsLangSchema, req.query);
    const session = await getSession(sessionId);
    await accessTo(session, user._id, 'read');
    const workspace = await findWorkspace(session.workspaceId);
    const language = lang ?? user.locale;
    sendIcs(
      res,
      calendarOf(req, [session], workspace ? workspaceTitleIn(workspace, language) : 'Polos', language),
      `session-${sessionId}.ics`,
      'private',
    );
  });

  router.get('/agenda/feeds/:token.ics', async (req, res) => {
    const { token } = parseInput(feedParamsSchema, req.params);
    const { lang } = parseInput(icsLangSchema, req.query);
    const workspaceId = await workspaceOfFeedToken(token);
    const workspace = workspaceId ? await findWorkspace(workspaceId) : null;
    // Unknown and revoked tokens look the same (no hint which workspaces exist).
    if (!workspace) throw notFound('Feed');
    const sessions = await listSessions(workspace._id);
    const language = lang ?? 'en';
    // The calendar's name follows `?lang` like its texts (issue 13: translated workspace titles).
    sendIcs(
      res,
      calendarOf(req, sessions, workspaceTitleIn(workspace, language), language),
      'agenda.ics',
      'feed',
    );
  });

  return router;
}
