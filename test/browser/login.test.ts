import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_PASSWORD } from '../../infrastructure/seed/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, SIGNED_OUT_PROBE, serverNow, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, unexpectedErrors, type UserBrowser } from './browser.js';

describe('login page and language switch', () => {
  let server: TestServer | undefined;
  let user: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    user = await openBrowser(server.url);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await user?.close();
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    'shows the wrong-password error in Chinese, then English after the switch, and English navigation after signing in',
    async () => {
      screenshotOnFailure('login', user);
      const page = user!.page;
      await page.goto('/login');
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

      await page.getByTestId('login-username').fill('market.window');
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect((await error.textContent())?.trim()).toBe('用户名或密码错误');
      expect(new URL(page.url()).pathname).toBe('/login');
      await screenshot(page, 'login-1-wrong-password-zh');

      // The switch in the header (signed out) re-renders the same error in English.
      await page.getByTestId('lang-en').click();
      await expect.poll(async () => (await error.textContent())?.trim()).toBe('Wrong username or password');
      expect(await page.getAttribute('html', 'lang')).toBe('en');

      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((url) => url.pathname === '/cases');
      const nav = page.getByTestId('main-nav');
      await nav.waitFor();
      expect((await page.getByTestId('nav-cases').textContent())?.trim()).toBe('Cases');
      expect((await page.getByTestId('nav-catalog').textContent())?.trim()).toBe('Service catalog');
      await screenshot(page, 'login-2-signed-in-english-navigation');

      // And back to Chinese from the user menu.
      await page.getByTestId('user-menu-button').click();
      await page.getByTestId('user-menu-panel').getByTestId('lang-zh-CN').click();
      await expect.poll(async () => (await page.getByTestId('nav-cases').textContent())?.trim()).toBe('办件管理');
      expect((await page.getByTestId('nav-catalog').textContent())?.trim()).toBe('事项目录');
      await screenshot(page, 'login-3-signed-in-chinese-navigation');
      // The wrong password is a 401, and expected; nothing else failed.
      expect(unexpectedErrors(user!, ['http 401 POST /api/auth/login'])).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'opens the rating link of an SMS without a login and takes one rating',
    async () => {
      const staff = await server!.login('market.window', DEMO_PASSWORD);
      const completed = await staff.get('/api/cases?status=completed&limit=50');
      const online = (completed.body.items as { caseId: string; channel: string }[]).find((c) => c.channel === 'online');
      expect(online, 'a completed online case in the demo data').toBeDefined();
      const link = await staff.get(`/api/cases/${online!.caseId}/rating-link`);
      expect(link.status).toBe(200);

      const visitor = await openBrowser(server!.url);
      try {
        screenshotOnFailure('sms-rating', visitor);
        const page = visitor.page;
        await page.goto(link.body.path as string);
        await page.getByTestId('sms-score-4').check();
        await page.getByTestId('sms-rating-submit').click();
        await page.getByTestId('sms-rating-done').waitFor();
        await screenshot(page, 'sms-rating-1-thanks');
        await page.reload();
        await page.getByTestId('sms-rating-rated').waitFor();
        expect(new URL(page.url()).pathname).toBe(link.body.path);
        expect(unexpectedErrors(visitor, [SIGNED_OUT_PROBE])).toEqual([]);
      } finally {
        await visitor.close();
      }
    },
    BROWSER_TIMEOUT,
  );
});
