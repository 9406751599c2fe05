import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveClockTo, staffUp, startTestServer, type Client, type Person, type TestServer } from '../support/server.js';

const PASSWORD = 'slice-pass-1';
const ITEM = {
  code: 'XK00101001',
  name: '食品经营许可',
  type: 'license',
  department: 'market',
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  fee: { kind: 'free' },
  materials: [{ name: '营业执照', form: 'copy', count: 1, required: true }],
  onsiteVisits: 0,
};
const APPLICATION = {
  itemCode: ITEM.code,
  channel: 'online',
  applicant: { kind: 'person', name: '张小三', idNumber: '11010519491231002X' },
  formData: { 经营场所面积: 80 },
  // The business license, as uploaded to the material store (its digest is filled in before the tests).
  materials: [{ material: '营业执照', digest: '' }],
};

let t: TestServer;
const as: Record<string, Client> = {};

beforeAll(async () => {
  // Thursday 2026-09-24: ten working days later crosses the Mid-Autumn (Sep 25–27) and National
  // Day (Oct 1–7) holidays and the make-up workday on Saturday Oct 10.
  t = await startTestServer({ now: '2026-09-24T10:00:00+08:00' });
  const users: Person[] = [
    ['applicant.a', 'applicant'],
    ['applicant.b', 'applicant'],
    ['m.window', 'window_staff', 'market'],
    ['m.reviewer', 'reviewer', 'market'],
    ['m.head', 'department_head', 'market'],
    ['h.window', 'window_staff', 'housing'],
    ['h.reviewer', 'reviewer', 'housing'],
    ['legal', 'legal_office'],
    ['supervisor', 'supervisor'],
    ['auditor', 'auditor'],
    ['leader', 'leader'],
  ];
  Object.assign(as, await staffUp(t, ['market', 'housing'], users, PASSWORD));
  const license = await t.server.engines.blobs.put(new TextEncoder().encode('%PDF-1.4\n% 营业执照\n%%EOF\n'), 'application/pdf');
  APPLICATION.materials[0]!.digest = license.digest;
}, 120_000);
afterAll(async () => t?.close());

describe('a service item, from draft to publication', () => {
  it('cannot be applied for before the legal office approved and it was published', async () => {
    expect((await as['m.head']!.post('/api/catalog/items', ITEM)).status).toBe(201);
    const early = await as['applicant.a']!.post('/api/cases', APPLICATION);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('case.item_not_published');
  });

  it('refuses a promised limit longer than the statutory one, in Chinese and English', async () => {
    const answer = await as['m.head']!.post('/api/catalog/items', { ...ITEM, code: 'XK00101002', promisedLimitDays: 25 });
    expect(answer.status).toBe(422);
    expect(answer.body.message.zh).toMatch(/承诺时限/);
    expect(answer.body.message.en).toBeTruthy();
  });

  it('does not let a department head draft items for another department', async () => {
    const answer = await as['m.head']!.post('/api/catalog/items', { ...ITEM, code: 'XK00201001', department: 'housing' });
    expect(answer.status).toBe(403);
  });

  it('goes through legal review and publication', async () => {
    expect((await as['m.head']!.post(`/api/catalog/items/${ITEM.code}/submit`)).status).toBe(201);
    expect((await as['m.head']!.post(`/api/catalog/items/${ITEM.code}/approve`)).status).toBe(403);
    expect((await as['legal']!.post(`/api/catalog/items/${ITEM.code}/approve`, { opinion: '同意' })).status).toBe(201);
    expect((await as['m.head']!.post(`/api/catalog/items/${ITEM.code}/publish`)).status).toBe(201);
    await t.server.runner.settle();
    const list = await as['applicant.a']!.get('/api/catalog/items');
    expect(list.body.items).toEqual([expect.objectContaining({ code: ITEM.code, status: 'published', version: 1 })]);
  });
});

describe('a case, from application to completion', () => {
  let caseId: string;

  it('is submitted by the applicant under the published version, with a case number', async () => {
    const answer = await as['applicant.a']!.post('/api/cases', APPLICATION);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'submitted', itemCode: ITEM.code, caseNo: expect.stringMatching(/^20260924-\d{5}$/) });
    caseId = answer.body.caseId;
  });

  it('is shown to its own applicant in full and to nobody else’s', async () => {
    expect((await as['applicant.a']!.get(`/api/cases/${caseId}`)).body.applicant.idNumber).toBe('11010519491231002X');
    expect((await as['applicant.b']!.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await as['applicant.b']!.get('/api/cases')).body.total).toBe(0);
  });

  it('masks the applicant in the staff list', async () => {
    const list = await as['m.window']!.get('/api/cases');
    expect(list.body.items).toEqual([expect.objectContaining({ caseId, applicantName: '张**' })]);
    expect(JSON.stringify(list.body)).not.toContain('11010519491231002X');
  });

  it('is invisible to another department, which cannot act on it either', async () => {
    expect((await as['h.window']!.get('/api/cases')).body.total).toBe(0);
    expect((await as['h.window']!.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await as['h.window']!.post(`/api/cases/${caseId}/accept`)).status).toBe(404);
  });

  it('cannot be decided before it is accepted', async () => {
    const answer = await as['m.reviewer']!.post(`/api/cases/${caseId}/decide`, { granted: true });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('case.wrong_status');
  });

  it('is accepted at the window; the due date counts working days over the holiday', async () => {
    const answer = await as['m.window']!.post(`/api/cases/${caseId}/accept`, {}, { 'idempotency-key': 'accept-once-1' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    // Sep 24 (Thu) + 10 working days: Sep 28, 29, 30, Oct 8, 9, 10 (make-up Saturday), 12, 13, 14, 15.
    expect(answer.body).toMatchObject({ status: 'accepted', dueDate: '2026-10-15', light: 'green' });
    // The window's part is done: deciding is the reviewer's.
    expect(answer.body.allowedActions).not.toContain('grant');
    const again = await as['m.window']!.post(`/api/cases/${caseId}/accept`, {}, { 'idempotency-key': 'accept-once-1' });
    expect(again.status).toBe(201);
    const history = await as['auditor']!.get(`/api/cases/${caseId}/history`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['CaseSubmitted', 'CaseAccepted']);
  });

  it('lets supervisors read it but not act on it', async () => {
    expect((await as['supervisor']!.get(`/api/cases/${caseId}`)).status).toBe(200);
    expect((await as['supervisor']!.post(`/api/cases/${caseId}/decide`, { granted: true })).status).toBe(403);
  });

  it('waits for the opinion at the review step before a decision', async () => {
    expect((await as['m.reviewer']!.get(`/api/cases/${caseId}`)).body.allowedActions).not.toContain('grant');
    const early = await as['m.reviewer']!.post(`/api/cases/${caseId}/decide`, { granted: true });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'case.reviews_missing', details: { steps: ['审查'] } });
    const reviewed = await as['m.reviewer']!.post(`/api/cases/${caseId}/review`, { step: '审查', opinion: '材料齐全，符合法定形式' });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(201);
    expect(reviewed.body.allowedActions).toEqual(expect.arrayContaining(['grant', 'deny']));
  });

  it('turns yellow two working days before the due date', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-10-14T10:00:00+08:00');
    expect((await as['m.reviewer']!.get(`/api/cases/${caseId}`)).body).toMatchObject({ light: 'yellow', allowedActions: expect.arrayContaining(['grant', 'deny']) });
    const yellow = await as['supervisor']!.get('/api/cases?light=yellow');
    expect(yellow.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
  });

  it('refuses a denial without reasons, then records one with the appeal rights', async () => {
    const bare = await as['m.reviewer']!.post(`/api/cases/${caseId}/decide`, { granted: false });
    expect(bare.status).toBe(422);
    expect(bare.body.code).toBe('case.denial_needs_reasons');
    const denied = await as['m.reviewer']!.post(`/api/cases/${caseId}/decide`, { granted: false, reasons: '经营场所不符合卫生要求' });
    expect(denied.status).toBe(201);
    expect(denied.body.decision).toMatchObject({ granted: false, reasons: ['经营场所不符合卫生要求'] });
    expect(JSON.stringify(denied.body.decision.appealRights)).toMatch(/行政复议/);
  });

  it('is completed at the window and shows its whole timeline', async () => {
    const answer = await as['m.window']!.post(`/api/cases/${caseId}/complete`);
    expect(answer.status).toBe(201);
    expect(answer.body.status).toBe('completed');
    expect(answer.body.timeline.map((e: { type: string }) => e.type)).toEqual(['CaseSubmitted', 'CaseAccepted', 'CaseReviewed', 'CaseDenied', 'CaseCompleted']);
  });

  it('is counted in the leader’s chart from the warehouse', async () => {
    await t.server.runner.settle();
    const chart = await as['leader']!.get('/api/analytics/cases-by-department?days=90');
    expect(chart.body.rows).toEqual([{ department: 'market', departmentName: 'market', total: 1, completed: 1, onTime: 1, overdue: 0 }]);
  });
});

describe('bad input', () => {
  it('names the field that is wrong', async () => {
    const answer = await as['applicant.a']!.post('/api/cases', { ...APPLICATION, applicant: { kind: 'robot', name: '' } });
    expect(answer.status).toBe(400);
    expect(answer.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['applicant.kind', 'applicant.name']);
  });

  it('refuses an unknown item and an unknown case without a server error', async () => {
    expect((await as['applicant.a']!.post('/api/cases', { ...APPLICATION, itemCode: 'XK00000000' })).status).toBe(404);
    expect((await as['m.window']!.post('/api/cases/not-a-case/accept')).status).toBe(404);
    expect((await as['m.window']!.get('/api/cases?limit=0')).status).toBe(400);
  });

  it('refuses a malformed idempotency key', async () => {
    expect((await as['applicant.a']!.post('/api/cases', APPLICATION, { 'idempotency-key': 'bad key!' })).status).toBe(400);
  });
});
