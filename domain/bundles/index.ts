import type { Decider } from '../shared/decider.js';
import type { BundleCommand } from './commands.js';
import { decide, type BundleDecideContext } from './decide.js';
import type { BundleEvent } from './events.js';
import { evolve, initialState, type BundleState } from './state.js';

export type * from './commands.js';
export type * from './events.js';
export * from './rules.js';
export type { BundleDecideContext } from './decide.js';
export { openSubCases, type BundleFile, type BundleState, type BundleStatus, type SubCase, type SubCaseStage } from './state.js';

/** 并联审批: one stream per bundle. */
export const bundleDecider: Decider<BundleCommand, BundleEvent, BundleState, BundleDecideContext> = { initialState, evolve, decide };

export const bundleStreamId = (bundleId: string) => `bundle-${bundleId}`;
