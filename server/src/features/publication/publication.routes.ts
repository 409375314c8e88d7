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
import { bundleCache, bundleCacheKey, bundleFingerprint } from './bundleCache';
import { publicSummary } from './publicPage.service';

const params = z.strictObject({ workspaceId: objectIdSchema });

/**
 * Bundles built at once by this process (each is CPU-bound: PDF layout, compression); more get `503`. A download
 * served from the cache of built bundles (`bundleCache.ts`) builds nothing and is not counted.
 */
const MAX_CONCURRENT_BUILDS = 2;

/** Response header telling whether the bundle was built for this request (`miss`) or served built (`hit`). */
export const BUNDLE_CACHE_HEADER = 'X-Polos-Bundle-Cache';

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

  /**
   * Sends the bundle. From the cache when a bundle built from the same inputs is kept (same fingerprint, see
   * `bundleCache.ts`); otherwise builds it (at most `MAX_CONCURRENT_BUILDS` at once, else `503` with Retry-After),
   * streaming headers first, then each file's compressed bytes as it is added (back-pressure kept), and keeps the
   * bytes when the inputs did not change during the build.
   */
  const sendBundle = async (res: Response, workspace: WorkspaceDoc, language: BundleLanguage) => {
    const workspaceId = workspace._id.toHexString();
    const key = bundleCacheKey(workspaceId, language);
    const fingerprint = await bundleFingerprint(workspace, language, origin);
    const setHeaders = (cache: 'hit' | 'miss') => {
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Disposition', `attachment; filename="polos-${workspaceId}-${language}.zip"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader(BUNDLE_CACHE_HEADER, cache);
    };
    const cached = bundleCache.get(key, fingerprint);
    if (cached) {
      setHeaders('hit');
      res.setHeader('Content-Length', String(cached.length));
      res.end(cached);
      return;
    }
    if (building >= MAX_CONCURRENT_BUILDS) {
      res.setHeader('Retry-After', '30');
      throw unavailable('Other bundles are being built; retry in a moment');
    }
    building += 1;
    const chunks: Buffer[] = [];
    let built = false;
    try {
      setHeaders('miss');
      let started = false;
      await writeBundle({ workspace, language, origin, signer }, async (chunk) => {
        if (res.destroyed) throw new Error('client went away');
        started = true;
        chunks.push(Buffer.from(chunk));
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
      })
        .then(() => {
          built = true;
        })
        .catch((error: unknown) => {
          // Once bytes went out the status is sent: cut the response so the browser sees a failed download.
          if (started) {
            ctx.logger.warn({ err: error, workspaceId }, 'bundle build failed');
            res.destroy();
            return;
          }
          res.removeHeader('Content-Disposition');
          res.removeHeader(BUNDLE_CACHE_HEADER);
          throw error;
        });
      if (!res.destroyed) res.end();
    } finally {
      building -= 1;
    }
    if (!built) return;
    // Kept only if nothing changed while it was built (the fingerprint read again from fresh documents).
    try {
      const now = await findWorkspace(workspaceId);
      if (now && (await bundleFingerprint(now, language, origin)) === fingerprint)
        bundleCache.set(key, fingerprint, Buffer.concat(chunks));
    } catch (error) {
      ctx.logger.warn({ err: error, workspaceId }, 'built bundle not cached');
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
