import { Router, type Request, type Response } from 'express';
import { z } from 'zod/mini';
import {
  bundleQuerySchema,
  objectIdSchema,
  publicPageSchema,
  type BundleLanguage,
  type PublicPageStateDto,
  type PublicWorkspaceDto,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { requireAuth } from '../../contracts/requestAuth';
import { notFound, unavailable } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { ProvenanceSigner } from '../drafts/draftDocument';
import { accessWorkspace } from '../workspaces/access';
import { findWorkspace, setPublicPage } from '../workspaces/workspaces.service';
import type { WorkspaceDoc } from '../workspaces/workspace.model';
import { writeBundle } from './bundle.service';
import { publicSummary } from './publicPage.service';

const params = z.strictObject({ workspaceId: objectIdSchema });

/** Bundles built at once by this process (each is CPU-bound: PDF layout, compression); more get `503`. */
const MAX_CONCURRENT_BUILDS = 2;

const publicPath = (workspaceId: string) => `/public/${workspaceId}`;
const stateOf = (workspace: WorkspaceDoc): PublicPageStateDto => ({
  workspaceId: workspace._id.toHexString(),
  public: workspace.publicPage === true,
  path: publicPath(workspace._id.toHexString()),
});

/**
 * Routes of the publication feature (docs/API.md, "Publication"):
 * - `GET /api/workspaces/:workspaceId/bundle.zip?lang=` — moderators and admins: the year's bundle, streamed.
 * - `GET|PUT /api/workspaces/:workspaceId/public-page` — read (members) / set (admins) the public year page.
 * - `GET /api/public/workspaces/:workspaceId` and `…/bundle.zip` — without an account, only while the page is
 *   public (otherwise `404`, the same answer as for no such workspace).
 */
export function publicationRoutes(ctx: ServerContext): Router {
  const router = Router();
  const signer = new ProvenanceSigner(ctx.config.sessionSecret);
  const origin = ctx.config.publicOrigins[0] ?? null;
  let building = 0;

  /** Streams the bundle: headers first, then each file's compressed bytes as it is added (back-pressure kept). */
  const sendBundle = async (res: Response, workspace: WorkspaceDoc, language: BundleLanguage) => {
    if (building >= MAX_CONCURRENT_BUILDS) {
      res.setHeader('Retry-After', '30');
      throw unavailable('Other bundles are being built; retry in a moment');
    }
    building += 1;
    try {
      const name = `polos-${workspace._id.toHexString()}-${language}.zip`;
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      let started = false;
      await writeBundle({ workspace, language, origin, signer }, async (chunk) => {
        if (res.destroyed) throw new Error('client went away');
        started = true;
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
      }).catch((error: unknown) => {
        // Once bytes went out the status is sent: cut the response so the browser sees a failed download.
        if (started) {
          ctx.logger.warn({ err: error, workspaceId: workspace._id.toHexString() }, 'bundle build failed');
          res.destroy();
          return;
        }
        res.removeHeader('Content-Disposition');
        throw error;
      });
      if (!res.destroyed) res.end();
    } finally {
      building -= 1;
    }
  };

  const languageOf = (req: Request): BundleLanguage => parseInput(bundleQuerySchema, req.query).lang ?? 'en';

  router.get('/workspaces/:workspaceId/bundle.zip', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(params, req.params);
    const language = languageOf(req);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'moderate');
    await sendBundle(res, workspace, language);
  });

  router.get('/workspaces/:workspaceId/public-page', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(params, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'read');
    res.json(stateOf(workspace));
  });

  router.put('/workspaces/:workspaceId/public-page', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(params, req.params);
    const body = parseInput(publicPageSchema, req.body);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'administer');
    const result = await setPublicPage(workspace._id, body.public, { userId: user._id, name: user.name });
    res.json(stateOf(result.workspace));
  });

  /** The workspace when its page is public; `404` otherwise (a private page looks like no page). */
  const publicWorkspace = async (req: Request): Promise<WorkspaceDoc> => {
    const { workspaceId } = parseInput(params, req.params);
    const workspace = await findWorkspace(workspaceId);
    if (!workspace || workspace.publicPage !== true) throw notFound('Public page');
    return workspace;
  };

  router.get('/public/workspaces/:workspaceId', async (req, res) => {
    const workspace = await publicWorkspace(req);
    const language = languageOf(req);
    const dto: PublicWorkspaceDto = await publicSummary({ workspace, language, origin, signer });
    res.setHeader('Cache-Control', 'no-cache');
    res.json(dto);
  });

  router.get('/public/workspaces/:workspaceId/bundle.zip', async (req, res) => {
    const workspace = await publicWorkspace(req);
    await sendBundle(res, workspace, languageOf(req));
  });

  return router;
}
