import { describe, expect, it } from 'vitest';
import type { CaseCommand } from '../../domain/cases/index.js';
import { casesView } from '../../projections/cases-view.js';
import { accept, applicant, caseHistory, certifiedItem, complete, deny, file, grant, head, preReview, review, reviewer, submit, windowStaff, type Step } from './case-history.js';

const [submitted, accepted, reviewed, granted, completed] = caseHistory('c-1', [
  [submit('c-1'), applicant, '2026-09-29T01:00:00.000Z'],
  [accept('c-1'), windowStaff, '2026-09-30T02:00:00.000Z'],
  [review('c-1'), reviewer, '2026-10-09T02:00:00.000Z'],
  [grant('c-1'), reviewer, '2026-10-12T03:00:00.000Z'],
  [complete('c-1'), windowStaff, '2026-10-12T05:00:00.000Z'],
]);

describe('the case list and case page (办件查询)', () => {
  it('reads case streams into the cases collection, indexed for the usual look-ups and the work inbox', () => {
    expect(casesView).toMatchObject({ kind: 'documents', name: 'cases-view', categories: ['case'], collections: ['cases'] });
    expect(casesView.indexes?.['cases']?.map((i) => i.fields.join())).toEqual(['status', 'department', 'dueDate', 'applicantId', 'submittedAt', 'department,deadline']);
  });

  it('a submitted case shows its item version and rules, the applicant in full, the materials, and the day by which the window must act', () => {
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
        itemMaterials: [{ name: '申请书', required: true }, { name: '营业执照' }],
        workflow: [{ kind: 'accept' }, { kind: 'review' }, { kind: 'decide' }],
        feeRule: { kind: 'free' },
        deliveryOptions: ['window'],
        deliveryMethod: 'window',
        channel: 'window',
        applicant: { kind: 'person', name: '王五', idNumber: '11010519491231002X' },
        applicantId: 'u-wang',
        materials: [{ material: '申请书', digest: '1'.repeat(64), size: 2048 }, { material: '营业执照' }],
        status: 'submitted',
        submittedAt: '2026-09-29T01:00:00.000Z',
        noticeDeadline: '2026-10-12',
        deadline: '2026-10-12',
        timeline: [{ at: '2026-09-29T01:00:00.000Z', type: 'CaseSubmitted', actorId: 'u-wang', actorRole: 'applicant', summary: { zh: '提交申请：食品经营许可（窗口申请）' } }],
      },
    });
  });

  it('acceptance shows the clock and adds to the timeline who accepted it', () => {
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
          startDate: '2026-09-30',
          deemedFromReceipt: false,
          suspendedDays: 0,
          deadline: '2026-10-13',
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
    // The review step comes first: its opinion is a line of the timeline too.
    expect(casesView.handle(reviewed!)).toMatchObject([
      { op: 'patch', id: 'c-1', push: { reviews: { step: '审查', opinion: '材料齐全', actorId: 'u-qian' }, timeline: { type: 'CaseReviewed', actorRole: 'reviewer', summary: { zh: '审查：材料齐全' } } } },
    ]);
    expect(casesView.handle(granted!)).toMatchObject([
      { op: 'patch', id: 'c-1', set: { status: 'granted', decision: 'granted', decidedAt: '2026-10-12T03:00:00.000Z', onTime: true, workingDaysUsed: 4 }, push: { timeline: { type: 'CaseGranted', actorRole: 'reviewer' } } },
    ]);
    expect(casesView.handle(completed!)).toMatchObject([
      { op: 'patch', id: 'c-1', set: { status: 'completed', completedAt: '2026-10-12T05:00:00.000Z' }, unset: ['deadline'], push: { timeline: { type: 'CaseCompleted', summary: { zh: '办结' } } } },
    ]);
  });

  it('a denial shows its reasons and the appeal rights the applicant was told of', () => {
    const denied = caseHistory('c-2', [
      [submit('c-2'), applicant, '2026-09-29T01:00:00.000Z'],
      [accept('c-2'), windowStaff, '2026-09-30T02:00:00.000Z'],
      [review('c-2', '审查', '经营场所与申请材料不符'), reviewer, '2026-10-09T02:00:00.000Z'],
      [deny('c-2', '经营场所与申请材料不符'), reviewer, '2026-10-12T03:00:00.000Z'],
    ])[3]!;
    const [op] = casesView.handle(denied);
    expect(op).toMatchObject({
      set: { status: 'denied', decision: 'denied', denialReasons: ['经营场所与申请材料不符'], appealRights: { zh: expect.stringContaining('行政复议') } },
      push: { timeline: { summary: { zh: '不予许可：经营场所与申请材料不符' } } },
    });
  });
});

describe('the case page along the whole lifecycle', () => {
  const at = (day: string) => `${day}T02:00:00.000Z`;
  const step = (command: CaseCommand, actor: typeof applicant, day: string): Step => [command, actor, at(day)];
  const events = caseHistory('c-3', [
    step(submit('c-3', { item: { ...certifiedItem, availability: 'open' }, materials: [file('申请书')], deliveryMethod: 'mail' }), applicant, '2026-09-29'),
    step({ type: 'RequestSupplement', data: { caseId: 'c-3', missing: [{ material: '营业执照', reason: '未提交' }] } }, windowStaff, '2026-09-30'),
    step({ type: 'SupplementMaterials', data: { caseId: 'c-3', materials: [file('营业执照', 2)] } }, applicant, '2026-10-08'),
    step(accept('c-3'), windowStaff, '2026-10-09'),
    step(review('c-3'), reviewer, '2026-10-09'),
    step({ type: 'SuspendClock', data: { caseId: 'c-3', procedure: 'hearing', reason: '组织听证' } }, reviewer, '2026-10-12'),
    step({ type: 'ResumeClock', data: { caseId: 'c-3' } }, reviewer, '2026-10-14'),
    step({ type: 'ExtendTimeLimit', data: { caseId: 'c-3', reason: '情况复杂' } }, head, '2026-10-15'),
    step(grant('c-3'), reviewer, '2026-10-16'),
    step({ type: 'AssessFee', data: { caseId: 'c-3' } }, windowStaff, '2026-10-16'),
    step({ type: 'RecordFeePayment', data: { caseId: 'c-3', amountCents: 8000, receiptNo: 'PJ001' } }, windowStaff, '2026-10-16'),
    step({ type: 'IssueCertificate', data: { caseId: 'c-3', validUntil: '2031-10-18' } }, windowStaff, '2026-10-19'),
    step({ type: 'DeliverCase', data: { caseId: 'c-3', trackingNo: 'EMS123' } }, windowStaff, '2026-10-20'),
  ]);
  const ops = Object.fromEntries(events.map((e) => [e.type, casesView.handle(e)[0]]));

  it('every event adds a line to the timeline', () => {
    expect(events.flatMap((e) => casesView.handle(e)).every((op) => op.op === 'upsert' || (op.op === 'patch' && op.push?.['timeline']))).toBe(true);
    expect(events.map((e) => e.type)).toEqual([
      'CaseSubmitted',
      'CaseSupplementRequested',
      'CaseSupplemented',
      'CaseAccepted',
      'CaseReviewed',
      'CaseSuspended',
      'CaseResumed',
      'CaseTimeLimitExtended',
      'CaseGranted',
      'CaseFeeAssessed',
      'CaseFeePaid',
      'CaseCertificateIssued',
      'CaseDelivered',
    ]);
  });

  it('the supplement notice lists the missing materials; the supplement adds them and sets a new notice deadline', () => {
    expect(ops['CaseSupplementRequested']).toMatchObject({
      set: { status: 'supplement_requested', noticeGiven: true, supplement: { stage: 'acceptance', missing: [{ material: '营业执照', reason: '未提交' }] } },
      unset: ['deadline'],
      push: { timeline: { summary: { zh: '一次性告知补正材料：营业执照' } } },
    });
    expect(ops['CaseSupplemented']).toMatchObject({
      set: { status: 'submitted', 'supplement.supplementedAt': at('2026-10-08'), noticeDeadline: '2026-10-14', deadline: '2026-10-14' },
      push: { materials: { $each: [{ material: '营业执照' }] } },
    });
  });

  it('suspension, resumption and the extension move the clock, and say so', () => {
    expect(ops['CaseSuspended']).toMatchObject({ set: { status: 'suspended', suspension: { cause: 'hearing', sinceDate: '2026-10-12' } }, push: { timeline: { summary: { zh: '中止计时（听证）：组织听证' } } } });
    expect(ops['CaseResumed']).toMatchObject({ set: { status: 'accepted', suspendedDays: 2, dueDate: '2026-10-19', deadline: '2026-10-19' }, unset: ['suspension'] });
    expect(ops['CaseTimeLimitExtended']).toMatchObject({ set: { extension: { days: 10, reason: '情况复杂' }, dueDate: '2026-11-02' } });
    // The light the stopped clock keeps, for the yellow list: stored on suspension, read again by an extension while suspended.
    expect(ops['CaseSuspended']).toMatchObject({ set: { suspension: { light: 'green' } } });
    const extended = events.find((e) => e.type === 'CaseTimeLimitExtended')!;
    const [extendedWhileStopped] = casesView.handle({ ...extended, data: { ...(extended.data as object), suspendedLight: 'green' } });
    expect(extendedWhileStopped).toMatchObject({ set: { 'suspension.light': 'green' } });
    // Written before the light was recorded: the view has none (the list cannot tell its colour).
    const [older] = casesView.handle({ ...events.find((e) => e.type === 'CaseSuspended')!, data: { caseId: 'c-3', cause: 'hearing', reason: '组织听证', suspendedAt: at('2026-10-12'), suspendedDate: '2026-10-12' } });
    expect(older).toMatchObject({ set: { suspension: { sinceDate: '2026-10-12' } } });
    expect(older).not.toHaveProperty(['set', 'suspension', 'light']);
    expect(ops['CaseReviewed']).toMatchObject({ push: { reviews: { step: '审查', opinion: '材料齐全' } } });
  });

  it('fees, the certificate and the delivery are shown as they happen', () => {
    expect(ops['CaseGranted']).toMatchObject({ set: { certificateDueDate: '2026-10-30', deadline: '2026-10-30' } });
    expect(ops['CaseFeeAssessed']).toMatchObject({ set: { fee: { amountCents: 8000, quantity: 80 } }, push: { timeline: { summary: { zh: '核定收费 80.00 元' } } } });
    expect(ops['CaseFeePaid']).toMatchObject({ set: { 'fee.receiptNo': 'PJ001' } });
    expect(ops['CaseCertificateIssued']).toMatchObject({
      set: { status: 'certificate_issued', certificate: { certificateNo: 'XK00101000-SC-c-3', holder: { kind: 'person', idNumber: '11010519491231002X' }, validUntil: '2031-10-18', onTime: true } },
    });
    expect(ops['CaseDelivered']).toMatchObject({ set: { status: 'delivered', delivery: { method: 'mail', trackingNo: 'EMS123', onTime: true } } });
  });

  it('a refusal, a withdrawal and a termination end the case and leave the inbox', () => {
    const refused = caseHistory('c-4', [
      [submit('c-4'), applicant, at('2026-09-29')],
      [{ type: 'RefuseCase', data: { caseId: 'c-4', reasons: ['不属于本机关职权范围'] } }, windowStaff, at('2026-09-30')],
    ])[1]!;
    expect(casesView.handle(refused)).toMatchObject([{ set: { status: 'refused', refusal: { reasons: ['不属于本机关职权范围'] } }, unset: ['deadline'] }]);
    const withdrawn = caseHistory('c-5', [
      [submit('c-5', { channel: 'online' }), applicant, at('2026-09-29')],
      [{ type: 'WithdrawCase', data: { caseId: 'c-5', reason: '不再经营' } }, applicant, at('2026-09-30')],
    ])[1]!;
    expect(casesView.handle(withdrawn)).toMatchObject([{ set: { status: 'withdrawn', withdrawal: { reason: '不再经营' } }, unset: ['deadline'] }]);
    const terminated = caseHistory('c-6', [
      [submit('c-6'), applicant, at('2026-09-29')],
      [{ type: 'TerminateCase', data: { caseId: 'c-6', reason: '申请人已注销' } }, head, at('2026-09-30')],
    ])[1]!;
    expect(casesView.handle(terminated)).toMatchObject([{ set: { status: 'terminated', termination: { reason: '申请人已注销' } } }]);
  });
});

describe('网上预审 of an online application', () => {
  const at = (day: string) => `${day}T02:00:00.000Z`;
  const step = (command: CaseCommand, actor: typeof applicant, day: string): Step => [command, actor, at(day)];
  // Pre-reviewed, then the window finds the licence copy unreadable: the supplement needs a new pre-review before acceptance.
  const events = caseHistory('c-7', [
    step(submit('c-7', { channel: 'online' }), applicant, '2026-09-29'),
    step(preReview('c-7', '网上材料齐全，符合法定形式'), windowStaff, '2026-09-30'),
    step({ type: 'RequestSupplement', data: { caseId: 'c-7', missing: [{ material: '营业执照', reason: '扫描件不清晰' }] } }, windowStaff, '2026-09-30'),
    step({ type: 'SupplementMaterials', data: { caseId: 'c-7', materials: [file('营业执照', 3)] } }, applicant, '2026-10-08'),
    step(preReview('c-7', '补正材料清晰完整'), windowStaff, '2026-10-09'),
    step(accept('c-7'), windowStaff, '2026-10-09'),
    step({ type: 'RequestSupplement', data: { caseId: 'c-7', missing: [{ material: '申请书', reason: '缺少签字' }] } }, reviewer, '2026-10-12'),
    step({ type: 'SupplementMaterials', data: { caseId: 'c-7', materials: [file('申请书', 4)] } }, applicant, '2026-10-13'),
  ]);
  const ops = events.map((e) => casesView.handle(e));

  it('the pre-review sets the opinion and its time on the case, and adds a line to the timeline', () => {
    expect(events.map((e) => e.type)).toEqual([
      'CaseSubmitted',
      'CasePreReviewed',
      'CaseSupplementRequested',
      'CaseSupplemented',
      'CasePreReviewed',
      'CaseAccepted',
      'CaseSupplementRequested',
      'CaseSuspended',
      'CaseSupplemented',
      'CaseResumed',
    ]);
    expect(ops[1]).toEqual([
      {
        op: 'patch',
        collection: 'cases',
        id: 'c-7',
        set: { preReview: { opinion: '网上材料齐全，符合法定形式', at: at('2026-09-30'), actorId: 'u-zhao' }, updatedAt: at('2026-09-30') },
        push: {
          timeline: {
            at: at('2026-09-30'),
            type: 'CasePreReviewed',
            actorId: 'u-zhao',
            actorRole: 'window_staff',
            summary: { zh: '网上预审通过：网上材料齐全，符合法定形式', en: 'Passed pre-review: 网上材料齐全，符合法定形式' },
          },
        },
      },
    ]);
    expect(ops[4]).toMatchObject([{ set: { preReview: { opinion: '补正材料清晰完整', at: at('2026-10-09') } }, push: { timeline: { type: 'CasePreReviewed' } } }]);
  });

  it('a supplement before acceptance unsets the pre-review (the new materials are pre-reviewed again); one in review leaves it', () => {
    expect(ops[3]).toMatchObject([{ set: { status: 'submitted' }, unset: ['preReview'], push: { materials: { $each: [{ material: '营业执照' }] } } }]);
    expect(ops[8]![0]).toMatchObject({ set: { 'supplement.supplementedAt': at('2026-10-13') } });
    expect(ops[8]![0]).not.toHaveProperty('unset');
    expect(ops[8]![0]).not.toHaveProperty(['set', 'preReview']);
  });
});
