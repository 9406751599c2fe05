import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveClockTo, staffUp, startTestServer, type Client, type Person, type TestServer } from '../support/server.js';

const PASSWORD = 'rating-pass-1';
let t: TestServer;
const as: Record<string, Client> = {};
let caseA: string;
let caseB: string;
let seeded = 0;

/**
 * A case of the market department as the `cases` view holds it: the view is all a rating reads of
 * its case (applicant, department, number, item), so the cases are written there directly and
 * these tests exercise ratings alone.
 */
async function seedCase(applicant: string, caseNo: string): Promise<string> {
  const applicantId = (await as[applicant]!.get('/api/auth/me')).body.user.id as string;
  const caseId = `00000000-0000-5000-8000-00000000000${++seeded}`;
  const doc = { caseId, caseNo, itemCode: 'XK00101001', itemName: '食品经营许可', department: 'market', applicantId, status: 'completed', submittedAt: '2026-09-20T02:00:00.000Z' };
  await t.server.engines.documents.write([{ op: 'upsert', collection: 'cases', id: caseId, doc, position: 1_000_000 + seeded }]);
  return caseId;
}

beforeAll(async () => {
  // Thursday 2026-09-24: fifteen working days later crosses Mid-Autumn, National Day and the 调休 Saturday.
  t = await startTestServer({ now: '2026-09-24T10:00:00+08:00' });
  const users: Person[] = [
    ['applicant.a', 'applicant'],
    ['applicant.b', 'applicant'],
    ['m.window', 'window_staff', 'market'],
    ['m.reviewer', 'reviewer', 'market'],
    ['m.head', 'department_head', 'market'],
    ['h.window', 'window_staff', 'housing'],
    ['h.head', 'department_head', 'housing'],
    ['supervisor', 'supervisor'],
  ];
  Object.assign(as, await staffUp(t, ['market', 'housing'], users, PASSWORD));

  caseA = await seedCase('applicant.a', '20260920-00001');
  caseB = await seedCase('applicant.b', '20260920-00002');
}, 120_000);
afterAll(async () => t?.close());

describe('rating a case (评价)', () => {
  it('refuses a score of 0 or 6 and names the field', async () => {
    for (const score of [0, 6, 2.5]) {
      const answer = await as['applicant.a']!.post(`/api/cases/${caseA}/rating`, { score, channel: 'portal' });
      expect(answer.status).toBe(400);
      expect(answer.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['score']);
      expect(answer.body.message.zh).toContain('score');
    }
  });

  it('does not let anyone rate someone else’s case: to them it does not exist', async () => {
    const other = await as['applicant.b']!.post(`/api/cases/${caseA}/rating`, { score: 5, channel: 'portal' });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('case.not_found');
    expect((await as['h.window']!.post(`/api/cases/${caseA}/rating`, { score: 5, channel: 'window_tablet' })).status).toBe(404);
    expect((await as['applicant.a']!.post('/api/cases/no-such-case/rating', { score: 5, channel: 'portal' })).status).toBe(404);
  });

  it('lets window staff record only a rating given on the window tablet', async () => {
    const answer = await as['m.window']!.post(`/api/cases/${caseA}/rating`, { score: 5, channel: 'portal' });
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('rating.window_tablet_only');
  });

  it('takes the applicant’s bad rating and opens a rectification due on the 15th working day', async () => {
    const answer = await as['applicant.a']!.post(`/api/cases/${caseA}/rating`, { score: 1, channel: 'portal', comment: '窗口排队两个小时' }, { 'idempotency-key': 'rate-case-a-1' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    // Sep 28, 29, 30, Oct 8, 9, 10 (make-up Saturday), 12 … 16, 19 … 22.
    expect(answer.body).toMatchObject({
      caseId: caseA,
      score: 1,
      level: { zh: '非常不满意' },
      bad: true,
      channel: 'portal',
      comment: '窗口排队两个小时',
      status: 'awaiting_verification',
      dueDate: '2026-10-22',
      overdue: false,
      allowedActions: [],
    });
    const retried = await as['applicant.a']!.post(`/api/cases/${caseA}/rating`, { score: 1, channel: 'portal', comment: '窗口排队两个小时' }, { 'idempotency-key': 'rate-case-a-1' });
    expect(retried.status).toBe(201);
  });

  it('refuses a second rating of the same case', async () => {
    const again = await as['applicant.a']!.post(`/api/cases/${caseA}/rating`, { score: 5, channel: 'portal' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('rating.already_rated');
    expect((await as['m.window']!.post(`/api/cases/${caseA}/rating`, { score: 5, channel: 'window_tablet' })).status).toBe(409);
  });

  it('records a good rating from the window tablet: nothing to rectify', async () => {
    const answer = await as['h.window']!.post(`/api/cases/${caseB}/rating`, { score: 5, channel: 'window_tablet' });
    expect(answer.status).toBe(404); // housing staff: another department's case
    const market = await as['m.window']!.post(`/api/cases/${caseB}/rating`, { score: 5, channel: 'window_tablet' });
    expect(market.status, JSON.stringify(market.body)).toBe(201);
    expect(market.body).toMatchObject({ score: 5, level: { zh: '非常满意' }, bad: false, status: 'rated' });
    expect(market.body).not.toHaveProperty('dueDate');
    expect((await as['m.head']!.post(`/api/ratings/${caseB}/verify`, { finding: 'verified', reason: '?' })).status).toBe(409);
  });
});

describe('the list of ratings', () => {
  it('shows department staff their department’s, applicants their own, supervisors all', async () => {
    const ids = async (who: string, query = '') => (await as[who]!.get(`/api/ratings${query}`)).body.items.map((r: { caseId: string }) => r.caseId).sort();
    expect(await ids('m.head')).toEqual([caseA, caseB].sort());
    expect(await ids('m.head', '?bad=true')).toEqual([caseA]);
    expect(await ids('h.head')).toEqual([]);
    expect(await ids('supervisor', '?department=market&bad=true')).toEqual([caseA]);
    expect(await ids('supervisor', '?department=housing')).toEqual([]);
    expect(await ids('applicant.a')).toEqual([caseA]);
    expect(await ids('applicant.b')).toEqual([caseB]);
    const list = await as['m.head']!.get('/api/ratings?bad=true');
    expect(list.body.items[0]).toMatchObject({ allowedActions: ['verify'] });
    expect(JSON.stringify(list.body)).not.toContain('applicantId');
  });

  it('refuses a filter it does not know how to read', async () => {
    expect((await as['supervisor']!.get('/api/ratings?bad=maybe')).status).toBe(400);
  });
});

describe('a bad rating, verified, rectified and called back', () => {
  it('cannot be rectified or called back before it is verified', async () => {
    const rectify = await as['m.head']!.post(`/api/ratings/${caseA}/rectify`, { measures: '增开窗口' });
    expect(rectify.status).toBe(409);
    expect(rectify.body.code).toBe('rating.wrong_status');
    expect((await as['m.head']!.post(`/api/ratings/${caseA}/callback`, { satisfied: true })).status).toBe(409);
  });

  it('is verified by the head of its department only', async () => {
    expect((await as['h.head']!.post(`/api/ratings/${caseA}/verify`, { finding: 'verified', reason: '属实' })).status).toBe(404);
    expect((await as['m.reviewer']!.post(`/api/ratings/${caseA}/verify`, { finding: 'verified', reason: '属实' })).status).toBe(403);
    const noReason = await as['m.head']!.post(`/api/ratings/${caseA}/verify`, { finding: 'verified', reason: '' });
    expect(noReason.status).toBe(400);
    const answer = await as['m.head']!.post(`/api/ratings/${caseA}/verify`, { finding: 'verified', reason: '当日高峰时段仅开一个窗口，属实' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ status: 'awaiting_rectification', verification: { finding: 'verified', onTime: true }, allowedActions: ['rectify'] });
  });

  it('shows as overdue once its due date has passed unrectified', async () => {
    await moveClockTo(t, as, PASSWORD, '2026-10-22T18:00:00+08:00');
    expect((await as['supervisor']!.get('/api/ratings?overdue=true')).body.total).toBe(0);
    await moveClockTo(t, as, PASSWORD, '2026-10-23T09:00:00+08:00');
    const overdue = await as['supervisor']!.get('/api/ratings?overdue=true');
    expect(overdue.body.items).toEqual([expect.objectContaining({ caseId: caseA, overdue: true, dueDate: '2026-10-22' })]);
  });

  it('is rectified, late, and leaves the overdue list', async () => {
    const answer = await as['m.head']!.post(`/api/ratings/${caseA}/rectify`, { measures: '高峰时段增开两个窗口，推行预约分时办理' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ status: 'awaiting_callback', rectified: { onTime: false }, overdue: false, allowedActions: ['callback'] });
    expect((await as['supervisor']!.get('/api/ratings?overdue=true')).body.total).toBe(0);
  });

  it('is closed by the callback, with every step on record', async () => {
    const answer = await as['m.head']!.post(`/api/ratings/${caseA}/callback`, { satisfied: true, note: '申请人对整改表示认可' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ status: 'closed', callback: { satisfied: true, note: '申请人对整改表示认可' }, allowedActions: [] });
    expect(answer.body.steps.map((s: { type: string }) => s.type)).toEqual(['ServiceRated', 'RectificationOpened', 'ComplaintVerified', 'ServiceRectified', 'ApplicantCalledBack']);
    expect((await as['m.head']!.post(`/api/ratings/${caseA}/callback`, { satisfied: true })).status).toBe(409);
  });

  it('reaches the warehouse as one row of facts per rating', async () => {
    await t.server.runner.settle();
    const rows = await t.server.engines.warehouse.query(
      'SELECT case_id, department, score, bad, status, toString(due_date) AS due, finding, resolved_on_time, satisfied FROM rating_facts_latest ORDER BY score',
    );
    expect(rows.map((r) => ({ ...r, score: Number(r.score), bad: Number(r.bad) }))).toMatchObject([
      { case_id: caseA, department: 'market', score: 1, bad: 1, status: 'closed', due: '2026-10-22', finding: 'verified', resolved_on_time: 0, satisfied: 1 },
      { case_id: caseB, department: 'market', score: 5, bad: 0, status: 'rated', due: null },
    ]);
  });
});

describe('rating by the link in an SMS (短信评价)', () => {
  it('lets the applicant rate once through the signed link, without logging in', async () => {
    const caseC = await seedCase('applicant.b', '20260920-00003');
    const link = await as['m.window']!.get(`/api/cases/${caseC}/rating-link`);
    expect(link.status).toBe(200);
    expect(link.body.path).toBe(`/rate/${link.body.token}`);
    const info = await t.anonymous.get(`/api/ratings/by-link/${link.body.token}`);
    expect(info.body).toEqual({ caseNo: '20260920-00003', itemName: '食品经营许可', department: 'market', rated: false });
    expect(JSON.stringify(info.body)).not.toContain('applicant');

    const rated = await t.anonymous.post('/api/ratings/by-link', { token: link.body.token, score: 4, comment: '办事很快' });
    expect(rated.status).toBe(201);
    expect(rated.body).toEqual({ caseId: caseC, score: 4, channel: 'sms' });
    const listed = await as['applicant.b']!.get('/api/ratings');
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: caseC, score: 4, channel: 'sms' })]));

    const again = await t.anonymous.post('/api/ratings/by-link', { token: link.body.token, score: 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('rating.already_rated');
    expect((await t.anonymous.get(`/api/ratings/by-link/${link.body.token}`)).body.rated).toBe(true);
  });

  it('refuses a forged or altered link, and another department’s staff cannot issue one', async () => {
    const caseD = await seedCase('applicant.a', '20260920-00004');
    const { token } = (await as['m.window']!.get(`/api/cases/${caseD}/rating-link`)).body as { token: string };
    const [payload, signature] = token.split('.') as [string, string];
    const otherCase = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), c: caseA })).toString('base64url');
    for (const forged of [`${otherCase}.${signature}`, `${payload}.${'A'.repeat(signature.length)}`, 'not-a-token-at-all']) {
      const answer = await t.anonymous.post('/api/ratings/by-link', { token: forged, score: 5 });
      expect(answer.status, forged).toBe(422);
      expect(answer.body.code).toBe('rating.link_invalid');
    }
    expect((await as['h.window']!.get(`/api/cases/${caseD}/rating-link`)).status).toBe(404);
  });

  it('stops working thirty days after it was sent', async () => {
    const caseE = await seedCase('applicant.a', '20260920-00005');
    const { token } = (await as['m.window']!.get(`/api/cases/${caseE}/rating-link`)).body as { token: string };
    await moveClockTo(t, as, PASSWORD, new Date(t.clock.now().getTime() + 31 * 86_400_000).toISOString());
    const late = await t.anonymous.post('/api/ratings/by-link', { token, score: 5 });
    expect(late.status).toBe(422);
    expect(late.body.message.zh).toBe('评价链接无效或已过期');
  });
});
