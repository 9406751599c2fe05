import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RECTIFICATION_WORKING_DAYS,
  RATING_LEVELS,
  rectificationOverdue,
  ratingDecider,
  ratingStreamId,
  type RateService,
  type RatingDecideContext,
  type RatingEvent,
} from '../../domain/ratings/index.js';
import { WorkingCalendar } from '../../domain/shared/calendar.js';
import { fold } from '../../domain/shared/decider.js';
import { loadCalendarData } from '../../infrastructure/calendar/chinese-days-calendar.js';
import { spec } from '../support/decider-spec.js';

const calendar = new WorkingCalendar(loadCalendarData([2025, 2026]));
const applicant = { id: 'u-wang', role: 'applicant' };
const otherApplicant = { id: 'u-li', role: 'applicant' };
const windowStaff = { id: 'u-zhao', role: 'window_staff', department: 'market' };
const housingWindow = { id: 'u-zhou', role: 'window_staff', department: 'housing' };
const reviewer = { id: 'u-qian', role: 'reviewer', department: 'market' };
const head = { id: 'u-sun', role: 'department_head', department: 'market' };
const housingHead = { id: 'u-wu', role: 'department_head', department: 'housing' };

/** 10:00 Beijing time on Thursday 24 September 2026, the day before the Mid-Autumn holiday. */
const beforeHolidays = new Date('2026-09-24T02:00:00Z');
const ctx: RatingDecideContext = {
  now: beforeHolidays,
  actor: applicant,
  newId: (p) => `id-${p}`,
  calendar,
  rectificationWorkingDays: DEFAULT_RECTIFICATION_WORKING_DAYS,
};
const given = (events: RatingEvent[]) => spec(ratingDecider, ctx).given(events);

const ratedCase = { applicantId: 'u-wang', department: 'market', caseNo: '20260920-00001', itemCode: 'XK00101001', itemName: '食品经营许可' };
const rate = (score: number, more: Partial<RateService['data']> = {}): RateService => ({
  type: 'RateService',
  data: { caseId: 'c-1', case: ratedCase, score, channel: 'portal', ...more },
});

const ratedBad: RatingEvent = {
  type: 'ServiceRated',
  data: { caseId: 'c-1', case: ratedCase, score: 1, channel: 'portal', comment: '等了两个小时', ratedAt: '2026-09-24T02:00:00.000Z' },
};
const ratedGood: RatingEvent = { type: 'ServiceRated', data: { ...ratedBad.data, score: 5 } };
const opened: RatingEvent = {
  type: 'RectificationOpened',
  data: { caseId: 'c-1', department: 'market', openedAt: '2026-09-24T02:00:00.000Z', workingDays: 15, dueDate: '2026-10-22', dueAt: '2026-10-22T15:59:59.999Z' },
};
const verified: RatingEvent = {
  type: 'ComplaintVerified',
  data: { caseId: 'c-1', finding: 'verified', reason: '窗口排队时间过长属实', verifiedAt: '2026-09-28T02:00:00.000Z', onTime: true },
};
const unfounded: RatingEvent = { type: 'ComplaintVerified', data: { ...verified.data, finding: 'unfounded', reason: '当日无排队记录' } };
const rectified: RatingEvent = {
  type: 'ServiceRectified',
  data: { caseId: 'c-1', measures: '高峰时段增开窗口', rectifiedAt: '2026-10-09T02:00:00.000Z', onTime: true },
};
const calledBack: RatingEvent = { type: 'ApplicantCalledBack', data: { caseId: 'c-1', satisfied: true, calledBackAt: '2026-10-12T02:00:00.000Z' } };

describe('rating a service (评价)', () => {
  it('the applicant rates their case from 非常满意 (5) to 非常不满意 (1), with an optional comment', () => {
    expect(RATING_LEVELS[5].zh).toBe('非常满意');
    expect(RATING_LEVELS[1].zh).toBe('非常不满意');
    given([])
      .when(rate(5, { comment: '  办事快  ' }))
      .then([{ type: 'ServiceRated', data: { caseId: 'c-1', score: 5, channel: 'portal', comment: '办事快', ratedAt: '2026-09-24T02:00:00.000Z', case: { department: 'market' } } }]);
    const [event] = given([]).when(rate(4, { comment: '   ' })).then([{ type: 'ServiceRated', data: { score: 4 } }]);
    expect(event!.data).not.toHaveProperty('comment');
  });

  it('a score below 1 or above 5, or not a whole number, is refused and names the field', () => {
    for (const score of [0, 6, 2.5, Number.NaN]) {
      const error = given([]).when(rate(score)).thenError('rating.bad_score', 'invalid');
      expect(error.details).toMatchObject({ field: 'score' });
    }
  });

  it('a rating comes from the portal, the window tablet or an SMS reply, nowhere else', () => {
    for (const channel of ['portal', 'window_tablet', 'sms'] as const) given([]).when(rate(4, { channel })).then([{ type: 'ServiceRated', data: { channel } }]);
    given([]).when(rate(4, { channel: 'wechat' as 'sms' })).thenError('rating.bad_channel', 'invalid');
  });

  it('only the case’s own applicant rates it', () => {
    given([]).when(rate(1), { actor: otherApplicant }).thenError('rating.not_applicant', 'forbidden');
    given([]).when(rate(1), { actor: reviewer }).thenError('rating.not_applicant', 'forbidden');
    given([]).when(rate(1, { case: { ...ratedCase, applicantId: null } })).thenError('rating.not_applicant', 'forbidden');
  });

  it('window staff of the case’s department record a rating given on the window tablet, and only that', () => {
    given([]).when(rate(4, { channel: 'window_tablet' }), { actor: windowStaff }).then([{ type: 'ServiceRated', data: { channel: 'window_tablet' } }]);
    given([]).when(rate(4, { channel: 'portal' }), { actor: windowStaff }).thenError('rating.window_tablet_only', 'forbidden');
    given([]).when(rate(4, { channel: 'window_tablet' }), { actor: housingWindow }).thenError('rating.not_applicant', 'forbidden');
  });

  it('a case is rated once', () => {
    given([ratedGood]).when(rate(1)).thenError('rating.already_rated', 'conflict');
    given([ratedBad, opened]).when(rate(5)).thenError('rating.already_rated', 'conflict');
  });

  it('基本满意 (3) is not a bad rating: nothing to rectify', () => {
    const events = given([]).when(rate(3)).then([{ type: 'ServiceRated', data: { score: 3 } }]);
    expect(events).toHaveLength(1);
  });
});

describe('a bad rating (差评) opens a rectification', () => {
  it('不满意 (2) is bad: due on the 15th working day, across Mid-Autumn, National Day and the 调休 Saturday', () => {
    // Sep 28, 29, 30, Oct 8, 9, 10 (make-up Saturday), 12, 13, 14, 15, 16, 19, 20, 21, 22.
    given([])
      .when(rate(2))
      .then([
        { type: 'ServiceRated', data: { score: 2 } },
        { type: 'RectificationOpened', data: { department: 'market', workingDays: 15, dueDate: '2026-10-22', dueAt: '2026-10-22T15:59:59.999Z' } },
      ]);
  });

  it('非常不满意 (1) is bad too', () => {
    given([]).when(rate(1)).then([{ type: 'ServiceRated' }, { type: 'RectificationOpened', data: { dueDate: '2026-10-22' } }]);
  });

  it('the limit is the city’s setting', () => {
    given([]).when(rate(1), { rectificationWorkingDays: 14 }).then([{ type: 'ServiceRated' }, { type: 'RectificationOpened', data: { workingDays: 14, dueDate: '2026-10-21' } }]);
  });

  it('counts from the Beijing date: rated at half past midnight on Friday 9 October, day one is Saturday the 10th (调休)', () => {
    // Oct 10 (make-up Saturday), 12 … 16, 19 … 23, 26 … 29: the 15th is Thursday 29 October.
    given([]).when(rate(1), { now: new Date('2026-10-08T16:30:00Z') }).then([{ type: 'ServiceRated' }, { type: 'RectificationOpened', data: { dueDate: '2026-10-29' } }]);
  });

  it('is overdue the day after its due date while still not rectified, and not once rectified', () => {
    const awaiting = { status: 'awaiting_verification' as const, dueDate: '2026-10-22' };
    expect(rectificationOverdue(awaiting, '2026-10-22')).toBe(false);
    expect(rectificationOverdue(awaiting, '2026-10-23')).toBe(true);
    expect(rectificationOverdue({ ...awaiting, status: 'awaiting_rectification' }, '2026-10-23')).toBe(true);
    expect(rectificationOverdue({ ...awaiting, status: 'awaiting_callback' }, '2026-10-23')).toBe(false);
    expect(rectificationOverdue({ status: 'rated' }, '2026-10-23')).toBe(false);
    const state = fold(ratingDecider, [ratedBad, opened]);
    expect(state.status === 'awaiting_verification' && rectificationOverdue({ status: state.status, dueDate: state.rectification.dueDate }, '2026-10-23')).toBe(true);
  });
});

describe('verification (核实)', () => {
  const onDay = (iso: string) => ({ actor: head, now: new Date(iso) });

  it('the department head finds the complaint verified, with the reason', () => {
    given([ratedBad, opened])
      .when({ type: 'VerifyComplaint', data: { caseId: 'c-1', finding: 'verified', reason: '  排队过长属实 ' } }, onDay('2026-09-28T02:00:00Z'))
      .then([{ type: 'ComplaintVerified', data: { finding: 'verified', reason: '排队过长属实', verifiedAt: '2026-09-28T02:00:00.000Z', onTime: true } }]);
  });

  it('an unfounded finding needs its reason too, and late in the evening of the due date is still on time', () => {
    given([ratedBad, opened])
      .when({ type: 'VerifyComplaint', data: { caseId: 'c-1', finding: 'unfounded', reason: ' ' } }, onDay('2026-10-22T14:00:00Z'))
      .thenError('rating.reason_required', 'invalid');
    given([ratedBad, opened])
      .when({ type: 'VerifyComplaint', data: { caseId: 'c-1', finding: 'unfounded', reason: '监控显示当日无排队' } }, onDay('2026-10-22T15:30:00Z'))
      .then([{ type: 'ComplaintVerified', data: { finding: 'unfounded', onTime: true } }]);
    given([ratedBad, opened])
      .when({ type: 'VerifyComplaint', data: { caseId: 'c-1', finding: 'unfounded', reason: '监控显示当日无排队' } }, onDay('2026-10-23T01:00:00Z'))
      .then([{ type: 'ComplaintVerified', data: { onTime: false } }]);
  });

  it('a finding is verified or unfounded, nothing else', () => {
    given([ratedBad, opened]).when({ type: 'VerifyComplaint', data: { caseId: 'c-1', finding: 'maybe' as 'verified', reason: '?' } }, { actor: head }).thenError('rating.bad_finding');
  });

  it('only the head of the rated case’s department verifies', () => {
    const command = { type: 'VerifyComplaint', data: { caseId: 'c-1', finding: 'verified', reason: '属实' } } as const;
    given([ratedBad, opened]).when(command, { actor: housingHead }).thenError('rating.other_department', 'forbidden');
    given([ratedBad, opened]).when(command, { actor: reviewer }).thenError('rating.role_not_allowed', 'forbidden');
    given([ratedBad, opened]).when(command, { actor: applicant }).thenError('rating.role_not_allowed', 'forbidden');
  });

  it('there is nothing to verify for a rating that is not bad, for a case not rated, or a second time', () => {
    const command = { type: 'VerifyComplaint', data: { caseId: 'c-1', finding: 'verified', reason: '属实' } } as const;
    given([ratedGood]).when(command, { actor: head }).thenError('rating.wrong_status', 'conflict');
    given([]).when(command, { actor: head }).thenError('rating.not_found', 'not_found');
    given([ratedBad, opened, verified]).when(command, { actor: head }).thenError('rating.wrong_status', 'conflict');
  });
});

describe('rectification (整改) and the callback (回访)', () => {
  it('a verified complaint is rectified, stating what was done; after the due date it is late', () => {
    given([ratedBad, opened, verified])
      .when({ type: 'Rectify', data: { caseId: 'c-1', measures: '高峰时段增开窗口' } }, { actor: head, now: new Date('2026-10-09T02:00:00Z') })
      .then([{ type: 'ServiceRectified', data: { measures: '高峰时段增开窗口', onTime: true } }]);
    given([ratedBad, opened, verified])
      .when({ type: 'Rectify', data: { caseId: 'c-1', measures: '高峰时段增开窗口' } }, { actor: head, now: new Date('2026-10-23T02:00:00Z') })
      .then([{ type: 'ServiceRectified', data: { onTime: false } }]);
    given([ratedBad, opened, verified]).when({ type: 'Rectify', data: { caseId: 'c-1', measures: '' } }, { actor: head }).thenError('rating.measures_required', 'invalid');
  });

  it('rectification comes after verification, and not after an unfounded finding', () => {
    const command = { type: 'Rectify', data: { caseId: 'c-1', measures: '增开窗口' } } as const;
    given([ratedBad, opened]).when(command, { actor: head }).thenError('rating.wrong_status', 'conflict');
    given([ratedBad, opened, unfounded]).when(command, { actor: head }).thenError('rating.wrong_status', 'conflict');
    given([ratedBad, opened, verified]).when(command, { actor: housingHead }).thenError('rating.other_department', 'forbidden');
  });

  it('the applicant is called back after the rectification, or after an unfounded finding', () => {
    const command = { type: 'CallBack', data: { caseId: 'c-1', satisfied: false, note: ' 仍认为等待过久 ' } } as const;
    given([ratedBad, opened, verified, rectified]).when(command, { actor: head }).then([{ type: 'ApplicantCalledBack', data: { satisfied: false, note: '仍认为等待过久' } }]);
    given([ratedBad, opened, unfounded]).when({ type: 'CallBack', data: { caseId: 'c-1', satisfied: true } }, { actor: head }).then([{ type: 'ApplicantCalledBack', data: { satisfied: true } }]);
  });

  it('the callback is refused before the rectification, and a second time', () => {
    const command = { type: 'CallBack', data: { caseId: 'c-1', satisfied: true } } as const;
    given([ratedBad, opened]).when(command, { actor: head }).thenError('rating.wrong_status', 'conflict');
    given([ratedBad, opened, verified]).when(command, { actor: head }).thenError('rating.wrong_status', 'conflict');
    given([ratedBad, opened, verified, rectified, calledBack]).when(command, { actor: head }).thenError('rating.wrong_status', 'conflict');
    given([ratedBad, opened, verified, rectified]).when(command, { actor: windowStaff }).thenError('rating.role_not_allowed', 'forbidden');
  });

  it('the whole course folds into a closed rating', () => {
    expect(fold(ratingDecider, [ratedBad, opened, verified, rectified, calledBack])).toMatchObject({ status: 'closed', satisfied: true, finding: 'verified', score: 1 });
    expect(fold(ratingDecider, [ratedGood])).toMatchObject({ status: 'rated', score: 5 });
  });

  it('a rating stream is named after its case', () => {
    expect(ratingStreamId('c-1')).toBe('rating-c-1');
  });
});
