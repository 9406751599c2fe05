/**
 * The decision clock (art. 42, 45, 82) in working days, with the one calendar.
 *
 * The due date is the start date plus the promised limit, plus every working day the clock stood
 * still, plus the extension: `addWorkingDays` composes, so moving the due date by n working days
 * and counting n more from the start are the same thing.
 */
import { endOfLocalDay, type WorkingCalendar } from '../shared/calendar.js';
import type { DueDates } from './events.js';

export interface ClockBasis {
  readonly startDate: string;
  readonly limitDays: number;
  readonly suspendedDays: number;
  readonly extensionDays: number;
}

export function dueDates(calendar: WorkingCalendar, basis: ClockBasis, warningDays: number): DueDates {
  const dueDate = calendar.addWorkingDays(basis.startDate, basis.limitDays + basis.suspendedDays + basis.extensionDays);
  return { dueDate, warningDate: calendar.subtractWorkingDays(dueDate, warningDays), dueAt: endOfLocalDay(dueDate) };
}

/**
 * Working days a suspension took: those after the day it began, up to and including the day it
 * ended. The day of suspension was worked on; the day of resumption is a new first day, not
 * counted (民法典 art. 201). Suspended and resumed the same day: 0.
 */
export function suspendedWorkingDays(calendar: WorkingCalendar, suspendedDate: string, resumedDate: string): number {
  return Math.max(0, calendar.workingDaysBetween(suspendedDate, resumedDate));
}

/** Working days used from the start of the clock to `date`, suspensions left out. */
export function workingDaysUsed(calendar: WorkingCalendar, startDate: string, date: string, suspendedDays: number): number {
  return Math.max(0, calendar.workingDaysBetween(startDate, date) - suspendedDays);
}
