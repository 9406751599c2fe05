import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_PASSWORD } from '../../infrastructure/seed/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, serverNow, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, signIn, unexpectedErrors, type UserBrowser } from './browser.js';

/** The leader's analytics page: KPIs from the warehouse and an ECharts bar chart on a canvas. */
describe('leader analytics page', () => {
  let server: TestServer | undefined;
  let leader: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    leader = await openBrowser(server.url);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await leader?.close();
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    'lands the leader on /leader with a drawn chart and a case total above zero',
    async () => {
      screenshotOnFailure('leader-chart', leader);
      const page = leader!.page;
      await signIn(page, 'leader', DEMO_PASSWORD, '/leader');

      const canvas = page.getByTestId('leader-chart').locator('canvas');
      await canvas.first().waitFor({ state: 'visible' });
      const box = await canvas.first().boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
      expect(box?.height ?? 0).toBeGreaterThan(100);

      const total = page.getByTestId('kpi-total').locator('.kpi-value');
      await expect.poll(async () => Number((await total.textContent())?.trim()), { timeout: 15_000 }).toBeGreaterThan(0);

      // ECharts draws asynchronously: wait until the canvas holds bars, not just a blank bitmap.
      await page.waitForFunction(
        `(() => {
          const canvas = document.querySelector('[data-testid="leader-chart"] canvas');
          if (!canvas || !canvas.width || !canvas.height) return false;
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4 * 16) if (data[i] > 0) painted++;
          return painted > 200;
        })()`,
        undefined,
        { timeout: 15_000 },
      );
      expect(await page.getByTestId('leader-table').locator('tbody tr').count()).toBeGreaterThan(0);

      await screenshot(page, 'leader-chart-1-analytics-page');
      expect(unexpectedErrors(leader!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
