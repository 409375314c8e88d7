import express, { Router, type RequestHandler, type Response } from 'express';
import type { Types } from 'mongoose';
import { z } from 'zod/mini';
import {
  directoryQuerySchema,
  districtCreateBodySchema,
  districtRestoreBodySchema,
  districtUpdateBodySchema,
  districtValidationBodySchema,
  importQuerySchema,
  MAX_IMPORT_BYTES,
  objectIdSchema,
  PRIVATE_PROFILE_FIELDS,
  REPRESENTATION_STATES,
  representationDecisionBodySchema,
  representationRequestBodySchema,
  can,
  type DirectoryPageDto,
  type ProfileConflictDetails,
  type ProfileField,
  type ProfileRevisionPageDto,
  type RevisionKind,
  type Role,
  type UserSummaryDto,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { requireAuth, type UserDoc } from '../../contracts/requestAuth';
import { AppError, conflict, forbidden, invalid } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { recordAudit } from '../audit/audit.service';
import type { DistrictDoc, DistrictRevisionDoc } from '../districts/district.model';
import { presentDirectoryCard, regionGroupOfDoc } from '../districts/districts.presenter';
import { exportDirectory, progressOf, queryDirectory } from '../districts/directory.service';
import { importFileError } from '../districts/csvFile';
import { importProfilesCsv } from '../districts/import.service';
import {
  addParticipation,
  addRepresentative,
  createDistrict,
  districtInWorkspace,
  findDistrictDoc,
  listRevisions,
  restoreRevision,
  setValidation,
  updateProfile,
  type UpdateResult,
} from '../districts/profile.service';
import { profileOf } from '../districts/profileFields';
import { profilesToCsv } from '../districts/profileCsv';
import { findDistrict } from '../districts/districts.service';
import { presentUserSummary } from '../users/users.presenter';
import { updateMe } from '../users/users.service';
import { accessWorkspace } from '../workspaces/access';
import type { ProfilesEvent } from './events';
import { migrateLegacyDistricts } from './migrateDistricts';
import { presentProfile, presentRequests, userSummaries } from './profiles.presenter';
import { mayValidate, requireEditProfile } from './profiles.policy';
import type { RepresentationRequestDoc } from './representation.model';
import { decideRequest, fileRequest, listRequests, pendingRequestOf } from './representation.service';

const districtParams = z.strictObject({ workspaceId: objectIdSchema, districtId: objectIdSchema });
const revisionParams = z.strictObject({
  workspaceId: objectIdSchema,
  districtId: objectIdSchema,
  revision: z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, 'must be a revision number')),
    z.transform((s: string) => Number(s)),
  ),
});
const requestParams = z.strictObject({ workspaceId: objectIdSchema, requestId: objectIdSchema });
const workspaceParams = z.strictObject({ workspaceId: objectIdSchema });
const revisionsQuery = z.strictObject({
  before: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,9}$/)),
      z.transform((s: string) => Number(s)),
    ),
  ),
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,3}$/)),
      z.transform((s: string) => Math.min(200, Math.max(1, Number(s)))),
    ),
  ),
});
const requestsQuery = z.strictObject({ state: z.optional(z.enum(REPRESENTATION_STATES)) });

/** Import body types (what browsers and spreadsheet programs send for a .csv file). */
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];
/** Import bodies: the CSV file's bytes (its encoding is detected from them, `districts/csvFile.ts`). */
const csvBytes = express.raw({ type: CSV_TYPES, limit: MAX_IMPORT_BYTES });
/** {@link csvBytes}, with a too large file refused with the import's `file_too_large` details. */
const csvBody: RequestHandler = (req, res, next) =>
  csvBytes(req, res, (error?: unknown) =>
    next(
      (error as { type?: unknown } | undefined)?.type === 'entity.too.large'
        ? importFileError({ reason: 'file_too_large', maxBytes: MAX_IMPORT_BYTES })
        : error,
    ),
  );

/** A profile as exported (JSON): every field but the private ones (contact person). */
function exportedProfile(d: DistrictDoc): Record<string, unknown> {
  const p = profileOf(d) as Record<string, unknown>;
  for (const f of PRIVATE_PROFILE_FIELDS) delete p[f];
  return { id: d._id.toHexString(), regionGroup: regionGroupOfDoc(d), ...p };
}

/**
 * `/api/workspaces/:workspaceId/districts…` and `…/representation-requests…`: the Block 1 profiles, the
 * directory, revisions and restore, validation, representation requests, CSV import and CSV/JSON export
 * (docs/API.md, "District profiles"). Every write is stored before its facts are published.
 */
export function profilesRoutes(ctx: ServerContext): Router {
  const router = Router();
  // Districts stored before issue 10 (no workspaceIds, no search keys): migrated once per start; the routes that
  // read the directory wait for it (a failure is logged and the routes answer with what is stored).
  const legacyMigrated: Promise<void> = migrateLegacyDistricts().then(
    (r) => {
      if (r.adopted || r.derived) ctx.logger.info(r, 'districts stored before issue 10 migrated');
    },
    (error: unknown) => ctx.logger.error({ err: error }, 'district migration failed'),
  );

  const actorSummary = async (user: UserDoc): Promise<UserSummaryDto> =>
    presentUserSummary(user, await findDistrict(user.districtId));

  /** Publishes `district:updated` + progress for the workspaces of each district (after the write). */
  const publishChanged = async (
    docs: DistrictDoc[],
    fields: ProfileField[],
    kind: RevisionKind,
    by: UserSummaryDto | null,
  ): Promise<void> => {
    const workspaceIds = new Map<string, Types.ObjectId>();
    for (const d of docs) for (const w of d.workspaceIds ?? []) workspaceIds.set(w.toHexString(), w);
    const progress = await Promise.all([...workspaceIds.values()].map((w) => progressOf(w)));
    // A large import sends the progress only: clients reload the directory on it.
    const facts = docs.length <= 100 ? docs : [];
    const events: ProfilesEvent[] = facts.map((d) => ({
      type: 'district.changed',
      fact: { district: presentDirectoryCard(d), fields, kind, by },
      workspaceIds: (d.workspaceIds ?? []).map((w) => w.toHexString()),
    }));
    events.push({ type: 'districts.progressed', progress, bulk: facts.length < docs.length });
    ctx.bus.publish(...events);
  };

  /** Publishes `representation:updated` (moderators + the requester) after a request is stored or decided. */
  const publishRequest = (r: RepresentationRequestDoc): void => {
    ctx.bus.publish({
      type: 'representation.changed',
      fact: {
        workspaceId: r.workspaceId.toHexString(),
        requestId: r._id.toHexString(),
        districtId: r.districtId.toHexString(),
        userId: r.userId.toHexString(),
        state: r.state,
      },
    } satisfies ProfilesEvent);
  };

  const loadForMember = async (res: Response, params: unknown, ability: 'read' | 'participate' = 'read') => {
    const { user } = requireAuth(res);
    const { workspaceId, districtId } = parseInput(districtParams, params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, ability);
    await legacyMigrated;
    const district = await districtInWorkspace(districtId, workspace._id);
    return { user, workspace, role, district };
  };

  const sendProfile = async (
    res: Response,
    d: DistrictDoc,
    user: UserDoc,
    role: Role,
    workspaceId: Types.ObjectId,
    status = 200,
  ) => {
    const request = await pendingRequestOf(workspaceId, d._id, user._id);
    res.status(status).json(await presentProfile(d, { userId: user._id, role }, request));
  };

  const conflictError = async (
    result: Extract<UpdateResult, { ok: false }>,
    baseRevision: number,
    user: UserDoc,
    role: Role,
    workspaceId: Types.ObjectId,
  ): Promise<AppError> => {
    const current = await presentProfile(
      result.current,
      { userId: user._id, role },
      await pendingRequestOf(workspaceId, result.current._id, user._id),
    );
    const details: ProfileConflictDetails = {
      baseRevision,
      currentRevision: current.revision,
      conflicts: result.conflicts,
      current,
    };
    const message = result.conflicts.length
      ? `Someone else changed ${result.conflicts.map((c) => c.field).join(', ')} since revision ${baseRevision}: ` +
        'keep one of the values and save again'
      : `The profile changed since revision ${baseRevision}: look at it again first`;
    return new AppError('conflict', message, { status: 409, details });
  };

  // — directory —

  router.get('/workspaces/:workspaceId/districts', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'read');
    const query = parseInput(directoryQuerySchema, req.query);
    await legacyMigrated;
    const result = await queryDirectory(workspace._id, query);
    const body: DirectoryPageDto = {
      items: result.docs.map(presentDirectoryCard),
      nextCursor: result.nextCursor,
      total: result.total,
    };
    res.json(body);
  });

  router.get('/workspaces/:workspaceId/districts/progress', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'read');
    await legacyMigrated;
    res.json(await progressOf(workspace._id));
  });

  router.get('/workspaces/:workspaceId/districts/export', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'read');
    const query = parseInput(directoryQuerySchema, req.query);
    await legacyMigrated;
    const docs = await exportDirectory(workspace._id, query);
    const stamp = new Date().toISOString().slice(0, 10);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (query.format === 'json') {
      res.setHeader('Content-Disposition', `attachment; filename="polos-districts-${stamp}.json"`);
      res.json(docs.map(exportedProfile));
      return;
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="polos-districts-${stamp}.csv"`);
    res.send(profilesToCsv(docs.map((d) => ({ ...profileOf(d), regionGroup: regionGroupOfDoc(d) }))));
  });

  router.post('/workspaces/:workspaceId/districts/import', csvBody, async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'administer');
    const query = parseInput(importQuerySchema, req.query);
    if (!Buffer.isBuffer(req.body)) {
      // No body at all (an empty file) leaves req.body unset whatever the type; a wrong type is an API misuse.
      if (CSV_TYPES.some((t) => (req.headers['content-type'] ?? '').toLowerCase().startsWith(t)))
        throw importFileError({ reason: 'empty_file' });
      throw invalid('Send the CSV file as the request body with Content-Type: text/csv');
    }
    const outcome = await importProfilesCsv(req.body, {
      workspaceId: workspace._id,
      by: user._id,
      dryRun: query.dryRun ?? true,
      allOrNothing: query.allOrNothing ?? false,
    });
    if (outcome.report.written) {
      await recordAudit(
        workspace._id,
        { userId: user._id, name: user.name },
        'districts.import',
        {
          type: 'workspace',
          id: workspace._id,
        },
        {
          rows: outcome.report.rows,
          created: outcome.report.created,
          updated: outcome.report.updated,
          rejected: outcome.report.rejected.length,
        },
      );
      if (outcome.changed.length > 0)
        await publishChanged(outcome.changed, [], 'import', await actorSummary(user));
    }
    res.json(outcome.report);
  });

  // — one profile —

  router.post('/workspaces/:workspaceId/districts', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'participate');
    const { message, ...fields } = parseInput(districtCreateBodySchema, req.body);
    const proposal = !can(role, 'moderate');
    const created = await createDistrict({ fields, workspaceId: workspace._id, by: user._id });
    if (proposal) {
      const filed = await fileRequest({
        workspaceId: workspace._id,
        districtId: created._id,
        userId: user._id,
        message: message ?? null,
        proposedDistrict: true,
      });
      publishRequest(filed);
    } else {
      await recordAudit(workspace._id, { userId: user._id, name: user.name }, 'district.create', {
        type: 'district',
        id: created._id,
      });
    }
    await publishChanged([created], [], 'create', await actorSummary(user));
    await sendProfile(res, created, user, role, workspace._id, 201);
  });

  router.get('/workspaces/:workspaceId/districts/:districtId', async (req, res) => {
    const { user, workspace, role, district } = await loadForMember(res, req.params);
    await sendProfile(res, district, user, role, workspace._id);
  });

  router.patch('/workspaces/:workspaceId/districts/:districtId', async (req, res) => {
    const { user, workspace, role, district } = await loadForMember(res, req.params);
    requireEditProfile(role, district, user._id);
    const body = parseInput(districtUpdateBodySchema, req.body);
    const result = await updateProfile(district._id, body.baseRevision, body.changes, user._id);
    if (!result.ok) throw await conflictError(result, body.baseRevision, user, role, workspace._id);
    if (result.fields.length > 0)
      await publishChanged([result.doc], result.fields, 'update', await actorSummary(user));
    await sendProfile(res, result.doc, user, role, workspace._id);
  });

  router.get('/workspaces/:workspaceId/districts/:districtId/revisions', async (req, res) => {
    const { district } = await loadForMember(res, req.params);
    const query = parseInput(revisionsQuery, req.query);
    const limit = query.limit ?? 50;
    const revisions = await listRevisions(district, query.before, limit + 1);
    const page = revisions.slice(0, limit);
    const users = await userSummaries(page.flatMap((r) => (r.byUserId ? [r.byUserId] : [])));
    const body: ProfileRevisionPageDto = {
      items: page.map((r: DistrictRevisionDoc) => ({
        id: r._id.toHexString(),
        districtId: district._id.toHexString(),
        revision: r.revision,
        kind: r.kind,
        at: r.at.toISOString(),
        by: r.byUserId ? (users.get(r.byUserId.toHexString()) ?? null) : null,
        fields: r.fields,
        before: r.before,
        after: r.after,
        restoredFrom: r.restoredFrom ?? null,
        validated: r.validated ?? null,
      })),
      nextBefore: revisions.length > limit ? page[page.length - 1].revision : null,
    };
    res.json(body);
  });

  router.post(
    '/workspaces/:workspaceId/districts/:districtId/revisions/:revision/restore',
    async (req, res) => {
      const { user } = requireAuth(res);
      const { workspaceId, districtId, revision } = parseInput(revisionParams, req.params);
      const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
      const district = await districtInWorkspace(districtId, workspace._id);
      requireEditProfile(role, district, user._id);
      const body = parseInput(districtRestoreBodySchema, req.body);
      const result = await restoreRevision(district, revision, body.baseRevision, user._id);
      if (!result.ok) throw await conflictError(result, body.baseRevision, user, role, workspace._id);
      if (result.fields.length > 0)
        await publishChanged([result.doc], result.fields, 'restore', await actorSummary(user));
      await sendProfile(res, result.doc, user, role, workspace._id);
    },
  );

  router.post('/workspaces/:workspaceId/districts/:districtId/validation', async (req, res) => {
    const { user, workspace, role, district } = await loadForMember(res, req.params);
    if (!mayValidate(role)) throw forbidden('Only moderators and admins validate profiles');
    const { validated } = parseInput(districtValidationBodySchema, req.body);
    const stored = await setValidation(district._id, validated, user._id);
    await recordAudit(
      workspace._id,
      { userId: user._id, name: user.name },
      validated ? 'district.validate' : 'district.unvalidate',
      {
        type: 'district',
        id: district._id,
      },
    );
    await publishChanged([stored], [], 'validate', await actorSummary(user));
    await sendProfile(res, stored, user, role, workspace._id);
  });

  // — representation —

  router.post('/workspaces/:workspaceId/districts/:districtId/representation-requests', async (req, res) => {
    const { user, workspace, district } = await loadForMember(res, req.params, 'participate');
    const { message } = parseInput(representationRequestBodySchema, req.body);
    if ((district.representativeIds ?? []).some((id) => id.equals(user._id)))
      throw conflict('You already represent this district');
    const request = await fileRequest({
      workspaceId: workspace._id,
      districtId: district._id,
      userId: user._id,
      message: message ?? null,
      proposedDistrict: false,
    });
    publishRequest(request);
    const [dto] = await presentRequests([request], new Map([[district._id.toHexString(), district]]));
    res.status(201).json(dto);
  });

  router.get('/workspaces/:workspaceId/representation-requests', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
    const { state } = parseInput(requestsQuery, req.query);
    const requests = await listRequests(workspace._id, state, mayValidate(role) ? null : user._id);
    const districtIds = [...new Set(requests.map((r) => r.districtId.toHexString()))];
    const districts = new Map<string, DistrictDoc>();
    for (const id of districtIds) {
      const d = await findDistrictDoc(id);
      if (d) districts.set(id, d);
    }
    res.json(await presentRequests(requests, districts));
  });

  router.post('/workspaces/:workspaceId/representation-requests/:requestId/decision', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId, requestId } = parseInput(requestParams, req.params);
    const { workspace } = await accessWorkspace(workspaceId, user._id, 'moderate');
    const { approve } = parseInput(representationDecisionBodySchema, req.body);
    const decided = await decideRequest(workspace._id, requestId, approve, user._id);
    let district = await findDistrictDoc(decided.districtId);
    if (approve && district) {
      district = await addRepresentative(district._id, decided.userId);
      await addParticipation(district._id, workspace._id);
      // The representative's own district is the one they now represent.
      await updateMe(decided.userId, { districtId: district._id.toHexString() }).catch(() => undefined);
    }
    await recordAudit(
      workspace._id,
      { userId: user._id, name: user.name },
      approve ? 'representation.approve' : 'representation.reject',
      {
        type: 'representationRequest',
        id: decided._id,
      },
      { districtId: decided.districtId.toHexString(), userId: decided.userId.toHexString() },
    );
    if (approve && district) await publishChanged([district], [], 'update', await actorSummary(user));
    // After the representative, participation and the user's district are stored (an approval disconnects the
    // requester's sockets so that the handshake re-reads their district).
    publishRequest(decided);
    const [dto] = await presentRequests(
      [decided],
      district ? new Map([[district._id.toHexString(), district]]) : new Map<string, DistrictDoc>(),
    );
    res.json(dto);
  });

  return router;
}
