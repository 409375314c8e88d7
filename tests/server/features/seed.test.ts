import { Block } from '../../../server/src/features/blocks/block.model';
import { District } from '../../../server/src/features/districts/district.model';
import { Question } from '../../../server/src/features/questions/question.model';
import { User } from '../../../server/src/features/users/user.model';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../server/src/demo/demoContent';
import { ensureDemo, formatCredentials } from '../../../server/src/demo/seedDemo';
import { createLogger } from '../../../server/src/lib/logger';
import { Agent, startTestServer, type TestServer } from '../../helpers/server';

jest.setTimeout(60_000);

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.stop();
});

describe('demo seed', () => {
  it('createsDemoWorkspaceOnEmptyDatabaseOnlyOnce', async () => {
    const logger = createLogger('silent');
    const credentials = await ensureDemo(logger);
    expect(credentials).toHaveLength(DEMO_ACCOUNTS.length);
    expect(formatCredentials(credentials!)).toContain(DEMO_PASSWORD);
    expect(await ensureDemo(logger)).toBeNull();

    const ws = await Workspace.findOne({}).lean();
    expect(ws?.title).toBe('EU–LAC Competitive Districts — Year 1, 2014–2015 (demo)');
    // The demo reads in every UI language from the first start (no "EN" fallback marker on its own texts).
    for (const language of ['es', 'pt', 'fr'] as const) {
      expect(ws?.texts?.title?.[language]).toMatch(/2014–2015/);
      expect(ws?.texts?.description?.[language]?.length).toBeGreaterThan(100);
    }
    const blocks = await Block.find({ workspaceId: ws!._id }).sort({ order: 1 }).lean();
    expect(blocks.map((b) => b.title.en)).toEqual([
      'Profiles of the Polos',
      'Competitiveness',
      'Internationalization',
      'Policies',
    ]);
    for (const block of blocks) {
      const questions = await Question.find({ blockId: block._id }).lean();
      expect(questions.length).toBeGreaterThanOrEqual(1);
      expect(questions.length).toBeLessThanOrEqual(5);
      expect([block.title.pt, block.title.fr].every((t) => (t?.length ?? 0) > 3)).toBe(true);
      for (const q of questions) {
        for (const language of ['es', 'pt', 'fr'] as const)
          expect(q.text[language]?.length).toBeGreaterThan(10);
      }
    }
    const districts = await District.find({}).lean();
    // Issue 10: 76 demo districts from 27 countries of both regions, all taking part in the demo workspace.
    expect(districts).toHaveLength(76);
    expect(new Set(districts.map((d) => d.country)).size).toBe(27);
    expect(districts.every((d) => d.workspaceIds?.some((w) => w.equals(ws!._id)))).toBe(true);
    expect(new Set(districts.map((d) => d.regionGroup))).toEqual(new Set(['EU', 'LAC']));
    expect(districts.every((d) => d.demo && /Demo|Démo/.test(d.name))).toBe(true);
    expect(await User.countDocuments({})).toBe(DEMO_ACCOUNTS.length);
    expect(new Set(ws!.members.map((m) => m.role))).toEqual(
      new Set(['admin', 'moderator', 'participant', 'observer']),
    );
  });

  it('letsDemoAccountsSignIn', async () => {
    const agent = new Agent(app.url);
    const session = await agent.login(DEMO_ACCOUNTS[1].email, DEMO_PASSWORD);
    expect(session.workspaces[0]?.role).toBe('moderator');
  });
});
