import { describe, expect, it } from 'vitest';
import { caseDecider, REFUSAL_STATEMENT, type CaseCommand, type CaseEvent } from '../../domain/cases/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import { spec } from '../support/decider-spec.js';
import {
  accepted,
  applicant,
  beijing,
  ctx,
  file,
  granted,
  head,
  history,
  item,
  otherApplicant,
  preReviewed,
  reviewed,
  reviewer,
  submit,
  submitted,
  windowStaff,
} from './case-fixtures.js';

const given = (events: readonly CaseEvent[]) => spec(caseDecider, ctx).given(events);
const at = (actor: Actor, local: string) => ({ actor, now: beijing(local) });
const caseId = 'c-1';

/** Submitted on Tuesday 29 September without the business license (营业执照). */
const incomplete = history([submitted({ materials: [file('申请书')] })]);
const askForLicense = { type: 'RequestSupplement', data: { caseId, missing: [{ material: '营业执照', reason: '未提交营业执照复印件' }] } } as const;
const noticeGiven = history([submitted({ materials: [file('申请书')] }), [askForLicense, windowStaff, '2026-09-30 10:00']]);

describe('the supplement notice before acceptance (补正告知, 行政许可法 art. 32)', () => {
  it('the window lists the missing license: the case waits for the applicant', () => {
    given(incomplete)
      .when(askForLicense, at(windowStaff, '2026-09-30 10:00'))
      .then([{ type: 'CaseSupplementRequested', data: { stage: 'acceptance', missing: [{ material: '营业执照' }], legalBasis: '行政许可法 第三十二条第一款第四项' } }]);
  });

  it('all missing materials at once: a notice that leaves one out is refused, naming it', () => {
    const withoutAnything = history([submitted({ materials: [] })]);
    const error = given(withoutAnything).when(askForLicense, at(windowStaff, '2026-09-30 10:00')).thenError('case.supplement_notice_incomplete', 'invalid');
    expect(error.details).toEqual({ omitted: ['申请书'] });
  });

  it('a notice may also ask for a conditional material, but only for materials of the item, each saying what is needed', () => {
    const both = { ...askForLicense, data: { caseId, missing: [...askForLicense.data.missing, { material: '授权委托书', reason: '由他人代办，须提交委托书' }] } };
    given(incomplete).when(both, at(windowStaff, '2026-09-30 10:00')).then([{ type: 'CaseSupplementRequested', data: { missing: [{}, { material: '授权委托书' }] } }]);
    given(incomplete).when({ ...askForLicense, data: { caseId, missing: [{ material: '身份证', reason: '缺' }] } }, at(windowStaff, '2026-09-30 10:00')).thenError('case.unknown_material');
    given(incomplete).when({ ...askForLicense, data: { caseId, missing: [{ material: '营业执照', reason: ' ' }] } }, at(windowStaff, '2026-09-30 10:00')).thenError('case.notice_reason_required');
    given(incomplete).when({ ...askForLicense, data: { caseId, missing: [] } }, at(windowStaff, '2026-09-30 10:00')).thenError('case.notice_empty');
  });

  it('on the 5th working day after receipt the notice is in time; on the 6th it is refused and the case counts as accepted from receipt', () => {
    // Received 29 September: 30 Sep, 8, 9, 10 (调休 Saturday), 12 October.
    given(incomplete).when(askForLicense, at(windowStaff, '2026-10-12 17:00')).then([{ type: 'CaseSupplementRequested' }]);
    const error = given(incomplete).when(askForLicense, at(windowStaff, '2026-10-13 09:00')).thenError('case.supplement_notice_too_late', 'conflict');
    expect(error.details).toEqual({ receivedDate: '2026-09-29', noticeDeadline: '2026-10-12' });
    expect(error.message.zh).toContain('即为受理');
  });

  it('accepted after the notice period, the clock starts on the day of receipt, missing materials or not', () => {
    given(incomplete)
      .when({ type: 'AcceptCase', data: { caseId } }, at(windowStaff, '2026-10-13 09:00'))
      .then([{ type: 'CaseAccepted', data: { startDate: '2026-09-29', deemedFromReceipt: true, dueDate: '2026-10-12' } }]);
  });

  it('within the notice period a case with missing materials is not accepted: the window asks for them instead', () => {
    // Online, the pre-review finds them missing, and without it there is no acceptance.
    const error = given(incomplete).when(preReviewed()[0], at(windowStaff, '2026-09-30 10:00')).thenError('case.materials_missing', 'conflict');
    expect(error.details).toEqual({ missing: ['营业执照'] });
    given(incomplete).when({ type: 'AcceptCase', data: { caseId } }, at(windowStaff, '2026-09-30 10:00')).thenError('case.pre_review_missing', 'conflict');
    // At the window, the acceptance itself finds them missing.
    const atTheWindow = history([[submitted({ channel: 'window', materials: [file('申请书')] })[0], windowStaff, '2026-09-29 09:00']]);
    const atWindow = given(atTheWindow).when({ type: 'AcceptCase', data: { caseId } }, at(windowStaff, '2026-09-30 10:00')).thenError('case.materials_missing', 'conflict');
    expect(atWindow.details).toEqual({ missing: ['营业执照'] });
  });

  it('while the applicant has the notice, no second one is given', () => {
    given(noticeGiven).when(askForLicense, at(windowStaff, '2026-10-08 10:00')).thenError('case.wrong_status', 'conflict');
  });

  it('the applicant hands in what was asked: the case waits for acceptance again, with 5 working days from the new receipt', () => {
    given(noticeGiven)
      .when({ type: 'SupplementMaterials', data: { caseId, materials: [file('营业执照', 2)] } }, at(applicant, '2026-10-08 10:00'))
      // 9, 10 (调休 Saturday), 12, 13, 14 October.
      .then([{ type: 'CaseSupplemented', data: { stage: 'acceptance', materials: [{ material: '营业执照' }], noticeDeadline: '2026-10-14' } }]);
  });

  it('the notice is given once (一次性告知): after the supplement a second one is refused, and the case can be accepted', () => {
    const events = historyAfter(noticeGiven, [{ type: 'SupplementMaterials', data: { caseId, materials: [file('营业执照', 2)] } }, applicant, '2026-10-08 10:00']);
    given(events).when(askForLicense, at(windowStaff, '2026-10-08 11:00')).thenError('case.supplement_already_requested', 'conflict');
    // The complete materials are pre-reviewed, then accepted.
    const complete = historyAfter(events, preReviewed('2026-10-08 10:30'));
    given(complete).when({ type: 'AcceptCase', data: { caseId } }, at(windowStaff, '2026-10-08 11:00')).then([{ type: 'CaseAccepted', data: { startDate: '2026-10-08', deemedFromReceipt: false } }]);
  });

  it('a supplement that leaves out a requested material is refused, naming it', () => {
    given(noticeGiven).when({ type: 'SupplementMaterials', data: { caseId, materials: [file('申请书', 5)] } }, at(applicant, '2026-10-08 10:00')).thenError('case.supplement_incomplete', 'invalid');
  });

  it('only the applicant of the case, or the window, hands materials in', () => {
    given(noticeGiven).when({ type: 'SupplementMaterials', data: { caseId, materials: [file('营业执照', 2)] } }, at(otherApplicant, '2026-10-08 10:00')).thenError('case.not_your_case', 'forbidden');
    given(noticeGiven).when({ type: 'SupplementMaterials', data: { caseId, materials: [file('营业执照', 2)] } }, at(windowStaff, '2026-10-08 10:00')).then([{ type: 'CaseSupplemented' }]);
  });

  it('a case not waiting for materials takes none', () => {
    given(incomplete).when({ type: 'SupplementMaterials', data: { caseId, materials: [file('营业执照', 2)] } }, at(applicant, '2026-10-08 10:00')).thenError('case.not_awaiting_supplement', 'conflict');
  });
});

describe('refusal to accept (不予受理)', () => {
  const refuse = { type: 'RefuseCase', data: { caseId, reasons: ['申请事项不属于本机关职权范围'] } } as const;

  it('states its reasons and the appeal rights, before acceptance or while materials are awaited', () => {
    const [refused] = given(incomplete)
      .when(refuse, at(windowStaff, '2026-09-30 10:00'))
      .then([{ type: 'CaseRefused', data: { reasons: ['申请事项不属于本机关职权范围'], legalBasis: REFUSAL_STATEMENT.source } }]);
    expect(refused?.type === 'CaseRefused' && refused.data.appealRights.zh).toMatch(/行政复议/);
    given(noticeGiven).when(refuse, at(windowStaff, '2026-10-20 10:00')).then([{ type: 'CaseRefused' }]);
  });

  it('needs reasons, and comes before acceptance only', () => {
    given(incomplete).when({ ...refuse, data: { caseId, reasons: [''] } }, at(windowStaff, '2026-09-30 10:00')).thenError('case.refusal_needs_reasons', 'invalid');
    given(history([submitted(), preReviewed(), accepted()])).when(refuse, at(windowStaff, '2026-10-08 10:00')).thenError('case.wrong_status', 'conflict');
  });
});

/** Accepted Wednesday 30 September with 5 working days: due 13 October. */
const running = history([submitted(), preReviewed(), accepted()]);
const suspend = { type: 'SuspendClock', data: { caseId, procedure: 'expert_review', reason: '组织专家评审' } } as const;
const suspended = historyAfter(running, [suspend, reviewer, '2026-10-08 10:00']);

describe('review (审查) and special procedures (行政许可法 art. 45)', () => {
  it('the reviewer records an opinion at a review step of the item', () => {
    given(running).when({ type: 'RecordReview', data: { caseId, step: '材料审查', opinion: '材料齐全' } }, at(reviewer, '2026-10-08 10:00')).then([{ type: 'CaseReviewed', data: { step: '材料审查', opinion: '材料齐全' } }]);
    given(running).when({ type: 'RecordReview', data: { caseId, step: '决定', opinion: '同意' } }, at(reviewer, '2026-10-08 10:00')).thenError('case.unknown_review_step', 'invalid');
  });

  it('an expert review stops the clock; a decision waits until it runs again', () => {
    given(running).when(suspend, at(reviewer, '2026-10-08 10:00')).then([{ type: 'CaseSuspended', data: { cause: 'expert_review', suspendedDate: '2026-10-08', light: 'green' } }]);
    // Stopped in the warning days before the due date (13 October): it stays yellow while suspended.
    given(running).when(suspend, at(reviewer, '2026-10-12 10:00')).then([{ type: 'CaseSuspended', data: { suspendedDate: '2026-10-12', light: 'yellow' } }]);
    given(suspended).when({ type: 'DecideCase', data: { caseId, decision: 'granted' } }, at(reviewer, '2026-10-09 10:00')).thenError('case.wrong_status', 'conflict');
    // Even with every review step done, the suspension is what holds the decision back.
    const reviewedThenSuspended = history([reviewed('2026-10-08 09:00'), [suspend, reviewer, '2026-10-08 10:00']], {}, running);
    given(reviewedThenSuspended).when({ type: 'DecideCase', data: { caseId, decision: 'granted' } }, at(reviewer, '2026-10-09 10:00')).thenError('case.wrong_status', 'conflict');
  });

  it('only the special procedures of the law stop the clock, and not after the limit ran out', () => {
    given(running).when({ ...suspend, data: { ...suspend.data, procedure: 'holiday' as 'hearing' } }, at(reviewer, '2026-10-08 10:00')).thenError('case.not_a_special_procedure', 'invalid');
    given(running).when(suspend, at(reviewer, '2026-10-14 10:00')).thenError('case.limit_already_passed', 'conflict');
    given(running).when({ ...suspend, data: { ...suspend.data, reason: '' } }, at(reviewer, '2026-10-08 10:00')).thenError('case.reason_required', 'invalid');
    given(running).when(suspend, at(windowStaff, '2026-10-08 10:00')).thenError('case.role_not_allowed', 'forbidden');
  });

  it('resuming moves the due date by the working days the clock stood still', () => {
    // Stopped Thursday 8 October, resumed Tuesday 13 October: 9, 10 (调休), 12, 13 → 4 working days; due 13 → 19 October.
    given(suspended)
      .when({ type: 'ResumeClock', data: { caseId } }, at(reviewer, '2026-10-13 10:00'))
      .then([{ type: 'CaseResumed', data: { suspendedDays: 4, totalSuspendedDays: 4, dueDate: '2026-10-19', warningDate: '2026-10-15' } }]);
  });

  it('the decision counts the working days used without the suspension', () => {
    const resumed = history([[{ type: 'ResumeClock', data: { caseId } }, reviewer, '2026-10-13 10:00'], reviewed('2026-10-14 10:00')], {}, suspended);
    given(resumed)
      .when({ type: 'DecideCase', data: { caseId, decision: 'granted' } }, at(reviewer, '2026-10-16 10:00'))
      .then([{ type: 'CaseGranted', data: { workingDaysUsed: 4, suspendedDays: 4, onTime: true } }]);
  });

  it('a supplement asked for during review stops the clock until the applicant hands it in', () => {
    const ask = { type: 'RequestSupplement', data: { caseId, missing: [{ material: '营业执照', reason: '复印件不清晰，请重新提交' }] } } as const;
    given(running)
      .when(ask, at(reviewer, '2026-10-08 10:00'))
      .then([
        { type: 'CaseSupplementRequested', data: { stage: 'review' } },
        { type: 'CaseSuspended', data: { cause: 'supplement', suspendedDate: '2026-10-08' } },
      ]);
    const waiting = historyAfter(running, [ask, reviewer, '2026-10-08 10:00']);
    given(waiting).when({ type: 'ResumeClock', data: { caseId } }, at(reviewer, '2026-10-09 10:00')).thenError('case.awaiting_supplement', 'conflict');
    given(waiting)
      .when({ type: 'SupplementMaterials', data: { caseId, materials: [file('营业执照', 7)] } }, at(applicant, '2026-10-12 10:00'))
      .then([
        { type: 'CaseSupplemented', data: { stage: 'review' } },
        { type: 'CaseResumed', data: { suspendedDays: 3, dueDate: '2026-10-16' } },
      ]);
  });
});

describe('extension (延期, 行政许可法 art. 42)', () => {
  const extend = { type: 'ExtendTimeLimit', data: { caseId, reason: '需现场核查，情况复杂' } } as const;

  it('the department head extends once by 10 working days, with a reason', () => {
    given(running)
      .when(extend, at(head, '2026-10-12 10:00'))
      .then([{ type: 'CaseTimeLimitExtended', data: { days: 10, dueDate: '2026-10-27', warningDate: '2026-10-23', legalBasis: '行政许可法 第四十二条第一款' } }]);
  });

  it('a second extension is refused', () => {
    const extended = historyAfter(running, [extend, head, '2026-10-12 10:00']);
    given(extended).when(extend, at(head, '2026-10-20 10:00')).thenError('case.already_extended', 'conflict');
  });

  it('joint handling (联合办理) extends by 15', () => {
    const joint = history([submitted({ item: { ...item, handling: 'joint', availability: 'open' } }), preReviewed(), accepted()]);
    given(joint).when(extend, at(head, '2026-10-12 10:00')).then([{ type: 'CaseTimeLimitExtended', data: { days: 15, legalBasis: '行政许可法 第四十二条第二款' } }]);
  });

  it('only the department head extends, with a reason, before the limit runs out', () => {
    given(running).when(extend, at(reviewer, '2026-10-12 10:00')).thenError('case.role_not_allowed', 'forbidden');
    given(running).when({ ...extend, data: { caseId, reason: ' ' } }, at(head, '2026-10-12 10:00')).thenError('case.reason_required', 'invalid');
    given(running).when(extend, at(head, '2026-10-14 09:00')).thenError('case.limit_already_passed', 'conflict');
  });

  it('a suspended clock can be extended too: the days count after it resumes', () => {
    const extended = historyAfter(suspended, [extend, head, '2026-10-09 10:00']);
    given(extended)
      .when({ type: 'ResumeClock', data: { caseId } }, at(reviewer, '2026-10-13 10:00'))
      .then([{ type: 'CaseResumed', data: { totalSuspendedDays: 4, dueDate: '2026-11-02' } }]);
  });

  it('extended while suspended, the light it stopped at is read again by the new dates: a yellow one turns green', () => {
    // Stopped Monday 12 October in the warning days before 13 October; extended to 27 October (warning from the 23rd).
    const stoppedYellow = historyAfter(running, [suspend, reviewer, '2026-10-12 10:00']);
    given(stoppedYellow).when(extend, at(head, '2026-10-12 11:00')).then([{ type: 'CaseTimeLimitExtended', data: { dueDate: '2026-10-27', suspendedLight: 'green' } }]);
    const notSuspended = given(running).when(extend, at(head, '2026-10-12 10:00')).then([{ type: 'CaseTimeLimitExtended' }]);
    expect(notSuspended).not.toHaveProperty([0, 'data', 'suspendedLight']);
  });
});

/** Reviewed Friday 9 October, granted Monday 12 October: the certificate is due by 26 October (art. 44). */
const grantedCase = history([reviewed('2026-10-09 10:00'), granted('2026-10-12 10:00')], {}, running);

describe('fees (收费)', () => {
  it('the fee is assessed from the item version’s rule: 80 m² at ¥1 is ¥80', () => {
    given(grantedCase).when({ type: 'AssessFee', data: { caseId } }, at(windowStaff, '2026-10-12 11:00')).then([{ type: 'CaseFeeAssessed', data: { amountCents: 8000, quantity: 80 } }]);
  });

  it('a computed fee stops at its cap', () => {
    const large = history([submitted({ formData: { shopName: '大食堂', area: 500 } }), preReviewed(), accepted(), reviewed('2026-10-09 10:00'), granted('2026-10-12 10:00')]);
    given(large).when({ type: 'AssessFee', data: { caseId } }, at(windowStaff, '2026-10-12 11:00')).then([{ type: 'CaseFeeAssessed', data: { amountCents: 20_000, quantity: 500 } }]);
  });

  it('a payment is the assessed amount, with its receipt; once', () => {
    const assessed = historyAfter(grantedCase, [{ type: 'AssessFee', data: { caseId } }, windowStaff, '2026-10-12 11:00']);
    given(assessed).when({ type: 'RecordFeePayment', data: { caseId, amountCents: 5000, receiptNo: 'PJ1' } }, at(windowStaff, '2026-10-12 12:00')).thenError('case.payment_mismatch', 'invalid');
    given(assessed).when({ type: 'RecordFeePayment', data: { caseId, amountCents: 8000, receiptNo: 'PJ1' } }, at(windowStaff, '2026-10-12 12:00')).then([{ type: 'CaseFeePaid', data: { amountCents: 8000, receiptNo: 'PJ1' } }]);
    given(assessed).when({ type: 'AssessFee', data: { caseId } }, at(windowStaff, '2026-10-12 12:00')).thenError('case.fee_already_assessed', 'conflict');
  });

  it('a free item charges nothing, and no payment comes before the assessment', () => {
    const free = history([submitted({ item: { ...item, fee: { kind: 'free' }, availability: 'open' } }), preReviewed(), accepted(), reviewed('2026-10-09 10:00'), granted('2026-10-12 10:00')]);
    given(free).when({ type: 'AssessFee', data: { caseId } }, at(windowStaff, '2026-10-12 11:00')).thenError('case.no_fee', 'conflict');
    given(grantedCase).when({ type: 'RecordFeePayment', data: { caseId, amountCents: 8000, receiptNo: 'PJ1' } }, at(windowStaff, '2026-10-12 12:00')).thenError('case.fee_not_assessed', 'conflict');
  });
});

const paid = historyAfter(
  historyAfter(grantedCase, [{ type: 'AssessFee', data: { caseId } }, windowStaff, '2026-10-12 11:00']),
  [{ type: 'RecordFeePayment', data: { caseId, amountCents: 8000, receiptNo: 'PJ1' } }, windowStaff, '2026-10-12 12:00'],
);
const issue = { type: 'IssueCertificate', data: { caseId, validUntil: '2031-10-25' } } as const;

describe('the certificate (发证, 行政许可法 art. 44)', () => {
  it('is issued to the applicant with what the license library needs: holder, type, validity; on time within 10 working days', () => {
    given(paid)
      .when(issue, at(windowStaff, '2026-10-26 16:00'))
      .then([
        {
          type: 'CaseCertificateIssued',
          data: {
            certificateNo: 'XK00101000-20260929-00001',
            licenseType: 'XK00101000',
            licenseName: '食品经营许可',
            holder: { kind: 'enterprise', name: '某某餐饮有限公司', creditCode: submit.applicant.creditCode },
            validFrom: '2026-10-26',
            validUntil: '2031-10-25',
            dueDate: '2026-10-26',
            onTime: true,
          },
        },
      ]);
  });

  it('issued on the 11th working day after the grant it is recorded as late', () => {
    given(paid).when(issue, at(windowStaff, '2026-10-27 09:00')).then([{ type: 'CaseCertificateIssued', data: { onTime: false } }]);
  });

  it('not before the fee is paid, with validity dates in order, and only for an item that issues one', () => {
    given(grantedCase).when(issue, at(windowStaff, '2026-10-13 10:00')).thenError('case.fee_unpaid', 'conflict');
    given(paid).when({ ...issue, data: { caseId, validFrom: '2026-10-20', validUntil: '2026-10-19' } }, at(windowStaff, '2026-10-13 10:00')).thenError('case.bad_validity', 'invalid');
    given(paid).when({ ...issue, data: { caseId, validUntil: '2026-02-30' } }, at(windowStaff, '2026-10-13 10:00')).thenError('case.bad_validity', 'invalid');
    const noCertificate = history([
      submitted({ item: { ...item, fee: { kind: 'free' }, workflow: item.workflow.filter((s) => s.kind !== 'certify'), availability: 'open' } }),
      preReviewed(),
      accepted(),
      reviewed('2026-10-09 10:00'),
      granted('2026-10-12 10:00'),
    ]);
    given(noCertificate).when(issue, at(windowStaff, '2026-10-13 10:00')).thenError('case.no_certificate', 'conflict');
  });

  it('a valid-without-limit certificate has no end date', () => {
    given(paid).when({ type: 'IssueCertificate', data: { caseId } }, at(windowStaff, '2026-10-13 10:00')).then([{ type: 'CaseCertificateIssued', data: { validUntil: null, validFrom: '2026-10-13' } }]);
  });
});

const issued = historyAfter(paid, [issue, windowStaff, '2026-10-13 10:00']);

describe('delivery (送达) and completion (办结)', () => {
  it('goes out by the applicant’s chosen method; mail needs a tracking number', () => {
    given(issued).when({ type: 'DeliverCase', data: { caseId } }, at(windowStaff, '2026-10-14 10:00')).thenError('case.tracking_no_required', 'invalid');
    given(issued)
      .when({ type: 'DeliverCase', data: { caseId, trackingNo: 'EMS1234567890' } }, at(windowStaff, '2026-10-14 10:00'))
      .then([{ type: 'CaseDelivered', data: { method: 'mail', trackingNo: 'EMS1234567890', onTime: true } }]);
  });

  it('only by a method the item offers', () => {
    given(issued).when({ type: 'DeliverCase', data: { caseId, method: 'electronic' } }, at(windowStaff, '2026-10-14 10:00')).thenError('case.delivery_method_not_offered', 'invalid');
  });

  it('a granted case is completed only after its certificate is issued and delivered', () => {
    const complete = { type: 'CompleteCase', data: { caseId } } as const;
    given(paid).when(complete, at(windowStaff, '2026-10-14 10:00')).thenError('case.certificate_not_issued', 'conflict');
    given(issued).when(complete, at(windowStaff, '2026-10-14 10:00')).thenError('case.not_delivered', 'conflict');
    const delivered = historyAfter(issued, [{ type: 'DeliverCase', data: { caseId, method: 'window' } }, windowStaff, '2026-10-14 10:00']);
    given(delivered).when(complete, at(windowStaff, '2026-10-14 11:00')).then([{ type: 'CaseCompleted' }]);
  });
});

describe('withdrawal (撤回) and termination (终止)', () => {
  const withdraw = { type: 'WithdrawCase', data: { caseId, reason: '不再经营' } } as const;
  const terminate = { type: 'TerminateCase', data: { caseId, reason: '申请人已注销' } } as const;

  it('the applicant withdraws before a decision, also while the clock is suspended', () => {
    given(running).when(withdraw, at(applicant, '2026-10-08 10:00')).then([{ type: 'CaseWithdrawn', data: { reason: '不再经营' } }]);
    given(suspended).when(withdraw, at(applicant, '2026-10-09 10:00')).then([{ type: 'CaseWithdrawn' }]);
    given(noticeGiven).when(withdraw, at(applicant, '2026-10-09 10:00')).then([{ type: 'CaseWithdrawn' }]);
  });

  it('not after the decision, and not someone else’s case', () => {
    given(grantedCase).when(withdraw, at(applicant, '2026-10-13 10:00')).thenError('case.wrong_status', 'conflict');
    given(running).when(withdraw, at(otherApplicant, '2026-10-08 10:00')).thenError('case.not_your_case', 'forbidden');
  });

  it('the department head terminates an undecided case, with the reason', () => {
    given(running).when(terminate, at(head, '2026-10-08 10:00')).then([{ type: 'CaseTerminated', data: { reason: '申请人已注销' } }]);
    given(running).when({ ...terminate, data: { caseId, reason: '' } }, at(head, '2026-10-08 10:00')).thenError('case.reason_required', 'invalid');
    given(running).when(terminate, at(reviewer, '2026-10-08 10:00')).thenError('case.role_not_allowed', 'forbidden');
    given(grantedCase).when(terminate, at(head, '2026-10-13 10:00')).thenError('case.wrong_status', 'conflict');
  });

  it('a withdrawn or terminated case takes no further step', () => {
    const withdrawn = historyAfter(running, [withdraw, applicant, '2026-10-08 10:00']);
    given(withdrawn).when({ type: 'DecideCase', data: { caseId, decision: 'granted' } }, at(reviewer, '2026-10-09 10:00')).thenError('case.wrong_status', 'conflict');
    given(withdrawn).when(terminate, at(head, '2026-10-09 10:00')).thenError('case.wrong_status', 'conflict');
  });
});

/** The events of `before` and then of one more step. */
function historyAfter(before: readonly CaseEvent[], step: readonly [CaseCommand, Actor, string]): CaseEvent[] {
  return history([step], {}, before);
}
