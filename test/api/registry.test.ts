import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle as settleAll, staffUp, startTestServer, type Answer, type Client, type Person, type TestServer } from '../support/server.js';

/**
 * The registries fill themselves from cases (沉淀), and the license library saves the applicant an
 * upload (免提交): a business license issued by one case stands in for the material of the next
 * application that names it, until it is revoked.
 */
const PASSWORD = 'registry-pass-1';
const CREDIT_CODE = '91350100M000100Y43';
const FIRM = { kind: 'enterprise', name: '老北京餐饮有限公司', creditCode: CREDIT_CODE };
const PERSON_ID = '11010519491231002X';
/** The window's opinion when an online application passes pre-review (网上预审). */
const PRE_REVIEW = '材料齐全，符合法定形式';

const workflow = (certify: boolean) => [
  { name: '受理', kind: 'accept' },
  { name: '决定', kind: 'decide' },
  ...(certify ? [{ name: '发证', kind: 'certify' }] : []),
];
const item = (code: string, name: string, materials: unknown[], certify: boolean) => ({
  code,
  name,
  type: 'license',
  department: 'market',
  legalBasis: '《中华人民共和国行政许可法》',
  statutoryLimitDays: 20,
  promisedLimitDays: 5,
  fee: { kind: 'free' },
  materials,
  form: { type: 'object', properties: { 联系电话: { type: 'string' } } },
  workflow: workflow(certify),
  delivery: ['window'],
  onsiteVisits: 0,
});
/** 营业执照: issues the license type XK00100001. */
const BUSINESS_LICENSE = item('XK00100001', '营业执照核发', [{ name: '申请书', form: 'original', count: 1, required: true }], true);
/** 食品经营许可: its 营业执照 material can be replaced by a license of type XK00100001. */
const FOOD_LICENSE = item(
  'XK00101001',
  '食品经营许可',
  [
    { name: '申请书', form: 'original', count: 1, required: true },
    { name: '营业执照', form: 'copy', count: 1, required: true, standIns: ['XK00100001'] },
  ],
  false,
);

let t: TestServer;
const as: Record<string, Client> = {};
let form = '';

const ok = (answer: Answer, status = 201) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body;
};
const refused = (answer: Answer, status: number, code?: string) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  if (code) expect(answer.body.code).toBe(code);
  expect(answer.body.message?.zh).toBeTruthy();
  expect(answer.body.message?.en).toBeTruthy();
  return answer.body;
};
const apply = (itemCode: string, extra: Record<string, unknown> = {}) =>
  as['applicant.a']!.post('/api/cases', { itemCode, applicant: FIRM, formData: { 联系电话: '13800001111' }, materials: [{ material: '申请书', digest: form }], ...extra });
/** The process registers the license, then the views catch up. */
const settle = () => settleAll(t);

beforeAll(async () => {
  t = await startTestServer({ now: '2026-10-12T09:00:00+08:00' });
  const users: Person[] = [
    ['applicant.a', 'applicant'],
    ['applicant.b', 'applicant'],
    ['m.window', 'window_staff', 'market'],
    ['m.reviewer', 'reviewer', 'market'],
    ['m.head', 'department_head', 'market'],
    ['h.head', 'department_head', 'housing'],
    ['h.window', 'window_staff', 'housing'],
    ['legal', 'legal_office'],
    ['supervisor', 'supervisor'],
    ['auditor', 'auditor'],
  ];
  Object.assign(as, await staffUp(t, ['market', 'housing'], users, PASSWORD));
  for (const definition of [BUSINESS_LICENSE, FOOD_LICENSE]) {
    ok(await as['m.head']!.post('/api/catalog/items', definition));
    ok(await as['m.head']!.post(`/api/catalog/items/${definition.code}/submit`));
    ok(await as['legal']!.post(`/api/catalog/items/${definition.code}/approve`));
    ok(await as['m.head']!.post(`/api/catalog/items/${definition.code}/publish`));
  }
  form = (await t.server.engines.blobs.put(new TextEncoder().encode('%PDF-1.4\n% 申请书\n%%EOF\n'), 'application/pdf')).digest;
  await t.server.runner.settle();
}, 120_000);
afterAll(async () => t?.close());

let licenseNo = '';

describe('a case to a certificate: the license enters the library (证照入库)', () => {
  it('the business license is applied for, granted and issued', async () => {
    const created = ok(await apply(BUSINESS_LICENSE.code, { projectCode: 'P-2026-0001' }));
    // Applied for online: the window pre-reviews it (网上预审) before accepting it.
    ok(await as['m.window']!.post(`/api/cases/${created.caseId}/pre-review`, { opinion: PRE_REVIEW }));
    ok(await as['m.window']!.post(`/api/cases/${created.caseId}/accept`));
    ok(await as['m.reviewer']!.post(`/api/cases/${created.caseId}/decide`, { granted: true }));
    const issued = ok(await as['m.window']!.post(`/api/cases/${created.caseId}/issue-certificate`, { validUntil: '2031-10-11' }));
    licenseNo = issued.certificate.certificateNo;
    await settle();
  });

  it('the holder finds it in the library, valid from today', async () => {
    const mine = ok(await as['applicant.a']!.get('/api/registry/licenses'), 200);
    expect(mine).toMatchObject({ total: 1, items: [{ number: licenseNo, licenseType: 'XK00100001', holder: FIRM, department: 'market', validFrom: '2026-10-12', validUntil: '2031-10-11', standing: 'valid', revocation: null }] });
    expect(ok(await as['applicant.a']!.get(`/api/registry/licenses/${licenseNo}`), 200)).toMatchObject({ number: licenseNo, standing: 'valid' });
  });

  it('the issuing department sees it; another department and another applicant do not', async () => {
    expect(ok(await as['m.window']!.get(`/api/registry/licenses?holder=${CREDIT_CODE}`), 200).total).toBe(1);
    expect(ok(await as['h.window']!.get('/api/registry/licenses'), 200).total).toBe(0);
    expect(ok(await as['applicant.b']!.get('/api/registry/licenses'), 200).total).toBe(0);
    refused(await as['applicant.b']!.get(`/api/registry/licenses/${licenseNo}`), 404, 'license.not_found');
  });

  it('auditors and supervisors see every license, the holder masked', async () => {
    const seen = ok(await as['auditor']!.get('/api/registry/licenses?type=XK00100001'), 200);
    expect(seen.total).toBe(1);
    expect(seen.items[0].holder.name).toMatch(/\*/);
    expect(seen.items[0].holder.creditCode).toMatch(/\*/);
    expect(ok(await as['supervisor']!.get('/api/registry/licenses'), 200).total).toBe(1);
  });

  it('a holder number that fails its check character is refused', async () => {
    refused(await as['m.window']!.get('/api/registry/licenses?holder=91350100M000100Y44'), 422, 'registry.bad_credit_code');
  });
});

describe('免提交: the next application gets the license attached', () => {
  it('the business license material is attached from the library, with its number, and nothing is missing', async () => {
    const second = ok(await apply(FOOD_LICENSE.code, { formData: { 联系电话: '13800002222', projectCode: 'P-2026-0001' } }));
    expect(second.missingMaterials).toEqual([]);
    expect(second.materials).toEqual([
      { material: '申请书', digest: form, size: expect.any(Number), type: 'application/pdf' },
      { material: '营业执照', source: 'license-library', licenseNo, licenseType: 'XK00100001' },
    ]);
    expect(second.allowedActions).toEqual(['withdraw']);
    const staff = ok(await as['m.window']!.get(`/api/cases/${second.caseId}`), 200);
    // Online and complete: the window pre-reviews it, which the attached license lets pass; then it can accept it.
    expect(staff.allowedActions).toContain('pre-review');
    const reviewed = ok(await as['m.window']!.post(`/api/cases/${second.caseId}/pre-review`, { opinion: PRE_REVIEW }));
    expect(reviewed).toMatchObject({ status: 'submitted', missingMaterials: [], preReview: { opinion: PRE_REVIEW } });
    expect(reviewed.allowedActions).toContain('accept');
  });

  it('a project code not shaped like P-2026-0001 is refused and writes nothing', async () => {
    const before = await t.server.engines.events.headPosition();
    refused(await apply(FOOD_LICENSE.code, { projectCode: 'project-1' }), 422, 'case.bad_project_code');
    expect(await t.server.engines.events.headPosition()).toBe(before);
  });
});

describe('the registries filled by those cases (沉淀)', () => {
  it('the project links both approvals, with where each stands', async () => {
    await t.server.runner.settle();
    const project = ok(await as['m.window']!.get('/api/registry/projects/P-2026-0001'), 200);
    expect(project.approvals.map((a: { itemCode: string; status: string }) => [a.itemCode, a.status])).toEqual([
      ['XK00100001', 'certificate_issued'],
      ['XK00101001', 'submitted'],
    ]);
    expect(ok(await as['applicant.a']!.get('/api/registry/projects/P-2026-0001'), 200).approvals[0].applicant).toEqual({ kind: 'enterprise', name: FIRM.name });
    refused(await as['applicant.b']!.get('/api/registry/projects/P-2026-0001'), 404, 'registry.project_not_found');
  });

  it('the window prefills an application from a credit code: name, latest contact and valid licenses', async () => {
    const known = ok(await as['m.window']!.get(`/api/registry/prefill?creditCode=${CREDIT_CODE}`), 200);
    expect(known).toMatchObject({ kind: 'enterprise', creditCode: CREDIT_CODE, known: true, name: FIRM.name, contact: { phone: '13800002222' }, caseCount: 2 });
    expect(known.licenses.map((l: { number: string }) => l.number)).toEqual([licenseNo]);
  });

  it('prefill by a citizen ID number the registries do not know yet answers that it is unknown', async () => {
    expect(ok(await as['m.window']!.get(`/api/registry/prefill?idNumber=${PERSON_ID.toLowerCase()}`), 200)).toMatchObject({ kind: 'person', idNumber: PERSON_ID, known: false, name: null, licenses: [] });
  });

  it('an applicant prefills only a number they applied with', async () => {
    expect(ok(await as['applicant.a']!.get(`/api/registry/prefill?creditCode=${CREDIT_CODE}`), 200)).toMatchObject({ known: true, name: FIRM.name });
    refused(await as['applicant.b']!.get(`/api/registry/prefill?creditCode=${CREDIT_CODE}`), 403, 'registry.not_your_identity');
  });

  it('bad numbers are refused with a clear message', async () => {
    const badId = refused(await as['m.window']!.get('/api/registry/prefill?idNumber=110105194912310021'), 422, 'registry.bad_id_number');
    expect(badId.message.zh).toContain('GB 11643');
    refused(await as['m.window']!.get('/api/registry/prefill?creditCode=91350100M000100Y44'), 422, 'registry.bad_credit_code');
    refused(await as['m.window']!.get('/api/registry/prefill'), 422, 'registry.identity_required');
    refused(await as['m.window']!.get(`/api/registry/prefill?idNumber=${PERSON_ID}&creditCode=${CREDIT_CODE}`), 422, 'registry.identity_required');
  });

  it('the enterprise registry lists it masked for the window and supervisors; applicants cannot list it', async () => {
    const list = ok(await as['supervisor']!.get('/api/registry/enterprises'), 200);
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'enterprise', caseCount: 2, phone: '138****2222' });
    expect(list.items[0].name).not.toBe(FIRM.name);
    expect(list.items[0].creditCode).not.toBe(CREDIT_CODE);
    expect(ok(await as['m.window']!.get('/api/registry/persons'), 200).total).toBe(0);
    refused(await as['applicant.a']!.get('/api/registry/enterprises'), 403);
  });
});

describe('revocation (撤销): the license no longer stands in', () => {
  it('only the head of the issuing department revokes it, with a reason', async () => {
    refused(await as['h.head']!.post(`/api/registry/licenses/${licenseNo}/revoke`, { reason: '以欺骗手段取得' }), 404, 'license.not_found');
    refused(await as['m.head']!.post(`/api/registry/licenses/${licenseNo}/revoke`, {}), 400);
    const revoked = ok(await as['m.head']!.post(`/api/registry/licenses/${licenseNo}/revoke`, { reason: '以欺骗手段取得许可' }));
    expect(revoked).toMatchObject({ number: licenseNo, standing: 'revoked', revocation: { reason: '以欺骗手段取得许可', legalBasis: '行政许可法 第六十九条' } });
    refused(await as['m.head']!.post(`/api/registry/licenses/${licenseNo}/revoke`, { reason: '再次撤销' }), 409, 'license.already_revoked');
  });

  it('a third application no longer gets it attached: the business license is missing again', async () => {
    const third = ok(await apply(FOOD_LICENSE.code));
    expect(third.missingMaterials).toEqual(['营业执照']);
    expect(third.materials.map((m: { material: string }) => m.material)).toEqual(['申请书']);
  });

  it('prefill no longer lists it among the valid licenses', async () => {
    expect(ok(await as['m.window']!.get(`/api/registry/prefill?creditCode=${CREDIT_CODE}`), 200).licenses).toEqual([]);
  });
});
