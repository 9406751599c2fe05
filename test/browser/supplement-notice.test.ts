import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { citizenIdCheckCharacter } from '../../domain/shared/identity-numbers.js';
import { DEMO_PASSWORD, seedDemo } from '../../infrastructure/seed/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { BROWSER_TIMEOUT, openBrowser, requireUiBuild, screenshot, screenshotOnFailure, serverNow, signIn, unexpectedErrors, type UserBrowser } from './browser.js';
import { smallPdf } from './pdf.js';

const ITEM = 'XK00101001'; // 食品经营许可: three required materials
const FORGOTTEN = '食品安全管理制度文本';

/** An online application as zhangsan, through the API, that leaves out one required material. */
async function applyWithoutOneMaterial(server: TestServer): Promise<{ caseId: string; caseNo: string }> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'zhangsan', password: DEMO_PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const materials = [];
  for (const material of ['食品经营许可申请书', '营业执照']) {
    const form = new FormData();
    form.append('file', new Blob([smallPdf(material)], { type: 'application/pdf' }), 'scan.pdf');
    const stored = (await (await fetch(`${server.url}/api/materials`, { method: 'POST', headers: { cookie }, body: form })).json()) as { digest: string };
    materials.push({ material, digest: stored.digest });
  }
  const first17 = '11010519800101001';
  const answer = await fetch(`${server.url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      itemCode: ITEM,
      channel: 'online',
      applicant: { kind: 'person', name: '张三', idNumber: first17 + citizenIdCheckCharacter(first17) },
      formData: { 联系地址: '示例市解放路6号', 经营场所面积: 45 },
      materials,
      deliveryMethod: 'window',
    }),
  });
  const body = (await answer.json()) as { caseId: string; caseNo: string };
  expect(answer.status).toBe(201);
  return body;
}

/**
 * 一次性告知: the window opens a case with a missing material, sends the supplement notice listing
 * exactly that material, prints the notice (one A4 page, QR code to the case); the applicant sees
 * the notice on the portal and hands the material in.
 */
describe('window supplement notice', () => {
  let server: TestServer | undefined;
  let clerk: UserBrowser | undefined;
  let applicant: UserBrowser | undefined;

  beforeAll(async () => {
    requireUiBuild();
    server = await startTestServer({ now: serverNow(), seed: seedDemo });
    [clerk, applicant] = await Promise.all([openBrowser(server.url), openBrowser(server.url)]);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await Promise.all([clerk?.close(), applicant?.close()]);
    await server?.close();
  }, BROWSER_TIMEOUT);

  it(
    'the window sends a supplement notice listing the missing material; the printable notice shows it with a QR code',
    async () => {
      screenshotOnFailure('supplement-notice', clerk, applicant);
      onTestFailed(() => console.log('page errors', { applicant: applicant!.errors, clerk: clerk!.errors }));
      const { caseId, caseNo } = await applyWithoutOneMaterial(server!);

      const win = clerk!.page;
      await signIn(win, 'market.window', DEMO_PASSWORD, '/cases');
      await win.goto('/inbox');
      const row = win.getByTestId(`inbox-row-${caseNo}`);
      await row.waitFor();
      expect(await row.getByTestId('inbox-next').textContent()).toContain('告知补正');
      await row.getByTestId('case-link').click();
      await win.waitForURL((url) => url.pathname === `/cases/${caseId}`);

      // Not acceptable while a required material is missing: the notice is offered, pre-filled with exactly that material.
      await win.getByTestId('form-request-supplement').waitFor();
      expect(await win.getByTestId('action-accept').count()).toBe(0);
      expect(await win.getByTestId('form-pre-review').count()).toBe(0);
      const missingRow = win.locator('[data-testid="material-row"][data-provided="false"]').filter({ hasText: FORGOTTEN });
      expect(await missingRow.count()).toBe(1);
      const rows = win.getByTestId('supp-row');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().getByTestId('supp-material').inputValue()).toBe(FORGOTTEN);
      await rows.first().getByTestId('supp-reason').fill('未提交食品安全管理制度文本，请补充提交加盖公章的原件');
      await win.getByTestId('supp-note').fill('请于收到本通知后尽快补正。');
      await screenshot(win, 'supplement-1-window-notice-form');
      await win.getByTestId('action-request-supplement').click();
      await win.getByTestId('action-notice').waitFor();
      await expect.poll(() => win.getByTestId('case-status').getAttribute('data-status')).toBe('supplement_requested');
      const listed = win.getByTestId('case-supplement-notice').getByTestId('supp-missing');
      expect(await listed.count()).toBe(1);
      expect(await listed.first().getAttribute('data-material')).toBe(FORGOTTEN);

      // The printable notice: the missing material, a QR code to the case, one A4 page without navigation.
      await win.getByTestId('link-supplement-notice').click();
      await win.waitForURL((url) => url.pathname === `/cases/${caseId}/supplement-notice`);
      await win.getByTestId('supplement-notice').waitFor();
      const noticeRows = win.getByTestId('notice-missing-row');
      expect(await noticeRows.count()).toBe(1);
      expect(await noticeRows.first().getAttribute('data-material')).toBe(FORGOTTEN);
      expect(await noticeRows.first().textContent()).toContain('加盖公章');
      await win.getByTestId('notice-qr').locator('svg').waitFor();
      expect(await win.getByTestId('notice-qr').getAttribute('data-text')).toBe(`${server!.url}/cases/${caseId}`);
      await screenshot(win, 'supplement-2-printable-notice');
      await win.emulateMedia({ media: 'print' });
      expect(await win.getByTestId('app-header').isVisible()).toBe(false);
      expect(await win.getByTestId('print-button').isVisible()).toBe(false);
      await screenshot(win, 'supplement-3-printable-notice-print-media');
      await win.emulateMedia({ media: 'screen' });
      const pdf = await win.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);

      // The applicant sees the notice on the portal and hands the material in.
      const me = applicant!.page;
      await signIn(me, 'zhangsan', DEMO_PASSWORD, '/my/cases');
      const card = me.getByTestId(`case-row-${caseNo}`);
      await card.getByTestId('case-needs-supplement').waitFor();
      await card.getByTestId('case-link').click();
      await me.waitForURL((url) => url.pathname === `/cases/${caseId}`);
      await me.getByTestId('case-supplement-notice').waitFor();
      const upload = me.getByTestId('supplement-material-0');
      expect(await upload.getAttribute('data-material')).toBe(FORGOTTEN);
      await upload.getByTestId('material-file').setInputFiles({ name: 'zhidu.pdf', mimeType: 'application/pdf', buffer: smallPdf(FORGOTTEN) });
      await upload.getByTestId('material-ok').waitFor();
      await screenshot(me, 'supplement-4-applicant-supplement');
      await me.getByTestId('action-supplement').click();
      await me.getByTestId('action-notice').waitFor();
      await expect.poll(() => me.getByTestId('case-status').getAttribute('data-status')).toBe('submitted');
      expect(await me.locator('[data-testid="material-row"][data-provided="false"]').filter({ hasText: FORGOTTEN }).count()).toBe(0);

      // Back at the window, the online application is pre-reviewed with the new material, and can then be accepted.
      await win.goto(`/cases/${caseId}`);
      await win.getByTestId('form-pre-review').waitFor();
      expect(await win.getByTestId('action-accept').count()).toBe(0);
      await win.getByTestId('pre-review-opinion').fill('补正材料齐全，符合法定形式');
      await win.getByTestId('action-pre-review').click();
      await win.getByTestId('pre-review').waitFor();
      await win.getByTestId('action-accept').click();
      await expect.poll(() => win.getByTestId('case-status').getAttribute('data-status')).toBe('accepted');

      expect(unexpectedErrors(clerk!)).toEqual([]);
      expect(unexpectedErrors(applicant!)).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
