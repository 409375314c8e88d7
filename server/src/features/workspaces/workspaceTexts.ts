import { Router } from 'express';
import type { Types } from 'mongoose';
import {
  updateWorkspaceTextsBodySchema,
  workspaceParamsSchema,
  type LocalizedText,
  type UpdateWorkspaceTextsBody,
  type WorkspaceSummaryDto,
  type WorkspaceTextsFactDto,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { requireAuth } from '../../contracts/requestAuth';
import { notFound } from '../../lib/errors';
import { localizedTextUpdate, presentLocalizedText } from '../../lib/localizedText';
import { parseInput } from '../../lib/validation';
import { recordAudit } from '../audit/audit.service';
import { accessWorkspace } from './access';
import type { WorkspacesEvent } from './events';
import { Workspace, type WorkspaceDoc } from './workspace.model';
import { roleIn } from './workspaces.service';

/**
 * One text of a workspace per UI language: the stored translations over the original string. The original (the
 * plain `title` / `description`) is English — workspaces are created with an English title and an English edit
 * rewrites it — so it stands only for `en`. A language without its own version, Spanish included, is presented
 * blank (`es: ''`, pt/fr absent): the client then shows English marked "EN" (`resolveLocalized` treats blank as
 * missing), like block titles. Before, an untranslated Spanish was filled with the English string and shown in
 * the Spanish UI as if it were Spanish (QA m1).
 */
function textOf(original: string, translations: Partial<LocalizedText> | undefined): LocalizedText {
  return presentLocalizedText({
    ...translations,
    en: translations?.en ?? original,
    es: translations?.es ?? '',
  });
}

/** A workspace's title and description per language, for `WorkspaceSummaryDto.titleText` / `descriptionText`. */
export function workspaceTexts(
  ws: Pick<WorkspaceDoc, 'title' | 'description' | 'texts'>,
): Pick<Required<WorkspaceSummaryDto>, 'titleText' | 'descriptionText'> {
  return {
    titleText: textOf(ws.title, ws.texts?.title),
    descriptionText: textOf(ws.description, ws.texts?.description),
  };
}

/**
 * The summaries of `workspaces` as `userId` sees them (`WorkspaceSummaryDto[]`: id, plain title and description,
 * the user's role, texts per language); a workspace the user has no role in is left out. Used by the session
 * (`GET /auth/session`) and `GET /workspaces`, so both list the same thing.
 */
export function presentWorkspaceSummaries(
  workspaces: readonly WorkspaceDoc[],
  userId: Types.ObjectId,
): WorkspaceSummaryDto[] {
  return workspaces.flatMap((ws): WorkspaceSummaryDto[] => {
    const role = roleIn(ws, userId);
    return role
      ? [
          {
            id: ws._id.toHexString(),
            title: ws.title,
            description: ws.description,
            role,
            ...workspaceTexts(ws),
          },
        ]
      : [];
  });
}

/**
 * A workspace's title as one plain string in `language` (ICS calendar names, file titles): that language, else
 * English, else Spanish — the fallback rule of the client's `<Localized>`, without its marker.
 */
export function workspaceTitleIn(
  ws: Pick<WorkspaceDoc, 'title' | 'description' | 'texts'>,
  language: keyof LocalizedText,
): string {
  const text = workspaceTexts(ws).titleText;
  return text[language]?.trim() || text.en.trim() || text.es.trim() || ws.title;
}

/**
 * Applies translation edits to workspace `id` in one atomic update of the edited languages' paths only
 * (`texts.title.pt`…; concurrent edits of different languages never overwrite each other). An English edit also
 * sets the plain `title` / `description` strings, which older readers (ICS, invites, bundle) keep using.
 * Returns the updated workspace; `not_found` when it is gone.
 */
export async function setWorkspaceTexts(
  id: Types.ObjectId,
  body: UpdateWorkspaceTextsBody,
): Promise<WorkspaceDoc> {
  const $set: Record<string, string> = {};
  const $unset: Record<string, ''> = {};
  for (const field of ['title', 'description'] as const) {
    const patch = body[field];
    if (!patch) continue;
    const update = localizedTextUpdate(`texts.${field}`, patch);
    Object.assign($set, update.$set);
    Object.assign($unset, update.$unset);
    if (patch.en) $set[field] = patch.en;
  }
  const updated = await Workspace.findOneAndUpdate(
    { _id: id },
    { ...(Object.keys($set).length ? { $set } : {}), ...(Object.keys($unset).length ? { $unset } : {}) },
    { returnDocument: 'after' },
  )
    .lean<WorkspaceDoc>()
    .exec();
  if (!updated) throw notFound('Workspace');
  return updated;
}

/**
 * `PATCH /api/workspaces/:workspaceId/texts` (admins) `{ title?, description? }`, each `{ en?, es?, pt?, fr? }`
 * (pt/fr `''` removes that translation) → the caller's `WorkspaceSummaryDto` with `titleText` / `descriptionText`.
 * Audited as `workspace.texts` with the languages changed; once stored, the `workspace:texts` fact goes to the
 * workspace room.
 */
export function workspaceTextsRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.patch('/workspaces/:workspaceId/texts', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParamsSchema, req.params);
    const body = parseInput(updateWorkspaceTextsBodySchema, req.body);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'administer');
    const updated = await setWorkspaceTexts(workspace._id, body);
    await recordAudit(
      workspace._id,
      { userId: user._id, name: user.name },
      'workspace.texts',
      { type: 'workspace', id: workspace._id },
      { title: Object.keys(body.title ?? {}), description: Object.keys(body.description ?? {}) },
    );
    const fact: WorkspaceTextsFactDto = {
      id: updated._id.toHexString(),
      title: updated.title,
      description: updated.description,
      ...workspaceTexts(updated),
    };
    const event: WorkspacesEvent = { type: 'workspace.texts', workspaceId: fact.id, fact };
    ctx.bus.publish(event);
    const dto: WorkspaceSummaryDto = { ...fact, role };
    res.json(dto);
  });
  return router;
}
