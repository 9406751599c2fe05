import { DEFAULT_DUPLICATE_THRESHOLD, DEFAULT_DUPLICATE_WINDOW_DAYS, DEFAULT_HOTLINE_LIMITS, type HotlineLimits } from '../../domain/hotline/index.js';

/** City settings for the hotline (DOMAIN.md §3 *(default)* rules), bound by the process's configuration. */
export interface HotlineSettings {
  readonly limits: HotlineLimits;
  /** Days back the duplicate check looks for similar tickets in the same district. */
  readonly duplicateWindowDays: number;
  /** Similarity (0–1) from which another ticket's text counts as likely the same matter. */
  readonly duplicateThreshold: number;
}

/** Injection token for HotlineSettings; without a binding the defaults apply. */
export const HOTLINE_SETTINGS = Symbol('HotlineSettings');

export const DEFAULT_HOTLINE_SETTINGS: HotlineSettings = {
  limits: DEFAULT_HOTLINE_LIMITS,
  duplicateWindowDays: DEFAULT_DUPLICATE_WINDOW_DAYS,
  duplicateThreshold: DEFAULT_DUPLICATE_THRESHOLD,
};
