import type { Page } from 'playwright-core';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { Ack, BlockDto, QuestionDto, WorkspaceDetailDto, WorkspaceSummaryDto } from '@polos/shared';
import { useAppProcess } from '../helpers/e2e';
import type { DemoAccount } from './demoAccounts';
import { eventually } from '../helpers/wait';

jest.setTimeout(120000);

/**
 * Reliability row 19: an XSS corpus (OWASP cheat-sheet and DOMPurify-style vectors: raw tags, event
 * handlers, SVG/MathML, `javascript:`/`data:`/`vbscript:` links in every spelling, entity- and
 * percent-encoded schemes, attribute breakouts, mutation-XSS shapes) stored as post bodies and as a display
 * name, then rendered by real Chromium — live as the posts arrive and again from history after a reload.
 * No script may run (no dialog, `window.__xss` never set), the DOM may hold no script-capable element, event
 * handler attribute or non-http(s)/mailto link, and the page must carry a CSP.
 */
const MARK = 'window.__xss=(window.__xss||0)+1';

const POST_VECTORS: string[] = [
  '<script>alert(1)</script>',
  `<script>${MARK}</script>`,
  '<img src=x onerror=alert(1)>',
  `<img src=x onerror="${MARK}">`,
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math href="javascript:alert(1)">CLICK</math>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](&#x6A;avascript:alert(1))',
  '[click](jav&#x09;ascript:alert(1))',
  '[click](<java\tscript:alert(1)>)',
  '[click](%6Aavascript:alert(1))',
  '[click][ref]\n\n[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](javascript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  "<style>@import 'javascript:alert(1)'</style>",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<!--><img src=x onerror=alert(1)>-->',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '[x](https://ok.example "\\" onmouseover=\\"alert(1)")',
  '[x](https://a.example/"onmouseover="alert(1))',
  '**<img src=x onerror=alert(1)>**',
  '[<img src=x onerror=alert(1)>](https://ok.example)',
  '`<script>alert(1)</script>`',
  '```\n<script>alert(1)</script>\n```',
  '> <img src=x onerror=alert(1)>\n> - <svg onload=alert(1)>',
  "{{constructor.constructor('alert(1)')()}}",
  'https://ok.example/"><script>alert(1)</script>',
];

/** A display name of 49 characters: a tag with a handler and an attribute breakout. */
const XSS_NAME = '"><img src=x onerror=alert(1)><svg onload=alert(2)>';
const LONG_NAME = 'W'.repeat(100);

interface Agent {
  cookie: string;
  csrfToken: string;
}

describe('XSS corpus rendered in Chromium (reliability row 19)', () => {
  const e2e = useAppProcess({ bundle: true });
  const sockets: Socket[] = [];
  let viewer: Page;
  const dialogs: string[] = [];
  let workspaceId = '';
  let block: BlockDto;
  let question: QuestionDto;

  async function login({ email, password }: DemoAccount): Promise<Agent> {
    const res = await fetch(`${e2e.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    const cookie = /polos_sid=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    if (!cookie) throw new Error('no session cookie');
    return { cookie, csrfToken };
  }

  async function api<T>(agent: Agent, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${e2e.url}${path}`, {
      method,
      headers: {
        cookie: agent.cookie,
        'x-csrf-token': agent.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async function connect(agent: Agent): Promise<Socket> {
    const socket = ioClient(e2e.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: agent.cookie },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }

  async function command<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
    const ack = await new Promise<Ack<T>>((resolve) => socket.emit(event, payload, resolve));
    if (!ack.ok) throw new Error(`${event}: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  let clientIds = 0;
  const post = (socket: Socket, body: string) =>
    command(socket, 'post:create', {
      questionId: question.id,
      clientId: `xss-corpus-${(clientIds += 1)}`,
      body,
    });

  /** Checks the posts mounted right now: problems found, their ids, and whether the list is at its end. */
  function scanMounted(page: Page): Promise<{ found: string[]; ids: string[]; atEnd: boolean }> {
    return page.evaluate(() => {
      const found: string[] = [];
      const dangerous = new Set(
        'SCRIPT IFRAME FRAME OBJECT EMBED SVG MATH IMG STYLE FORM INPUT BUTTON VIDEO AUDIO SOURCE DETAILS META BASE NOSCRIPT BODY LINK TEMPLATE'.split(
          ' ',
        ),
      );
      const posts = Array.from(document.querySelectorAll<HTMLElement>('.thread article.post'));
      for (const article of posts) {
        for (const el of Array.from(article.querySelectorAll('.post-header *, .post-body *'))) {
          if (dangerous.has(el.tagName.toUpperCase())) found.push(`element <${el.tagName}>`);
          for (const attr of Array.from(el.attributes)) {
            if (/^on/i.test(attr.name)) found.push(`attribute ${attr.name}`);
            if (/^\s*(javascript|data|vbscript):/i.test(attr.value)) found.push(`${attr.name}=${attr.value}`);
          }
        }
      }
      for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href]')))
        if (!/^(https?:|mailto:)/.test(a.href)) found.push(`link ${a.href}`);
      const list = document.querySelector<HTMLElement>('.thread .vlist')!;
      return {
        found,
        ids: posts.map((p) => p.dataset.postId ?? ''),
        atEnd: list.scrollTop + list.clientHeight >= list.scrollHeight - 2,
      };
    });
  }

  /**
   * Scrolls the (virtualised) thread from top to bottom and, at every position, checks what is mounted:
   * returns the post ids seen and every problem found.
   */
  async function scanThread(page: Page): Promise<{ ids: Set<string>; problems: string[] }> {
    const ids = new Set<string>();
    const problems: string[] = [];
    await page.locator('.thread .vlist').evaluate((el) => (el.scrollTop = 0));
    for (let step = 0; step < 400; step++) {
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
      const seen = await scanMounted(page);
      problems.push(...seen.found);
      for (const id of seen.ids) ids.add(id);
      if (seen.atEnd) break;
      await page.locator('.thread .vlist').evaluate((el) => (el.scrollTop += el.clientHeight / 2));
    }
    return { ids, problems };
  }

  beforeAll(async () => {
    // The moderator opens the first question of a discussion block.
    const moderator = await login(e2e.account('moderator'));
    const workspaces = await api<WorkspaceSummaryDto[]>(moderator, 'GET', '/api/workspaces');
    workspaceId = workspaces[0].id;
    const detail = await api<WorkspaceDetailDto>(moderator, 'GET', `/api/workspaces/${workspaceId}`);
    block = detail.blocks.find((b) => b.kind === 'discussion' && b.questions.length > 0)!;
    const modSocket = await connect(moderator);
    await command(modSocket, 'workspace:join', { workspaceId });
    await command(modSocket, 'session:start', { workspaceId, title: '<script>alert(1)</script>' });
    await command(modSocket, 'block:open', { blockId: block.id });
    question = await command<QuestionDto>(modSocket, 'question:open-next', { blockId: block.id });
    // The moderator is present in the block with a 100-character unbroken name.
    await api(moderator, 'PATCH', '/api/users/me', { name: LONG_NAME });

    // The viewer (a participant) watches the block page while the corpus arrives.
    viewer = await e2e.open();
    viewer.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await e2e.signInAs(viewer, 'participant', 1);
    await viewer.goto(`${e2e.url}/w/${workspaceId}/b/${block.id}`);
    await viewer.locator('.thread').waitFor({ timeout: 15000 });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
  });

  test('noScriptRunsFromPostsOrANameLiveOrFromHistory', async () => {
    await e2e.artifacts('xss-corpus', async () => {
      const mallory = await login(e2e.account('participant', 0));
      await api(mallory, 'PATCH', '/api/users/me', { name: XSS_NAME });
      const socket = await connect(mallory);
      await command(socket, 'workspace:join', { workspaceId });
      await command(socket, 'block:join', { blockId: block.id });
      for (const body of POST_VECTORS) await post(socket, body);
      await post(socket, 'End of the corpus.');

      // Live: every post arrived and was rendered; the name is shown as text in headers and presence.
      await viewer.locator('.presence-name', { hasText: XSS_NAME }).waitFor({ timeout: 15000 });
      await viewer
        .locator('.thread article.post', { hasText: 'End of the corpus.' })
        .waitFor({ timeout: 20000 });
      const live = await scanThread(viewer);
      expect(live.problems).toEqual([]);
      expect(live.ids.size).toBe(POST_VECTORS.length + 1);
      expect(await viewer.locator('.post-header bdi', { hasText: XSS_NAME }).count()).toBeGreaterThan(0);
      // A raw-HTML vector is shown as its own text.
      expect(
        await viewer.locator('.post-body', { hasText: '<img src=x onerror=alert(1)>' }).count(),
      ).toBeGreaterThan(0);

      // From history: the same after a reload.
      const response = await viewer.reload();
      await viewer.locator('.thread article.post').first().waitFor({ timeout: 15000 });
      const fromHistory = await scanThread(viewer);
      expect(fromHistory.problems).toEqual([]);
      expect(fromHistory.ids.size).toBe(POST_VECTORS.length + 1);

      expect(dialogs).toEqual([]);
      expect(await viewer.evaluate(() => (window as { __xss?: number }).__xss ?? 0)).toBe(0);

      // The page is served with a CSP that allows no inline script.
      const csp = response?.headers()['content-security-policy'] ?? '';
      expect(csp).toMatch(/script-src 'self'/);
      expect(/script-src[^;]*'unsafe-inline'/.test(csp)).toBe(false);
      expect(csp).toMatch(/object-src 'none'/);

      // The scan can fail: markup injected behind the renderer's back is reported.
      await viewer
        .locator('.thread .post-body')
        .first()
        .evaluate((el) => el.insertAdjacentHTML('beforeend', '<img src="x" onerror="void 0">'));
      const tampered = await scanMounted(viewer);
      expect(tampered.found).toEqual(expect.arrayContaining(['element <IMG>', 'attribute onerror']));
    });
  });

  test('aHundredCharacterNameStaysInsideThePostHeaderAndThePresenceListAt390px', async () => {
    await e2e.artifacts('long-name', async () => {
      const moderator = await login(e2e.account('moderator'));
      const socket = await connect(moderator);
      await command(socket, 'workspace:join', { workspaceId });
      await command(socket, 'block:join', { blockId: block.id });
      await post(socket, 'A post by someone with a very long name');

      for (const width of [1280, 390]) {
        await viewer.setViewportSize({ width, height: 844 });
        const article = viewer.locator('.thread article.post', {
          hasText: 'A post by someone with a very long name',
        });
        await eventually(
          async () => article.count(),
          (count) => expect(count).toBe(1),
        );
        await article.scrollIntoViewIfNeeded();
        const header = await article.locator('.post-header').evaluate((el) => {
          const box = el.getBoundingClientRect();
          const name = el.querySelector('bdi')!.getBoundingClientRect();
          return {
            overflow: el.scrollWidth - el.clientWidth,
            nameRight: name.right,
            headerRight: box.right,
          };
        });
        expect(header.overflow).toBeLessThanOrEqual(0);
        expect(header.nameRight).toBeLessThanOrEqual(header.headerRight + 0.5);

        const presence = viewer.locator('.presence-user', { hasText: LONG_NAME.slice(0, 20) });
        await presence.waitFor({ timeout: 10000 });
        const list = await presence.evaluate((li) => {
          const card = li.closest('.presence')!.getBoundingClientRect();
          const name = li.querySelector('.presence-name')!.getBoundingClientRect();
          return { nameRight: name.right, cardRight: card.right, title: li.getAttribute('title') ?? '' };
        });
        expect(list.nameRight).toBeLessThanOrEqual(list.cardRight + 0.5);
        expect(list.title).toContain(LONG_NAME);
        // Nothing makes the page itself scroll sideways.
        expect(
          await viewer.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
      }
    });
  });
});
