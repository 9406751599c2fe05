import { DEFAULT_RECTIFICATION_WORKING_DAYS } from '../../domain/ratings/index.js';

/** City settings for ratings (DOMAIN.md *(default)* rules), bound by the process's configuration. */
export interface RatingSettings {
  /** Working days to verify and rectify a bad rating. */
  readonly rectificationWorkingDays: number;
}

/** Injection token for RatingSettings; without a binding the defaults apply. */
export const RATING_SETTINGS = Symbol('RatingSettings');

export const DEFAULT_RATING_SETTINGS: RatingSettings = { rectificationWorkingDays: DEFAULT_RECTIFICATION_WORKING_DAYS };
