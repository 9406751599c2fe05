import { describe, expect, it } from 'vitest';
import {
  caseDecider,
  caseLight,
  caseStreamId,
  DEFAULT_WARNING_WORKING_DAYS,
  DENIAL_STATEMENT,
  type CaseDecideContext,
  type CaseEvent,
  type SubmitCase,
} from '../../domain/cases/index.js';
import { WorkingCalendar } from '../../domain/shared/calendar.js';
import { fold } from '../../domain/shared/decider.js';
import { loadCalendarData } from '../../infrastructure/calendar/chinese-days-calendar.js';
import { spec } from '../support/decider-spec.js';

const calendar = new WorkingCalendar(loadCalendarData([2025, 2026]));
const applicant = { id: 'u-wang', role: 'applicant' };
const windowStaff = { id: 'u-zhao', role: 'window_staff', department: 'market-regulation' };
const reviewer = { id: 'u-qian', role: 'reviewer', department: 'market-regulation' };
const otherReviewer = { id: 'u-sun', role: 'reviewer', department: 'housing' };

/** 10:00 Beijing time on Wednesday 30 September 2026, the day before the National Day holiday. */
const beforeNationalDay = new Date('2026-09-30T02:00:00Z');
const ctx: CaseDecideContext = {
  now: beforeNationalDay,
  actor: applicant,
  newId: (p) => `id-${p}`,
  calendar,
  warningDays: DEFAULT_WARNING_WORKING_DAYS,
};
const given = (events: CaseEvent[]) => spec(caseDecider, ctx).given(events);

const item = { code: 'XK00101000', name: '食品经营许可', version: 1, department: 'market-regulation', promisedLimitDays: 5, statutoryLimitDays: 20 };
const submit: SubmitCase['data'] = {
  caseId: 'c-1',
  caseNo: 'SC2026093000001',
  channel: 'online',
  applicant: { kind: 'enterprise', name: '某某餐饮有限公司', creditCode: '91110108MA01XXXX0X' },
  formData: { shopName: '老北京面馆' },
  item: { ...item, published: true },
};

const submitted: CaseEvent = {
  type: 'CaseSubmitted',
  data: { caseId: 'c-1', caseNo: submit.caseNo, channel: 'online', applicant: submit.applicant, formData: submit.formData, item, submittedAt: '2026-09-29T01:00:00.000Z' },
};
const accepted: CaseEvent = {
  type: 'CaseAccepted',
  data: { caseId: 'c-1', acceptedAt: '2026-09-30T02:00:00.000Z', limitDays: 5, dueDate: '2026-10-13', warningDate: '2026-10-10', dueAt: '2026-10-13T15:59:59.999Z' },
};
const granted: CaseEvent = { type: 'CaseGranted', data: { caseId: 'c-1', decidedAt: '2026-10-09T02:00:00.000Z', workingDaysUsed: 2, onTime: true } };

describe('submitting an application (申请)', () => {
  it('an applicant applies online for a published item, and the case keeps that item version', () => {
    given([])
      .when({ type: 'SubmitCase', data: submit })
      .then([{ type: 'CaseSubmitted', data: { caseId: 'c-1', channel: 'online', item: { code: 'XK00101000', version: 1 }, submittedAt: '2026-09-30T02:00:00.000Z' } }]);
  });

  it('an item that is not published cannot be applied for', () => {
    given([]).when({ type: 'SubmitCase', data: { ...submit, item: { ...item, published: false } } }).thenError('case.item_not_published', 'conflict');
  });

  it('a person applies with an ID number, an enterprise with its credit code', () => {
    given([]).when({ type: 'SubmitCase', data: { ...submit, applicant: { kind: 'person', name: '王五' } } }).thenError('case.id_number_required', 'invalid');
    given([]).when({ type: 'SubmitCase', data: { ...submit, applicant: { kind: 'enterprise', name: '某公司' } } }).thenError('case.credit_code_required', 'invalid');
    given([])
      .when({ type: 'SubmitCase', data: { ...submit, applicant: { kind: 'person', name: '王五', idNumber: '11010519491231002X' } } })
      .then([{ type: 'CaseSubmitted', data: { applicant: { kind: 'person', idNumber: '11010519491231002X' } } }]);
  });

  it('refuses an application without a case number or through an unknown channel', () => {
    given([]).when({ type: 'SubmitCase', data: { ...submit, caseNo: '' } }).thenError('case.number_required');
    given([]).when({ type: 'SubmitCase', data: { ...submit, channel: 'fax' as 'online' } }).thenError('case.bad_channel');
  });

  it('the same case cannot be submitted twice', () => {
    given([submitted]).when({ type: 'SubmitCase', data: submit }).thenError('case.wrong_status', 'conflict');
  });
});

describe('acceptance (受理) starts the clock in working days', () => {
  const accept = { type: 'AcceptCase', data: { caseId: 'c-1' } } as const;

  it('accepted the day before National Day with 5 days promised: due 13 October, counting the 调休 Saturday', () => {
    given([submitted])
      .when(accept, { actor: windowStaff })
      .then([
        {
          type: 'CaseAccepted',
          data: { acceptedAt: '2026-09-30T02:00:00.000Z', limitDays: 5, dueDate: '2026-10-13', warningDate: '2026-10-10', dueAt: '2026-10-13T15:59:59.999Z' },
        },
      ]);
  });

  it('the day of acceptance is the Beijing date: half past midnight on Saturday 10 October (调休) counts from the 10th', () => {
    given([submitted])
      .when(accept, { actor: windowStaff, now: new Date('2026-10-09T16:30:00Z') })
      .then([{ type: 'CaseAccepted', data: { dueDate: '2026-10-16', dueAt: '2026-10-16T15:59:59.999Z' } }]);
    given([submitted])
      .when(accept, { actor: windowStaff, now: new Date('2026-10-09T15:30:00Z') })
      .then([{ type: 'CaseAccepted', data: { dueDate: '2026-10-15' } }]);
  });

  it('20 working days from before the Spring Festival skip the whole holiday', () => {
    given([{ ...submitted, data: { ...submitted.data, item: { ...item, promisedLimitDays: 20 } } } as CaseEvent])
      .when(accept, { actor: windowStaff, now: new Date('2026-02-06T02:00:00Z') })
      .then([{ type: 'CaseAccepted', data: { limitDays: 20, dueDate: '2026-03-12', warningDate: '2026-03-10' } }]);
  });

  it('the warning comes on as many working days before the due date as the city sets', () => {
    given([submitted])
      .when(accept, { actor: windowStaff, warningDays: 3 })
      .then([{ type: 'CaseAccepted', data: { dueDate: '2026-10-13', warningDate: '2026-10-09' } }]);
  });

  it('only window staff of the item’s department accept', () => {
    given([submitted]).when(accept).thenError('case.role_not_allowed', 'forbidden');
    given([submitted]).when(accept, { actor: { ...windowStaff, department: 'housing' } }).thenError('case.other_department', 'forbidden');
  });

  it('a case is accepted once, and only after it was submitted', () => {
    given([submitted, accepted]).when(accept, { actor: windowStaff }).thenError('case.wrong_status', 'conflict');
    given([]).when(accept, { actor: windowStaff }).thenError('case.not_found', 'not_found');
  });
});

describe('the decision (决定)', () => {
  const grant = { type: 'DecideCase', data: { caseId: 'c-1', decision: 'granted' } } as const;
  const deny = { type: 'DecideCase', data: { caseId: 'c-1', decision: 'denied', reasons: ['经营场所与申请材料不符'] } } as const;

  it('a reviewer grants within the limit: the working days used and on time are recorded', () => {
    given([submitted, accepted])
      .when(grant, { actor: reviewer, now: new Date('2026-10-12T03:00:00Z') })
      .then([{ type: 'CaseGranted', data: { decidedAt: '2026-10-12T03:00:00.000Z', workingDaysUsed: 4, onTime: true } }]);
  });

  it('a decision late in the evening of the due date is still on time; the next morning it is late', () => {
    given([submitted, accepted]).when(grant, { actor: reviewer, now: new Date('2026-10-13T15:00:00Z') }).then([{ type: 'CaseGranted', data: { onTime: true, workingDaysUsed: 5 } }]);
    given([submitted, accepted]).when(grant, { actor: reviewer, now: new Date('2026-10-14T01:00:00Z') }).then([{ type: 'CaseGranted', data: { onTime: false, workingDaysUsed: 6 } }]);
  });

  it('a denial states its reasons and the right to reconsideration or litigation (art. 38)', () => {
    const [denied] = given([submitted, accepted])
      .when(deny, { actor: reviewer, now: new Date('2026-10-12T03:00:00Z') })
      .then([{ type: 'CaseDenied', data: { reasons: ['经营场所与申请材料不符'], legalBasis: '行政许可法 第三十八条第二款', onTime: true } }]);
    expect(denied?.type === 'CaseDenied' && denied.data.appealRights).toEqual(DENIAL_STATEMENT.appealRights);
    expect(DENIAL_STATEMENT.appealRights.zh).toMatch(/行政复议.*行政诉讼/);
  });

  it('a denial without reasons is refused', () => {
    given([submitted, accepted]).when({ ...deny, data: { ...deny.data, reasons: [] } }, { actor: reviewer }).thenError('case.denial_needs_reasons', 'invalid');
    given([submitted, accepted]).when({ ...deny, data: { ...deny.data, reasons: ['  '] } }, { actor: reviewer }).thenError('case.denial_needs_reasons', 'invalid');
  });

  it('a case not yet accepted cannot be decided, nor decided twice', () => {
    given([submitted]).when(grant, { actor: reviewer }).thenError('case.wrong_status', 'conflict');
    given([submitted, accepted, granted]).when(deny, { actor: reviewer }).thenError('case.wrong_status', 'conflict');
  });

  it('reviewers decide only their own department’s cases, and window staff do not decide', () => {
    given([submitted, accepted]).when(grant, { actor: otherReviewer }).thenError('case.other_department', 'forbidden');
    given([submitted, accepted]).when(grant, { actor: windowStaff }).thenError('case.role_not_allowed', 'forbidden');
  });
});

describe('completion (办结)', () => {
  const complete = { type: 'CompleteCase', data: { caseId: 'c-1' } } as const;

  it('a decided case is completed', () => {
    given([submitted, accepted, granted])
      .when(complete, { actor: windowStaff, now: new Date('2026-10-12T03:00:00Z') })
      .then([{ type: 'CaseCompleted', data: { caseId: 'c-1', completedAt: '2026-10-12T03:00:00.000Z' } }]);
  });

  it('an undecided case cannot be completed, nor a completed one again', () => {
    given([submitted, accepted]).when(complete, { actor: windowStaff }).thenError('case.wrong_status', 'conflict');
    const completed: CaseEvent = { type: 'CaseCompleted', data: { caseId: 'c-1', completedAt: '2026-10-12T03:00:00.000Z' } };
    given([submitted, accepted, granted, completed]).when(complete, { actor: windowStaff }).thenError('case.wrong_status', 'conflict');
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
    expect(caseLight(fold(caseDecider, [submitted]), '2026-12-31')).toBe('green');
    expect(caseLight(fold(caseDecider, [submitted, accepted]), '2026-10-14')).toBe('red');
  });

  it('once decided the light stays as it was on the day of the decision', () => {
    expect(caseLight(fold(caseDecider, [submitted, accepted, granted]), '2026-12-31')).toBe('green');
    const late: CaseEvent = { type: 'CaseGranted', data: { caseId: 'c-1', decidedAt: '2026-10-14T01:00:00.000Z', workingDaysUsed: 6, onTime: false } };
    expect(caseLight(fold(caseDecider, [submitted, accepted, late]), '2026-12-31')).toBe('red');
  });

  it('a case stream is named after its id', () => {
    expect(caseStreamId('c-1')).toBe('case-c-1');
  });
});
