import ICAL from 'ical.js';
import type { AgendaDto, AgendaSessionDto, AuditEntryDto } from '@polos/shared';
import {
  buildWorld,
  signIn,
  startTestServer,
  type Agent,
  type TestServer,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

/** The VEVENTs of an iCalendar text, parsed by ical.js: UID, summary and start/end as UTC instants. */
function eventsOf(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
    };
  });
}

/** Issue 13.2: the agenda's routes, who may do what, and ICS instants parsed back in January and July. */
describe('agenda', () => {
  let app: TestServer;
  let world: TestWorld;
  const agents = {} as Record<'admin' | 'moderator' | 'participant' | 'observer' | 'nonMember', Agent>;
  const january = {
    title: { en: 'Kick-off', es: 'Arranque' },
    start: '2027-01-14T15:00:00.000Z',
    end: '2027-01-14T16:30:00.000Z',
    timeZone: 'Europe/Madrid',
  };
  const july = {
    title: { en: 'Policies', es: 'Políticas', fr: 'Politiques' },
    start: '2027-07-15T14:00:00.000Z',
    end: '2027-07-15T15:30:00.000Z',
    timeZone: 'America/Santiago',
  };

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    for (const p of Object.keys(world.users) as Array<keyof typeof agents>) {
      if (p in { admin: 1, moderator: 1, participant: 1, observer: 1, nonMember: 1 })
        agents[p] = await signIn(app.url, world.users[p].email);
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  const base = () => `/api/workspaces/${world.workspaceId}/agenda`;

  it('letsModeratorsScheduleAndEveryMemberReadButNotOthers', async () => {
    const created = await agents.moderator.request<AgendaSessionDto>('POST', `${base()}/sessions`, {
      ...january,
      blockId: world.blockIds[0],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      start: january.start,
      end: january.end,
      blockId: world.blockIds[0],
    });

    expect((await agents.participant.request('POST', `${base()}/sessions`, july)).status).toBe(403);
    expect((await agents.nonMember.request('GET', base())).status).toBe(403);
    const read = await agents.observer.request<AgendaDto>('GET', base());
    expect(read.status).toBe(200);
    expect(read.body.sessions.map((s) => s.id)).toEqual([created.body.id]);
    expect(read.body.referenceZones).toEqual(['Europe/Madrid', 'America/Bogota']);

    // Edit and delete: moderators only.
    const path = `/api/agenda/sessions/${created.body.id}`;
    expect((await agents.participant.request('PATCH', path, { timeZone: 'Europe/Warsaw' })).status).toBe(403);
    const patched = await agents.moderator.request<AgendaSessionDto>('PATCH', path, {
      timeZone: 'Europe/Warsaw',
    });
    expect(patched.body.timeZone).toBe('Europe/Warsaw');
    expect((await agents.observer.request('DELETE', path)).status).toBe(403);
    expect((await agents.admin.request('DELETE', path)).status).toBe(204);
    expect((await agents.observer.request<AgendaDto>('GET', base())).body.sessions).toEqual([]);
  });

  // QA M2: a double click on "Schedule" sent two POSTs and made two sessions. With one request id, concurrent
  // and repeated POSTs schedule one session (the unique index settles the race); another key, or another
  // moderator's same key, is another session.
  it('schedulesOneSessionForConcurrentAndRepeatedPostsWithOneRequestId', async () => {
    const body = {
      ...january,
      title: { en: 'Double click', es: 'Doble clic' },
      requestId: 'double-click-0001',
    };
    const [first, second] = await Promise.all([
      agents.moderator.request<AgendaSessionDto>('POST', `${base()}/sessions`, body),
      agents.moderator.request<AgendaSessionDto>('POST', `${base()}/sessions`, body),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(second.body.id).toBe(first.body.id);
    const retry = await agents.moderator.request<AgendaSessionDto>('POST', `${base()}/sessions`, body);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    const titled = async () =>
      (await agents.observer.request<AgendaDto>('GET', base())).body.sessions.filter(
        (s) => s.title.en === 'Double click',
      );
    expect(await titled()).toHaveLength(1);
    const audit = await agents.admin.request<AuditEntryDto[]>(
      'GET',
      `/api/workspaces/${world.workspaceId}/audit`,
    );
    const scheduled = audit.body.filter(
      (e) => e.action === 'agenda.scheduled' && e.targetId === first.body.id,
    );
    expect(scheduled).toHaveLength(1);

    const other = await agents.moderator.request<AgendaSessionDto>('POST', `${base()}/sessions`, {
      ...body,
      requestId: 'double-click-0002',
    });
    const byAdmin = await agents.admin.request<AgendaSessionDto>('POST', `${base()}/sessions`, body);
    expect([other.status, byAdmin.status]).toEqual([201, 201]);
    expect(new Set([first.body.id, other.body.id, byAdmin.body.id]).size).toBe(3);
    expect(await titled()).toHaveLength(3);
    for (const id of [first.body.id, other.body.id, byAdmin.body.id])
      expect((await agents.admin.request('DELETE', `/api/agenda/sessions/${id}`)).status).toBe(204);
  });

  it('refusesUnknownZonesInvertedSpansAndForeignBlocksWithClearErrors', async () => {
    const bad = [
      { ...january, timeZone: 'Mars/Olympus' },
      { ...january, end: january.start },
      { ...january, start: 'tomorrow' },
      { ...january, blockId: '0123456789abcdef01234567' },
    ];
    for (const body of bad) {
      const res = await agents.moderator.request<{ error: { code: string } }>(
        'POST',
        `${base()}/sessions`,
        body,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid');
    }
    const clocks = await agents.admin.request('PUT', `${base()}/clocks`, {
      referenceZones: ['Europe/Madrid', 'Nowhere'],
    });
    expect(clocks.status).toBe(400);
  });

  it('letsOnlyAdminsPickTheReferenceClocks', async () => {
    const body = { referenceZones: ['Europe/Warsaw', 'America/Mexico_City'] };
    expect((await agents.moderator.request('PUT', `${base()}/clocks`, body)).status).toBe(403);
    expect((await agents.admin.request('PUT', `${base()}/clocks`, body)).status).toBe(200);
    expect((await agents.participant.request<AgendaDto>('GET', base())).body.referenceZones).toEqual(
      body.referenceZones,
    );
  });

  it('auditsEachChangeOfTheReferenceClocksOnceAndNotAnUnchangedSave', async () => {
    type Entry = { action: string; actor: { id: string }; data: { from?: string[]; to?: string[] } };
    const clockEntries = async () =>
      (
        await agents.admin.request<Entry[]>('GET', `/api/workspaces/${world.workspaceId}/audit?limit=200`)
      ).body.filter((e) => e.action === 'agenda.clocksChanged');
    const before = (await clockEntries()).length;
    const current = (await agents.admin.request<AgendaDto>('GET', base())).body.referenceZones;
    const next = ['America/Santiago', 'Europe/Lisbon'];
    expect((await agents.admin.request('PUT', `${base()}/clocks`, { referenceZones: next })).status).toBe(
      200,
    );
    // Saving the same clocks again is no change: no second entry.
    expect((await agents.admin.request('PUT', `${base()}/clocks`, { referenceZones: next })).status).toBe(
      200,
    );
    const after = await clockEntries();
    expect(after).toHaveLength(before + 1);
    expect(after[0].data).toEqual({ from: current, to: next });
    expect(after[0].actor.id).toBe(world.users.admin.id);
    // A refused change (moderator) leaves no entry.
    await agents.moderator.request('PUT', `${base()}/clocks`, { referenceZones: current });
    expect(await clockEntries()).toHaveLength(before + 1);
  });

  it('writesIcsWhoseInstantsParseBackInJanuaryAndJuly', async () => {
    const a = await agents.moderator.request<AgendaSessionDto>('POST', `${base()}/sessions`, january);
    const b = await agents.moderator.request<AgendaSessionDto>('POST', `${base()}/sessions`, july);

    const one = await agents.participant.request<string>(
      'GET',
      `/api/agenda/sessions/${b.body.id}.ics?lang=fr`,
    );
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(eventsOf(one.body)).toEqual([
      expect.objectContaining({ summary: 'Politiques', start: july.start, end: july.end }),
    ]);
    expect((await agents.nonMember.request('GET', `/api/agenda/sessions/${b.body.id}.ics`)).status).toBe(403);

    // The feed needs no cookie: the token in its path is the credential.
    const { feedPath } = (await agents.observer.request<AgendaDto>('GET', base())).body;
    const feed = await fetch(`${app.url}${feedPath}?lang=es`);
    expect(feed.status).toBe(200);
    const events = eventsOf(await feed.text());
    expect(events.map((e) => [e.summary, e.start, e.end])).toEqual([
      ['Arranque', january.start, january.end],
      ['Políticas', july.start, july.end],
    ]);
    expect(new Set(events.map((e) => e.uid)).size).toBe(2);
    expect(events[0].uid).toContain(a.body.id);
  });

  it('revokesTheFeedWhenAnAdminRotatesItsToken', async () => {
    const { feedPath } = (await agents.admin.request<AgendaDto>('GET', base())).body;
    expect((await agents.moderator.request('POST', `${base()}/feed-token`)).status).toBe(403);
    const rotated = await agents.admin.request<{ feedPath: string }>('POST', `${base()}/feed-token`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.feedPath).not.toBe(feedPath);
    expect((await fetch(`${app.url}${feedPath}`)).status).toBe(404);
    expect((await fetch(`${app.url}${rotated.body.feedPath}`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/agenda/feeds/not-a-token.ics`)).status).toBe(404);
  });
});
