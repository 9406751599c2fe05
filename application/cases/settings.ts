import { DEFAULT_WARNING_WORKING_DAYS } from '../../domain/cases/index.js';

/** City settings for cases (DOMAIN.md *(default)* rules), bound by the process's configuration. */
export interface CaseSettings {
  /** The yellow light comes on this many working days before the due date. */
  readonly warningWorkingDays: number;
}

/** Injection token for CaseSettings; without a binding the defaults apply. */
export const CASE_SETTINGS = Symbol('CaseSettings');

export const DEFAULT_CASE_SETTINGS: CaseSettings = { warningWorkingDays: DEFAULT_WARNING_WORKING_DAYS };
