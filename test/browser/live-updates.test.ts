import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_PASSWORD } from '../../infrastructure/seed/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, serverNow, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, signIn, unexpectedErrors, type UserBrowser } from './browser.js';

/**
 * Two people at once: a supervisor keeps the staff case list open while a market window clerk
 * accepts a case elsewhere; the supervisor's row changes over SSE without a reload.
 */
describe('live updates on the staff case list', () => {
  let server: TestServer | undefined;
  let supervisor: UserBrowser | undefined;
  let clerk: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    [supervisor, clerk] = await Promise.all([openBrowser(server.url), openBrowser(server.url)]);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await Promise.all([supervisor?.close(), clerk?.close()]);
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    "shows a case accepted by the window clerk on the supervisor's open list without a reload",
    async () => {
      screenshotOnFailure('live-updates', supervisor, clerk);
      const sup = supervisor!.page;
      const win = clerk!.page;

      // The supervisor opens the list of all departments and stays on it.
      await signIn(sup, 'supervisor', DEMO_PASSWORD, '/cases');
      await sup.getByTestId('case-table').waitFor();
      await sup.getByTestId('live-indicator').waitFor();
      // A marker that a reload would wipe.
      await sup.evaluate('window.__sameDocument = true');

      // A submitted market case that is on the supervisor's first page.
      const submittedMarketRow = sup
        .locator('tr[data-testid^="case-row-"]')
        .filter({ has: sup.locator('[data-testid="case-status"][data-status="submitted"]') })
        .filter({ hasText: '市场监督管理局' })
        .first();
      await submittedMarketRow.waitFor();
      const caseNo = (await submittedMarketRow.getAttribute('data-testid'))!.slice('case-row-'.length);
      const caseId = (await submittedMarketRow.getAttribute('data-case-id'))!;
      const supervisorStatus = sup.getByTestId(`case-row-${caseNo}`).getByTestId('case-status');
      expect(await supervisorStatus.getAttribute('data-status')).toBe('submitted');

      // The clerk finds it through the list filtered to submitted cases and opens it.
      await signIn(win, 'market.window', DEMO_PASSWORD, '/cases');
      await win.getByTestId('filter-status').selectOption('submitted');
      await win.waitForURL((url) => url.searchParams.get('status') === 'submitted');
      const clerkRow = win.getByTestId(`case-row-${caseNo}`);
      await clerkRow.waitFor();
      expect(await clerkRow.getByTestId('case-status').getAttribute('data-status')).toBe('submitted');
      await clerkRow.getByTestId('case-link').click();
      await win.waitForURL((url) => url.pathname === `/cases/${caseId}`);
      expect((await win.getByTestId('case-no').textContent())?.trim()).toBe(caseNo);

      // An online application is pre-reviewed before it is accepted; a window or kiosk one is not.
      await win.locator('[data-testid="action-accept"], [data-testid="form-pre-review"]').first().waitFor();
      if ((await win.getByTestId('form-pre-review').count()) > 0) {
        await win.getByTestId('pre-review-opinion').fill('材料齐全，符合法定形式');
        await win.getByTestId('action-pre-review').click();
      }
      await win.getByTestId('action-accept').click();
      await win.getByTestId('action-notice').waitFor();
      await expect
        .poll(async () => (await server!.login('supervisor', DEMO_PASSWORD)).get(`/api/cases/${caseId}`).then((a) => a.body?.status), {
          timeout: 10_000,
        })
        .toBe('accepted');

      // The supervisor's page, untouched, follows.
      await expect.poll(() => supervisorStatus.getAttribute('data-status'), { timeout: 20_000, interval: 200 }).toBe('accepted');
      expect(await sup.evaluate('window.__sameDocument')).toBe(true);
      expect(new URL(sup.url()).pathname).toBe('/cases');

      await screenshot(win, 'live-updates-1-window-clerk-accepted-case');
      await screenshot(sup, 'live-updates-2-supervisor-list-after-live-update');
      expect(unexpectedErrors(supervisor!)).toEqual([]);
      expect(unexpectedErrors(clerk!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
