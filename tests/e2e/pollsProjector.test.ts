import type { Page } from 'playwright-core';
import { useAppProcess } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

jest.setTimeout(90000);

/**
 * Issue 12.1 and 12.5 in real browsers (one app process on the demo seed, one Chromium): a moderator runs a poll
 * live while two participants vote — one only with the keyboard — and everyone sees the results appear; the
 * projector view, opened by the moderator in a second window, follows the moderator's advance to the next
 * question, shows the live poll results, the balance indicator and the spotlighted post.
 */
describe('polls and the projector view in real browsers', () => {
  const e2e = useAppProcess({ bundle: true });
  let moderator: Page;
  let projector: Page;
  let alice: Page;
  let bruno: Page;

  const currentQuestion = (page: Page) => page.getByTestId('current-question');
  const pollOf = (page: Page, prompt: string) => page.locator('article.poll', { hasText: prompt });

  /** The moderator opens a single-choice poll with live results in the current question. */
  async function openPoll(prompt: string, options: string[]) {
    await moderator.getByText('New poll', { exact: true }).click();
    await moderator.getByLabel('Question of the poll').fill(prompt);
    await moderator.getByLabel('Options (one per line, 2–10)').fill(options.join('\n'));
    await moderator.getByRole('button', { name: 'Open poll' }).click();
    await pollOf(moderator, prompt).waitFor({ timeout: 10000 });
  }

  beforeAll(async () => {
    [moderator, alice, bruno] = await Promise.all([e2e.open(), e2e.open(), e2e.open()]);
    await Promise.all([
      e2e.signInAs(moderator, 'moderator'),
      e2e.signInAs(alice, 'participant', 0),
      e2e.signInAs(bruno, 'participant', 1),
    ]);
    await Promise.all(
      [moderator, alice, bruno].map((page) =>
        page.getByRole('heading', { name: 'Discussion blocks' }).waitFor(),
      ),
    );
  });

  test('aLivePollIsVotedByMouseAndKeyboardAndTheProjectorFollowsTheModerator', async () => {
    await e2e.artifacts('polls-projector', async () => {
      // The moderator runs the session: block live, first question open.
      await moderator
        .getByRole('link', { name: /Competitiveness/ })
        .first()
        .click();
      await moderator.getByRole('button', { name: 'Start live session' }).click();
      await moderator.getByRole('button', { name: 'Make this block live' }).click();
      await moderator.getByRole('button', { name: 'Open next question' }).click();
      await moderator.getByRole('button', { name: 'Close question' }).waitFor();
      const first = (await currentQuestion(moderator).innerText()).trim();

      // The projector: a second window of the moderator (same profile), at /w/:id/projector.
      const workspaceId = /\/w\/([a-f0-9]{24})/.exec(moderator.url())![1];
      projector = await e2e.openInContext(moderator.context());
      await projector.goto(`${e2e.url}/w/${workspaceId}/projector`);
      await eventually(
        async () => (await projector.getByTestId('projector-question').innerText()).trim(),
        (text) => expect(text).toBe(first),
      );
      // The projector covers the whole window (not held to the app's 64rem column by the global `main` rule)
      // and adds no second main landmark.
      const cover = await projector.evaluate(() => {
        const box = document.querySelector('.projector')!.getBoundingClientRect();
        return {
          left: box.left,
          width: box.width,
          viewport: window.innerWidth,
          mains: document.querySelectorAll('main').length,
        };
      });
      expect(cover).toEqual({ left: 0, width: cover.viewport, viewport: cover.viewport, mains: 1 });
      // Keyboard users cannot Tab to the app behind it: its header and workspace nav are inert while it is open.
      const behind = await projector.evaluate(() => ({
        header: document.querySelector('.app-header')?.closest('[inert]') != null,
        nav: document.querySelector('.workspace-nav')?.closest('[inert]') != null,
      }));
      expect(behind).toEqual({ header: true, nav: true });
      await projector.keyboard.press('Tab');
      expect(
        await projector.evaluate(
          () => document.activeElement?.closest('.app-header, .workspace-nav') != null,
        ),
      ).toBe(false);
      // The join link with its QR code, and the balance indicator (the moderator may read it while live).
      expect(await projector.getByRole('img', { name: 'QR code of the join link' }).count()).toBe(1);
      await projector.getByTestId('projector-balance').waitFor({ timeout: 10000 });
      expect(await projector.getByTestId('projector-balance').innerText()).toMatch(/EU: .* of posts/);

      for (const page of [alice, bruno]) {
        await page.waitForURL(/\/b\/[a-f0-9]{24}$/, { timeout: 10000 });
        await eventually(
          async () => (await currentQuestion(page).innerText()).trim(),
          (text) => expect(text).toBe(first),
        );
      }

      // A poll, live: Alice votes with the mouse, Bruno only with the keyboard.
      const prompt = 'Which service first?';
      await openPoll(prompt, ['Export desks', 'Shared labs', 'Training']);
      await pollOf(alice, prompt).waitFor({ timeout: 10000 });
      await pollOf(alice, prompt).getByLabel('Shared labs').click();
      await pollOf(alice, prompt).getByRole('button', { name: 'Vote' }).click();
      await pollOf(alice, prompt).getByText('Your vote is stored.').waitFor({ timeout: 10000 });

      const brunoPoll = pollOf(bruno, prompt);
      await brunoPoll.waitFor({ timeout: 10000 });
      // Keyboard only: into the radio group, arrow to the third option, Tab to "Vote", Enter.
      await brunoPoll.getByLabel('Export desks').focus();
      await bruno.keyboard.press('ArrowDown');
      await bruno.keyboard.press('ArrowDown');
      expect(await brunoPoll.getByLabel('Training').isChecked()).toBe(true);
      await bruno.keyboard.press('Tab');
      expect(
        await brunoPoll.getByRole('button', { name: 'Vote' }).evaluate((el) => el === document.activeElement),
      ).toBe(true);
      await bruno.keyboard.press('Enter');
      await brunoPoll.getByText('Your vote is stored.').waitFor({ timeout: 10000 });

      // QA: a vote changed in another tab (here a phone-sized one) shows at once in the first tab, no reload.
      const aliceTab2 = await e2e.openInContext(alice.context());
      await aliceTab2.setViewportSize({ width: 390, height: 800 });
      await aliceTab2.goto(alice.url());
      const tab2Poll = pollOf(aliceTab2, prompt);
      await tab2Poll.waitFor({ timeout: 10000 });
      await eventually(
        () => tab2Poll.getByLabel('Shared labs').isChecked(),
        (checked) => expect(checked).toBe(true),
      );
      await tab2Poll.getByLabel('Training').check();
      await tab2Poll.getByRole('button', { name: 'Change vote' }).click();
      await eventually(
        async () => ({
          training: await pollOf(alice, prompt).getByLabel('Training').isChecked(),
          labs: await pollOf(alice, prompt).getByLabel('Shared labs').isChecked(),
        }),
        (state) => expect(state).toEqual({ training: true, labs: false }),
      );
      expect(await pollOf(alice, prompt).getByText('Your vote is stored.').count()).toBe(1);
      await aliceTab2.close();

      // The results appear for the participants, the moderator and on the projector.
      for (const page of [alice, bruno, moderator])
        await pollOf(page, prompt).getByText('2 votes').first().waitFor({ timeout: 10000 });
      const onProjector = projector.getByTestId('projector-poll');
      await onProjector.getByText(prompt).waitFor({ timeout: 10000 });
      await eventually(
        () => onProjector.innerText(),
        (text) => {
          expect(text).toContain('2 votes');
          expect(text).toContain('Shared labs');
        },
      );

      // A post spotlighted by the moderator appears on the projector.
      const composer = alice.getByRole('textbox', { name: 'Your post (Markdown)' });
      await composer.fill('Shared labs need **both regions** on board');
      await composer.press('Control+Enter');
      const post = moderator.locator('.thread article.post', { hasText: 'Shared labs need both regions' });
      await post.waitFor({ timeout: 10000 });
      await post.getByRole('button', { name: 'Spotlight' }).click();
      await eventually(
        () => projector.getByTestId('projector-spotlight').innerText(),
        (text) => expect(text).toContain('Shared labs need both regions on board'),
      );

      // The moderator advances (Alt+Shift+N): the projector follows; a poll there shows its results.
      await moderator.locator('body').press('Alt+Shift+KeyN');
      await eventually(
        async () => (await currentQuestion(moderator).innerText()).trim(),
        (text) => expect(text).not.toBe(first),
      );
      const second = (await currentQuestion(moderator).innerText()).trim();
      await eventually(
        async () => (await projector.getByTestId('projector-question').innerText()).trim(),
        (text) => expect(text).toBe(second),
      );
      const prompt2 = 'Ready for the next step?';
      await openPoll(prompt2, ['Yes', 'Not yet']);
      await pollOf(alice, prompt2).getByLabel('Yes').click();
      await pollOf(alice, prompt2).getByRole('button', { name: 'Vote' }).click();
      await eventually(
        () => projector.getByTestId('projector-poll').innerText(),
        (text) => {
          expect(text).toContain(prompt2);
          expect(text).toContain('1 vote');
        },
      );
      // A participant who opens the address is refused with a clear message; nothing is requested (no 403s).
      const refused = await e2e.openInContext(alice.context());
      const forbidden: string[] = [];
      refused.on('response', (r) => {
        if (r.status() === 403) forbidden.push(r.url());
      });
      await refused.goto(`${e2e.url}/w/${workspaceId}/projector`);
      await refused
        .getByText('Only moderators and admins can open the projector view.')
        .waitFor({ timeout: 10000 });
      expect(await refused.locator('.projector').count()).toBe(0);
      expect(forbidden).toEqual([]);
      await refused.close();
      // The balance charts follow the window: resized from 1280 to 390 px without reload, they shrink with it.
      await projector.setViewportSize({ width: 1280, height: 800 });
      await projector.goto(`${e2e.url}/w/${workspaceId}/balance`);
      const chartWidths = () =>
        projector.evaluate(() =>
          [...document.querySelectorAll('.balance-chart-box .recharts-wrapper > svg')].map(
            (svg) => svg.getBoundingClientRect().width,
          ),
        );
      await eventually(chartWidths, (widths) => {
        expect(widths).toHaveLength(3);
        for (const w of widths) expect(w).toBeGreaterThan(390);
      });
      await projector.setViewportSize({ width: 390, height: 800 });
      await eventually(chartWidths, (widths) => {
        expect(widths).toHaveLength(3);
        for (const w of widths) expect(w).toBeLessThanOrEqual(390);
      });
      expect(await projector.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
        true,
      );
      // The first question's poll closed with its question (results of record kept).
      expect(e2e.pageErrors()).toEqual([]);
    });
  });
});
