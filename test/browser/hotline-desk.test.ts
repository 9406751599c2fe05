import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../infrastructure/seed/demo.js';
import { settle, startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, serverNow, signIn, unexpectedErrors, type UserBrowser } from './browser.js';
import { classification, ensureClassification } from './hotline-fixtures.js';

/**
 * 部门工单: the market department's hotline desk sees a ticket dispatched to it with its sign clock,
 * signs for it, asks for an extension and replies; a second ticket it returns with a reason. Then the
 * center calls back a replied ticket (是否解决, 是否满意), and the measures count the answer.
 */
describe('12345 department desk', () => {
  let server: TestServer | undefined;
  let center: UserBrowser | undefined;
  let handler: UserBrowser | undefined;
  let caller: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    [center, handler] = await Promise.all([openBrowser(server.url), openBrowser(server.url)]);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await Promise.all([center?.close(), handler?.close(), caller?.close()]);
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

  it(
    'the center calls back a replied ticket: 是否解决 must be answered, the answer shows on the ticket and counts in 解决率 beside 按期办结率',
    async () => {
      caller = await openBrowser(server!.url);
      screenshotOnFailure('hotline-callback', caller);
      const operator = await server!.login('operator', DEMO_PASSWORD);
      const market = await server!.login('market.handler', DEMO_PASSWORD);
      await ensureClassification(operator);
      const registered = await operator.post('/api/hotline/tickets', {
        type: 'complaint',
        channel: 'phone',
        urgency: 'normal',
        caller: { name: '陈五', phone: '13800002222' },
        content: '夜市摊贩占道经营，油烟和噪音扰民，请市场监管部门处理。',
        ...(await classification(operator)),
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const { id } = registered.body as { id: string };
      for (const [who, step, body] of [
        [operator, 'dispatch', { department: 'market' }],
        [market, 'sign', {}],
        [market, 'reply', { content: '已约谈摊贩并规定经营时段，安排夜间巡查。' }],
      ] as const) {
        const answer = await who.post(`/api/hotline/tickets/${id}/${step}`, body);
        expect(answer.status, `${step}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      }
      await settle(server!);
      type Totals = { total: { resolutionBase: number; resolved: number; finishBase: number; finishedOnTime: number; finishRate: number | null }; definitions: Record<string, { zh: string }> };
      const measures = async () => (await operator.get('/api/hotline/measures?by=department')).body as Totals;
      const before = (await measures()).total;

      const page = caller.page;
      await signIn(page, 'operator', DEMO_PASSWORD, '/hotline');
      await page.goto(`/hotline/tickets/${id}`);
      await expect.poll(() => page.getByTestId('ticket-status').getAttribute('data-status')).toBe('replied');
      const form = page.getByTestId('callback-form');
      await form.waitFor();
      const callbacks: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/callback')) callbacks.push(r.url());
      });

      // Satisfied, but 是否解决 not asked: the form says so, puts the cursor there, and sends nothing.
      await page.getByTestId('callback-satisfied').check();
      const head = await server!.server.engines.events.headPosition();
      await page.getByTestId('action-callback').click();
      await page.getByTestId('callback-resolved-needed').waitFor();
      expect(await page.getByTestId('callback-result-needed').count()).toBe(0);
      expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('callback-resolved-yes');
      await screenshot(page, 'hotline-callback-1-resolved-needed');
      await settle(server!);
      expect(callbacks).toEqual([]);
      expect(await server!.server.engines.events.headPosition()).toBe(head);
      expect(((await operator.get(`/api/hotline/tickets/${id}`)).body as { lastCallback?: unknown }).lastCallback).toBeUndefined();

      // By the keyboard: the arrow moves to 未解决 and chooses it; the marker goes.
      await page.keyboard.press('ArrowDown');
      expect(await page.getByTestId('callback-resolved-no').isChecked()).toBe(true);
      expect(await page.getByTestId('callback-resolved-needed').count()).toBe(0);
      await page.getByTestId('action-callback').click();

      // Satisfied but not solved: the ticket waits to be closed and shows both answers.
      const resolved = page.getByTestId('ticket-callback-resolved');
      await resolved.waitFor();
      expect(await resolved.getAttribute('data-resolved')).toBe('false');
      expect(await resolved.textContent()).toContain('未解决');
      expect(await page.getByTestId('ticket-callback-result').getAttribute('data-result')).toBe('satisfied');
      expect(await page.getByTestId('ticket-status').getAttribute('data-status')).toBe('replied');
      await expect.poll(() => page.getByTestId('timeline-entry').filter({ hasText: '回访' }).last().textContent()).toContain('回访：未解决，满意');
      expect(callbacks).toHaveLength(1);
      const stored = (await operator.get(`/api/hotline/tickets/${id}`)).body as { lastCallback?: { resolved?: boolean; result: string } };
      expect(stored.lastCallback).toMatchObject({ resolved: false, result: 'satisfied' });
      await screenshot(page, 'hotline-callback-2-recorded');

      // The center's measures: one more answered 是否解决, none more solved; 按期办结率 beside the three rates.
      await settle(server!);
      const after = await measures();
      expect(after.total.resolutionBase).toBe(before.resolutionBase + 1);
      expect(after.total.resolved).toBe(before.resolved);
      await page.goto('/hotline/center');
      const resolution = page.getByTestId('kpi-resolution-rate');
      await resolution.waitFor();
      expect(await resolution.textContent()).toContain(`${after.total.resolved} / ${after.total.resolutionBase}`);
      const finish = page.getByTestId('kpi-finish-rate');
      expect(await finish.getAttribute('title')).toBe(after.definitions.finishRate!.zh);
      expect(await finish.textContent()).toContain('按期办结率');
      expect(await finish.textContent()).toContain(`${after.total.finishedOnTime} / ${after.total.finishBase}`);
      const rate = after.total.finishRate === null ? '—' : `${(after.total.finishRate * 100).toFixed(1)}%`;
      expect(await finish.locator('.kpi-value').textContent()).toBe(rate);
      expect(await page.getByTestId('measures-table').locator('thead').textContent()).toContain('按期办结率');
      await finish.scrollIntoViewIfNeeded();
      await screenshot(page, 'hotline-callback-3-center-rates');

      expect(unexpectedErrors(caller)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
