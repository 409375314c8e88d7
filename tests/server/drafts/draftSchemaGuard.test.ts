/**
 * The editor schema guards the stored draft (issues 15.2, 15.6, 9.6), in the real server with session sockets:
 * an update the editor cannot represent (text at the top level of the fragment) or with provenance the server
 * did not sign is refused with an error ack and never stored; a draft already stored in such a state opens with
 * its valid content in a real client provider, and moderators find a `draft.repaired` audit entry; quoting keeps
 * the post's rich text, and a selection across bold and link text is found in what the reader saw.
 */
import { Types } from 'mongoose';
import * as Y from 'yjs';
import {
  timeZoneLabel,
  type DraftDto,
  type DraftPublicationDto,
  type DraftVersionDto,
  type PostChangeDto,
} from '@polos/shared';
import { SocketDraftProvider } from '../../../client/src/features/drafts/draftProvider';
import { AuditEntry } from '../../../server/src/features/audit/audit.model';
import { Draft, DraftUpdate } from '../../../server/src/features/drafts/draft.model';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import {
  buildWorld,
  command,
  emitAck,
  newClientId,
  openFirstQuestion,
  personaSocket,
  startTestServer,
  waitFor,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

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

async function as(persona: keyof TestWorld['users']) {
  const session = await personaSocket(server.url, world.users[persona].email);
  sockets.push(session.socket);
  return session;
}

function edit(socket: TestSocket, draftId: string): SocketDraftProvider {
  const provider = new SocketDraftProvider(socket, draftId, new Y.Doc());
  providers.push(provider);
  return provider;
}

/** A y-protocols sync "update" message. */
function syncUpdate(update: Uint8Array): Uint8Array {
  const length: number[] = [];
  let n = update.byteLength;
  while (n > 127) {
    length.push((n & 127) | 128);
    n >>>= 7;
  }
  length.push(n);
  return Uint8Array.from([2, ...length, ...update]);
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  element.insert(0, [content]);
  content.insert(0, text);
  return element;
}

/** The update that makes `change` on a copy of `base`. */
function updateOf(base: Y.Doc, change: (fragment: Y.XmlFragment) => void): Uint8Array {
  const work = new Y.Doc();
  Y.applyUpdate(work, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(work);
  work.transact(() => change(work.getXmlFragment('default')));
  return Y.encodeStateAsUpdate(work, before);
}

async function drafts(agent: Awaited<ReturnType<typeof as>>['agent']): Promise<DraftDto[]> {
  return (await agent.request<{ drafts: DraftDto[] }>('GET', `/api/workspaces/${world.workspaceId}/drafts`))
    .body.drafts;
}

const topText = (doc: Y.Doc) =>
  doc
    .getXmlFragment('default')
    .toArray()
    .filter((node) => !(node instanceof Y.XmlElement)).length;

describe('the editor schema guards stored drafts', () => {
  test('textAtTheTopLevelAndForgedProvenanceAreRefusedWithAnErrorAckAndNeverStored', async () => {
    const participant = await as('participant');
    const draftId = (await drafts(participant.agent)).find((d) => d.blockId === null)!.id;
    const writer = edit(participant.socket, draftId);
    await waitFor(() => writer.status === 'synced' && writer.access === 'edit');
    writer.doc.getXmlFragment('default').insert(0, [paragraph('Valid start')]);
    expect(await writer.flush()).toBe(true);
    const stored = () => DraftUpdate.countDocuments({ draftId: new Types.ObjectId(draftId) });
    const before = await stored();

    const loose = await emitAck(participant.socket, 'draft:sync', {
      draftId,
      message: syncUpdate(updateOf(writer.doc, (f) => f.insert(1, [new Y.XmlText('loose text')]))),
    });
    expect(loose).toMatchObject({ ok: false, error: { code: 'unrepresentable_update' } });

    const forged = new Y.XmlElement('blockquote');
    forged.setAttribute('source', 'f'.repeat(24));
    forged.setAttribute('sourceQuestion', '../admin');
    forged.setAttribute('sourceAuthor', 'Somebody Else');
    forged.insert(0, [paragraph('Pasted with provenance')]);
    const forgedAck = await emitAck(participant.socket, 'draft:sync', {
      draftId,
      message: syncUpdate(updateOf(writer.doc, (f) => f.insert(1, [forged]))),
    });
    expect(forgedAck).toMatchObject({ ok: false, error: { code: 'forged_provenance' } });
    expect(await stored()).toBe(before);

    // The draft stays editable for everyone: a second editor syncs the valid content only.
    const reader = edit((await as('participant2')).socket, draftId);
    await waitFor(() => reader.status === 'synced');
    expect(reader.doc.getXmlFragment('default').length).toBe(1);
    expect(topText(reader.doc)).toBe(0);
  });

  test('aStoredStateTheEditorCannotShowOpensWithItsValidContentAndModeratorsAreTold', async () => {
    const participant = await as('participant');
    const draftId = (await drafts(participant.agent)).find((d) => d.blockId === world.blockIds[1])!.id;
    // Written straight into the update log, as the unguarded server stored it.
    const bad = new Y.Doc();
    bad.getXmlFragment('default').insert(0, [paragraph('Valid content'), new Y.XmlText('broken node')]);
    await DraftUpdate.collection.insertOne({
      _id: new Types.ObjectId(),
      draftId: new Types.ObjectId(draftId),
      update: Buffer.from(Y.encodeStateAsUpdate(bad)),
      userId: null,
      at: new Date(),
    });
    const reader = edit(participant.socket, draftId);
    await waitFor(() => reader.status === 'synced');
    const fragment = reader.doc.getXmlFragment('default');
    expect(fragment.length).toBe(1);
    expect(topText(reader.doc)).toBe(0);
    expect(JSON.stringify(fragment.toJSON())).toContain('Valid content');
    const audit = await AuditEntry.findOne({ action: 'draft.repaired', targetId: draftId }).lean().exec();
    expect(audit?.data).toMatchObject({ droppedNodes: 1 });
    // The repair is durable: the next load finds nothing to repair.
    expect(await AuditEntry.countDocuments({ action: 'draft.repaired', targetId: draftId }).exec()).toBe(1);
  });

  test('quotingKeepsThePostsRichTextAndASelectionAcrossBoldAndLinkTextMatches', async () => {
    const moderator = await as('moderator');
    const participant = await as('participant');
    await openFirstQuestion(moderator.socket, world);
    const change = await command<PostChangeDto>(participant.socket, 'post:create', {
      questionId: world.questionIds[0][0],
      clientId: newClientId(),
      body: 'Clusters in **Córdoba** share [export desks](https://example.org/desks) abroad.',
    });
    const draftId = (await drafts(participant.agent)).find((d) => d.blockId === world.blockIds[0])!.id;
    const whole = await participant.agent.request('POST', `/api/drafts/${draftId}/quotes`, {
      postId: change.post.id,
    });
    expect(whole.status).toBe(201);
    const passage = await participant.agent.request('POST', `/api/drafts/${draftId}/quotes`, {
      postId: change.post.id,
      passage: 'Córdoba share export desks',
    });
    expect(passage.status).toBe(201);
    const reader = edit(participant.socket, draftId);
    await waitFor(() => reader.status === 'synced' && reader.doc.getXmlFragment('default').length >= 2);
    const quotes = reader.doc
      .getXmlFragment('default')
      .toArray()
      .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'blockquote');
    const deltaOf = (quote: Y.XmlElement) =>
      ((quote.get(0) as Y.XmlElement).get(0) as Y.XmlText).toDelta() as Array<{
        insert: string;
        attributes?: Record<string, unknown>;
      }>;
    const whole0 = deltaOf(quotes[quotes.length - 2]);
    expect(whole0).toContainEqual({ insert: 'Córdoba', attributes: { bold: {} } });
    expect(whole0.map((op) => op.insert).join('')).not.toContain('**');
    expect(whole0.find((op) => op.insert === 'export desks')?.attributes).toMatchObject({
      link: { href: 'https://example.org/desks' },
    });
    const cut = deltaOf(quotes[quotes.length - 1]);
    expect(cut.map((op) => op.insert).join('')).toBe('Córdoba share export desks');
    expect(cut[0]).toEqual({ insert: 'Córdoba', attributes: { bold: {} } });
    expect(quotes[quotes.length - 1].getAttribute('source')).toBe(change.post.id);
  });

  test('quotesStoredBeforeProvenanceWasSignedKeepTheirSourceOnlyWhenThePostConfirmsIt', async () => {
    const moderator = await as('moderator');
    const participant = await as('participant');
    // The quote test above opened the question already (and a second session:start is a conflict).
    await openFirstQuestion(moderator.socket, world).catch((error: Error) => {
      if (!/already running/.test(error.message)) throw error;
    });
    const change = await command<PostChangeDto>(participant.socket, 'post:create', {
      questionId: world.questionIds[0][0],
      clientId: newClientId(),
      body: 'A post quoted before signatures existed.',
    });
    // A draft no room has loaded yet (every listed draft was opened by the tests above).
    const id = (
      await Draft.create({
        workspaceId: new Types.ObjectId(world.workspaceId),
        blockId: new Types.ObjectId(),
        title: 'Legacy quotes',
      })
    )._id.toHexString();
    const legacy = new Y.Doc();
    const quoteOf = (source: string, question: string, author: string) => {
      const quote = new Y.XmlElement('blockquote');
      quote.setAttribute('source', source);
      quote.setAttribute('sourceQuestion', question);
      quote.setAttribute('sourceAuthor', author);
      quote.insert(0, [paragraph(`Quoted from ${author}`)]);
      return quote;
    };
    legacy
      .getXmlFragment('default')
      .insert(0, [
        quoteOf(change.post.id, world.questionIds[0][0], change.post.author.name),
        quoteOf(change.post.id, world.questionIds[0][0], 'Someone Else'),
      ]);
    await DraftUpdate.collection.insertOne({
      _id: new Types.ObjectId(),
      draftId: new Types.ObjectId(id),
      update: Buffer.from(Y.encodeStateAsUpdate(legacy)),
      userId: null,
      at: new Date(),
    });
    const reader = edit(participant.socket, id);
    await waitFor(() => reader.status === 'synced' && reader.doc.getXmlFragment('default').length === 2);
    const [true0, false1] = reader.doc.getXmlFragment('default').toArray() as Y.XmlElement[];
    expect(true0.getAttribute('source')).toBe(change.post.id);
    expect(typeof true0.getAttribute('sourceSig')).toBe('string');
    expect(false1.getAttribute('source')).toBeUndefined();
    expect(false1.getAttribute('sourceAuthor')).toBeUndefined();
    const audit = await AuditEntry.findOne({ action: 'draft.repaired', targetId: id }).lean().exec();
    expect(audit?.data).toMatchObject({ unsignedQuotes: 1, signedLegacyQuotes: 1 });
  });

  test('aReleaseIsDatedInTheWorkspacesTimeZoneAndNamesIt', async () => {
    await Workspace.updateOne(
      { _id: world.workspaceId },
      { $set: { timeZone: 'Pacific/Kiritimati' } },
    ).exec();
    const moderator = await as('moderator');
    const draftId = (await drafts(moderator.agent)).find((d) => d.blockId === world.blockIds[1])!.id;
    const version = await moderator.agent.request<DraftVersionDto>(
      'POST',
      `/api/drafts/${draftId}/versions`,
      {
        name: 'Zoned',
      },
    );
    const published = await moderator.agent.request<DraftPublicationDto>(
      'POST',
      `/api/drafts/${draftId}/publications`,
      { versionId: version.body.id },
    );
    expect(published.status).toBe(201);
    expect(published.body.timeZone).toBe('Pacific/Kiritimati');
    // UTC+14: the date in Kiritimati, whatever the server's own zone.
    const expected = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'long',
      timeZone: 'Pacific/Kiritimati',
    }).format(new Date(published.body.publishedAt));
    const md = await moderator.agent.request<string>(
      'GET',
      `/api/drafts/${draftId}/publications/${published.body.number}/export/md`,
    );
    // The zone by its name in the export's language (CLDR via Intl: "Line Islands Time"), not its IANA id.
    expect(md.body).toContain(`published ${expected} (${timeZoneLabel('Pacific/Kiritimati', 'en')})`);
    expect(md.body).not.toContain('Pacific/Kiritimati');
    // An unknown zone is refused by the model (validated with Intl).
    await expect(
      Workspace.updateOne(
        { _id: world.workspaceId },
        { $set: { timeZone: 'Mars/Olympus_Mons' } },
        { runValidators: true },
      ).exec(),
    ).rejects.toThrow(/IANA time zone/);
  });
});
