import type { Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_PASSWORD } from '../../infrastructure/seed/demo.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, serverNow, openBrowser, requireUiBuild, screenshotOnFailure, signIn, type UserBrowser } from './browser.js';

/**
 * A smoke crawl over the demo data: one user of each role that has pages signs in, opens every
 * page the navigation offers, and on each follows the first links to detail pages (cases,
 * tickets, articles, items, print pages) one or two levels deep, waiting each time until the
 * page has asked the API everything and drawn its content. Any answer of 500 or more from the
 * server, uncaught page error, console error, error page or link that lands somewhere else fails
 * the role's test; 404s of the API right after following a link the app drew are printed at the
 * end, as they usually mean a link to something the API does not know.
 */

interface Crawler {
  readonly username: string;
  readonly password: string;
  readonly role: string;
  readonly home: string;
}

/**
 * One user per role with pages in this UI (ui/src/lib/nav.ts), and where each lands; the
 * department staff from three departments, so that their lists hold different cases.
 */
const CRAWLERS: readonly Crawler[] = [
  { username: 'zhangsan', password: DEMO_PASSWORD, role: 'applicant', home: '/my/cases' },
  { username: 'housing.window', password: DEMO_PASSWORD, role: 'window_staff', home: '/cases' },
  { username: 'health.reviewer', password: DEMO_PASSWORD, role: 'reviewer', home: '/cases' },
  { username: 'market.head', password: DEMO_PASSWORD, role: 'department_head', home: '/cases' },
  { username: 'market.handler', password: DEMO_PASSWORD, role: 'department_handler', home: '/hotline/desk' },
  { username: 'legal', password: DEMO_PASSWORD, role: 'legal_office', home: '/catalog' },
  { username: 'operator', password: DEMO_PASSWORD, role: 'hotline_operator', home: '/hotline' },
  { username: 'supervisor', password: DEMO_PASSWORD, role: 'supervisor', home: '/cases' },
  { username: 'leader', password: DEMO_PASSWORD, role: 'leader', home: '/leader' },
  { username: 'auditor', password: DEMO_PASSWORD, role: 'auditor', home: '/cases' },
  { username: 'admin', password: ADMIN_PASSWORD, role: 'admin', home: '/cases' },
];

/** Demo roles without a page here yet: they land on "/" and its "no workspace" notice. */
const WITHOUT_PAGES = ['trading', 'agency', 'bidder', 'expert'] as const;

/** Pages with a parameter, so that "the first two cases" are counted as one kind of page. */
const ROUTES: readonly [RegExp, string][] = [
  [/^\/cases\/[^/]+\/receipt$/, '/cases/[id]/receipt'],
  [/^\/cases\/[^/]+\/supplement-notice$/, '/cases/[id]/supplement-notice'],
  [/^\/cases\/[^/]+$/, '/cases/[id]'],
  [/^\/hotline\/tickets\/[^/]+$/, '/hotline/tickets/[id]'],
  [/^\/guide\/[^/]+\/apply$/, '/guide/[code]/apply'],
  [/^\/guide\/[^/]+$/, '/guide/[code]'],
  [/^\/knowledge\/(?!manage$|new$)[^/]+$/, '/knowledge/[id]'],
  [/^\/rate\/[^/]+$/, '/rate/[token]'],
];

/** Links followed from one page, per kind of page; and per role, over all its pages. */
const PER_PAGE = 2;
const PER_ROLE = 3;
/** Nav page → detail → its own links (a case's receipt, a ticket's merged ticket). */
const MAX_DEPTH = 2;

/** How long the app must have had no request of its own in flight to count as settled. */
const QUIET_MS = 100;
const SETTLE_TIMEOUT = 15_000;
/** common.loading in both languages. */
const LOADING = /正在加载…|Loading…/;

/** The app's one long-lived request: the live updates stream never finishes. */
const LONG_LIVED = new Set(['/api/events/stream']);

interface Visit {
  readonly role: string;
  readonly path: string;
  /** How the page was reached: the nav, or a link drawn on another page. */
  readonly via: string;
}

interface Finding {
  readonly role: string;
  readonly page: string;
  readonly via: string;
  what: string;
}

const visits: Visit[] = [];
const failures: Finding[] = [];
/** 4xx answers: reported, not failed (a 403 or 404 may be how a page works). */
const clientErrors: (Finding & { status: number; suspicious: boolean })[] = [];

/** The kind of page an address is: its route, and the names of its filters. */
function routeOf(url: URL): string {
  const route = routePath(url);
  const keys = [...new Set(url.searchParams.keys())].sort();
  return keys.length ? `${route}?${keys.join('&')}` : route;
}

function routePath(url: URL): string {
  return ROUTES.find(([pattern]) => pattern.test(url.pathname))?.[1] ?? url.pathname;
}

function describePath(url: URL): string {
  return url.pathname + url.search;
}

/**
 * Watches one signed-in browser: what it asks of the server (to know when a page is done), and
 * every server error, page error and console error, each charged to the page being visited.
 */
class Watch {
  private readonly inflight = new Set<Request>();
  private lastActivity = Date.now();
  current: Visit = { role: '', path: '(sign-in)', via: 'login' };
  readonly findings: Finding[] = [];

  /** How many of the browser's recorded errors have been charged to a page already. */
  private charged = 0;
  private readonly page: Page;

  constructor(
    private readonly browser: UserBrowser,
    private readonly origin: string,
    public role: string,
  ) {
    const { page } = browser;
    this.page = page;
    page.on('request', (request) => this.started(request));
    page.on('requestfinished', (request) => this.ended(request));
    page.on('requestfailed', (request) => {
      this.ended(request);
      const failure = request.failure()?.errorText ?? '';
      // Leaving a page cancels what it was still asking: that is not an error.
      if (this.ours(request) && !failure.includes('ERR_ABORTED')) this.fail(`request failed: ${request.method()} ${describePath(new URL(request.url()))} (${failure})`);
    });
    page.on('response', (response) => void this.answered(response));
  }

  /**
   * Charges the console and page errors the browser recorded (openBrowser) since the last look to
   * the page being visited; its HTTP lines are classified by `answered` instead.
   */
  chargeBrowserErrors(): void {
    const { errors } = this.browser;
    for (; this.charged < errors.length; this.charged++) {
      const error = errors[this.charged]!;
      if (!error.startsWith('http ')) this.fail(error);
    }
  }

  private ours(request: Request): boolean {
    const url = new URL(request.url());
    return url.origin === this.origin && !LONG_LIVED.has(url.pathname);
  }

  private started(request: Request): void {
    if (!this.ours(request)) return;
    this.inflight.add(request);
    this.lastActivity = Date.now();
  }

  private ended(request: Request): void {
    if (!this.inflight.delete(request)) return;
    this.lastActivity = Date.now();
  }

  private async answered(response: Response): Promise<void> {
    const status = response.status();
    if (status < 400 || !this.ours(response.request())) return;
    const url = new URL(response.url());
    const what = `HTTP ${status} ${response.request().method()} ${describePath(url)}`;
    const visit = this.current;
    if (status >= 500) {
      // Recorded at once, so that the role's assertion cannot miss it; the error body follows.
      const finding: Finding = { role: this.role, page: visit.path, via: visit.via, what };
      this.findings.push(finding);
      failures.push(finding);
      const body = await response.text().catch(() => '');
      if (body) finding.what = `${what} ${body.slice(0, 300)}`;
      return;
    }
    // A 404 of the page's own API call, on a page reached by following a link the app drew.
    const suspicious = status === 404 && url.pathname.startsWith('/api/') && visit.via !== 'login';
    clientErrors.push({ role: this.role, page: visit.path, via: visit.via, what, status, suspicious });
  }

  fail(what: string): void {
    const finding = { role: this.role, page: this.current.path, via: this.current.via, what };
    this.findings.push(finding);
    failures.push(finding);
  }

  /** Resolves once none of the app's own requests has been in flight for QUIET_MS. */
  async quiet(): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT;
    while (this.inflight.size > 0 || Date.now() - this.lastActivity < QUIET_MS) {
      if (Date.now() > deadline) {
        this.fail(`still loading after ${SETTLE_TIMEOUT} ms: ${[...this.inflight].map((r) => describePath(new URL(r.url()))).join(', ')}`);
        break;
      }
      await this.page.waitForTimeout(25);
    }
    this.chargeBrowserErrors();
  }

  /** Waits until the page has drawn its content (a heading or an alert, no "loading…") and asked the API everything. */
  async settled(): Promise<void> {
    const content = this.page.locator('main h1, main [role="alert"], main [data-testid="no-workspace"]').first();
    try {
      await content.waitFor({ state: 'visible', timeout: SETTLE_TIMEOUT });
    } catch {
      this.fail('no content: neither a heading nor an alert appeared in <main>');
    }
    try {
      await this.page.locator('main').filter({ hasText: LOADING }).waitFor({ state: 'hidden', timeout: SETTLE_TIMEOUT });
    } catch {
      this.fail(`still shows "loading" after ${SETTLE_TIMEOUT} ms`);
    }
    await this.quiet();
  }
}

/** Checks the page a visit landed on: where it is, and that it is not an error page. */
async function inspect(page: Page, watch: Watch, expected: URL): Promise<void> {
  const landed = new URL(page.url());
  // The layout sends a role away from a page that is not open to it (nav.ts canVisit): a dead link.
  if (landed.pathname !== expected.pathname) watch.fail(`the link to ${describePath(expected)} was redirected to ${describePath(landed)}: the page is not open to this role`);
  for (const [testid, label] of [
    ['error-page', 'error page'],
    ['unavailable', '"service unavailable" page'],
  ] as const) {
    const shown = page.getByTestId(testid);
    if (await shown.isVisible().catch(() => false)) watch.fail(`shows the ${label}: ${(await shown.innerText().catch(() => '')).replace(/\s+/g, ' ').trim()}`);
  }
}

/** The links a page draws in <main> to pages of this app (not the API's files, not home or login). */
async function linksOn(page: Page, origin: string): Promise<URL[]> {
  const hrefs = await page.locator('main a[href]').evaluateAll((anchors) => anchors.filter((a) => !a.hasAttribute('download')).map((a) => a.getAttribute('href')!));
  const urls: URL[] = [];
  for (const href of hrefs) {
    const url = new URL(href, page.url());
    url.hash = '';
    if (url.origin !== origin || url.pathname === '/' || url.pathname === '/login') continue;
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/open311/')) continue;
    urls.push(url);
  }
  return urls;
}

interface Session {
  readonly browser: UserBrowser;
  readonly watch: Watch;
}

/** A browser per role, signed in and on its home page, watched from its first request. */
async function signedIn(server: TestServer, crawler: Crawler): Promise<Session> {
  const browser = await openBrowser(server.url);
  opened.push(browser);
  const watch = new Watch(browser, new URL(server.url).origin, crawler.role);
  await signIn(browser.page, crawler.username, crawler.password, crawler.home);
  return { browser, watch };
}

const opened: UserBrowser[] = [];
const sessions = new Map<string, Promise<Session>>();

/**
 * The role's session, started now unless it already was: while one role is crawled, the next
 * one's Chromium starts and signs in, which would otherwise be a second or two of each test.
 */
function session(server: TestServer, crawler: Crawler): Promise<Session> {
  let started = sessions.get(crawler.role);
  if (!started) {
    started = signedIn(server, crawler);
    // Awaited, and so reported, by the role's own test.
    started.catch(() => undefined);
    sessions.set(crawler.role, started);
  }
  return started;
}

/** Visits every page of the signed-in role's navigation and the links they draw. */
async function crawl(server: TestServer, { browser, watch }: Session, crawler: Crawler): Promise<{ pages: number }> {
  const { page } = browser;
  const origin = new URL(server.url).origin;
  const seen = new Set<string>();
  const perRole = new Map<string, number>();
  let pages = 0;

  const visited = (url: URL, via: string) => {
    seen.add(describePath(url));
    visits.push({ role: crawler.role, path: describePath(url), via });
    pages++;
  };

  /**
   * Runs a click and waits until the app's router has navigated: it writes the history on every
   * navigation, a redirect too (even back to the same address), so that is what is counted.
   */
  const routed = async (click: () => Promise<void>): Promise<void> => {
    const count = (await page.evaluate(`(() => {
      if (window.crawlNavigations === undefined) {
        window.crawlNavigations = 0;
        for (const name of ['pushState', 'replaceState']) {
          const original = history[name];
          history[name] = function (...args) {
            window.crawlNavigations += 1;
            return original.apply(this, args);
          };
        }
      }
      return window.crawlNavigations;
    })()`)) as number;
    await click();
    // Polled from outside: the page's CSP forbids the eval that waitForFunction needs.
    // A new document (a full load, as SvelteKit falls back to) has no counter: it navigated too.
    const navigated = async () => {
      const now = (await page.evaluate('window.crawlNavigations').catch(() => count)) as number | undefined;
      return now === undefined || now > count;
    };
    const deadline = Date.now() + SETTLE_TIMEOUT;
    while (!(await navigated())) {
      if (Date.now() > deadline) {
        watch.fail(`the app did not navigate within ${SETTLE_TIMEOUT} ms`);
        return;
      }
      await page.waitForTimeout(25);
    }
  };

  /**
   * Opens a link as the app's own would be: a click that its router handles. Between two pages of
   * one route (two cases) the router keeps the page component, so those are loaded afresh.
   */
  const open = async (url: URL): Promise<void> => {
    if (routePath(new URL(page.url())) === routePath(url)) {
      await page.goto(describePath(url));
      return;
    }
    await routed(async () => {
      await page.evaluate(`(() => {
        const a = document.createElement('a');
        a.href = ${JSON.stringify(describePath(url))};
        document.body.append(a);
        a.click();
        a.remove();
      })()`);
    });
  };

  /** Follows the links the current page draws, depth-first, at most PER_PAGE of each kind. */
  const follow = async (from: URL, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    const perPage = new Map<string, number>();
    const next: URL[] = [];
    for (const url of await linksOn(page, origin)) {
      const key = describePath(url);
      const route = routeOf(url);
      if (seen.has(key) || next.some((u) => describePath(u) === key)) continue;
      if ((perPage.get(route) ?? 0) >= PER_PAGE || (perRole.get(route) ?? 0) >= PER_ROLE) continue;
      perPage.set(route, (perPage.get(route) ?? 0) + 1);
      perRole.set(route, (perRole.get(route) ?? 0) + 1);
      next.push(url);
    }
    for (const url of next) {
      if (seen.has(describePath(url))) continue;
      const via = `link on ${describePath(from)}`;
      watch.current = { role: crawler.role, path: describePath(url), via };
      visited(url, via);
      await open(url);
      await watch.settled();
      await inspect(page, watch, url);
      await follow(url, depth + 1);
    }
  };

  const nav = page.getByTestId('main-nav');
  await nav.waitFor();
  const sections = await nav.locator('a[href]').evaluateAll((anchors) =>
    anchors.map((a) => ({ href: a.getAttribute('href')!, testid: a.getAttribute('data-testid')! })),
  );
  expect(sections.length, `${crawler.role} has a navigation`).toBeGreaterThan(0);
  expect(
    sections.map((s) => s.href),
    `${crawler.role}'s home is in its navigation`,
  ).toContain(crawler.home);

  for (const section of sections) {
    const url = new URL(section.href, origin);
    if (seen.has(describePath(url))) continue;
    watch.current = { role: crawler.role, path: section.href, via: 'nav' };
    visited(url, 'nav');
    // The nav, as a user uses it: a click and the app's own routing.
    await routed(() => nav.getByTestId(section.testid).click());
    await watch.settled();
    await inspect(page, watch, url);
    await follow(url, 1);
  }

  watch.chargeBrowserErrors();
  expect(watch.findings.map((f) => `[${f.role}] ${f.page} (via ${f.via}): ${f.what}`)).toEqual([]);
  return { pages };
}

describe('smoke crawl over the demo data', () => {
  let server: TestServer | undefined;
  const started = Date.now();

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    // The browsers of failed roles stayed open for their screenshots.
    await Promise.all([...sessions.values()].map((s) => s.catch(() => undefined)));
    await Promise.all(opened.map((b) => b.close()));
    await server?.close();
    const roles = new Set(visits.map((v) => v.role));
    const lines = [`smoke crawl: ${visits.length} page visits over ${roles.size} roles in ${((Date.now() - started) / 1000).toFixed(1)} s`];
    for (const role of roles) {
      const mine = visits.filter((v) => v.role === role);
      const kinds = new Map<string, number>();
      for (const v of mine) {
        const route = routeOf(new URL(v.path, 'http://crawl'));
        kinds.set(route, (kinds.get(route) ?? 0) + 1);
      }
      const listed = [...kinds].map(([route, n]) => (n > 1 ? `${route} ×${n}` : route)).join(', ');
      lines.push(`  ${role}: ${mine.length} pages, ${mine.filter((v) => v.via === 'nav').length} from the nav: ${listed}`);
    }
    if (failures.length) {
      lines.push(`failures (${failures.length}):`);
      for (const f of failures) lines.push(`  [${f.role}] ${f.page} (via ${f.via}): ${f.what}`);
    }
    const suspicious = clientErrors.filter((e) => e.suspicious);
    if (suspicious.length) {
      lines.push(`404s of the API after following a link the app drew (${suspicious.length}), not failed:`);
      for (const e of suspicious) lines.push(`  [${e.role}] ${e.page} (via ${e.via}): ${e.what}`);
    }
    // Less the expected 401 of the session probe on each sign-in page.
    const other = clientErrors.filter((e) => !e.suspicious && !(e.via === 'login' && e.what === 'HTTP 401 GET /api/auth/me'));
    if (other.length) {
      lines.push(`other 4xx answers (${other.length}), handled by the pages:`);
      for (const e of other) lines.push(`  [${e.role}] ${e.page} (via ${e.via}): ${e.what}`);
    }
    console.log(lines.join('\n'));
  }, BROWSER_TIMEOUT);

  CRAWLERS.forEach((crawler, i) => {
    it(
      `${crawler.role} (${crawler.username}): every nav page and the first links on it answer without server or page errors`,
      async () => {
        const mine = await session(server!, crawler);
        const next = CRAWLERS[i + 1];
        if (next) void session(server!, next);
        screenshotOnFailure(`smoke-crawl-${crawler.role}`, mine.browser);
        const { pages } = await crawl(server!, mine, crawler);
        expect(pages).toBeGreaterThan(0);
        // Passed: no screenshot to take, so the browser goes now (a failed one waits for afterAll).
        await mine.browser.close();
      },
      BROWSER_TIMEOUT,
    );
  });

  it(
    'roles without pages (trading, agency, bidder, expert) land on the "no workspace" notice without errors',
    async () => {
      const browser = await openBrowser(server!.url);
      opened.push(browser);
      screenshotOnFailure('smoke-crawl-no-pages', browser);
      const watch = new Watch(browser, new URL(server!.url).origin, '');
      for (const username of WITHOUT_PAGES) {
        watch.role = username;
        watch.current = { role: username, path: '/', via: 'login' };
        await signIn(browser.page, username, DEMO_PASSWORD, '/');
        visits.push({ role: username, path: '/', via: 'login' });
        await watch.settled();
        await browser.page.getByTestId('no-workspace').waitFor();
        // Signed out for the next one: the next sign-in starts with a fresh load of /login.
        await browser.context.clearCookies();
      }
      watch.chargeBrowserErrors();
      expect(watch.findings.map((f) => `[${f.role}] ${f.page}: ${f.what}`)).toEqual([]);
      await browser.close();
    },
    BROWSER_TIMEOUT,
  );
});
