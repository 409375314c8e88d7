import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, ViewportSize } from 'playwright-core';
import type { Types } from 'mongoose';
import type { BlockState } from '@polos/shared';
import { Block } from '../../server/src/features/blocks/block.model';
import type { PolosServer } from '../../server/src/server';
import { parseDemoAccounts, type DemoAccount } from '../e2e/demoAccounts';
import { startAppProcess, type AppProcess } from './appProcess';
import {
  launchBrowser,
  observePage,
  signIn,
  withArtifacts,
  type BrowserSession,
  type ObservedPage,
} from './browser';
import {
  buildWorld,
  command,
  connectSocket,
  openFirstQuestion,
  signIn as signInAgent,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from './server';

/**
 * The shared set-up of the browser tests (tests/e2e): one server and one Chromium per test file, started by the
 * fixture's `beforeAll` and stopped by its `afterAll` (call the fixture at the top of the `describe`, before the
 * file's own hooks, which then run after the fixture's). Every page opened through the fixture records its console
 * output for the artifacts saved on failure and for the "no page errors" checks.
 */
export interface BrowserFixture {
  /** The shared Chromium (from the fixture's `beforeAll` on). */
  readonly browser: Browser;
  /** The server's base URL, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** Every page opened through the fixture, in order. */
  readonly pages: ObservedPage[];
  /** A new context (en-GB, 1280×800 unless given) with one recorded page, at about:blank. */
  open(options?: { viewport?: ViewportSize; locale?: string }): Promise<Page>;
  /** Another recorded page of an existing context (same profile: cookies, IndexedDB). */
  openInContext(context: BrowserContext): Promise<Page>;
  /** Runs `body`; on failure saves a screenshot and the console log of every recorded page (see `withArtifacts`). */
  artifacts(name: string, body: () => Promise<void>): Promise<void>;
  /** The uncaught page errors (`[pageerror] …` lines) of every recorded page. */
  pageErrors(): string[];
}

/** Throws a clear error when the fixture is used before its `beforeAll` has run (or after it failed). */
function started<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new Error(`${what} is not started (use the fixture from beforeAll or a test)`);
  return value;
}

/** The recorded pages, shared by both fixtures. */
function pageTools(browser: () => Browser) {
  const pages: ObservedPage[] = [];
  const openInContext = async (context: BrowserContext): Promise<Page> => {
    const observed = observePage(context, await context.newPage());
    pages.push(observed);
    return observed.page;
  };
  return {
    pages,
    openInContext,
    open: async (options: { viewport?: ViewportSize; locale?: string } = {}): Promise<Page> =>
      openInContext(
        await browser().newContext({
          locale: options.locale ?? 'en-GB',
          viewport: options.viewport ?? { width: 1280, height: 800 },
        }),
      ),
    artifacts: (name: string, body: () => Promise<void>) => withArtifacts(name, () => pages, body),
    pageErrors: () =>
      pages.flatMap((observed) => observed.consoleLog).filter((line) => line.startsWith('[pageerror]')),
  };
}

/** The app process fixture: the demo accounts its first start printed, and signing in as one of them. */
export interface AppProcessFixture extends BrowserFixture {
  readonly app: AppProcess;
  readonly accounts: DemoAccount[];
  /** The `index`-th demo account with `role`; throws with the server output when there is none. */
  account(role: string, index?: number): DemoAccount;
  /** Signs `page` in through the sign-in form as `account(role, index)` and waits for the workspace page. */
  signInAs(page: Page, role: string, index?: number): Promise<DemoAccount>;
}

/**
 * The built app started exactly as `npm start` does (`startAppProcess`, demo seed unless `env` says otherwise)
 * and Chromium, both started in parallel; if one fails the other is still stopped. `env` is read in `beforeAll`,
 * so it may use what an earlier hook of the file set up (e.g. a database URI). `bundle: true` runs the same entry
 * from its esbuild bundle instead of through tsx (tests/helpers/appBundle.ts): ~3 s less CPU per start on the
 * 2-core box, for files that test the app in the browser rather than `npm start`'s loader (the lifecycle tests
 * start it through tsx).
 */
export function useAppProcess(
  options: { env?: () => Record<string, string>; bundle?: boolean } = {},
): AppProcessFixture {
  let app: AppProcess | undefined;
  let session: BrowserSession | undefined;
  let accounts: DemoAccount[] = [];
  const tools = pageTools(() => started(session, 'the browser').browser);
  const account = (role: string, index = 0): DemoAccount => {
    const found = accounts.filter((a) => a.role === role)[index];
    if (!found) throw new Error(`no demo ${role} #${index} in the server output:\n${app?.output() ?? ''}`);
    return found;
  };

  beforeAll(async () => {
    const [appResult, browserResult] = await Promise.allSettled([
      startAppProcess({ ...(options.env ? { env: options.env() } : {}), bundle: options.bundle ?? false }),
      launchBrowser(),
    ]);
    if (appResult.status === 'fulfilled') app = appResult.value;
    if (browserResult.status === 'fulfilled') session = browserResult.value;
    if (appResult.status === 'rejected') throw appResult.reason;
    if (browserResult.status === 'rejected') throw browserResult.reason;
    accounts = parseDemoAccounts(appResult.value.output());
  });

  afterAll(async () => {
    await session?.close();
    await app?.stop();
  });

  return {
    ...tools,
    get browser() {
      return started(session, 'the browser').browser;
    },
    get app() {
      return started(app, 'the app process');
    },
    get url() {
      return started(app, 'the app process').url;
    },
    get accounts() {
      return accounts;
    },
    account,
    async signInAs(page, role, index = 0) {
      const found = account(role, index);
      await signIn(page, started(app, 'the app process').url, found.email, found.password);
      return found;
    },
  };
}

const clientDistDir = path.resolve(__dirname, '..', '..', 'client', 'dist');

/** The in-process fixture: the test world and a moderator's socket that has opened the first question. */
export interface InProcessFixture extends BrowserFixture {
  readonly server: PolosServer;
  readonly world: TestWorld;
  /** The moderator's socket, joined to the workspace, after opening the first question of the first block. */
  readonly moderator: TestSocket;
  /**
   * A new context with one recorded page, signed in as `email` (password `TEST_PASSWORD`) and then on the first
   * block's page.
   */
  openFirstBlockAs(email: string, viewport: ViewportSize): Promise<Page>;
}

/**
 * The real server in this process (`startTestServer` with the built client, so that the test can reach into its
 * sockets; `beforeListen` may adjust it) on a fresh test database with `buildWorld()`'s personas, and Chromium.
 * Needs client/dist (`npm run build`; `npm test` builds first).
 */
export function useInProcessServer(
  options: { beforeListen?: (server: PolosServer) => void } = {},
): InProcessFixture {
  let testServer: TestServer | undefined;
  let session: BrowserSession | undefined;
  let world: TestWorld | undefined;
  let moderator: TestSocket | undefined;
  const tools = pageTools(() => started(session, 'the browser').browser);
  const url = () => started(testServer, 'the server').url;

  beforeAll(async () => {
    if (!existsSync(path.join(clientDistDir, 'index.html')))
      throw new Error('client/dist is missing: run `npm run build` first (npm test does)');
    const [serverResult, browserResult] = await Promise.allSettled([
      startTestServer({}, { clientDistDir, beforeListen: options.beforeListen }),
      launchBrowser(),
    ]);
    if (serverResult.status === 'fulfilled') testServer = serverResult.value;
    if (browserResult.status === 'fulfilled') session = browserResult.value;
    if (serverResult.status === 'rejected') throw serverResult.reason;
    if (browserResult.status === 'rejected') throw browserResult.reason;
    world = await buildWorld();
    moderator = await connectSocket(url(), (await signInAgent(url(), world.users.moderator.email)).cookie);
    await command(moderator, 'workspace:join', { workspaceId: world.workspaceId });
    await openFirstQuestion(moderator, world);
  });

  afterAll(async () => {
    moderator?.close();
    await session?.close();
    await testServer?.stop();
  });

  return {
    ...tools,
    get browser() {
      return started(session, 'the browser').browser;
    },
    get url() {
      return url();
    },
    get server() {
      return started(testServer, 'the server').server;
    },
    get world() {
      return started(world, 'the test world');
    },
    get moderator() {
      return started(moderator, 'the moderator socket');
    },
    async openFirstBlockAs(email, viewport) {
      const page = await tools.open({ viewport });
      const { workspaceId, blockIds } = started(world, 'the test world');
      await signIn(page, url(), email, TEST_PASSWORD);
      await page.goto(`${url()}/w/${workspaceId}/b/${blockIds[0]}`);
      return page;
    },
  };
}

/**
 * Adds Block 1 as the seed has it (kind `profiles`, order 3, "Profiles of the Polos" / "Perfiles de los Polos",
 * description "Block 1" / "Bloque 1") to the workspace `workspaceId`, in `state`; resolves with the block's id.
 * Its questions and any members are the caller's.
 */
export async function createProfilesBlock(
  workspaceId: Types.ObjectId,
  state: BlockState,
): Promise<Types.ObjectId> {
  const block = await Block.create({
    workspaceId,
    order: 3,
    title: { en: 'Profiles of the Polos', es: 'Perfiles de los Polos' },
    description: { en: 'Block 1', es: 'Bloque 1' },
    kind: 'profiles',
    state,
  });
  return block._id;
}
