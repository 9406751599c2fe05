import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../infrastructure/seed/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, serverNow, unexpectedErrors, type UserBrowser } from './browser.js';

/** An FAQ the hotline writes and publishes for this test (test/api/knowledge.test.ts does the same through the API). */
const FAQ = {
  kind: 'faq',
  title: '电动自行车怎么上牌？',
  body: '新购电动自行车应在购买之日起 30 日内，持购车发票、产品合格证和本人身份证，到所在区车管所或指定服务站免费登记上牌。',
  tags: ['电动自行车', '上牌'],
};

/** A draft nobody outside the center may find. */
const DRAFT = { kind: 'faq', title: '电动自行车上牌内部口径（草稿）', body: '电动自行车上牌的内部答复口径，尚未发布。', tags: ['电动自行车'] };

/**
 * The knowledge base is public: a citizen who is not signed in searches the published articles from
 * the public navigation and reads one; the pages where staff write and manage articles ask them to
 * log in.
 */
describe('the knowledge base without logging in', () => {
  let server: TestServer | undefined;
  let citizen: UserBrowser | undefined;
  let articleId = '';

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    const operator = await server.login('operator', DEMO_PASSWORD);
    const written = await operator.post('/api/knowledge/articles', FAQ);
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    articleId = (written.body as { id: string }).id;
    const published = await operator.post(`/api/knowledge/articles/${articleId}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect((await operator.post('/api/knowledge/articles', DRAFT)).status).toBe(201);
    await server.server.runner.settle();
    citizen = await openBrowser(server.url);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await citizen?.close();
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    'a citizen finds a published FAQ from the public navigation and reads it; managing articles asks for a login',
    async () => {
      screenshotOnFailure('knowledge-public', citizen);
      const page = citizen!.page;

      // From the public hotline pages, the navigation leads to the knowledge base.
      await page.goto('/public/hotline');
      const nav = page.getByTestId('public-nav');
      await nav.waitFor();
      await nav.getByRole('link', { name: '知识库' }).click();
      await page.waitForURL((url) => url.pathname === '/knowledge');
      expect(await page.getByTestId('main-nav').count()).toBe(0);
      // Writing is for staff: no links to it here.
      expect(await page.getByTestId('knowledge-manage').count()).toBe(0);
      expect(await page.getByTestId('knowledge-new').count()).toBe(0);

      // A question in everyday words finds the published FAQ, with the words marked; not the draft.
      await page.getByTestId('knowledge-search').fill('电动自行车怎么上牌');
      await page.getByTestId('knowledge-search').press('Enter');
      const hit = page.getByTestId('knowledge-hit').filter({ hasText: FAQ.title });
      await hit.waitFor();
      expect(await hit.getAttribute('data-id')).toBe(articleId);
      expect(await hit.locator('mark').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('knowledge-hit').filter({ hasText: '草稿' }).count()).toBe(0);
      await page.waitForURL((url) => url.searchParams.get('q') === '电动自行车怎么上牌');
      await screenshot(page, 'knowledge-public-1-search');

      // Reading it: the published version, without the staff's status, versions or actions.
      await hit.getByRole('link').click();
      await page.waitForURL((url) => url.pathname === `/knowledge/${articleId}`);
      expect((await page.locator('#article-title').textContent())!.trim()).toBe(FAQ.title);
      expect(await page.getByTestId('article-body').textContent()).toContain('车管所');
      expect(await page.getByTestId('article-version').textContent()).toContain('1');
      expect(await page.getByTestId('article-status').count()).toBe(0);
      expect(await page.getByTestId('article-actions').count()).toBe(0);
      expect(await page.getByTestId('article-versions').count()).toBe(0);
      await screenshot(page, 'knowledge-public-2-article');

      // Opened directly (a shared link), the article reads the same.
      await page.goto(`/knowledge/${articleId}`);
      await page.getByTestId('article-body').waitFor();

      // Managing and writing articles ask for a login, and come back afterwards.
      await page.goto('/knowledge/manage');
      await page.waitForURL((url) => url.pathname === '/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/knowledge/manage');
      await page.getByTestId('login-username').waitFor();
      await page.goto('/knowledge/new');
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/knowledge/new');
      await screenshot(page, 'knowledge-public-3-manage-needs-login');

      expect(unexpectedErrors(citizen!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
