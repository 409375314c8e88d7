import { Router, type Request, type Response } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod/mini';
import {
  can,
  meetingEventBodySchema,
  meetingEventParamsSchema,
  meetingEventPatchSchema,
  meetingIcsParamsSchema,
  meetingOutcomeBodySchema,
  meetingParamsSchema,
  meetingProposeBodySchema,
  meetingRequestBodySchema,
  meetingScheduleBodySchema,
  workspaceParamsSchema,
  type DistrictSummaryDto,
  type MeetingEventListDto,
  type MeetingFactDto,
  type MeetingScheduleDto,
  type Role,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { requireAuth, type UserDoc } from '../../contracts/requestAuth';
import { conflict, forbidden } from '../../lib/errors';
import { parseInput, type Parser } from '../../lib/validation';
import { recordAudit } from '../audit/audit.service';
import type { DistrictDoc } from '../districts/district.model';
import { isMatch, matchedPairsIn, matchedPartnersOf } from '../matching';
import { accessWorkspace } from '../workspaces/access';
import type { WorkspaceDoc } from '../workspaces/workspace.model';
import type { MeetingsEvent } from './events';
import { meetingsCalendar, type MeetingIcsLanguage } from './meetings.ics';
import type { MeetingDoc, MeetingEventDoc } from './meetings.model';
import { districtSummary, presentEvent, presentMeeting } from './meetings.presenter';
import {
  acceptMeeting,
  cancelEvent,
  cancelMeeting,
  createEvent,
  districtIn,
  districtsById,
  districtsRepresentedBy,
  getEvent,
  getMeeting,
  listEvents,
  listMeetings,
  proposeSlot,
  requestMeeting,
  scheduleMeeting,
  scheduledMeetingsOf,
  setOutcome,
  updateEvent,
} from './meetings.service';

const icsQuerySchema = z.object({ lang: z.optional(z.enum(['en', 'es', 'pt', 'fr'])) });

/** Organisers of C2C events: moderators and admins. */
const organises = (role: Role): boolean => can(role, 'moderate');

/** A representative acts for the district: approved representative with a role that may participate. */
const represents = (
  role: Role,
  d: Pick<DistrictDoc, 'representativeIds'> | undefined,
  userId: Types.ObjectId,
) => Boolean(d) && can(role, 'participate') && (d?.representativeIds ?? []).some((id) => id.equals(userId));

/**
 * Representatives book only slots still ahead (the organiser may also record meetings that took place).
 * @throws `conflict` (409) for a slot that has started.
 */
function requireFutureSlot(event: Pick<MeetingEventDoc, 'slots'>, slot: number | null): void {
  const s = slot === null ? undefined : event.slots[slot];
  if (s && s.start.getTime() <= Date.now())
    throw conflict('This slot has already started; choose a later one');
}

function originOf(ctx: ServerContext, req: Request): string {
  return ctx.config.publicOrigins[0] ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function sendIcs(res: Response, body: string, fileName: string): void {
  res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(body);
}

/**
 * `/api/workspaces/:workspaceId/meetings/…`: C2C matchmaking events and meetings (docs/API.md, "C2C meetings").
 * Members read events and the programme; moderators and admins organise (create, edit, cancel events; schedule
 * centrally; see every request); representatives act for their district (request a meeting with a matched
 * partner, propose, accept, cancel, record the outcome); observers only read. Every write is stored before its
 * `meeting:updated` / `meeting-event:updated` fact is published.
 */
export function meetingsRoutes(ctx: ServerContext): Router {
  const router = Router();
  const publish = (...events: MeetingsEvent[]) => ctx.bus.publish(...events);

  /** Publishes the stored meeting's fact (no notes) to the workspace room. */
  const meetingFact = async (
    event: Pick<MeetingEventDoc, 'slots'>,
    m: MeetingDoc,
    change: MeetingFactDto['change'],
    districts?: Map<string, DistrictDoc>,
  ) => {
    const names = districts ?? (await districtsById([m.fromDistrictId, m.toDistrictId]));
    publish({
      type: 'meeting.changed',
      fact: {
        workspaceId: m.workspaceId.toHexString(),
        eventId: m.eventId.toHexString(),
        change,
        meeting: presentMeeting(m, event, names, false),
      },
    });
  };
  const eventFact = (e: MeetingEventDoc) =>
    publish({
      type: 'meeting-event.changed',
      fact: { workspaceId: e.workspaceId.toHexString(), event: presentEvent(e) },
    });

  /**
   * Every route's preamble: the signed-in caller (401), the route's params parsed with `schema` (400), and the
   * workspace with the caller's role when it allows `ability` (403 / 404, the access rule `accessWorkspace`).
   */
  const enter = async <P extends { workspaceId: string }>(
    req: Request,
    res: Response,
    schema: Parser<P>,
    ability: Parameters<typeof accessWorkspace>[2],
  ) => {
    const { user } = requireAuth(res);
    const params = parseInput(schema, req.params);
    const { workspace, role } = await accessWorkspace(params.workspaceId, user._id, ability);
    return { user, params, workspace, role };
  };

  /** Records an organiser's action in the workspace's audit log, by the signed-in `user`. */
  const audit = (
    workspace: WorkspaceDoc,
    user: UserDoc,
    action: string,
    target: { type: 'meeting' | 'meetingEvent'; id: Types.ObjectId },
    data?: Record<string, unknown>,
  ) => recordAudit(workspace._id, { userId: user._id, name: user.name }, action, target, data);

  /** The two districts of a pair by id (hex → doc), as `meetingFact` and `presentMeeting` take them. */
  const pairMap = (a: DistrictDoc, b: DistrictDoc) =>
    new Map([
      [a._id.toHexString(), a],
      [b._id.toHexString(), b],
    ]);

  /** Which side of `m` the user acts for (null: neither). A user representing both may act as either. */
  const sidesOf = (
    role: Role,
    m: MeetingDoc,
    districts: Map<string, DistrictDoc>,
    userId: Types.ObjectId,
  ) => ({
    from: represents(role, districts.get(m.fromDistrictId.toHexString()), userId),
    to: represents(role, districts.get(m.toDistrictId.toHexString()), userId),
  });

  /** Loads a meeting with its event, districts and the caller's role and sides. */
  const loadMeeting = async (req: Request, res: Response, ability: 'read' | 'participate') => {
    const { user, params, workspace, role } = await enter(req, res, meetingParamsSchema, ability);
    const meeting = await getMeeting(workspace._id, params.meetingId);
    const [event, districts] = await Promise.all([
      getEvent(workspace._id, meeting.eventId.toHexString()),
      districtsById([meeting.fromDistrictId, meeting.toDistrictId]),
    ]);
    const sides = sidesOf(role, meeting, districts, user._id);
    const names = {
      from: districts.get(meeting.fromDistrictId.toHexString())?.name ?? '',
      to: districts.get(meeting.toDistrictId.toHexString())?.name ?? '',
    };
    return { user, workspace, role, meeting, event, districts, sides, names };
  };

  router.get('/workspaces/:workspaceId/meetings/events', async (req, res) => {
    const { workspace, role } = await enter(req, res, workspaceParamsSchema, 'read');
    const events = await listEvents(workspace._id);
    const body: MeetingEventListDto = { items: events.map(presentEvent), canOrganise: organises(role) };
    res.json(body);
  });

  router.post('/workspaces/:workspaceId/meetings/events', async (req, res) => {
    const { user, workspace } = await enter(req, res, workspaceParamsSchema, 'moderate');
    const body = parseInput(meetingEventBodySchema, req.body);
    const event = await createEvent(workspace._id, body, user._id);
    await audit(workspace, user, 'meetings.eventCreated', { type: 'meetingEvent', id: event._id });
    eventFact(event);
    res.status(201).json(presentEvent(event));
  });

  router.get('/workspaces/:workspaceId/meetings/events/:eventId', async (req, res) => {
    const { user, params, workspace, role } = await enter(req, res, meetingEventParamsSchema, 'read');
    const event = await getEvent(workspace._id, params.eventId);
    const mine = can(role, 'participate') ? await districtsRepresentedBy(workspace._id, user._id) : [];
    const mineIds = new Set(mine.map((d) => d._id.toHexString()));
    const all = await listMeetings(event._id);
    const organiser = organises(role);
    const involves = (m: MeetingDoc) =>
      mineIds.has(m.fromDistrictId.toHexString()) || mineIds.has(m.toDistrictId.toHexString());
    // The programme (scheduled meetings) is public to members; requests, cancellations and notes are the two
    // sides' and the organisers' business.
    const visible = all.filter((m) => organiser || involves(m) || m.state === 'scheduled');
    const [partnerIds, pairIds] = await Promise.all([
      matchedPartnersOf(
        workspace._id,
        mine.map((d) => d._id),
      ),
      // Central scheduling: the organisers pick any matched pair.
      organiser ? matchedPairsIn(workspace._id) : Promise.resolve<Array<[string, string]>>([]),
    ]);
    const districts = await districtsById([
      ...visible.flatMap((m) => [m.fromDistrictId, m.toDistrictId]),
      ...[...partnerIds.values(), ...pairIds].flat().map((id) => new Types.ObjectId(id)),
    ]);
    const inWorkspace = (id: string) =>
      Boolean(districts.get(id)?.workspaceIds?.some((w) => w.equals(workspace._id)));
    const partners: Record<string, DistrictSummaryDto[]> = {};
    for (const [id, list] of partnerIds)
      partners[id] = list.filter(inWorkspace).map((p) => districtSummary(p, districts.get(p)));
    const body: MeetingScheduleDto = {
      event: presentEvent(event),
      meetings: visible.map((m) => presentMeeting(m, event, districts, organiser || involves(m))),
      myDistricts: mine.map((d) => districtSummary(d._id.toHexString(), d)),
      partners,
      matchedPairs: pairIds
        .filter(([a, b]) => inWorkspace(a) && inWorkspace(b))
        .map(([a, b]) => ({
          a: districtSummary(a, districts.get(a)),
          b: districtSummary(b, districts.get(b)),
        })),
      canOrganise: organiser,
    };
    res.json(body);
  });

  router.patch('/workspaces/:workspaceId/meetings/events/:eventId', async (req, res) => {
    const { user, params, workspace } = await enter(req, res, meetingEventParamsSchema, 'moderate');
    const patch = parseInput(meetingEventPatchSchema, req.body);
    const event = await updateEvent(await getEvent(workspace._id, params.eventId), patch);
    await audit(
      workspace,
      user,
      'meetings.eventChanged',
      { type: 'meetingEvent', id: event._id },
      { fields: Object.keys(patch) },
    );
    eventFact(event);
    res.json(presentEvent(event));
  });

  router.post('/workspaces/:workspaceId/meetings/events/:eventId/cancel', async (req, res) => {
    const { user, params, workspace } = await enter(req, res, meetingEventParamsSchema, 'moderate');
    const { event, cancelled } = await cancelEvent(await getEvent(workspace._id, params.eventId));
    await audit(
      workspace,
      user,
      'meetings.eventCancelled',
      { type: 'meetingEvent', id: event._id },
      { meetingsCancelled: cancelled.length },
    );
    eventFact(event);
    const districts = await districtsById(cancelled.flatMap((m) => [m.fromDistrictId, m.toDistrictId]));
    for (const m of cancelled) await meetingFact(event, m, 'cancelled', districts);
    res.json(presentEvent(event));
  });

  router.post('/workspaces/:workspaceId/meetings/events/:eventId/meetings', async (req, res) => {
    const { user, params, workspace, role } = await enter(req, res, meetingEventParamsSchema, 'participate');
    const body = parseInput(meetingRequestBodySchema, req.body);
    const event = await getEvent(workspace._id, params.eventId);
    const [from, to] = await Promise.all([
      districtIn(workspace._id, body.fromDistrictId),
      districtIn(workspace._id, body.toDistrictId),
    ]);
    if (!represents(role, from, user._id))
      throw forbidden('Only the district’s representatives ask for meetings on its behalf');
    if (!(await isMatch(workspace._id, from._id, to._id)))
      throw conflict('Only matched districts (interest both ways) can ask each other for a meeting');
    requireFutureSlot(event, body.slot);
    const meeting = await requestMeeting({
      event,
      fromDistrictId: from._id,
      toDistrictId: to._id,
      slot: body.slot,
      note: body.note ?? null,
      by: user._id,
    });
    const districts = pairMap(from, to);
    await meetingFact(event, meeting, 'requested', districts);
    res.status(201).json(presentMeeting(meeting, event, districts, true));
  });

  router.post('/workspaces/:workspaceId/meetings/events/:eventId/schedule', async (req, res) => {
    const { user, params, workspace } = await enter(req, res, meetingEventParamsSchema, 'moderate');
    const body = parseInput(meetingScheduleBodySchema, req.body);
    const event = await getEvent(workspace._id, params.eventId);
    const [a, b] = await Promise.all([
      districtIn(workspace._id, body.aDistrictId),
      districtIn(workspace._id, body.bDistrictId),
    ]);
    const meeting = await scheduleMeeting({
      event,
      aDistrictId: a._id,
      bDistrictId: b._id,
      slot: body.slot,
      table: body.table,
      by: user._id,
      names: { from: a.name, to: b.name },
    });
    await audit(
      workspace,
      user,
      'meetings.scheduled',
      { type: 'meeting', id: meeting._id },
      { slot: meeting.slot, table: meeting.table },
    );
    const districts = pairMap(a, b);
    await meetingFact(event, meeting, 'scheduled', districts);
    res.status(201).json(presentMeeting(meeting, event, districts, true));
  });

  router.post('/workspaces/:workspaceId/meetings/:meetingId/propose', async (req, res) => {
    const { event, meeting, districts, sides } = await loadMeeting(req, res, 'participate');
    const { slot } = parseInput(meetingProposeBodySchema, req.body);
    if (!sides.from && !sides.to) throw forbidden('Only the two districts’ representatives propose a slot');
    // The side answering proposes; a representative of both sides answers as the side asked.
    const side =
      sides.from && sides.to ? (meeting.proposedBy === 'from' ? 'to' : 'from') : sides.from ? 'from' : 'to';
    requireFutureSlot(event, slot);
    const updated = await proposeSlot(event, meeting, side, slot);
    await meetingFact(event, updated, 'proposed', districts);
    res.json(presentMeeting(updated, event, districts, true));
  });

  router.post('/workspaces/:workspaceId/meetings/:meetingId/accept', async (req, res) => {
    const { event, meeting, districts, sides, names } = await loadMeeting(req, res, 'participate');
    const asked =
      meeting.proposedBy === 'from'
        ? sides.to
        : meeting.proposedBy === 'to'
          ? sides.from
          : sides.from || sides.to;
    if (!asked) throw forbidden('Only the representatives of the district asked accept a proposed slot');
    requireFutureSlot(event, meeting.slot);
    const updated = await acceptMeeting(event, meeting, names);
    await meetingFact(event, updated, 'scheduled', districts);
    res.json(presentMeeting(updated, event, districts, true));
  });

  router.post('/workspaces/:workspaceId/meetings/:meetingId/cancel', async (req, res) => {
    const { user, workspace, role, event, meeting, districts, sides } = await loadMeeting(
      req,
      res,
      'participate',
    );
    const organiser = organises(role);
    if (!sides.from && !sides.to && !organiser)
      throw forbidden('Only the two districts’ representatives and the organisers cancel a meeting');
    const { meeting: cancelled } = await cancelMeeting(meeting);
    if (!sides.from && !sides.to)
      await audit(workspace, user, 'meetings.cancelled', { type: 'meeting', id: meeting._id });
    await meetingFact(event, cancelled, 'cancelled', districts);
    res.json(presentMeeting(cancelled, event, districts, true));
  });

  router.put('/workspaces/:workspaceId/meetings/:meetingId/outcome', async (req, res) => {
    const { user, workspace, role, event, meeting, districts, sides } = await loadMeeting(
      req,
      res,
      'participate',
    );
    const body = parseInput(meetingOutcomeBodySchema, req.body);
    const organiser = organises(role);
    if (!sides.from && !sides.to && !organiser)
      throw forbidden('Only the two districts’ representatives and the organisers record the outcome');
    const updated = await setOutcome(meeting, body.outcome, body.note ?? null, user._id);
    if (!sides.from && !sides.to)
      await audit(
        workspace,
        user,
        'meetings.outcome',
        { type: 'meeting', id: meeting._id },
        { outcome: body.outcome },
      );
    await meetingFact(event, updated, 'outcome', districts);
    res.json(presentMeeting(updated, event, districts, true));
  });

  router.get(
    '/workspaces/:workspaceId/meetings/events/:eventId/districts/:districtId/meetings.ics',
    async (req, res) => {
      const { user, params, workspace, role } = await enter(req, res, meetingIcsParamsSchema, 'read');
      const { eventId, districtId } = params;
      const { lang } = parseInput(icsQuerySchema, req.query);
      const [event, district] = await Promise.all([
        getEvent(workspace._id, eventId),
        districtIn(workspace._id, districtId),
      ]);
      if (!organises(role) && !represents(role, district, user._id))
        throw forbidden(
          'Only the district’s representatives and the organisers download its meeting calendar',
        );
      const meetings = await scheduledMeetingsOf(event._id, district._id);
      const districts = await districtsById(meetings.flatMap((m) => [m.fromDistrictId, m.toDistrictId]));
      const language: MeetingIcsLanguage = lang ?? user.locale;
      sendIcs(
        res,
        meetingsCalendar(event, meetings, district, districts, {
          lang: language,
          origin: originOf(ctx, req),
          host: req.get('host') ?? 'polos',
        }),
        `meetings-${eventId}-${districtId}.ics`,
      );
    },
  );

  return router;
}
