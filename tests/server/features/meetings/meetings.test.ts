import ICAL from 'ical.js';
import mongoose, { Types } from 'mongoose';
import {
  formatInZone,
  meetingConflictDetailsSchema,
  type MeetingDto,
  type MeetingEventBody,
  type MeetingEventDto,
  type MeetingEventListDto,
  type MeetingFactDto,
  type MeetingScheduleDto,
  type UserExportDto,
} from '@polos/shared';
import { District } from '../../../../server/src/features/districts/district.model';
import { Interest } from '../../../../server/src/features/matching/matching.model';
import { listMeetingEdges } from '../../../../server/src/features/meetings';
import { Meeting, MeetingBooking } from '../../../../server/src/features/meetings/meetings.model';
import { Workspace } from '../../../../server/src/features/workspaces/workspace.model';
import { AuditEntry } from '../../../../server/src/features/audit/audit.model';
import {
  Agent,
  buildUser,
  buildWorld,
  command,
  personaSocket,
  signIn,
  startTestServer,
  TEST_PASSWORD,
  waitForEvent,
  type TestServer,
  type TestWorld,
} from '../../../helpers/server';

jest.setTimeout(90_000);

type Who =
  'participant' | 'participant2' | 'moderator' | 'admin' | 'observer' | 'nonMember' | 'other' | 'hubRep';

let server: TestServer;
let world: TestWorld;
let base: string;
let eu: string; // represented by participant
let lac: string; // represented by participant2
let stranger: string; // not matched with anyone
const agents = {} as Record<Who, Agent>;
let hubRepId: string;

/** The VEVENTs of an iCalendar text, parsed by ical.js, with start/end as UTC instants. */
function eventsOf(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      location: e.location,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
    };
  });
}

async function district(name: string, country: string, regionGroup: 'EU' | 'LAC', reps: string[]) {
  const d = await District.create({
    name,
    country,
    region: 'R',
    regionGroup,
    kind: 'cluster',
    sectors: ['52'],
    demo: false,
    workspaceIds: [new Types.ObjectId(world.workspaceId)],
    representativeIds: reps.map((id) => new Types.ObjectId(id)),
  });
  return d._id.toHexString();
}

/** Interest both ways (a match), stored as the matching feature stores it. */
async function match(a: string, b: string) {
  for (const [from, to] of [
    [a, b],
    [b, a],
  ])
    await Interest.create({
      workspaceId: new Types.ObjectId(world.workspaceId),
      fromDistrictId: new Types.ObjectId(from),
      toDistrictId: new Types.ObjectId(to),
      byUserId: new Types.ObjectId(world.users.admin.id),
      about: null,
      note: null,
      state: 'active',
    });
}

/** A future event (next year) unless dates are given. */
const eventBody = (over: Partial<MeetingEventBody> = {}): MeetingEventBody => ({
  title: 'EU–LAC C2C Valencia',
  startDate: `${new Date().getUTCFullYear() + 1}-01-18`,
  endDate: `${new Date().getUTCFullYear() + 1}-01-19`,
  dayStart: '09:00',
  dayEnd: '12:00',
  timeZone: 'Europe/Madrid',
  mode: 'venue',
  venue: 'Feria Valencia, Hall 2',
  meetingMinutes: 20,
  tables: 20,
  ...over,
});

async function createEvent(over: Partial<MeetingEventBody> = {}): Promise<MeetingEventDto> {
  const res = await agents.moderator.request<MeetingEventDto>('POST', `${base}/events`, eventBody(over));
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld();
  const other = await buildUser({ name: 'other participant' });
  const hubRep = await buildUser({ name: 'hub representative' });
  hubRepId = hubRep._id.toHexString();
  await Workspace.updateOne(
    { _id: world.workspaceId },
    {
      $push: {
        members: {
          $each: [
            { userId: other._id, role: 'participant', joinedAt: new Date() },
            { userId: hubRep._id, role: 'participant', joinedAt: new Date() },
          ],
        },
      },
    },
  );
  eu = await district('Clúster Logístico Valencia', 'ES', 'EU', [world.users.participant.id]);
  lac = await district('Polo Frutícola del Maule', 'CL', 'LAC', [world.users.participant2.id]);
  stranger = await district('Pôle Mer', 'FR', 'EU', [world.users.participant.id]);
  await match(eu, lac);
  base = `/api/workspaces/${world.workspaceId}/meetings`;
  for (const who of ['participant', 'participant2', 'moderator', 'admin', 'observer', 'nonMember'] as const)
    agents[who] = await signIn(server.url, world.users[who].email);
  agents.other = await signIn(server.url, other.email);
  agents.hubRep = await signIn(server.url, hubRep.email);
});

afterAll(async () => {
  await server?.stop();
});

describe('C2C meetings', () => {
  it('creates an event with slots in the venue zone as UTC instants; bad input gets clear 400s', async () => {
    const event = await createEvent();
    // 09:00–12:00 in 20-minute meetings on two days: 9 + 9 slots; 09:00 Madrid in January is 08:00 UTC.
    expect(event.slots).toHaveLength(18);
    expect(event.slots[0]).toEqual({
      index: 0,
      start: `${new Date().getUTCFullYear() + 1}-01-18T08:00:00.000Z`,
      end: `${new Date().getUTCFullYear() + 1}-01-18T08:20:00.000Z`,
    });
    expect(event.slots[9].start).toBe(`${new Date().getUTCFullYear() + 1}-01-19T08:00:00.000Z`);

    const bad = async (over: Record<string, unknown>, field: string) => {
      const res = await agents.moderator.request<{ error: { code: string; message: string } }>(
        'POST',
        `${base}/events`,
        { ...eventBody(), ...over },
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid');
      expect(res.body.error.message).toContain(field);
    };
    await bad({ meetingMinutes: 10 }, 'meetingMinutes');
    await bad({ meetingMinutes: 45 }, 'meetingMinutes');
    await bad({ timeZone: 'Mars/Olympus' }, 'timeZone');
    await bad({ endDate: '2020-01-01' }, 'endDate');
    // Impossible calendar days are refused with a clear message (the pattern alone let them through).
    const y = new Date().getUTCFullYear() + 1;
    await bad({ startDate: `${y}-02-30`, endDate: `${y}-03-01` }, 'startDate');
    await bad({ endDate: `${y}-01-32` }, 'real calendar date');
    await bad({ startDate: `${y}-13-01` }, 'startDate');
    await bad({ dayStart: '25:00' }, 'dayStart');
    await bad({ venue: null }, 'venue');
    await bad({ tables: 0 }, 'tables');
    await bad({ onlineUrl: 'javascript:alert(1)' }, 'onlineUrl');
  });

  it('authorises every route: organisers organise, representatives act for their district, observers read', async () => {
    const event = await createEvent();
    const ev = `${base}/events/${event.id}`;
    const status = async (who: Who | 'signedOut', method: string, path: string, body?: unknown) =>
      (await (who === 'signedOut' ? new Agent(server.url) : agents[who]).request(method, path, body)).status;

    // Read: every member; not a non-member or someone signed out.
    for (const who of ['participant', 'observer', 'moderator', 'admin', 'other'] as const) {
      expect(await status(who, 'GET', `${base}/events`)).toBe(200);
      expect(await status(who, 'GET', ev)).toBe(200);
    }
    expect([403, 404]).toContain(await status('nonMember', 'GET', `${base}/events`));
    expect(await status('signedOut', 'GET', `${base}/events`)).toBe(401);
    expect(
      (await agents.participant.request<MeetingEventListDto>('GET', `${base}/events`)).body.canOrganise,
    ).toBe(false);
    expect(
      (await agents.moderator.request<MeetingEventListDto>('GET', `${base}/events`)).body.canOrganise,
    ).toBe(true);

    // Create / edit / cancel an event: moderators and admins only.
    for (const who of ['participant', 'observer', 'other'] as const) {
      expect(await status(who, 'POST', `${base}/events`, eventBody())).toBe(403);
      expect(await status(who, 'PATCH', ev, { title: 'x' })).toBe(403);
      expect(await status(who, 'POST', `${ev}/cancel`)).toBe(403);
    }
    expect(await status('admin', 'POST', `${base}/events`, eventBody())).toBe(201);
    expect(await status('admin', 'PATCH', ev, { title: 'Renamed' })).toBe(200);
    expect(await status('moderator', 'PATCH', ev, { title: 'Renamed again' })).toBe(200);

    // Request: only a representative of `from`, only towards a matched district.
    const req = { fromDistrictId: eu, toDistrictId: lac, slot: 1, note: 'Cold chain' };
    for (const who of ['moderator', 'admin', 'other', 'participant2'] as const)
      expect(await status(who, 'POST', `${ev}/meetings`, req)).toBe(403);
    expect(await status('observer', 'POST', `${ev}/meetings`, req)).toBe(403);
    expect(await status('participant', 'POST', `${ev}/meetings`, { ...req, toDistrictId: stranger })).toBe(
      409,
    );
    const created = await agents.participant.request<MeetingDto>('POST', `${ev}/meetings`, req);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'requested',
      slot: 1,
      proposedBy: 'from',
      note: 'Cold chain',
    });
    expect(await status('participant', 'POST', `${ev}/meetings`, req)).toBe(409); // one per pair
    const m = `${base}/${created.body.id}`;

    // Notes: the sides and the organisers see them; another member does not see the request at all.
    const otherView = await agents.other.request<MeetingScheduleDto>('GET', ev);
    expect(otherView.body.meetings).toEqual([]);
    const lacView = await agents.participant2.request<MeetingScheduleDto>('GET', ev);
    expect(lacView.body.meetings[0].note).toBe('Cold chain');
    expect(lacView.body.partners[lac].map((p) => p.id)).toEqual([eu]);
    expect((await agents.moderator.request<MeetingScheduleDto>('GET', ev)).body.meetings).toHaveLength(1);

    // Propose: either side's representatives; accept: only the side asked.
    for (const who of ['moderator', 'observer', 'other'] as const)
      expect(await status(who, 'POST', `${m}/propose`, { slot: 2 })).toBe(403);
    expect(await status('participant', 'POST', `${m}/accept`)).toBe(403); // the asker cannot accept itself
    for (const who of ['moderator', 'admin', 'other', 'observer'] as const)
      expect(await status(who, 'POST', `${m}/accept`)).toBe(403);
    const proposed = await agents.participant2.request<MeetingDto>('POST', `${m}/propose`, { slot: 2 });
    expect(proposed.body).toMatchObject({ slot: 2, proposedBy: 'to' });
    expect(await status('participant2', 'POST', `${m}/accept`)).toBe(403); // now EU is asked
    const accepted = await agents.participant.request<MeetingDto>('POST', `${m}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'scheduled', slot: 2, table: 1 });
    // The programme is public to members once scheduled (without notes).
    const seen = (await agents.other.request<MeetingScheduleDto>('GET', ev)).body.meetings;
    expect(seen).toHaveLength(1);
    expect(seen[0].note).toBeUndefined();

    // ICS: the district's representatives and the organisers.
    const ics = `${ev}/districts/${eu}/meetings.ics`;
    expect(await status('participant', 'GET', ics)).toBe(200);
    expect(await status('moderator', 'GET', ics)).toBe(200);
    for (const who of ['participant2', 'observer', 'other'] as const)
      expect(await status(who, 'GET', ics)).toBe(403);
    expect(await status('signedOut', 'GET', ics)).toBe(401);

    // Outcome before the meeting ended → 409; not for outsiders.
    expect(await status('participant', 'PUT', `${m}/outcome`, { outcome: 'agreement' })).toBe(409);
    for (const who of ['other', 'observer'] as const)
      expect(await status(who, 'PUT', `${m}/outcome`, { outcome: 'agreement' })).toBe(403);

    // Schedule centrally: organisers only.
    const sched = { aDistrictId: eu, bDistrictId: stranger, slot: 5, table: 3 };
    for (const who of ['participant', 'observer', 'other'] as const)
      expect(await status(who, 'POST', `${ev}/schedule`, sched)).toBe(403);
    expect(await status('moderator', 'POST', `${ev}/schedule`, sched)).toBe(201);

    // Slot fields cannot change under scheduled meetings; title can.
    const moved = await agents.moderator.request<{ error: { code: string } }>('PATCH', ev, {
      dayStart: '10:00',
    });
    expect(moved.status).toBe(409);
    expect(await status('moderator', 'PATCH', ev, { tables: 30 })).toBe(200);
    expect(await status('moderator', 'PATCH', ev, { tables: 2 })).toBe(409);

    // Cancel: either side or an organiser, not others.
    for (const who of ['other', 'observer'] as const)
      expect(await status(who, 'POST', `${m}/cancel`)).toBe(403);
    expect(await status('participant2', 'POST', `${m}/cancel`)).toBe(200);
    expect(await status('participant2', 'POST', `${m}/cancel`)).toBe(409);
    // A cancelled pair can ask again.
    expect(await status('participant', 'POST', `${ev}/meetings`, req)).toBe(201);

    // Organiser actions are audited.
    const actions = (await AuditEntry.find({ workspaceId: world.workspaceId }).lean()).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['meetings.eventCreated', 'meetings.eventChanged', 'meetings.scheduled']),
    );

    // Cancelling the event cancels its meetings and frees their bookings.
    expect(await status('moderator', 'POST', `${ev}/cancel`)).toBe(200);
    expect(await status('moderator', 'POST', `${ev}/cancel`)).toBe(409);
    expect(await MeetingBooking.countDocuments({ eventId: event.id })).toBe(0);
    expect(
      await Meeting.countDocuments({ eventId: event.id, state: mongoose.trusted({ $ne: 'cancelled' }) }),
    ).toBe(0);
    expect(await status('participant', 'POST', `${ev}/meetings`, { ...req, slot: 3 })).toBe(409);

    // Bad input: clear errors.
    const bad = await agents.participant.request<{ error: { code: string; message: string } }>(
      'POST',
      `${base}/events/${event.id}/meetings`,
      { ...req, slot: -1 },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('slot');
    expect(await status('participant', 'GET', `${base}/events/not-an-id`)).toBe(400);
    expect(await status('participant', 'GET', `${base}/events/${new Types.ObjectId().toHexString()}`)).toBe(
      404,
    );
  });

  it('20 parallel bookings of one slot: 1 meeting and 19 conflicts, never a district or table twice', async () => {
    const event = await createEvent({ tables: 25 });
    const ev = `${base}/events/${event.id}`;
    const hub = await district('Hub Cluster', 'PT', 'EU', [hubRepId]);
    const partners = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const p = await district(`Partner ${i}`, 'MX', 'LAC', [world.users.participant2.id]);
        await match(hub, p);
        return p;
      }),
    );
    // The hub asks each partner for slot 4; all 20 partners accept at the same moment.
    const requests = await Promise.all(
      partners.map((p) =>
        agents.hubRep.request<MeetingDto>('POST', `${ev}/meetings`, {
          fromDistrictId: hub,
          toDistrictId: p,
          slot: 4,
        }),
      ),
    );
    expect(requests.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = requests.map((r) => r.body.id);
    const results = await Promise.all(
      ids.map((id) =>
        agents.participant2.request<{ error?: { code: string; details?: unknown } }>(
          'POST',
          `${base}/${id}/accept`,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(19);
    expect(losers.every((r) => r.body.error?.code === 'conflict')).toBe(true);
    // Each loser is told, as data, that the hub is busy in slot 4 (what the page words in the viewer's language).
    for (const r of losers)
      expect(r.body.error?.details).toEqual({
        reason: 'district_busy',
        districtId: hub,
        districtName: 'Hub Cluster',
        slotStart: event.slots[4].start,
      });

    // Central scheduling of 20 different pairs at one table in one slot: 1 wins.
    const pairs = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => [
        await district(`Left ${i}`, 'ES', 'EU', []),
        await district(`Right ${i}`, 'BR', 'LAC', []),
      ]),
    );
    const central = await Promise.all(
      pairs.map(([a, b]) =>
        agents.moderator.request('POST', `${ev}/schedule`, {
          aDistrictId: a,
          bDistrictId: b,
          slot: 6,
          table: 7,
        }),
      ),
    );
    expect(central.filter((r) => r.status === 201)).toHaveLength(1);
    expect(central.filter((r) => r.status === 409)).toHaveLength(19);

    // Central scheduling of the hub with 20 partners in one slot at 20 tables: the hub meets one.
    const hubCentral = await Promise.all(
      partners.map((p, i) =>
        agents.moderator.request('POST', `${ev}/schedule`, {
          aDistrictId: hub,
          bDistrictId: p,
          slot: 8,
          table: i + 1,
        }),
      ),
    );
    expect(hubCentral.filter((r) => r.status === 201)).toHaveLength(1);
    expect(hubCentral.filter((r) => r.status === 409)).toHaveLength(19);

    // The database holds no district and no table twice in a slot, and every scheduled meeting its three keys.
    const scheduled = await Meeting.find({ eventId: event.id, state: 'scheduled' }).lean();
    const seen = new Set<string>();
    for (const m of scheduled) {
      for (const key of [`d:${String(m.fromDistrictId)}`, `d:${String(m.toDistrictId)}`, `t:${m.table}`]) {
        expect(seen.has(`${m.slot}|${key}`)).toBe(false);
        seen.add(`${m.slot}|${key}`);
      }
    }
    expect(scheduled).toHaveLength(3);
    expect(await MeetingBooking.countDocuments({ eventId: event.id })).toBe(9);
    const edges = await listMeetingEdges(new Types.ObjectId(world.workspaceId));
    expect(edges.filter((e) => e.eventId === event.id && e.status === 'scheduled')).toHaveLength(3);
    expect(edges.find((e) => e.eventId === event.id && e.status === 'scheduled')).toEqual({
      a: expect.stringMatching(/^[a-f0-9]{24}$/),
      b: expect.stringMatching(/^[a-f0-9]{24}$/),
      status: 'scheduled',
      eventId: event.id,
      meetingId: expect.stringMatching(/^[a-f0-9]{24}$/),
      at: expect.any(String),
    });
  });

  it('ICS per district carries the right UTC instants across DST: Madrid venue, Santiago viewer, January and July', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const cases = [
      // Madrid CET (UTC+1) in January; Santiago is on summer time then (UTC−3).
      { date: `${year}-01-18`, utc: `${year}-01-18T08:00:00.000Z`, santiago: '05:00', madrid: '09:00' },
      // Madrid CEST (UTC+2) in July; Santiago on standard time (UTC−4).
      { date: `${year}-07-19`, utc: `${year}-07-19T07:00:00.000Z`, santiago: '03:00', madrid: '09:00' },
    ];
    for (const c of cases) {
      const event = await createEvent({
        startDate: c.date,
        endDate: c.date,
        dayStart: '09:00',
        dayEnd: '10:00',
      });
      const r = await agents.moderator.request<MeetingDto>('POST', `${base}/events/${event.id}/schedule`, {
        aDistrictId: eu,
        bDistrictId: lac,
        slot: 0,
        table: 1,
      });
      expect(r.status).toBe(201);
      for (const who of ['participant', 'participant2'] as const) {
        const d = who === 'participant' ? eu : lac;
        const res = await agents[who].request<string>(
          'GET',
          `${base}/events/${event.id}/districts/${d}/meetings.ics?lang=es`,
        );
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/calendar');
        const [vevent, ...rest] = eventsOf(res.body);
        expect(rest).toEqual([]);
        expect(vevent.start).toBe(c.utc);
        expect(Date.parse(vevent.end) - Date.parse(vevent.start)).toBe(20 * 60_000);
        expect(vevent.summary).toContain('Reunión');
        expect(vevent.location).toContain('Mesa 1');
        expect(formatInZone(vevent.start, 'America/Santiago', 'en-GB').time).toBe(c.santiago);
        expect(formatInZone(vevent.start, 'Europe/Madrid', 'en-GB').time).toBe(c.madrid);
      }
    }
    // One event across Europe's spring change (last Sunday of March): 09:00 Madrid is 08:00Z before, 07:00Z after.
    const spring = await createEvent({
      startDate: '2031-03-29',
      endDate: '2031-03-31',
      dayStart: '09:00',
      dayEnd: '09:30',
      meetingMinutes: 30,
    });
    expect(spring.slots.map((s) => s.start)).toEqual([
      '2031-03-29T08:00:00.000Z',
      '2031-03-30T07:00:00.000Z',
      '2031-03-31T07:00:00.000Z',
    ]);
  });

  it('outcomes after the meeting, by either side or the organiser; live facts to the workspace room', async () => {
    // A past event: the organiser records a meeting that took place, then the sides record its outcome.
    const event = await createEvent({ startDate: '2025-03-10', endDate: '2025-03-10' });
    const ev = `${base}/events/${event.id}`;
    const { socket: lacSocket } = await personaSocket(server.url, world.users.participant2.email);
    const { socket: observerSocket } = await personaSocket(server.url, world.users.observer.email);
    try {
      for (const s of [lacSocket, observerSocket])
        await command(s, 'workspace:join', { workspaceId: world.workspaceId });
      // Representatives cannot book a slot in the past.
      expect(
        (
          await agents.participant.request('POST', `${ev}/meetings`, {
            fromDistrictId: eu,
            toDistrictId: lac,
            slot: 0,
          })
        ).status,
      ).toBe(409);
      const scheduledSeen = waitForEvent<MeetingFactDto>(
        lacSocket,
        'meeting:updated',
        (f) => f.eventId === event.id,
      );
      const r = await agents.admin.request<MeetingDto>('POST', `${ev}/schedule`, {
        aDistrictId: eu,
        bDistrictId: lac,
        slot: 0,
        table: 2,
      });
      expect(r.status).toBe(201);
      const fact = await scheduledSeen;
      expect(fact).toMatchObject({
        change: 'scheduled',
        meeting: { id: r.body.id, state: 'scheduled', table: 2 },
      });
      expect(fact.meeting.note).toBeUndefined();

      const m = `${base}/${r.body.id}`;
      const outcomeSeen = waitForEvent<MeetingFactDto>(
        observerSocket,
        'meeting:updated',
        (f) => f.change === 'outcome',
      );
      const set = await agents.participant2.request<MeetingDto>('PUT', `${m}/outcome`, {
        outcome: 'follow_up',
        note: 'Pilot shipment in spring',
      });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ outcome: 'follow_up', outcomeNote: 'Pilot shipment in spring' });
      expect((await outcomeSeen).meeting.outcome).toBe('follow_up');
      expect(
        (
          await agents.participant.request('PUT', `${m}/outcome`, {
            outcome: 'agreement',
            note: 'Signed MoU',
          })
        ).status,
      ).toBe(200);
      expect((await agents.moderator.request('PUT', `${m}/outcome`, { outcome: 'agreement' })).status).toBe(
        200,
      );
      const bad = await agents.participant.request<{ error: { message: string } }>('PUT', `${m}/outcome`, {
        outcome: 'maybe',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('outcome');
      const edge = (await listMeetingEdges(new Types.ObjectId(world.workspaceId))).find(
        (e) => e.meetingId === r.body.id,
      );
      expect(edge).toMatchObject({ a: eu, b: lac, status: 'agreement', at: event.slots[0].start });
      // The observer reads the programme, never the outcome note.
      const observed = await agents.observer.request<MeetingScheduleDto>('GET', ev);
      expect(observed.body.meetings[0].outcome).toBe('agreement');
      expect(observed.body.meetings[0].outcomeNote).toBeUndefined();
    } finally {
      lacSocket.disconnect();
      observerSocket.disconnect();
    }
  });
  it('central scheduling: organisers see every matched pair and book one directly, without a request, race-safe', async () => {
    const a = await district('Cluster Nord', 'DE', 'EU', []);
    const b = await district('Polo Sul', 'BR', 'LAC', []);
    const lone = await district('Unmatched Hub', 'PT', 'EU', []);
    await match(a, b);
    await Interest.create({
      workspaceId: new Types.ObjectId(world.workspaceId),
      fromDistrictId: new Types.ObjectId(lone),
      toDistrictId: new Types.ObjectId(a),
      byUserId: new Types.ObjectId(world.users.admin.id),
      about: null,
      note: null,
      state: 'active',
    }); // one way only: not a match
    const event = await createEvent();
    const ev = `${base}/events/${event.id}`;
    const asOrganiser = await agents.moderator.request<MeetingScheduleDto>('GET', ev);
    expect(asOrganiser.status).toBe(200);
    const pairKeys = asOrganiser.body.matchedPairs.map((p) => [p.a.id, p.b.id].sort().join('|'));
    expect(pairKeys).toEqual(expect.arrayContaining([[a, b].sort().join('|'), [eu, lac].sort().join('|')]));
    expect(pairKeys.some((k) => k.includes(lone))).toBe(false);
    expect(new Set(pairKeys).size).toBe(pairKeys.length); // each pair once
    const ab = asOrganiser.body.matchedPairs.find((p) => [p.a.id, p.b.id].includes(a));
    expect(ab?.a.regionGroup === 'EU' ? ab.b : ab?.a).toMatchObject({ name: 'Polo Sul', country: 'BR' });
    // Representatives and observers get no list of others' matches.
    for (const who of ['participant2', 'observer'] as const) {
      const r = await agents[who].request<MeetingScheduleDto>('GET', ev);
      expect(r.status).toBe(200);
      expect(r.body.matchedPairs).toEqual([]);
    }
    // Five organisers' clicks on the same pair at once (different tables): one meeting, four conflicts.
    const clicks = await Promise.all(
      [1, 2, 3, 4, 5].map((table) =>
        agents.moderator.request<MeetingDto>('POST', `${ev}/schedule`, {
          aDistrictId: a,
          bDistrictId: b,
          slot: 2,
          table,
        }),
      ),
    );
    expect(clicks.filter((r) => r.status === 201)).toHaveLength(1);
    expect(clicks.filter((r) => r.status === 409)).toHaveLength(4);
    const won = clicks.find((r) => r.status === 201)?.body;
    expect(won).toMatchObject({ state: 'scheduled', slot: 2, proposedBy: 'organiser' });
    // One meeting for the pair (no dangling request from the losers) and its three bookings.
    const stored = (await Meeting.find({ eventId: event.id }).lean()).filter((m) => m.state !== 'cancelled');
    expect(stored.map((m) => m.state)).toEqual(['scheduled']);
    expect(await MeetingBooking.countDocuments({ eventId: event.id })).toBe(3);
    // A central booking that loses (district a is taken in slot 2) leaves no request behind for its pair.
    const lost = await agents.moderator.request('POST', `${ev}/schedule`, {
      aDistrictId: a,
      bDistrictId: lac,
      slot: 2,
      table: 5,
    });
    expect(lost.status).toBe(409);
    const open = (await Meeting.find({ eventId: event.id }).lean()).filter((m) => m.state !== 'cancelled');
    expect(open.map((m) => m.state)).toEqual(['scheduled']);
  });
  it('a losing booking’s conflict carries the reason, the names and the slot as data (district, table, slot)', async () => {
    type Refusal = { error?: { code: string; message: string; details?: unknown } };
    const event = await createEvent({ tables: 2 });
    const ev = `${base}/events/${event.id}`;
    const [x, y, z, w] = await Promise.all([
      district('Clúster Aeroespacial', 'ES', 'EU', []),
      district('Polo Têxtil', 'BR', 'LAC', []),
      district('Pôle Lumière', 'FR', 'EU', []),
      district('Clúster Minero', 'CL', 'LAC', []),
    ]);
    const schedule = (aDistrictId: string, bDistrictId: string, slot: number, table: number) =>
      agents.moderator.request<Refusal>('POST', `${ev}/schedule`, { aDistrictId, bDistrictId, slot, table });
    expect((await schedule(x, y, 1, 1)).status).toBe(201);

    // A district already met in the slot: named, with its id and the slot's start (not a generic conflict).
    const busy = await schedule(z, y, 1, 2);
    expect(busy.status).toBe(409);
    expect(busy.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('Polo Têxtil'),
    });
    expect(busy.body.error?.details).toEqual({
      reason: 'district_busy',
      districtId: y,
      districtName: 'Polo Têxtil',
      slotStart: event.slots[1].start,
    });
    expect(meetingConflictDetailsSchema.safeParse(busy.body.error?.details).success).toBe(true);

    // The organiser's table is taken (both districts free).
    const table = await schedule(z, w, 1, 1);
    expect(table.status).toBe(409);
    expect(table.body.error?.details).toEqual({
      reason: 'table_taken',
      table: 1,
      slotStart: event.slots[1].start,
    });

    // The organiser takes over a request asked the other way round (eu → lac) and lac is busy: lac is named.
    expect((await schedule(lac, w, 3, 1)).status).toBe(201);
    const asked = await agents.participant.request<MeetingDto>('POST', `${ev}/meetings`, {
      fromDistrictId: eu,
      toDistrictId: lac,
      slot: 3,
    });
    expect(asked.status).toBe(201);
    const reversed = await schedule(lac, eu, 3, 2);
    expect(reversed.status).toBe(409);
    expect(reversed.body.error?.details).toMatchObject({
      reason: 'district_busy',
      districtId: lac,
      districtName: 'Polo Frutícola del Maule',
    });

    // Accepting a slot in which every table is taken: the slot is full.
    expect((await schedule(x, w, 5, 1)).status).toBe(201);
    expect((await schedule(y, z, 5, 2)).status).toBe(201);
    const proposed = await agents.participant.request<MeetingDto>(
      'POST',
      `${base}/${asked.body.id}/propose`,
      {
        slot: 5,
      },
    );
    expect(proposed.status).toBe(200);
    const full = await agents.participant2.request<Refusal>('POST', `${base}/${asked.body.id}/accept`);
    expect(full.status).toBe(409);
    expect(full.body.error?.details).toEqual({ reason: 'slot_taken', slotStart: event.slots[5].start });
  });

  it('privacy: export lists the user’s meeting requests and outcomes; deletion erases request notes and unlinks them', async () => {
    const event = await createEvent();
    const made = await agents.participant.request<MeetingDto>('POST', `${base}/events/${event.id}/meetings`, {
      fromDistrictId: eu,
      toDistrictId: lac,
      slot: 3,
      note: 'My personal note',
    });
    expect(made.status).toBe(201);
    const exported = await agents.participant.request<UserExportDto>('GET', '/api/users/me/export');
    expect(exported.status).toBe(200);
    expect(exported.body.meetings?.requested).toContainEqual(
      expect.objectContaining({ meetingId: made.body.id, note: 'My personal note' }),
    );
    expect(exported.body.meetings?.outcomes).toEqual(expect.any(Array));
    const gone = await agents.participant.request('DELETE', '/api/users/me', { password: TEST_PASSWORD });
    expect(gone.status).toBe(204);
    const after = await Meeting.findById(made.body.id).lean();
    expect(after).toMatchObject({ requestedById: null, note: null, state: 'requested' });
    expect(
      await Meeting.countDocuments({ outcomeById: new Types.ObjectId(world.users.participant.id) }),
    ).toBe(0);
  });
});
