/**
 * The publication bundle in the requested UI language (QA of issue 12.4), through the real HTTP route, reading the
 * real zip: titles of the workspace, blocks and questions as stored per language in every document (not only
 * index.html); every label translated (endorsement answers and states, region groups); a ranking poll shown as the
 * app shows it (points, with the rank); French typography before a colon; time zones named, not raw ids.
 */
import { strFromU8, unzipSync } from 'fflate';
import mongoose, { Types } from 'mongoose';
import {
  SESSION_COOKIE,
  type DraftDto,
  type DraftPublicationDto,
  type DraftVersionDto,
  type EndorsementRoundDto,
} from '@polos/shared';
import { Block } from '../../../../server/src/features/blocks/block.model';
import { Question } from '../../../../server/src/features/questions/question.model';
import { Post } from '../../../../server/src/features/posts/post.model';
import { Poll, PollVote } from '../../../../server/src/features/polls/poll.model';
import { User } from '../../../../server/src/features/users/user.model';
import { Workspace } from '../../../../server/src/features/workspaces/workspace.model';
import {
  buildDistrict,
  buildUser,
  buildWorld,
  command,
  connectSocket,
  signIn,
  startTestServer,
  type Agent,
  type TestServer,
  type TestWorld,
} from '../../../helpers/server';

jest.setTimeout(120_000);

let app: TestServer;
let world: TestWorld;
let moderator: Agent;
const NNBSP = '\u202F';

beforeAll(async () => {
  app = await startTestServer({ LOG_LEVEL: 'error' });
  world = await buildWorld();
  const workspaceId = new Types.ObjectId(world.workspaceId);
  // Titles stored per language: the workspace's translations, block 1's and question 1.1's.
  await Workspace.updateOne(
    { _id: workspaceId },
    { $set: { texts: { title: { es: 'Espacio de prueba', fr: 'Espace d’essai' } } } },
  );
  await Block.updateOne(
    { _id: world.blockIds[0] },
    { $set: { title: { en: 'Competitiveness', es: 'Competitividad', fr: 'Compétitivité' } } },
  );
  await Question.updateOne(
    { _id: world.questionIds[0][0] },
    { $set: { text: { en: 'Which data?', es: '¿Qué datos?', fr: 'Quelles données ?' } } },
  );
  const euDistrict = await buildDistrict({ name: 'Basque Energy Cluster', country: 'ES', regionGroup: 'EU' });
  const euUser = await buildUser({ districtId: euDistrict._id, name: 'Ane Etxeberria' });
  await Workspace.updateOne(
    { _id: workspaceId },
    { $push: { members: { userId: euUser._id, role: 'participant', joinedAt: new Date() } } },
  );
  const lacUser = (await User.findById(world.users.participant.id).lean())!;
  const { District } = await import('../../../../server/src/features/districts/district.model');
  await District.updateMany(
    { _id: mongoose.trusted({ $in: [euDistrict._id, lacUser.districtId] }) },
    { $addToSet: { workspaceIds: workspaceId } },
  ).exec();
  const post = await Post.create({
    workspaceId,
    questionId: new Types.ObjectId(world.questionIds[0][0]),
    parentId: null,
    authorId: euUser._id,
    authorName: euUser.name,
    authorDistrict: { id: euDistrict._id, name: euDistrict.name, country: 'ES', regionGroup: 'EU' },
    clientId: 'lang-seed-1',
    body: 'Shared data first.',
    seq: 3_000_001,
    lastSeq: 3_000_001,
    createdAt: new Date('2026-03-02T09:00:00Z'),
  });
  // A closed ranking poll: Formación first twice (4 points), Datos and Redes 1 point each (rank 2, shared).
  const poll = await Poll.create({
    workspaceId,
    questionId: new Types.ObjectId(world.questionIds[0][0]),
    kind: 'ranking',
    prompt: 'Prioridades',
    options: ['Formación', 'Datos', 'Redes'],
    visibility: 'live',
    unit: 'person',
    state: 'closed',
    openedBy: new Types.ObjectId(world.users.moderator.id),
    openedAt: new Date('2026-03-02T10:00:00Z'),
    closedAt: new Date('2026-03-02T10:05:00Z'),
    seq: 3_000_010,
    lastSeq: 3_000_012,
    voteCount: 2,
  });
  await PollVote.insertMany([
    {
      pollId: poll._id,
      voterKey: euUser._id.toHexString(),
      userId: euUser._id,
      districtId: euDistrict._id,
      regionGroup: 'EU',
      choice: [0, 1, 2],
      at: new Date('2026-03-02T10:01:00Z'),
    },
    {
      pollId: poll._id,
      voterKey: world.users.participant.id,
      userId: lacUser._id,
      districtId: lacUser.districtId,
      regionGroup: 'LAC',
      choice: [0, 2, 1],
      at: new Date('2026-03-02T10:02:00Z'),
    },
  ]);
  // Block 1's conclusions released under the draft's generated title (no title given), then a round on them.
  moderator = await signIn(app.url, world.users.moderator.email);
  const drafts = await moderator.request<{ drafts: DraftDto[] }>(
    'GET',
    `/api/workspaces/${world.workspaceId}/drafts`,
  );
  const draft = drafts.body.drafts.find((d) => d.blockId === world.blockIds[0])!;
  expect(draft.title).toBe('Competitiveness — conclusions');
  expect(
    (await moderator.request('POST', `/api/drafts/${draft.id}/quotes`, { postId: post._id.toHexString() }))
      .status,
  ).toBe(201);
  const version = await moderator.request<DraftVersionDto>('POST', `/api/drafts/${draft.id}/versions`, {
    name: 'For release',
  });
  const release = await moderator.request<DraftPublicationDto>(
    'POST',
    `/api/drafts/${draft.id}/publications`,
    {
      versionId: version.body.id,
    },
  );
  expect(release.status).toBe(201);
  const sockets = await Promise.all(
    [
      moderator,
      await signIn(app.url, world.users.participant.email),
      await signIn(app.url, euUser.email),
    ].map((a) => connectSocket(app.url, a.cookie)),
  );
  try {
    const round = await command<EndorsementRoundDto>(sockets[0], 'endorsement:open', {
      draftId: draft.id,
      versionId: version.body.id,
      quorum: { minShare: 0.5, basis: 'allParagraphs' },
    });
    const paragraphId = round.paragraphs[0].id;
    await command(sockets[1], 'endorsement:answer', {
      roundId: round.id,
      paragraphId,
      answer: 'object',
      reason: 'Needs figures',
    });
    await command(sockets[2], 'endorsement:answer', { roundId: round.id, paragraphId, answer: 'agree' });
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
});

afterAll(async () => {
  await app?.stop();
});

/** The bundle in `lang`, unzipped: path → text (PDF and DOCX left out). */
async function bundle(lang: string): Promise<Record<string, string>> {
  const res = await fetch(`${app.url}/api/workspaces/${world.workspaceId}/bundle.zip?lang=${lang}`, {
    headers: { cookie: `${SESSION_COOKIE}=${moderator.cookie}` },
  });
  expect(res.status).toBe(200);
  const files = unzipSync(Buffer.from(await res.arrayBuffer()));
  return Object.fromEntries(
    Object.entries(files)
      .filter(([p]) => !/\.(pdf|docx)$/.test(p))
      .map(([p, bytes]) => [p, strFromU8(bytes)]),
  );
}

const conclusionsMd = (files: Record<string, string>) =>
  files[Object.keys(files).find((p) => p.startsWith('conclusions/block-01-') && p.endsWith('.md'))!];

describe('publication bundle in the UI language', () => {
  it('usesTheLocalizedTitlesOfTheWorkspaceBlocksAndQuestionsInEveryDocument', async () => {
    const files = await bundle('es');
    const docs = [
      'index.html',
      'transcripts/block-01/question-01-01.html',
      'polls/polls.html',
      'participation/participation.html',
      'endorsements/endorsements.html',
    ];
    for (const p of docs) {
      expect([p, files[p].includes('Espacio de prueba')]).toEqual([p, true]);
      expect([p, files[p].includes('Test workspace')]).toEqual([p, false]);
    }
    expect(files['transcripts/block-01/question-01-01.html']).toContain(
      'Espacio de prueba — Bloque 1: Competitividad',
    );
    expect(files['transcripts/block-01/question-01-01.html']).toContain('Pregunta 1.1: ¿Qué datos?');
    const md = conclusionsMd(files);
    expect(md).toContain('Competitividad — conclusiones');
    expect(md).toContain('Espacio de prueba — Competitividad');
    expect(md).not.toMatch(/Competitiveness|Test workspace/);
    expect(files['index.html']).toContain('Bloque 1: Competitividad — Competitividad — conclusiones');
    expect(files['endorsements/endorsements.html']).toContain('1. Competitividad — conclusiones — ');
    // A block without a Spanish title falls back to its original (English) one.
    expect(files['transcripts/block-02/question-02-01.html']).toContain('Bloque 2: Block 2');
    expect(JSON.parse(files['manifest.json']).workspace.title).toBe('Espacio de prueba');
  });

  it('translatesEveryLabelOfTheEndorsementParticipationAndPollPages', async () => {
    const files = await bundle('es');
    const endorsements = files['endorsements/endorsements.html'];
    expect(endorsements).toContain(
      '<th scope="col">UE</th><th scope="col">ALC</th><th scope="col">Otras</th>',
    );
    expect(endorsements).toContain('De acuerdo 1, Enmendar 0, Objetar 1');
    expect(endorsements).toMatch(/<p>Abierta · UE 1 \/ 1 \(✓ quórum alcanzado\) · ALC 1 \/ 1/);
    const participation = files['participation/participation.html'];
    expect(participation).toContain('<th scope="row">ALC</th>');
    expect(files['participation/participation.svg']).toContain('>ALC</text>');
    expect(files['polls/polls.html']).toContain('ALC (Votantes: 1)');
    for (const p of [
      'endorsements/endorsements.html',
      'participation/participation.html',
      'participation/participation.svg',
      'polls/polls.html',
    ]) {
      const text = files[p].replace(/<[^>]*>/g, ' ');
      expect([p, text.match(/\b(EU|LAC|other|agree|amend|object|open|closed)\b/g)]).toEqual([p, null]);
    }
    // The CSVs keep machine-readable codes and column names.
    expect(files['endorsements/answers.csv']).toMatch(/,LAC,object,/);
  });

  it('showsARankingPollAsPointsWithTheRankAsTheAppDoes', async () => {
    const es = await bundle('es');
    const row = (name: string) =>
      es['polls/polls.html'].match(new RegExp(`<tr><th scope="row">${name}</th>.*</tr>`))?.[0];
    expect(row('Formación')).toContain(
      '<td class="n">4 puntos (puesto 1)</td><td class="n">2 puntos (puesto 1)</td>',
    );
    expect(row('Datos')).toContain(
      '<td class="n">1 punto (puesto 2)</td><td class="n">1 punto (puesto 2)</td>',
    );
    expect(row('Redes')).toContain(
      '<td class="n">1 punto (puesto 2)</td><td class="n">0 puntos (puesto 3)</td>',
    );
    const en = await bundle('en');
    expect(en['polls/polls.html']).toContain('<td class="n">4 points (rank 1)</td>');
  });

  it('writesFrenchColonsWithANarrowNoBreakSpaceAndNamesTheTimeZone', async () => {
    const files = await bundle('fr');
    const transcript = files['transcripts/block-01/question-01-01.html'];
    expect(transcript).toContain(`Question 1.1${NNBSP}: Quelles données ?`);
    expect(transcript).toContain(`Bloc 1${NNBSP}: Compétitivité`);
    expect(files['polls/polls.html']).toContain(`(Votants${NNBSP}: 2)`);
    const md = conclusionsMd(files);
    expect(md).toContain(`Sans pôle${NNBSP}: `);
    expect(md).toContain('(heure d’Europe centrale)');
    expect(files['index.html']).toContain('(heure d’Europe centrale)');
    expect(transcript).toContain(`Fuseau horaire${NNBSP}: heure d’Europe centrale.`);
    const all = Object.entries(files).filter(([p]) => !p.endsWith('.csv') && p !== 'manifest.json');
    for (const [p, text] of all) {
      expect([p, text.includes('Europe/Madrid')]).toEqual([p, false]);
      // No colon right after a word (French puts a narrow no-break space before it).
      expect([p, text.replace(/<[^>]*>/g, ' ').match(/[^\s\u202F\u00A0]: /g)]).toEqual([p, null]);
    }
  });
});
