import type { Page, WebSocketRoute } from 'playwright-core';
import { useAppProcess } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

jest.setTimeout(90000);

/**
 * One server (demo seed) and one Chromium for the whole file: the moderator and two participants in
 * three browser contexts, driving the real UI.
 */
describe('live discussion in real browsers', () => {
  const e2e = useAppProcess({ bundle: true });
  let moderator: Page;
  let alice: Page;
  let bruno: Page;
  let aliceName = '';
  let aliceOffline = false;
  const aliceSockets: WebSocketRoute[] = [];

  const currentQuestion = (page: Page) => page.getByTestId('current-question');
  const inThreadOf = (page: Page, text: string) => page.locator('.thread article.post', { hasText: text });

  beforeAll(async () => {
    [moderator, alice, bruno] = await Promise.all([e2e.open(), e2e.open(), e2e.open()]);
    // Alice's socket traffic goes through a switch the offline test can flip (Chromium's offline
    // emulation does not close an open WebSocket).
    const aliceContext = alice.context();
    await aliceContext.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (aliceOffline) return ws.close();
      aliceSockets.push(ws);
      ws.connectToServer();
    });
    await aliceContext.route(/\/socket\.io\//, (route) => (aliceOffline ? route.abort() : route.continue()));
    await Promise.all([
      e2e.signInAs(moderator, 'moderator'),
      e2e.signInAs(alice, 'participant', 0),
      e2e.signInAs(bruno, 'participant', 1),
    ]);
    aliceName = (await alice.locator('.user-name').innerText()).replace(/^Signed in as /, '').trim();
    // Everyone is on the workspace home with the workspace joined (blocks listed).
    await Promise.all(
      [moderator, alice, bruno].map((page) =>
        page.getByRole('heading', { name: 'Discussion blocks' }).waitFor(),
      ),
    );
  });

  test('moderatorOpensAQuestionAndParticipantsSeeEachOthersPostsLive', async () => {
    await e2e.artifacts('live-posts', async () => {
      // Moderator: open the "Competitiveness" block page, start a session, make the block live, open Q1.
      await moderator
        .getByRole('link', { name: /Competitiveness/ })
        .first()
        .click();
      await moderator.getByRole('heading', { name: /Competitiveness/ }).waitFor();
      // A fresh demo database has no running session.
      await moderator.getByRole('button', { name: 'Start live session' }).click();
      await moderator.getByRole('button', { name: 'Make this block live' }).click();
      await moderator.getByRole('button', { name: 'Open next question' }).click();
      await moderator.getByRole('button', { name: 'Close question' }).waitFor();
      const firstQuestion = (await currentQuestion(moderator).innerText()).trim();
      expect(firstQuestion.length).toBeGreaterThan(10);

      // Participants waiting on the workspace home follow the moderator into the live block by themselves.
      for (const page of [alice, bruno]) {
        await page.waitForURL(/\/b\/[a-f0-9]{24}$/, { timeout: 10000 });
        await eventually(
          async () => (await currentQuestion(page).innerText()).trim(),
          (text) => expect(text).toBe(firstQuestion),
        );
      }

      // Presence: Bruno sees Alice in the block, with her district and country.
      const alicePresence = bruno.locator('.presence-user', { hasText: aliceName });
      await alicePresence.waitFor({ timeout: 10000 });
      expect(await alicePresence.locator('.presence-where').innerText()).toMatch(/·/);
      // Typing: Bruno sees "Alice is typing…" while she writes.
      await alice.getByRole('textbox', { name: 'Your post (Markdown)' }).pressSequentially('Hol');
      await eventually(
        () => bruno.getByTestId('typing-line').innerText(),
        (text) => expect(text).toContain(`${aliceName} is typing`),
      );

      // Alice posts (Markdown) → Bruno sees it live, rendered, with its stored seq.
      const aliceText = `Our cluster shares **export** services ${Date.now()}`;
      await alice.getByRole('textbox', { name: 'Your post (Markdown)' }).fill(aliceText);
      await alice.getByRole('button', { name: 'Post', exact: true }).click();
      const onBruno = bruno.locator('article.post', { hasText: 'Our cluster shares export services' });
      await onBruno.waitFor({ timeout: 10000 });
      expect(await onBruno.locator('strong', { hasText: 'export' }).count()).toBe(1);
      expect(Number(await onBruno.getAttribute('data-seq'))).toBeGreaterThan(0);
      // Alice's optimistic post settled into the stored one (no pending copy left, no duplicate).
      await alice.locator('article.post.pending').waitFor({ state: 'detached' });
      expect(
        await alice.locator('article.post', { hasText: 'Our cluster shares export services' }).count(),
      ).toBe(1);

      // Bruno replies → Alice sees it.
      await bruno.getByRole('button', { name: 'Reply' }).first().click();
      await bruno
        .getByRole('textbox', { name: 'Your post (Markdown)' })
        .fill('We do the same in *Nuevo León*');
      await bruno.getByRole('textbox', { name: 'Your post (Markdown)' }).press('Control+Enter');
      const reply = alice.locator('article.post.depth-1', { hasText: 'We do the same in Nuevo León' });
      await reply.waitFor({ timeout: 10000 });
      // The live region announced it.
      await eventually(
        () => alice.getByTestId('announcer').innerText(),
        (text) => expect(text).toMatch(/New post by/),
        5000,
      );
    });
  });

  test('reactionsEditsDeletesAndModerationReachTheOthers', async () => {
    await e2e.artifacts('post-actions', async () => {
      const inThread = (page: Page, text: string) => page.locator('.thread article.post', { hasText: text });
      for (const page of [moderator, alice, bruno]) page.on('dialog', (dialog) => void dialog.accept());

      // Reaction: Alice agrees with her own post; Bruno sees the count.
      await inThread(alice, 'Our cluster shares').getByRole('button', { name: 'Agree: 0' }).click();
      await inThread(bruno, 'Our cluster shares')
        .getByRole('button', { name: 'Agree: 1' })
        .waitFor({ timeout: 10000 });

      // Edit: Alice rewrites her post; Bruno sees the new text marked as edited.
      await inThread(alice, 'Our cluster shares').getByRole('button', { name: 'Edit' }).click();
      await alice
        .getByRole('textbox', { name: 'Edit your post' })
        .fill('Our cluster shares *logistics* services');
      await alice.getByRole('button', { name: 'Save' }).click();
      const edited = inThread(bruno, 'Our cluster shares logistics services');
      await edited.waitFor({ timeout: 10000 });
      expect(await edited.innerText()).toContain('edited');

      // History (issue 15.3): the author opens it in a modal dialog; another participant has no History button.
      const history = inThread(alice, 'Our cluster shares logistics').getByRole('button', {
        name: /^Edit history of the post by /,
      });
      await history.click();
      const dialog = alice.getByRole('dialog', { name: 'Edit history' });
      await dialog.getByText(/^Version 1 · written /).waitFor({ timeout: 10000 });
      expect(await dialog.innerText()).toContain('Our cluster shares export services');
      await alice.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await history.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(
        await inThread(bruno, 'Our cluster shares logistics')
          .getByRole('button', { name: /^Edit history/ })
          .count(),
      ).toBe(0);

      // Moderator hides Bruno's reply: participants see the tombstone text.
      await inThread(moderator, 'We do the same in').getByRole('button', { name: 'Hide' }).click();
      await alice.getByText('Hidden by a moderator.').waitFor({ timeout: 10000 });

      // Moderator spotlights Alice's post: it is shown above Bruno's thread.
      await inThread(moderator, 'Our cluster shares logistics')
        .getByRole('button', { name: 'Spotlight' })
        .click();
      await bruno
        .locator('aside.spotlight', { hasText: 'Our cluster shares logistics' })
        .waitFor({ timeout: 10000 });

      // Delete: Alice deletes a new post; Bruno sees a tombstone.
      const composer = alice.getByRole('textbox', { name: 'Your post (Markdown)' });
      await composer.fill('A thought I will take back');
      await composer.press('Control+Enter');
      await inThread(bruno, 'A thought I will take back').waitFor({ timeout: 10000 });
      await inThread(alice, 'A thought I will take back').getByRole('button', { name: 'Delete' }).click();
      await bruno.getByText('This post was deleted.').waitFor({ timeout: 10000 });
      expect(await inThread(bruno, 'A thought I will take back').count()).toBe(0);
    });
  });

  test('participantSendsAPostToTheBlockConclusionsAsALinkedQuote', async () => {
    await e2e.artifacts('quote-to-conclusions', async () => {
      const post = alice.locator('.thread article.post', { hasText: 'Our cluster shares logistics' });
      await post.getByRole('button', { name: 'To conclusions' }).click();
      await post.getByText('Sent to the conclusions draft.').waitFor({ timeout: 10000 });
      // The block's draft now holds the quote: read it back as Markdown through the export route.
      const markdown = await alice.evaluate(async () => {
        const workspaceId = /\/w\/([^/]+)/.exec(location.pathname)![1];
        const list = (await (await fetch(`/api/workspaces/${workspaceId}/drafts`)).json()) as {
          drafts: Array<{ id: string; title: string; blockId: string | null }>;
        };
        const exports = await Promise.all(
          list.drafts
            .filter((draft) => draft.blockId)
            .map(async (draft) => (await fetch(`/api/drafts/${draft.id}/export/md`)).text()),
        );
        return exports.join('\n---\n');
      });
      expect(markdown).toContain('Our cluster shares');
      expect(markdown).toContain('logistics');
    });
  });

  test('moderatorAdvancesTheQuestionAndParticipantsFollow', async () => {
    await e2e.artifacts('advance-question', async () => {
      const before = (await currentQuestion(alice).innerText()).trim();
      // From the keyboard: Alt+Shift+N is "Open next question".
      await moderator.locator('body').press('Alt+Shift+KeyN');
      await eventually(
        async () => (await currentQuestion(moderator).innerText()).trim(),
        (text) => expect(text).not.toBe(before),
      );
      const after = (await currentQuestion(moderator).innerText()).trim();
      for (const page of [alice, bruno]) {
        await eventually(
          async () => (await currentQuestion(page).innerText()).trim(),
          (text) => expect(text).toBe(after),
        );
      }
      // The new question's thread is empty and open for posting.
      await alice.getByText('No posts yet. Start the discussion.').waitFor({ timeout: 10000 });
      expect(await alice.locator('article.post').count()).toBe(0);
    });
  });

  test('newPostsPillAppearsWhileScrolledUpAndJumpsToTheEnd', async () => {
    await e2e.artifacts('new-posts-pill', async () => {
      const composer = bruno.getByRole('textbox', { name: 'Your post (Markdown)' });
      for (let i = 1; i <= 8; i++) {
        await composer.fill(`Filler ${i}\n\n- a point\n- another point\n\n> and a quote`);
        await composer.press('Control+Enter');
      }
      await alice.locator('article.post', { hasText: 'Filler 8' }).waitFor({ timeout: 10000 });
      // Alice reads older posts: scrolled to the top, away from the end.
      await alice.locator('.vlist').evaluate((el) => {
        el.scrollTop = 0;
        el.dispatchEvent(new Event('scroll'));
      });
      await composer.fill('Latest news from **Medellín**');
      await composer.press('Control+Enter');
      const pill = alice.getByRole('button', { name: '1 new post' });
      await pill.waitFor({ timeout: 10000 });
      await pill.click();
      await pill.waitFor({ state: 'detached' });
      await alice.locator('article.post', { hasText: 'Latest news from Medellín' }).waitFor();
      expect(await alice.locator('article.post', { hasText: 'Latest news from Medellín' }).isVisible()).toBe(
        true,
      );
    });
  });

  test('participantOfflineCatchesUpExactlyOnReconnect', async () => {
    await e2e.artifacts('offline-catch-up', async () => {
      aliceOffline = true;
      await Promise.all(aliceSockets.splice(0).map((ws) => ws.close()));
      await alice.getByText('Connection lost — reconnecting…').waitFor({ timeout: 15000 });
      const composer = bruno.getByRole('textbox', { name: 'Your post (Markdown)' });
      for (let i = 1; i <= 3; i++) {
        await composer.fill(`Missed while offline ${i}`);
        await composer.press('Control+Enter');
      }
      await inThreadOf(bruno, 'Missed while offline 3').waitFor();
      expect(await inThreadOf(alice, 'Missed while offline').count()).toBe(0);
      aliceOffline = false;
      await inThreadOf(alice, 'Missed while offline 3').waitFor({ timeout: 20000 });
      for (let i = 1; i <= 3; i++)
        expect(await inThreadOf(alice, `Missed while offline ${i}`).count()).toBe(1);
      const seqs = await alice
        .locator('.thread article.post')
        .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-seq'))));
      expect(new Set(seqs).size).toBe(seqs.length);
    });
  });

  test('spanishSwitchTranslatesThePage', async () => {
    await e2e.artifacts('spanish-switch', async () => {
      const englishQuestion = (await currentQuestion(bruno).innerText()).trim();
      await bruno.getByLabel('Language').selectOption('es');
      await bruno.getByRole('button', { name: 'Publicar' }).waitFor();
      expect(await bruno.locator('html').getAttribute('lang')).toBe('es');
      expect(await bruno.getByText('Pregunta actual', { exact: false }).count()).toBeGreaterThan(0);
      expect(await bruno.getByRole('textbox', { name: 'Su aporte (Markdown)' }).count()).toBe(1);
      expect(await bruno.getByRole('button', { name: 'Cerrar sesión', exact: true }).count()).toBe(1);
      // The question itself is shown in Spanish too.
      await eventually(
        async () => (await currentQuestion(bruno).innerText()).trim(),
        (text) => expect(text).not.toBe(englishQuestion),
      );
      // No English UI label left in the main areas.
      const text = await bruno.locator('body').innerText();
      for (const english of ['Current question', 'Sign out', 'In this block', 'Write', 'Preview']) {
        expect(text).not.toContain(english);
      }
      // The choice survives a reload.
      await bruno.reload();
      await bruno.getByRole('button', { name: 'Publicar' }).waitFor();
      await bruno.getByLabel('Idioma').selectOption('en');
      await bruno.getByRole('button', { name: 'Post', exact: true }).waitFor();
    });
  });

  test('closedQuestionIsReadableInTheArchive', async () => {
    await e2e.artifacts('archive', async () => {
      await alice.getByRole('link', { name: 'Archive', exact: true }).click();
      await alice.getByRole('heading', { name: 'Archive of closed questions' }).waitFor();
      await alice.locator('.question-list a').first().click();
      await alice
        .locator('.thread article.post', { hasText: 'Our cluster shares logistics' })
        .waitFor({ timeout: 10000 });
      // Read-only: no composer, no reply/edit buttons.
      expect(await alice.getByRole('textbox', { name: 'Your post (Markdown)' }).count()).toBe(0);
      expect(await alice.getByRole('button', { name: 'Reply' }).count()).toBe(0);
    });
  });

  test('adminInvitesANewcomerWhoJoinsAndLandsOnTheLiveQuestion', async () => {
    await e2e.artifacts('invite-join', async () => {
      const admin = await e2e.open();
      await e2e.signInAs(admin, 'admin');
      // A session is live, but an admin reaching the workspace stays on its home (issue 15.15): no redirect.
      await admin.getByRole('link', { name: 'Workspace home' }).click();
      await admin.getByRole('button', { name: 'Create invite link' }).click();
      expect(admin.url()).toMatch(/\/w\/[a-f0-9]{24}$/);
      const link = await admin.getByTestId('invite-link').inputValue();
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join\/[\w-]+$/);

      const newcomer = await e2e.open();
      await newcomer.goto(link);
      await newcomer.getByRole('heading', { name: /^Join / }).waitFor();
      await newcomer.getByLabel('Your name').fill('Lucía Ferreira (e2e)');
      await newcomer.getByLabel('Email').fill('lucia.e2e@example.org');
      await newcomer.getByLabel(/^Choose a password/).fill('a-long-enough-password');
      await newcomer.getByRole('button', { name: 'Join the workspace' }).click();
      await newcomer.waitForURL(/\/b\/[a-f0-9]{24}$/, { timeout: 15000 });
      expect((await currentQuestion(newcomer).innerText()).trim()).toBe(
        (await currentQuestion(moderator).innerText()).trim(),
      );
      await newcomer.getByRole('textbox', { name: 'Your post (Markdown)' }).waitFor();
    });
  });

  test('noPageErrorsAndNoContentSecurityPolicyViolations', () => {
    const problems = e2e.pages
      .flatMap((observed) => observed.consoleLog)
      .filter(
        (line) =>
          line.startsWith('[pageerror]') ||
          line.startsWith('[error]') ||
          /Content Security Policy/i.test(line),
      )
      // The signed-out session probe on first load is an expected 401.
      .filter((line) => !/status of 401/.test(line))
      // The offline test cuts Alice's socket on purpose.
      .filter((line) => !/net::ERR_FAILED|WebSocket connection to/.test(line));
    expect(problems).toEqual([]);
  });
});
