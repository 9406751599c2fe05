import { describe, expect, it } from 'vitest';
import { caseFacts } from '../../projections/case-facts.js';
import { toClickHouseBool, toClickHouseTime } from '../../projections/clickhouse-format.js';
import { accept, applicant, caseHistory, complete, grant, reviewer, submit, windowStaff } from './case-history.js';

const history = caseHistory(
  'c-1',
  [
    [submit('c-1'), applicant, '2026-09-29T01:00:00.000Z'],
    [accept('c-1'), windowStaff, '2026-09-30T02:00:00.000Z'],
    [grant('c-1'), reviewer, '2026-10-14T01:00:00.000Z'],
    [complete('c-1'), windowStaff, '2026-10-14T05:00:00.000Z'],
  ],
  101,
);
const rows = history.map((e) => caseFacts.handle(e));

describe('case facts for the warehouse', () => {
  it('writes the case_facts table from case streams', () => {
    expect(caseFacts).toMatchObject({ kind: 'warehouse', name: 'case-facts', categories: ['case'], tables: ['case_facts'] });
  });

  it('one row per event, versioned by the event position, NULL for facts the event does not know', () => {
    expect(rows.map((r) => r.length)).toEqual([1, 1, 1, 1]);
    expect(rows[0]![0]).toEqual({
      table: 'case_facts',
      row: {
        case_id: 'c-1',
        case_no: 'SC-c-1',
        item_code: 'XK00101000',
        department: 'market-regulation',
        channel: 'window',
        status: 'submitted',
        submitted_at: '2026-09-29 01:00:00.000',
        accepted_at: null,
        decided_at: null,
        completed_at: null,
        due_date: null,
        granted: null,
        working_days_used: null,
        on_time: null,
        version: 101,
      },
    });
  });

  it('acceptance records the due date; a late grant records the working days used and not on time', () => {
    expect(rows[1]![0]!.row).toMatchObject({ status: 'accepted', accepted_at: '2026-09-30 02:00:00.000', due_date: '2026-10-13', case_no: null, version: 102 });
    expect(rows[2]![0]!.row).toMatchObject({ status: 'granted', decided_at: '2026-10-14 01:00:00.000', granted: 1, working_days_used: 6, on_time: 0, version: 103 });
    expect(rows[3]![0]!.row).toMatchObject({ status: 'completed', completed_at: '2026-10-14 05:00:00.000', granted: null, version: 104 });
  });

  it('a replayed event gives the very same row, so the table deduplicates it', () => {
    expect(caseFacts.handle(history[2]!)).toEqual(rows[2]);
  });
});

describe('ClickHouse values', () => {
  it('instants are written in UTC as YYYY-MM-DD HH:MM:SS.mmm', () => {
    expect(toClickHouseTime('2026-10-13T23:59:59.999+08:00')).toBe('2026-10-13 15:59:59.999');
    expect(toClickHouseTime(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01 00:00:00.000');
    expect(toClickHouseTime(null)).toBeNull();
    expect(() => toClickHouseTime('yesterday')).toThrow(RangeError);
  });

  it('booleans are written as 0 and 1', () => {
    expect([toClickHouseBool(true), toClickHouseBool(false), toClickHouseBool(undefined)]).toEqual([1, 0, null]);
  });
});
