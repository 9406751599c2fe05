import type { Command } from '../shared/decider.js';
import type { RatedCase } from './events.js';
import type { RatingChannel } from './rules.js';

/** The caller loads the case and passes its applicant and department. */
export type RateService = Command<
  'RateService',
  {
    readonly caseId: string;
    readonly case: RatedCase;
    /** 1 非常不满意 … 5 非常满意; checked here, as it may come from an SMS reply. */
    readonly score: number;
    readonly channel: RatingChannel;
    readonly comment?: string;
  }
>;
/** 核实 (department head). */
export type VerifyComplaint = Command<
  'VerifyComplaint',
  { readonly caseId: string; readonly finding: 'verified' | 'unfounded'; readonly reason: string }
>;
/** 整改 (department head): what was done. */
export type Rectify = Command<'Rectify', { readonly caseId: string; readonly measures: string }>;
/** 回访: the applicant was called back. */
export type CallBack = Command<'CallBack', { readonly caseId: string; readonly satisfied: boolean; readonly note?: string }>;

export type RatingCommand = RateService | VerifyComplaint | Rectify | CallBack;
