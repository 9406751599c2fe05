import { describe, expect, it } from 'vitest';
import { caseDecider, caseLight, caseStreamId, DENIAL_STATEMENT, type CaseEvent } from '../../domain/cases/index.js';
import { fold } from '../../domain/shared/decider.js';
import { spec } from '../support/decider-spec.js';
import {
  accepted as acceptStep,
  applicant,
  ctx,
  file,
  granted as grantStep,
  history,
  item,
  otherReviewer,
  preReviewed as preReviewStep,
  reviewed as reviewStep,
  reviewer,
  submit,
  submitted as submitStep,
  VALID_ID_NUMBER,
  windowStaff,
} from './case-fixtures.js';

const given = (events: readonly CaseEvent[]) => spec(caseDecider, ctx).given(events);

const [submitted] = history([submitStep()]);
const [, preReviewed, accepted, reviewed] = history([submitStep(), preReviewStep(), acceptStep(), reviewStep('2026-10-08 10:00')]);
const granted: CaseEvent = {
  type: 'CaseGranted',
  data: { caseId: 'c-1', decidedAt: '2026-10-09T02:00:00.000Z', workingDaysUsed: 2, suspendedDays: 0, onTime: true, certificateDueDate: '2026-10-23' },
};
const submitCase = (data: Partial<typeof submit> = {}) => ({ type: 'SubmitCase' as const, data: { ...submit, ...data } });

describe('submitting an application (申请)', () => {
  it('an applicant applies online for a published item, and the case keeps that item version and its rules', () => {
    given([])
      .when(submitCase())
      .then([
        {
          type: 'CaseSubmitted',
          data: {
            caseId: 'c-1',
            channel: 'online',
            applicantUserId: 'u-wang',
            item: { code: 'XK00101000', version: 1, fee: { kind: 'computed' }, workflow: [{ kind: 'accept' }, {}, {}, {}, {}] },
            materials: [{ material: '申请书', size: 1024 }, { material: '营业执照' }],
            deliveryMethod: 'mail',
            submittedAt: '2026-09-30T02:00:00.000Z',
          },
        },
      ]);
  });

  it('the window has until the 5th working day after receipt to accept or ask for materials: from 30 September that is 13 October', () => {
    // 8, 9, 10 (the 调休 Saturday), 12, 13 October.
    given([]).when(submitCase()).then([{ type: 'CaseSubmitted', data: { noticeDeadline: '2026-10-13' } }]);
  });

  it('an item that is not published, suspended or retired cannot be applied for', () => {
    given([]).when(submitCase({ item: { ...item, availability: 'not_published' } })).thenError('case.item_not_published', 'conflict');
    given([]).when(submitCase({ item: { ...item, availability: 'suspended' } })).thenError('case.item_suspended', 'conflict');
    given([]).when(submitCase({ item: { ...item, availability: 'retired' } })).thenError('case.item_retired', 'conflict');
  });

  it('a person applies with an ID number, an enterprise with its credit code', () => {
    given([]).when(submitCase({ applicant: { kind: 'person', name: '王五' } })).thenError('case.id_number_required', 'invalid');
    given([]).when(submitCase({ applicant: { kind: 'enterprise', name: '某公司' } })).thenError('case.credit_code_required', 'invalid');
    given([])
      .when(submitCase({ applicant: { kind: 'person', name: '王五', idNumber: VALID_ID_NUMBER } }))
      .then([{ type: 'CaseSubmitted', data: { applicant: { kind: 'person', idNumber: VALID_ID_NUMBER } } }]);
  });

  it('refuses an ID number whose check character is wrong (GB 11643), without repeating it in full', () => {
    const error = given([]).when(submitCase({ applicant: { kind: 'person', name: '王五', idNumber: '110105194912310021' } })).thenError('case.bad_id_number', 'invalid');
    expect(error.message.zh).toContain('110105********0021');
    expect(error.message.zh).not.toContain('110105194912310021');
  });

  it('refuses a credit code whose check character is wrong (GB 32100)', () => {
    given([]).when(submitCase({ applicant: { kind: 'enterprise', name: '某公司', creditCode: '91110108MA01XXXX0A' } })).thenError('case.bad_credit_code', 'invalid');
  });

  it('refuses a form that does not follow the item version’s schema, naming each field in both languages', () => {
    const error = given([]).when(submitCase({ formData: { area: 0 } })).thenError('case.form_invalid', 'invalid');
    expect(error.details?.['problems']).toEqual([
      { field: 'shopName', message: { zh: '为必填项', en: 'is required' } },
      { field: 'area', message: { zh: '不能小于 1', en: 'must be >= 1' } },
    ]);
    expect(error.message.zh).toContain('shopName为必填项');
  });

  it('refuses a file named for a material the item does not have, or one the material store does not hold', () => {
    given([]).when(submitCase({ materials: [file('身份证', 3)] })).thenError('case.unknown_material', 'invalid');
    given([]).when(submitCase({ materials: [{ material: '申请书', digest: 'f'.repeat(64) }] })).thenError('case.material_not_uploaded', 'invalid');
    given([]).when(submitCase({ materials: [file('申请书', 1), file('申请书', 1)] })).thenError('case.duplicate_material_file', 'invalid');
  });

  it('missing required materials do not stop the application: the window asks for them', () => {
    given([]).when(submitCase({ materials: [file('申请书')] })).then([{ type: 'CaseSubmitted', data: { materials: [{ material: '申请书' }] } }]);
  });

  it('the result is delivered only in a way the item offers', () => {
    given([]).when(submitCase({ deliveryMethod: 'electronic' })).thenError('case.delivery_method_not_offered', 'invalid');
    const [event] = given([]).when(submitCase({ deliveryMethod: undefined })).then([{ type: 'CaseSubmitted' }]);
    expect(event?.type === 'CaseSubmitted' && event.data.deliveryMethod).toBe('window');
  });

  it('an application the window files for a walk-in belongs to no applicant account', () => {
    const [event] = given([]).when(submitCase({ channel: 'window' }), { actor: windowStaff }).then([{ type: 'CaseSubmitted' }]);
    expect(event?.type === 'CaseSubmitted' && event.data.applicantUserId).toBeUndefined();
  });

  it('refuses an application without a case number or through an unknown channel', () => {
    given([]).when(submitCase({ caseNo: '' })).thenError('case.number_required');
    given([]).when(submitCase({ channel: 'fax' as 'online' })).thenError('case.bad_channel');
  });

  it('the same case cannot be submitted twice', () => {
    given([submitted!]).when(submitCase()).thenError('case.wrong_status', 'conflict');
  });
});

describe('acceptance (受理) starts the clock in working days', () => {
  const accept = { type: 'AcceptCase', data: { caseId: 'c-1' } } as const;

  it('accepted the day before National Day with 5 days promised: due 13 October, counting the 调休 Saturday', () => {
    given([submitted!, preReviewed!])
      .when(accept, { actor: windowStaff })
      .then([
        {
          type: 'CaseAccepted',
          data: {
            acceptedAt: '2026-09-30T02:00:00.000Z',
            startDate: '2026-09-30',
            deemedFromReceipt: false,
            limitDays: 5,
            dueDate: '2026-10-13',
            warningDate: '2026-10-10',
            dueAt: '2026-10-13T15:59:59.999Z',
          },
        },
      ]);
  });

  it('the day of acceptance is the Beijing date: half past midnight on Saturday 10 October (调休) counts from the 10th', () => {
    given([submitted!, preReviewed!])
      .when(accept, { actor: windowStaff, now: new Date('2026-10-09T16:30:00Z') })
      .then([{ type: 'CaseAccepted', data: { dueDate: '2026-10-16', dueAt: '2026-10-16T15:59:59.999Z' } }]);
    given([submitted!, preReviewed!])
      .when(accept, { actor: windowStaff, now: new Date('2026-10-09T15:30:00Z') })
      .then([{ type: 'CaseAccepted', data: { dueDate: '2026-10-15' } }]);
  });

  it('20 working days from before the Spring Festival skip the whole holiday', () => {
    const [longer, longerPreReviewed] = history([submitStep({ item: { ...item, promisedLimitDays: 20, availability: 'open' } }), preReviewStep()]);
    given([longer!, longerPreReviewed!])
      .when(accept, { actor: windowStaff, now: new Date('2026-02-06T02:00:00Z') })
      .then([{ type: 'CaseAccepted', data: { limitDays: 20, dueDate: '2026-03-12', warningDate: '2026-03-10' } }]);
  });

  it('the warning comes on as many working days before the due date as the city sets', () => {
    given([submitted!, preReviewed!])
      .when(accept, { actor: windowStaff, warningDays: 3 })
      .then([{ type: 'CaseAccepted', data: { dueDate: '2026-10-13', warningDate: '2026-10-09' } }]);
  });

  it('only window staff of the item’s department accept', () => {
    given([submitted!, preReviewed!]).when(accept).thenError('case.role_not_allowed', 'forbidden');
    given([submitted!, preReviewed!]).when(accept, { actor: { ...windowStaff, department: 'housing' } }).thenError('case.other_department', 'forbidden');
  });

  it('a case is accepted once, and only after it was submitted', () => {
    given([submitted!, preReviewed!, accepted!]).when(accept, { actor: windowStaff }).thenError('case.wrong_status', 'conflict');
    given([]).when(accept, { actor: windowStaff }).thenError('case.not_found', 'not_found');
  });
});

describe('online pre-review (网上预审) before acceptance', () => {
  const preReview = { type: 'PreReviewCase', data: { caseId: 'c-1', opinion: '材料齐全，符合法定形式' } } as const;
  const accept = { type: 'AcceptCase', data: { caseId: 'c-1' } } as const;

  it('the window pre-reviews an online application and records its opinion, trimmed', () => {
    given([submitted!])
      .when({ ...preReview, data: { caseId: 'c-1', opinion: '  材料齐全，符合法定形式  ' } }, { actor: windowStaff })
      .then([{ type: 'CasePreReviewed', data: { caseId: 'c-1', opinion: '材料齐全，符合法定形式', preReviewedAt: '2026-09-30T02:00:00.000Z' } }]);
    const state = fold(caseDecider, [submitted!, preReviewed!]);
    expect(state.status === 'submitted' && state.preReviewedAt).toBe('2026-09-29T07:00:00.000Z');
  });

  it('an online application is not accepted before it passed pre-review, and is accepted after', () => {
    const error = given([submitted!]).when(accept, { actor: windowStaff }).thenError('case.pre_review_missing', 'conflict');
    expect(error.message.zh).toContain('预审');
    given([submitted!, preReviewed!]).when(accept, { actor: windowStaff }).then([{ type: 'CaseAccepted', data: { startDate: '2026-09-30', deemedFromReceipt: false } }]);
  });

  it('an application made at the window or a kiosk is accepted without pre-review, and is not pre-reviewed', () => {
    const atTheWindow = history([[submitCase({ channel: 'window' }), windowStaff, '2026-09-29 09:00']]);
    given(atTheWindow).when(accept, { actor: windowStaff }).then([{ type: 'CaseAccepted', data: { startDate: '2026-09-30', deemedFromReceipt: false } }]);
    const error = given(atTheWindow).when(preReview, { actor: windowStaff }).thenError('case.no_pre_review', 'conflict');
    expect(error.details).toEqual({ channel: 'window' });
    const atAKiosk = history([submitStep({ channel: 'kiosk' })]);
    given(atAKiosk).when(accept, { actor: windowStaff }).then([{ type: 'CaseAccepted' }]);
    given(atAKiosk).when(preReview, { actor: windowStaff }).thenError('case.no_pre_review', 'conflict');
  });

  it('an application passes pre-review once', () => {
    given([submitted!, preReviewed!]).when(preReview, { actor: windowStaff }).thenError('case.already_pre_reviewed', 'conflict');
  });

  it('while required materials are missing it does not pass: the window asks for them instead', () => {
    const incomplete = history([submitStep({ materials: [file('申请书')] })]);
    const error = given(incomplete).when(preReview, { actor: windowStaff }).thenError('case.materials_missing', 'conflict');
    expect(error.details).toEqual({ missing: ['营业执照'] });
  });

  it('needs an opinion', () => {
    given([submitted!]).when({ ...preReview, data: { caseId: 'c-1', opinion: '   ' } }, { actor: windowStaff }).thenError('case.opinion_required', 'invalid');
    given([submitted!]).when({ ...preReview, data: { caseId: 'c-1', opinion: '' } }, { actor: windowStaff }).thenError('case.opinion_required', 'invalid');
  });

  it('only window staff of the item’s department pre-review, and only a case awaiting acceptance', () => {
    given([submitted!]).when(preReview).thenError('case.role_not_allowed', 'forbidden');
    given([submitted!]).when(preReview, { actor: reviewer }).thenError('case.role_not_allowed', 'forbidden');
    given([submitted!]).when(preReview, { actor: { ...windowStaff, department: 'housing' } }).thenError('case.other_department', 'forbidden');
    given([submitted!, preReviewed!, accepted!]).when(preReview, { actor: windowStaff }).thenError('case.wrong_status', 'conflict');
    given([]).when(preReview, { actor: windowStaff }).thenError('case.not_found', 'not_found');
  });

  it('past the notice deadline an online application counts as accepted from receipt, pre-reviewed or not (art. 32)', () => {
    // Received 29 September: the 5th working day after it is 12 October.
    given([submitted!]).when(accept, { actor: windowStaff, now: new Date('2026-10-12T09:00:00Z') }).thenError('case.pre_review_missing', 'conflict');
    given([submitted!])
      .when(accept, { actor: windowStaff, now: new Date('2026-10-13T01:00:00Z') })
      .then([{ type: 'CaseAccepted', data: { startDate: '2026-09-29', deemedFromReceipt: true, dueDate: '2026-10-12' } }]);
  });

  it('materials handed in after a supplement notice are pre-reviewed again before acceptance', () => {
    const askAgain = { type: 'RequestSupplement', data: { caseId: 'c-1', missing: [{ material: '营业执照', reason: '复印件不清晰，请重新提交' }] } } as const;
    const supplemented = history([
      submitStep(),
      preReviewStep(),
      [askAgain, windowStaff, '2026-09-30 10:00'],
      [{ type: 'SupplementMaterials', data: { caseId: 'c-1', materials: [file('营业执照', 7)] } }, applicant, '2026-10-08 10:00'],
    ]);
    const state = fold(caseDecider, supplemented);
    expect(state.status === 'submitted' && state.preReviewedAt).toBeUndefined();
    given(supplemented).when(accept, { actor: windowStaff, now: new Date('2026-10-08T03:00:00Z') }).thenError('case.pre_review_missing', 'conflict');
    given(supplemented)
      .when(preReview, { actor: windowStaff, now: new Date('2026-10-08T03:00:00Z') })
      .then([{ type: 'CasePreReviewed', data: { preReviewedAt: '2026-10-08T03:00:00.000Z' } }]);
    const again = history([preReviewStep('2026-10-08 11:00')], {}, supplemented);
    given(again).when(accept, { actor: windowStaff, now: new Date('2026-10-08T06:00:00Z') }).then([{ type: 'CaseAccepted', data: { startDate: '2026-10-08', deemedFromReceipt: false } }]);
  });
});

describe('the decision (决定)', () => {
  const grant = { type: 'DecideCase', data: { caseId: 'c-1', decision: 'granted' } } as const;
  const deny = { type: 'DecideCase', data: { caseId: 'c-1', decision: 'denied', reasons: ['经营场所与申请材料不符'] } } as const;

  it('a reviewer grants within the limit: the working days used and on time are recorded, and the certificate is due 10 working days later', () => {
    given([submitted!, preReviewed!, accepted!, reviewed!])
      .when(grant, { actor: reviewer, now: new Date('2026-10-12T03:00:00Z') })
      .then([{ type: 'CaseGranted', data: { decidedAt: '2026-10-12T03:00:00.000Z', workingDaysUsed: 4, suspendedDays: 0, onTime: true, certificateDueDate: '2026-10-26' } }]);
  });

  it('a decision late in the evening of the due date is still on time; the next morning it is late', () => {
    given([submitted!, preReviewed!, accepted!, reviewed!]).when(grant, { actor: reviewer, now: new Date('2026-10-13T15:00:00Z') }).then([{ type: 'CaseGranted', data: { onTime: true, workingDaysUsed: 5 } }]);
    given([submitted!, preReviewed!, accepted!, reviewed!]).when(grant, { actor: reviewer, now: new Date('2026-10-14T01:00:00Z') }).then([{ type: 'CaseGranted', data: { onTime: false, workingDaysUsed: 6 } }]);
  });

  it('a denial states its reasons and the right to reconsideration or litigation (art. 38)', () => {
    const [denied] = given([submitted!, preReviewed!, accepted!, reviewed!])
      .when(deny, { actor: reviewer, now: new Date('2026-10-12T03:00:00Z') })
      .then([{ type: 'CaseDenied', data: { reasons: ['经营场所与申请材料不符'], legalBasis: '行政许可法 第三十八条第二款', onTime: true } }]);
    expect(denied?.type === 'CaseDenied' && denied.data.appealRights).toEqual(DENIAL_STATEMENT.appealRights);
    expect(DENIAL_STATEMENT.appealRights.zh).toMatch(/行政复议.*行政诉讼/);
  });

  it('a denial without reasons is refused', () => {
    given([submitted!, preReviewed!, accepted!, reviewed!]).when({ ...deny, data: { ...deny.data, reasons: [] } }, { actor: reviewer }).thenError('case.denial_needs_reasons', 'invalid');
    given([submitted!, preReviewed!, accepted!, reviewed!]).when({ ...deny, data: { ...deny.data, reasons: ['  '] } }, { actor: reviewer }).thenError('case.denial_needs_reasons', 'invalid');
  });

  it('every review step of the item comes first: a decision before 材料审查 is refused, naming the step', () => {
    const error = given([submitted!, preReviewed!, accepted!]).when(grant, { actor: reviewer, now: new Date('2026-10-12T03:00:00Z') }).thenError('case.reviews_missing', 'conflict');
    expect(error.details).toEqual({ steps: ['材料审查'] });
    expect(error.message.zh).toContain('材料审查');
    expect(error.message.en).toContain('材料审查');
    given([submitted!, preReviewed!, accepted!]).when(deny, { actor: reviewer, now: new Date('2026-10-12T03:00:00Z') }).thenError('case.reviews_missing', 'conflict');
    given([submitted!, preReviewed!, accepted!, reviewed!]).when(grant, { actor: reviewer, now: new Date('2026-10-12T03:00:00Z') }).then([{ type: 'CaseGranted' }]);
  });

  it('an item with two review steps is decided only after both are recorded; the same step recorded twice counts once', () => {
    const twoReviews = { ...item, workflow: [{ name: '受理', kind: 'accept' as const }, { name: '材料审查', kind: 'review' as const }, { name: '现场核查', kind: 'review' as const }, ...item.workflow.slice(2)] };
    const running = history([submitStep({ item: { ...twoReviews, availability: 'open' } }), preReviewStep(), acceptStep()]);
    const now = { actor: reviewer, now: new Date('2026-10-12T03:00:00Z') };
    expect(given(running).when(grant, now).thenError('case.reviews_missing', 'conflict').details).toEqual({ steps: ['材料审查', '现场核查'] });

    const once = history([reviewStep('2026-10-08 10:00', '材料审查')], {}, running);
    expect(given(once).when(grant, now).thenError('case.reviews_missing', 'conflict').details).toEqual({ steps: ['现场核查'] });

    const twice = history([reviewStep('2026-10-09 10:00', '材料审查')], {}, once);
    expect(twice.filter((e) => e.type === 'CaseReviewed')).toHaveLength(2);
    expect(fold(caseDecider, twice)).toMatchObject({ reviewedSteps: ['材料审查'] });
    expect(given(twice).when(grant, now).thenError('case.reviews_missing', 'conflict').details).toEqual({ steps: ['现场核查'] });

    const both = history([reviewStep('2026-10-09 11:00', '现场核查')], {}, twice);
    expect(fold(caseDecider, both)).toMatchObject({ reviewedSteps: ['材料审查', '现场核查'] });
    given(both).when(grant, now).then([{ type: 'CaseGranted', data: { decidedAt: '2026-10-12T03:00:00.000Z', workingDaysUsed: 4, onTime: true } }]);
  });

  it('an item whose workflow has no review step is decided right after acceptance', () => {
    const noReview = { ...item, workflow: item.workflow.filter((s) => s.kind !== 'review') };
    const running = history([submitStep({ item: { ...noReview, availability: 'open' } }), preReviewStep(), acceptStep()]);
    given(running).when(grant, { actor: reviewer, now: new Date('2026-10-12T03:00:00Z') }).then([{ type: 'CaseGranted', data: { workingDaysUsed: 4, onTime: true, certificateDueDate: '2026-10-26' } }]);
  });

  it('a case not yet accepted cannot be decided, nor decided twice', () => {
    given([submitted!]).when(grant, { actor: reviewer }).thenError('case.wrong_status', 'conflict');
    given([submitted!, preReviewed!, accepted!, reviewed!, granted]).when(deny, { actor: reviewer }).thenError('case.wrong_status', 'conflict');
  });

  it('reviewers decide only their own department’s cases, and window staff do not decide', () => {
    given([submitted!, preReviewed!, accepted!, reviewed!]).when(grant, { actor: otherReviewer }).thenError('case.other_department', 'forbidden');
    given([submitted!, preReviewed!, accepted!, reviewed!]).when(grant, { actor: windowStaff }).thenError('case.role_not_allowed', 'forbidden');
  });
});

describe('completion (办结)', () => {
  const complete = { type: 'CompleteCase', data: { caseId: 'c-1' } } as const;

  it('a denied case is completed', () => {
    const denied = history([submitStep(), preReviewStep(), acceptStep(), reviewStep('2026-10-08 10:00'), [{ type: 'DecideCase', data: { caseId: 'c-1', decision: 'denied', reasons: ['不符合法定条件'] } }, reviewer, '2026-10-09 10:00']]);
    given(denied)
      .when(complete, { actor: windowStaff, now: new Date('2026-10-12T03:00:00Z') })
      .then([{ type: 'CaseCompleted', data: { caseId: 'c-1', completedAt: '2026-10-12T03:00:00.000Z' } }]);
  });

  it('an undecided case cannot be completed, nor a completed one again', () => {
    given([submitted!, preReviewed!, accepted!]).when(complete, { actor: windowStaff }).thenError('case.wrong_status', 'conflict');
    const denied = history([
      submitStep(),
      preReviewStep(),
      acceptStep(),
      reviewStep('2026-10-08 10:00'),
      [{ type: 'DecideCase', data: { caseId: 'c-1', decision: 'denied', reasons: ['不符合法定条件'] } }, reviewer, '2026-10-09 10:00'],
      [complete, windowStaff, '2026-10-09 11:00'],
    ]);
    given(denied).when(complete, { actor: windowStaff }).thenError('case.wrong_status', 'conflict');
  });

  it('a granted case of an item without certificate or delivery steps is completed right away', () => {
    const plain = { ...item, workflow: item.workflow.filter((s) => s.kind !== 'certify' && s.kind !== 'deliver'), fee: { kind: 'free' as const } };
    const events = history([submitStep({ item: { ...plain, availability: 'open' } }), preReviewStep(), acceptStep(), reviewStep('2026-10-08 10:00'), grantStep('2026-10-09 10:00')]);
    given(events).when(complete, { actor: windowStaff }).then([{ type: 'CaseCompleted' }]);
  });
});

describe('the warning light (红黄绿灯)', () => {
  const dates = { dueDate: '2026-10-13', warningDate: '2026-10-10' };

  it('green before the warning date, yellow from it through the due date, red after', () => {
    expect(caseLight(dates, '2026-10-09')).toBe('green');
    expect(caseLight(dates, '2026-10-10')).toBe('yellow');
    expect(caseLight(dates, '2026-10-13')).toBe('yellow');
    expect(caseLight(dates, '2026-10-14')).toBe('red');
  });

  it('works from the case state; a case not yet accepted has no clock running', () => {
    expect(caseLight(fold(caseDecider, [submitted!]), '2026-12-31')).toBe('green');
    expect(caseLight(fold(caseDecider, [submitted!, preReviewed!, accepted!]), '2026-10-14')).toBe('red');
  });

  it('once decided the light stays as it was on the day of the decision', () => {
    expect(caseLight(fold(caseDecider, [submitted!, preReviewed!, accepted!, reviewed!, granted]), '2026-12-31')).toBe('green');
    const late: CaseEvent = { type: 'CaseGranted', data: { caseId: 'c-1', decidedAt: '2026-10-14T01:00:00.000Z', workingDaysUsed: 6, suspendedDays: 0, onTime: false } };
    expect(caseLight(fold(caseDecider, [submitted!, preReviewed!, accepted!, reviewed!, late]), '2026-12-31')).toBe('red');
  });

  it('while the clock is suspended the light stays as it was the day it stopped', () => {
    const suspended = history([submitStep(), preReviewStep(), acceptStep(), [{ type: 'SuspendClock', data: { caseId: 'c-1', procedure: 'hearing', reason: '组织听证' } }, reviewer, '2026-10-08 10:00']]);
    expect(caseLight(fold(caseDecider, suspended), '2026-12-31')).toBe('green');
    expect(caseLight({ dueDate: '2026-10-13', warningDate: '2026-10-10', suspendedDate: '2026-10-12' }, '2026-12-31')).toBe('yellow');
  });

  it('a case stream is named after its id', () => {
    expect(caseStreamId('c-1')).toBe('case-c-1');
    expect(applicant.role).toBe('applicant');
  });
});
