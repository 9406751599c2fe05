import { localDate } from '../shared/calendar.js';
import type { CaseState } from './state.js';

/** 红黄绿灯: green in time, yellow from the warning date, red past the due date. */
export type CaseLight = 'green' | 'yellow' | 'red';

/** What the light needs; a view document with these fields will do. */
export interface LightDates {
  readonly dueDate?: string;
  readonly warningDate?: string;
  /** Once decided the clock has stopped: the light stays as it was that day. */
  readonly decidedAt?: string;
  /** While suspended (art. 45) the clock stands still: the light stays as it was the day it stopped. */
  readonly suspendedDate?: string;
}

/** The light of a case on `today` (a Chinese calendar date). A case not yet accepted has no clock running: green. */
export function caseLight(subject: CaseState | LightDates, today: string): CaseLight {
  const dates = 'status' in subject ? datesOf(subject) : subject;
  if (!dates.dueDate || !dates.warningDate) return 'green';
  const day = dates.decidedAt ? localDate(new Date(dates.decidedAt)) : (dates.suspendedDate ?? today);
  if (day > dates.dueDate) return 'red';
  return day >= dates.warningDate ? 'yellow' : 'green';
}

function datesOf(state: CaseState): LightDates {
  if (state.status === 'none' || !state.clock) return {};
  const { dueDate, warningDate, suspension } = state.clock;
  if (state.decision) return { dueDate, warningDate, decidedAt: state.decision.decidedAt };
  if (state.status === 'withdrawn' || state.status === 'terminated') return {};
  return { dueDate, warningDate, ...(suspension ? { suspendedDate: suspension.sinceDate } : {}) };
}
