import type { Page } from 'playwright-core';
import { useAppProcess } from '../helpers/e2e';
import { draftSaved, openFirstDraftAsTwo } from '../helpers/draftPages';
jest.setTimeout(120_000);

declare function firstParagraphText(): string;

/**
 * QA finding: Bold chosen with Ctrl+B or the toolbar was lost (then inverted by the next Ctrl+B) when another
 * person's edit arrived between the shortcut and the next key. Each remote edit is made to arrive exactly there.
 */
describe('bold while someone else types in the same draft', () => {
  const e2e = useAppProcess();
  let carlos: Page;
  let moderator: Page;

  const editor = (page: Page) => page.locator('.draft-prose');
  /** The first paragraph's text without the other person's caret label. */
  const defineFirstParagraphText = (page: Page) =>
    page.addInitScript(() => {
      (window as unknown as { firstParagraphText: () => string }).firstParagraphText = () => {
        const first = document.querySelector('.draft-prose p')?.cloneNode(true) as HTMLElement | undefined;
        first?.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
        return first?.textContent ?? '';
      };
    });

  beforeAll(async () => {
    ({ carlos, moderator } = await openFirstDraftAsTwo(e2e, defineFirstParagraphText));
  });

  test('boldChosenBeforeARemoteEditAppliesToTheNextTypedText', async () => {
    await e2e.artifacts('draft-concurrent-marks', async () => {
      await Promise.all([draftSaved(carlos), draftSaved(moderator)]);
      await editor(moderator).click();
      await moderator.keyboard.type('Moderator line');
      await moderator.keyboard.press('Enter');
      await moderator.keyboard.type('Carlos line');
      await editor(carlos).getByText('Carlos line').waitFor({ timeout: 15_000 });
      await editor(moderator).getByText('Moderator line').click();
      await moderator.keyboard.press('End');
      await editor(carlos).getByText('Carlos line').click();
      await carlos.keyboard.press('End');

      // The moderator types one letter in the other paragraph; Carlos continues once it has reached him.
      let remote = 'Moderator line';
      const remoteEdit = async () => {
        await moderator.keyboard.type('x');
        remote += 'x';
        await carlos.waitForFunction((text) => firstParagraphText() === text, remote, { timeout: 15_000 });
      };
      const bold = carlos.locator('.draft-toolbar .tb-bold');

      await carlos.keyboard.type(' concurrent: ');
      await carlos.keyboard.press('Control+b');
      await remoteEdit();
      await carlos.keyboard.type('BOLD2');
      await carlos.keyboard.press('Control+b');
      await remoteEdit();
      await carlos.keyboard.type(' normal2.');
      await bold.click();
      await remoteEdit();
      await carlos.keyboard.type('BOLD3');
      await bold.click();
      await remoteEdit();
      await carlos.keyboard.type(' end');

      const expected = 'Carlos line concurrent: BOLD2 normal2.BOLD3 end';
      for (const page of [carlos, moderator]) {
        await editor(page).getByText(expected).waitFor({ timeout: 15_000 });
        expect(await editor(page).locator('strong').allInnerTexts()).toEqual(['BOLD2', 'BOLD3']);
      }
      expect(await carlos.evaluate(() => firstParagraphText())).toBe(remote);
    });
  });
});
