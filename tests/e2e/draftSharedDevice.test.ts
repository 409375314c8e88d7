import type { BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { signIn } from '../helpers/browser';
import { useAppProcess } from '../helpers/e2e';
import { type DemoAccount } from './demoAccounts';
import { eventually } from '../helpers/wait';

jest.setTimeout(180_000);

/**
 * A shared computer (a cluster office's PC): one browser profile, several people in turn. y-indexeddb keeps each
 * conclusions draft on the device, with edits made offline; those must only ever be synced by the person who made
 * them. Ana types offline and closes the page; then Bruno signs in on the same browser profile (same cookies jar,
 * same IndexedDB) — after Ana's session simply ended, or after she signed out (warned about her unsent edits) — and
 * opens the same draft online. Neither his editor nor the server may ever hold Ana's offline text.
 *
 * "Nothing was sent" is proven by order, not by waiting: Bruno's client sends whatever its cache adds in the sync
 * handshake, before any edit he types; once his marker edit is stored, anything sent before it was stored too.
 */
describe('draft caches on a shared computer', () => {
  const e2e = useAppProcess();
  let kiosk: BrowserContext;
  let reader: Page;
  let ana: DemoAccount;
  let bruno: DemoAccount;
  let workspaceId = '';
  const drafts: Array<{ id: string; title: string }> = [];

  /** A new page of the shared profile, recorded for failure reports. */
  const openKioskPage = (): Promise<Page> => e2e.openInContext(kiosk);
  const draftUrl = (draftId: string) => `${e2e.url}/w/${workspaceId}/drafts/${draftId}`;
  const cacheName = (userId: string, draftId: string) => `polos-draft:${userId}:${draftId}`;
  const editor = (page: Page) => page.locator('.draft-prose');
  const status = (page: Page, text: RegExp) =>
    page.getByTestId('draft-status').filter({ hasText: text }).waitFor({ timeout: 30_000 });
  const synced = (page: Page) => status(page, /^Saved$/);
  const offline = (page: Page) => status(page, /^Offline/);
  const typeAtEnd = async (page: Page, text: string) => {
    await editor(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(text);
  };
  /** The durable working copy on the server (Markdown export, contributors included), read by the moderator. */
  const storedMarkdown = async (draftId: string): Promise<string> => {
    const response = await reader.context().request.get(`${e2e.url}/api/drafts/${draftId}/export/md`);
    expect(response.status()).toBe(200);
    return response.text();
  };
  const userIdOf = (page: Page) =>
    page.evaluate(async () => {
      const response = await fetch('/api/auth/session');
      return ((await response.json()) as { user: { id: string } }).user.id;
    });
  /** The IndexedDB databases of the shared profile. */
  const databases = (page: Page) =>
    page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));
  /** A cached draft's text (y-indexeddb's update log applied to a fresh document); '' when there is no cache. */
  const cachedText = async (page: Page, name: string): Promise<string> => {
    if (!(await databases(page)).includes(name)) return '';
    const updates = await page.evaluate(
      (dbName) =>
        new Promise<number[][]>((resolve, reject) => {
          const request = indexedDB.open(dbName);
          request.onerror = () => reject(new Error(String(request.error)));
          request.onsuccess = () => {
            const db = request.result;
            if (!db.objectStoreNames.contains('updates')) {
              db.close();
              resolve([]);
              return;
            }
            const read = db.transaction('updates', 'readonly').objectStore('updates').getAll();
            read.onerror = () => reject(new Error(String(read.error)));
            read.onsuccess = () => {
              db.close();
              resolve((read.result as Uint8Array[]).map((update) => Array.from(update)));
            };
          };
        }),
      name,
    );
    const doc = new Y.Doc();
    for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
    return doc.getXmlFragment('default').toJSON();
  };
  /** Ana opens the draft, goes offline, types, waits until the edit is on the device, and closes the page. */
  const typeOfflineAndClose = async (page: Page, draftId: string, text: string) => {
    const anaId = await userIdOf(page);
    await page.goto(draftUrl(draftId));
    await synced(page);
    await kiosk.setOffline(true);
    await offline(page);
    await typeAtEnd(page, text);
    await eventually(
      () => cachedText(page, cacheName(anaId, draftId)),
      (cached) => expect(cached).toContain(text),
    );
    await page.close();
    await kiosk.setOffline(false);
    expect(await storedMarkdown(draftId)).not.toContain(text);
  };
  /** Bruno opens the draft online and types a marker; resolves once the marker is stored on the server. */
  const brunoOpensAndTypes = async (page: Page, draftId: string, marker: string) => {
    await page.goto(draftUrl(draftId));
    await synced(page);
    await typeAtEnd(page, marker);
    await eventually(
      () => storedMarkdown(draftId),
      (md) => expect(md).toContain(marker),
      30_000,
    );
  };
  const signOutButton = (page: Page) =>
    page.locator('.user-menu').getByRole('button', { name: 'Sign out', exact: true });
  const signInForm = (page: Page) => page.getByLabel('Email').waitFor({ timeout: 30_000 });

  beforeAll(async () => {
    [ana, bruno] = [e2e.account('participant', 0), e2e.account('participant', 1)];
    reader = await e2e.open();
    await e2e.signInAs(reader, 'moderator');
    workspaceId = /\/w\/([a-f0-9]{24})/.exec(reader.url())?.[1] ?? '';
    const listed = await reader.context().request.get(`${e2e.url}/api/workspaces/${workspaceId}/drafts`);
    drafts.push(...((await listed.json()) as { drafts: Array<{ id: string; title: string }> }).drafts);
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    kiosk = await e2e.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  });

  test('aSessionThatEndsWithoutSignOutKeepsItsOfflineEditsForItsOwnerOnly', async () => {
    await e2e.artifacts('draft-shared-session-ended', async () => {
      const [draft] = drafts;
      const anaText = 'Ana offline on the office PC: Rosario cluster visit.';
      let page = await openKioskPage();
      await signIn(page, e2e.url, ana.email, ana.password);
      const anaId = await userIdOf(page);
      await typeOfflineAndClose(page, draft.id, anaText);

      // Her session ends without a sign-out (cookie gone, as when it expires); Bruno signs in on the same profile.
      await kiosk.clearCookies();
      page = await openKioskPage();
      await signIn(page, e2e.url, bruno.email, bruno.password);
      const brunoId = await userIdOf(page);
      await brunoOpensAndTypes(page, draft.id, 'Bruno marker one.');
      const stored = await storedMarkdown(draft.id);
      expect(stored).not.toContain('Ana offline');
      expect(await editor(page).getByText('Ana offline').count()).toBe(0);
      expect(await cachedText(page, cacheName(brunoId, draft.id))).not.toContain('Ana offline');
      // Ana's copy is still on the device, apart: hers to send when she signs in again.
      expect(await cachedText(page, cacheName(anaId, draft.id))).toContain(anaText);

      // Bruno signs out (nothing unsent: no question asked); only his caches go.
      await signOutButton(page).click();
      await signInForm(page);
      const left = await databases(page);
      expect(left.filter((name) => name.startsWith(`polos-draft:${brunoId}:`))).toEqual([]);
      expect(left).toContain(cacheName(anaId, draft.id));

      // Ana comes back: her offline edit is sent from her own copy, in her session.
      await signIn(page, e2e.url, ana.email, ana.password);
      await page.goto(draftUrl(draft.id));
      await synced(page);
      await eventually(
        () => storedMarkdown(draft.id),
        (md) => {
          expect(md).toContain(anaText);
          expect(md).toContain('Bruno marker one.');
        },
        30_000,
      );
      await page.close();
    });
  });

  test('signingOutWithUnsentEditsAsksFirstAndDiscardingDeletesThemFromTheDevice', async () => {
    await e2e.artifacts('draft-shared-sign-out', async () => {
      const draft = drafts[1];
      const anaText = 'Ana offline again: Valparaíso port cluster.';
      // Ana is still signed in from the previous test (or signs in now).
      let page = await openKioskPage();
      await page.goto(e2e.url);
      await page.locator('.user-menu').or(page.getByLabel('Email')).first().waitFor({ timeout: 30_000 });
      if (!(await page.locator('.user-menu').isVisible()))
        await signIn(page, e2e.url, ana.email, ana.password);
      const anaId = await userIdOf(page);
      await typeOfflineAndClose(page, draft.id, anaText);

      page = await openKioskPage();
      await page.goto(e2e.url);
      await signOutButton(page).click();
      const dialog = page.getByRole('alertdialog', { name: 'Edits not sent yet' });
      await dialog.waitFor({ timeout: 30_000 });
      await dialog.getByRole('link', { name: draft.title }).waitFor();
      expect(await dialog.innerText()).toContain('Signing out deletes them from this device.');

      // She may stay signed in (to open the draft while connected)…
      await dialog.getByRole('button', { name: 'Stay signed in' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await page.locator('.user-menu').isVisible()).toBe(true);
      expect(await databases(page)).toContain(cacheName(anaId, draft.id));

      // …or sign out and discard them: her caches and her registry leave the device.
      await signOutButton(page).click();
      await dialog.getByRole('button', { name: 'Sign out and discard the edits' }).click();
      await signInForm(page);
      expect((await databases(page)).filter((name) => name.startsWith(`polos-draft:${anaId}:`))).toEqual([]);
      expect(
        await page.evaluate((key) => localStorage.getItem(key), `polos-draft-caches:${anaId}`),
      ).toBeNull();

      // A cache left by an earlier version (named by draft only, nobody knows whose) is never loaded either.
      const legacyText = 'Legacy cache of an earlier version: nobody knows whose.';
      const legacy = new Y.Doc();
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(legacyText)]);
      legacy.getXmlFragment('default').insert(0, [paragraph]);
      await page.evaluate(
        ({ name, update }) =>
          new Promise<void>((resolve, reject) => {
            const request = indexedDB.open(name);
            request.onupgradeneeded = () => {
              request.result.createObjectStore('updates', { autoIncrement: true });
              request.result.createObjectStore('custom');
            };
            request.onerror = () => reject(new Error(String(request.error)));
            request.onsuccess = () => {
              const db = request.result;
              const tx = db.transaction('updates', 'readwrite');
              tx.objectStore('updates').add(Uint8Array.from(update));
              tx.oncomplete = () => {
                db.close();
                resolve();
              };
              tx.onerror = () => reject(new Error(String(tx.error)));
            };
          }),
        { name: `polos-draft-${draft.id}`, update: Array.from(Y.encodeStateAsUpdate(legacy)) },
      );

      await signIn(page, e2e.url, bruno.email, bruno.password);
      const brunoId = await userIdOf(page);
      await brunoOpensAndTypes(page, draft.id, 'Bruno marker two.');
      const stored = await storedMarkdown(draft.id);
      expect(stored).not.toContain('Ana offline again');
      expect(stored).not.toContain('Legacy cache');
      expect(await editor(page).getByText('Ana offline again').count()).toBe(0);
      expect(await editor(page).getByText('Legacy cache').count()).toBe(0);
      expect(await cachedText(page, cacheName(brunoId, draft.id))).toContain('Bruno marker two.');
      await eventually(
        () => databases(page),
        (names) => expect(names).not.toContain(`polos-draft-${draft.id}`),
      );
    });
  });

  test('signingOutRightAfterTypingOnlineWaitsForTheServerInsteadOfAsking', async () => {
    await e2e.artifacts('draft-shared-sign-out-online', async () => {
      const draft = drafts[1];
      // Bruno is still signed in, on the draft page, from the previous test.
      const page = e2e.pages[e2e.pages.length - 1].page;
      const brunoId = await userIdOf(page);
      await synced(page);
      await typeAtEnd(page, 'Bruno signs out at once.');
      await signOutButton(page).click();
      // No question (the edit reached the server while signing out): straight to the sign-in form.
      await signInForm(page);
      expect(await page.getByRole('alertdialog').count()).toBe(0);
      expect(await storedMarkdown(draft.id)).toContain('Bruno signs out at once.');
      expect((await databases(page)).filter((name) => name.startsWith(`polos-draft:${brunoId}:`))).toEqual(
        [],
      );
    });
  });

  test('noPageErrors', () => {
    expect(e2e.pageErrors()).toEqual([]);
  });
});
