import mongoose, { Types } from 'mongoose';
import * as Y from 'yjs';
import type { DraftDto, DraftVersionDto, EndorsementRoundDto } from '@polos/shared';
import { SocketDraftProvider } from '../../client/src/features/drafts/draftProvider';
import { District } from '../../server/src/features/districts/district.model';
import { command, signIn as signInAgent, waitFor } from '../helpers/server';
import { useInProcessServer } from '../helpers/e2e';

jest.setTimeout(120_000);

/**
 * Issue 12.2 in a real browser: a representative at 390 px answers a paragraph of an open endorsement round by
 * keyboard (radio + required wording), the moderator's page shows the amendment live and takes it into the draft,
 * and the representative's editor shows the new wording.
 */
describe('endorsement round in the browser', () => {
  const e2e = useInProcessServer();
  let draftUrl = '';
  let provider: SocketDraftProvider | undefined;

  beforeAll(async () => {
    const { world, moderator } = e2e;
    // The participants' district takes part in the workspace.
    await District.updateMany(
      { _id: mongoose.trusted({ $exists: true }) },
      { $addToSet: { workspaceIds: new Types.ObjectId(world.workspaceId) } },
    ).exec();
    const agent = await signInAgent(e2e.url, world.users.moderator.email);
    const list = await agent.request<{ drafts: DraftDto[] }>(
      'GET',
      `/api/workspaces/${world.workspaceId}/drafts`,
    );
    const draftId = list.body.drafts[1].id;
    provider = new SocketDraftProvider(moderator, draftId, new Y.Doc());
    await waitFor(() => provider?.status === 'synced', 20_000);
    provider.doc.transact(() => {
      const para = new Y.XmlElement('paragraph');
      para.insert(0, [new Y.XmlText('Both regions share one training plan.')]);
      provider?.doc.getXmlFragment('default').insert(0, [para]);
    });
    expect(await provider.flush()).toBe(true);
    const version = await agent.request<DraftVersionDto>('POST', `/api/drafts/${draftId}/versions`, {
      name: 'Round one',
    });
    await command<EndorsementRoundDto>(moderator, 'endorsement:open', {
      draftId,
      versionId: version.body.id,
      quorum: { minShare: 0.5, basis: 'allParagraphs' },
    });
    draftUrl = `${e2e.url}/w/${world.workspaceId}/drafts/${draftId}`;
  });

  afterAll(() => provider?.destroy());

  test('representativeAmendsByKeyboardAndTheModeratorTakesItIn', async () => {
    await e2e.artifacts('endorsement-round', async () => {
      const participant = await e2e.openFirstBlockAs(e2e.world.users.participant.email, {
        width: 390,
        height: 844,
      });
      const moderatorPage = await e2e.openFirstBlockAs(e2e.world.users.moderator.email, {
        width: 1280,
        height: 800,
      });
      await Promise.all([participant.goto(draftUrl), moderatorPage.goto(draftUrl)]);
      const paragraph = participant.getByTestId('endorsement-paragraph').first();
      await paragraph.waitFor({ timeout: 20_000 });
      // Keyboard: focus the "Agree" radio, arrow to "Amend", type the wording, submit with Enter on the button.
      await paragraph.getByRole('radio', { name: 'Agree' }).focus();
      await participant.keyboard.press('ArrowRight');
      expect(await paragraph.getByRole('radio', { name: 'Amend' }).isChecked()).toBe(true);
      const wording = paragraph.getByLabel('Proposed wording (required)');
      await wording.fill('Both regions share one training plan from 2027.');
      await paragraph.getByRole('button', { name: 'Send answer' }).press('Enter');
      await paragraph
        .getByTestId('endorsement-stored')
        .filter({ hasText: 'Amend' })
        .waitFor({ timeout: 15_000 });
      await participant.getByTestId('quorum-LAC').filter({ hasText: 'quorum reached' }).waitFor();
      // No horizontal scrolling at 390 px.
      const overflow = await participant.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(1);
      // The moderator sees the amendment live and takes it into the draft.
      const takeIn = moderatorPage.getByRole('button', { name: 'Take amendment into the draft' });
      await takeIn.waitFor({ timeout: 15_000 });
      await expect(moderatorPage.getByTestId('tally-LAC-amend').first().innerText()).resolves.toBe('1');
      await takeIn.click();
      await moderatorPage.getByText(/^Taken into the draft by/).waitFor({ timeout: 15_000 });
      await participant
        .locator('.draft-prose')
        .getByText('Both regions share one training plan from 2027.')
        .waitFor({ timeout: 20_000 });
      await participant
        .getByTestId('endorsement-live')
        .filter({ hasText: /amendment/i })
        .waitFor();
      expect(e2e.pageErrors()).toEqual([]);
    });
  });
});
