import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveClockTo, refusedWithoutWriting, staffUp, startTestServer, type Client, type Person, type TestServer } from '../support/server.js';

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
/** The window's opinion when an online application passes pre-review (网上预审). */
const PRE_REVIEW = '材料齐全，符合法定形式';

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
    expect((await as['h.window']!.post(`/api/cases/${caseId}/pre-review`, { opinion: PRE_REVIEW })).status).toBe(404);
  });

  it('cannot be decided before it is accepted', async () => {
    const answer = await as['m.reviewer']!.post(`/api/cases/${caseId}/decide`, { granted: true });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('case.wrong_status');
  });

  it('made online, it cannot be accepted before the window has pre-reviewed it (网上预审)', async () => {
    const seen = await as['m.window']!.get(`/api/cases/${caseId}`);
    expect(seen.body).toMatchObject({ channel: 'online', status: 'submitted', missingMaterials: [], preReview: null });
    // The window is offered the pre-review, not the acceptance.
    expect(seen.body.allowedActions).toContain('pre-review');
    expect(seen.body.allowedActions).not.toContain('accept');
    const early = await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${caseId}/accept`), 409, 'case.pre_review_missing');
    expect(early.body.message.zh).toMatch(/预审/);
  });

  it('a pre-review needs an opinion, and comes from the department’s own window', async () => {
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${caseId}/pre-review`, {}), 400, 'validation_failed');
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${caseId}/pre-review`, { opinion: '   ' }), 422, 'case.opinion_required');
    await refusedWithoutWriting(t, () => as['m.reviewer']!.post(`/api/cases/${caseId}/pre-review`, { opinion: PRE_REVIEW }), 403);
    await refusedWithoutWriting(t, () => as['applicant.a']!.post(`/api/cases/${caseId}/pre-review`, { opinion: PRE_REVIEW }), 403);
  });

  it('passes pre-review with the window’s opinion: it can be accepted now, and is not pre-reviewed twice', async () => {
    const answer = await as['m.window']!.post(`/api/cases/${caseId}/pre-review`, { opinion: PRE_REVIEW });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    // Still waiting for acceptance: the clock has not started.
    expect(answer.body).toMatchObject({ status: 'submitted', preReview: { opinion: PRE_REVIEW, at: '2026-09-24T02:00:00.000Z' }, clock: null });
    expect(answer.body.allowedActions).toContain('accept');
    expect(answer.body.allowedActions).not.toContain('pre-review');
    expect(answer.body.timeline.at(-1)).toMatchObject({ type: 'CasePreReviewed', actorRole: 'window_staff', summary: { zh: expect.stringContaining(PRE_REVIEW) } });
    // The applicant sees the opinion on their case.
    expect((await as['applicant.a']!.get(`/api/cases/${caseId}`)).body.preReview).toEqual({ opinion: PRE_REVIEW, at: '2026-09-24T02:00:00.000Z' });
    const again = await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${caseId}/pre-review`, { opinion: '再次预审' }), 409, 'case.already_pre_reviewed');
    expect(again.body.details).toEqual({ preReviewedAt: '2026-09-24T02:00:00.000Z' });
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
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['CaseSubmitted', 'CasePreReviewed', 'CaseAccepted']);
  });

  it('lets supervisors read it but not act on it', async () => {
    expect((await as['supervisor']!.get(`/api/cases/${caseId}`)).status).toBe(200);
    expect((await as['supervisor']!.post(`/api/cases/${caseId}/decide`, { granted: true })).status).toBe(403);
  });

  it('waits for the opinion at the review step before a decision', async () => {
    const before = (await as['m.reviewer']!.get(`/api/cases/${caseId}`)).body;
    expect(before.allowedActions).not.toContain('grant');
    expect(before.reviewsToDo).toEqual(['审查']);
    const early = await as['m.reviewer']!.post(`/api/cases/${caseId}/decide`, { granted: true });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'case.reviews_missing', details: { steps: ['审查'] } });
    const reviewed = await as['m.reviewer']!.post(`/api/cases/${caseId}/review`, { step: '审查', opinion: '材料齐全，符合法定形式' });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(201);
    expect(reviewed.body.allowedActions).toEqual(expect.arrayContaining(['grant', 'deny']));
    expect(reviewed.body.reviewsToDo).toEqual([]);
  });

  it('turns yellow two working days before the due date', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-10-14T10:00:00+08:00');
    expect((await as['m.reviewer']!.get(`/api/cases/${caseId}`)).body).toMatchObject({ light: 'yellow', allowedActions: expect.arrayContaining(['grant', 'deny']) });
    const yellow = await as['supervisor']!.get('/api/cases?light=yellow');
    expect(yellow.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
  });

  it('keeps its yellow light while the clock is suspended, and in the supervisor’s yellow list', async () => {
    const suspended = await as['m.reviewer']!.post(`/api/cases/${caseId}/suspend`, { procedure: 'expert_review', reason: '组织专家评审' });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(201);
    expect(suspended.body).toMatchObject({ status: 'suspended', light: 'yellow' });
    const listed = async (light: string) => (await as['supervisor']!.get(`/api/cases?light=${light}`)).body.items.map((c: { caseId: string }) => c.caseId);
    expect(await listed('yellow')).toEqual([caseId]);
    expect(await listed('red')).toEqual([]);
    // Resumed the same day: no working day stood still, the due date stays.
    const resumed = await as['m.reviewer']!.post(`/api/cases/${caseId}/resume`);
    expect(resumed.body).toMatchObject({ status: 'accepted', light: 'yellow', clock: { suspendedDays: 0 } });
    expect(await listed('yellow')).toEqual([caseId]);
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
    expect(answer.body.timeline.map((e: { type: string }) => e.type)).toEqual(['CaseSubmitted', 'CasePreReviewed', 'CaseAccepted', 'CaseReviewed', 'CaseSuspended', 'CaseResumed', 'CaseDenied', 'CaseCompleted']);
  });

  it('is counted in the leader’s chart from the warehouse', async () => {
    await t.server.runner.settle();
    const chart = await as['leader']!.get('/api/analytics/cases-by-department?days=90');
    expect(chart.body.rows).toEqual([{ department: 'market', departmentName: 'market', total: 1, completed: 1, onTime: 1, overdue: 0 }]);
  });
});

describe('网上预审 applies to online applications only, and again after a supplement', () => {
  it('a case filed at the window has no pre-review step: it is accepted directly', async () => {
    const filed = await as['m.window']!.post('/api/cases', { ...APPLICATION, channel: 'window' });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ channel: 'window', status: 'submitted', preReview: null });
    expect(filed.body.allowedActions).toContain('accept');
    expect(filed.body.allowedActions).not.toContain('pre-review');
    const answer = await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${filed.body.caseId}/pre-review`, { opinion: PRE_REVIEW }), 409, 'case.no_pre_review');
    expect(answer.body.details).toEqual({ channel: 'window' });
    const accepted = await as['m.window']!.post(`/api/cases/${filed.body.caseId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body).toMatchObject({ status: 'accepted', preReview: null });
    expect(accepted.body.timeline.map((e: { type: string }) => e.type)).toEqual(['CaseSubmitted', 'CaseAccepted']);
  });

  it('materials handed in after a supplement notice are pre-reviewed again before acceptance', async () => {
    const filed = await as['applicant.a']!.post('/api/cases', APPLICATION);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.caseId;
    expect((await as['m.window']!.post(`/api/cases/${id}/pre-review`, { opinion: PRE_REVIEW })).body.preReview).toMatchObject({ opinion: PRE_REVIEW });
    const notice = { missing: [{ material: '营业执照', reason: '复印件不清晰，请重新上传' }] };
    expect((await as['m.window']!.post(`/api/cases/${id}/request-supplement`, notice)).body.status).toBe('supplement_requested');
    const supplemented = await as['applicant.a']!.post(`/api/cases/${id}/supplement`, { materials: APPLICATION.materials });
    expect(supplemented.status, JSON.stringify(supplemented.body)).toBe(201);
    expect(supplemented.body).toMatchObject({ status: 'submitted', preReview: null });
    const seen = (await as['m.window']!.get(`/api/cases/${id}`)).body;
    expect(seen.allowedActions).toContain('pre-review');
    expect(seen.allowedActions).not.toContain('accept');
    await refusedWithoutWriting(t, () => as['m.window']!.post(`/api/cases/${id}/accept`), 409, 'case.pre_review_missing');
    const again = await as['m.window']!.post(`/api/cases/${id}/pre-review`, { opinion: '补正材料齐全，符合法定形式' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.preReview).toMatchObject({ opinion: '补正材料齐全，符合法定形式' });
    const accepted = await as['m.window']!.post(`/api/cases/${id}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.timeline.map((e: { type: string }) => e.type)).toEqual(['CaseSubmitted', 'CasePreReviewed', 'CaseSupplementRequested', 'CaseSupplemented', 'CasePreReviewed', 'CaseAccepted']);
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
