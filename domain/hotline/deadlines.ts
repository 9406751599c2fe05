/**
 * The clocks of a ticket: sign (签收), finish (办结) and callback (回访), each due at an instant
 * computed from the limit in its own unit and the one working calendar.
 */
import { addCalendarDays, endOfLocalDay, localDate, startOfLocalDay, type WorkingCalendar } from '../shared/calendar.js';
import type { StageDeadline } from './events.js';
import { STAGE_WARNING, type Stage, type TimeLimit } from './rules.js';

const HOUR_MS = 3_600_000;

/**
 * When a stage started at `from` is due, and when its warning comes on. Hours run round the clock
 * from the moment given; days and working days leave out the first day and end with the last
 * (民法典 art. 201), so a normal ticket dispatched on a Friday is due to be signed by the end of Monday.
 */
export function stageDeadline(stage: Stage, limit: TimeLimit, from: Date, calendar: WorkingCalendar): StageDeadline {
  if (!Number.isFinite(limit.amount) || limit.amount <= 0) throw new RangeError(`a time limit must be positive: ${limit.amount}`);
  if (limit.unit === 'hours') {
    const due = from.getTime() + limit.amount * HOUR_MS;
    const warning = due - limit.amount * STAGE_WARNING.hoursShareLeft * HOUR_MS;
    return { stage, dueAt: new Date(due).toISOString(), warningAt: new Date(warning).toISOString(), limit };
  }
  const start = localDate(from);
  const dueDate = limit.unit === 'days' ? addCalendarDays(start, limit.amount) : calendar.addWorkingDays(start, limit.amount);
  return { stage, dueAt: endOfLocalDay(dueDate), warningAt: startOfLocalDay(dueDate), limit };
}

/** An approved extension (延期) moves the due date by working days; the warning comes on at the start of the new last day. */
export function extendDeadline(deadline: StageDeadline, workingDays: number, calendar: WorkingCalendar): StageDeadline {
  const dueDate = calendar.addWorkingDays(localDate(new Date(deadline.dueAt)), workingDays);
  return { ...deadline, dueAt: endOfLocalDay(dueDate), warningAt: startOfLocalDay(dueDate) };
}

/** Done by the end of the clock. */
export const keptDeadline = (deadline: StageDeadline, at: Date) => at.getTime() <= Date.parse(deadline.dueAt);

/** Where a stage stands: done (on time or late), or still open and fine, in warning (黄灯) or overdue (红灯). */
export type StageLight = 'done' | 'done_late' | 'green' | 'yellow' | 'red';

/** The light of a stage at `now`; `doneAt` is when it was done, if it was. Dates as ISO instants. */
export function stageLight(deadline: Pick<StageDeadline, 'dueAt' | 'warningAt'>, now: string | Date, doneAt?: string): StageLight {
  const at = (value: string | Date) => (typeof value === 'string' ? Date.parse(value) : value.getTime());
  const due = at(deadline.dueAt);
  if (doneAt !== undefined) return at(doneAt) <= due ? 'done' : 'done_late';
  const current = at(now);
  if (current > due) return 'red';
  return current >= at(deadline.warningAt) ? 'yellow' : 'green';
}
