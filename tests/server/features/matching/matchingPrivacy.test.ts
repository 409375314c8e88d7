import { Types } from 'mongoose';
import type { InterestDto, InterestListDto, UserExportDto } from '@polos/shared';
import { District } from '../../../../server/src/features/districts/district.model';
import { Interest } from '../../../../server/src/features/matching/matching.model';
import {
  TEST_PASSWORD,
  buildWorld,
  signIn,
  startTestServer,
  type Agent,
  type TestServer,
  type TestWorld,
} from '../../../helpers/server';

jest.setTimeout(60_000);

/**
 * Privacy of matching data (issue 11, reliability row 21): "export my data" carries the interests and notes the
 * user wrote and the hide settings they set, and nobody else's notes; deleting the account erases their notes
 * through matching's port while the districts' interests (and the match) stay.
 */
let server: TestServer;
let world: TestWorld;
let eu: string;
let lac: string;
let base: string;
const agents = {} as Record<'participant' | 'participant2' | 'moderator', Agent>;

const district = async (name: string, country: string, regionGroup: 'EU' | 'LAC', rep: string) =>
  (
    await District.create({
      name,
      country,
      region: 'R',
      regionGroup,
      kind: 'cluster',
      sectors: ['52'],
      demo: false,
      workspaceIds: [new Types.ObjectId(world.workspaceId)],
      representativeIds: [new Types.ObjectId(rep)],
      requests: [
        { id: 'r1', title: 'Reefer capacity', description: null, sectors: ['52'], targetCountries: [] },
      ],
    })
  )._id.toHexString();

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld();
  eu = await district('Privacy EU Cluster', 'ES', 'EU', world.users.participant.id);
  lac = await district('Privacy LAC Cluster', 'CL', 'LAC', world.users.participant2.id);
  base = `/api/workspaces/${world.workspaceId}/matching`;
  for (const who of ['participant', 'participant2', 'moderator'] as const)
    agents[who] = await signIn(server.url, world.users[who].email);
});

afterAll(async () => {
  await server?.stop();
});

describe('matching data in export my data and delete my account', () => {
  test('theExportHoldsMyInterestsNotesAndHideSettingButNotTheOtherSidesNote', async () => {
    const mine = await agents.participant.request<InterestDto>('POST', `${base}/interests`, {
      fromDistrictId: eu,
      toDistrictId: lac,
      about: { side: 'request', owner: 'to', cardId: 'r1' },
      note: 'My note about reefers',
    });
    expect(mine.status).toBe(201);
    const theirs = await agents.participant2.request('POST', `${base}/interests`, {
      fromDistrictId: lac,
      toDistrictId: eu,
      note: 'Their private note',
    });
    expect(theirs.status).toBe(201);
    expect(
      (await agents.participant.request('PUT', `${base}/districts/${eu}/settings`, { hidden: true })).status,
    ).toBe(200);

    const res = await agents.participant.request<UserExportDto>('GET', '/api/users/me/export');
    expect(res.status).toBe(200);
    expect(res.body.matching).toEqual({
      interests: [
        {
          id: mine.body.id,
          workspaceId: world.workspaceId,
          from: { id: eu, name: 'Privacy EU Cluster', country: 'ES' },
          to: { id: lac, name: 'Privacy LAC Cluster', country: 'CL' },
          about: { side: 'request', owner: 'to', cardId: 'r1', title: 'Reefer capacity' },
          note: 'My note about reefers',
          state: 'active',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      ],
      hideSettings: [
        {
          workspaceId: world.workspaceId,
          district: { id: eu, name: 'Privacy EU Cluster', country: 'ES' },
          hidden: true,
          updatedAt: expect.any(String),
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('Their private note');
  });

  test('deletingTheAccountErasesMyNotesThroughMatchingAndKeepsTheDistrictsInterestsAndMatch', async () => {
    const res = await agents.participant.request('DELETE', '/api/users/me', { password: TEST_PASSWORD });
    expect(res.status).toBe(204);
    const stored = await Interest.find({ workspaceId: new Types.ObjectId(world.workspaceId) })
      .sort({ createdAt: 1 })
      .lean()
      .exec();
    expect(stored.map((i) => [i.fromDistrictId.toHexString(), i.state, i.note])).toEqual([
      [eu, 'active', null],
      [lac, 'active', 'Their private note'],
    ]);
    const seen = await agents.moderator.request<InterestListDto>('GET', `${base}/interests`);
    expect(seen.body.items.every((i) => i.mutual)).toBe(true);
    expect(seen.body.items.find((i) => i.from.id === eu)?.note).toBeNull();
    expect(JSON.stringify(seen.body)).not.toContain('My note about reefers');
  });
});
