import type { Event } from '../shared/decider.js';
import type { RatingChannel, Score } from './rules.js';

/** The case a rating is about, as it stood when rated. */
export interface RatedCase {
  /** The user who applied; null when the case was filed for someone without an account. */
  readonly applicantId: string | null;
  readonly department: string;
  readonly caseNo: string;
  readonly itemCode: string;
  readonly itemName: string;
}

/** 评价: the applicant's rating of one case. */
export type ServiceRated = Event<
  'ServiceRated',
  {
    readonly caseId: string;
    readonly case: RatedCase;
    readonly score: Score;
    readonly channel: RatingChannel;
    readonly comment?: string;
    readonly ratedAt: string;
  }
>;

/** 差评整改: a bad rating opens a rectification, due at the end of a Chinese calendar date. */
export type RectificationOpened = Event<
  'RectificationOpened',
  {
    readonly caseId: string;
    readonly department: string;
    readonly openedAt: string;
    readonly workingDays: number;
    readonly dueDate: string;
    readonly dueAt: string;
  }
>;

/** 核实: the department head found the complaint verified (属实) or unfounded (不属实), and why. */
export type ComplaintVerified = Event<
  'ComplaintVerified',
  {
    readonly caseId: string;
    readonly finding: 'verified' | 'unfounded';
    readonly reason: string;
    readonly verifiedAt: string;
    /** Unfounded closes the rectification: whether that was by the due date. */
    readonly onTime: boolean;
  }
>;

/** 整改: what the department did about a verified complaint. */
export type ServiceRectified = Event<
  'ServiceRectified',
  { readonly caseId: string; readonly measures: string; readonly rectifiedAt: string; readonly onTime: boolean }
>;

/** 回访: the applicant was called back and said whether they are satisfied. */
export type ApplicantCalledBack = Event<
  'ApplicantCalledBack',
  { readonly caseId: string; readonly satisfied: boolean; readonly note?: string; readonly calledBackAt: string }
>;

export type RatingEvent = ServiceRated | RectificationOpened | ComplaintVerified | ServiceRectified | ApplicantCalledBack;
