import { Router, type Request, type Response } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod/mini';
import {
  draftLockSchema,
  draftPublishSchema,
  draftQuoteSchema,
  draftVersionCreateSchema,
  DEFAULT_WORKSPACE_TIME_ZONE,
  EXPORT_FORMATS,
  type DraftAccessLevel,
  type ExportFormat,
  type Role,
} from '@polos/shared';
import { postPath } from '@polos/shared/editor';
import type { ServerContext } from '../../context';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { recordAudit } from '../audit/audit.service';
import { requireAuth } from '../../contracts/requestAuth';
import { canModerateDrafts, draftAccessFor, workspaceRoleLookup } from './draftAccess';
import { DraftVersion, type DraftDoc } from './draft.model';
import { exportDocument, type ExportFile, type ExportMeta } from './draftExport';
import { EXPORT_MESSAGES, exportLanguageOf, type ExportLanguage } from './exportMessages';
import { passageOf, postToDoc } from './draftQuote';
import { draftRuntime } from './drafts.runtime';
import type { DraftsEvent } from './events';
import {
  appendQuote,
  docFromState,
  ensureWorkspaceDrafts,
  getDraftOrThrow,
  getPublicationOrThrow,
  getVersionOrThrow,
  groupContributors,
  listPublications,
  listVersions,
  presentDraft,
  presentPublication,
  presentVersion,
  publishVersion,
  restoreVersion,
  saveVersion,
  setDraftLocked,
} from './draft.service';
import { Block } from '../blocks/block.model';
import { getPostOrThrow } from '../posts/posts.service';
import { getQuestionOrThrow } from '../questions/questions.service';
import { Workspace } from '../workspaces/workspace.model';
import { draftTitleTexts, withTitleText } from './draftTitle';
import * as Y from 'yjs';

const objectId = z.string().check(z.regex(/^[a-f0-9]{24}$/, 'must be an id'));
const workspaceParams = z.object({ workspaceId: objectId });
const draftParams = z.object({ draftId: objectId });
const versionParams = z.object({ draftId: objectId, versionId: objectId });
const formatSchema = z.enum(EXPORT_FORMATS);
const exportParams = z.object({ draftId: objectId, format: formatSchema });
const versionExportParams = z.object({ draftId: objectId, versionId: objectId, format: formatSchema });
const publicationExportParams = z.object({
  draftId: objectId,
  number: z.string().check(z.regex(/^[1-9][0-9]{0,5}$/, 'must be a release number')),
  format: formatSchema,
});

interface DraftCaller {
  draft: DraftDoc;
  role: Role;
  access: Exclude<DraftAccessLevel, 'none'>;
  user: { _id: Types.ObjectId; name: string };
}

/** Loads the draft and the caller's role in its workspace; non-members get 403 (404 when no such draft). */
async function callerOf(res: Response, draftId: string): Promise<DraftCaller> {
  const { user } = requireAuth(res);
  const draft = await getDraftOrThrow(draftId);
  const role = await workspaceRoleLookup(draft.workspaceId, user._id.toHexString());
  const access = draftAccessFor(role, draft);
  if (role === null || access === 'none') throw forbidden('You are not a member of this workspace');
  return { draft, role, access, user };
}

/**
 * Sends an export. `inline` (the HTML "View" link, `?disposition=inline`) shows it in the tab instead of
 * downloading it, under a CSP that allows nothing but the document's own inline style (no script, no requests
 * except links the reader follows). The name goes as an ASCII `filename=` and a UTF-8 `filename*=` (RFC 6266).
 */
function sendFile(res: Response, file: ExportFile, inline = false): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader(
    'Content-Disposition',
    `${inline ? 'inline' : 'attachment'}; filename="${file.fileName}"; filename*=UTF-8''${encodeRfc8187(file.displayName)}`,
  );
  if (inline)
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(file.body);
}

/** RFC 8187 `value-chars`: percent-encoded UTF-8, also the characters encodeURIComponent leaves (`'()*!`). */
const encodeRfc8187 = (value: string) =>
  encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `?disposition=inline` asks to show an HTML export in the browser (the version's "View" link). */
const wantsInline = (req: Request, format: ExportFormat) =>
  format === 'html' && req.query.disposition === 'inline';

/**
 * Public origin of links in exports: the first PUBLIC_ORIGIN, else the origin the request came to (the server's
 * own URL, as for browsers).
 */
function publicOrigin(ctx: ServerContext, req: Request): string {
  return ctx.config.publicOrigins[0] ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Absolute URL of a quoted post: the app's post route (live thread or archive, scrolled to the post). */
function postUrlFor(origin: string, workspaceId: Types.ObjectId): ExportMeta['postUrl'] {
  return (source) => {
    try {
      return new URL(postPath(workspaceId.toHexString(), source.questionId, source.postId), origin).href;
    } catch {
      return null;
    }
  };
}

async function metaFor(
  draft: DraftDoc,
  releaseNumber: number | null,
  date: Date,
  origin: string,
  language: ExportLanguage,
  contributors?: ExportMeta['contributors'],
): Promise<ExportMeta> {
  const [workspace, block] = await Promise.all([
    Workspace.findById(draft.workspaceId).lean().exec(),
    draft.blockId ? Block.findById(draft.blockId).lean().exec() : Promise.resolve(null),
  ]);
  const blockTitle = block ? (block.title[language] ?? block.title.en) : null;
  // The title in the requester's language: the block's (or the workspace's) title and "conclusions".
  const title = `${blockTitle ?? workspace?.title ?? draft.title} — ${EXPORT_MESSAGES[language].conclusions}`;
  return {
    title: workspace || block ? title : draft.title,
    language,
    workspaceTitle: workspace?.title ?? '',
    blockTitle,
    releaseNumber,
    date,
    contributors: contributors ?? (await groupContributors(draft.contributorIds)),
    timeZone: workspace?.timeZone ?? DEFAULT_WORKSPACE_TIME_ZONE,
    postUrl: postUrlFor(origin, draft.workspaceId),
  };
}

/**
 * `/api/workspaces/:id/drafts`, `/api/drafts/:id…`: the drafts of a workspace, lock, versions (save, list,
 * view, restore), releases (publish, list) and server-side exports (Markdown, HTML, DOCX, PDF).
 */
export function draftsRoutes(ctx: ServerContext): Router {
  const router = Router();
  // Routes publish domain events; the broadcaster delivers them (after the change is stored).
  const publish = (event: DraftsEvent): void => ctx.bus.publish(event);

  router.get('/workspaces/:workspaceId/drafts', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const role = await workspaceRoleLookup(new Types.ObjectId(workspaceId), user._id.toHexString());
    if (role === null) {
      if (!(await Workspace.exists({ _id: workspaceId }))) throw notFound('Workspace');
      throw forbidden('You are not a member of this workspace');
    }
    const drafts = await ensureWorkspaceDrafts(new Types.ObjectId(workspaceId));
    const titles = await draftTitleTexts(drafts);
    res.json({
      drafts: drafts.map((d) => {
        const titleText = titles.get(d._id.toHexString());
        return { ...presentDraft(d), ...(titleText ? { titleText } : {}), access: draftAccessFor(role, d) };
      }),
      canModerate: canModerateDrafts(role),
    });
  });

  router.get('/workspaces/:workspaceId/publications', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const role = await workspaceRoleLookup(new Types.ObjectId(workspaceId), user._id.toHexString());
    if (role === null) throw forbidden('You are not a member of this workspace');
    const list = await listPublications({ workspaceId: new Types.ObjectId(workspaceId) });
    res.json(list.map(presentPublication));
  });

  router.get('/drafts/:draftId', async (req, res) => {
    const { draftId } = parseInput(draftParams, req.params);
    const { draft, access, role } = await callerOf(res, draftId);
    res.json({
      draft: await withTitleText(draft, presentDraft(draft)),
      access,
      canModerate: canModerateDrafts(role),
    });
  });

  router.post('/drafts/:draftId/lock', async (req, res) => {
    const { draftId } = parseInput(draftParams, req.params);
    const { locked } = parseInput(draftLockSchema, req.body);
    const { draft, role, user } = await callerOf(res, draftId);
    if (!canModerateDrafts(role)) throw forbidden('Only moderators can lock drafts');
    const updated = await setDraftLocked(draftId, locked);
    await recordAudit(
      draft.workspaceId,
      { userId: user._id, name: user.name },
      locked ? 'draft.lock' : 'draft.unlock',
      {
        type: 'draft',
        id: draft._id,
      },
    );
    const dto = await withTitleText(updated, presentDraft(updated));
    draftRuntime(ctx).lockChanged(dto);
    res.json(dto);
  });

  router.get('/drafts/:draftId/versions', async (req, res) => {
    const { draftId } = parseInput(draftParams, req.params);
    const { draft } = await callerOf(res, draftId);
    res.json((await listVersions(draft._id)).map(presentVersion));
  });

  router.post('/drafts/:draftId/versions', async (req, res) => {
    const { draftId } = parseInput(draftParams, req.params);
    const { name } = parseInput(draftVersionCreateSchema, req.body);
    const { access, role, user } = await callerOf(res, draftId);
    // Editors save versions; moderators also on a locked draft (to freeze it before publishing).
    if (access !== 'edit' && !canModerateDrafts(role)) throw forbidden('Only editors can save versions');
    const { hub } = draftRuntime(ctx);
    const room = await hub.room(draftId);
    const version = presentVersion(
      await saveVersion(hub, room, name, { userId: user._id.toHexString(), name: user.name }),
    );
    publish({ type: 'draft.versionSaved', draftId, version });
    res.status(201).json(version);
  });

  router.post('/drafts/:draftId/versions/:versionId/restore', async (req, res) => {
    const { draftId, versionId } = parseInput(versionParams, req.params);
    const { draft, access, user } = await callerOf(res, draftId);
    if (access !== 'edit') throw forbidden('This draft is read-only for you');
    const version = await getVersionOrThrow(draft._id, versionId);
    const { hub } = draftRuntime(ctx);
    await restoreVersion(hub, await hub.room(draftId), version, user._id.toHexString());
    res.json({ restored: presentVersion(version) });
  });

  router.get('/drafts/:draftId/versions/:versionId/export/:format', async (req, res) => {
    const { draftId, versionId, format } = parseInput(versionExportParams, req.params);
    const { draft } = await callerOf(res, draftId);
    const version = await getVersionOrThrow(draft._id, versionId);
    const doc = docFromState(version.state);
    try {
      const meta = await metaFor(
        draft,
        null,
        version.createdAt,
        publicOrigin(ctx, req),
        exportLanguageOf(req),
      );
      // "Version N — name, saved <date>": N counts the draft's versions up to this one (ids grow with time;
      // the filter is compared here, as query operators from code are sanitised like input).
      const ids = await DraftVersion.find({ draftId: draft._id }, { _id: 1 }).lean().exec();
      meta.version = {
        number: ids.filter(({ _id }) => _id.toHexString() <= version._id.toHexString()).length,
        name: version.name,
      };
      sendFile(
        res,
        await exportDocument(doc, meta, format, draftRuntime(ctx).hub.provenance),
        wantsInline(req, format),
      );
    } finally {
      doc.destroy();
    }
  });

  router.get('/drafts/:draftId/export/:format', async (req, res) => {
    const { draftId, format } = parseInput(exportParams, req.params);
    const { draft } = await callerOf(res, draftId);
    const { hub } = draftRuntime(ctx);
    await hub.writer.flushed();
    const room = await hub.room(draftId);
    const doc = new Y.Doc();
    Y.applyUpdateV2(doc, Y.encodeStateAsUpdateV2(room.doc));
    try {
      const meta = await metaFor(draft, null, new Date(), publicOrigin(ctx, req), exportLanguageOf(req));
      sendFile(res, await exportDocument(doc, meta, format, hub.provenance), wantsInline(req, format));
    } finally {
      doc.destroy();
    }
  });

  // From thread to conclusions: quote a post (or a passage of it) into the draft, linked to its source.
  router.post('/drafts/:draftId/quotes', async (req, res) => {
    const { draftId } = parseInput(draftParams, req.params);
    const body = parseInput(draftQuoteSchema, req.body);
    const { draft, access, user } = await callerOf(res, draftId);
    if (access !== 'edit') throw forbidden('This draft is read-only for you');
    const post = await getPostOrThrow(body.postId);
    if (!post.workspaceId.equals(draft.workspaceId) || post.deleted || post.hidden) throw notFound('Post');
    const question = await getQuestionOrThrow(post.questionId);
    if (draft.blockId && !question.blockId.equals(draft.blockId))
      throw forbidden('The post belongs to another block');
    // The post as the reader saw it (its Markdown rendered), and the selected passage found in that text.
    const rendered = postToDoc(post.body);
    const quoted = body.passage ? passageOf(rendered, body.passage) : rendered;
    // Its own code, so the reader learns why (the selection is not text this post shows), not "check the input".
    if (!quoted)
      throw new AppError('passage_not_in_post', 'The selected passage is not part of what the post shows', {
        status: 400,
      });
    const { hub } = draftRuntime(ctx);
    await appendQuote(
      hub,
      await hub.room(draftId),
      quoted,
      { postId: post._id.toHexString(), questionId: question._id.toHexString(), authorName: post.authorName },
      user._id.toHexString(),
    );
    res
      .status(201)
      .json({ quoted: { postId: post._id.toHexString(), questionId: question._id.toHexString() } });
  });

  router.get('/drafts/:draftId/publications', async (req, res) => {
    const { draftId } = parseInput(draftParams, req.params);
    const { draft } = await callerOf(res, draftId);
    res.json((await listPublications({ draftId: draft._id })).map(presentPublication));
  });

  router.post('/drafts/:draftId/publications', async (req, res) => {
    const { draftId } = parseInput(draftParams, req.params);
    const body = parseInput(draftPublishSchema, req.body);
    const { draft, role, user } = await callerOf(res, draftId);
    if (!canModerateDrafts(role)) throw forbidden('Only moderators can publish conclusions');
    const version = await getVersionOrThrow(draft._id, body.versionId);
    const publication = presentPublication(
      await publishVersion(draft, version, body.title, { userId: user._id.toHexString(), name: user.name }),
    );
    await recordAudit(
      draft.workspaceId,
      { userId: user._id, name: user.name },
      'draft.publish',
      { type: 'draft', id: draft._id },
      {
        number: publication.number,
        versionId: publication.versionId,
      },
    );
    publish({ type: 'draft.published', draftId, publication });
    res.status(201).json(publication);
  });

  router.get('/drafts/:draftId/publications/:number/export/:format', async (req, res) => {
    const params = parseInput(publicationExportParams, req.params);
    const { draft } = await callerOf(res, params.draftId);
    const publication = await getPublicationOrThrow(draft._id, Number(params.number));
    const doc = docFromState(publication.state);
    try {
      const meta: ExportMeta = {
        title: publication.title,
        workspaceTitle: publication.workspaceTitle,
        blockTitle: publication.blockTitle,
        releaseNumber: publication.number,
        date: publication.publishedAt,
        contributors: publication.contributors,
        // The zone it was published in (older releases: the workspace's now).
        timeZone:
          publication.timeZone ??
          (await Workspace.findById(draft.workspaceId, { timeZone: 1 }).lean().exec())?.timeZone ??
          DEFAULT_WORKSPACE_TIME_ZONE,
        postUrl: postUrlFor(publicOrigin(ctx, req), draft.workspaceId),
        language: exportLanguageOf(req),
      };
      sendFile(
        res,
        await exportDocument(doc, meta, params.format, draftRuntime(ctx).hub.provenance),
        wantsInline(req, params.format),
      );
    } finally {
      doc.destroy();
    }
  });

  return router;
}
