// Looks at the built UI against the stub API: walks the main pages in headless Chromium, checks a
// few behaviours on the way and writes screenshots to ui/dev/screenshots/.
//
//   cd ui && npx vite build && node dev/screenshots.mjs
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const PORT = Number(process.env.PORT ?? 4179);
const BASE = `http://localhost:${PORT}`;
const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(here, 'screenshots');
mkdirSync(out, { recursive: true });

const server = spawn(process.execPath, [join(here, 'stub-server.mjs')], { env: { ...process.env, PORT: String(PORT) }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((ok) => server.stdout.once('data', ok));

const profile = mkdtempSync(join(tmpdir(), 'govhall-ui-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1366, height: 768 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? (await context.newPage());
const problems = [];
// 401s are expected: the session probe before login, and the wrong password.
page.on('console', (m) => m.type() === 'error' && !m.text().includes('401') && problems.push(`console: ${m.text()}`));
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) process.exitCode = 1;
};
const shot = (name, full = false) => page.screenshot({ path: join(out, `${name}.png`), fullPage: full });
const noHorizontalScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function login(username) {
  await page.goto(`${BASE}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('pass');
  await page.getByTestId('login-password').press('Enter');
}
async function logout() {
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('logout').click();
  await page.waitForURL(`${BASE}/login`);
}

try {
  // Not signed in: "/" goes to the login page.
  await page.goto(`${BASE}/`);
  await page.waitForURL(`${BASE}/login`);
  await page.getByTestId('login-submit').waitFor();
  check(await page.getByTestId('login-username').evaluate((el) => el === document.activeElement), 'login: username has focus');
  await shot('01-login');

  await page.getByTestId('login-username').fill('window');
  await page.getByTestId('login-password').fill('wrong');
  await page.getByTestId('login-password').press('Enter');
  await page.getByTestId('login-error').waitFor();
  check((await page.getByTestId('login-error').textContent())?.includes('用户名或密码错误'), 'login: API error shown in Chinese');
  await shot('02-login-error');

  // Window staff: lands on /cases, live indicator on.
  await page.getByTestId('login-password').fill('pass');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${BASE}/cases`);
  await page.getByTestId('case-table').waitFor();
  await page.getByTestId('live-indicator').waitFor();
  check(true, 'window staff: /cases with live indicator');
  check(await noHorizontalScroll(), 'cases: no horizontal scroll at 1366');
  await shot('03-cases');

  // A change elsewhere updates a row in place.
  const row = page.locator('[data-testid^="case-row-"]').filter({ has: page.locator('[data-status="submitted"]') }).first();
  const caseId = await row.getAttribute('data-case-id');
  const caseNo = (await row.getAttribute('data-testid')).slice('case-row-'.length);
  await fetch(`${BASE}/api/__stub/touch/${caseId}`, { method: 'POST' });
  await page.locator(`[data-testid="case-row-${caseNo}"] [data-testid="case-status"][data-status="accepted"]`).waitFor({ timeout: 5000 });
  check(await page.locator(`[data-testid="case-row-${caseNo}"]`).evaluate((el) => el.classList.contains('flash')), 'live: row updated in place and highlighted');
  await shot('04-cases-live-update');

  // Filters and paging.
  await page.getByTestId('filter-light').selectOption('red');
  await page.waitForURL(/light=red/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="case-due"]')].every((e) => e.getAttribute('data-light') === 'red'));
  check((await page.locator('[data-testid="case-due"]').count()) > 0, 'filter: overdue only');
  await page.getByTestId('filter-reset').click();
  await page.waitForURL(`${BASE}/cases`);
  const before = await page.locator('[data-testid^="case-row-"]').count();
  await page.getByTestId('cases-more').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="case-row-"]').length > n, before);
  check(true, 'paging: more appends rows');

  // Detail of a submitted case: accept it.
  const submitted = page.locator('[data-testid^="case-row-"]').filter({ has: page.locator('[data-status="submitted"]') }).first();
  await submitted.getByTestId('case-link').click();
  await page.getByTestId('case-header').waitFor();
  await shot('05-case-detail', true);
  // A double click acts once: one request, one idempotency key.
  const acceptCalls = [];
  page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/accept') && acceptCalls.push(r.headers()['idempotency-key']));
  await page.getByTestId('action-accept').dblclick();
  await page.locator('[data-testid="case-status"][data-status="accepted"]').waitFor();
  check(acceptCalls.length === 1 && /^[0-9a-f-]{36}$/.test(acceptCalls[0]), `accept: double click sent ${acceptCalls.length} request(s) with an idempotency key`);
  await page.getByTestId('action-notice').waitFor();
  check((await page.getByTestId('action-accept').count()) === 0, 'accept: status accepted, button gone');
  const acceptedUrl = page.url();
  await shot('06-case-accepted');
  await logout();

  // Reviewer: deny needs reasons.
  await login('reviewer');
  await page.waitForURL(`${BASE}/cases`);
  await page.goto(acceptedUrl);
  await page.getByTestId('action-decide-deny').click();
  await page.getByTestId('reasons-error').waitFor();
  check(await page.getByTestId('decision-reasons').evaluate((el) => el === document.activeElement), 'deny: empty reasons refused, textarea focused');
  await page.getByTestId('decision-reasons').fill('申请材料中经营场所证明与实际不符。');
  await page.getByTestId('action-decide-deny').click();
  await page.locator('[data-testid="case-status"][data-status="denied"]').waitFor();
  await page.getByTestId('case-decision').waitFor();
  await shot('07-case-denied', true);
  await logout();

  // Leader: chart and KPIs.
  await login('leader');
  await page.waitForURL(`${BASE}/leader`);
  await page.locator('[data-testid="leader-chart"] canvas, [data-testid="leader-empty"]').first().waitFor();
  await page.waitForTimeout(800);
  check(await noHorizontalScroll(), 'leader: no horizontal scroll');
  await shot('08-leader');
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('lang-en').click();
  await page.keyboard.press('Escape');
  await page.waitForTimeout(600);
  check((await page.getByTestId('kpi-on-time-rate').textContent())?.includes('On-time rate'), 'language: switched to English');
  await shot('09-leader-en');
  await logout();

  // English is remembered; applicant sees their own cases.
  await login('applicant');
  await page.waitForURL(`${BASE}/my/cases`);
  await page.locator('[data-testid^="case-row-"]').first().waitFor();
  check((await page.locator('h1').textContent())?.includes('My cases'), 'language: remembered after logout');
  await shot('10-my-cases-en');
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('lang-zh-CN').click();
  await page.keyboard.press('Escape');
  await logout();

  // Tablet.
  await page.setViewportSize({ width: 768, height: 1024 });
  await login('supervisor');
  await page.waitForURL(`${BASE}/cases`);
  await page.getByTestId('case-table').waitFor();
  check(await noHorizontalScroll(), 'tablet: no horizontal scroll on /cases');
  await shot('11-cases-tablet');
  await page.locator('[data-testid^="case-row-"]').first().getByTestId('case-link').click();
  await page.getByTestId('case-header').waitFor();
  check(await noHorizontalScroll(), 'tablet: no horizontal scroll on a case');
  await shot('12-case-tablet');
  await page.goto(`${BASE}/catalog`);
  await page.getByTestId('catalog-table').waitFor();
  await page.setViewportSize({ width: 1366, height: 768 });
  await shot('13-catalog');
} catch (error) {
  problems.push(String(error?.stack ?? error));
  await shot('zz-failure').catch(() => {});
  process.exitCode = 1;
} finally {
  for (const p of problems) console.log(`PROBLEM ${p}`);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  server.kill();
}
