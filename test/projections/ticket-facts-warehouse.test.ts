import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HotlineMeasuresHandler, HotlineMeasuresQuery, HotTopicsHandler, HotTopicsQuery, type HotlineMeasuresSql } from '../../application/hotline-measures/measures.queries.js';
import type { DocumentStore } from '../../application/ports/document-store.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import type { Warehouse } from '../../application/ports/warehouse.js';
import { ProjectionRunner } from '../../application/projection-runner.js';
import type { Viewer } from '../../application/viewer.js';
import { isDomainError, type DomainError } from '../../domain/shared/errors.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { ticketFacts } from '../../projections/ticket-facts.js';
import { NOW, OCTOBER, octoberRecorded } from './ticket-facts-history.js';

const root = path.resolve(import.meta.dirname, '../..');
const dashboard = (name: string) => fs.readFileSync(path.join(root, 'analytics/dashboards', `${name}.sql`), 'utf8');
const sql: HotlineMeasuresSql = { threeRates: dashboard('hotline_three_rates'), hotTopics: dashboard('hotline_hot_topics'), repeatCallers: dashboard('hotline_repeat_callers') };
const clock = { now: () => NOW };
const departments = {
  find: async () => ({ items: [{ code: 'market', name: '市场监督管理局' }, { code: 'housing', name: '住房和城乡建设委员会' }] }),
} as unknown as DocumentStore;

const leader: Viewer = { userId: 'u-leader', roles: ['leader'] };
const marketDesk: Viewer = { userId: 'u-market', roles: ['department_handler'], department: 'market' };

let dir: string;
let warehouse: Warehouse;
const insert = (history: readonly RecordedEvent[]) => warehouse.insert('ticket_facts', history.flatMap((e) => ticketFacts.handle(e).map((r) => r.row)));
const measures = (viewer: Viewer, asked: HotlineMeasuresQuery['asked']) => new HotlineMeasuresHandler(warehouse, departments, clock as never, sql).execute(new HotlineMeasuresQuery(viewer, asked));
const hotTopics = (viewer: Viewer, asked: HotTopicsQuery['asked']) => new HotTopicsHandler(warehouse, clock as never, sql).execute(new HotTopicsQuery(viewer, asked));
/** The answer, which must not be a refusal. */
const ok = <T>(answer: T | DomainError): T => {
  if (isDomainError(answer)) throw new Error(`refused: ${answer.code}`);
  return answer;
};
const latest = async (ticketId: string) => (await warehouse.query('SELECT * FROM ticket_facts_latest WHERE ticket_id = {id:String}', { id: ticketId }))[0];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticket-facts-'));
  // Only the ticket facts' migrations: the folder's other files belong to other projections.
  fs.mkdirSync(path.join(dir, 'migrations'));
  for (const name of ['0020_ticket_facts.sql', '0021_ticket_facts_resolved.sql']) {
    fs.copyFileSync(path.join(root, 'analytics', name), path.join(dir, 'migrations', name));
  }
  warehouse = new ChdbWarehouse(path.join(dir, 'data'));
  await warehouse.migrate(path.join(dir, 'migrations'));
  // Out of order and twice over, as after a crash and a replay: the facts must not change.
  const history = octoberRecorded();
  await insert([...history].reverse());
  await insert(history);
}, 120_000);

afterAll(async () => {
  await warehouse?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ticket facts in the warehouse', () => {
  it('one row per ticket', async () => {
    const [{ n }] = (await warehouse.query<{ n: number }>('SELECT count() AS n FROM ticket_facts_latest')) as [{ n: number }];
    expect(n).toBe(10);
  });

  it('a ticket redone once: the latest round’s times, every signing on time, a late reply, the latest callback', async () => {
    expect(await latest('t-3')).toMatchObject({
      ticket_no: '12345-20261012-0003',
      lead_department: 'market',
      top_category: 'CG',
      status: 'closed',
      dispatched_at: '2026-10-21 02:05:00.000',
      signed_at: '2026-10-21 07:00:00.000',
      replied_at: '2026-10-27 02:00:00.000',
      sign_due_at: '2026-10-22 09:30:00.000',
      finish_due_at: '2026-10-28 09:30:00.000',
      callback_due_at: '2026-10-29 09:30:00.000',
      signed_on_time: 1,
      replied_on_time: 0,
      redo_rounds: 1,
      callbacks: 2,
      callback_result: 'unsatisfied',
      first_callback_result: 'unsatisfied',
      // Not solved at the first callback; solved (if still unsatisfied) at the redo's.
      callback_resolved: 1,
      supervisions: 1,
      urgings: 1,
      returns: 0,
      caller_key: 'caller-A',
    });
  });

  it('a ticket returned once and re-dispatched: the new department, the returns, the extension and its moved clock', async () => {
    expect(await latest('t-4')).toMatchObject({ lead_department: 'housing', status: 'replied', returns: 1, extensions: 1, extensions_requested: 1, finish_due_at: '2026-10-30 09:30:00.000', replied_on_time: 1, redo_rounds: 0 });
  });

  it('a master with its merged duplicate, a duplicate, a direct answer, a round not signed yet', async () => {
    // t-1 was called back before 是否解决 was asked: no answer, not counted in the resolution rate.
    expect(await latest('t-1')).toMatchObject({ status: 'archived', merged_count: 1, published: 1, callback_result: 'satisfied', callback_resolved: null, closed_at: '2026-10-15 02:05:00.000' });
    expect(await latest('t-2')).toMatchObject({ callback_result: 'basically_satisfied', callback_resolved: 0 });
    expect(await latest('t-8')).toMatchObject({ status: 'merged', merged_into: 't-1', lead_department: null });
    expect(await latest('t-7')).toMatchObject({ status: 'closed', answered_directly: 1, article_id: 'kb-1', article_version: 3, lead_department: null, dispatched_at: null });
    expect(await latest('t-5')).toMatchObject({ status: 'dispatched', signed_at: null, replied_at: null, signed_on_time: null, caller_key: null });
  });
});

describe('the three rates (三率), counted by hand', () => {
  // October 2026, the clock at 2 November 09:00. t-8 (merged) and t-9 (September) are not counted.
  // market  t-1 t-2 t-3 t-10: signed on time 3 of 4; replied on time 2 of 4 (t-3 late in round 1, t-10
  //         overdue); called back 3: satisfied, basically satisfied, unsatisfied; asked 是否解决 2
  //         (t-1 was called back before the question): t-2 not solved, t-3 solved at its redo's callback.
  // housing t-4 t-5 t-6: t-6's clocks still run; t-4 on time, t-5 overdue in both.
  it('by department, with the whole period', async () => {
    const result = await measures(leader, { from: '2026-10-01', to: '2026-10-31', by: 'department' });
    expect(result).toMatchObject({
      from: '2026-10-01',
      to: '2026-10-31',
      by: 'department',
      total: {
        registered: 8, answeredDirectly: 1, dispatched: 7,
        responseBase: 6, respondedOnTime: 4, responseRate: 0.6667,
        resolutionBase: 2, resolved: 1, resolutionRate: 0.5,
        finishBase: 6, finishedOnTime: 3, finishRate: 0.5,
        calledBack: 3, satisfied: 1, basicallySatisfied: 1, unsatisfied: 1, satisfactionRate: 0.6667,
        returns: 1, extensions: 1, redone: 1, supervisions: 1, repeatCallerTickets: 4,
      },
      // A (t-1, t-3, t-8) and B (t-2, t-7)
      repeatCallers: { callers: 2, tickets: 5, mostCalls: 3 },
    });
    expect(result).not.toHaveProperty('department');
    const { rows } = ok(result);
    expect(rows.map((r) => r.key)).toEqual(['housing', 'market']);
    expect(rows[1]).toEqual({
      key: 'market', name: '市场监督管理局',
      registered: 4, answeredDirectly: 0, dispatched: 4,
      responseBase: 4, respondedOnTime: 3, responseRate: 0.75,
      resolutionBase: 2, resolved: 1, resolutionRate: 0.5,
      finishBase: 4, finishedOnTime: 2, finishRate: 0.5,
      calledBack: 3, satisfied: 1, basicallySatisfied: 1, unsatisfied: 1, satisfactionRate: 0.6667,
      returns: 0, extensions: 0, redone: 1, supervisions: 1, repeatCallerTickets: 3,
    });
    expect(rows[0]).toMatchObject({
      key: 'housing', name: '住房和城乡建设委员会', registered: 3, dispatched: 3,
      responseBase: 2, respondedOnTime: 1, responseRate: 0.5,
      resolutionBase: 0, resolved: 0, resolutionRate: null,
      finishBase: 2, finishedOnTime: 1, finishRate: 0.5,
      calledBack: 0, satisfactionRate: null, returns: 1, extensions: 1, repeatCallerTickets: 0,
    });
  });

  it('by the top of the category tree', async () => {
    const result = await measures(leader, { from: '2026-10-01', to: '2026-10-31', by: 'category' });
    expect(ok(result).rows.map((r) => [r.key, r.name, r.registered, r.responseRate, r.resolutionRate, r.finishRate, r.satisfactionRate])).toEqual([
      // t-3 t-4 t-5 t-6 t-7: signed on time 2 of 3, replied on time 1 of 3, t-3 solved but unsatisfied
      ['CG', '城市管理', 5, 0.6667, 1, 0.3333, 0],
      // t-1 t-2 t-10: t-2 not solved (t-1 not asked)
      ['SC', '市场监管', 3, 0.6667, 0, 0.6667, 1],
    ]);
  });

  it('by month, every month of the period shown', async () => {
    const result = await measures(leader, { from: '2026-08-01', to: '2026-10-31', by: 'month' });
    expect(ok(result).rows.map((r) => [r.key, r.registered, r.responseRate, r.satisfactionRate])).toEqual([
      ['2026-08', 0, null, null],
      // t-9: never signed, past due
      ['2026-09', 1, 0, null],
      ['2026-10', 8, 0.6667, 0.6667],
    ]);
    // t-9 makes caller A's fourth ticket
    expect(result).toMatchObject({ total: { registered: 9 }, repeatCallers: { callers: 2, tickets: 6, mostCalls: 4 } });
  });

  it('a department’s desk sees its own department only, and may not ask for another', async () => {
    const own = await measures(marketDesk, { from: '2026-10-01', to: '2026-10-31', by: 'category' });
    expect(own).toMatchObject({ department: 'market', total: { registered: 4, responseRate: 0.75 }, repeatCallers: { callers: 2, tickets: 3 } });
    expect(ok(own).rows.map((r) => r.key)).toEqual(['CG', 'SC']);
    expect(await measures(marketDesk, { by: 'department', department: 'housing' })).toMatchObject({ kind: 'forbidden' });
    const leaderOnHousing = await measures(leader, { from: '2026-10-01', to: '2026-10-31', by: 'department', department: 'housing' });
    expect(leaderOnHousing).toMatchObject({ department: 'housing', total: { registered: 3 } });
    expect(await measures({ userId: 'u-w', roles: ['window_staff'], department: 'market' }, { by: 'department' })).toMatchObject({ kind: 'forbidden' });
  });

  it('without dates: the 30 days up to today; a period that ends before it starts is refused', async () => {
    expect(await measures(leader, { by: 'department' })).toMatchObject({ from: '2026-10-04', to: '2026-11-02' });
    expect(await measures(leader, { by: 'month' })).toMatchObject({ from: '2026-06-01', to: '2026-11-02' });
    expect(await measures(leader, { from: '2026-10-31', to: '2026-10-01', by: 'month' })).toMatchObject({ kind: 'invalid', code: 'hotline.measures.period_reversed' });
  });
});

describe('hot topics (热点诉求)', () => {
  it('by category, district and category in a district, against the 31 days before', async () => {
    const result = await hotTopics(leader, { from: '2026-10-01', to: '2026-10-31', limit: 10 });
    expect(result).toMatchObject({
      from: '2026-10-01', to: '2026-10-31', previousFrom: '2026-08-31', previousTo: '2026-09-30',
      // merged t-8 counts: its caller called about the matter too
      total: { count: 9, previous: 1, change: 8, changeRate: 8 },
    });
    const r = ok(result);
    expect(r.topCategories).toEqual([
      { code: 'CG', name: '城市管理', count: 5, previous: 1, change: 4, changeRate: 4 },
      { code: 'SC', name: '市场监管', count: 4, previous: 0, change: 4, changeRate: null },
    ]);
    expect(r.categories.map((c) => [c.code, c.name, c.topCode, c.topName, c.count, c.change])).toEqual([
      ['SC01', '食品安全', 'SC', '市场监管', 4, 4],
      ['CG01', '噪音扰民', 'CG', '城市管理', 4, 3],
      ['CG02', '占道经营', 'CG', '城市管理', 1, 1],
    ]);
    expect(r.districts).toEqual([
      { code: 'D1', name: '东城区', count: 7, previous: 1, change: 6, changeRate: 6 },
      { code: 'D2', name: '西城区', count: 2, previous: 0, change: 2, changeRate: null },
    ]);
    expect(r.spots.map((s) => [s.categoryCode, s.districtCode, s.districtName, s.count, s.previous])).toEqual([
      ['SC01', 'D1', '东城区', 3, 0],
      ['CG01', 'D1', '东城区', 3, 1],
      ['CG01', 'D2', '西城区', 1, 0],
      ['CG02', 'D1', '东城区', 1, 0],
      ['SC01', 'D2', '西城区', 1, 0],
    ]);
  });

  it('the largest few of each, and a department’s own tickets only', async () => {
    const top = ok(await hotTopics(leader, { from: '2026-10-01', to: '2026-10-31', limit: 1 }));
    expect([top.topCategories.length, top.categories.length, top.districts.length, top.spots.length]).toEqual([1, 1, 1, 1]);
    const market = await hotTopics(marketDesk, { from: '2026-10-01', to: '2026-10-31', limit: 10 });
    expect(market).toMatchObject({ department: 'market', total: { count: 4, previous: 1 }, districts: [{ code: 'D1', count: 3 }, { code: 'D2', count: 1 }] });
  });
});

describe('the projection running', () => {
  it('writes each event once, survives a replay and a rebuild with the same facts', async () => {
    const run = fs.mkdtempSync(path.join(dir, 'run-'));
    const events = new SqliteEventStore(path.join(run, 'events.sqlite'), { durability: 'normal' });
    const documents = new SqliteDocumentStore(path.join(run, 'views.sqlite'));
    const before = await warehouse.query('SELECT * FROM ticket_facts_latest ORDER BY ticket_id');
    try {
      for (const [stream, event, by] of OCTOBER) {
        await events.append(stream, [{ id: randomUUID(), type: event.type, data: event.data, metadata: { actorId: by.actorId, actorRole: by.actorRole } }], 'any');
      }
      const rows = async () => Number((await warehouse.query<{ n: number }>('SELECT count() AS n FROM ticket_facts'))[0]!.n);
      const runner = new ProjectionRunner(events, documents, warehouse, [ticketFacts], pino({ level: 'silent' }), { batchSize: 7 });
      // Starting a projection never run before empties its table, then catches up.
      await runner.start();
      const expected = OCTOBER.filter(([, e]) => !(e.type === 'TicketSigned' && !(e.data as { lead: boolean }).lead)).length;
      expect(await rows()).toBe(expected);
      // The same positions as the hand-inserted history: the very same facts.
      expect(await warehouse.query('SELECT * FROM ticket_facts_latest ORDER BY ticket_id')).toEqual(before);
      // A batch delivered again (a crash before the checkpoint) adds rows that merge away.
      await insert((await events.readAll({ after: 0, maxCount: 10 })));
      await warehouse.exec('OPTIMIZE TABLE ticket_facts FINAL');
      expect(await rows()).toBe(expected);
      await runner.rebuild('ticket-facts');
      await warehouse.exec('OPTIMIZE TABLE ticket_facts FINAL');
      expect(await rows()).toBe(expected);
      expect(await warehouse.query('SELECT * FROM ticket_facts_latest ORDER BY ticket_id')).toEqual(before);
      await runner.stop();
    } finally {
      await events.close();
      await documents.close();
    }
  });
});
