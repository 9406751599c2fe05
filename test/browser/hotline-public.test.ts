import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../infrastructure/seed/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, serverNow, signIn, unexpectedErrors, type UserBrowser } from './browser.js';

/**
 * The public side of the 12345 hotline, without an account: submit a request, follow it by its
 * number, read the published replies; and the center's view of the same city, with its charts.
 */
describe('12345 public pages and the center view', () => {
  let server: TestServer | undefined;
  let citizen: UserBrowser | undefined;
  let supervisor: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    [citizen, supervisor] = await Promise.all([openBrowser(server.url), openBrowser(server.url)]);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await Promise.all([citizen?.close(), supervisor?.close()]);
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    'a citizen submits a request on the web and checks it by number; a supervisor sees the lists and the three rates',
    async () => {
      screenshotOnFailure('hotline-public', citizen, supervisor);
      const page = citizen!.page;

      await page.goto('/public/hotline');
      await page.getByTestId('public-form').waitFor();
      expect(await page.getByTestId('public-nav').count()).toBe(1);
      // Nothing typed: the form says what is missing, and sends nothing.
      await page.getByTestId('public-submit').click();
      expect(await page.locator('#pub-content[aria-invalid="true"]').count()).toBe(1);

      await page.getByTestId('public-type').selectOption('suggestion');
      await page.getByTestId('public-content').fill('建议在滨江公园增设夜间照明，方便市民晚上散步。');
      await expect.poll(() => page.getByTestId('public-category-select').locator('option').count()).toBeGreaterThan(1);
      await page.getByTestId('public-category-filter').fill('路灯');
      await page.getByTestId('public-category-filter').press('Enter');
      await page.getByTestId('public-district').selectOption({ label: '滨江区' });
      await page.getByTestId('public-phone').fill('13700002222');
      await page.getByTestId('public-submit').click();
      const number = (await page.getByTestId('public-number').textContent())!.trim();
      expect(number).toMatch(/^12345-20261102-\d{4,}$/);
      await screenshot(page, 'hotline-public-1-submitted');

      // Follow it by its number: registered, no reply yet, and no personal data on the page.
      await page.getByTestId('public-check-link').click();
      await page.waitForURL((url) => url.pathname === '/public/hotline/check');
      await page.getByTestId('check-result').waitFor();
      expect(await page.getByTestId('check-status').getAttribute('data-status')).toBe('registered');
      await page.getByTestId('check-no-reply').waitFor();
      expect(await page.getByTestId('check-result').textContent()).not.toContain('13700002222');
      await page.getByTestId('check-number').fill('12345-20000101-9999');
      await page.getByTestId('check-submit').click();
      await page.getByTestId('check-not-found').waitFor();

      // Published replies (the demo city has some, anonymised).
      await page.goto('/public/hotline/published');
      await page.locator('[data-testid="published-list"], [data-testid="published-empty"]').first().waitFor();
      await screenshot(page, 'hotline-public-2-published');

      // The center: overdue, returned and unsatisfied lists, and the measures from the warehouse.
      const sup = supervisor!.page;
      await signIn(sup, 'supervisor', DEMO_PASSWORD, '/cases');
      await sup.getByTestId('nav-hotline-center').click();
      await sup.waitForURL((url) => url.pathname === '/hotline/center');
      for (const list of ['overdue', 'returned', 'unsatisfied']) await sup.getByTestId(`center-${list}`).waitFor();
      // "超时 …" counts from the server's clock (the fixed Monday), not the browser's, which runs weeks later.
      const overdueClocks = sup.getByTestId('center-overdue-table').getByTestId('ticket-deadline');
      await overdueClocks.first().waitFor();
      for (const clock of await overdueClocks.all()) {
        expect(await clock.getAttribute('data-light')).toBe('red');
        const due = Date.parse(`${(await clock.getAttribute('title'))!.replace(' ', 'T')}:00+08:00`);
        const minutes = Math.floor((Date.parse(serverNow()) - due) / 60_000);
        const [days, hours] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60)];
        const late = days ? `超时 ${days}天${hours ? `${hours}小时` : ''}` : `超时 ${hours ? `${hours}小时` : ''}`;
        expect(await clock.textContent()).toContain(late);
      }
      await sup.locator('[data-testid="measures-kpis"], [data-testid="measures-error"]').first().waitFor();
      expect(await sup.getByTestId('measures-error').count()).toBe(0);
      await sup.getByTestId('rates-chart').locator('canvas').waitFor();
      await screenshot(sup, 'hotline-public-3-center');
      await sup.getByTestId('rates-chart').scrollIntoViewIfNeeded();
      await screenshot(sup, 'hotline-public-4-three-rates');
      await sup.getByTestId('hot-chart').scrollIntoViewIfNeeded();
      await screenshot(sup, 'hotline-public-5-hot-topics');

      expect(unexpectedErrors(citizen!, ['http 404 GET /api/public/hotline/requests/12345-20000101-9999'])).toEqual([]);
      expect(unexpectedErrors(supervisor!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
