import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import type { Warehouse } from '../../application/ports/warehouse.js';
import type { Actor } from '../../domain/shared/decider.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { caseFacts } from '../../projections/case-facts.js';
import { recorded } from './recorded.js';
import { accept, applicant, caseHistory, complete, grant, head, item, review, reviewer, submit, windowStaff } from './case-history.js';

const root = path.resolve(import.meta.dirname, '../..');
const dashboard = fs.readFileSync(path.join(root, 'analytics/dashboards/cases_by_department.sql'), 'utf8');
const housingStaff: Actor = { ...windowStaff, department: 'housing' };

let dir: string;
let warehouse: Warehouse;

/** Writes a history's rows the way the projection runner does. */
const insert = (history: readonly RecordedEvent[]) => warehouse.insert('case_facts', history.flatMap((e) => caseFacts.handle(e).map((r) => r.row)));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-facts-'));
  // Only these migrations: the folder's other files belong to other projections.
  fs.mkdirSync(path.join(dir, 'migrations'));
  for (const name of ['0002_case_facts.sql', '0003_case_facts_lifecycle.sql']) fs.copyFileSync(path.join(root, 'analytics', name), path.join(dir, 'migrations', name));
  warehouse = new ChdbWarehouse(path.join(dir, 'data'));
  await warehouse.migrate(path.join(dir, 'migrations'));

  const onTime = caseHistory('c-1', [
    [submit('c-1'), applicant, '2026-09-29T01:00:00.000Z'],
    [accept('c-1'), windowStaff, '2026-09-30T02:00:00.000Z'],
    [review('c-1'), reviewer, '2026-10-09T02:00:00.000Z'],
    [grant('c-1'), reviewer, '2026-10-12T03:00:00.000Z'],
    [complete('c-1'), windowStaff, '2026-10-12T05:00:00.000Z'],
  ], 1);
  // Out of order and twice over, as after a crash and a replay: the facts must not change.
  await insert([...onTime].reverse());
  await insert(onTime);
  // Rated after completion, from its rating stream: the rating joins the facts, the status stays completed.
  const rated = recorded('rating-c-1', {
    type: 'ServiceRated',
    data: {
      caseId: 'c-1',
      case: { applicantId: applicant.id, department: 'market-regulation', caseNo: 'SC-c-1', itemCode: 'XK00101000', itemName: '食品经营许可' },
      score: 5,
      channel: 'portal',
      ratedAt: '2026-10-13T02:00:00.000Z',
    },
  }, 90, { actorId: applicant.id, actorRole: applicant.role, at: '2026-10-13T02:00:00.000Z' });
  await insert([rated]);
  await insert(caseHistory('c-2', [
    [submit('c-2'), applicant, '2026-09-29T01:00:00.000Z'],
    [accept('c-2'), windowStaff, '2026-09-30T02:00:00.000Z'],
    [review('c-2'), reviewer, '2026-10-13T02:00:00.000Z'],
    [grant('c-2'), reviewer, '2026-10-14T01:00:00.000Z'],
  ], 11));
  await insert(caseHistory('c-3', [
    [submit('c-3'), applicant, '2026-09-29T01:00:00.000Z'],
    [accept('c-3'), windowStaff, '2026-09-30T02:00:00.000Z'],
  ], 21));
  await insert(caseHistory('c-4', [[submit('c-4'), applicant, '2026-08-03T01:00:00.000Z']], 31));
  await insert(caseHistory('c-5', [
    [submit('c-5', { item: { ...item, department: 'housing', availability: 'open' } }), applicant, '2026-10-15T01:00:00.000Z'],
    [accept('c-5'), housingStaff, '2026-10-16T02:00:00.000Z'],
  ], 41));
  // Suspended on its due date for a hearing: the clock stands still, it is not overdue.
  await insert(caseHistory('c-6', [
    [submit('c-6'), applicant, '2026-09-29T01:00:00.000Z'],
    [accept('c-6'), windowStaff, '2026-09-30T02:00:00.000Z'],
    [{ type: 'SuspendClock', data: { caseId: 'c-6', procedure: 'hearing', reason: '组织听证' } }, reviewer, '2026-10-13T02:00:00.000Z'],
  ], 51));
  // Withdrawn: no clock left to overrun. Extended while running: the status stays accepted.
  await insert(caseHistory('c-7', [
    [submit('c-7'), applicant, '2026-09-29T01:00:00.000Z'],
    [accept('c-7'), windowStaff, '2026-09-30T02:00:00.000Z'],
    [{ type: 'WithdrawCase', data: { caseId: 'c-7' } }, windowStaff, '2026-10-09T02:00:00.000Z'],
  ], 61));
  await insert(caseHistory('c-8', [
    [submit('c-8'), applicant, '2026-09-29T01:00:00.000Z'],
    [accept('c-8'), windowStaff, '2026-09-30T02:00:00.000Z'],
    [{ type: 'SuspendClock', data: { caseId: 'c-8', procedure: 'testing', reason: '送检' } }, reviewer, '2026-10-08T02:00:00.000Z'],
    [{ type: 'ResumeClock', data: { caseId: 'c-8' } }, reviewer, '2026-10-12T02:00:00.000Z'],
    [{ type: 'ExtendTimeLimit', data: { caseId: 'c-8', reason: '情况复杂' } }, head, '2026-10-13T02:00:00.000Z'],
  ], 71));
}, 120_000);

afterAll(async () => {
  await warehouse?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('case facts in the warehouse', () => {
  it('the latest facts of a case come together from all its events, whatever order they arrived in', async () => {
    const [c1] = await warehouse.query("SELECT * FROM case_facts_latest WHERE case_id = 'c-1'");
    expect(c1).toMatchObject({
      case_no: 'SC-c-1',
      item_code: 'XK00101000',
      department: 'market-regulation',
      status: 'completed',
      submitted_at: '2026-09-29 01:00:00.000',
      accepted_at: '2026-09-30 02:00:00.000',
      decided_at: '2026-10-12 03:00:00.000',
      completed_at: '2026-10-12 05:00:00.000',
      due_date: '2026-10-13',
      granted: 1,
      working_days_used: 4,
      suspended_days: 0,
      on_time: 1,
      rating: 5,
      version: 90,
    });
  });

  it('a case not rated yet has no rating', async () => {
    const [c2] = await warehouse.query("SELECT status, rating FROM case_facts_latest WHERE case_id = 'c-2'");
    expect(c2).toEqual({ status: 'granted', rating: null });
  });

  it('one row per case: the latest due date after a suspension and the extension, and the status before the extension', async () => {
    const [c8] = await warehouse.query("SELECT status, due_date, suspended_days, extension_days, decided_at FROM case_facts_latest WHERE case_id = 'c-8'");
    // Due 13 October; suspended 8 → 12 October (9, 10 调休, 12: 3 days) → 16 October; extended by 10 → 30 October.
    expect(c8).toEqual({ status: 'accepted', due_date: '2026-10-30', suspended_days: 3, extension_days: 10, decided_at: null });
    const [{ n }] = (await warehouse.query<{ n: string | number }>('SELECT count() AS n FROM case_facts_latest')) as [{ n: string | number }];
    expect(Number(n)).toBe(8);
  });

  it('the leader chart counts per department: total, completed, on time and overdue (红灯)', async () => {
    const rows = await warehouse.query(dashboard, { since: '2026-09-01 00:00:00.000', today: '2026-10-20' });
    expect(rows).toEqual([
      // c-4 was submitted before `since`; c-2 was decided late, c-3 is undecided past its due date
      { department: 'housing', total: 1, completed: 0, on_time: 0, overdue: 0 },
      // c-6 is suspended and c-7 withdrawn, both past their due dates, neither overdue; c-8 was extended to 30 October
      { department: 'market-regulation', total: 6, completed: 1, on_time: 1, overdue: 2 },
    ]);
  });

  it('a case still inside its limit is not overdue until the day after its due date', async () => {
    // c-5: accepted Friday 16 October with 5 working days, due Friday 23 October
    const on = (today: string) => warehouse.query(dashboard, { since: '2026-10-01 00:00:00.000', today });
    expect(await on('2026-10-23')).toEqual([{ department: 'housing', total: 1, completed: 0, on_time: 0, overdue: 0 }]);
    expect(await on('2026-10-24')).toEqual([{ department: 'housing', total: 1, completed: 0, on_time: 0, overdue: 1 }]);
  });
});
