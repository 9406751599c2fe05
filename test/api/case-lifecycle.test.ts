import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, moveClockTo, refusedWithoutWriting, staffUp, startTestServer, type Answer, type Client, type Person, type TestServer } from '../support/server.js';

/**
 * A case's whole life through the API, and every bad input an applicant or an officer can send:
 * each is refused with a clear code and writes nothing.
 *
 * The calendar of autumn 2026: Mid-Autumn 25–27 September, National Day 1–7 October, make-up
 * workday Saturday 10 October.
 */
const PASSWORD = 'lifecycle-pass-1';
const CODE = 'XK00101001';
const FORM = {
  type: 'object',
  properties: { 经营者名称: { type: 'string', minLength: 2 }, 经营场所面积: { type: 'number', minimum: 1 } },
  required: ['经营者名称', '经营场所面积'],
};
const ITEM = {
  code: CODE,
  name: '食品经营许可',
  type: 'license',
  department: 'market',
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  statutoryLimitDays: 20,
  promisedLimitDays: 5,
  fee: { kind: 'computed', unitCents: 100, field: '经营场所面积', capCents: 20_000, unit: '平方米' },
  materials: [
    { name: '申请书', form: 'original', count: 1, required: true },
    { name: '营业执照', form: 'copy', count: 1, required: true, standIns: ['XK00100001'] },
    { name: '授权委托书', form: 'original', count: 1, required: false, condition: '委托他人代为办理的' },
  ],
  form: FORM,
  workflow: [
    { name: '受理', kind: 'accept' },
    { name: '材料审查', kind: 'review' },
    { name: '决定', kind: 'decide' },
    { name: '发证', kind: 'certify' },
    { name: '送达', kind: 'deliver' },
  ],
  delivery: ['window', 'mail'],
  onsiteVisits: 0,
};

let t: TestServer;
const as: Record<string, Client> = {};
const digests: Record<string, string> = {};
const file = (material: string) => ({ material, digest: digests[material]! });
const application = (overrides: Record<string, unknown> = {}) => ({
  itemCode: CODE,
  channel: 'online',
  applicant: { kind: 'enterprise', name: '老北京餐饮有限公司', creditCode: '91350100M000100Y43' },
  formData: { 经营者名称: '老北京餐饮', 经营场所面积: 120 },
  materials: [file('申请书'), file('营业执照')],
  deliveryMethod: 'mail',
  ...overrides,
});
/** The window's opinion when an online application passes pre-review (网上预审). */
const PRE_REVIEW = '材料齐全，符合法定形式';

const ok = (answer: Answer, status = 201) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body;
};

beforeAll(async () => {
  t = await startTestServer({ now: '2026-09-22T09:00:00+08:00' });
  // The departments by their Chinese names, which the item and the chart show: staffUp would name them by their codes.
  const admin = await t.login('admin', ADMIN_PASSWORD);
  for (const code of ['market', 'housing']) await admin.post('/api/admin/departments', { code, name: code === 'market' ? '市场监督管理局' : '住房和城乡建设局', windows: [] });
  await t.server.runner.settle();
  const users: Person[] = [
    ['applicant.a', 'applicant'],
    ['applicant.b', 'applicant'],
    ['m.window', 'window_staff', 'market'],
    ['m.reviewer', 'reviewer', 'market'],
    ['m.head', 'department_head', 'market'],
    ['h.reviewer', 'reviewer', 'housing'],
    ['legal', 'legal_office'],
    ['auditor', 'auditor'],
    ['leader', 'leader'],
  ];
  Object.assign(as, await staffUp(t, [], users, PASSWORD));
  for (const material of ['申请书', '营业执照', '授权委托书']) {
    digests[material] = (await t.server.engines.blobs.put(new TextEncoder().encode(`%PDF-1.4\n% ${material}\n%%EOF\n`), 'application/pdf')).digest;
  }
}, 120_000);
afterAll(async () => t?.close());

describe('the service item (事项库)', () => {
  it('refuses a form schema that cannot be compiled, and writes nothing', async () => {
    const bad = { ...ITEM, form: { type: 'object', properties: { 经营场所面积: { type: 'area' } } } };
    const answer = await refusedWithoutWriting(t, () => as['m.head']!.post('/api/catalog/items', bad), 422, 'catalog.bad_form');
    expect(answer.body.message.zh).toMatch(/JSON Schema/);
    expect((await as['m.head']!.get(`/api/catalog/items/${CODE}`)).status).toBe(404);
  });

  it('refuses a computed fee on a field the form does not require', async () => {
    await refusedWithoutWriting(t, () => as['m.head']!.post('/api/catalog/items', { ...ITEM, fee: { ...ITEM.fee, field: '经营者名称' } }), 422, 'catalog.bad_fee');
  });

  it('is drafted with its form, materials, fee rule, workflow and delivery, reviewed and published as version 1', async () => {
    expect(ok(await as['m.head']!.post('/api/catalog/items', ITEM))).toMatchObject({ code: CODE, status: 'draft', version: null });
    ok(await as['m.head']!.post(`/api/catalog/items/${CODE}/submit`));
    ok(await as['legal']!.post(`/api/catalog/items/${CODE}/approve`, { opinion: '依据充分' }));
    expect(ok(await as['m.head']!.post(`/api/catalog/items/${CODE}/publish`))).toMatchObject({ status: 'published', version: 1 });
    const item = ok(await as['applicant.a']!.get(`/api/catalog/items/${CODE}`), 200);
    expect(item).toMatchObject({
      code: CODE,
      status: 'published',
      version: 1,
      departmentName: '市场监督管理局',
      form: FORM,
      fee: { kind: 'computed', unitCents: 100 },
      materials: [{ name: '申请书', standIns: [] }, { name: '营业执照', standIns: ['XK00100001'] }, { name: '授权委托书', required: false, condition: '委托他人代为办理的' }],
      workflow: ITEM.workflow,
      delivery: ['window', 'mail'],
      versions: [{ version: 1 }],
    });
  });
});

describe('bad applications are refused clearly and write nothing', () => {
  it('an ID number with a wrong check character (GB 11643)', async () => {
    const person = { kind: 'person', name: '张小三', idNumber: '110105194912310021' };
    const answer = await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/cases', application({ applicant: person })), 422, 'case.bad_id_number');
    expect(answer.body.message.zh).toContain('GB 11643');
  });

  it('a credit code with a wrong check character (GB 32100)', async () => {
    const firm = { kind: 'enterprise', name: '某公司', creditCode: '91350100M000100Y44' };
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/cases', application({ applicant: firm })), 422, 'case.bad_credit_code');
  });

  it('form data that fails the item version’s schema, field by field', async () => {
    const answer = await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/cases', application({ formData: { 经营场所面积: 0 } })), 422, 'case.form_invalid');
    expect(answer.body.details.problems.map((p: { field: string }) => p.field)).toEqual(['经营者名称', '经营场所面积']);
  });

  it('a file for a material the item does not have, and a digest the material store does not know', async () => {
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/cases', application({ materials: [{ material: '身份证', digest: digests['申请书'] }] })), 422, 'case.unknown_material');
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/cases', application({ materials: [{ material: '申请书', digest: 'a'.repeat(64) }] })), 422, 'case.material_not_uploaded');
  });

  it('a delivery method the item does not offer', async () => {
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/cases', application({ deliveryMethod: 'electronic' })), 422, 'case.delivery_method_not_offered');
  });
});

/** Case A walks every step; B is left too long at the window; C is refused; D withdrawn; E terminated. */
const ids: Record<string, string> = {};

describe('Tuesday 22 September: applications and the supplement notice (补正, 行政许可法第三十二条)', () => {
  it('an application without its business license is taken: the missing material is shown', async () => {
    const a = ok(await as['applicant.a']!.post('/api/cases', application({ materials: [file('申请书')] })));
    ids['A'] = a.caseId;
    expect(a).toMatchObject({ status: 'submitted', itemVersion: 1, missingMaterials: ['营业执照'], noticeDeadline: '2026-09-30', allowedActions: ['withdraw'] });
    ids['B'] = ok(await as['applicant.b']!.post('/api/cases', application({ materials: [file('申请书')] }))).caseId;
    for (const name of ['C', 'D', 'E']) ids[name] = ok(await as['applicant.a']!.post('/api/cases', application())).caseId;
  });

  it('the window cannot accept it while a material is missing, and sees that it should ask for it', async () => {
    // Made online, it is pre-reviewed before acceptance (网上预审); the pre-review finds the license missing.
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/accept`), 409, 'case.pre_review_missing');
    const missing = await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/pre-review`, { opinion: PRE_REVIEW }), 409, 'case.materials_missing');
    expect(missing.body.message.zh).toContain('营业执照');
    const seen = ok(await as['m.window']!.get(`/api/cases/${ids['A']}`), 200);
    expect(seen).toMatchObject({ preReview: null });
    expect(seen.allowedActions).toEqual(['request-supplement', 'refuse', 'withdraw']);
  });

  it('a notice that does not list every missing material is refused', async () => {
    const partial = { missing: [{ material: '授权委托书', reason: '代办须提交委托书' }] };
    const answer = await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/request-supplement`, partial), 422, 'case.supplement_notice_incomplete');
    expect(answer.body.details.omitted).toEqual(['营业执照']);
  });

  it('the notice lists all missing materials at once; a second one is refused', async () => {
    const notice = { missing: [{ material: '营业执照', reason: '未提交营业执照复印件' }], note: '请于补正后重新提交' };
    const a = ok(await as['m.window']!.post(`/api/cases/${ids['A']}/request-supplement`, notice));
    expect(a).toMatchObject({ status: 'supplement_requested', supplementNotice: { stage: 'acceptance', missing: [{ material: '营业执照' }], legalBasis: '行政许可法 第三十二条第一款第四项' } });
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/request-supplement`, notice), 409, 'case.wrong_status');
  });

  it('another applicant cannot hand in materials for it: as far as they can tell it does not exist', async () => {
    await refusedWithoutWriting(t, () => as['applicant.b']!.post(`/api/cases/${ids['A']}/supplement`, { materials: [file('营业执照')] }), 404, 'case.not_found');
  });

  it('its applicant hands in the license: the case waits for acceptance again', async () => {
    const a = ok(await as['applicant.a']!.post(`/api/cases/${ids['A']}/supplement`, { materials: [file('营业执照')] }));
    expect(a).toMatchObject({ status: 'submitted', missingMaterials: [], supplementNotice: { supplementedAt: expect.any(String) } });
    expect(a.materials.map((m: { material: string }) => m.material)).toEqual(['申请书', '营业执照']);
    // Complete now: the window pre-reviews it before accepting it.
    expect(ok(await as['m.window']!.get(`/api/cases/${ids['A']}`), 200).allowedActions).toEqual(['pre-review', 'refuse', 'withdraw']);
  });

  it('a refusal to accept states its reasons and the appeal rights', async () => {
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['C']}/refuse`, { reasons: [' '] }), 422, 'case.refusal_needs_reasons');
    const c = ok(await as['m.window']!.post(`/api/cases/${ids['C']}/refuse`, { reasons: '申请事项不属于本机关职权范围' }));
    expect(c).toMatchObject({ status: 'refused', light: null, refusal: { reasons: ['申请事项不属于本机关职权范围'], legalBasis: '行政许可法 第三十二条' } });
    expect(c.refusal.appealRights.zh).toMatch(/行政复议/);
  });
});

describe('Wednesday 23 September: acceptance, review, withdrawal and termination', () => {
  it('acceptance starts the clock: 5 working days over the Mid-Autumn and National Day holidays, due 8 October', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-09-23T10:00:00+08:00');
    // The online applications pass pre-review (网上预审) first; it does not start the clock.
    for (const name of ['A', 'D', 'E']) {
      const reviewed = ok(await as['m.window']!.post(`/api/cases/${ids[name]}/pre-review`, { opinion: PRE_REVIEW }));
      expect(reviewed).toMatchObject({ status: 'submitted', clock: null, preReview: { opinion: PRE_REVIEW, at: '2026-09-23T02:00:00.000Z' } });
      expect(reviewed.allowedActions).toContain('accept');
    }
    const a = ok(await as['m.window']!.post(`/api/cases/${ids['A']}/accept`));
    expect(a).toMatchObject({ status: 'accepted', dueDate: '2026-10-08', clock: { startDate: '2026-09-23', deemedFromReceipt: false, limitDays: 5, suspendedDays: 0, extension: null } });
    for (const name of ['D', 'E']) ok(await as['m.window']!.post(`/api/cases/${ids[name]}/accept`));
  });

  it('the reviewer records an opinion at the review step, and only there', async () => {
    await refusedWithoutWriting(t, () => as['m.reviewer']!.post(`/api/cases/${ids['A']}/review`, { step: '发证', opinion: '同意' }), 422, 'case.unknown_review_step');
    const a = ok(await as['m.reviewer']!.post(`/api/cases/${ids['A']}/review`, { step: '材料审查', opinion: '材料齐全，符合法定形式' }));
    expect(a.reviews).toEqual([{ step: '材料审查', opinion: '材料齐全，符合法定形式', at: expect.any(String) }]);
    expect(a.allowedActions).toEqual(['review', 'request-supplement', 'suspend', 'grant', 'deny']);
  });

  it('steps out of order are refused: no certificate, fee or delivery before a decision', async () => {
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/issue-certificate`, {}), 409, 'case.wrong_status');
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/assess-fee`), 409, 'case.wrong_status');
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/deliver`, {}), 409, 'case.wrong_status');
  });

  it('the applicant withdraws their own case before a decision; nobody else can, and then nothing more happens to it', async () => {
    await refusedWithoutWriting(t, () => as['applicant.b']!.post(`/api/cases/${ids['D']}/withdraw`, {}), 404, 'case.not_found');
    const d = ok(await as['applicant.a']!.post(`/api/cases/${ids['D']}/withdraw`, { reason: '经营计划调整' }));
    expect(d).toMatchObject({ status: 'withdrawn', withdrawal: { reason: '经营计划调整' }, allowedActions: [] });
    await refusedWithoutWriting(t, () => as['m.reviewer']!.post(`/api/cases/${ids['D']}/decide`, { granted: true }), 409, 'case.wrong_status');
  });

  it('the department head terminates a case with the reason; a reviewer cannot', async () => {
    await refusedWithoutWriting(t, () => as['m.reviewer']!.post(`/api/cases/${ids['E']}/terminate`, { reason: '申请人已注销' }), 403);
    const e = ok(await as['m.head']!.post(`/api/cases/${ids['E']}/terminate`, { reason: '申请人已注销' }));
    expect(e).toMatchObject({ status: 'terminated', termination: { reason: '申请人已注销' } });
  });
});

describe('Wednesday 30 September to Friday 9 October: the clock stops for an expert review (行政许可法第四十五条)', () => {
  it('the reviewer suspends it for a special procedure; a decision waits', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-09-30T10:00:00+08:00');
    await refusedWithoutWriting(t, () => as['m.reviewer']!.post(`/api/cases/${ids['A']}/suspend`, { procedure: 'lunch', reason: '午休' }), 400);
    const a = ok(await as['m.reviewer']!.post(`/api/cases/${ids['A']}/suspend`, { procedure: 'expert_review', reason: '组织专家评审' }));
    expect(a).toMatchObject({ status: 'suspended', clock: { suspension: { cause: 'expert_review', sinceDate: '2026-09-30', label: { zh: '专家评审' } } }, allowedActions: ['resume'] });
    await refusedWithoutWriting(t, () => as['m.reviewer']!.post(`/api/cases/${ids['A']}/decide`, { granted: true }), 409, 'case.wrong_status');
  });

  it('the 6th working day after receipt is too late for a supplement notice: the case counts as accepted from receipt', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-10-08T10:00:00+08:00');
    const late = await refusedWithoutWriting(
      t,
      () => as['m.window']!.post(`/api/cases/${ids['B']}/request-supplement`, { missing: [{ material: '营业执照', reason: '未提交' }] }),
      409,
      'case.supplement_notice_too_late',
    );
    expect(late.body.details).toEqual({ receivedDate: '2026-09-22', noticeDeadline: '2026-09-30' });
    // Past the notice deadline the law counts it as accepted: no pre-review is waited for.
    const waiting = ok(await as['m.window']!.get(`/api/cases/${ids['B']}`), 200);
    expect(waiting).toMatchObject({ channel: 'online', preReview: null });
    expect(waiting.allowedActions).toContain('accept');
    expect(waiting.allowedActions).not.toContain('pre-review');
    const b = ok(await as['m.window']!.post(`/api/cases/${ids['B']}/accept`));
    expect(b).toMatchObject({ status: 'accepted', clock: { startDate: '2026-09-22', deemedFromReceipt: true }, dueDate: '2026-09-30', light: 'red' });
  });

  it('a suspended clock keeps the light it stopped at: A, stopped yellow (warning from 30 September, the last working day before the holidays), stays in the yellow list', async () => {
    expect(ok(await as['leader']!.get(`/api/cases/${ids['A']}`), 200)).toMatchObject({ status: 'suspended', dueDate: '2026-10-08', light: 'yellow' });
    const listed = async (light: string) => ok(await as['leader']!.get(`/api/cases?light=${light}`), 200).items.map((c: { caseId: string }) => c.caseId);
    expect(await listed('yellow')).toEqual([ids['A']]);
    expect(await listed('red')).toEqual([ids['B']]);
  });

  it('the reviewer’s inbox lists the department’s cases by due date, each with what can be done', async () => {
    const inbox = ok(await as['m.reviewer']!.get('/api/cases/inbox'), 200);
    expect(inbox.items.map((c: { caseId: string; deadline: string }) => [c.caseId, c.deadline])).toEqual([
      [ids['B'], '2026-09-30'],
      [ids['A'], '2026-10-08'],
    ]);
    expect(inbox.items[0]).toMatchObject({ caseNo: expect.any(String), itemName: '食品经营许可', applicantName: expect.stringMatching(/\*/), status: 'accepted', light: 'red', allowedActions: expect.arrayContaining(['review']) });
    // Not reviewed yet: the review comes before a decision.
    expect(inbox.items[0].allowedActions).not.toContain('grant');
    expect(ok(await as['h.reviewer']!.get('/api/cases/inbox'), 200).total).toBe(0);
  });

  it('resuming moves the due date by the working days it stood still: 8 and 9 October, due 10 October (调休 Saturday)', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-10-09T10:00:00+08:00');
    const a = ok(await as['m.reviewer']!.post(`/api/cases/${ids['A']}/resume`));
    expect(a).toMatchObject({ status: 'accepted', dueDate: '2026-10-10', clock: { suspendedDays: 2, suspension: null } });
  });

  it('the department head extends the limit once by 10 working days, with a reason; a second extension is refused', async () => {
    await refusedWithoutWriting(t, () => as['m.reviewer']!.post(`/api/cases/${ids['A']}/extend`, { reason: '情况复杂' }), 403);
    const a = ok(await as['m.head']!.post(`/api/cases/${ids['A']}/extend`, { reason: '需进一步现场核查' }));
    expect(a).toMatchObject({ dueDate: '2026-10-23', clock: { extension: { days: 10, reason: '需进一步现场核查', legalBasis: '行政许可法 第四十二条第一款' } } });
    await refusedWithoutWriting(t, () => as['m.head']!.post(`/api/cases/${ids['A']}/extend`, { reason: '再次延长' }), 409, 'case.already_extended');
  });
});

describe('Monday 12 October: grant, fee, certificate, delivery, completion', () => {
  it('the grant sets the certificate due within 10 working days (行政许可法第四十四条)', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-10-12T10:00:00+08:00');
    const a = ok(await as['m.reviewer']!.post(`/api/cases/${ids['A']}/decide`, { granted: true }));
    // Working days used: 24, 28, 29, 30 September, 8, 9, 10, 12 October, less the 2 of the expert review.
    expect(a).toMatchObject({ status: 'granted', certificateDueDate: '2026-10-26', decision: { granted: true, onTime: true, workingDaysUsed: 6 } });
  });

  it('no certificate before the fee is paid; the fee is assessed from the rule: 120 m² × ¥1', async () => {
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/issue-certificate`, {}), 409, 'case.fee_unpaid');
    const a = ok(await as['m.window']!.post(`/api/cases/${ids['A']}/assess-fee`));
    expect(a.fee).toMatchObject({ rule: { kind: 'computed' }, amountCents: 12_000, quantity: 120 });
    expect(a.allowedActions).toEqual(['pay-fee']);
  });

  it('the payment must be the assessed amount', async () => {
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/pay-fee`, { amountCents: 10_000, receiptNo: 'PJ0001' }), 422, 'case.payment_mismatch');
    expect(ok(await as['m.window']!.post(`/api/cases/${ids['A']}/pay-fee`, { amountCents: 12_000, receiptNo: 'PJ0001' })).fee).toMatchObject({ receiptNo: 'PJ0001', paidAt: expect.any(String) });
  });

  it('the certificate names its holder, type and validity, for the license library', async () => {
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/issue-certificate`, { validUntil: '2026-10-01' }), 422, 'case.bad_validity');
    const a = ok(await as['m.window']!.post(`/api/cases/${ids['A']}/issue-certificate`, { validUntil: '2031-10-11' }));
    expect(a).toMatchObject({
      status: 'certificate_issued',
      certificate: {
        certificateNo: `${CODE}-${a.caseNo}`,
        licenseType: CODE,
        holder: { kind: 'enterprise', name: '老北京餐饮有限公司', creditCode: '91350100M000100Y43' },
        validFrom: '2026-10-12',
        validUntil: '2031-10-11',
        dueDate: '2026-10-26',
        onTime: true,
      },
    });
  });

  it('delivery only by a method the item offers; mail needs its tracking number', async () => {
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/deliver`, { method: 'electronic' }), 422, 'case.delivery_method_not_offered');
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids['A']}/deliver`, {}), 422, 'case.tracking_no_required');
    const a = ok(await as['m.window']!.post(`/api/cases/${ids['A']}/deliver`, { trackingNo: 'EMS1234567890CN' }));
    expect(a).toMatchObject({ status: 'delivered', delivery: { chosen: 'mail', method: 'mail', trackingNo: 'EMS1234567890CN', onTime: true } });
  });

  it('is completed, with a timeline entry for every step', async () => {
    const a = ok(await as['m.window']!.post(`/api/cases/${ids['A']}/complete`));
    expect(a.status).toBe('completed');
    expect(a.timeline.map((e: { type: string }) => e.type)).toEqual([
      'CaseSubmitted',
      'CaseSupplementRequested',
      'CaseSupplemented',
      'CasePreReviewed',
      'CaseAccepted',
      'CaseReviewed',
      'CaseSuspended',
      'CaseResumed',
      'CaseTimeLimitExtended',
      'CaseGranted',
      'CaseFeeAssessed',
      'CaseFeePaid',
      'CaseCertificateIssued',
      'CaseDelivered',
      'CaseCompleted',
    ]);
    expect(a.timeline.every((e: { summary: { zh: string; en: string } }) => e.summary.zh && e.summary.en)).toBe(true);
  });

  it('the staff list keeps its shape', async () => {
    const list = ok(await as['m.window']!.get('/api/cases?status=completed'), 200);
    expect(Object.keys(list.items[0]).sort()).toEqual(
      ['acceptedAt', 'applicantName', 'caseId', 'caseNo', 'channel', 'department', 'departmentName', 'dueDate', 'itemCode', 'itemName', 'light', 'status', 'submittedAt', 'updatedAt'].sort(),
    );
  });

  it('the warehouse holds one row of facts per case', async () => {
    await t.server.runner.settle();
    const rows = await t.server.engines.warehouse.query<Record<string, unknown>>(
      'SELECT case_id, status, item_version, deemed_accepted, suspended_days, extension_days, working_days_used, on_time, fee_cents, certificate_on_time, delivery_method, rating FROM case_facts_latest ORDER BY case_id',
    );
    const byCase = new Map(rows.map((r) => [r['case_id'], r]));
    expect(byCase.get(ids['A'])).toMatchObject({ status: 'completed', item_version: 1, deemed_accepted: 0, suspended_days: 2, extension_days: 10, working_days_used: 6, on_time: 1, fee_cents: 12_000, certificate_on_time: 1, delivery_method: 'mail', rating: null });
    expect(byCase.get(ids['B'])).toMatchObject({ status: 'accepted', deemed_accepted: 1 });
    expect([byCase.get(ids['C'])?.['status'], byCase.get(ids['D'])?.['status'], byCase.get(ids['E'])?.['status']]).toEqual(['refused', 'withdrawn', 'terminated']);
    const chart = ok(await as['leader']!.get('/api/analytics/cases-by-department?days=90'), 200);
    // B is past its due date with the clock running; C, D and E ended without one.
    expect(chart.rows).toEqual([{ department: 'market', departmentName: '市场监督管理局', total: 5, completed: 1, onTime: 1, overdue: 1 }]);
  });

  it('auditors replay the case’s stream event by event', async () => {
    const history = ok(await as['auditor']!.get(`/api/cases/${ids['A']}/history`), 200);
    expect(history.events).toHaveLength(15);
    expect(history.events[3]).toMatchObject({ type: 'CasePreReviewed', data: { opinion: PRE_REVIEW }, metadata: { actorRole: 'window_staff' } });
    expect(history.events[12]).toMatchObject({ type: 'CaseCertificateIssued', data: { licenseType: CODE, holder: { creditCode: '91350100M000100Y43' } }, metadata: { actorRole: 'window_staff' } });
  });
});

describe('versions, suspension and retirement of the item', () => {
  let revisedCase: string;

  it('a revision goes through legal review while version 1 keeps taking applications', async () => {
    expect(ok(await as['m.head']!.post('/api/catalog/items', { ...ITEM, promisedLimitDays: 3 }))).toMatchObject({ status: 'published', version: 1, revision: { version: 2, status: 'draft' } });
    ok(await as['m.head']!.post(`/api/catalog/items/${CODE}/submit`));
    const queue = ok(await as['legal']!.get('/api/catalog/items?status=in_review'), 200);
    expect(queue.items.map((i: { code: string }) => i.code)).toEqual([CODE]);
    const during = ok(await as['applicant.a']!.post('/api/cases', application()));
    expect(during).toMatchObject({ itemVersion: 1 });
    expect((ok(await as['applicant.a']!.get(`/api/catalog/items/${CODE}`), 200) as Record<string, unknown>)['revision']).toBeUndefined();
  });

  it('once published, new cases are filed under version 2 and earlier cases keep version 1', async () => {
    ok(await as['legal']!.post(`/api/catalog/items/${CODE}/approve`));
    expect(ok(await as['m.head']!.post(`/api/catalog/items/${CODE}/publish`))).toMatchObject({ status: 'published', version: 2 });
    const after = ok(await as['applicant.a']!.post('/api/cases', application()));
    revisedCase = after.caseId;
    expect(after.itemVersion).toBe(2);
    expect(ok(await as['applicant.a']!.get(`/api/cases/${ids['A']}`), 200).itemVersion).toBe(1);
    expect(ok(await as['applicant.a']!.get(`/api/catalog/items/${CODE}/versions/1`), 200)).toMatchObject({ version: 1, promisedLimitDays: 5, form: FORM });
    expect(ok(await as['applicant.a']!.get(`/api/catalog/items/${CODE}/versions/2`), 200)).toMatchObject({ version: 2, promisedLimitDays: 3 });
    ok(await as['m.window']!.post(`/api/cases/${revisedCase}/pre-review`, { opinion: PRE_REVIEW }));
    ok(await as['m.window']!.post(`/api/cases/${revisedCase}/accept`));
    // Version 2 promises 3 working days: 13, 14, 15 October.
    expect(ok(await as['m.window']!.get(`/api/cases/${revisedCase}`), 200).dueDate).toBe('2026-10-15');
  });

  it('a suspended item takes no applications until it is resumed; cases already filed go on', async () => {
    ok(await as['m.head']!.post(`/api/catalog/items/${CODE}/suspend`, { reason: '食品安全法规修订' }));
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/cases', application()), 409, 'case.item_suspended');
    ok(await as['m.reviewer']!.post(`/api/cases/${revisedCase}/review`, { step: '材料审查', opinion: '经营场所与申请材料不符' }));
    ok(await as['m.reviewer']!.post(`/api/cases/${revisedCase}/decide`, { granted: false, reasons: ['经营场所不符合要求'] }));
    ok(await as['m.head']!.post(`/api/catalog/items/${CODE}/resume`));
    ok(await as['applicant.a']!.post('/api/cases', application()));
  });

  it('a retired item is gone for good', async () => {
    ok(await as['m.head']!.post(`/api/catalog/items/${CODE}/retire`, { reason: '事项取消' }));
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/cases', application()), 409, 'case.item_retired');
    await refusedWithoutWriting(t, () => as['m.head']!.post(`/api/catalog/items/${CODE}/resume`), 409, 'catalog.wrong_status');
    expect((await as['applicant.a']!.get(`/api/catalog/items/${CODE}`)).status).toBe(404);
  });
});
