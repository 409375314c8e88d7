import mongoose, { Types } from 'mongoose';
import Papa from 'papaparse';
import {
  CSRF_HEADER,
  SESSION_COOKIE,
  type DirectoryPageDto,
  type DistrictProfileDto,
  type DistrictUpdatedEvent,
  type ImportReportDto,
  type ProfileConflictDetails,
  type ProfileRevisionPageDto,
  type ProfilesProgressDto,
  type RepresentationRequestDto,
  type SearchResponseDto,
} from '@polos/shared';
import {
  Agent,
  buildWorld,
  command,
  personaSocket,
  signIn,
  startTestServer,
  waitForEvent,
  type HttpResult,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../../helpers/server';
import { User } from '../../../../server/src/features/users/user.model';
import { migrateLegacyDistricts } from '../../../../server/src/features/profiles/migrateDistricts';

jest.setTimeout(90_000);

type Who =
  'representative' | 'otherParticipant' | 'moderator' | 'admin' | 'observer' | 'nonMember' | 'signedOut';
const EVERYONE: Who[] = [
  'representative',
  'otherParticipant',
  'moderator',
  'admin',
  'observer',
  'nonMember',
  'signedOut',
];

/** Posts a CSV file as the browser's import form does (cookie + CSRF token, text/csv). */
async function postCsv(agent: Agent, path: string, csv: string): Promise<HttpResult<ImportReportDto>> {
  const headers: Record<string, string> = { 'content-type': 'text/csv; charset=utf-8' };
  if (agent.cookie) headers.cookie = `${SESSION_COOKIE}=${agent.cookie}`;
  if (agent.csrfToken) headers[CSRF_HEADER] = agent.csrfToken;
  const res = await fetch(`${agent.baseUrl}${path}`, { method: 'POST', headers, body: csv });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as ImportReportDto, headers: res.headers };
}

const profileBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: 'cluster',
  country: 'MX',
  region: 'Jalisco',
  regionCode: 'MX-JAL',
  ...extra,
});

/** Issue 10: district profiles over real HTTP — who may do what, revisions, conflicts, CSV. */
describe('district profiles', () => {
  let app: TestServer;
  let world: TestWorld;
  const agents = {} as Record<Who, Agent>;
  let ws: string;
  let districtId: string;
  let socket: TestSocket;

  const base = () => `/api/workspaces/${ws}/districts`;
  const profile = async (id = districtId) =>
    (await agents.admin.request<DistrictProfileDto>('GET', `${base()}/${id}`)).body;

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    ws = world.workspaceId;
    const personaOf: Record<Exclude<Who, 'signedOut'>, keyof TestWorld['users']> = {
      representative: 'participant',
      otherParticipant: 'participant2',
      moderator: 'moderator',
      admin: 'admin',
      observer: 'observer',
      nonMember: 'nonMember',
    };
    for (const [who, persona] of Object.entries(personaOf))
      agents[who as Who] = await signIn(app.url, world.users[persona].email);
    agents.signedOut = new Agent(app.url);
    // The admin creates a district in the workspace; the participant asks to represent it; the moderator approves.
    const created = await agents.admin.request<DistrictProfileDto>(
      'POST',
      base(),
      profileBody('Clúster de Autopartes de Prueba', { city: 'Guadalajara', sectors: ['29'] }),
    );
    expect(created.status).toBe(201);
    districtId = created.body.id;
    const asked = await agents.representative.request<RepresentationRequestDto>(
      'POST',
      `${base()}/${districtId}/representation-requests`,
      { message: 'I manage this cluster' },
    );
    expect(asked.status).toBe(201);
    const approved = await agents.moderator.request<RepresentationRequestDto>(
      'POST',
      `/api/workspaces/${ws}/representation-requests/${asked.body.id}/decision`,
      { approve: true },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');
    socket = (await personaSocket(app.url, world.users.observer.email)).socket;
    await command(socket, 'workspace:join', { workspaceId: ws });
  });

  afterAll(async () => {
    socket?.close();
    await app?.stop();
  });

  /** Runs `call` for every persona and returns the statuses. */
  async function statuses(
    call: (agent: Agent, who: Who) => Promise<HttpResult>,
  ): Promise<Record<Who, number>> {
    const out = {} as Record<Who, number>;
    for (const who of EVERYONE) out[who] = (await call(agents[who], who)).status;
    return out;
  }
  const readers = {
    representative: 200,
    otherParticipant: 200,
    moderator: 200,
    admin: 200,
    observer: 200,
    nonMember: 403,
    signedOut: 401,
  };

  it('authorisationTableForEveryRoute', async () => {
    expect(await statuses((a) => a.request('GET', base()))).toEqual(readers);
    expect(await statuses((a) => a.request('GET', `${base()}/progress`))).toEqual(readers);
    expect(await statuses((a) => a.request('GET', `${base()}/export?format=json`))).toEqual(readers);
    expect(await statuses((a) => a.request('GET', `${base()}/${districtId}`))).toEqual(readers);
    expect(await statuses((a) => a.request('GET', `${base()}/${districtId}/revisions`))).toEqual(readers);
    expect(await statuses((a) => a.request('GET', `/api/workspaces/${ws}/representation-requests`))).toEqual(
      readers,
    );

    const csv = 'name,country,kind,region\nClúster Tabla,MX,cluster,Jalisco\n';
    expect(await statuses((a) => postCsv(a, `${base()}/import?dryRun=true`, csv))).toEqual({
      representative: 403,
      otherParticipant: 403,
      moderator: 403,
      admin: 200,
      observer: 403,
      nonMember: 403,
      // Signed out: the missing session is the answer (the non-JSON body is refused all the same).
      signedOut: 401,
    });
    // CSRF protection unchanged: signed in without the token → 403; a signed-out non-JSON sign-in → 400.
    const tokenless = await fetch(`${app.url}${base()}/import?dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie: `${SESSION_COOKIE}=${agents.admin.cookie}` },
      body: csv,
    });
    expect(tokenless.status).toBe(403);
    const formLogin = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email: world.users.admin.email, password: 'x' }),
    });
    expect(formLogin.status).toBe(400);

    expect(
      await statuses((a, who) => a.request('POST', base(), profileBody(`Clúster Tabla ${who}`))),
    ).toEqual({
      representative: 201,
      otherParticipant: 201,
      moderator: 201,
      admin: 201,
      observer: 403,
      nonMember: 403,
      signedOut: 401,
    });

    expect(
      await statuses(async (a, who) =>
        a.request('PATCH', `${base()}/${districtId}`, {
          baseRevision: (await profile()).revision,
          changes: { city: `Ciudad ${who}` },
        }),
      ),
    ).toEqual({
      representative: 200,
      otherParticipant: 403,
      moderator: 403,
      admin: 200,
      observer: 403,
      nonMember: 403,
      signedOut: 401,
    });

    expect(
      await statuses(async (a) => {
        const current = await profile();
        return a.request('POST', `${base()}/${districtId}/revisions/1/restore`, {
          baseRevision: current.revision,
        });
      }),
    ).toEqual({
      representative: 200,
      otherParticipant: 403,
      moderator: 403,
      admin: 200,
      observer: 403,
      nonMember: 403,
      signedOut: 401,
    });

    expect(
      await statuses((a) => a.request('POST', `${base()}/${districtId}/validation`, { validated: true })),
    ).toEqual({
      representative: 403,
      otherParticipant: 403,
      moderator: 200,
      admin: 200,
      observer: 403,
      nonMember: 403,
      signedOut: 401,
    });

    const asks = await statuses((a) =>
      a.request('POST', `${base()}/${districtId}/representation-requests`, {}),
    );
    expect(asks).toEqual({
      representative: 409,
      otherParticipant: 201,
      moderator: 201,
      admin: 201,
      observer: 403,
      nonMember: 403,
      signedOut: 401,
    });
    const pending = (
      await agents.moderator.request<RepresentationRequestDto[]>(
        'GET',
        `/api/workspaces/${ws}/representation-requests?state=pending`,
      )
    ).body.filter((r) => r.district.id === districtId);
    expect(pending).toHaveLength(3);
    // A participant sees only their own requests.
    const own = await agents.otherParticipant.request<RepresentationRequestDto[]>(
      'GET',
      `/api/workspaces/${ws}/representation-requests`,
    );
    expect(own.body.every((r) => r.user.id === world.users.participant2.id)).toBe(true);
    let next = 0;
    expect(
      await statuses((a, who) => {
        // Deciders take the next pending request; the others try the same one (it stays pending).
        const target = who === 'moderator' || who === 'admin' ? pending[next++] : pending[2];
        return a.request('POST', `/api/workspaces/${ws}/representation-requests/${target.id}/decision`, {
          approve: false,
        });
      }),
    ).toEqual({
      representative: 403,
      otherParticipant: 403,
      moderator: 200,
      admin: 200,
      observer: 403,
      nonMember: 403,
      signedOut: 401,
    });
  });

  it('storesEveryChangeAsARevisionAndRestoresOne', async () => {
    const start = await profile();
    const a = await agents.representative.request<DistrictProfileDto>('PATCH', `${base()}/${districtId}`, {
      baseRevision: start.revision,
      changes: { city: 'Zapopan', specialisation: 'Autopartes de precisión' },
    });
    expect(a.status).toBe(200);
    expect(a.body.revision).toBe(start.revision + 1);
    const b = await agents.representative.request<DistrictProfileDto>('PATCH', `${base()}/${districtId}`, {
      baseRevision: a.body.revision,
      changes: { city: 'Tlaquepaque' },
    });
    expect(b.body.city).toBe('Tlaquepaque');
    const history = await agents.observer.request<ProfileRevisionPageDto>(
      'GET',
      `${base()}/${districtId}/revisions?limit=2`,
    );
    expect(history.body.items.map((r) => [r.revision, r.kind, r.fields, r.before, r.after])).toEqual([
      [b.body.revision, 'update', ['city'], { city: 'Zapopan' }, { city: 'Tlaquepaque' }],
      [
        a.body.revision,
        'update',
        ['city', 'specialisation'],
        { city: start.city, specialisation: start.specialisation },
        { city: 'Zapopan', specialisation: 'Autopartes de precisión' },
      ],
    ]);
    expect(history.body.items[0].by?.id).toBe(world.users.participant.id);
    expect(history.body.nextBefore).toBe(a.body.revision);
    const restored = await agents.representative.request<DistrictProfileDto>(
      'POST',
      `${base()}/${districtId}/revisions/${a.body.revision}/restore`,
      { baseRevision: b.body.revision },
    );
    expect(restored.status).toBe(200);
    expect([restored.body.city, restored.body.specialisation]).toEqual([
      'Zapopan',
      'Autopartes de precisión',
    ]);
    const latest = await agents.observer.request<ProfileRevisionPageDto>(
      'GET',
      `${base()}/${districtId}/revisions?limit=1`,
    );
    expect(latest.body.items[0]).toMatchObject({
      kind: 'restore',
      restoredFrom: a.body.revision,
      fields: ['city'],
    });
    // Validated, then edited: "edited since".
    expect(restored.body.validation?.editedSince).toBe(true);
  });

  it('mergesDisjointSavesAndAnswersAConflictWithBothValues', async () => {
    const start = await profile();
    const [rep, admin] = await Promise.all([
      agents.representative.request<DistrictProfileDto>('PATCH', `${base()}/${districtId}`, {
        baseRevision: start.revision,
        changes: { governance: 'Asamblea de socios' },
      }),
      agents.admin.request<DistrictProfileDto>('PATCH', `${base()}/${districtId}`, {
        baseRevision: start.revision,
        changes: { website: 'https://autopartes.example' },
      }),
    ]);
    expect([rep.status, admin.status]).toEqual([200, 200]);
    const merged = await profile();
    expect([merged.governance, merged.website, merged.revision]).toEqual([
      'Asamblea de socios',
      'https://autopartes.example',
      start.revision + 2,
    ]);
    // The same field on the stale base: 409 with base, theirs and yours; nothing stored.
    const stale = await agents.admin.request<{ error: { code: string; details: ProfileConflictDetails } }>(
      'PATCH',
      `${base()}/${districtId}`,
      { baseRevision: start.revision, changes: { governance: 'Junta directiva', city: 'Tonalá' } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.details.conflicts).toEqual([
      { field: 'governance', base: start.governance, theirs: 'Asamblea de socios', yours: 'Junta directiva' },
    ]);
    expect(stale.body.error.details.currentRevision).toBe(start.revision + 2);
    expect(stale.body.error.details.current.city).toBe(merged.city);
    expect((await profile()).revision).toBe(start.revision + 2);
    // Saving the value that is already stored is no conflict.
    const same = await agents.admin.request('PATCH', `${base()}/${districtId}`, {
      baseRevision: start.revision,
      changes: { governance: 'Asamblea de socios' },
    });
    expect(same.status).toBe(200);
  });

  it('neverLosesAnAcknowledgedSaveUnderParallelEdits', async () => {
    const start = await profile();
    const edits: Array<Record<string, unknown>> = [
      { city: 'Ciudad Paralela' },
      { localDesignation: 'clúster paralelo' },
      { specialisation: 'Paralelismo' },
      { foundingYear: 2001 },
      { employees: 1234 },
      { managementFte: 4.5 },
      { services: ['Misiones', 'Formación'] },
      { workingLanguages: ['es', 'en'] },
      { exportMarkets: ['US', 'ES'] },
      { rdPartners: ['Universidad de Guadalajara'] },
    ];
    const results = await Promise.all(
      edits.map((changes, i) =>
        (i % 2 ? agents.admin : agents.representative).request('PATCH', `${base()}/${districtId}`, {
          baseRevision: start.revision,
          changes,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(edits.map(() => 200));
    const end = await profile();
    for (const changes of edits) expect(end).toMatchObject(changes);
    expect(end.revision).toBe(start.revision + edits.length);
    // The same field from the same base: exactly one save is acknowledged, and its value is the one stored.
    const racing = await Promise.all(
      ['Norte', 'Sur', 'Este', 'Oeste', 'Centro'].map((city, i) =>
        (i % 2 ? agents.admin : agents.representative).request<DistrictProfileDto>(
          'PATCH',
          `${base()}/${districtId}`,
          { baseRevision: end.revision, changes: { city } },
        ),
      ),
    );
    const won = racing.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(racing.filter((r) => r.status === 409)).toHaveLength(4);
    expect((await profile()).city).toBe(won[0].body.city);
  });

  it('sendsDistrictUpdatedAndProgressToTheWorkspaceRoomAfterStoring', async () => {
    const start = await profile();
    const fact = waitForEvent<DistrictUpdatedEvent>(
      socket,
      'district:updated',
      (e) => e.district.id === districtId,
    );
    const progress = waitForEvent<ProfilesProgressDto>(socket, 'districts:progress');
    const saved = await agents.representative.request<DistrictProfileDto>(
      'PATCH',
      `${base()}/${districtId}`,
      {
        baseRevision: start.revision,
        changes: { city: 'Ciudad en Vivo' },
      },
    );
    const event = await fact;
    expect(event).toMatchObject({ workspaceId: ws, fields: ['city'], kind: 'update' });
    expect(event.district).toMatchObject({ revision: saved.body.revision, name: start.name });
    expect((await progress).total).toBe(
      (await agents.observer.request<DirectoryPageDto>('GET', base())).body.total,
    );
  });

  it('refreshesTheSearchEntryOfAChangedProfileAtOnce', async () => {
    const find = async (q: string) =>
      (
        await agents.observer.request<SearchResponseDto>(
          'GET',
          `/api/workspaces/${ws}/search?q=${encodeURIComponent(q)}&type=profile`,
        )
      ).body.results.map((r) => r.id);
    // Before the change nothing has these words; right after the acknowledged save a search finds both.
    expect(await find('hidroponia')).not.toContain(districtId);
    const start = await profile();
    const saved = await agents.representative.request<DistrictProfileDto>(
      'PATCH',
      `${base()}/${districtId}`,
      {
        baseRevision: start.revision,
        changes: {
          specialisation: 'Cultivos en hidroponía',
          offers: [
            {
              id: 'o-search',
              title: 'Acuaponía urbana',
              description: null,
              sectors: [],
              targetCountries: [],
            },
          ],
        },
      },
    );
    expect(saved.status).toBe(200);
    expect(await find('hidroponia')).toContain(districtId);
    expect(await find('acuaponia')).toContain(districtId);
  });

  it('filtersSearchesAndPagesTheDirectory', async () => {
    await agents.admin.request(
      'POST',
      base(),
      profileBody('Pôle Mer Méditerranée', {
        country: 'FR',
        region: 'Provence',
        regionCode: 'FRL0',
        sectors: ['50'],
        offers: [
          {
            id: 'o1',
            title: 'Énergies marines',
            description: null,
            sectors: ['35'],
            targetCountries: ['BR'],
          },
        ],
      }),
    );
    const search = async (query: string) =>
      (await agents.observer.request<DirectoryPageDto>('GET', `${base()}?${query}`)).body;
    expect((await search('q=POLE%20mer')).items.map((d) => d.name)).toEqual(['Pôle Mer Méditerranée']);
    expect((await search('q=energies%20marin')).items.map((d) => d.name)).toEqual(['Pôle Mer Méditerranée']);
    expect((await search('regionGroup=EU&sector=50')).items.map((d) => d.name)).toEqual([
      'Pôle Mer Méditerranée',
    ]);
    expect((await search('regionGroup=LAC&q=pole')).total).toBe(0);
    // A first page that holds every match is its own count; a longer listing is counted.
    expect((await search('q=pole&limit=1')).total).toBe((await search('q=pole')).items.length);
    // Word starts only, whatever the term's length (2 letters: text only; 7+: index key + text).
    expect((await search('q=PO%20ME')).items.map((d) => d.name)).toEqual(['Pôle Mer Méditerranée']);
    expect((await search('q=editerr')).total).toBe(0);
    expect((await search('q=energiez')).total).toBe(0);
    expect((await search('q=mediterranee')).items.map((d) => d.name)).toEqual(['Pôle Mer Méditerranée']);
    const all = await search('sort=name');
    const pages: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await search(`sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      // Counted on the first page, carried by the cursor: every page says the listing's total.
      expect(page.total).toBe(all.total);
      pages.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    }
    expect(pages).toEqual(all.items.map((d) => d.id));
    expect((await agents.observer.request('GET', `${base()}?regionGroup=XX`)).status).toBe(400);
  });

  it('reportsEveryRejectedRowOfADryRun', async () => {
    const csv =
      '\uFEFFnombre;país;tipo;región;empresas;pymes;sectores\r\n' +
      'Clúster del Café;CO;cluster;Huila;40;30;01|10\r\n' +
      'Clúster Fantasma;XX;cluster;Nada;5;1;01\r\n' +
      'Clúster Negativo;PE;cluster;Lima;-3;0;10\r\n' +
      'Clúster del Café;CO;cluster;Huila;41;30;01\r\n';
    const before = (await agents.admin.request<DirectoryPageDto>('GET', base())).body.total;
    const res = await postCsv(agents.admin, `${base()}/import`, csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      delimiter: ';',
      headerLanguage: 'es',
      rows: 4,
      created: 1,
      written: false,
    });
    expect(res.body.rejected.map((r) => [r.line, r.errors.map((e) => [e.column, e.field])])).toEqual([
      [3, [['país', 'country']]],
      [4, [['empresas', 'members']]],
      [5, [['row', 'row']]],
    ]);
    expect(res.body.rejected[1].errors[0].reason).toMatch(/negative/);
    expect(res.body.rejected[2].errors[0].reason).toMatch(/duplicate of line 2/);
    // Stable reason codes (+ params) for UIs to translate; the English reason stays for API users.
    expect(res.body.rejected.map((r) => r.errors[0]?.code)).toEqual([
      'invalid_country',
      'negative_count',
      'duplicate_row',
    ]);
    expect(res.body.rejected[2].errors[0].params).toEqual({ line: 2 });
    expect((await agents.admin.request<DirectoryPageDto>('GET', base())).body.total).toBe(before);
  });

  it('importsAllOrNothingAndIdempotently', async () => {
    const good = 'name,country,kind,region\nClúster Uno,CL,cluster,Maule\nClúster Dos,CL,cluster,Biobío\n';
    const bad = `${good}Clúster Tres,ZZ,cluster,Nada\n`;
    const total = async () => (await agents.admin.request<DirectoryPageDto>('GET', base())).body.total;
    const before = await total();
    const strict = await postCsv(agents.admin, `${base()}/import?dryRun=false&allOrNothing=true`, bad);
    expect(strict.body).toMatchObject({ written: false, created: 2 });
    expect(await total()).toBe(before);
    const lenient = await postCsv(agents.admin, `${base()}/import?dryRun=false`, bad);
    expect(lenient.body).toMatchObject({ written: true, created: 2, rejected: [{ line: 4 }] });
    expect(await total()).toBe(before + 2);
    const again = await postCsv(agents.admin, `${base()}/import?dryRun=false`, good);
    expect(again.body).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 2 });
    expect(await total()).toBe(before + 2);
  });

  it('exportsWithoutContactNeutralisesFormulasAndRoundTripsLosslessly', async () => {
    const created = await agents.admin.request<DistrictProfileDto>(
      'POST',
      base(),
      profileBody('Clúster "Fórmulas"; =Prueba', {
        localDesignation: '=HYPERLINK("http://evil.example","clic")',
        city: '+ciudad',
        specialisation: '@SUM(A1:A2)\nsegunda línea, con coma; y punto y coma',
        coordinates: { lat: 20.67, lng: -103.35 },
        foundingYear: 1999,
        sectors: ['01', '29'],
        members: { firms: 10, smes: 8, universitiesAndRnd: 2, publicBodies: 1, other: 0 },
        employees: 900,
        managementFte: 2.5,
        governance: '-1+2',
        services: ['Servicio | con barra', 'Otro'],
        rdPartners: ["'=ya citado"],
        exportMarkets: ['US', 'ES'],
        internationalPartners: ['Red EU–LAC'],
        offers: [
          {
            id: 'c1',
            title: '=cmd',
            description: 'Con "comillas", comas; y\nlíneas',
            sectors: ['29'],
            targetCountries: ['ES'],
          },
        ],
        requests: [{ id: 'c2', title: 'Socios', description: null, sectors: [], targetCountries: [] }],
        workingLanguages: ['es', 'en'],
        website: 'https://formulas.example/a?b=c',
        contactPerson: {
          name: 'Persona Secreta',
          role: null,
          email: 'secreta@example.test',
          phone: '+52 33 1234 5678',
        },
        summary: { en: 'Summary', es: 'Resumen', pt: 'Resumo', fr: 'Résumé' },
      }),
    );
    expect(created.status).toBe(201);
    const csvRes = await agents.observer.request<string>('GET', `${base()}/export`);
    expect(csvRes.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = csvRes.body;
    expect(csv).not.toMatch(/secreta|Persona Secreta/);
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    for (const cell of rows.flat()) if (!/^-?\d+(\.\d+)?$/.test(cell)) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(rows.flat()).toContain(`'=HYPERLINK("http://evil.example","clic")`);
    const json = await agents.observer.request<Array<Record<string, unknown>>>(
      'GET',
      `${base()}/export?format=json`,
    );
    expect(JSON.stringify(json.body)).not.toMatch(/secreta/);
    // Re-importing the export finds every profile unchanged: every exported value reads back equal.
    const report = await postCsv(agents.admin, `${base()}/import`, csv);
    expect(report.body.rejected).toEqual([]);
    expect(report.body).toMatchObject({ created: 0, updated: 0, unchanged: rows.length - 1 });
  });

  // Last: it adds the districts of the world's members to the workspace.
  it('migratesDistrictsStoredBeforeProfilesIntoTheirMembersWorkspacesIdempotently', async () => {
    // A district as stored before issue 10: no workspaceIds, no derived fields; a member of the workspace in it.
    const legacyId = new Types.ObjectId();
    await mongoose.connection.db!.collection('districts').insertOne({
      _id: legacyId,
      name: 'Polo Heredado del Ebro',
      country: 'ES',
      region: 'Aragón',
      regionGroup: 'EU',
      sectors: ['automotive'],
      kind: 'cluster',
      demo: false,
      createdAt: new Date(),
    });
    await User.updateOne({ _id: world.users.participant2.id }, { $set: { districtId: legacyId } }).exec();
    const search = async (query: string) =>
      (await agents.observer.request<DirectoryPageDto>('GET', `${base()}?${query}`)).body;
    expect((await search('q=heredado')).total).toBe(0);

    const first = await migrateLegacyDistricts();
    // At least the legacy district (the world's own district may already have been adopted at start-up).
    expect(first.adopted).toBeGreaterThanOrEqual(1);
    expect(first.derived).toBeGreaterThanOrEqual(1);
    expect((await search('q=heredado%20ebro')).items.map((d) => d.id)).toEqual([legacyId.toHexString()]);
    const profile = await agents.observer.request<DistrictProfileDto>(
      'GET',
      `${base()}/${legacyId.toHexString()}`,
    );
    expect(profile.status).toBe(200);
    const participantDistrict = (await User.findById(world.users.participant.id).lean().exec())!.districtId!;
    expect((await search('limit=200')).items.map((d) => d.id)).toContain(participantDistrict.toHexString());
    // Idempotent: nothing more to do the second time.
    expect(await migrateLegacyDistricts()).toEqual({ adopted: 0, derived: 0 });
  });
});
