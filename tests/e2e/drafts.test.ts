import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { useAppProcess } from '../helpers/e2e';

jest.setTimeout(120_000);

/** Two participants co-edit the overall conclusions in two browser contexts; the moderator publishes and downloads. */
describe('drafts in real browsers', () => {
  const e2e = useAppProcess();
  let alice: Page;
  let bruno: Page;
  let moderator: Page;
  let draftUrl = '';

  const editor = (page: Page) => page.locator('.draft-prose');
  const synced = (page: Page) =>
    page
      .getByTestId('draft-status')
      .filter({ hasText: /^(Saved|Guardado)$/ })
      .waitFor({ timeout: 20_000 });

  beforeAll(async () => {
    [alice, bruno, moderator] = await Promise.all([e2e.open(), e2e.open(), e2e.open()]);
    await Promise.all([
      e2e.signInAs(alice, 'participant', 0),
      e2e.signInAs(bruno, 'participant', 1),
      e2e.signInAs(moderator, 'moderator'),
    ]);
    const workspaceId = /\/w\/([a-f0-9]{24})/.exec(alice.url())?.[1];
    await alice.goto(`${e2e.url}/w/${workspaceId}/drafts`);
    await alice.getByTestId('draft-link').first().click();
    await alice.waitForURL(/\/drafts\/[a-f0-9]{24}$/);
    draftUrl = alice.url();
    await Promise.all([bruno.goto(draftUrl), moderator.goto(draftUrl)]);
  });

  test('twoContextsTypeIntoTheSameDraftAndSeeEachOthersTextAndCursor', async () => {
    await e2e.artifacts('drafts-coediting', async () => {
      await Promise.all([synced(alice), synced(bruno)]);
      await editor(alice).click();
      await alice.keyboard.type('Alice: clusters cooperate across regions.');
      await editor(bruno).getByText('Alice: clusters cooperate across regions.').waitFor({ timeout: 15_000 });
      await editor(bruno).click();
      await bruno.keyboard.press('Control+End');
      await bruno.keyboard.press('Enter');
      await bruno.keyboard.type('Bruno: shared missions.');
      await editor(alice).getByText('Bruno: shared missions.').waitFor({ timeout: 15_000 });
      // Each sees the other's caret with a name label.
      const brunoName = (await bruno.locator('.user-name').innerText()).replace(/^Signed in as /, '').trim();
      await alice
        .locator('.collaboration-carets__label', { hasText: brunoName })
        .waitFor({ timeout: 15_000 });
      const aliceName = (await alice.locator('.user-name').innerText()).replace(/^Signed in as /, '').trim();
      await bruno
        .locator('.collaboration-carets__label', { hasText: aliceName })
        .waitFor({ timeout: 15_000 });
    });
  });

  test('moderatorSavesAVersionPublishesItAndDownloadsTheRelease', async () => {
    await e2e.artifacts('drafts-publish', async () => {
      await synced(moderator);
      await editor(moderator).getByText('Bruno: shared missions.').waitFor({ timeout: 15_000 });
      moderator.on('dialog', (dialog) => void dialog.accept());
      await moderator.getByLabel(/^(Version name|Nombre de la versión)/).fill('Hamburg 2015');
      await moderator.getByRole('button', { name: /^(Save version|Guardar versión)$/ }).click();
      const version = moderator.getByTestId('draft-version').filter({ hasText: 'Hamburg 2015' });
      await version.waitFor();
      await version.getByRole('button', { name: /^(Publish|Publicar)$/ }).click();
      const release = moderator.getByTestId('draft-release').first();
      await release.waitFor({ timeout: 15_000 });
      const [pdf] = await Promise.all([
        moderator.waitForEvent('download'),
        release.locator('a[data-format="pdf"]').click(),
      ]);
      const pdfBytes = readFileSync(await pdf.path());
      expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
      const [md] = await Promise.all([
        moderator.waitForEvent('download'),
        release.locator('a[data-format="md"]').click(),
      ]);
      const markdown = readFileSync(await md.path(), 'utf8');
      expect(markdown).toContain('Alice: clusters cooperate across regions.');
      expect(markdown).toContain('Bruno: shared missions.');
      expect(markdown).toContain('Release 1');
      // The participants see the release too.
      await alice.getByTestId('draft-release').first().waitFor({ timeout: 15_000 });
    });
  });
});
