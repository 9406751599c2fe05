import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../infrastructure/seed/demo.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, serverNow, signIn, unexpectedErrors, type UserBrowser } from './browser.js';
import { classification, ensureClassification } from './hotline-fixtures.js';

const CALLER_PHONE = '13912345678';

async function chooseFirst(page: Page, testid: string): Promise<string> {
  const select = page.getByTestId(testid);
  await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
  const value = (await select.locator('option').nth(1).getAttribute('value'))!;
  await select.selectOption(value);
  return value;
}

/**
 * 直办 from the knowledge base: an operator takes a call, registers it with the keyboard-friendly
 * form, searches the knowledge base beside it, answers the caller with an article, and the ticket
 * shows as answered with that article recorded.
 */
describe('12345 operator answers a call from the knowledge base', () => {
  let server: TestServer | undefined;
  let operator: UserBrowser | undefined;
  let colleague: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    await ensureClassification(await server.login('operator', DEMO_PASSWORD));
    operator = await openBrowser(server.url);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await Promise.all([operator?.close(), colleague?.close()]);
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    'registers the call, finds 社保卡补办 in the knowledge base, answers with it, and the ticket records the article',
    async () => {
      screenshotOnFailure('hotline-operator', operator);
      const page = operator!.page;

      // The operator's home is the hotline console.
      await signIn(page, 'operator', DEMO_PASSWORD, '/hotline');
      await page.getByTestId('hl-form').waitFor();
      expect(await page.getByTestId('nav-hotline').getAttribute('aria-current')).toBe('page');
      expect(await page.getByTestId('nav-knowledge').count()).toBe(1);

      // The call: the phone number first (the caller's history follows), then what they ask.
      await page.getByTestId('hl-caller-phone').fill(CALLER_PHONE);
      await page.getByTestId('hl-caller-name').fill('王小明');
      await page.getByTestId('hl-type').selectOption('consultation');
      await page.getByTestId('hl-content').fill('我的社保卡丢了，想问一下怎么补办，需要带什么材料？');
      // The category tree: typing in the filter and Enter picks the first match (社保 / 医疗保险).
      await expect.poll(() => page.getByTestId('hl-category-select').locator('option').count()).toBeGreaterThan(1);
      await page.getByTestId('hl-category-filter').fill('社保');
      await page.getByTestId('hl-category-filter').press('Enter');
      await expect.poll(() => page.getByTestId('hl-category-select').inputValue()).not.toBe('');
      expect(await page.getByTestId('hl-category-path').textContent()).toContain('社保');
      await chooseFirst(page, 'hl-district');
      await page.getByTestId('caller-history-empty').waitFor();
      // The duplicate check has run on what was typed (the demo city may or may not have a similar call).
      await page.locator('[data-testid="duplicates-empty"], [data-testid="duplicate"]').first().waitFor();

      // The knowledge base beside the form: search, read, choose.
      await page.getByTestId('kb-search').fill('社保卡 补办');
      const hit = page.getByTestId('kb-hit').filter({ hasText: '社保卡丢失了怎么补办' }).first();
      await hit.waitFor();
      const articleId = (await hit.getAttribute('data-article-id'))!;
      await screenshot(page, 'hotline-1-console-knowledge-search');
      await hit.getByTestId('kb-use').click();

      // The answer box takes the article's text; the operator answers (this registers the call too).
      const answer = page.getByTestId('answer-form');
      await answer.waitFor();
      expect(await answer.getByTestId('answer-article').getAttribute('data-article-id')).toBe(articleId);
      await expect.poll(() => page.getByTestId('answer-text').inputValue()).toContain('挂失');
      await screenshot(page, 'hotline-2-console-answer-with-article');
      await page.getByTestId('answer-submit').click();

      // The ticket's page: answered directly, with the article and its version.
      await page.waitForURL((url) => /^\/hotline\/tickets\/[^/]+$/.test(url.pathname));
      await expect.poll(() => page.getByTestId('ticket-status').getAttribute('data-status')).toBe('answered');
      const number = (await page.getByTestId('ticket-number').textContent())!.trim();
      expect(number).toMatch(/^12345-20261102-\d{4,}$/);
      const recorded = page.getByTestId('ticket-answer-article');
      expect(await recorded.getAttribute('data-article-id')).toBe(articleId);
      expect(await recorded.textContent()).toContain('社保卡丢失了怎么补办');
      expect(await page.getByTestId('ticket-answer-text').textContent()).toContain('挂失');
      expect(await page.getByTestId('ticket-caller').textContent()).toContain(CALLER_PHONE);
      await screenshot(page, 'hotline-3-ticket-answered');

      // The operator closes it; the next call from the same number shows this one in the history.
      await page.getByTestId('action-close').click();
      await expect.poll(() => page.getByTestId('ticket-status').getAttribute('data-status')).toBe('closed');
      await page.getByTestId('nav-hotline').click();
      await page.waitForURL((url) => url.pathname === '/hotline');
      await page.getByTestId('hl-caller-phone').fill(CALLER_PHONE);
      await expect.poll(() => page.getByTestId('caller-history-item').filter({ hasText: number }).count()).toBe(1);
      await screenshot(page, 'hotline-4-caller-history');

      expect(unexpectedErrors(operator!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'a second operator sees the caller of a ticket the first took masked, takes it over (接手) and then sees the caller',
    async () => {
      colleague = await openBrowser(server!.url);
      screenshotOnFailure('hotline-take-over', colleague);
      // A second operator on the same shift.
      const admin = await server!.login('admin', ADMIN_PASSWORD);
      const created = await admin.post('/api/admin/users', { username: 'operator2', displayName: '贺话务', password: DEMO_PASSWORD, roles: ['hotline_operator'] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await server!.server.runner.settle();

      // The first operator took the call.
      const first = await server!.login('operator', DEMO_PASSWORD);
      const registered = await first.post('/api/hotline/tickets', {
        type: 'help',
        channel: 'phone',
        urgency: 'normal',
        caller: { name: '赵晓燕', phone: '13612345678' },
        content: '小区门口路灯坏了一个多月，晚上很黑，老人出行不便，请尽快修复。',
        address: '五四路 18 号',
        location: { lat: 26.081234, long: 119.296789 },
        ...(await classification(first)),
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const { id, number } = registered.body as { id: string; number: string };

      // The second opens it: the caller masked, and why; the house number and the exact point cut.
      const page = colleague.page;
      await signIn(page, 'operator2', DEMO_PASSWORD, '/hotline');
      await page.goto(`/hotline/tickets/${id}`);
      expect((await page.getByTestId('ticket-number').textContent())!.trim()).toBe(number);
      const caller = page.getByTestId('ticket-caller');
      expect(await caller.getAttribute('data-masked')).toBe('true');
      expect(await caller.textContent()).toContain('赵**');
      expect(await caller.textContent()).toContain('136****5678');
      expect(await caller.textContent()).not.toContain('13612345678');
      expect(await page.getByTestId('ticket-caller-hint').textContent()).toContain('接手');
      expect(await page.getByTestId('ticket-place').textContent()).not.toContain('18');
      expect(await page.getByTestId('ticket-location').textContent()).not.toContain('26.0812');
      await page.getByTestId('take-step').waitFor();
      await screenshot(page, 'hotline-5-take-over-masked');

      // 接手: the caller in full, the hint gone, and the take-over in the ticket's steps.
      await page.getByTestId('action-take').click();
      await expect.poll(() => caller.textContent()).toContain('13612345678');
      expect(await caller.textContent()).toContain('赵晓燕');
      expect(await caller.getAttribute('data-masked')).toBe('false');
      expect(await page.getByTestId('ticket-caller-hint').count()).toBe(0);
      expect(await page.getByTestId('action-take').count()).toBe(0);
      expect(await page.getByTestId('ticket-place').textContent()).toContain('五四路 18 号');
      await expect.poll(() => page.getByTestId('timeline-entry').filter({ hasText: '接手' }).last().textContent()).toContain('贺话务');
      await screenshot(page, 'hotline-6-take-over-caller-shown');

      // It stays so: the ticket's page read afresh still shows the caller.
      await page.reload();
      await expect.poll(() => page.getByTestId('ticket-caller').textContent()).toContain('13612345678');

      expect(unexpectedErrors(colleague)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
