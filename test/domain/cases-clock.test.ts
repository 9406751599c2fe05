import { describe, it } from 'vitest';
import { caseDecider, type CaseEvent } from '../../domain/cases/index.js';
import { WorkingCalendar } from '../../domain/shared/calendar.js';
import { spec } from '../support/decider-spec.js';
import { accepted, beijing, ctx, head, history, item, preReviewed, reviewed, reviewer, submitted, windowStaff } from './case-fixtures.js';

/**
 * The clock's boundaries with the one calendar (domain/shared/calendar.ts): due dates, warnings and
 * suspensions around holidays, 调休 workdays and a year end.
 */
const given = (events: readonly CaseEvent[]) => spec(caseDecider, ctx).given(events);
const accept = { type: 'AcceptCase', data: { caseId: 'c-1' } } as const;
const withLimit = (promisedLimitDays: number) => submitted({ item: { ...item, promisedLimitDays, availability: 'open' } });

describe('due dates around holidays and 调休 (行政许可法 art. 82)', () => {
  it('accepted the day before National Day with 1 working day: due Thursday 8 October, after the whole holiday', () => {
    given(history([withLimit(1), preReviewed()]))
      .when(accept, { actor: windowStaff, now: beijing('2026-09-30 16:00') })
      .then([{ type: 'CaseAccepted', data: { startDate: '2026-09-30', dueDate: '2026-10-08', dueAt: '2026-10-08T15:59:59.999Z' } }]);
  });

  it('accepted the day before the Mid-Autumn holiday with 3 working days: 28, 29, 30 September', () => {
    given(history([[withLimit(3)[0], withLimit(3)[1], '2026-09-23 09:00'], preReviewed('2026-09-23 15:00')]))
      .when(accept, { actor: windowStaff, now: beijing('2026-09-24 10:00') })
      .then([{ type: 'CaseAccepted', data: { dueDate: '2026-09-30' } }]);
  });

  it('the 调休 Saturday is a working day: accepted Friday 9 October with 1 day, due Saturday 10 October', () => {
    given(history([withLimit(1), preReviewed()]))
      .when(accept, { actor: windowStaff, now: beijing('2026-10-09 10:00') })
      .then([{ type: 'CaseAccepted', data: { dueDate: '2026-10-10' } }]);
  });

  it('accepted on the 调休 Saturday itself, the count starts the next working day', () => {
    given(history([withLimit(1), preReviewed()]))
      .when(accept, { actor: windowStaff, now: beijing('2026-10-10 10:00') })
      .then([{ type: 'CaseAccepted', data: { startDate: '2026-10-10', dueDate: '2026-10-12' } }]);
  });

  it('the warning date counts back over the 调休 Saturday: due 13 October, yellow from 10 October', () => {
    given(history([withLimit(5), preReviewed()]))
      .when(accept, { actor: windowStaff, now: beijing('2026-09-30 10:00') })
      .then([{ type: 'CaseAccepted', data: { dueDate: '2026-10-13', warningDate: '2026-10-10' } }]);
  });
});

describe('a suspension spanning a holiday (行政许可法 art. 45)', () => {
  const suspend = { type: 'SuspendClock', data: { caseId: 'c-1', procedure: 'inspection', reason: '委托检验' } } as const;
  const resume = { type: 'ResumeClock', data: { caseId: 'c-1' } } as const;

  it('stopped on 30 September, resumed on 9 October: only 8 and 9 October were working days lost, due 13 → 15 October', () => {
    const stopped = history([withLimit(5), preReviewed(), accepted('2026-09-30 09:00'), [suspend, reviewer, '2026-09-30 15:00']]);
    given(stopped)
      .when(resume, { actor: reviewer, now: beijing('2026-10-09 10:00') })
      .then([{ type: 'CaseResumed', data: { suspendedDays: 2, totalSuspendedDays: 2, dueDate: '2026-10-15', warningDate: '2026-10-13' } }]);
  });

  it('stopped on Friday 9 October and resumed Monday 12: the 调休 Saturday between counts as a working day lost', () => {
    const stopped = history([withLimit(5), preReviewed(), accepted('2026-09-30 09:00'), [suspend, reviewer, '2026-10-09 10:00']]);
    given(stopped)
      .when(resume, { actor: reviewer, now: beijing('2026-10-12 10:00') })
      .then([{ type: 'CaseResumed', data: { suspendedDays: 2, dueDate: '2026-10-15' } }]);
  });

  it('stopped and resumed the same day: nothing is lost', () => {
    const stopped = history([withLimit(5), preReviewed(), accepted('2026-09-30 09:00'), [suspend, reviewer, '2026-10-08 09:00']]);
    given(stopped)
      .when(resume, { actor: reviewer, now: beijing('2026-10-08 17:00') })
      .then([{ type: 'CaseResumed', data: { suspendedDays: 0, dueDate: '2026-10-13' } }]);
  });

  it('two suspensions add up', () => {
    const twice = history([
      withLimit(5),
      preReviewed(),
      accepted('2026-09-30 09:00'),
      [suspend, reviewer, '2026-09-30 15:00'],
      [resume, reviewer, '2026-10-09 10:00'],
      [{ ...suspend, data: { ...suspend.data, procedure: 'expert_review' } }, reviewer, '2026-10-12 10:00'],
    ]);
    given(twice)
      .when(resume, { actor: reviewer, now: beijing('2026-10-13 10:00') })
      .then([{ type: 'CaseResumed', data: { suspendedDays: 1, totalSuspendedDays: 3, dueDate: '2026-10-16' } }]);
  });
});

describe('an extension crossing a year end (行政许可法 art. 42)', () => {
  // chinese-days holds no 2027 schedule yet: this test states its own — New Year 1–3 January 2027 off.
  const yearEnd = new WorkingCalendar({ holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeupWorkdays: [] });
  const atYearEnd = { calendar: yearEnd };
  const december = history(
    [
      [withLimit(5)[0], withLimit(5)[1], '2026-12-11 09:00'],
      preReviewed('2026-12-11 15:00'),
      [accept, windowStaff, '2026-12-14 10:00'],
    ],
    atYearEnd,
  );
  const extend = { type: 'ExtendTimeLimit', data: { caseId: 'c-1', reason: '需补充现场核查' } } as const;

  it('accepted Monday 14 December with 5 days, due 21 December; extended by 10 it is due Tuesday 5 January 2027', () => {
    given(december)
      .when(extend, { actor: head, now: beijing('2026-12-18 10:00'), ...atYearEnd })
      .then([{ type: 'CaseTimeLimitExtended', data: { days: 10, dueDate: '2027-01-05', warningDate: '2026-12-31', dueAt: '2027-01-05T15:59:59.999Z' } }]);
  });

  it('decided on 5 January 2027 it is on time; on the 6th it is late, 16 working days used', () => {
    const events = history([[extend, head, '2026-12-18 10:00'], reviewed('2026-12-28 10:00')], atYearEnd, december);
    const grant = { type: 'DecideCase', data: { caseId: 'c-1', decision: 'granted' } } as const;
    given(events).when(grant, { actor: reviewer, now: beijing('2027-01-05 17:00'), ...atYearEnd }).then([{ type: 'CaseGranted', data: { onTime: true, workingDaysUsed: 15 } }]);
    given(events).when(grant, { actor: reviewer, now: beijing('2027-01-06 09:00'), ...atYearEnd }).then([{ type: 'CaseGranted', data: { onTime: false, workingDaysUsed: 16 } }]);
  });
});
