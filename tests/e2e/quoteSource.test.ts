/**
 * Issue 9.6 in Chromium: a quote sent "to conclusions" keeps the post's rich text, and its source link opens the
 * question — the live block page while the question is open (scrolled to the post, highlighted and focused), the
 * archive once it is closed.
 */
import type { Page } from 'playwright-core';
import type { DraftDto, PostChangeDto, QuestionDto } from '@polos/shared';
import { useAppProcess } from '../helpers/e2e';
import { command, connectSocket, newClientId, signIn as apiSignIn, type TestSocket } from '../helpers/server';

jest.setTimeout(120_000);

describe('a quote links to its post', () => {
  const e2e = useAppProcess({ bundle: true });
  const sockets: TestSocket[] = [];
  let page: Page;

  beforeAll(async () => {
    page = await e2e.open();
    await e2e.signInAs(page, 'participant');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
  });

  test('theSourceLinkOpensTheLiveThreadAtThePostHighlightedAndFocusedAndTheArchiveOnceClosed', async () => {
    await e2e.artifacts('quote-source', async () => {
      const workspaceId = /\/w\/([a-f0-9]{24})/.exec(page.url())?.[1] ?? '';
      const session = async (role: string) => {
        const agent = await apiSignIn(e2e.url, e2e.account(role).email, e2e.account(role).password);
        const socket = await connectSocket(e2e.url, agent.cookie, { origin: e2e.url });
        sockets.push(socket);
        return { agent, socket };
      };
      const moderator = await session('moderator');
      const participant = await session('participant');
      const drafts = await participant.agent.request<{ drafts: DraftDto[] }>(
        'GET',
        `/api/workspaces/${workspaceId}/drafts`,
      );
      const draft = drafts.body.drafts.find((d) => d.blockId !== null)!;
      const blockId = draft.blockId!;
      await command(moderator.socket, 'session:start', { workspaceId, title: 'Quote source session' });
      await command(moderator.socket, 'block:open', { blockId });
      const question = await command<QuestionDto>(moderator.socket, 'question:open-next', { blockId });
      // Enough posts before it that the quoted post starts out of view.
      for (let i = 0; i < 12; i += 1)
        await command(participant.socket, 'post:create', {
          questionId: question.id,
          clientId: newClientId(),
          body: `Earlier remark ${i}: logistics, training and finance across the districts.`,
        });
      const quoted = await command<PostChangeDto>(participant.socket, 'post:create', {
        questionId: question.id,
        clientId: newClientId(),
        body: 'Our cluster in **Córdoba** shares [export desks](https://example.org/desks).',
      });
      const postId = quoted.post.id;
      expect(
        (await participant.agent.request('POST', `/api/drafts/${draft.id}/quotes`, { postId })).status,
      ).toBe(201);

      const openSource = async () => {
        await page.goto(`${e2e.url}/w/${workspaceId}/drafts/${draft.id}`);
        const editor = page.locator('.draft-prose');
        // Rich text: bold and a link, not the Markdown source.
        await editor.locator('blockquote strong', { hasText: 'Córdoba' }).waitFor({ timeout: 20_000 });
        expect(await editor.innerText()).not.toContain('**');
        await page.locator('.draft-sources a').first().click();
        const target = page.locator(`article.post[data-anchor-target][data-post-id="${postId}"]`);
        await target.waitFor({ timeout: 20_000 });
        await page.waitForFunction(
          (id) => document.activeElement?.getAttribute('data-post-id') === id,
          postId,
        );
        expect(await target.isVisible()).toBe(true);
      };

      await openSource();
      expect(page.url()).toContain(`/w/${workspaceId}/b/${blockId}#post-${postId}`);

      // Once closed, the same link leads to the archive, keeping the post anchor.
      await command(moderator.socket, 'question:close', { questionId: question.id });
      await page.goto(`${e2e.url}/w/${workspaceId}/drafts/${draft.id}`);
      await page.locator('.draft-sources a').first().click();
      await page.waitForURL(`**/w/${workspaceId}/archive/${question.id}#post-${postId}`, {
        timeout: 20_000,
      });
    });
  });
});
