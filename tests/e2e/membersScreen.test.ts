import type { Page } from 'playwright-core';
import { useAppProcess } from '../helpers/e2e';

jest.setTimeout(90000);

/**
 * Issue 15.15 in Chromium at phone width (390 px): the admin's members and roles screen (change a role,
 * the last admin refused, pending invites revoked) and the moderators' audit view showing those changes.
 */
describe('members and audit screens in a real browser', () => {
  const e2e = useAppProcess({ bundle: true });
  const phone = (): Promise<Page> => e2e.open({ viewport: { width: 390, height: 844 } });

  const fitsWidth = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  test('adminChangesARoleIsRefusedAsLastAdminRevokesAnInviteAndTheModeratorSeesItAudited', async () => {
    await e2e.artifacts('members-screen', async () => {
      const admin = await phone();
      await e2e.signInAs(admin, 'admin');
      // The admin stays on the workspace home even with a live session; the invite panel is there.
      await admin.getByRole('button', { name: 'Create invite link' }).click();
      await admin.getByTestId('invite-link').waitFor();

      await admin.getByRole('link', { name: 'Members' }).click();
      await admin.getByRole('heading', { name: 'Members and roles' }).waitFor();
      const roleSelects = admin.getByRole('combobox', { name: /^Role of / });
      await roleSelects.first().waitFor();
      expect(await roleSelects.count()).toBeGreaterThanOrEqual(5);
      expect(await fitsWidth(admin)).toBe(true);

      // Change the observer's role: the live region says so and a reload shows it stored.
      const observerName = await nameOf(admin, 'observer');
      const observerSelect = () =>
        admin.getByRole('combobox', { name: new RegExp(`^Role of ${observerName}$`) });
      await observerSelect().selectOption('participant');
      await admin
        .getByRole('status')
        .filter({ hasText: /is now participant/i })
        .waitFor();
      await admin.reload();
      await admin.getByRole('heading', { name: 'Members and roles' }).waitFor();
      await roleSelects.first().waitFor();
      expect(await observerSelect().inputValue()).toBe('participant');

      // The only admin cannot demote themself: a clear message, the role kept.
      const me = admin.locator('tr', { hasText: '(you)' }).getByRole('combobox');
      await me.selectOption('moderator');
      await admin
        .getByRole('status')
        .filter({ hasText: /last admin/ })
        .waitFor();

      // The invite created on the home page is pending: revoke it.
      const revoke = admin.getByRole('button', { name: /^Revoke the / }).first();
      await revoke.click();
      await admin
        .getByRole('status')
        .filter({ hasText: /was revoked/ })
        .waitFor();
      await admin.getByText('No invite link is open.').waitFor();
      expect(await fitsWidth(admin)).toBe(true);

      // The moderator's audit view lists the role change; participants see no audit link.
      const moderator = await phone();
      await e2e.signInAs(moderator, 'moderator');
      await moderator.getByRole('link', { name: 'Audit' }).click();
      await moderator.getByRole('heading', { name: 'Audit log' }).waitFor();
      // Sentences with the member's name and translated roles, not action codes.
      await moderator
        .getByRole('cell', {
          name: new RegExp(`Changed the role of ${observerName} from observer to participant`),
        })
        .first()
        .waitFor();
      await moderator
        .getByRole('cell', { name: /Revoked an invite link/ })
        .first()
        .waitFor();
      expect(await moderator.getByRole('link', { name: 'Members' }).count()).toBe(0);
      expect(await fitsWidth(moderator)).toBe(true);
    });
  });
});

/** The display name of the demo member whose role label is shown in their row (the demo names end in "(demo)"). */
async function nameOf(page: Page, role: 'observer'): Promise<string> {
  const labels = await page
    .getByRole('combobox', { name: /^Role of / })
    .evaluateAll((els) =>
      els.map((el) => [el.getAttribute('aria-label') ?? '', (el as HTMLSelectElement).value]),
    );
  const found = labels.find(([, value]) => value === role);
  if (!found) throw new Error(`no ${role} row: ${JSON.stringify(labels)}`);
  return found[0].replace(/^Role of /, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
