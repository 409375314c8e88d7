import type { WorkspaceDetailDto, WorkspaceSummaryDto } from '@polos/shared';
import {
  buildWorld,
  signIn,
  startTestServer,
  type Agent,
  type TestServer,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

/** Issue 13: a workspace's title and description per language (same design as block titles: DTO carries all). */
describe('workspace texts per language', () => {
  let app: TestServer;
  let world: TestWorld;
  let admin: Agent;
  let participant: Agent;

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    admin = await signIn(app.url, world.users.admin.email);
    participant = await signIn(app.url, world.users.participant.email);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const mine = async (agent: Agent) =>
    (await agent.request<WorkspaceSummaryDto[]>('GET', '/api/workspaces')).body.find(
      (w) => w.id === world.workspaceId,
    )!;

  it('presentsAnOlderSingleStringTitleAsEnglishAndSpanishWithoutTranslations', async () => {
    const ws = await mine(participant);
    expect(ws.titleText).toEqual({ en: ws.title, es: ws.title });
    expect(ws.descriptionText).toEqual({ en: ws.description, es: ws.description });
  });

  it('letsAnAdminSetPortugueseAndFrenchThatEveryMemberReceives', async () => {
    const path = `/api/workspaces/${world.workspaceId}/texts`;
    const body = {
      title: { en: 'Competitiveness 2027', pt: 'Competitividade 2027', fr: 'Compétitivité 2027' },
      description: { fr: 'Programme annuel' },
    };
    expect((await participant.request('PATCH', path, body)).status).toBe(403);
    const bad = await admin.request<{ error: { code: string } }>('PATCH', path, { title: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid');

    const saved = await admin.request<WorkspaceSummaryDto>('PATCH', path, body);
    expect(saved.status).toBe(200);
    expect(saved.body.titleText).toMatchObject(body.title);

    const listed = await mine(participant);
    // The plain string follows English (older readers: ICS, invites), the rest is per language.
    expect(listed.title).toBe('Competitiveness 2027');
    expect(listed.titleText).toMatchObject({ pt: 'Competitividade 2027', fr: 'Compétitivité 2027' });
    expect(listed.descriptionText?.fr).toBe('Programme annuel');
    expect(listed.descriptionText?.pt).toBeUndefined();
    const detail = await participant.request<WorkspaceDetailDto>(
      'GET',
      `/api/workspaces/${world.workspaceId}`,
    );
    expect(detail.body.workspace.titleText?.fr).toBe('Compétitivité 2027');

    // '' removes one translation; the others stay.
    await admin.request('PATCH', path, { title: { pt: '' } });
    const after = await mine(participant);
    expect(after.titleText?.pt).toBeUndefined();
    expect(after.titleText?.fr).toBe('Compétitivité 2027');

    const audit = await admin.request<Array<{ action: string }>>(
      'GET',
      `/api/workspaces/${world.workspaceId}/audit`,
    );
    expect(audit.body.filter((e) => e.action === 'workspace.texts')).toHaveLength(2);
  });
});
