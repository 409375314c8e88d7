import { Types } from 'mongoose';
import type { InterestDto, InterestFactDto, InterestListDto, SuggestionsDto } from '@polos/shared';
import { District } from '../../../../server/src/features/districts/district.model';
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
let eu: string; // represented by participant
let lac: string; // represented by participant2
let hiddenLac: string;
let base: string;
const agents = {} as Record<
  'participant' | 'participant2' | 'moderator' | 'admin' | 'observer' | 'nonMember',
  Agent
>;

const card = (id: string, title: string, sectors: string[], targetCountries: string[] = []) => ({
  id,
  title,
  description: null,
  sectors,
  targetCountries,
});

async function district(
  name: string,
  country: string,
  regionGroup: 'EU' | 'LAC',
  reps: string[],
  extra: Record<string, unknown>,
): Promise<string> {
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
    ...extra,
  });
  return d._id.toHexString();
}

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld();
  eu = await district('Clúster Logístico Valencia', 'ES', 'EU', [world.users.participant.id], {
    offers: [card('o1', 'Cold-chain logistics for fruit exports', ['52'])],
  });
  lac = await district('Polo Frutícola del Maule', 'CL', 'LAC', [world.users.participant2.id], {
    kind: 'rd_organisation',
    requests: [card('r1', 'Logística de cadena de frío para exportar fruta', ['52'], ['ES'])],
  });
  hiddenLac = await district('Clúster Oculto', 'MX', 'LAC', [], {
    requests: [card('r1', 'Cold chain logistics', ['52'], ['ES'])],
  });
  // An observer listed as representative still cannot act for the district.
  await district('Observed', 'BR', 'LAC', [world.users.observer.id], {});
  base = `/api/workspaces/${world.workspaceId}/matching`;
  for (const who of ['participant', 'participant2', 'moderator', 'admin', 'observer', 'nonMember'] as const)
    agents[who] = await signIn(server.url, world.users[who].email);
});

afterAll(async () => {
  await server?.stop();
});

const suggestions = (who: keyof typeof agents, districtId: string, query = '') =>
  agents[who].request<SuggestionsDto>('GET', `${base}/districts/${districtId}/suggestions${query}`);

describe('partner matching over HTTP and sockets', () => {
  it('suggests the other region with explained reasons, filters, and leaves hidden districts out', async () => {
    const res = await suggestions('participant', eu);
    expect(res.status).toBe(200);
    const top = res.body.items[0];
    expect(top.district.id).toBe(lac);
    expect(top.crossRegion).toBe(true);
    expect(top.reasons).toContainEqual(
      expect.objectContaining({
        kind: 'offerMatchesRequest',
        offerOwner: 'mine',
        requestId: 'r1',
        nace: ['52'],
      }),
    );
    expect(top.reasons).toContainEqual(expect.objectContaining({ kind: 'complementaryKinds' }));
    expect(res.body.items.every((s) => s.crossRegion)).toBe(true);
    expect(res.body.items.map((s) => s.district.id)).toContain(hiddenLac);

    const hide = await agents.admin.request('PUT', `${base}/districts/${hiddenLac}/settings`, {
      hidden: true,
    });
    expect(hide.status).toBe(200);
    const after = await suggestions('participant', eu);
    expect(after.body.items.map((s) => s.district.id)).not.toContain(hiddenLac);
    expect(
      (await suggestions('participant', eu, '?scope=all')).body.items.map((s) => s.district.id),
    ).not.toContain(hiddenLac);
    // Same-region scope and filters.
    expect((await suggestions('participant', eu, '?scope=same')).body.items).toEqual([]);
    expect((await suggestions('participant', eu, '?country=MX')).body.items).toEqual([]);
    expect((await suggestions('participant', eu, '?sector=52')).body.items[0].district.id).toBe(lac);
    // Stable for equal input.
    expect((await suggestions('participant', eu)).body).toEqual(after.body);
    expect((await suggestions('participant', eu, '?scope=nope')).status).toBe(400);
    // Query validation: a clear range for limit (0 and 1000 refused), real NACE divisions only.
    for (const q of ['?limit=0', '?limit=1000', '?limit=-1', '?limit=abc']) {
      const bad = await suggestions('participant', eu, q);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('must be a whole number from 1 to 100');
    }
    expect((await suggestions('participant', eu, '?limit=1')).body.items).toHaveLength(1);
    expect((await suggestions('participant', eu, '?limit=100')).status).toBe(200);
    expect((await suggestions('participant', eu, '?sector=99')).status).toBe(200);
    for (const q of ['?sector=00', '?sector=1', '?sector=04', '?sector=100']) {
      const bad = await suggestions('participant', eu, q);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('must be a NACE Rev. 2 division code');
    }
  });

  it('authorises suggestions: representative, moderator, admin yes; other participant, observer, non-member no', async () => {
    expect((await suggestions('participant', eu)).status).toBe(200);
    expect((await suggestions('moderator', eu)).status).toBe(200);
    expect((await suggestions('admin', eu)).status).toBe(200);
    expect((await suggestions('participant2', eu)).status).toBe(403);
    expect((await suggestions('observer', eu)).status).toBe(403);
    expect([403, 404]).toContain((await suggestions('nonMember', eu)).status);
    expect((await new Agent(server.url).request('GET', `${base}/districts/${eu}/suggestions`)).status).toBe(
      401,
    );
    // Only representatives (and admins) change the hide setting.
    expect(
      (await agents.participant2.request('PUT', `${base}/districts/${eu}/settings`, { hidden: true })).status,
    ).toBe(403);
    expect(
      (await agents.moderator.request('PUT', `${base}/districts/${eu}/settings`, { hidden: true })).status,
    ).toBe(403);
  });

  it('interest → match → withdraw, live to both sides and the moderators; one record under parallel requests', async () => {
    const sockets: TestSocket[] = [];
    const socketOf = async (who: 'participant' | 'participant2' | 'moderator') => {
      const { socket } = await personaSocket(server.url, world.users[who].email);
      await command(socket, 'workspace:join', { workspaceId: world.workspaceId });
      sockets.push(socket);
      return socket;
    };
    try {
      const [euSocket, lacSocket, modSocket] = [
        await socketOf('participant'),
        await socketOf('participant2'),
        await socketOf('moderator'),
      ];
      const lacSees = waitForEvent<InterestFactDto>(
        lacSocket,
        'matching:interest',
        (f) => f.change === 'expressed',
      );
      const modSees = waitForEvent<InterestFactDto>(modSocket, 'matching:interest');
      const body = {
        fromDistrictId: eu,
        toDistrictId: lac,
        about: { side: 'request', owner: 'to', cardId: 'r1' },
        note: '  We run reefer hubs in Valencia  ',
      };
      const parallel = await Promise.all(
        Array.from({ length: 8 }, () =>
          agents.participant.request<InterestDto>('POST', `${base}/interests`, body),
        ),
      );
      expect(parallel.every((r) => r.status === 201 || r.status === 200)).toBe(true);
      expect(new Set(parallel.map((r) => r.body.id)).size).toBe(1);
      const fact = await lacSees;
      expect(fact.interest).toMatchObject({
        from: { id: eu },
        to: { id: lac },
        about: { title: 'Logística de cadena de frío para exportar fruta' },
        note: 'We run reefer hubs in Valencia',
        mutual: false,
      });
      await modSees;

      // The other side's list shows it as incoming; the suggestion carries the state.
      const list = await agents.participant2.request<InterestListDto>('GET', `${base}/interests`);
      expect(list.body.myDistrictIds).toEqual([lac]);
      expect(list.body.items).toHaveLength(1);
      expect((await suggestions('participant2', lac)).body.items[0].interest).toEqual({
        outgoing: false,
        incoming: true,
      });

      // Bad input and authorisation of expressing interest.
      expect(
        (
          await agents.participant.request('POST', `${base}/interests`, {
            ...body,
            about: { side: 'offer', owner: 'to', cardId: 'x' },
          })
        ).status,
      ).toBe(400);
      expect((await agents.participant2.request('POST', `${base}/interests`, body)).status).toBe(403);
      expect((await agents.moderator.request('POST', `${base}/interests`, body)).status).toBe(403);
      expect((await agents.observer.request('POST', `${base}/interests`, body)).status).toBe(403);
      expect(
        (await agents.participant.request('POST', `${base}/interests`, { ...body, toDistrictId: eu })).status,
      ).toBe(400);

      // Interest back = a match, seen live by the first side.
      const euSeesMatch = waitForEvent<InterestFactDto>(euSocket, 'matching:interest', (f) => f.match);
      const back = await agents.participant2.request<InterestDto>('POST', `${base}/interests`, {
        fromDistrictId: lac,
        toDistrictId: eu,
      });
      expect(back.status).toBe(201);
      expect(back.body.mutual).toBe(true);
      expect((await euSeesMatch).interest.from.id).toBe(lac);
      const mine = await agents.participant.request<InterestListDto>('GET', `${base}/interests`);
      expect(mine.body.items.filter((i) => i.mutual)).toHaveLength(2);

      // Moderators and admins see all; observers and non-members do not.
      expect(
        (await agents.moderator.request<InterestListDto>('GET', `${base}/interests`)).body.items,
      ).toHaveLength(2);
      expect(
        (await agents.admin.request<InterestListDto>('GET', `${base}/interests`)).body.items,
      ).toHaveLength(2);
      expect((await agents.observer.request('GET', `${base}/interests`)).status).toBe(403);
      expect([403, 404]).toContain((await agents.nonMember.request('GET', `${base}/interests`)).status);

      // Withdraw: only the interested side (or an admin); the match ends live.
      const first = parallel[0].body.id;
      expect((await agents.participant2.request('POST', `${base}/interests/${first}/withdraw`)).status).toBe(
        403,
      );
      const lacSeesEnd = waitForEvent<InterestFactDto>(
        lacSocket,
        'matching:interest',
        (f) => f.change === 'withdrawn',
      );
      const withdrawn = await agents.participant.request<InterestDto>(
        'POST',
        `${base}/interests/${first}/withdraw`,
      );
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ state: 'withdrawn', mutual: false });
      expect(await lacSeesEnd).toMatchObject({ match: true, interest: { state: 'withdrawn' } });
      expect((await agents.participant.request('POST', `${base}/interests/${first}/withdraw`)).status).toBe(
        409,
      );
      const after = await agents.participant2.request<InterestListDto>('GET', `${base}/interests`);
      expect(after.body.items.some((i) => i.mutual)).toBe(false);
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('a stored profile change shows in the next suggestions (prepared profiles refreshed on the fact)', async () => {
    const reasonsFor = async () =>
      (await suggestions('participant', eu)).body.items.find((s) => s.district.id === lac)?.reasons ?? [];
    expect(await reasonsFor()).toContainEqual(
      expect.objectContaining({ kind: 'offerMatchesRequest', requestId: 'r1' }),
    );
    const profileUrl = `/api/workspaces/${world.workspaceId}/districts/${lac}`;
    const save = async (requests: unknown[]) => {
      const current = await agents.participant2.request<{ revision: number }>('GET', profileUrl);
      expect(current.status).toBe(200);
      const res = await agents.participant2.request('PATCH', profileUrl, {
        baseRevision: current.body.revision,
        changes: { requests },
      });
      expect(res.status).toBe(200);
    };
    // The request that matched is replaced by an unrelated one: its reason goes at once, the new one is scored.
    await save([card('r2', 'Pruebas de software embebido', ['62'])]);
    const after = await reasonsFor();
    expect(after.some((r) => r.kind === 'offerMatchesRequest')).toBe(false);
    expect(after.some((r) => r.kind === 'requestTargetsCountry')).toBe(false);
    await save([card('r1', 'Logística de cadena de frío para exportar fruta', ['52'], ['ES'])]);
    expect(await reasonsFor()).toContainEqual(
      expect.objectContaining({ kind: 'offerMatchesRequest', requestId: 'r1' }),
    );
  });
});
