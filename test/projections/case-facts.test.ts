import { describe, expect, it } from 'vitest';
import { caseFacts } from '../../projections/case-facts.js';
import { toClickHouseBool, toClickHouseTime } from '../../projections/clickhouse-format.js';
import { recorded } from './recorded.js';
import { accept, applicant, caseHistory, certifiedItem, complete, file, grant, head, review, reviewer, submit, windowStaff } from './case-history.js';

const history = caseHistory(
  'c-1',
  [
    [submit('c-1'), applicant, '2026-09-29T01:00:00.000Z'],
    [accept('c-1'), windowStaff, '2026-09-30T02:00:00.000Z'],
    [review('c-1'), reviewer, '2026-10-09T02:00:00.000Z'],
    [grant('c-1'), reviewer, '2026-10-14T01:00:00.000Z'],
    [complete('c-1'), windowStaff, '2026-10-14T05:00:00.000Z'],
  ],
  101,
);
const rows = history.map((e) => caseFacts.handle(e));

describe('case facts for the warehouse', () => {
  it('writes the case_facts table from case and rating streams', () => {
    expect(caseFacts).toMatchObject({ kind: 'warehouse', name: 'case-facts', categories: ['case', 'rating'], tables: ['case_facts'] });
  });

  it('one row per event that carries facts (a review carries none), versioned by the event position, NULL for facts the event does not know', () => {
    // A review opinion is no fact of the warehouse: it writes no row.
    expect(history.map((e) => e.type)).toEqual(['CaseSubmitted', 'CaseAccepted', 'CaseReviewed', 'CaseGranted', 'CaseCompleted']);
    expect(rows.map((r) => r.length)).toEqual([1, 1, 0, 1, 1]);
    expect(rows[0]![0]).toEqual({
      table: 'case_facts',
      row: {
        case_id: 'c-1',
        case_no: 'SC-c-1',
        item_code: 'XK00101000',
        item_version: 1,
        department: 'market-regulation',
        channel: 'window',
        status: 'submitted',
        submitted_at: '2026-09-29 01:00:00.000',
        accepted_at: null,
        deemed_accepted: null,
        supplement_requested_at: null,
        decided_at: null,
        completed_at: null,
        closed_at: null,
        due_date: null,
        granted: null,
        working_days_used: null,
        suspended_days: null,
        extension_days: null,
        on_time: null,
        fee_cents: null,
        fee_paid_at: null,
        certificate_no: null,
        certificate_issued_at: null,
        certificate_on_time: null,
        delivered_at: null,
        delivery_method: null,
        rating: null,
        version: 101,
      },
    });
  });

  it('acceptance records the due date; a late grant records the working days used and not on time', () => {
    expect(rows[1]![0]!.row).toMatchObject({ status: 'accepted', accepted_at: '2026-09-30 02:00:00.000', due_date: '2026-10-13', deemed_accepted: 0, suspended_days: 0, case_no: null, version: 102 });
    expect(rows[3]![0]!.row).toMatchObject({ status: 'granted', decided_at: '2026-10-14 01:00:00.000', granted: 1, working_days_used: 6, suspended_days: 0, on_time: 0, version: 104 });
    expect(rows[4]![0]!.row).toMatchObject({ status: 'completed', completed_at: '2026-10-14 05:00:00.000', granted: null, version: 105 });
  });

  it('a replayed event gives the very same row, so the table deduplicates it', () => {
    expect(caseFacts.handle(history[3]!)).toEqual(rows[3]);
  });

  it('the whole lifecycle: suspended days, the extension, the fee, the certificate on time, the delivery; the rating stays empty', () => {
    const events = caseHistory(
      'c-2',
      [
        [submit('c-2', { item: { ...certifiedItem, availability: 'open' }, materials: [file('申请书')] }), applicant, '2026-09-29T01:00:00.000Z'],
        [{ type: 'RequestSupplement', data: { caseId: 'c-2', missing: [{ material: '营业执照', reason: '未提交' }] } }, windowStaff, '2026-09-30T02:00:00.000Z'],
        [{ type: 'SupplementMaterials', data: { caseId: 'c-2', materials: [file('营业执照', 2)] } }, applicant, '2026-10-08T02:00:00.000Z'],
        [accept('c-2'), windowStaff, '2026-10-09T02:00:00.000Z'],
        [{ type: 'SuspendClock', data: { caseId: 'c-2', procedure: 'testing', reason: '送检' } }, reviewer, '2026-10-12T02:00:00.000Z'],
        [{ type: 'ResumeClock', data: { caseId: 'c-2' } }, reviewer, '2026-10-14T02:00:00.000Z'],
        [{ type: 'ExtendTimeLimit', data: { caseId: 'c-2', reason: '情况复杂' } }, head, '2026-10-15T02:00:00.000Z'],
        [review('c-2'), reviewer, '2026-10-16T01:00:00.000Z'],
        [grant('c-2'), reviewer, '2026-10-16T02:00:00.000Z'],
        [{ type: 'AssessFee', data: { caseId: 'c-2' } }, windowStaff, '2026-10-16T03:00:00.000Z'],
        [{ type: 'RecordFeePayment', data: { caseId: 'c-2', amountCents: 8000, receiptNo: 'PJ1' } }, windowStaff, '2026-10-16T04:00:00.000Z'],
        [{ type: 'IssueCertificate', data: { caseId: 'c-2' } }, windowStaff, '2026-10-19T02:00:00.000Z'],
        [{ type: 'DeliverCase', data: { caseId: 'c-2', method: 'window' } }, windowStaff, '2026-10-20T02:00:00.000Z'],
      ],
      201,
    );
    const byType = Object.fromEntries(events.map((e) => [e.type, caseFacts.handle(e)[0]?.row]));
    expect(byType['CaseSupplementRequested']).toMatchObject({ status: 'supplement_requested', supplement_requested_at: '2026-09-30 02:00:00.000' });
    expect(byType['CaseSupplemented']).toMatchObject({ status: 'submitted' });
    expect(byType['CaseSuspended']).toMatchObject({ status: 'suspended' });
    expect(byType['CaseResumed']).toMatchObject({ status: 'accepted', suspended_days: 2, due_date: '2026-10-19' });
    // Not a change of status: the latest view keeps the status of the row before.
    expect(byType['CaseTimeLimitExtended']).toMatchObject({ status: '', extension_days: 10, due_date: '2026-11-02' });
    expect(byType['CaseGranted']).toMatchObject({ status: 'granted', suspended_days: 2, on_time: 1 });
    expect(byType['CaseFeeAssessed']).toMatchObject({ status: '', fee_cents: 8000 });
    expect(byType['CaseFeePaid']).toMatchObject({ status: '', fee_paid_at: '2026-10-16 04:00:00.000' });
    expect(byType['CaseCertificateIssued']).toMatchObject({ status: 'certificate_issued', certificate_no: 'XK00101000-SC-c-2', certificate_on_time: 1 });
    expect(byType['CaseDelivered']).toMatchObject({ status: 'delivered', delivery_method: 'window', delivered_at: '2026-10-20 02:00:00.000' });
    expect(Object.values(byType).every((row) => row === undefined || row['rating'] === null)).toBe(true);
  });

  it("a rating writes the case's rating alone, leaving the status as it was; other rating events write nothing", () => {
    const by = { actorId: 'u-wang', actorRole: 'applicant', at: '2026-10-15T02:00:00.000Z' };
    const rated = recorded('rating-c-1', {
      type: 'ServiceRated',
      data: {
        caseId: 'c-1',
        case: { applicantId: 'u-wang', department: 'market-regulation', caseNo: 'SC-c-1', itemCode: 'XK00101000', itemName: '食品经营许可' },
        score: 2,
        channel: 'portal',
        ratedAt: '2026-10-15T02:00:00.000Z',
      },
    }, 120, by);
    const [row, ...more] = caseFacts.handle(rated);
    expect(more).toEqual([]);
    const nulls = Object.fromEntries(Object.keys(rows[0]![0]!.row).map((column) => [column, null]));
    expect(row).toEqual({ table: 'case_facts', row: { ...nulls, case_id: 'c-1', status: '', rating: 2, version: 120 } });
    const opened = recorded('rating-c-1', { type: 'RectificationOpened', data: { caseId: 'c-1', department: 'market-regulation', openedAt: by.at, workingDays: 15, dueDate: '2026-11-05', dueAt: '2026-11-05T15:59:59.999Z' } }, 121, by);
    expect(caseFacts.handle(opened)).toEqual([]);
  });

  it('ends without a decision record when: refused, withdrawn, terminated', () => {
    const refused = caseHistory('c-3', [
      [submit('c-3'), applicant, '2026-09-29T01:00:00.000Z'],
      [{ type: 'RefuseCase', data: { caseId: 'c-3', reasons: ['不属于本机关职权'] } }, windowStaff, '2026-09-30T02:00:00.000Z'],
    ]);
    expect(caseFacts.handle(refused[1]!)[0]!.row).toMatchObject({ status: 'refused', closed_at: '2026-09-30 02:00:00.000' });
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
