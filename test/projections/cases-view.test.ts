import { describe, expect, it } from 'vitest';
import { casesView } from '../../projections/cases-view.js';
import { accept, applicant, caseHistory, complete, deny, grant, reviewer, submit, windowStaff } from './case-history.js';

const [submitted, accepted, granted, completed] = caseHistory('c-1', [
  [submit('c-1'), applicant, '2026-09-29T01:00:00.000Z'],
  [accept('c-1'), windowStaff, '2026-09-30T02:00:00.000Z'],
  [grant('c-1'), reviewer, '2026-10-12T03:00:00.000Z'],
  [complete('c-1'), windowStaff, '2026-10-12T05:00:00.000Z'],
]);

describe('the case list and case page (办件查询)', () => {
  it('reads case streams into the cases collection, indexed for the usual look-ups', () => {
    expect(casesView).toMatchObject({ kind: 'documents', name: 'cases-view', categories: ['case'], collections: ['cases'] });
    expect(casesView.indexes?.['cases']?.map((i) => i.fields.join())).toEqual(['status', 'department', 'dueDate', 'applicantId', 'submittedAt']);
  });

  it('a submitted case shows its item version, department, the applicant in full and who submitted it', () => {
    const [op] = casesView.handle(submitted!);
    expect(op).toMatchObject({
      op: 'upsert',
      collection: 'cases',
      id: 'c-1',
      doc: {
        caseId: 'c-1',
        caseNo: 'SC-c-1',
        itemCode: 'XK00101000',
        itemName: '食品经营许可',
        itemVersion: 1,
        department: 'market-regulation',
        channel: 'window',
        applicant: { kind: 'person', name: '王五', idNumber: '11010519491231002X' },
        applicantId: 'u-wang',
        status: 'submitted',
        submittedAt: '2026-09-29T01:00:00.000Z',
        timeline: [{ at: '2026-09-29T01:00:00.000Z', type: 'CaseSubmitted', actorId: 'u-wang', actorRole: 'applicant', summary: { zh: '提交申请：食品经营许可（窗口申请）' } }],
      },
    });
  });

  it('acceptance shows the due date and warning date, and adds to the timeline who accepted it', () => {
    expect(casesView.handle(accepted!)).toEqual([
      {
        op: 'patch',
        collection: 'cases',
        id: 'c-1',
        set: {
          status: 'accepted',
          acceptedAt: '2026-09-30T02:00:00.000Z',
          dueAt: '2026-10-13T15:59:59.999Z',
          dueDate: '2026-10-13',
          warningDate: '2026-10-10',
          limitDays: 5,
          updatedAt: '2026-09-30T02:00:00.000Z',
        },
        push: {
          timeline: {
            at: '2026-09-30T02:00:00.000Z',
            type: 'CaseAccepted',
            actorId: 'u-zhao',
            actorRole: 'window_staff',
            summary: { zh: '已受理，承诺5个工作日，2026-10-13前办结', en: 'Accepted: 5 working days, due 2026-10-13' },
          },
        },
      },
    ]);
  });

  it('a grant and the completion show the decision, its timing and the completion time', () => {
    expect(casesView.handle(granted!)).toMatchObject([
      { op: 'patch', id: 'c-1', set: { status: 'granted', decision: 'granted', decidedAt: '2026-10-12T03:00:00.000Z', onTime: true, workingDaysUsed: 4 }, push: { timeline: { type: 'CaseGranted', actorRole: 'reviewer' } } },
    ]);
    expect(casesView.handle(completed!)).toMatchObject([
      { op: 'patch', id: 'c-1', set: { status: 'completed', completedAt: '2026-10-12T05:00:00.000Z' }, push: { timeline: { type: 'CaseCompleted', summary: { zh: '办结' } } } },
    ]);
  });

  it('a denial shows its reasons and the appeal rights the applicant was told of', () => {
    const denied = caseHistory('c-2', [
      [submit('c-2'), applicant, '2026-09-29T01:00:00.000Z'],
      [accept('c-2'), windowStaff, '2026-09-30T02:00:00.000Z'],
      [deny('c-2', '经营场所与申请材料不符'), reviewer, '2026-10-12T03:00:00.000Z'],
    ])[2]!;
    const [op] = casesView.handle(denied);
    expect(op).toMatchObject({
      set: { status: 'denied', decision: 'denied', denialReasons: ['经营场所与申请材料不符'], appealRights: { zh: expect.stringContaining('行政复议') } },
      push: { timeline: { summary: { zh: '不予许可：经营场所与申请材料不符' } } },
    });
  });
});
