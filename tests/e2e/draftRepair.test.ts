/**
 * Issue 15.2 in Chromium: a draft whose stored state holds a node the editor cannot represent (text at the top
 * level of the fragment, written straight into the update log as the unguarded server stored it) opens in the
 * browser with its valid content — synced, not stuck on "Connecting…".
 */
import { Binary, MongoClient, ObjectId } from 'mongodb';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { useAppProcess } from '../helpers/e2e';
import { startTestDatabase, type TestDatabase } from '../helpers/db';

jest.setTimeout(120_000);

describe('a draft stored in a state the editor cannot represent', () => {
  let db: TestDatabase;
  // Hooks run in the order they are declared: the database starts before the app (which uses it) and stops after.
  beforeAll(async () => {
    db = await startTestDatabase();
  });
  const e2e = useAppProcess({ env: () => ({ MONGODB_URI: db.uri }) });
  afterAll(async () => {
    await db?.stop();
  });
  let page: Page;

  beforeAll(async () => {
    page = await e2e.open();
    await e2e.signInAs(page, 'participant');
  });

  test('opensWithItsValidContentInsteadOfConnectingForever', async () => {
    await e2e.artifacts('draft-repair', async () => {
      const workspaceId = /\/w\/([a-f0-9]{24})/.exec(page.url())?.[1];
      await page.goto(`${e2e.url}/w/${workspaceId}/drafts`);
      // A block's draft nobody has opened yet (the first link is the overall draft).
      const href = await page.getByTestId('draft-link').nth(1).getAttribute('href');
      const draftId = /([a-f0-9]{24})$/.exec(href ?? '')?.[1];
      expect(draftId).toBeDefined();
      const bad = new Y.Doc();
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      bad.getXmlFragment('default').insert(0, [paragraph, new Y.XmlText('Broken top-level text')]);
      text.insert(0, 'Valid content survives');
      const client = new MongoClient(db.uri);
      try {
        await client.connect();
        await client
          .db()
          .collection('draftupdates')
          .insertOne({
            _id: new ObjectId(),
            draftId: new ObjectId(draftId),
            update: new Binary(Y.encodeStateAsUpdate(bad)),
            userId: null,
            at: new Date(),
          });
      } finally {
        await client.close();
      }
      await page.goto(`${e2e.url}/w/${workspaceId}/drafts/${draftId}`);
      await page
        .getByTestId('draft-status')
        .filter({ hasText: /^(Saved|Guardado)$/ })
        .waitFor({ timeout: 20_000 });
      const editor = page.locator('.draft-prose');
      await editor.getByText('Valid content survives').waitFor({ timeout: 15_000 });
      expect(await editor.innerText()).not.toContain('Broken top-level text');
      // Still editable: typing is stored and synced.
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(' and more');
      await editor.getByText('Valid content survives and more').waitFor({ timeout: 15_000 });
    });
  });
});
