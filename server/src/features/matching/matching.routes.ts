import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod/mini';
import {
  interestBodySchema,
  matchingSettingsBodySchema,
  objectIdSchema,
  regionGroupOf,
  suggestionsQuerySchema,
  type InterestListDto,
  type SuggestionsDto,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { requireAuth } from '../../contracts/requestAuth';
import { forbidden, notFound } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { accessWorkspace } from '../workspaces/access';
import type { MatchingEvent } from './events';
import { requireActFor, requireSeeSuggestions, representsDistrict, seesAllMatching } from './matching.policy';
import { presentInterest } from './matching.presenter';
import {
  aboutCard,
  activePairs,
  districtSummaries,
  districtsRepresentedBy,
  expressInterest,
  findInterest,
  listInterests,
  matchDistrictIn,
  setHidden,
  suggestionsFor,
  withdrawInterest,
} from './matching.service';
import type { InterestDoc } from './matching.model';

const workspaceParams = z.strictObject({ workspaceId: objectIdSchema });
const districtParams = z.strictObject({ workspaceId: objectIdSchema, districtId: objectIdSchema });
const interestParams = z.strictObject({ workspaceId: objectIdSchema, interestId: objectIdSchema });

/**
 * `/api/workspaces/:workspaceId/matching/…`: partner suggestions, the hide setting, interests and matches
 * (docs/API.md, "Partner matching"). Every write is stored before its `matching:interest` fact is published.
 */
export function matchingRoutes(ctx: ServerContext): Router {
  const router = Router();

  /** Publishes the fact of a stored interest change to both districts' representatives and the moderators. */
  const publish = async (interest: InterestDoc, change: 'expressed' | 'withdrawn', mutual: boolean) => {
    const districts = await districtSummaries([interest.fromDistrictId, interest.toDistrictId]);
    const userIds = new Set<string>();
    for (const d of districts.values())
      for (const id of d.representativeIds ?? []) userIds.add(id.toHexString());
    const event: MatchingEvent = {
      type: 'matching.interest',
      fact: {
        workspaceId: interest.workspaceId.toHexString(),
        change,
        interest: presentInterest(interest, districts, mutual),
        match: mutual,
      },
      userIds: [...userIds],
    };
    ctx.bus.publish(event);
    return event.fact.interest;
  };

  router.get('/workspaces/:workspaceId/matching/districts/:districtId/suggestions', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId, districtId } = parseInput(districtParams, req.params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
    const district = await matchDistrictIn(workspace._id, districtId);
    requireSeeSuggestions(role, district, user._id);
    const query = parseInput(suggestionsQuerySchema, req.query);
    const scope = query.scope ?? 'cross';
    const result = await suggestionsFor(workspace._id, district, {
      scope,
      sector: query.sector,
      country: query.country,
      limit: query.limit ?? 20,
    });
    const body: SuggestionsDto = { districtId, scope, hidden: result.hidden, items: result.items };
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(body);
  });

  router.put('/workspaces/:workspaceId/matching/districts/:districtId/settings', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId, districtId } = parseInput(districtParams, req.params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
    const district = await matchDistrictIn(workspace._id, districtId);
    requireActFor(role, district, user._id, true);
    const { hidden } = parseInput(matchingSettingsBodySchema, req.body);
    await setHidden(workspace._id, district._id, hidden, user._id);
    res.json({ districtId, hidden });
  });

  router.get('/workspaces/:workspaceId/matching/interests', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
    // Observers read nothing here even when listed as representatives (they cannot act for a district).
    const mine = representsDistrict(role, { representativeIds: [user._id] }, user._id)
      ? await districtsRepresentedBy(workspace._id, user._id)
      : [];
    if (!seesAllMatching(role) && mine.length === 0)
      throw forbidden('Only representatives of a district, moderators and admins see interests');
    const interests = await listInterests(
      workspace._id,
      seesAllMatching(role) ? null : mine.map((d) => d._id),
    );
    const [districts, active] = await Promise.all([
      districtSummaries(interests.flatMap((i) => [i.fromDistrictId, i.toDistrictId])),
      activePairs(workspace._id, interests),
    ]);
    const body: InterestListDto = {
      myDistrictIds: mine.map((d) => d._id.toHexString()),
      myDistricts: mine.map((d) => ({
        id: d._id.toHexString(),
        name: d.name,
        country: d.country,
        regionGroup: d.regionGroup ?? regionGroupOf(d.country),
      })),
      items: interests.map((i) =>
        presentInterest(
          i,
          districts,
          active.has(`${i.toDistrictId.toHexString()}|${i.fromDistrictId.toHexString()}`),
        ),
      ),
    };
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(body);
  });

  router.post('/workspaces/:workspaceId/matching/interests', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId } = parseInput(workspaceParams, req.params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'participate');
    const body = parseInput(interestBodySchema, req.body);
    const from = await matchDistrictIn(workspace._id, body.fromDistrictId);
    requireActFor(role, from, user._id, false);
    const to = await matchDistrictIn(workspace._id, body.toDistrictId);
    const about = aboutCard(body.about, from, to);
    const { interest, created, mutual } = await expressInterest({
      workspaceId: workspace._id,
      fromDistrictId: from._id,
      toDistrictId: to._id,
      byUserId: user._id,
      about,
      note: body.note ?? null,
    });
    const dto = await publish(interest, 'expressed', mutual);
    res.status(created ? 201 : 200).json(dto);
  });

  router.post('/workspaces/:workspaceId/matching/interests/:interestId/withdraw', async (req, res) => {
    const { user } = requireAuth(res);
    const { workspaceId, interestId } = parseInput(interestParams, req.params);
    const { workspace, role } = await accessWorkspace(workspaceId, user._id, 'read');
    const existing = await findInterest(workspace._id, interestId);
    if (!existing) throw notFound('Interest');
    const from = await matchDistrictIn(workspace._id, existing.fromDistrictId.toHexString());
    requireActFor(role, from, user._id, true);
    const { interest, mutual } = await withdrawInterest(workspace._id, new Types.ObjectId(interestId));
    const dto = await publish(interest, 'withdrawn', mutual);
    res.json(dto);
  });

  return router;
}
