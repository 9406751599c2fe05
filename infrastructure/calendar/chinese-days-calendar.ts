import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CalendarData } from '../../domain/shared/calendar.js';

/** One year of the `chinese-days` package's published JSON (dist/years/YYYY.json). */
interface YearFile {
  /** Rest days by decree, with their festival. */
  readonly holidays: Readonly<Record<string, string>>;
  /** Weekend days worked instead (调休上班). */
  readonly workdays: Readonly<Record<string, string>>;
}

const require = createRequire(import.meta.url);
const yearsDir = path.join(path.dirname(require.resolve('chinese-days/package.json')), 'dist', 'years');

/**
 * Holidays and make-up workdays of the given years, from `chinese-days`. A year the package
 * does not hold yet (the State Council publishes next year's schedule around November) is an
 * error: counting it as weekends only would put due dates inside holidays without saying so.
 */
export function loadCalendarData(years: readonly number[]): { holidays: string[]; makeupWorkdays: string[] } {
  const holidays: string[] = [];
  const makeupWorkdays: string[] = [];
  for (const year of years) {
    const file = path.join(yearsDir, `${year}.json`);
    if (!Number.isInteger(year) || !existsSync(file)) {
      throw new Error(`chinese-days has no holiday schedule for ${year}; enter it in the calendar settings`);
    }
    const data = JSON.parse(readFileSync(file, 'utf8')) as YearFile;
    holidays.push(...Object.keys(data.holidays));
    makeupWorkdays.push(...Object.keys(data.workdays));
  }
  return { holidays: holidays.sort(), makeupWorkdays: makeupWorkdays.sort() };
}

/** The years `chinese-days` holds a schedule for. */
export function availableCalendarYears(): number[] {
  return readdirSync(yearsDir)
    .filter((name) => /^\d{4}\.json$/.test(name))
    .map((name) => Number(name.slice(0, 4)))
    .sort((a, b) => a - b);
}
