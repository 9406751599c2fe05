import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, moveClockTo, refusedWithoutWriting, settle, staffUp, startTestServer, type Answer, type Client, type Person, type TestServer } from '../support/server.js';

/**
 * 并联审批 through the API: one application to a market item and a housing item, the market
 * regulation bureau leading. Both sub-cases run in their own departments; the bundle completes
 * when both have, and the market window hands the results over together.
 *
 * The calendar of autumn 2026: National Day 1–7 October, make-up workday Saturday 10 October.
 */
const PASSWORD = 'bundles-pass-1';
const FOOD = 'XK00201001';
const DRUG = 'XK00201002';
const BUILD = 'XK00301001';
const DRAFT = 'XK00301002';

const item = (code: string, department: string, name: string, extra: Record<string, unknown> = {}) => ({
  code,
  name,
  type: 'license',
  department,
  legalBasis: '《中华人民共和国行政许可法》',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  fee: { kind: 'free' },
  materials: [
    { name: '申请书', form: 'original', count: 1, required: true },
    { name: `${name}申请材料`, form: 'copy', count: 1, required: true },
  ],
  form: { type: 'object', properties: { 企业名称: { type: 'string', minLength: 2 } }, required: ['企业名称'] },
  workflow: [
    { name: '受理', kind: 'accept' },
    { name: '决定', kind: 'decide' },
    { name: '发证', kind: 'certify' },
  ],
  delivery: ['window'],
  onsiteVisits: 0,
  ...extra,
});

/** The housing item also asks for the floor area, and delivers its own certificate before completing. */
const BUILD_ITEM = item(BUILD, 'housing', '建筑工程施工许可', {
  form: { type: 'object', properties: { 企业名称: { type: 'string', minLength: 2 }, 建筑面积: { type: 'number', minimum: 1 } }, required: ['企业名称', '建筑面积'] },
  workflow: [
    { name: '受理', kind: 'accept' },
    { name: '决定', kind: 'decide' },
    { name: '发证', kind: 'certify' },
    { name: '送达', kind: 'deliver' },
  ],
  delivery: ['window', 'mail'],
});

let t: TestServer;
const as: Record<string, Client> = {};
const digests: Record<string, string> = {};
const file = (material: string) => ({ material, digest: digests[material]! });
const application = (overrides: Record<string, unknown> = {}) => ({
  itemCodes: [FOOD, BUILD],
  leadDepartment: 'market',
  channel: 'online',
  applicant: { kind: 'enterprise', name: '老北京餐饮有限公司', creditCode: '91350100M000100Y43' },
  formData: { 企业名称: '老北京餐饮', 建筑面积: 300 },
  materials: [file('申请书'), file('食品经营许可申请材料'), file('建筑工程施工许可申请材料')],
  ...overrides,
});
/** The window's opinion when an online application passes pre-review (网上预审). */
const PRE_REVIEW = '材料齐全，符合法定形式';

const ok = (answer: Answer, status = 201) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body;
};

/** Waits until the bundle process and the views have taken in every event so far. */
const settled = () => settle(t);

async function publish(head: string, definition: Record<string, unknown>) {
  const code = definition['code'] as string;
  ok(await as[head]!.post('/api/catalog/items', definition));
  ok(await as[head]!.post(`/api/catalog/items/${code}/submit`));
  ok(await as['legal']!.post(`/api/catalog/items/${code}/approve`, { opinion: '依据充分' }));
  ok(await as[head]!.post(`/api/catalog/items/${code}/publish`));
}

beforeAll(async () => {
  t = await startTestServer({ now: '2026-09-22T09:00:00+08:00' });
  // The departments by their Chinese names, which the bundle shows: staffUp would name them by their codes.
  const admin = await t.login('admin', ADMIN_PASSWORD);
  const departments = { market: '市场监督管理局', housing: '住房和城乡建设局', health: '卫生健康委员会' };
  for (const [code, name] of Object.entries(departments)) ok(await admin.post('/api/admin/departments', { code, name, windows: [] }));
  await t.server.runner.settle();
  const users: Person[] = [
    ['applicant.a', 'applicant'],
    ['applicant.b', 'applicant'],
    ['m.window', 'window_staff', 'market'],
    ['m.reviewer', 'reviewer', 'market'],
    ['m.head', 'department_head', 'market'],
    ['h.window', 'window_staff', 'housing'],
    ['h.reviewer', 'reviewer', 'housing'],
    ['h.head', 'department_head', 'housing'],
    ['x.window', 'window_staff', 'health'],
    ['legal', 'legal_office'],
    ['supervisor', 'supervisor'],
  ];
  Object.assign(as, await staffUp(t, [], users, PASSWORD));
  for (const material of ['申请书', '食品经营许可申请材料', '建筑工程施工许可申请材料']) {
    digests[material] = (await t.server.engines.blobs.put(new TextEncoder().encode(`%PDF-1.4\n% ${material}\n%%EOF\n`), 'application/pdf')).digest;
  }
  await publish('m.head', item(FOOD, 'market', '食品经营许可'));
  await publish('m.head', item(DRUG, 'market', '药品经营许可'));
  await publish('h.head', BUILD_ITEM);
  ok(await as['h.head']!.post('/api/catalog/items', item(DRAFT, 'housing', '燃气经营许可')));
  await settled();
}, 120_000);
afterAll(async () => t?.close());

const ids: { bundle?: string; food?: string; build?: string } = {};

describe('bad bundle applications are refused clearly and write nothing', () => {
  it('items of one department only: apply for them separately', async () => {
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/bundles', application({ itemCodes: [FOOD, DRUG] })), 422, 'bundle.one_department');
  });

  it('a single item is not a bundle', async () => {
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/bundles', application({ itemCodes: [FOOD] })), 422, 'bundle.too_few_items');
  });

  it('a lead department that has no item in the bundle', async () => {
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/bundles', application({ leadDepartment: 'health' })), 422, 'bundle.lead_not_among');
  });

  it('an item that is not published', async () => {
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/bundles', application({ itemCodes: [FOOD, DRAFT] })), 409, 'bundle.item_not_published');
  });

  it('a shared form that one item’s schema refuses, naming that item', async () => {
    const answer = await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/bundles', application({ formData: { 企业名称: '老北京餐饮' } })), 422, 'case.form_invalid');
    expect(answer.body.details.itemCode).toBe(BUILD);
  });

  it('a reviewer cannot file one, and a malformed body is a 400', async () => {
    await refusedWithoutWriting(t, () => as['m.reviewer']!.post('/api/bundles', application()), 403);
    await refusedWithoutWriting(t, () => as['applicant.a']!.post('/api/bundles', { itemCodes: 'XK' }), 400, 'validation_failed');
  });
});

describe('Tuesday 22 September: one application, two sub-cases', () => {
  it('files the bundle and one sub-case per item, each with its own files', async () => {
    const bundle = ok(await as['applicant.a']!.post('/api/bundles', application()));
    ids.bundle = bundle.bundleId;
    expect(bundle).toMatchObject({
      bundleNo: expect.stringMatching(/^LB20260922-\d{5}$/),
      status: 'submitted',
      complete: false,
      leadDepartment: 'market',
      leadDepartmentName: '市场监督管理局',
      dueDate: null,
      items: [
        { itemCode: FOOD, department: 'market', caseId: expect.any(String), caseNo: expect.stringMatching(/^20260922-/), status: 'submitted' },
        { itemCode: BUILD, department: 'housing', caseId: expect.any(String), status: 'submitted' },
      ],
    });
    ids.food = bundle.items[0].caseId;
    ids.build = bundle.items[1].caseId;
    const food = ok(await as['applicant.a']!.get(`/api/cases/${ids.food}`), 200);
    expect(food).toMatchObject({ bundleId: ids.bundle, itemCode: FOOD, department: 'market', status: 'submitted', missingMaterials: [] });
    expect(food.materials.map((m: { material: string }) => m.material)).toEqual(['申请书', '食品经营许可申请材料']);
    const build = ok(await as['h.window']!.get(`/api/cases/${ids.build}`), 200);
    expect(build).toMatchObject({ bundleId: ids.bundle, department: 'housing', formData: { 建筑面积: 300 }, delivery: { chosen: 'window' } });
  });

  it('each department sees the bundle it has a sub-case in; the applicant their own; supervisors all', async () => {
    for (const user of ['applicant.a', 'm.window', 'h.reviewer', 'supervisor']) expect(ok(await as[user]!.get(`/api/bundles/${ids.bundle}`), 200).bundleId).toBe(ids.bundle);
    for (const user of ['applicant.b', 'x.window']) await refusedWithoutWriting(t, () => as[user]!.get(`/api/bundles/${ids.bundle}`), 404, 'bundle.not_found');
    expect(ok(await as['h.window']!.get('/api/bundles'), 200)).toMatchObject({ total: 1, items: [{ bundleId: ids.bundle }] });
    expect(ok(await as['x.window']!.get('/api/bundles'), 200).total).toBe(0);
    expect(ok(await as['applicant.b']!.get('/api/bundles'), 200).total).toBe(0);
  });

  it('the lead window cannot deliver a bundle whose sub-cases are still open', async () => {
    const answer = await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/bundles/${ids.bundle}/deliver`), 409, 'bundle.not_complete');
    expect(answer.body.details.waiting).toEqual([FOOD, BUILD]);
  });
});

describe('Wednesday 30 September: both windows accept; the joint limit runs', () => {
  it('the first acceptance starts the bundle’s 45 working days, over National Day: due 8 December', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-09-30T10:00:00+08:00');
    // Filed online: each window pre-reviews its sub-case (网上预审) before accepting it.
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${ids.food}/accept`), 409, 'case.pre_review_missing');
    ok(await as['m.window']!.post(`/api/cases/${ids.food}/pre-review`, { opinion: PRE_REVIEW }));
    ok(await as['h.window']!.post(`/api/cases/${ids.build}/pre-review`, { opinion: PRE_REVIEW }));
    await settled();
    // A pre-review starts no clock: the bundle still waits for its first acceptance.
    expect(ok(await as['m.head']!.get(`/api/bundles/${ids.bundle}`), 200)).toMatchObject({ status: 'submitted', dueDate: null });
    ok(await as['m.window']!.post(`/api/cases/${ids.food}/accept`));
    ok(await as['h.window']!.post(`/api/cases/${ids.build}/accept`));
    await settled();
    const bundle = ok(await as['m.head']!.get(`/api/bundles/${ids.bundle}`), 200);
    expect(bundle).toMatchObject({
      status: 'accepted',
      dueDate: '2026-12-08',
      clock: { startDate: '2026-09-30', limitDays: 45, legalBasis: '行政许可法 第四十二条第二款', extension: null },
      items: [{ status: 'accepted' }, { status: 'accepted' }],
      allowedActions: ['extend'],
    });
  });

  it('only the lead department’s head extends it: once, by 15 working days, with a reason', async () => {
    await refusedWithoutWriting(t, () => as['h.head']!.post(`/api/bundles/${ids.bundle}/extend`, { reason: '需联合踏勘' }), 403, 'bundle.not_lead_department');
    await refusedWithoutWriting(t, () => as['m.head']!.post(`/api/bundles/${ids.bundle}/extend`, {}), 400, 'validation_failed');
    const bundle = ok(await as['m.head']!.post(`/api/bundles/${ids.bundle}/extend`, { reason: '需联合现场踏勘' }));
    expect(bundle).toMatchObject({ dueDate: '2026-12-29', clock: { extension: { days: 15, reason: '需联合现场踏勘' } }, allowedActions: [] });
    await refusedWithoutWriting(t, () => as['m.head']!.post(`/api/bundles/${ids.bundle}/extend`, { reason: '再次延长' }), 409, 'bundle.already_extended');
  });
});

describe('Monday 12 October: each department decides, certifies and completes its own sub-case', () => {
  it('the market sub-case is granted, certified and completed: the bundle waits for housing', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-10-12T10:00:00+08:00');
    ok(await as['m.reviewer']!.post(`/api/cases/${ids.food}/decide`, { granted: true }));
    ok(await as['m.window']!.post(`/api/cases/${ids.food}/issue-certificate`, {}));
    expect(ok(await as['m.window']!.post(`/api/cases/${ids.food}/complete`)).status).toBe('completed');
    await settled();
    const bundle = ok(await as['applicant.a']!.get(`/api/bundles/${ids.bundle}`), 200);
    expect(bundle).toMatchObject({ status: 'accepted', complete: false, items: [{ status: 'completed', outcome: 'granted' }, { status: 'accepted' }] });
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/bundles/${ids.bundle}/deliver`), 409, 'bundle.not_complete');
  });

  it('the housing sub-case is granted, certified, delivered at its window and completed: the bundle is complete', async () => {
    ok(await as['h.reviewer']!.post(`/api/cases/${ids.build}/decide`, { granted: true }));
    ok(await as['h.window']!.post(`/api/cases/${ids.build}/issue-certificate`, {}));
    ok(await as['h.window']!.post(`/api/cases/${ids.build}/deliver`, {}));
    ok(await as['h.window']!.post(`/api/cases/${ids.build}/complete`));
    await settled();
    const bundle = ok(await as['m.window']!.get(`/api/bundles/${ids.bundle}`), 200);
    expect(bundle).toMatchObject({
      status: 'completed',
      complete: true,
      completedAt: expect.any(String),
      items: [
        { itemCode: FOOD, status: 'completed', outcome: 'granted' },
        { itemCode: BUILD, status: 'completed', outcome: 'granted' },
      ],
      allowedActions: ['deliver'],
    });
  });
});

describe('one delivery at the lead department’s window (统一出件)', () => {
  it('another department’s staff cannot deliver it: housing is refused, health cannot even see it', async () => {
    await refusedWithoutWriting(t, () => as['h.window']!.post(`/api/bundles/${ids.bundle}/deliver`), 403, 'bundle.not_lead_department');
    await refusedWithoutWriting(t, () => as['x.window']!.post(`/api/bundles/${ids.bundle}/deliver`), 404, 'bundle.not_found');
  });

  it('the market window delivers the bundle once', async () => {
    const bundle = ok(await as['m.window']!.post(`/api/bundles/${ids.bundle}/deliver`));
    expect(bundle).toMatchObject({ status: 'delivered', complete: true, delivery: { department: 'market' }, allowedActions: [] });
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/bundles/${ids.bundle}/deliver`), 409, 'bundle.already_delivered');
  });
});

describe('the bundle process survives a restart', () => {
  it('replayed from checkpoint 0, it opens no sub-case and records no progress twice', async () => {
    await settled();
    const before = await t.server.engines.events.headPosition();
    await t.server.processes.stop();
    await t.server.engines.documents.drop([], ['process:bundles@1']);
    await t.server.processes.start();
    await settled();
    expect(await t.server.engines.events.headPosition()).toBe(before);
    const submitted = (await t.server.engines.events.readAll({ categories: ['case'] })).filter((e) => e.type === 'CaseSubmitted' && (e.data as { bundleId?: string }).bundleId === ids.bundle);
    expect(submitted.map((e) => (e.data as { item: { code: string } }).item.code).sort()).toEqual([FOOD, BUILD].sort());
    const bundle = await t.server.engines.events.readStream(`bundle-${ids.bundle}`);
    expect(bundle.filter((e) => e.type === 'SubCaseOpened')).toHaveLength(2);
    expect(bundle.filter((e) => e.type === 'BundleCompleted')).toHaveLength(1);
    expect((await t.server.processes.status()).find((s) => s.name === 'bundles')).toMatchObject({ state: 'live' });
  });
});
