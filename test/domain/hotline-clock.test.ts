import { describe, expect, it } from 'vitest';
import { fold } from '../../domain/shared/decider.js';
import { addCalendarDays, startOfLocalDay } from '../../domain/shared/calendar.js';
import { DEFAULT_HOTLINE_LIMITS, extendDeadline, stageDeadline, stageLight, ticketDecider, type TicketEvent } from '../../domain/hotline/index.js';
import { spec } from '../support/decider-spec.js';
import { calendar, ctx, marketHandler, registered, urgentRegistered } from './hotline-fixtures.js';

const { normal, urgent, callback } = DEFAULT_HOTLINE_LIMITS;
const at = (iso: string) => new Date(iso);
const local = (iso: string) => new Date(iso).toISOString();

describe('the calendar helpers the hotline clocks use', () => {
  it('a local day starts at 00:00 China time, 16:00 UTC the day before', () => {
    expect(startOfLocalDay('2026-11-03')).toBe('2026-11-02T16:00:00.000Z');
  });

  it('calendar days count every day, across months and years', () => {
    expect(addCalendarDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => addCalendarDays('2026-03-01', 1.5)).toThrow(RangeError);
  });
});

describe('the sign clock of a normal ticket: 1 working day', () => {
  it('dispatched on a Friday afternoon: due by the end of Monday, not Saturday', () => {
    const clock = stageDeadline('sign', normal.sign, at('2026-11-06T16:30:00+08:00'), calendar);
    expect(clock.dueAt).toBe(local('2026-11-09T23:59:59.999+08:00'));
    expect(clock.warningAt).toBe(local('2026-11-09T00:00:00+08:00'));
  });

  it('dispatched on a Saturday: the first working day after it, Monday', () => {
    expect(stageDeadline('sign', normal.sign, at('2026-11-07T11:00:00+08:00'), calendar).dueAt).toBe(local('2026-11-09T23:59:59.999+08:00'));
  });

  it('dispatched the day before the Mid-Autumn holiday: due the Monday after it', () => {
    // Thursday 24 September 2026; 25–27 September are rest days.
    expect(stageDeadline('sign', normal.sign, at('2026-09-24T10:00:00+08:00'), calendar).dueAt).toBe(local('2026-09-28T23:59:59.999+08:00'));
  });

  it('dispatched the day before National Day: due on 8 October', () => {
    expect(stageDeadline('sign', normal.sign, at('2026-09-30T15:00:00+08:00'), calendar).dueAt).toBe(local('2026-10-08T23:59:59.999+08:00'));
  });

  it('signed at 23:59 on the due day is on time, at 00:00 the next day it is late', () => {
    const history: TicketEvent[] = [registered];
    const dispatched = ticketDecider.decide({ type: 'DispatchTicket', data: { ticketId: 't-1', department: 'market' } }, fold(ticketDecider, history), { ...ctx, now: at('2026-11-06T16:30:00+08:00') });
    const all = [...history, ...(dispatched as TicketEvent[])];
    const sign = (now: string) => spec(ticketDecider, ctx).given(all).when({ type: 'SignTicket', data: { ticketId: 't-1' } }, { actor: marketHandler, now: at(now) });
    sign('2026-11-09T23:59:00+08:00').then([{ type: 'TicketSigned', data: { onTime: true } }]);
    sign('2026-11-10T00:00:00+08:00').then([{ type: 'TicketSigned', data: { onTime: false } }]);
  });
});

describe('the clocks of an urgent ticket: sign within 2 hours, finish within 1 day', () => {
  it('2 hours round the clock, even on a Saturday night', () => {
    const clock = stageDeadline('sign', urgent.sign, at('2026-11-07T23:00:00+08:00'), calendar);
    expect(clock.dueAt).toBe(local('2026-11-08T01:00:00+08:00'));
    // The warning comes on with a quarter of the time left.
    expect(clock.warningAt).toBe(local('2026-11-08T00:30:00+08:00'));
  });

  it('signed at exactly 2 hours is on time; a minute later is late', () => {
    const dispatched = ticketDecider.decide({ type: 'DispatchTicket', data: { ticketId: 't-1', department: 'market' } }, fold(ticketDecider, [urgentRegistered]), ctx);
    const all = [urgentRegistered, ...(dispatched as TicketEvent[])];
    const sign = (now: string) => spec(ticketDecider, ctx).given(all).when({ type: 'SignTicket', data: { ticketId: 't-1' } }, { actor: marketHandler, now: at(now) });
    sign('2026-11-02T12:00:00+08:00').then([{ type: 'TicketSigned', data: { onTime: true } }]);
    sign('2026-11-02T12:01:00+08:00').then([{ type: 'TicketSigned', data: { onTime: false } }]);
  });

  it('finish within 1 calendar day: by the end of the next day, weekend or not', () => {
    expect(stageDeadline('finish', urgent.finish, at('2026-11-06T16:00:00+08:00'), calendar).dueAt).toBe(local('2026-11-07T23:59:59.999+08:00'));
  });
});

describe('the finish and callback clocks', () => {
  it('5 working days from the eve of National Day count the 调休 Saturday 10 October', () => {
    // 8, 9, 10 (Saturday worked), 12, 13 October.
    expect(stageDeadline('finish', normal.finish, at('2026-09-30T10:00:00+08:00'), calendar).dueAt).toBe(local('2026-10-13T23:59:59.999+08:00'));
  });

  it('the callback is due 2 working days after the reply', () => {
    expect(stageDeadline('callback', callback, at('2026-11-05T17:00:00+08:00'), calendar).dueAt).toBe(local('2026-11-09T23:59:59.999+08:00'));
  });

  it('an approved extension moves the finish clock by working days from its due date', () => {
    const finish = stageDeadline('finish', normal.finish, at('2026-09-30T10:00:00+08:00'), calendar);
    expect(extendDeadline(finish, 2, calendar).dueAt).toBe(local('2026-10-15T23:59:59.999+08:00'));
  });
});

describe('the light of a stage (黄灯、红灯)', () => {
  const clock = { dueAt: local('2026-11-09T23:59:59.999+08:00'), warningAt: local('2026-11-09T00:00:00+08:00') };

  it('green before the warning, yellow on the last day, red after it', () => {
    expect(stageLight(clock, '2026-11-08T15:59:59.000Z')).toBe('green');
    expect(stageLight(clock, local('2026-11-09T00:00:00+08:00'))).toBe('yellow');
    expect(stageLight(clock, local('2026-11-10T00:00:00+08:00'))).toBe('red');
  });

  it('a stage done says whether it was in time', () => {
    expect(stageLight(clock, '2030-01-01T00:00:00Z', local('2026-11-09T12:00:00+08:00'))).toBe('done');
    expect(stageLight(clock, '2030-01-01T00:00:00Z', local('2026-11-10T08:00:00+08:00'))).toBe('done_late');
  });

  it('a limit that is not positive is a configuration error', () => {
    expect(() => stageDeadline('sign', { amount: 0, unit: 'hours' }, at('2026-11-02T10:00:00+08:00'), calendar)).toThrow(RangeError);
  });
});
