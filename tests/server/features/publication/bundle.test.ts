/**
 * Publication bundle and public year page (issue 12.4), through the real HTTP server: a small seeded workspace
 * (posts of both regions incl. one hidden and one deleted, a reply to the hidden one, a closed poll with EU and LAC
 * votes, a released block conclusion quoting a post), the bundle downloaded and unzipped (fflate), every file
 * parsed back (PDF: pdf-parse in a child process; DOCX: mammoth and word/document.xml; CSV: papaparse; HTML:
 * parse5 without parse errors), the manifest's sizes and SHA-256 checked, hidden and deleted posts absent, two
 * builds byte-identical; the authorisation table; the public page readable signed out only while public.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import Papa from 'papaparse';
import { parse as parseHtml, type DefaultTreeAdapterMap } from 'parse5';
import mongoose, { Types } from 'mongoose';
import {
  SESSION_COOKIE,
  type BundleManifestDto,
  type DraftDto,
  type EndorsementRoundDto,
  type DraftPublicationDto,
  type DraftVersionDto,
  type PublicPageStateDto,
  type PublicWorkspaceDto,
} from '@polos/shared';
import { Post } from '../../../../server/src/features/posts/post.model';
import { Poll, PollVote } from '../../../../server/src/features/polls/poll.model';
import { AuditEntry } from '../../../../server/src/features/audit/audit.model';
import { User } from '../../../../server/src/features/users/user.model';
import { Workspace } from '../../../../server/src/features/workspaces/workspace.model';
import { bundleCache } from '../../../../server/src/features/publication/bundleCache';
import {
  command,
  connectSocket,
  buildDistrict,
  buildUser,
  buildWorld,
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
let admin: Agent;
let eu: { id: Types.ObjectId; email: string; name: string };
const SECRET_HIDDEN = 'HIDDENWORDS hidden by a moderator';
const SECRET_DELETED = 'DELETEDWORDS deleted by its author';
const QUOTED = 'Shared clusters need shared data';

let seq = 1_000_000;
async function seedPost(p: {
  authorId: Types.ObjectId;
  authorName: string;
  district: { _id: Types.ObjectId; name: string; country: string; regionGroup: 'EU' | 'LAC' };
  questionId: string;
  body: string;
  at: string;
  parentId?: Types.ObjectId;
  hidden?: boolean;
  deleted?: boolean;
}): Promise<Types.ObjectId> {
  seq += 1;
  const doc = await Post.create({
    workspaceId: new Types.ObjectId(world.workspaceId),
    questionId: new Types.ObjectId(p.questionId),
    parentId: p.parentId ?? null,
    authorId: p.authorId,
    authorName: p.authorName,
    authorDistrict: {
      id: p.district._id,
      name: p.district.name,
      country: p.district.country,
      regionGroup: p.district.regionGroup,
    },
    clientId: `seed-${seq}`,
    body: p.body,
    seq,
    lastSeq: seq,
    createdAt: new Date(p.at),
    hidden: p.hidden ?? false,
    deleted: p.deleted ?? false,
    deletedAt: p.deleted ? new Date(p.at) : null,
  });
  return doc._id;
}

/** GET as bytes (the agent's cookie, or none when signed out). */
async function download(url: string, agent?: Agent): Promise<{ status: number; body: Buffer; type: string }> {
  const res = await fetch(`${app.url}${url}`, {
    headers: agent?.cookie ? { cookie: `${SESSION_COOKIE}=${agent.cookie}` } : {},
  });
  return {
    status: res.status,
    body: Buffer.from(await res.arrayBuffer()),
    type: res.headers.get('content-type') ?? '',
  };
}

/** Texts of PDFs (pdf-parse in one child process). */
function pdfTexts(pdfs: Uint8Array[]): string[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'fixtures', 'pdfTexts.mjs')], {
    input: JSON.stringify(pdfs.map((p) => Buffer.from(p).toString('base64'))),
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(out.toString('utf8')) as string[]).map((t) => t.replace(/\s+/g, ' '));
}

/** Parses HTML with parse5 (the WHATWG algorithm): parse errors, `<html lang>`, links and text. */
function readHtml(html: string): { errors: string[]; lang: string | null; hrefs: string[]; text: string } {
  const errors: string[] = [];
  const document = parseHtml(html, { onParseError: (e) => errors.push(e.code) });
  const hrefs: string[] = [];
  let lang: string | null = null;
  let text = '';
  type Node = DefaultTreeAdapterMap['node'];
  const visit = (node: Node) => {
    if ('tagName' in node) {
      const attr = (name: string) => node.attrs.find((a) => a.name === name)?.value ?? null;
      if (node.tagName === 'html') lang = attr('lang');
      if (node.tagName === 'a' || node.tagName === 'img') {
        const href = attr('href') ?? attr('src');
        if (href) hrefs.push(href);
      }
    }
    if (node.nodeName === '#text' && 'value' in node) text += `${node.value} `;
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(document);
  return { errors, lang, hrefs, text: text.replace(/\s+/g, ' ') };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  // A public origin: the released conclusions link their quote to the post (DOCX hyperlinks get random ids).
  app = await startTestServer({ LOG_LEVEL: 'error', PUBLIC_ORIGIN: 'https://polos.example' });
  world = await buildWorld(); // participants represent a LAC (MX) district
  const euDistrict = await buildDistrict({ name: 'Basque Energy Cluster', country: 'ES', regionGroup: 'EU' });
  const euUser = await buildUser({ districtId: euDistrict._id, name: 'Ane Etxeberria' });
  eu = { id: euUser._id, email: euUser.email, name: euUser.name };
  await Workspace.updateOne(
    { _id: world.workspaceId },
    { $push: { members: { userId: euUser._id, role: 'participant', joinedAt: new Date() } } },
  );
  const lacUser = await User.findById(world.users.participant.id).lean();
  const { District } = await import('../../../../server/src/features/districts/district.model');
  const lacDistrict = (await District.findById(lacUser!.districtId).lean())!;
  // Both districts take part in the workspace (their representatives answer endorsement rounds).
  await District.updateMany(
    { _id: mongoose.trusted({ $in: [euDistrict._id, lacDistrict._id] }) },
    { $addToSet: { workspaceIds: new Types.ObjectId(world.workspaceId) } },
  ).exec();
  const euD = { ...euDistrict, regionGroup: 'EU' as const };
  const lacD = { ...lacDistrict, regionGroup: 'LAC' as const };
  const q11 = world.questionIds[0][0];
  const q21 = world.questionIds[1][0];
  const p1 = await seedPost({
    authorId: eu.id,
    authorName: eu.name,
    district: euD,
    questionId: q11,
    body: `${QUOTED}, **across** regions.`,
    at: '2026-03-02T09:00:00Z',
  });
  await seedPost({
    authorId: new Types.ObjectId(world.users.participant.id),
    authorName: world.users.participant.name,
    district: lacD,
    questionId: q11,
    parentId: p1,
    body: 'De acuerdo, con datos abiertos.',
    at: '2026-03-02T09:10:00Z',
  });
  const hidden = await seedPost({
    authorId: new Types.ObjectId(world.users.participant2.id),
    authorName: world.users.participant2.name,
    district: lacD,
    questionId: q11,
    body: SECRET_HIDDEN,
    at: '2026-03-02T09:20:00Z',
    hidden: true,
  });
  await seedPost({
    authorId: eu.id,
    authorName: eu.name,
    district: euD,
    questionId: q11,
    parentId: hidden,
    body: 'A reply to a post that is no longer shown.',
    at: '2026-03-02T09:25:00Z',
  });
  await seedPost({
    authorId: eu.id,
    authorName: eu.name,
    district: euD,
    questionId: q11,
    body: SECRET_DELETED,
    at: '2026-03-02T09:30:00Z',
    deleted: true,
  });
  await seedPost({
    authorId: new Types.ObjectId(world.users.participant.id),
    authorName: world.users.participant.name,
    district: lacD,
    questionId: q21,
    body: 'Segundo bloque: una sola aportación.',
    at: '2026-03-03T15:00:00Z',
  });
  // A closed single-choice poll on question 1.1: EU votes option 0, LAC votes 1 and 1.
  const poll = await Poll.create({
    workspaceId: new Types.ObjectId(world.workspaceId),
    questionId: new Types.ObjectId(q11),
    kind: 'single',
    prompt: 'Which priority first?',
    options: ['Data', 'Skills'],
    visibility: 'live',
    unit: 'person',
    state: 'closed',
    openedBy: new Types.ObjectId(world.users.moderator.id),
    openedAt: new Date('2026-03-02T10:00:00Z'),
    closedAt: new Date('2026-03-02T10:05:00Z'),
    seq: 2_000_000,
    lastSeq: 2_000_003,
    voteCount: 3,
  });
  await PollVote.insertMany([
    {
      pollId: poll._id,
      voterKey: eu.id.toHexString(),
      userId: eu.id,
      districtId: euDistrict._id,
      regionGroup: 'EU',
      choice: [0],
      at: new Date('2026-03-02T10:01:00Z'),
    },
    {
      pollId: poll._id,
      voterKey: world.users.participant.id,
      userId: new Types.ObjectId(world.users.participant.id),
      districtId: lacDistrict._id,
      regionGroup: 'LAC',
      choice: [1],
      at: new Date('2026-03-02T10:02:00Z'),
    },
    {
      pollId: poll._id,
      voterKey: world.users.participant2.id,
      userId: new Types.ObjectId(world.users.participant2.id),
      districtId: lacDistrict._id,
      regionGroup: 'LAC',
      choice: [1],
      at: new Date('2026-03-02T10:03:00Z'),
    },
  ]);

  // A released block conclusion, through the drafts' own routes: quote p1, save a version, publish it.
  moderator = await signIn(app.url, world.users.moderator.email);
  admin = await signIn(app.url, world.users.admin.email);
  const drafts = await moderator.request<{ drafts: DraftDto[] }>(
    'GET',
    `/api/workspaces/${world.workspaceId}/drafts`,
  );
  expect(drafts.status).toBe(200);
  const blockDraft = drafts.body.drafts.find((d) => d.blockId === world.blockIds[0])!;
  const quoted = await moderator.request('POST', `/api/drafts/${blockDraft.id}/quotes`, {
    postId: p1.toHexString(),
  });
  expect(quoted.status).toBe(201);
  const version = await moderator.request<DraftVersionDto>('POST', `/api/drafts/${blockDraft.id}/versions`, {
    name: 'For release',
  });
  expect(version.status).toBe(201);
  const release = await moderator.request<DraftPublicationDto>(
    'POST',
    `/api/drafts/${blockDraft.id}/publications`,
    {
      versionId: version.body.id,
      title: 'Block 1 conclusions',
    },
  );
  expect(release.status).toBe(201);

  // An endorsement round on that version (endorsements' own commands): LAC objects to paragraph 1, EU agrees.
  const sockets = await Promise.all(
    [moderator, await signIn(app.url, world.users.participant.email), await signIn(app.url, eu.email)].map(
      (a) => connectSocket(app.url, a.cookie),
    ),
  );
  try {
    const round = await command<EndorsementRoundDto>(sockets[0], 'endorsement:open', {
      draftId: blockDraft.id,
      versionId: version.body.id,
      quorum: { minShare: 0.5, basis: 'allParagraphs' },
    });
    const paragraphId = round.paragraphs[0].id;
    await command(sockets[1], 'endorsement:answer', {
      roundId: round.id,
      paragraphId,
      answer: 'object',
      reason: 'OBJECTIONREASON needs figures',
    });
    await command(sockets[2], 'endorsement:answer', { roundId: round.id, paragraphId, answer: 'agree' });
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
});

afterAll(async () => {
  await app?.stop();
});

const bundlePath = () => `/api/workspaces/${world.workspaceId}/bundle.zip`;

describe('publication bundle', () => {
  it('onlyModeratorsAndAdminsBuildTheBundle', async () => {
    expect((await download(bundlePath())).status).toBe(401);
    for (const persona of ['participant', 'observer', 'nonMember'] as const) {
      const agent = await signIn(app.url, world.users[persona].email);
      const res = await agent.request<{ error: { code: string; message: string } }>('GET', bundlePath());
      expect([persona, res.status]).toEqual([persona, 403]);
      expect(res.body.error.message).toMatch(/not a member|does not allow/);
    }
    expect((await download(bundlePath(), admin)).status).toBe(200);
    const missing = await moderator.request(
      'GET',
      `/api/workspaces/${new Types.ObjectId().toHexString()}/bundle.zip`,
    );
    expect(missing.status).toBe(404);
    const badLang = await moderator.request('GET', `${bundlePath()}?lang=xx`);
    expect(badLang.status).toBe(400);
  });

  it('everyFileParsesBackMatchesTheManifestAndLeavesOutHiddenAndDeletedPosts', async () => {
    const res = await download(bundlePath(), moderator);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/zip');
    const files = unzipSync(res.body);
    const paths = Object.keys(files);
    // Fixed order: content files by path, manifest last.
    expect(paths[paths.length - 1]).toBe('manifest.json');
    const content = paths.slice(0, -1);
    expect(content).toEqual([...content].sort());

    const manifest = JSON.parse(strFromU8(files['manifest.json'])) as BundleManifestDto;
    expect(manifest.format).toBe('polos-publication-bundle/1');
    expect(manifest.files.map((f) => f.path)).toEqual(content);
    for (const f of manifest.files) {
      expect([f.path, f.size, f.sha256]).toEqual([f.path, files[f.path].length, sha256(files[f.path])]);
    }
    // asOf: the input's latest change (the release), not the time of building.
    expect(Date.parse(manifest.asOf)).toBeLessThanOrEqual(Date.now());

    const block1 = content.filter((p) => p.startsWith('conclusions/block-01-'));
    expect(block1.map((p) => path.extname(p)).sort()).toEqual(['.docx', '.html', '.md', '.pdf']);
    expect(content).toEqual(
      expect.arrayContaining([
        'index.html',
        'transcripts/block-01/question-01-01.html',
        'transcripts/block-01/question-01-01.pdf',
        'transcripts/block-02/question-02-03.pdf',
        'polls/polls.csv',
        'polls/polls.html',
        'participation/participation.csv',
        'participation/participation.svg',
        'participation/participation.html',
      ]),
    );

    // HTML: parse5 without parse errors, a language, relative links that resolve inside the bundle.
    const texts = new Map<string, string>();
    for (const p of content.filter((x) => x.endsWith('.html'))) {
      const html = readHtml(strFromU8(files[p]));
      expect([p, html.errors]).toEqual([p, []]);
      expect(html.lang).toBe('en');
      for (const href of html.hrefs.filter((h) => !/^https?:/.test(h))) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(p), href));
        expect([p, href, target in files]).toEqual([p, href, true]);
      }
      texts.set(p, html.text);
    }
    const index = readHtml(strFromU8(files['index.html']));
    expect(new Set(index.hrefs)).toEqual(new Set(paths.filter((p) => p !== 'index.html')));
    expect(index.text).toContain('Test workspace');

    const transcript = texts.get('transcripts/block-01/question-01-01.html')!;
    expect(transcript).toContain(`${eu.name} (Basque Energy Cluster, Spain)`);
    expect(transcript).toContain(`${world.users.participant.name} (Clúster Demo de Prueba, Mexico)`);
    expect(transcript).toContain('De acuerdo, con datos abiertos.');
    expect(transcript).toContain('A reply to a post that is no longer shown.');
    // Replies nested: the reply is inside a blockquote after its parent.
    expect(strFromU8(files['transcripts/block-01/question-01-01.html'])).toMatch(
      /<blockquote>[\s\S]*De acuerdo, con datos abiertos\.[\s\S]*<\/blockquote>/,
    );

    // PDF: every one parsed back.
    const pdfPaths = content.filter((p) => p.endsWith('.pdf'));
    const pdfs = pdfTexts(pdfPaths.map((p) => files[p]));
    const pdfText = new Map(pdfPaths.map((p, i) => [p, pdfs[i]]));
    expect(pdfText.get('transcripts/block-01/question-01-01.pdf')).toContain('Basque Energy Cluster, Spain');
    expect(pdfText.get(block1.find((p) => p.endsWith('.pdf'))!)).toContain(QUOTED);

    // DOCX: mammoth's text and the raw word/document.xml.
    const docxPath = block1.find((p) => p.endsWith('.docx'))!;
    expect((await mammoth.extractRawText({ buffer: Buffer.from(files[docxPath]) })).value).toContain(QUOTED);
    const docx = unzipSync(files[docxPath]);
    expect(strFromU8(docx['word/document.xml'])).toContain(QUOTED);
    // The quote's source link, with a counted relationship id (not docx's random one).
    expect(strFromU8(docx['word/document.xml'])).toContain('r:id="rIdLink1"');
    expect(strFromU8(docx['word/_rels/document.xml.rels'])).toMatch(
      /Id="rIdLink1"[^>]*Target="https:\/\/polos\.example\/w\//,
    );
    expect(strFromU8(files[block1.find((p) => p.endsWith('.md'))!])).toContain(QUOTED);

    // CSV: poll results EU vs LAC, participation figures.
    const polls = Papa.parse<Record<string, string>>(
      strFromU8(files['polls/polls.csv']).replace(/^\uFEFF/, ''),
      {
        header: true,
        skipEmptyLines: true,
      },
    );
    expect(polls.errors).toEqual([]);
    const byOption = Object.fromEntries(polls.data.map((r) => [r.option, r]));
    expect(byOption.Data).toMatchObject({
      question: '1.1',
      overall_count: '1',
      EU_count: '1',
      LAC_count: '0',
    });
    expect(byOption.Skills).toMatchObject({
      overall_count: '2',
      EU_count: '0',
      LAC_count: '2',
      LAC_voters: '2',
    });
    const participation = Papa.parse<Record<string, string>>(
      strFromU8(files['participation/participation.csv']).replace(/^\uFEFF/, ''),
      { header: true, skipEmptyLines: true },
    );
    expect(participation.errors).toEqual([]);
    const total = participation.data.find((r) => r.table === 'total')!;
    expect(total.posts).toBe('4'); // p1, its reply, the reply to the hidden post, block 2's post
    const svg = strFromU8(files['participation/participation.svg']);
    expect(
      readHtml(`<!doctype html><html lang="en"><body>${svg.replace(/^<\?xml[^>]*>\s*/, '')}</body></html>`)
        .errors,
    ).toEqual([]);
    expect(svg).toContain('<title id="t">');

    // Endorsement results: per paragraph and region, each district's answer, no person named.
    const endorsements = Papa.parse<Record<string, string>>(
      strFromU8(files['endorsements/endorsements.csv']).replace(/^\uFEFF/, ''),
      { header: true, skipEmptyLines: true },
    );
    expect(endorsements.errors).toEqual([]);
    expect(endorsements.data[0]).toMatchObject({
      paragraph: '1',
      EU_agree: '1',
      LAC_object: '1',
      overall_agree: '1',
    });
    const answers = Papa.parse<Record<string, string>>(
      strFromU8(files['endorsements/answers.csv']).replace(/^\uFEFF/, ''),
      { header: true, skipEmptyLines: true },
    );
    expect(answers.data.map((a) => [a.district, a.answer]).sort()).toEqual([
      ['Basque Energy Cluster', 'agree'],
      ['Clúster Demo de Prueba', 'object'],
    ]);
    expect(answers.data.find((a) => a.answer === 'object')?.reason).toBe('OBJECTIONREASON needs figures');
    for (const p of content.filter((x) => x.startsWith('endorsements/')))
      expect(strFromU8(files[p])).not.toContain(world.users.participant.name);

    // Hidden and deleted posts appear nowhere (text files and PDF texts).
    const everything = [
      ...content.filter((p) => !/\.(pdf|docx)$/.test(p)).map((p) => strFromU8(files[p])),
      ...pdfs,
    ].join('\n');
    expect(everything).not.toContain('HIDDENWORDS');
    expect(everything).not.toContain('DELETEDWORDS');
    expect(everything).not.toMatch(/@example\.test/);
  });

  it('theSameInputGivesTheSameBytes', async () => {
    const first = await download(bundlePath(), moderator);
    // Built again, not served from the cache of built bundles (bundleCache.test.ts covers the cache).
    bundleCache.clear();
    const second = await download(`${bundlePath()}?lang=en`, admin);
    expect(first.status).toBe(200);
    expect(sha256(second.body)).toBe(sha256(first.body));
    // Another language is another bundle; a change of input is a new bundle.
    const spanish = await download(`${bundlePath()}?lang=es`, moderator);
    expect(sha256(spanish.body)).not.toBe(sha256(first.body));
    expect(strFromU8(unzipSync(spanish.body)['index.html'])).toContain('<html lang="es">');
    await seedPost({
      authorId: eu.id,
      authorName: eu.name,
      district: {
        _id: new Types.ObjectId(),
        name: 'Basque Energy Cluster',
        country: 'ES',
        regionGroup: 'EU',
      },
      questionId: world.questionIds[1][1],
      body: 'A later post changes the bundle.',
      at: '2026-03-04T08:00:00Z',
    });
    const third = await download(bundlePath(), moderator);
    expect(sha256(third.body)).not.toBe(sha256(first.body));
    bundleCache.clear();
    const again = await download(bundlePath(), moderator);
    expect(sha256(again.body)).toBe(sha256(third.body));
  });
});

describe('public year page', () => {
  const publicPage = () => `/api/public/workspaces/${world.workspaceId}`;

  it('isReadableSignedOutOnlyWhilePublicAndEverythingElseStillNeedsASession', async () => {
    expect((await download(publicPage())).status).toBe(404);
    expect((await download(`${publicPage()}/bundle.zip`)).status).toBe(404);

    // Only admins toggle it.
    const participant = await signIn(app.url, world.users.participant.email);
    const refused = await participant.request('PUT', `/api/workspaces/${world.workspaceId}/public-page`, {
      public: true,
    });
    expect(refused.status).toBe(403);
    const byModerator = await moderator.request('PUT', `/api/workspaces/${world.workspaceId}/public-page`, {
      public: true,
    });
    expect(byModerator.status).toBe(403);
    const bad = await admin.request('PUT', `/api/workspaces/${world.workspaceId}/public-page`, {
      public: 'yes',
    });
    expect(bad.status).toBe(400);
    const on = await admin.request<PublicPageStateDto>(
      'PUT',
      `/api/workspaces/${world.workspaceId}/public-page`,
      {
        public: true,
      },
    );
    expect(on.status).toBe(200);
    expect(on.body).toEqual({
      workspaceId: world.workspaceId,
      public: true,
      path: `/public/${world.workspaceId}`,
    });
    expect(
      await AuditEntry.countDocuments({ workspaceId: world.workspaceId, action: 'workspace.public' }),
    ).toBe(1);

    const page = await fetch(`${app.url}${publicPage()}`);
    expect(page.status).toBe(200);
    const raw = await page.text();
    const dto = JSON.parse(raw) as PublicWorkspaceDto;
    expect(dto.title).toBe('Test workspace');
    expect(dto.blocks.map((b) => b.order)).toEqual([1, 2]);
    expect(dto.blocks[0].conclusions?.markdown).toContain(QUOTED);
    expect(dto.blocks[1].conclusions).toBeNull();
    expect(dto.participation?.postsByRegion.EU).toBeGreaterThan(0);
    expect(dto.participation?.postsByRegion.LAC).toBeGreaterThan(0);
    expect(raw).not.toMatch(/@example\.test|HIDDENWORDS|DELETEDWORDS/);

    const signedOutBundle = await download(dto.bundlePath);
    expect(signedOutBundle.status).toBe(200);
    expect(sha256(signedOutBundle.body)).toBe(sha256((await download(bundlePath(), moderator)).body));

    // Everything else still needs a session.
    for (const route of [
      `/api/workspaces/${world.workspaceId}`,
      `/api/workspaces/${world.workspaceId}/drafts`,
      `/api/workspaces/${world.workspaceId}/balance`,
      `/api/workspaces/${world.workspaceId}/bundle.zip`,
      `/api/workspaces/${world.workspaceId}/public-page`,
      `/api/workspaces/${world.workspaceId}/audit`,
    ])
      expect([route, (await download(route)).status]).toEqual([route, 401]);

    const off = await admin.request<PublicPageStateDto>(
      'PUT',
      `/api/workspaces/${world.workspaceId}/public-page`,
      {
        public: false,
      },
    );
    expect(off.body.public).toBe(false);
    expect((await download(publicPage())).status).toBe(404);
    expect((await download(`${publicPage()}/bundle.zip`)).status).toBe(404);
  });
});
