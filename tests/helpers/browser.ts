import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; `npm test`'s pretest step installs it or fails with the instruction. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS_DIR = path.resolve(__dirname, '..', 'e2e', 'artifacts');

export interface BrowserSession {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Chromium with the flags this machine needs. Playwright gives every launch a fresh temporary
 * profile itself (it refuses a `--user-data-dir` argument).
 */
export async function launchBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export interface ObservedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console messages and page errors seen so far. */
  readonly consoleLog: string[];
}

/** Starts recording the console output and uncaught errors of `page` (a page of `context`). */
export function observePage(context: BrowserContext, page: Page): ObservedPage {
  const consoleLog: string[] = [];
  page.on('console', (message) => consoleLog.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLog.push(`[pageerror] ${error.message}`));
  return { page, context, consoleLog };
}

/** A new context + page that records console output and uncaught page errors. */
export async function openPage(browser: Browser, url: string, locale = 'en-GB'): Promise<ObservedPage> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  const observed = observePage(context, await context.newPage());
  await observed.page.goto(url);
  return observed;
}

/**
 * Runs `body`; on failure saves a screenshot and the console log of each page under
 * tests/e2e/artifacts/<name>/ and rethrows.
 */
export async function withArtifacts(
  name: string,
  pages: () => ObservedPage[],
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    const dir = path.join(ARTIFACTS_DIR, name.replace(/[^\w.-]+/g, '_'));
    mkdirSync(dir, { recursive: true });
    let index = 0;
    for (const observed of pages()) {
      index += 1;
      try {
        await observed.page.screenshot({ path: path.join(dir, `page-${index}.png`), fullPage: true });
      } catch {
        // The page may already be gone; the console log still helps.
      }
      writeFileSync(path.join(dir, `page-${index}.console.log`), observed.consoleLog.join('\n'));
    }
    throw error;
  }
}

/**
 * Signs in through the real sign-in form and waits until the app has left the sign-in page
 * (the demo accounts have one workspace, so the app lands on `/w/<id>`).
 */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel(/^(Email|Correo electrónico)$/).fill(email);
  await page.getByLabel(/^(Password|Contraseña)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Entrar)$/ }).click();
  await page.waitForURL(/\/w\/[a-f0-9]{24}/, { timeout: 15000 });
}
