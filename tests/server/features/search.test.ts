import { Types } from 'mongoose';
import type { PostChangeDto, SearchResponseDto, SearchResultDto } from '@polos/shared';
import { User } from '../../../server/src/features/users/user.model';
import { profileText } from '../../../server/src/features/search/search.sources';
import { SearchIndexer } from '../../../server/src/features/search/search.indexer';
import { AppError } from '../../../server/src/lib/errors';
import { createLogger } from '../../../server/src/lib/logger';
import type { DistrictDoc } from '../../../server/src/features/districts/district.model';
import {
  buildWorld,
  command,
  joinedSockets,
  newClientId,
  openFirstQuestion,
  signIn,
  startTestServer,
  type Agent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

jest.setTimeout(60_000);

const highlighted = (r: SearchResultDto) => r.snippet.highlights.map(([s, e]) => r.snippet.text.slice(s, e));

/** Issue 13.4: search — accents, stemming, ranking, filters, permissions and liveness. */
describe('search', () => {
  let app: TestServer;
  let world: TestWorld;
  let other: TestWorld;
  let moderator: TestSocket;
  let participant: TestSocket;
  let outsider: TestSocket;
  const agents = {} as Record<'moderator' | 'participant' | 'observer' | 'nonMember', Agent>;
  const post = async (socket: TestSocket, questionId: string, body: string) =>
    (await command<PostChangeDto>(socket, 'post:create', { questionId, clientId: newClientId(), body })).post;

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    other = await buildWorld();
    // The participants write in Spanish: their entries are stemmed as Spanish.
    await User.collection.updateMany(
      {
        _id: {
          $in: [world.users.participant.id, other.users.participant.id].map((id) => new Types.ObjectId(id)),
        },
      },
      { $set: { locale: 'es' } },
    );
    [moderator, participant] = await joinedSockets(app.url, world, ['moderator', 'participant']);
    const [otherModerator] = await joinedSockets(app.url, other, ['moderator', 'participant']);
    outsider = (await joinedSockets(app.url, other, ['participant']))[0];
    await openFirstQuestion(moderator, world);
    await openFirstQuestion(otherModerator, other);
    otherModerator.close();
    for (const p of ['moderator', 'participant', 'observer', 'nonMember'] as const)
      agents[p] = await signIn(app.url, world.users[p].email);
  });

  afterAll(async () => {
    for (const s of [moderator, participant, outsider]) s?.close();
    await app?.stop();
  });

  const find = async (who: keyof typeof agents, params: Record<string, string>) => {
    const res = await agents[who].request<SearchResponseDto>(
      'GET',
      `/api/workspaces/${world.workspaceId}/search?${new URLSearchParams(params).toString()}`,
    );
    expect(res.status).toBe(200);
    return res.body.results;
  };

  it('findsANewPostAtOnceIgnoringAccentsAndAcrossStemmersThatAgree', async () => {
    const q = world.questionIds[0][0];
    // Searched right after the acknowledgement: no waiting.
    const created = await post(
      participant,
      q,
      'La **competitividad** del clúster de Bogotá <script>x</script>',
    );
    const byAccent = await find('observer', { q: 'Bogota', lang: 'en' });
    const hit = byAccent.find((r) => r.id === created.id);
    expect(hit).toMatchObject({ kind: 'post', questionId: q, hidden: false });
    expect(highlighted(hit!)).toEqual(['Bogotá']);
    // Plain text of the Markdown (no ** markers); HTML-looking text stays text for the client to escape.
    expect(hit!.snippet.text).toContain('La competitividad del clúster de Bogotá <script>x</script>');

    const byStem = await find('observer', { q: 'competitividade', lang: 'pt' });
    expect(byStem.map((r) => r.id)).toContain(created.id);
    expect(highlighted(byStem.find((r) => r.id === created.id)!)).toEqual(['competitividad']);
    // A negated word is excluded in every language's reading (one query over the union of stems).
    const negated = await find('observer', { q: 'Bogota -competitividade', lang: 'pt' });
    expect(negated.map((r) => r.id)).not.toContain(created.id);
  });

  it('findsAnEditAtOnceAndNeverADeletedPost', async () => {
    const q = world.questionIds[0][0];
    const created = await post(participant, q, 'Hablamos de cooperativas lecheras');
    await command(participant, 'post:edit', { postId: created.id, body: 'Hablamos de viveros forestales' });
    expect((await find('participant', { q: 'forestales' })).map((r) => r.id)).toContain(created.id);
    expect((await find('participant', { q: 'lecheras' })).map((r) => r.id)).not.toContain(created.id);
    await command(participant, 'post:delete', { postId: created.id });
    expect((await find('moderator', { q: 'forestales' })).map((r) => r.id)).not.toContain(created.id);
  });

  it('ranksAShortPostAboutTheTermAboveALongPostThatMentionsItOnce', async () => {
    const q = world.questionIds[0][0];
    const long = await post(
      participant,
      q,
      'Un informe largo sobre logística, puertos, aduanas, financiación, talento, formación, innovación abierta y, de pasada, exportaciones.',
    );
    const short = await post(participant, q, 'Exportaciones: más exportaciones.');
    const ids = (await find('participant', { q: 'exportaciones' })).map((r) => r.id);
    expect(ids.indexOf(short.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(short.id)).toBeLessThan(ids.indexOf(long.id));
  });

  it('showsHiddenPostsOnlyToModeratorsAndNothingOfOtherWorkspaces', async () => {
    const hidden = await post(participant, world.questionIds[0][0], 'Propuesta sobre astilleros navales');
    await command(moderator, 'post:hide', { postId: hidden.id, reason: 'off topic' });
    const foreign = await post(outsider, other.questionIds[0][0], 'Astilleros navales de otro programa');
    expect((await find('participant', { q: 'astilleros' })).map((r) => r.id)).toEqual([]);
    expect((await find('observer', { q: 'astilleros' })).map((r) => r.id)).toEqual([]);
    const forModerator = await find('moderator', { q: 'astilleros' });
    expect(forModerator.map((r) => [r.id, r.hidden])).toEqual([[hidden.id, true]]);
    expect(forModerator.map((r) => r.id)).not.toContain(foreign.id);
    const res = await agents.nonMember.request(
      'GET',
      `/api/workspaces/${world.workspaceId}/search?q=astilleros`,
    );
    expect(res.status).toBe(403);
  });

  it('filtersByTypeBlockAuthorRegionAndDate', async () => {
    const questions = await find('participant', { q: 'question', lang: 'en', type: 'question' });
    expect(questions.length).toBe(6);
    expect(new Set(questions.map((r) => r.kind))).toEqual(new Set(['question']));
    const inBlock2 = await find('participant', { q: 'question', lang: 'en', blockId: world.blockIds[1] });
    expect(inBlock2.map((r) => r.id).sort()).toEqual([...world.questionIds[1]].sort());
    expect(inBlock2[0].titleHighlights.length).toBe(1);

    const mine = await find('participant', { q: 'Bogota', authorId: world.users.participant.id });
    expect(mine.length).toBe(1);
    expect(await find('participant', { q: 'Bogota', authorId: world.users.moderator.id })).toEqual([]);
    // District: the author's district for posts (the search page's district filter, QA m8).
    const me = await User.findById(world.users.participant.id).lean().exec();
    const ownDistrict = String(me!.districtId);
    expect(await find('participant', { q: 'Bogota', districtId: ownDistrict, type: 'post' })).toHaveLength(1);
    expect(
      await find('participant', {
        q: 'Bogota',
        districtId: new Types.ObjectId().toHexString(),
        type: 'post',
      }),
    ).toEqual([]);
    expect((await find('participant', { q: 'Bogota', region: 'LAC', type: 'post' })).length).toBe(1);
    expect(await find('participant', { q: 'Bogota', region: 'EU', type: 'post' })).toEqual([]);
    expect(await find('participant', { q: 'Bogota', to: '2000-01-01' })).toEqual([]);
    expect((await find('participant', { q: 'Bogota', from: '2000-01-01', type: 'post' })).length).toBe(1);
  });

  it('findsDistrictProfilesByNameWithoutAccents', async () => {
    const profiles = await find('observer', { q: 'cluster prueba', type: 'profile' });
    expect(profiles.length).toBeGreaterThanOrEqual(1);
    expect(profiles[0]).toMatchObject({ kind: 'profile', regionGroup: 'LAC' });
    expect(profiles[0].title).toBe('Clúster Demo de Prueba');
  });

  it('buildsAProfilesSearchTextFromReadableFieldsWithoutBareCodesOrRepeats', () => {
    const doc = {
      localDesignation: 'clúster',
      city: 'Bogotá',
      region: 'Bogotá',
      specialisation: 'Software y servicios TI',
      sectors: ['62', '63'],
      exportMarkets: ['MX'],
      summary: { es: 'Resumen en español', en: 'English summary' },
      offers: [{ id: 'o1', title: 'Formación', description: null, sectors: ['62'], targetCountries: ['ES'] }],
      requests: [],
    } as unknown as DistrictDoc;
    const text = profileText(doc, 'es');
    expect(text.split('\n').slice(0, 4)).toEqual([
      'clúster',
      'Bogotá',
      'Software y servicios TI',
      'Resumen en español',
    ]);
    expect(text).not.toMatch(/(^|[\s;])(62|63|MX|ES|o1)([\s;]|$)/);
    expect(text).toContain('Formación');
  });

  it('refusesBadQueriesWithClearErrors', async () => {
    for (const qs of ['', 'q=', 'q[$ne]=x', `q=${'a'.repeat(201)}`, 'q=x&type=user', 'q=x&from=yesterday']) {
      const res = await agents.participant.request<{ error: { code: string } }>(
        'GET',
        `/api/workspaces/${world.workspaceId}/search?${qs}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid');
    }
  });

  it('answers503WithRetryAfterWhileAWorkspaceIndexIsStillBuildingThenFindsItsPosts', async () => {
    // A separate indexer (same database) with no wait: its first search of an unindexed workspace is refused
    // as `unavailable` (503, not a 500) while the build goes on; once built, searches answer.
    const fresh = await buildWorld();
    const indexer = new SearchIndexer(createLogger('silent'));
    const workspaceId = new Types.ObjectId(fresh.workspaceId);
    try {
      const refused = await indexer.whenReady(workspaceId, 0).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).status).toBe(503);
      expect((refused as AppError).message).toMatch(/being built/);
      await expect(indexer.whenReady(workspaceId, 30_000)).resolves.toBeUndefined();
    } finally {
      await indexer.close();
    }
  });
});
