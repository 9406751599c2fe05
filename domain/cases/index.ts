import type { Decider } from '../shared/decider.js';
import type { CaseCommand } from './commands.js';
import { decide, type CaseDecideContext } from './decide.js';
import type { CaseEvent } from './events.js';
import { evolve, initialState, type CaseState } from './state.js';

export type * from './commands.js';
export type * from './events.js';
export * from './rules.js';
export type { CaseDecideContext } from './decide.js';
export { assessFee } from './fees.js';
export { dueDates, suspendedWorkingDays, workingDaysUsed } from './clock.js';
export { caseLight, type CaseLight, type LightDates } from './light.js';
export { missingRequiredMaterials, stepsToReview, type CaseClock, type CaseFile, type CaseState, type CaseStatus } from './state.js';

/** 办件: one stream per case. */
export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState, CaseDecideContext> = { initialState, evolve, decide };

export const caseStreamId = (caseId: string) => `case-${caseId}`;
