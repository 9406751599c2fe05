/**
 * Working days (工作日) kept as data: time limits under 行政许可法 art. 82 count working days,
 * leaving out statutory holidays and counting the weekend days moved into the week (调休).
 * Dates are local calendar dates in China, written 'YYYY-MM-DD'.
 */

export interface CalendarData {
  /** Rest days by decree, weekdays or not (法定节假日 and the days taken off around them). */
  readonly holidays: readonly string[];
  /** Weekend days that are workdays (调休上班). */
  readonly makeupWorkdays: readonly string[];
}

const DAY_MS = 86_400_000;
/** China Standard Time is a fixed UTC+08:00: China has had no daylight saving since 1991. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** No real limit runs for years; a longer search means the data says every day is a rest day. */
const MAX_SEARCH_DAYS = 3_660;

function dayNumber(date: string): number {
  const m = DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return ms / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly makeupWorkdays: ReadonlySet<string>;

  constructor(data: CalendarData) {
    for (const d of [...data.holidays, ...data.makeupWorkdays]) dayNumber(d);
    this.holidays = new Set(data.holidays);
    this.makeupWorkdays = new Set(data.makeupWorkdays);
  }

  isWorkingDay(date: string): boolean {
    const day = dayNumber(date);
    if (this.makeupWorkdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The n-th working day after `date`. The day itself does not count: a period's first day is
   * not counted (民法典 art. 201), so a case accepted on a Monday with 1 day is due on Tuesday.
   * n = 0 gives `date` itself (即办件, decided the same day).
   */
  addWorkingDays(date: string, n: number): string {
    return this.step(date, n, 1);
  }

  /** The n-th working day before `date` (the day itself not counted), e.g. a warning date. */
  subtractWorkingDays(date: string, n: number): string {
    return this.step(date, n, -1);
  }

  /**
   * Working days after `from` up to and including `to`: the inverse of addWorkingDays, so
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n`. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: string, to: string): number {
    const start = dayNumber(from);
    const end = dayNumber(to);
    const [low, high, sign] = start <= end ? [start, end, 1] : [end, start, -1];
    let count = 0;
    for (let day = low + 1; day <= high; day++) if (this.isWorkingDay(dateOf(day))) count += sign;
    return count;
  }

  private step(date: string, n: number, direction: 1 | -1): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
    let day = dayNumber(date);
    for (let found = 0, searched = 0; found < n; ) {
      day += direction;
      if (++searched > MAX_SEARCH_DAYS) throw new RangeError(`no working days found around ${date}`);
      if (this.isWorkingDay(dateOf(day))) found++;
    }
    return dateOf(day);
  }
}

/** The calendar date in China (UTC+08:00) at an instant. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Chinese calendar date, as an ISO instant in UTC. */
export function endOfLocalDay(date: string): string {
  return new Date((dayNumber(date) + 1) * DAY_MS - CHINA_OFFSET_MS - 1).toISOString();
}

/** The first millisecond of a Chinese calendar date (00:00 China time), as an ISO instant in UTC. */
export function startOfLocalDay(date: string): string {
  return new Date(dayNumber(date) * DAY_MS - CHINA_OFFSET_MS).toISOString();
}

/** The calendar date n days after `date` (before it, for a negative n), working day or not. */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`days must be a whole number: ${n}`);
  return dateOf(dayNumber(date) + n);
}
