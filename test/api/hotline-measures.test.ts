import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OCTOBER } from '../projections/ticket-facts-history.js';
import { staffUp, startTestServer, type Client, type TestServer } from '../support/server.js';

const PASSWORD = 'measures-pass-1';
const OCT = 'from=2026-10-01&to=2026-10-31';

let t: TestServer;
let as: Record<string, Client>;

beforeAll(async () => {
  // The clock stands at 2 November 2026 09:00 China time, as the hand-counted history expects.
  t = await startTestServer({ now: '2026-11-02T09:00:00+08:00' });
  as = await staffUp(t, ['market', 'housing'], [
    ['leader', 'leader'],
    ['auditor', 'auditor'],
    ['operator', 'hotline_operator'],
    ['market.handler', 'department_handler', 'market'],
    ['market.head', 'department_head', 'market'],
    ['housing.handler', 'department_handler', 'housing'],
    ['market.window', 'window_staff', 'market'],
  ], PASSWORD);
  // The tickets' events as the hotline context writes them.
  for (const [stream, event, by] of OCTOBER) {
    await t.server.engines.events.append(stream, [{ id: randomUUID(), type: event.type, data: event.data, metadata: { actorId: by.actorId, actorRole: by.actorRole } }], 'any');
  }
  await t.server.runner.settle();
}, 120_000);
afterAll(async () => t?.close());

describe('GET /api/hotline/measures', () => {
  it('the city and the center see every department', async () => {
    for (const who of ['leader', 'auditor', 'operator']) {
      const answer = await as[who]!.get(`/api/hotline/measures?${OCT}&by=department`);
      expect(answer.status, who).toBe(200);
      expect(answer.body.rows.map((r: { key: string }) => r.key)).toEqual(['housing', 'market']);
      expect(answer.body.total).toMatchObject({ registered: 8, responseRate: 0.6667, resolutionRate: 0.5, finishRate: 0.5, satisfactionRate: 0.6667 });
      expect(answer.body.repeatCallers).toEqual({ callers: 2, tickets: 5, mostCalls: 3 });
    }
  });

  it('a department’s desk and head see their own department, whatever they ask', async () => {
    for (const who of ['market.handler', 'market.head']) {
      const answer = await as[who]!.get(`/api/hotline/measures?${OCT}&by=department`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ department: 'market', total: { registered: 4, responseRate: 0.75, resolutionRate: 0.5 } });
      expect(answer.body.rows.map((r: { key: string }) => r.key)).toEqual(['market']);
    }
    const housing = await as['housing.handler']!.get(`/api/hotline/measures?${OCT}&by=category`);
    expect(housing.body).toMatchObject({ department: 'housing', total: { registered: 3, responseRate: 0.5 }, rows: [{ key: 'CG', name: '城市管理', registered: 3 }] });
    const other = await as['market.handler']!.get(`/api/hotline/measures?${OCT}&department=housing`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('hotline.measures.out_of_scope');
  });

  it('others may not read the measures', async () => {
    expect((await as['market.window']!.get(`/api/hotline/measures?${OCT}`)).status).toBe(403);
    expect((await t.anonymous.get(`/api/hotline/measures?${OCT}`)).status).toBe(401);
  });

  it('by month, and without dates the months up to today', async () => {
    const months = await as['leader']!.get('/api/hotline/measures?from=2026-09-01&to=2026-10-31&by=month');
    expect(months.body.rows.map((r: { key: string; registered: number }) => [r.key, r.registered])).toEqual([['2026-09', 1], ['2026-10', 8]]);
    const recent = await as['leader']!.get('/api/hotline/measures?by=month');
    expect(recent.body).toMatchObject({ from: '2026-06-01', to: '2026-11-02' });
    expect(recent.body.rows.map((r: { key: string }) => r.key)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  });

  it('bad input: an unknown grouping, a malformed date, a period backwards', async () => {
    expect((await as['leader']!.get('/api/hotline/measures?by=district')).status).toBe(400);
    expect((await as['leader']!.get('/api/hotline/measures?from=2026-13-01')).status).toBe(400);
    const backwards = await as['leader']!.get('/api/hotline/measures?from=2026-10-31&to=2026-10-01');
    expect(backwards.status).toBe(422);
    expect(backwards.body.code).toBe('hotline.measures.period_reversed');
  });
});

describe('GET /api/hotline/hot-topics', () => {
  it('the categories and districts called about most, with the period before', async () => {
    const answer = await as['operator']!.get(`/api/hotline/hot-topics?${OCT}&limit=1`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      previousFrom: '2026-08-31',
      previousTo: '2026-09-30',
      total: { count: 9, previous: 1, change: 8 },
      topCategories: [{ code: 'CG', name: '城市管理', count: 5, previous: 1 }],
      categories: [{ code: 'SC01', count: 4 }],
      districts: [{ code: 'D1', name: '东城区', count: 7 }],
      spots: [{ categoryCode: 'SC01', districtCode: 'D1', count: 3 }],
    });
  });

  it('a department sees the topics of its own tickets', async () => {
    const answer = await as['housing.handler']!.get(`/api/hotline/hot-topics?${OCT}`);
    expect(answer.body).toMatchObject({ department: 'housing', total: { count: 3, previous: 0 }, districts: [{ code: 'D1', count: 2 }, { code: 'D2', count: 1 }] });
    expect((await as['market.window']!.get('/api/hotline/hot-topics')).status).toBe(403);
    expect((await as['leader']!.get('/api/hotline/hot-topics?limit=0')).status).toBe(400);
  });
});
