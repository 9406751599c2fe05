import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../infrastructure/seed/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, openBrowser, requireUiBuild, screenshotOnFailure, serverNow, signIn, unexpectedErrors, type UserBrowser } from './browser.js';
import { classification, ensureClassification } from './hotline-fixtures.js';

/** Records in the page whether the element ever takes the `flash` class: it holds it for under two seconds. */
const watchFlash = (testid: string) => `(() => {
  const element = document.querySelector('[data-testid="${testid}"]');
  window.__flashed = false;
  new MutationObserver(() => {
    if (element.classList.contains('flash')) window.__flashed = true;
  }).observe(element, { attributes: true, attributeFilter: ['class'] });
})()`;

/** An open case page and an open ticket page follow a step taken elsewhere, without a reload, and flash their header. */
describe('live updates on an open case or ticket', () => {
  let server: TestServer | undefined;
  let supervisor: UserBrowser | undefined;
  let operator: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    [supervisor, operator] = await Promise.all([openBrowser(server.url), openBrowser(server.url)]);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await Promise.all([supervisor?.close(), operator?.close()]);
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    "the supervisor's open case page shows the window's acceptance",
    async () => {
      screenshotOnFailure('live-detail-case', supervisor);
      const clerk = await server!.login('market.window', DEMO_PASSWORD);
      const submitted = (await clerk.get('/api/cases?status=submitted&limit=100')).body as { items: { caseId: string }[] };
      let caseId: string | undefined;
      for (const { caseId: id } of submitted.items) {
        const detail = (await clerk.get(`/api/cases/${id}`)).body as { allowedActions: string[]; missingMaterials: string[] };
        if (detail.allowedActions.includes('accept') && detail.missingMaterials.length === 0) {
          caseId = id;
          break;
        }
      }
      expect(caseId, 'a submitted market case ready to accept').toBeDefined();

      const sup = supervisor!.page;
      await signIn(sup, 'supervisor', DEMO_PASSWORD, '/cases');
      await sup.goto(`/cases/${caseId}`);
      await sup.getByTestId('case-header').waitFor();
      await sup.getByTestId('live-indicator').waitFor();
      expect(await sup.getByTestId('case-status').getAttribute('data-status')).toBe('submitted');
      await sup.evaluate('window.__sameDocument = true');
      await sup.evaluate(watchFlash('case-header'));

      const accepted = await clerk.post(`/api/cases/${caseId}/accept`);
      expect(accepted.status, JSON.stringify(accepted.body)).toBeLessThan(300);

      await expect.poll(() => sup.getByTestId('case-status').getAttribute('data-status'), { timeout: 20_000, interval: 200 }).toBe('accepted');
      await expect.poll(() => sup.evaluate('window.__flashed'), { timeout: 5_000 }).toBe(true);
      expect(await sup.evaluate('window.__sameDocument')).toBe(true);
      expect(unexpectedErrors(supervisor!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    "the operator's open ticket page shows the dispatch",
    async () => {
      screenshotOnFailure('live-detail-ticket', operator);
      const center = await server!.login('operator', DEMO_PASSWORD);
      await ensureClassification(center);
      const registered = await center.post('/api/hotline/tickets', {
        type: 'complaint',
        channel: 'phone',
        urgency: 'normal',
        caller: { name: '李四', phone: '13800001111' },
        content: '小区门口的超市卖过期食品，请市场监管部门查处。',
        ...(await classification(center)),
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const { id } = registered.body as { id: string };

      const page = operator!.page;
      await signIn(page, 'operator', DEMO_PASSWORD, '/hotline');
      await page.goto(`/hotline/tickets/${id}`);
      await page.getByTestId('ticket-header').waitFor();
      await page.getByTestId('live-indicator').waitFor();
      const before = await page.getByTestId('ticket-status').getAttribute('data-status');
      expect(before).not.toBe('dispatched');
      await page.evaluate('window.__sameDocument = true');
      await page.evaluate(watchFlash('ticket-header'));

      const dispatched = await center.post(`/api/hotline/tickets/${id}/dispatch`, { department: 'market' });
      expect(dispatched.status, JSON.stringify(dispatched.body)).toBeLessThan(300);

      await expect.poll(() => page.getByTestId('ticket-status').getAttribute('data-status'), { timeout: 20_000, interval: 200 }).toBe('dispatched');
      await expect.poll(() => page.evaluate('window.__flashed'), { timeout: 5_000 }).toBe(true);
      expect(await page.getByTestId('ticket-department').getAttribute('data-department')).toBe('market');
      expect(await page.evaluate('window.__sameDocument')).toBe(true);
      expect(unexpectedErrors(operator!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
