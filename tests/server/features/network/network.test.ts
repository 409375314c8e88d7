import { Types } from 'mongoose';
import type { NetworkChangedFactDto, NetworkDto } from '@polos/shared';
import { District } from '../../../../server/src/features/districts/district.model';
import { Interest } from '../../../../server/src/features/matching/matching.model';
import { Meeting } from '../../../../server/src/features/meetings/meetings.model';
import {
  Agent,
  buildWorld,
  command,
  personaSocket,
  signIn,
  startTestServer,
  waitForEvent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../../helpers/server';

jest.setTimeout(60_000);

let server: TestServer;
let world: TestWorld;
let url: string;
const ids = {} as Record<'eu1' | 'eu2' | 'lac1' | 'lac2' | 'lac3', string>;
const agents = {} as Record<
  'participant' | 'participant2' | 'moderator' | 'admin' | 'observer' | 'nonMember',
  Agent
>;

async function district(
  name: string,
  country: string,
  regionGroup: 'EU' | 'LAC',
  sectors: string[],
  reps: string[],
): Promise<string> {
  const d = await District.create({
    name,
    country,
    region: 'R',
    regionGroup,
    kind: 'cluster',
    sectors,
    demo: false,
    workspaceIds: [new Types.ObjectId(world.workspaceId)],
    representativeIds: reps.map((id) => new Types.ObjectId(id)),
  });
  return d._id.toHexString();
}

/** Seeds an interest as matching stores it (the seeded districts without representatives cannot post one). */
async function interest(from: string, to: string, state: 'active' | 'withdrawn' = 'active') {
  await Interest.create({
    workspaceId: new Types.ObjectId(world.workspaceId),
    fromDistrictId: new Types.ObjectId(from),
    toDistrictId: new Types.ObjectId(to),
    byUserId: new Types.ObjectId(),
    about: null,
    note: 'private note',
    state,
  });
}

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld();
  ids.eu1 = await district('EU One', 'ES', 'EU', ['52'], [world.users.participant.id]);
  ids.eu2 = await district('EU Two', 'FR', 'EU', ['10'], []);
  ids.lac1 = await district('LAC One', 'CL', 'LAC', ['52'], [world.users.participant2.id]);
  ids.lac2 = await district('LAC Two', 'MX', 'LAC', ['10'], []);
  // An observer listed as representative still does not act for it (sees no one-sided interests).
  ids.lac3 = await district('LAC Three', 'BR', 'LAC', ['01'], [world.users.observer.id]);
  await interest(ids.eu1, ids.lac1); // EU–LAC, one-sided (the participant's district)
  await interest(ids.eu2, ids.lac2); // EU–LAC, one-sided (nobody's here)
  await interest(ids.eu1, ids.eu2); // EU–EU, one-sided
  await interest(ids.lac2, ids.lac3); // LAC–LAC match
  await interest(ids.lac3, ids.lac2);
  await interest(ids.lac3, ids.eu1, 'withdrawn'); // not an edge
  url = `/api/workspaces/${world.workspaceId}/network`;
  for (const who of ['participant', 'participant2', 'moderator', 'admin', 'observer', 'nonMember'] as const)
    agents[who] = await signIn(server.url, world.users[who].email);
});

afterAll(async () => {
  await server?.stop();
});

const get = (who: keyof typeof agents, query = '') =>
  agents[who].request<NetworkDto>('GET', `${url}${query}`);
const pairsOf = (n: NetworkDto) =>
  n.edges.map((e) => {
    const name = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0];
    return `${[name(e.a), name(e.b)].sort().join('-')}:${e.status}`;
  });

describe('GET /api/workspaces/:id/network', () => {
  it('counts EU–LAC versus within-region edges of the seeded set (moderators and admins see every edge)', async () => {
    for (const who of ['moderator', 'admin'] as const) {
      const res = await get(who);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.body.interests).toBe('all');
      expect(res.body.nodes.filter((n) => Object.values(ids).includes(n.id))).toHaveLength(5);
      expect(res.body.nodes.find((n) => n.id === ids.lac1)).toMatchObject({
        name: 'LAC One',
        country: 'CL',
        regionGroup: 'LAC',
        sectors: ['52'],
      });
      expect(pairsOf(res.body).sort()).toEqual(
        ['eu1-lac1:interest', 'eu2-lac2:interest', 'eu1-eu2:interest', 'lac2-lac3:match'].sort(),
      );
      expect(res.body.counts).toMatchObject({ euLac: 2, euEu: 1, lacLac: 1, within: 2, other: 0, total: 4 });
      expect(res.body.counts.byStatus.interest).toMatchObject({ euLac: 2, euEu: 1, within: 1, total: 3 });
      expect(res.body.counts.byStatus.match).toMatchObject({ lacLac: 1, within: 1, total: 1 });
      const match = res.body.edges.find((e) => e.status === 'match')!;
      expect(match).toMatchObject({ pairing: 'LAC-LAC', counts: { interest: 2, match: 1, held: 0 } });
      // No notes or authors in the network.
      expect(JSON.stringify(res.body)).not.toContain('private note');
    }
  });

  it('shows one-sided interests only to their sides; observers see mutual relations only; members only', async () => {
    const p1 = await get('participant');
    expect(p1.body).toMatchObject({ interests: 'own', myDistrictIds: [ids.eu1] });
    expect(pairsOf(p1.body).sort()).toEqual(['eu1-eu2:interest', 'eu1-lac1:interest', 'lac2-lac3:match']);
    expect(p1.body.counts).toMatchObject({ euLac: 1, euEu: 1, lacLac: 1, within: 2, total: 3 });

    const p2 = await get('participant2');
    expect(p2.body).toMatchObject({ interests: 'own', myDistrictIds: [ids.lac1] });
    expect(pairsOf(p2.body).sort()).toEqual(['eu1-lac1:interest', 'lac2-lac3:match']);

    const obs = await get('observer');
    expect(obs.status).toBe(200);
    expect(obs.body).toMatchObject({ interests: 'none', myDistrictIds: [] });
    expect(pairsOf(obs.body)).toEqual(['lac2-lac3:match']);
    expect(obs.body.counts).toMatchObject({ euLac: 0, lacLac: 1, within: 1, total: 1 });

    expect([403, 404]).toContain((await get('nonMember')).status);
    expect((await new Agent(server.url).request('GET', url)).status).toBe(401);
    const unknown = `/api/workspaces/${new Types.ObjectId().toHexString()}/network`;
    expect((await agents.moderator.request('GET', unknown)).status).toBe(404);
  });

  it('filters by NACE division (edges with an end in it, and their partners) and by status', async () => {
    const food = await get('moderator', '?sector=10');
    expect(food.status).toBe(200);
    expect(pairsOf(food.body).sort()).toEqual(['eu1-eu2:interest', 'eu2-lac2:interest', 'lac2-lac3:match']);
    expect(food.body.nodes.map((n) => n.id).sort()).toEqual([ids.eu1, ids.eu2, ids.lac2, ids.lac3].sort());
    expect(food.body.counts).toMatchObject({ euLac: 1, euEu: 1, lacLac: 1, total: 3 });

    const matches = await get('moderator', '?status=match');
    expect(pairsOf(matches.body)).toEqual(['lac2-lac3:match']);
    expect(matches.body.counts).toMatchObject({ euLac: 0, within: 1, total: 1 });
    // Status filter keeps every node (isolated districts are part of the network).
    expect(matches.body.nodes.length).toBeGreaterThanOrEqual(5);

    const both = await get('moderator', '?status=interest,match&sector=52');
    expect(pairsOf(both.body).sort()).toEqual(['eu1-eu2:interest', 'eu1-lac1:interest']);

    for (const bad of ['?sector=1', '?sector=ab', '?status=friends', '?status=match,', '?colour=red']) {
      const res = await agents.moderator.request<{ error: { code: string; message: string } }>(
        'GET',
        `${url}${bad}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid');
    }
  });

  it('a new match reaches every member as network:changed and the refetched network has the edge', async () => {
    const sockets: TestSocket[] = [];
    try {
      const { socket: obsSocket } = await personaSocket(server.url, world.users.observer.email);
      sockets.push(obsSocket);
      await command(obsSocket, 'workspace:join', { workspaceId: world.workspaceId });
      const before = await get('observer');
      expect(pairsOf(before.body)).not.toContain('eu1-lac1:match');

      const changed = waitForEvent<NetworkChangedFactDto>(obsSocket, 'network:changed', undefined, 15_000);
      const back = await agents.participant2.request(
        'POST',
        `/api/workspaces/${world.workspaceId}/matching/interests`,
        {
          fromDistrictId: ids.lac1,
          toDistrictId: ids.eu1,
        },
      );
      expect(back.status).toBe(201);
      expect(await changed).toEqual({ workspaceId: world.workspaceId });
      const after = await get('observer');
      expect(pairsOf(after.body).sort()).toEqual(['eu1-lac1:match', 'lac2-lac3:match']);
      expect(after.body.counts).toMatchObject({ euLac: 1, lacLac: 1, within: 1, total: 2 });
      expect(
        after.body.edges.find((e) => e.status === 'match' && e.pairing === 'EU-LAC')?.counts,
      ).toMatchObject({
        interest: 2,
        match: 1,
      });
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('adds meetings from the meetings port: a pair shows its strongest status, counts kept, interests not told', async () => {
    const hour = 3_600_000;
    const meeting = (a: string, b: string, extra: Record<string, unknown>) =>
      Meeting.create({
        workspaceId: new Types.ObjectId(world.workspaceId),
        eventId: new Types.ObjectId(),
        fromDistrictId: new Types.ObjectId(a),
        toDistrictId: new Types.ObjectId(b),
        pairKey: [a, b].sort().join('|'),
        state: 'scheduled',
        ...extra,
      });
    await meeting(ids.eu2, ids.lac2, {
      slot: 0,
      table: 1,
      start: new Date(Date.now() + 24 * hour),
      end: new Date(Date.now() + 24 * hour + 1_800_000),
    });
    await meeting(ids.lac3, ids.lac2, {
      slot: 0,
      table: 1,
      start: new Date(Date.now() - 2 * hour),
      end: new Date(Date.now() - hour),
      outcome: 'agreement',
    });
    await meeting(ids.eu1, ids.lac3, { state: 'cancelled' }); // not an edge

    const obs = await get('observer');
    expect(pairsOf(obs.body).sort()).toEqual(['eu1-lac1:match', 'eu2-lac2:scheduled', 'lac2-lac3:agreement']);
    expect(obs.body.counts).toMatchObject({ euLac: 2, lacLac: 1, within: 1, total: 3 });
    const scheduled = obs.body.edges.find((e) => e.status === 'scheduled')!;
    // EU Two's one-sided interest stays private: the observer sees the meeting, not who is interested.
    expect(scheduled.counts).toMatchObject({ interest: 0, match: 0, scheduled: 1 });
    const agreement = obs.body.edges.find((e) => e.status === 'agreement')!;
    expect(agreement.counts).toMatchObject({ interest: 2, match: 1, agreement: 1 });

    const mod = await get('moderator', '?status=scheduled,agreement');
    expect(pairsOf(mod.body).sort()).toEqual(['eu2-lac2:scheduled', 'lac2-lac3:agreement']);
    expect(mod.body.edges.find((e) => e.status === 'scheduled')!.counts.interest).toBe(1);
    expect(mod.body.counts.byStatus.agreement).toMatchObject({ lacLac: 1, within: 1, total: 1 });
  });
});
