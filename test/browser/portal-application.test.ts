import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenIdCheckCharacter } from '../../domain/shared/identity-numbers.js';
import { DEMO_PASSWORD, seedDemo } from '../../infrastructure/seed/demo.js';
import { smallPdf } from './pdf.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, serverNow, signIn, unexpectedErrors, type UserBrowser } from './browser.js';


const ITEM = 'XK00101001'; // 食品经营许可, market department, free, accept → review → decide → certify → deliver
const ID_FIRST17 = '11010519491231002';

/**
 * The online application end to end: the applicant reads the guide and applies with the rendered
 * form and a PDF per material; the market window pre-reviews the online application (网上预审) and
 * accepts it, the reviewer grants, the window issues
 * the certificate, delivers and completes; the applicant sees the certificate and rates the case.
 */
describe('online application from the portal to a certificate', () => {
  let server: TestServer | undefined;
  let applicant: UserBrowser | undefined;
  let clerk: UserBrowser | undefined;
  let reviewer: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    [applicant, clerk, reviewer] = await Promise.all([openBrowser(server.url), openBrowser(server.url), openBrowser(server.url)]);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await Promise.all([applicant?.close(), clerk?.close(), reviewer?.close()]);
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    'zhangsan applies online; the window pre-reviews and accepts, the reviewer grants, the window certifies and delivers; zhangsan sees the license',
    async () => {
      screenshotOnFailure('portal-application', applicant, clerk, reviewer);
      const me = applicant!.page;

      // The guide: by department, with search, and the full guide of one item.
      await signIn(me, 'zhangsan', DEMO_PASSWORD, '/my/cases');
      await me.getByTestId('nav-guide').click();
      await me.waitForURL((url) => url.pathname === '/guide');
      await me.getByTestId('guide-search').fill('食品经营');
      const row = me.getByTestId(`guide-item-${ITEM}`);
      await row.waitFor();
      expect(await me.getByTestId('guide-item-XK00201001').count()).toBe(0);
      await row.getByTestId('guide-link').click();
      await me.waitForURL((url) => url.pathname === `/guide/${ITEM}`);
      await me.getByTestId('guide-detail').waitFor();
      expect(await me.getByTestId('guide-legal-basis').textContent()).toContain('食品安全法');
      expect(await me.getByTestId('guide-materials').locator('tbody tr').count()).toBe(4);
      await screenshot(me, 'portal-1-service-guide');

      // Apply: the JSON Schema form, first without a required field: the API's message lands on it.
      await me.getByTestId('guide-apply').click();
      await me.waitForURL((url) => url.pathname === `/guide/${ITEM}/apply`);
      await me.getByTestId('apply-form').waitFor();
      await me.getByTestId('applicant-id-input').fill(ID_FIRST17 + citizenIdCheckCharacter(ID_FIRST17));
      await me.getByTestId('form-input-联系地址').fill('示例市人民路88号');
      const materials = me.locator('[data-testid^="material-"][data-material]');
      const count = await materials.count();
      expect(count).toBe(4);
      for (let i = 0; i < count; i++) {
        const material = materials.nth(i);
        if ((await material.getAttribute('data-material')) === '授权委托书') continue; // only when someone applies for you
        await material.getByTestId('material-file').setInputFiles({ name: `material-${i}.pdf`, mimeType: 'application/pdf', buffer: smallPdf(`material ${i}`) });
        await material.getByTestId('material-ok').waitFor();
      }
      await me.getByTestId('delivery-electronic').check();
      await me.getByTestId('apply-submit').click();
      const fieldError = me.getByTestId('form-error-经营场所面积');
      await fieldError.waitFor();
      expect(await fieldError.textContent()).toContain('必填');
      await screenshot(me, 'portal-2-apply-form-validation');

      // Enter in a field submits the form.
      await me.getByTestId('form-input-经营场所面积').fill('120');
      await me.getByTestId('form-input-经营场所面积').press('Enter');
      await me.waitForURL((url) => /^\/cases\/[^/]+$/.test(url.pathname) && url.searchParams.get('submitted') === '1');
      await me.getByTestId('submitted-notice').waitFor();
      const caseId = (await me.getByTestId('case-header').getAttribute('data-case-id'))!;
      const caseNo = (await me.getByTestId('case-no').textContent())!.trim();
      expect(await me.getByTestId('case-status').getAttribute('data-status')).toBe('submitted');
      expect(await me.locator('[data-testid="material-row"][data-provided="true"]').count()).toBe(3);
      await screenshot(me, 'portal-3-submitted-case');

      // The market window finds it in the inbox: an online application is pre-reviewed first (网上预审).
      const win = clerk!.page;
      await signIn(win, 'market.window', DEMO_PASSWORD, '/cases');
      await win.getByTestId('nav-inbox').click();
      await win.waitForURL((url) => url.pathname === '/inbox');
      const inboxRow = win.getByTestId(`inbox-row-${caseNo}`);
      await inboxRow.waitFor();
      expect(await inboxRow.getByTestId('inbox-next').textContent()).toContain('网上预审');
      await screenshot(win, 'portal-4-window-inbox');
      await inboxRow.getByTestId('case-link').click();
      await win.waitForURL((url) => url.pathname === `/cases/${caseId}`);

      // Not acceptable before the pre-review; the opinion is required, and the pre-review then shows on the case.
      await win.getByTestId('form-pre-review').waitFor();
      expect(await win.getByTestId('action-accept').count()).toBe(0);
      expect(await win.getByTestId('pre-review').count()).toBe(0);
      await win.getByTestId('action-pre-review').click();
      await win.getByTestId('pre-review-opinion-error').waitFor();
      await expect.poll(() => win.evaluate('document.activeElement?.id')).toBe('pre-review-opinion');
      await screenshot(win, 'portal-4a-window-pre-review-required');
      await win.getByTestId('pre-review-opinion').fill('网上材料齐全，符合法定形式');
      await win.getByTestId('action-pre-review').click();
      await win.getByTestId('action-notice').waitFor();
      await expect.poll(() => win.getByTestId('pre-review').textContent()).toContain('网上材料齐全，符合法定形式');
      expect(await win.locator('[data-testid="timeline-entry"][data-type="CasePreReviewed"]').textContent()).toContain('网上预审通过：网上材料齐全，符合法定形式');
      expect(await win.getByTestId('case-status').getAttribute('data-status')).toBe('submitted');
      await screenshot(win, 'portal-4b-window-pre-reviewed');

      // Now the window accepts it.
      await win.getByTestId('action-accept').click();
      await win.getByTestId('action-notice').waitFor();
      await expect.poll(() => win.getByTestId('case-status').getAttribute('data-status')).toBe('accepted');

      // The acceptance receipt: one A4 page with a QR code to the case's progress page.
      await win.getByTestId('link-receipt').click();
      await win.waitForURL((url) => url.pathname === `/cases/${caseId}/receipt`);
      await win.getByTestId('receipt').waitFor();
      await win.getByTestId('receipt-qr').locator('svg').waitFor();
      expect(await win.getByTestId('receipt-qr').getAttribute('data-text')).toBe(`${server!.url}/cases/${caseId}`);
      expect(await win.getByTestId('receipt-material').count()).toBe(3);
      await screenshot(win, 'portal-5-acceptance-receipt');
      const pdf = await win.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);

      // The department's reviewer records an opinion at the review step, and only then may decide.
      const rev = reviewer!.page;
      await signIn(rev, 'market.reviewer', DEMO_PASSWORD, '/cases');
      await rev.goto(`/cases/${caseId}`);
      await expect.poll(() => rev.getByTestId('reviews-pending').textContent()).toContain('材料审查');
      expect(await rev.getByTestId('decide-form').count()).toBe(0);
      await rev.getByTestId('review-opinion').fill('材料齐全，符合法定条件');
      await rev.getByTestId('action-review').click();
      await rev.getByTestId('action-notice').waitFor();
      await rev.getByTestId('action-decide-grant').click();
      await expect.poll(() => rev.getByTestId('case-status').getAttribute('data-status')).toBe('granted');
      await screenshot(rev, 'portal-6-reviewer-granted');

      // The window issues the certificate, delivers it electronically and completes the case.
      await win.goto(`/cases/${caseId}`);
      await win.getByTestId('cert-valid-until').fill('2031-11-01');
      await win.getByTestId('action-issue-certificate').click();
      await expect.poll(() => win.getByTestId('case-status').getAttribute('data-status')).toBe('certificate_issued');
      const certificateNo = (await win.getByTestId('certificate-no').textContent())!.trim();
      expect(certificateNo).not.toBe('');
      expect(await win.getByTestId('deliver-method').inputValue()).toBe('electronic');
      await win.getByTestId('action-deliver').click();
      await expect.poll(() => win.getByTestId('case-status').getAttribute('data-status')).toBe('delivered');
      await win.getByTestId('action-complete').click();
      await expect.poll(() => win.getByTestId('case-status').getAttribute('data-status')).toBe('completed');
      await screenshot(win, 'portal-7-window-completed');

      // The applicant: the case's page follows live, with the certificate; rating; my licenses.
      await expect.poll(() => me.getByTestId('case-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('completed');
      expect((await me.getByTestId('certificate-no').textContent())!.trim()).toBe(certificateNo);
      expect(await me.locator('[data-testid="timeline-entry"][data-type="CaseCertificateIssued"]').count()).toBe(1);
      await me.getByTestId('rating-5').check();
      await me.getByTestId('rating-submit').click();
      await me.getByTestId('rating-done').waitFor();
      await screenshot(me, 'portal-8-applicant-certificate-rated');
      await me.getByTestId('nav-my-licenses').click();
      await me.waitForURL((url) => url.pathname === '/my/licenses');
      await me.getByTestId(`license-${certificateNo}`).waitFor();
      await screenshot(me, 'portal-9-my-licenses');

      expect(unexpectedErrors(applicant!, ['http 422 POST /api/cases', 'http 404 GET /api/registry/licenses', 'http 403 GET /api/registry/prefill'])).toEqual([]);
      expect(unexpectedErrors(clerk!)).toEqual([]);
      expect(unexpectedErrors(reviewer!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
