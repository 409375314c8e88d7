/** Browser helpers shared by the conclusions-draft e2e tests. */
import type { Page } from 'playwright-core';
import type { AppProcessFixture } from './e2e';

/**
 * Carlos (participant) and the moderator, each in a page of their own, on the demo workspace's first conclusions
 * draft. `prepare` runs on each page before it signs in (e.g. `addInitScript`).
 */
export async function openFirstDraftAsTwo(
  e2e: AppProcessFixture,
  prepare: (page: Page) => Promise<unknown> = async () => undefined,
): Promise<{ carlos: Page; moderator: Page }> {
  const carlos = await e2e.open();
  const moderator = await e2e.open();
  await Promise.all([prepare(carlos), prepare(moderator)]);
  await Promise.all([e2e.signInAs(carlos, 'participant'), e2e.signInAs(moderator, 'moderator')]);
  const workspaceId = /\/w\/([a-f0-9]{24})/.exec(carlos.url())?.[1];
  await carlos.goto(`${e2e.url}/w/${workspaceId}/drafts`);
  await carlos.getByTestId('draft-link').first().click();
  await carlos.waitForURL(/\/drafts\/[a-f0-9]{24}$/);
  await moderator.goto(carlos.url());
  return { carlos, moderator };
}

/** Resolves once the draft's status line says every edit is stored (English or Spanish UI); 20 s at most. */
export const draftSaved = (page: Page): Promise<void> =>
  page
    .getByTestId('draft-status')
    .filter({ hasText: /^(Saved|Guardado)$/ })
    .waitFor({ timeout: 20_000 });
