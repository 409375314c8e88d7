import { Types } from 'mongoose';
import { SESSION_COOKIE } from '@polos/shared';
import { Question } from '../../server/src/features/questions/question.model';
import { Workspace } from '../../server/src/features/workspaces/workspace.model';
import { createProfilesBlock, useInProcessServer } from '../helpers/e2e';
import { buildUser, signIn as signInAgent } from '../helpers/server';

jest.setTimeout(120_000);

/**
 * Block 1 at 390 px in Chromium (QA M3, m9): a question open for contributions through its asynchronous window
 * is at the top of the page — above the whole profile area — with "Open for contributions" and no "No question is
 * open"; the represent panel's "Ask to represent" button does not touch the next form's heading.
 */
describe('Block 1 on a phone', () => {
  const e2e = useInProcessServer();
  let blockId: string;
  let email: string;

  beforeAll(async () => {
    const workspaceId = new Types.ObjectId(e2e.world.workspaceId);
    const profilesId = await createProfilesBlock(workspaceId, 'upcoming');
    blockId = profilesId.toHexString();
    const now = Date.now();
    await Question.create([
      {
        workspaceId,
        blockId: profilesId,
        order: 1,
        text: { en: 'Present your district', es: 'Presente su distrito' },
      },
      {
        workspaceId,
        blockId: profilesId,
        order: 2,
        text: { en: 'What would you like to learn?', es: '¿Qué le gustaría aprender?' },
        asyncWindow: {
          startsAt: new Date(now - 60_000),
          endsAt: new Date(now + 2 * 3_600_000),
          state: 'open',
        },
      },
    ]);
    // A member without a district: the page shows the represent panel (two forms) above the profile.
    const newcomer = await buildUser({ name: 'Nadia Newcomer' });
    email = newcomer.email;
    await Workspace.updateOne(
      { _id: workspaceId },
      { $push: { members: { userId: newcomer._id, role: 'participant', joinedAt: new Date() } } },
    );
  });

  test('theOpenQuestionIsAtTheTopAndTheRepresentFormsHaveRoom', async () => {
    await e2e.artifacts('block-one-phone', async () => {
      const page = await e2e.open({ viewport: { width: 390, height: 844 } });
      const agent = await signInAgent(e2e.url, email);
      await page.context().addCookies([{ name: SESSION_COOKIE, value: agent.cookie!, url: e2e.url }]);
      await page.goto(`${e2e.url}/w/${e2e.world.workspaceId}/b/${blockId}`);

      const current = page.getByTestId('current-question');
      await current.filter({ hasText: 'What would you like to learn?' }).waitFor();
      const banner = page.locator('.question-banner');
      expect(await banner.innerText()).toContain('Open for contributions');
      expect(await banner.innerText()).not.toContain('No question is open');
      expect(await banner.innerText()).not.toContain('Pending');

      const represent = page.getByTestId('represent');
      await represent.waitFor();
      const questionBox = (await current.boundingBox())!;
      const representBox = (await represent.boundingBox())!;
      // Above the profile area, and on the first screen.
      expect(questionBox.y + questionBox.height).toBeLessThan(representBox.y);
      expect(questionBox.y).toBeLessThan(844);

      const ask = (await page.getByRole('button', { name: 'Ask to represent' }).boundingBox())!;
      const propose = (await page.getByRole('heading', { name: 'Propose a new district' }).boundingBox())!;
      expect(propose.y - (ask.y + ask.height)).toBeGreaterThanOrEqual(16);
      // Nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    });
  });
});
