/**
 * "Draft edits" of the balance dashboard (QA: always 0): people edit a block's conclusions over the real session
 * socket, the update log is compacted (its entries deleted), and the dashboard and its CSV still count the
 * editing sessions — one per person for a burst of many updates (the 30-minute pause that starts another session
 * is checked in balance.test.ts through `recordDraftEdit`).
 */
import Papa from 'papaparse';
import { Types } from 'mongoose';
import * as Y from 'yjs';
import type { BalanceDto, DraftDto, UserExportDto } from '@polos/shared';
import { SocketDraftProvider } from '../../../client/src/features/drafts/draftProvider';
import { DraftEditSession, DraftUpdate } from '../../../server/src/features/drafts/draft.model';
import { compactDraft } from '../../../server/src/features/drafts/draftPersistence';
import {
  buildWorld,
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

/** Opens the draft as `persona` and types `text` one character per update (as a person typing does). */
async function typeAs(persona: keyof TestWorld['users'], draftId: string, text: string): Promise<void> {
  const session = await personaSocket(server.url, world.users[persona].email);
  sockets.push(session.socket);
  const provider = new SocketDraftProvider(session.socket, draftId, new Y.Doc());
  providers.push(provider);
  await waitFor(() => provider.status === 'synced');
  const fragment = provider.doc.getXmlFragment('default');
  const paragraph = new Y.XmlElement('paragraph');
  const body = new Y.XmlText();
  paragraph.insert(0, [body]);
  fragment.insert(fragment.length, [paragraph]);
  for (const ch of text) {
    body.insert(body.length, ch);
    expect(await provider.flush()).toBe(true);
  }
  provider.destroy();
  session.socket.disconnect();
}

test('draftEditsCountEditingSessionsAndSurviveCompaction', async () => {
  const moderator = await personaSocket(server.url, world.users.moderator.email);
  sockets.push(moderator.socket);
  const list = await moderator.agent.request<{ drafts: DraftDto[] }>(
    'GET',
    `/api/workspaces/${world.workspaceId}/drafts`,
  );
  const blockDraft = list.body.drafts.find((d) => d.blockId === world.blockIds[0]);
  expect(blockDraft).toBeDefined();
  const draftId = blockDraft!.id;
  const oid = new Types.ObjectId(draftId);

  await typeAs('participant', draftId, 'Shared findings');
  await typeAs('moderator', draftId, 'Agreed.');
  await waitFor(async () => (await DraftEditSession.countDocuments({ draftId: oid })) === 2);

  // Compaction folds the log into the snapshot and deletes its entries: the figure must not depend on them.
  await compactDraft(oid);
  expect(await DraftUpdate.countDocuments({ draftId: oid })).toBe(0);

  const balance = async () =>
    (
      await moderator.agent.request<BalanceDto>(
        'GET',
        `/api/workspaces/${world.workspaceId}/balance?blockId=${world.blockIds[0]}`,
      )
    ).body;
  const first = await balance();
  // Two people, one session each, although each sent a dozen updates.
  expect(first.totals.draftContributions).toBe(2);
  const role = Object.fromEntries(first.breakdown.role.map((r) => [r.key, r.draftContributions]));
  expect(role).toMatchObject({ participant: 1, moderator: 1 });

  const csv = await moderator.agent.request<string>(
    'GET',
    `/api/workspaces/${world.workspaceId}/balance.csv?blockId=${world.blockIds[0]}`,
  );
  const rows = Papa.parse<Record<string, string>>(csv.body.replace(/^\uFEFF/, ''), { header: true }).data;
  expect(rows.find((r) => r.table === 'total')?.draftContributions).toBe('2');

  // The person's own data export counts the same sessions (it used to report only the log entries, 0 after this).
  const exported = await moderator.agent.request<UserExportDto>('GET', '/api/users/me/export');
  expect(exported.body.draftContributions.find((d) => d.draftId === draftId)).toMatchObject({
    editSessions: 1,
    loggedUpdates: 0,
  });
});
