import { OPEN_RECTIFICATION, type RatingStatus } from './state.js';

/** What the overdue check needs; a view document with these fields will do. */
export interface RectificationDates {
  readonly status: RatingStatus;
  readonly dueDate?: string;
}

/** A bad rating's rectification is overdue on `today` (a Chinese calendar date) when still owed after its due date. */
export function rectificationOverdue(subject: RectificationDates, today: string): boolean {
  return subject.dueDate !== undefined && OPEN_RECTIFICATION.includes(subject.status) && today > subject.dueDate;
}
