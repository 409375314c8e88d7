/**
 * Drafts inside the real server: session-authenticated sockets, REST routes (list, lock, versions, restore,
 * publish) and server-side exports parsed back (DOCX with mammoth, PDF with pdf-parse).
 */
import mammoth from 'mammoth';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Types } from 'mongoose';
import * as Y from 'yjs';
import {
  SESSION_COOKIE,
  type PostChangeDto,
  type Ack,
  type DraftDto,
  type DraftJoinResult,
  type DraftPublicationDto,
  type DraftVersionDto,
} from '@polos/shared';
import { io as ioClient } from 'socket.io-client';
import { SocketDraftProvider } from '../../../client/src/features/drafts/draftProvider';
import { MAX_SOCKET_PACKET_BYTES } from '../../../server/src/realtime/index';
import { loadDraft } from '../../../server/src/features/drafts/draftPersistence';
import {
  buildWorld,
  command,
  newClientId,
  openFirstQuestion,
  emitAck,
  personaSocket,
  startTestServer,
  waitFor,
  type Agent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';
import { fragmentText } from './draftHarness';

jest.setTimeout(60_000);

let server: TestServer;
let world: TestWorld;
const sockets: TestSocket[] = [];
const providers: SocketDraftProvider[] = [];

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld();
});
afterAll(async () => {
  for (const provider of providers) provider.destroy();
  for (const socket of sockets) socket.disconnect();
  await server.stop();
});

async function as(persona: keyof TestWorld['users']): Promise<{ agent: Agent; socket: TestSocket }> {
  const session = await personaSocket(server.url, world.users[persona].email);
  sockets.push(session.socket);
  return session;
}

function edit(socket: TestSocket, draftId: string): SocketDraftProvider {
  const provider = new SocketDraftProvider(socket, draftId, new Y.Doc());
  providers.push(provider);
  return provider;
}

/** Writes a small structured document as TipTap would store it. */
function writeConclusions(doc: Y.Doc): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default');
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 2 as unknown as string);
    const headingText = new Y.XmlText();
    heading.insert(0, [headingText]);
    const paragraph = new Y.XmlElement('paragraph');
    const body = new Y.XmlText();
    paragraph.insert(0, [body]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const itemParagraph = new Y.XmlElement('paragraph');
    const itemText = new Y.XmlText();
    itemParagraph.insert(0, [itemText]);
    item.insert(0, [itemParagraph]);
    list.insert(0, [item]);
    fragment.insert(0, [heading, paragraph, list]);
    headingText.insert(0, 'Shared findings');
    body.insert(0, 'Districts in both regions ');
    body.insert(body.length, 'cooperate', { bold: {} });
    body.insert(body.length, ' on innovation.', { bold: null });
    itemText.insert(0, 'Joint internationalisation missions');
  });
}

let draftId = '';
let versionId = '';
let publication: DraftPublicationDto;

describe('drafts in the app', () => {
  test('membersListTheWorkspaceDraftsAndNonMembersAreRefused', async () => {
    const { agent } = await as('participant');
    const list = await agent.request<{ drafts: Array<DraftDto & { access: string }> }>(
      'GET',
      `/api/workspaces/${world.workspaceId}/drafts`,
    );
    expect(list.status).toBe(200);
    // The overall draft plus one per discussion block.
    expect(list.body.drafts).toHaveLength(1 + world.blockIds.length);
    expect(list.body.drafts[0]?.blockId).toBeNull();
    expect(list.body.drafts.every((d) => d.access === 'edit')).toBe(true);
    draftId = list.body.drafts[1].id;
    const outsider = await as('nonMember');
    expect((await outsider.agent.request('GET', `/api/drafts/${draftId}`)).status).toBe(403);
    const join = await emitAck(outsider.socket, 'draft:join', { draftId });
    expect(join).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('participantEditsOverTheSessionSocketAndObserverReadsOnly', async () => {
    const participant = await as('participant');
    const observer = await as('observer');
    const writer = edit(participant.socket, draftId);
    const reader = edit(observer.socket, draftId);
    await waitFor(() => writer.status === 'synced' && reader.status === 'synced');
    expect(writer.access).toBe('edit');
    expect(reader.access).toBe('read');
    writeConclusions(writer.doc);
    expect(await writer.flush()).toBe(true);
    await waitFor(() => fragmentText(reader.doc).includes('Shared findings'));
    const stored = await loadDraft(new Types.ObjectId(draftId));
    expect(fragmentText(stored.doc)).toContain('cooperate on innovation.');
  });

  test('versionsArePublishedByModeratorsOnlyWithContributorsByDistrict', async () => {
    const participant = await as('participant');
    const saved = await participant.agent.request<DraftVersionDto>(
      'POST',
      `/api/drafts/${draftId}/versions`,
      { name: 'Hamburg draft' },
    );
    expect(saved.status).toBe(201);
    versionId = saved.body.id;
    const versions = await participant.agent.request<DraftVersionDto[]>(
      'GET',
      `/api/drafts/${draftId}/versions`,
    );
    expect(versions.body.map((v) => v.name)).toContain('Hamburg draft');
    const refused = await participant.agent.request('POST', `/api/drafts/${draftId}/publications`, {
      versionId,
    });
    expect(refused.status).toBe(403);
    const moderator = await as('moderator');
    const published = await moderator.agent.request<DraftPublicationDto>(
      'POST',
      `/api/drafts/${draftId}/publications`,
      { versionId },
    );
    expect(published.status).toBe(201);
    publication = published.body;
    expect(publication.number).toBe(1);
    expect(publication.blockTitle).toBe('Block 1');
    expect(publication.contributors).toEqual([
      expect.objectContaining({
        regionGroup: 'LAC',
        districts: [
          expect.objectContaining({
            country: 'MX',
            people: [expect.objectContaining({ name: 'participant person' })],
          }),
        ],
      }),
    ]);
    const observer = await as('observer');
    const list = await observer.agent.request<DraftPublicationDto[]>(
      'GET',
      `/api/workspaces/${world.workspaceId}/publications`,
    );
    expect(list.body.map((p) => p.number)).toEqual([1]);
  });

  test('exportsCarryTitleHeadingsTextReleaseAndContributors', async () => {
    const observer = await as('observer');
    const base = `/api/drafts/${draftId}/publications/${publication.number}/export`;
    const md = await observer.agent.request<string>('GET', `${base}/md`);
    expect(md.status).toBe(200);
    expect(md.body).toContain('## Shared findings');
    expect(md.body).toContain('**cooperate**');
    expect(md.body).toContain('- Joint internationalisation missions');
    expect(md.body).toContain('Release 1');
    expect(md.body).toContain('participant person');
    const html = await observer.agent.request<string>('GET', `${base}/html`);
    expect(html.headers.get('content-type')).toContain('text/html');
    // The export's title is the only h1; the editor's H2/H3 keep their levels in every format.
    expect(html.body).toContain('<h2>Shared findings</h2>');
    expect(html.body).toContain('<strong>cooperate</strong>');
    expect(html.body).toContain('Block 1');

    const docx = await fetchBinary(observer.agent, `${base}/docx`);
    const docxText = (await mammoth.extractRawText({ buffer: docx })).value;
    for (const expected of [
      'Shared findings',
      'Districts in both regions cooperate on innovation.',
      'Joint internationalisation missions',
      'Release 1',
      'Block 1',
      'participant person',
    ]) {
      expect(docxText).toContain(expected);
    }
    const docxHtml = (await mammoth.convertToHtml({ buffer: docx })).value;
    expect(docxHtml).toContain('<h2>Shared findings</h2>');

    const pdf = await fetchBinary(observer.agent, `${base}/pdf`);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // pdf-parse (pdfjs) needs dynamic import, which Jest's VM lacks: parse in a child process.
    const pdfText = execFileSync(process.execPath, [path.join(__dirname, 'fixtures', 'pdfText.mjs')], {
      input: pdf,
    })
      .toString('utf8')
      .replace(/\s+/g, ' ');
    for (const expected of [
      'Shared findings',
      'cooperate on innovation.',
      'Joint internationalisation missions',
      'Release 1',
      'participant person',
    ]) {
      expect(pdfText).toContain(expected);
    }
    const outsider = await as('nonMember');
    expect((await outsider.agent.request('GET', `${base}/pdf`)).status).toBe(403);
  });

  test('aVersionExportIsLabelledAsThatVersionInTheRequestersLanguageAndViewedInline', async () => {
    // QA: a saved version came out as "Working copy" in English, its file name lost "€" and "ñ", and the
    // "View" link downloaded the HTML instead of showing it.
    const participant = await as('participant');
    const saved = await participant.agent.request<DraftVersionDto>(
      'POST',
      `/api/drafts/${draftId}/versions`,
      {
        name: 'Precio € año',
      },
    );
    const base = `/api/drafts/${draftId}/versions/${saved.body.id}/export`;
    const versions = await participant.agent.request<DraftVersionDto[]>(
      'GET',
      `/api/drafts/${draftId}/versions`,
    );
    const number = versions.body.length;

    const es = await participant.agent.request<string>('GET', `${base}/md?lang=es`);
    expect(es.status).toBe(200);
    // The block's title in Spanish (the test world's is "Block 1 (es)") and "conclusiones".
    expect(es.body).toContain('# Block 1 (es) — conclusiones');
    expect(es.body).toMatch(
      new RegExp(`Versión ${number} — Precio € año, guardada el \\d+ de \\p{L}+ de \\d{4} \\(`, 'u'),
    );
    expect(es.body).toContain('Participantes');
    expect(es.body).not.toMatch(/Working copy|Contributors/);
    const disposition = es.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(
      new RegExp(
        `^attachment; filename="block-1-es-conclusiones-version-${number}-precio-euro-ano\\.md"; filename\\*=UTF-8''`,
      ),
    );
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe(
      `Block 1 (es) — conclusiones (version ${number} Precio € año).md`,
    );

    // Without `lang`, the Accept-Language decides; English words and `lang` in the HTML.
    const en = await participant.agent.request<string>('GET', `${base}/html`, undefined, {
      'accept-language': 'en-GB,en;q=0.8',
    });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain(`Version ${number} — Precio € año, saved`);
    expect(en.headers.get('content-disposition')).toMatch(/^attachment;/);
    const viaHeader = await participant.agent.request<string>('GET', `${base}/html`, undefined, {
      'accept-language': 'es-AR,es;q=0.9',
    });
    expect(viaHeader.body).toContain('<html lang="es">');

    // The "View" link: the HTML shown inline, under a CSP that runs nothing.
    const view = await participant.agent.request<string>('GET', `${base}/html?disposition=inline&lang=es`);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-disposition')).toMatch(/^inline; filename=/);
    expect(view.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(view.headers.get('content-type')).toMatch(/^text\/html/);
    // Only HTML is shown inline; other formats stay downloads.
    const pdf = await participant.agent.request('GET', `${base}/pdf?disposition=inline`);
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  test('restoreIsANewEditThatMakesTheContentEqualToTheVersion', async () => {
    const participant = await as('participant2');
    const writer = edit(participant.socket, draftId);
    await waitFor(() => writer.status === 'synced' && fragmentText(writer.doc).includes('Shared findings'));
    writer.doc.transact(() => {
      const fragment = writer.doc.getXmlFragment('default');
      fragment.delete(0, 1);
      const extra = new Y.XmlElement('paragraph');
      extra.insert(0, [new Y.XmlText('Later thought')]);
      fragment.insert(fragment.length, [extra]);
    });
    expect(await writer.flush()).toBe(true);
    const restored = await participant.agent.request(
      'POST',
      `/api/drafts/${draftId}/versions/${versionId}/restore`,
    );
    expect(restored.status).toBe(200);
    const version = await participant.agent.request<string>(
      'GET',
      `/api/drafts/${draftId}/versions/${versionId}/export/md`,
    );
    const stored = fragmentText((await loadDraft(new Types.ObjectId(draftId))).doc);
    expect(stored).not.toContain('Later thought');
    expect(stored).toContain('Shared findings');
    expect([version.status, version.body]).toEqual([200, expect.stringContaining('Shared findings')]);
    // The connected editor received the restore as an ordinary update.
    await waitFor(() => fragmentText(writer.doc) === stored);
  });

  test('moderatorLocksTheDraftAndEditorsBecomeReadersUntilUnlocked', async () => {
    const participant = await as('participant');
    const moderator = await as('moderator');
    const writer = edit(participant.socket, draftId);
    await waitFor(() => writer.status === 'synced' && writer.access === 'edit');
    expect(
      (await participant.agent.request('POST', `/api/drafts/${draftId}/lock`, { locked: true })).status,
    ).toBe(403);
    const locked = await moderator.agent.request<DraftDto>('POST', `/api/drafts/${draftId}/lock`, {
      locked: true,
    });
    expect(locked.body.locked).toBe(true);
    await waitFor(() => writer.access === 'read');
    const before = fragmentText((await loadDraft(new Types.ObjectId(draftId))).doc);
    const other = new Y.Doc();
    other.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
    const reply = await emitAck<DraftJoinResult>(participant.socket, 'draft:sync', {
      draftId,
      message: syncUpdate(Y.encodeStateAsUpdate(other)),
    });
    expect((reply as Ack<unknown>).ok).toBe(false);
    expect(fragmentText((await loadDraft(new Types.ObjectId(draftId))).doc)).toBe(before);
    await moderator.agent.request('POST', `/api/drafts/${draftId}/lock`, { locked: false });
    await waitFor(() => writer.access === 'edit');
  });

  test('aPostIsQuotedIntoItsBlocksDraftLinkedToItsSource', async () => {
    const moderator = await as('moderator');
    const participant = await as('participant');
    await openFirstQuestion(moderator.socket, world);
    const change = await command<PostChangeDto>(participant.socket, 'post:create', {
      questionId: world.questionIds[0][0],
      clientId: newClientId(),
      body: 'Clusters should share **export desks** abroad.\n\nAnd train managers together.',
    });
    const postId = change.post.id;
    const quoted = await participant.agent.request('POST', `/api/drafts/${draftId}/quotes`, {
      postId,
      passage: 'And train managers together.',
    });
    expect(quoted.status).toBe(201);
    const notInPost = await participant.agent.request('POST', `/api/drafts/${draftId}/quotes`, {
      postId,
      passage: 'Invented words',
    });
    expect(notInPost.status).toBe(400);
    // Its own code (translated in the client), not the generic "check the input".
    expect((notInPost.body as { error: { code: string } }).error.code).toBe('passage_not_in_post');
    const observer = await as('observer');
    expect((await observer.agent.request('POST', `/api/drafts/${draftId}/quotes`, { postId })).status).toBe(
      403,
    );
    // Another block's draft does not take this block's posts.
    const list = await participant.agent.request<{ drafts: DraftDto[] }>(
      'GET',
      `/api/workspaces/${world.workspaceId}/drafts`,
    );
    const otherBlockDraft = list.body.drafts.find((d) => d.blockId === world.blockIds[1])!;
    expect(
      (await participant.agent.request('POST', `/api/drafts/${otherBlockDraft.id}/quotes`, { postId }))
        .status,
    ).toBe(403);
    // The quote is in the stored document, with its source on the blockquote, and survives later edits.
    const writer = edit(participant.socket, draftId);
    await waitFor(
      () => writer.status === 'synced' && fragmentText(writer.doc).includes('And train managers together.'),
    );
    const quote = writer.doc
      .getXmlFragment('default')
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.nodeName === 'blockquote') as Y.XmlElement;
    expect(quote.getAttribute('source')).toBe(postId);
    expect(quote.getAttribute('sourceQuestion')).toBe(world.questionIds[0][0]);
    ((quote.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Edited: ');
    expect(await writer.flush()).toBe(true);
    const md = await participant.agent.request<string>('GET', `/api/drafts/${draftId}/export/md`);
    expect(md.body).toContain('> Edited: And train managers together.');
    // The provenance is a real link to the post in the app (absolute, from the server's public origin).
    expect(md.body).toContain(
      `[— participant person](<${server.url}/w/${world.workspaceId}/q/${world.questionIds[0][0]}#post-${postId}>)`,
    );
  });

  test('aPassageIsFoundInTheTextThePostShowsWithRefusedLinksHtmlAndCode', async () => {
    // QA: the thread shows `[x](javascript:…)` as plain "x" and HTML as text; quoting such a selection was refused.
    const participant = await as('participant');
    const change = await command<PostChangeDto>(participant.socket, 'post:create', {
      questionId: world.questionIds[0][0],
      clientId: newClientId(),
      body: 'Precio 5 € \\*literal\\* <script>alert(1)</script> [x](javascript:alert(1)) `código ` y ñandú',
    });
    const quoted = await participant.agent.request('POST', `/api/drafts/${draftId}/quotes`, {
      postId: change.post.id,
      passage: '</script> x código',
    });
    expect(quoted.status).toBe(201);
    const writer = edit(participant.socket, draftId);
    await waitFor(
      () => writer.status === 'synced' && fragmentText(writer.doc).includes('</script> x código'),
    );
    expect(fragmentText(writer.doc)).not.toContain('javascript:');
  });

  test('aLargePasteOverLongPollingOnlyIsChunkedStoredAndRelayed', async () => {
    // Where WebSockets are blocked Socket.IO stays on HTTP long-polling, and each POST body is capped by
    // maxHttpBufferSize: the provider must split a large update into chunks that the server reassembles.
    const participant = await as('participant');
    const moderator = await as('moderator');
    const list = await participant.agent.request<{ drafts: DraftDto[] }>(
      'GET',
      `/api/workspaces/${world.workspaceId}/drafts`,
    );
    const target = list.body.drafts.find((d) => d.blockId === null)!.id; // the workspace-wide draft
    const pollingSocket: TestSocket = ioClient(server.url, {
      transports: ['polling'],
      extraHeaders: { cookie: `${SESSION_COOKIE}=${participant.agent.cookie}` },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(pollingSocket);
    await new Promise<void>((resolve, reject) => {
      pollingSocket.once('connect', () => resolve());
      pollingSocket.once('connect_error', reject);
    });
    const writer = edit(pollingSocket, target);
    const reader = edit(moderator.socket, target);
    await waitFor(() => writer.status === 'synced' && reader.status === 'synced');
    const paragraphs = Array.from({ length: 2500 }, (_, i) =>
      `Paragraph ${i}: clusters in Córdoba and Łódź compare export desks, training and finance. `.repeat(10),
    );
    writer.doc.transact(() => {
      const fragment = writer.doc.getXmlFragment('default');
      for (const body of paragraphs) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(body)]);
        fragment.push([paragraph]);
      }
    });
    const updateBytes = Y.encodeStateAsUpdate(writer.doc).byteLength;
    expect(updateBytes).toBeGreaterThan(2 * MAX_SOCKET_PACKET_BYTES);
    expect(await writer.flush()).toBe(true);
    expect(pollingSocket.io.engine.transport.name).toBe('polling');
    expect(pollingSocket.connected).toBe(true);
    await waitFor(() => fragmentText(reader.doc).includes('Paragraph 2499:'), 30_000);
    const stored = fragmentText((await loadDraft(new Types.ObjectId(target))).doc);
    expect(stored).toContain('Paragraph 0: clusters in Córdoba');
    expect(stored).toContain('Paragraph 2499:');
    expect(stored.length).toBeGreaterThanOrEqual(paragraphs.join('').length);
  });
});

async function fetchBinary(agent: Agent, path: string): Promise<Buffer> {
  const res = await fetch(`${agent.baseUrl}${path}`, {
    headers: { cookie: `${SESSION_COOKIE}=${agent.cookie}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

function syncUpdate(update: Uint8Array): Uint8Array {
  return Uint8Array.from([2, ...encodeVarUint(update.byteLength), ...update]);
}

function encodeVarUint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
