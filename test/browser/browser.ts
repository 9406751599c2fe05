import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { uiBuildDir, projectRoot } from '../../infrastructure/paths.js';

/** Browser tests: real Chromium against a real server that serves ui/build. */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(projectRoot, 'test-results');
export const BROWSER_TIMEOUT = 120_000;

/**
 * The server's clock for browser tests: a fixed working Monday, so the demo data (relative to
 * it) and every date on screen are the same on each run. The session cookie carries a lifetime
 * rather than a date, so the browser's own clock does not matter.
 */
export function serverNow(): string {
  return '2026-11-02T09:00:00+08:00';
}

/** Fails fast and clearly when the UI was not built (npm test builds it before vitest). */
export function requireUiBuild(): void {
  if (!fs.existsSync(path.join(uiBuildDir, 'index.html'))) {
    throw new Error(`The UI is not built (${uiBuildDir}/index.html is missing): run \`npm run build:ui\` before the browser tests.`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH.`);
  }
}

export interface UserBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Browser console errors and uncaught page errors, for the test to assert on or print. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** One Chromium with its own user-data dir: one signed-in user, isolated cookies and storage. */
export async function openBrowser(baseURL: string): Promise<UserBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    baseURL,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    // Failed requests are recorded below with their address instead.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`http ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form and waits for the role's home page. */
export async function signIn(page: Page, username: string, password: string, home: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => url.pathname === home);
}

/** The page's errors, less those the test expects (e.g. the 401 of /api/auth/me before signing in). */
export function unexpectedErrors(browser: UserBrowser, expected: readonly string[] = []): string[] {
  return browser.errors.filter((e) => e !== SIGNED_OUT_PROBE && !expected.includes(e));
}

/** The app asks who is signed in on its first load; signed out, that is a 401. */
export const SIGNED_OUT_PROBE = 'http 401 GET /api/auth/me';

/** Saves `<name>-FAILED-<n>.png` of each page when the current test fails; call at its start. */
export function screenshotOnFailure(name: string, ...browsers: (UserBrowser | undefined)[]): void {
  onTestFailed(async () => {
    await Promise.all(browsers.map((b, i) => (b ? screenshot(b.page, `${name}-FAILED-${i + 1}`).catch(() => undefined) : undefined)));
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
