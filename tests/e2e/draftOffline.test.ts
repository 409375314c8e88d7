import type { BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { useAppProcess } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

jest.setTimeout(120_000);

/**
 * Offline editing of a conclusions draft (y-indexeddb): Alice's browser context goes offline (Chromium's network
 * emulation: `navigator.onLine` false and an `offline` event, on which Socket.IO closes its connection), she keeps
 * typing while Bruno types online, and everything merges once she is back — also when the page she typed in was
 * closed before it could reconnect.
 *
 * Chromium's offline emulation leaves an open WebSocket open; what cuts it is engine.io-client's own `offline`
 * listener (registered when the page's host is not `localhost`; the app runs on 127.0.0.1), as for a real user whose
 * device loses its network. The test checks the server really lost her (her chip leaves Bruno's "Editing now").
 * Reloading while offline is not tested: the app has no offline shell (no service worker), so an offline reload
 * shows the browser's error page; a page closed offline and reopened online is the case that can happen.
 */
describe('draft edits made offline', () => {
  const e2e = useAppProcess();
  let alice: Page;
  let bruno: Page;
  let aliceName = '';
  let aliceId = '';
  let draftId = '';
  let draftUrl = '';

  const editor = (page: Page) => page.locator('.draft-prose');
  /** The editor's paragraphs, without the other editors' caret labels. */
  const paragraphs = (page: Page) =>
    editor(page).evaluate((root) => {
      const copy = root.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
      return [...copy.querySelectorAll('p')].map((p) => p.textContent ?? '');
    });
  const status = (page: Page, text: RegExp) =>
    page.getByTestId('draft-status').filter({ hasText: text }).waitFor({ timeout: 30_000 });
  const synced = (page: Page) => status(page, /^Saved$/);
  const offline = (page: Page) => status(page, /^Offline/);
  /** Bruno's "Editing now" chip for Alice: present while the server has her connection in the draft room. */
  const aliceChipOnBruno = () => bruno.locator('.draft-editor-chip', { hasText: aliceName });
  /** The durable working copy on the server, as the Markdown export (fetched outside any browser page). */
  const storedMarkdown = async (): Promise<string> => {
    const response = await bruno.context().request.get(`${e2e.url}/api/drafts/${draftId}/export/md`);
    expect(response.status()).toBe(200);
    return response.text();
  };
  /** Types at the end of the document, in a new paragraph. */
  const typeAtEnd = async (page: Page, text: string) => {
    await editor(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(text);
  };
  /**
   * The draft's text as stored in the page's IndexedDB by y-indexeddb (Alice's copy). The read transaction is ordered after
   * every write transaction already started on the same store, so a stored edit is seen once it is committed.
   */
  const indexedDbText = async (page: Page): Promise<string> => {
    const updates = await page.evaluate(
      (name) =>
        new Promise<number[][]>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onerror = () => reject(new Error(String(request.error)));
          request.onsuccess = () => {
            const db = request.result;
            const read = db.transaction('updates', 'readonly').objectStore('updates').getAll();
            read.onerror = () => reject(new Error(String(read.error)));
            read.onsuccess = () => {
              db.close();
              resolve((read.result as Uint8Array[]).map((update) => Array.from(update)));
            };
          };
        }),
      `polos-draft:${aliceId}:${draftId}`,
    );
    const doc = new Y.Doc();
    for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
    return doc.getXmlFragment('default').toJSON();
  };
  const goOffline = async (context: BrowserContext, page: Page) => {
    await context.setOffline(true);
    // The editor says so, and the server dropped her connection (her chip left Bruno's "Editing now").
    await offline(page);
    await aliceChipOnBruno().waitFor({ state: 'detached', timeout: 30_000 });
  };

  beforeAll(async () => {
    [alice, bruno] = await Promise.all([e2e.open(), e2e.open()]);
    await Promise.all([e2e.signInAs(alice, 'participant', 0), e2e.signInAs(bruno, 'participant', 1)]);
    aliceName = (await alice.locator('.user-name').innerText()).replace(/^Signed in as /, '').trim();
    aliceId = await alice.evaluate(async () => {
      const response = await fetch('/api/auth/session');
      return ((await response.json()) as { user: { id: string } }).user.id;
    });
    const workspaceId = /\/w\/([a-f0-9]{24})/.exec(alice.url())?.[1];
    await alice.goto(`${e2e.url}/w/${workspaceId}/drafts`);
    await alice.getByTestId('draft-link').first().click();
    await alice.waitForURL(/\/drafts\/[a-f0-9]{24}$/);
    draftUrl = alice.url();
    draftId = /\/drafts\/([a-f0-9]{24})$/.exec(draftUrl)?.[1] ?? '';
    await bruno.goto(draftUrl);
    await Promise.all([synced(alice), synced(bruno)]);
    await aliceChipOnBruno().waitFor({ timeout: 30_000 });
  });

  test('textTypedOfflineAndTextTypedOnlineMeanwhileEndUpInBothEditorsAndOnTheServer', async () => {
    await e2e.artifacts('draft-offline-merge', async () => {
      const context = alice.context();
      await goOffline(context, alice);

      // Alice keeps typing offline (her editor stays editable); Bruno types online meanwhile.
      await typeAtEnd(alice, 'Alice offline: cluster visits in Łódź.');
      await typeAtEnd(bruno, 'Bruno online: joint missions to Medellín.');
      await eventually(storedMarkdown, (md) =>
        expect(md).toContain('Bruno online: joint missions to Medellín.'),
      );
      expect(await editor(alice).getByText('Bruno online').count()).toBe(0);
      expect(await editor(bruno).getByText('Alice offline').count()).toBe(0);
      expect(await storedMarkdown()).not.toContain('Alice offline');

      await context.setOffline(false);
      await synced(alice);
      await editor(alice).getByText('Bruno online: joint missions to Medellín.').waitFor({ timeout: 30_000 });
      await editor(bruno).getByText('Alice offline: cluster visits in Łódź.').waitFor({ timeout: 30_000 });
      await eventually(
        storedMarkdown,
        (md) => {
          expect(md).toContain('Alice offline: cluster visits in Łódź.');
          expect(md).toContain('Bruno online: joint missions to Medellín.');
        },
        30_000,
      );
      // Both editors hold the same document.
      await eventually(
        async () => [await paragraphs(alice), await paragraphs(bruno)],
        ([onAlice, onBruno]) => expect(onAlice).toEqual(onBruno),
      );
    });
  });

  test('anOfflineEditSurvivesClosingThePageBeforeReconnectingAndMergesFromIndexedDb', async () => {
    await e2e.artifacts('draft-offline-reload', async () => {
      const context = alice.context();
      await Promise.all([synced(alice), aliceChipOnBruno().waitFor({ timeout: 30_000 })]);
      await goOffline(context, alice);
      await typeAtEnd(alice, 'Alice on the train: Ústí nad Labem.');
      await typeAtEnd(bruno, 'Bruno meanwhile: Θεσσαλονίκη.');
      // The edit is on the device before the page goes away (y-indexeddb writes each update as it happens).
      await eventually(
        () => indexedDbText(alice),
        (text) => expect(text).toContain('Alice on the train: Ústí nad Labem.'),
      );

      // The page that typed never reconnects: it is closed while offline.
      await alice.close();
      await context.setOffline(false);
      expect(await storedMarkdown()).not.toContain('Alice on the train');
      expect(await editor(bruno).getByText('Alice on the train').count()).toBe(0);

      // A new page of the same browser profile loads the draft from IndexedDB and sends what the server lacks.
      alice = await e2e.openInContext(context);
      await alice.goto(draftUrl);
      await synced(alice);
      await editor(bruno).getByText('Alice on the train: Ústí nad Labem.').waitFor({ timeout: 30_000 });
      await editor(alice).getByText('Bruno meanwhile: Θεσσαλονίκη.').waitFor({ timeout: 30_000 });
      await eventually(
        storedMarkdown,
        (md) => {
          expect(md).toContain('Alice on the train: Ústí nad Labem.');
          expect(md).toContain('Bruno meanwhile: Θεσσαλονίκη.');
          // Nothing from the first test was lost or duplicated.
          expect(md.split('Alice offline: cluster visits in Łódź.')).toHaveLength(2);
        },
        30_000,
      );
      await eventually(
        async () => [await paragraphs(alice), await paragraphs(bruno)],
        ([onAlice, onBruno]) => expect(onAlice).toEqual(onBruno),
      );
    });
  });

  test('noPageErrors', () => {
    expect(e2e.pageErrors()).toEqual([]);
  });
});
