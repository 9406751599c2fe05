import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../infrastructure/seed/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, serverNow, signIn, unexpectedErrors, type UserBrowser } from './browser.js';
import { classification, ensureClassification } from './hotline-fixtures.js';

/**
 * 部门工单: the market department's hotline desk sees a ticket dispatched to it with its sign clock,
 * signs for it, asks for an extension and replies; a second ticket it returns with a reason.
 */
describe('12345 department desk', () => {
  let server: TestServer | undefined;
  let center: UserBrowser | undefined;
  let handler: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    [center, handler] = await Promise.all([openBrowser(server.url), openBrowser(server.url)]);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await Promise.all([center?.close(), handler?.close()]);
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    'signs for a dispatched ticket, asks for more time, replies, and returns another with a reason',
    async () => {
      screenshotOnFailure('hotline-desk', center, handler);
      const operator = await server!.login('operator', DEMO_PASSWORD);
      await ensureClassification(operator);
      const where = await classification(operator);
      const register = async (content: string, dispatch = true) => {
        const answer = await operator.post('/api/hotline/tickets', {
          type: 'complaint',
          channel: 'phone',
          urgency: 'normal',
          caller: { name: '李四', phone: '13800001111' },
          content,
          ...where,
        });
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        const { id, number } = answer.body as { id: string; number: string };
        if (dispatch) {
          const dispatched = await operator.post(`/api/hotline/tickets/${id}/dispatch`, { department: 'market' });
          expect(dispatched.status, JSON.stringify(dispatched.body)).toBeLessThan(300);
        }
        return { id, number };
      };
      const first = await register('小区门口的超市卖过期食品，请市场监管部门查处。', false);
      const second = await register('楼下饭店油烟很大，影响居民生活。');

      // The center dispatches the first: the suggestion (if the city has one) comes chosen; market leads, housing helps.
      const desk = center!.page;
      await signIn(desk, 'operator', DEMO_PASSWORD, '/hotline');
      await desk.goto(`/hotline/tickets/${first.id}`);
      const suggestion = desk.getByTestId('dispatch-suggestion');
      await suggestion.waitFor();
      const suggested = await suggestion.getAttribute('data-department');
      if (suggested) await expect.poll(() => desk.getByTestId('dispatch-department').inputValue()).toBe(suggested);
      await desk.getByTestId('dispatch-department').selectOption('market');
      await desk.getByTestId('dispatch-co-housing').check();
      await desk.getByTestId('dispatch-note').fill('请核查并依法处理');
      await screenshot(desk, 'hotline-desk-0-dispatch');
      await desk.getByTestId('dispatch-submit').click();
      await expect.poll(() => desk.getByTestId('ticket-status').getAttribute('data-status')).toBe('dispatched');
      expect(await desk.getByTestId('ticket-department').getAttribute('data-department')).toBe('market');
      // Nobody has signed yet; the sign clock counts down by the server's clock (a fixed Monday), not the browser's.
      expect(await desk.getByTestId('unsigned-mark').count()).toBe(2);
      expect(await desk.getByTestId('ticket-deadline-sign').textContent()).toContain('剩余');
      // The center's page stays open from here on: it follows the department's steps live.
      await desk.evaluate('window.__sameDocument = true');

      // The desk: both tickets, waiting to be signed for, with the sign clock running.
      const page = handler!.page;
      await signIn(page, 'market.handler', DEMO_PASSWORD, '/hotline/desk');
      const row = page.getByTestId(`ticket-row-${first.number}`);
      await row.waitFor();
      await page.getByTestId(`ticket-row-${second.number}`).waitFor();
      expect(await row.getByTestId('ticket-deadline').getAttribute('data-stage')).toBe('sign');
      expect(['green', 'yellow', 'red']).toContain(await row.getByTestId('ticket-deadline').getAttribute('data-light'));
      // Fresh tickets: time left by the server's clock (the browser's runs weeks later).
      expect(await row.getByTestId('ticket-deadline').textContent()).toContain('剩余');
      // The department handling it sees the caller in full.
      expect(await row.getByTestId('ticket-caller').textContent()).toContain('李*');
      await screenshot(page, 'hotline-desk-1-list');

      // Sign for the first from the list; it moves on to the finish clock.
      await row.getByTestId('desk-sign').click();
      await expect.poll(() => row.getAttribute('data-status')).toBe('signed');
      await expect.poll(() => row.getByTestId('ticket-deadline').getAttribute('data-stage')).toBe('finish');
      // The market has signed; the housing department, helping, has not (signedBy).
      await expect.poll(() => desk.getByTestId('ticket-status').getAttribute('data-status'), { timeout: 20_000, interval: 200 }).toBe('signed');
      expect(await desk.getByTestId('signed-mark').getAttribute('data-department')).toBe('market');
      expect(await desk.getByTestId('unsigned-mark').getAttribute('data-department')).toBe('housing');
      expect(await desk.evaluate('window.__sameDocument')).toBe(true);
      await screenshot(desk, 'hotline-desk-1b-center-sees-signed-live');

      // A ticket dispatched meanwhile turns up on the open desk without a reload.
      await page.evaluate('window.__sameDocument = true');
      const third = await register('菜市场电子秤缺斤短两，请查处。');
      await page.getByTestId(`ticket-row-${third.number}`).waitFor({ timeout: 20_000 });
      expect(await page.evaluate('window.__sameDocument')).toBe(true);

      // On its page: ask for two more working days, then reply.
      await row.getByTestId('ticket-link').click();
      await page.waitForURL((url) => url.pathname === `/hotline/tickets/${first.id}`);
      expect(await page.getByTestId('ticket-caller').textContent()).toContain('13800001111');
      await page.getByTestId('extension-days').fill('2');
      await page.getByTestId('extension-reason').fill('需要抽检送检，检验报告需 7 个工作日');
      await page.getByTestId('action-request-extension').click();
      await page.getByTestId('extension-requested').waitFor();
      await page.getByTestId('reply-content').fill('经现场检查，该超市下架过期食品 12 件，已立案调查并责令整改。');
      await page.getByTestId('action-reply').click();
      await expect.poll(() => page.getByTestId('ticket-status').getAttribute('data-status')).toBe('replied');
      await page.getByTestId('ticket-reply').waitFor();
      await screenshot(page, 'hotline-desk-2-replied');

      // The second: returned before signing, with the reason.
      await page.goto(`/hotline/tickets/${second.id}`);
      await page.getByTestId('return-reason').fill('油烟扰民属生态环境部门职责，请改派');
      await page.getByTestId('action-return').click();
      // Returned, it is back with the center: the department no longer sees it.
      await page.getByTestId('ticket-gone').waitFor();
      await screenshot(page, 'hotline-desk-3-returned');

      expect(unexpectedErrors(center!)).toEqual([]);
      expect(unexpectedErrors(handler!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
