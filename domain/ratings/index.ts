import type { Decider } from '../shared/decider.js';
import type { RatingCommand } from './commands.js';
import { decide, type RatingDecideContext } from './decide.js';
import type { RatingEvent } from './events.js';
import { evolve, initialState, type RatingState } from './state.js';

export type * from './commands.js';
export type * from './events.js';
export * from './rules.js';
export type { RatingDecideContext } from './decide.js';
export { rectificationOverdue, type RectificationDates } from './overdue.js';
export { OPEN_RECTIFICATION, type Rectification, type RatingState, type RatingStatus } from './state.js';

/** 好差评: one stream per rated case. */
export const ratingDecider: Decider<RatingCommand, RatingEvent, RatingState, RatingDecideContext> = { initialState, evolve, decide };

export const ratingStreamId = (caseId: string) => `rating-${caseId}`;
