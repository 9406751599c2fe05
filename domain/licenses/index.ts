import type { DecideContext, Decider } from '../shared/decider.js';
import type { LicenseCommand } from './commands.js';
import { decide } from './decide.js';
import type { LicenseEvent } from './events.js';
import { evolve, initialState, type LicenseState } from './state.js';

export type * from './commands.js';
export type * from './events.js';
export * from './rules.js';
export type { License, LicenseState } from './state.js';

/** 证照: one stream per license, named by its number. */
export const licenseDecider: Decider<LicenseCommand, LicenseEvent, LicenseState, DecideContext> = { initialState, evolve, decide };

export const licenseStreamId = (number: string) => `license-${number}`;
