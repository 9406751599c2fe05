import { isWorkday } from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOfLocalDay, localDate, WorkingCalendar } from '../../../domain/shared/calendar.js';
import { availableCalendarYears, loadCalendarData } from '../../../infrastructure/calendar/chinese-days-calendar.js';

// The real State Council schedules as `chinese-days` publishes them. Its 1.5.7 release (the newest)
// holds no 2027 schedule yet, so the year-end crossing uses 2025 → 2026.
const calendar = new WorkingCalendar(loadCalendarData([2025, 2026]));

describe('working days (行政许可法 art. 82)', () => {
  it('agrees with chinese-days on every day of 2025 and 2026', () => {
    for (let day = Date.UTC(2025, 0, 1); day <= Date.UTC(2026, 11, 31); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      expect(calendar.isWorkingDay(date), date).toBe(isWorkday(date));
    }
  });

  it('a 调休 Saturday or Sunday is a working day, an ordinary Saturday is not', () => {
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday after National Day
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true); // Sunday before it
    expect(calendar.isWorkingDay('2026-10-17')).toBe(false);
  });

  it('a holiday on a weekday is a rest day', () => {
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-07')).toBe(false); // Wednesday of the Golden Week
  });

  it('accepted the day before National Day: the first working day is 8 October', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('the 调休 Saturday counts: the 5th working day after 30 September is 13 October, the 6th 14 October', () => {
    expect(calendar.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(calendar.addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
    expect(calendar.addWorkingDays('2026-09-30', 6)).toBe('2026-10-14');
  });

  it('the day of acceptance itself is not counted', () => {
    expect(calendar.addWorkingDays('2026-03-02', 1)).toBe('2026-03-03');
    expect(calendar.addWorkingDays('2026-03-02', 0)).toBe('2026-03-02');
  });

  it('accepted on a rest day: counting starts on the next working day', () => {
    expect(calendar.addWorkingDays('2026-10-03', 1)).toBe('2026-10-08');
  });

  it('a span over the Spring Festival counts only the 调休 Saturday and the days after the holiday', () => {
    // Fri 13 Feb; Sat 14 Feb is worked; 15–23 Feb are off
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5);
    // 20 working days from Fri 6 Feb, counting both 调休 Saturdays (14 and 28 Feb)
    expect(calendar.addWorkingDays('2026-02-06', 20)).toBe('2026-03-12');
  });

  it('a span across the year end skips New Year and counts the 调休 Sunday of 4 January', () => {
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(calendar.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
    expect(calendar.workingDaysBetween('2025-12-26', '2026-01-05')).toBe(5);
  });

  it('the warning date is counted back in working days, over holidays too', () => {
    expect(calendar.subtractWorkingDays('2026-10-13', 2)).toBe('2026-10-10');
    expect(calendar.subtractWorkingDays('2026-10-08', 1)).toBe('2026-09-30');
    expect(calendar.subtractWorkingDays('2026-02-24', 2)).toBe('2026-02-13');
  });

  it('counting between two dates undoes adding, in both directions', () => {
    const dates = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 9, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 45 }), (date, n) => {
        const due = calendar.addWorkingDays(date, n);
        expect(calendar.workingDaysBetween(date, due)).toBe(n);
        expect(calendar.workingDaysBetween(due, date)).toBe(0 - n);
      }),
    );
  });

  it('refuses malformed dates and negative day counts', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026/10/01', 1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-10-01', -1)).toThrow(RangeError);
    expect(() => new WorkingCalendar({ holidays: ['2026-1-1'], makeupWorkdays: [] })).toThrow(RangeError);
  });

  it('a calendar an admin enters works the same without any package', () => {
    const own = new WorkingCalendar({ holidays: ['2027-01-01'], makeupWorkdays: ['2027-01-02'] });
    expect(own.isWorkingDay('2027-01-01')).toBe(false); // a Friday
    expect(own.isWorkingDay('2027-01-02')).toBe(true); // a Saturday
    expect(own.addWorkingDays('2026-12-31', 1)).toBe('2027-01-02');
  });
});

describe('China Standard Time (UTC+08:00)', () => {
  it('half past midnight in Beijing is still the previous day in UTC', () => {
    expect(localDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(localDate(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
  });

  it('a due date ends at 23:59:59.999 Beijing time', () => {
    expect(endOfLocalDay('2026-10-13')).toBe('2026-10-13T15:59:59.999Z');
    expect(endOfLocalDay('2026-12-31')).toBe('2026-12-31T15:59:59.999Z');
  });
});

describe('loading the schedule from chinese-days', () => {
  it('lists the holidays and the 调休 workdays of each year asked for', () => {
    const data = loadCalendarData([2026]);
    expect(data.holidays).toContain('2026-10-01');
    expect(data.holidays).toContain('2026-02-17');
    expect(data.makeupWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('refuses a year whose schedule is not published in the package, rather than guessing weekends only', () => {
    const missing = Math.max(...availableCalendarYears()) + 1;
    expect(() => loadCalendarData([missing])).toThrow(new RegExp(String(missing)));
  });
});
