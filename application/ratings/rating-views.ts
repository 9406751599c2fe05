/**
 * What the rating queries answer with (ratings.queries.ts builds them, the ratings projection
 * stores their parts): shared with the UI (ui/src/lib/types.ts), so this file imports types only.
 */
import type { RatingChannel, RatingStatus, Score } from '../../domain/ratings/index.js';
import type { Bilingual } from '../../domain/shared/messages.js';

/** 核实: whether the complaint of a bad rating holds. */
export interface RatingVerification {
  finding: 'verified' | 'unfounded';
  reason: string;
  at: string;
  onTime: boolean;
}

/** 整改: what the department did about a verified complaint. */
export interface RatingRectified {
  measures: string;
  at: string;
  onTime: boolean;
}

/** 回访: whether the applicant, called back, is satisfied. */
export interface RatingCallback {
  satisfied: boolean;
  note?: string;
  at: string;
}

export interface RatingStep {
  at: string;
  type: string;
  /** null: no acting user. */
  actorRole: string | null;
  summary: Bilingual;
}

/** What the ratings view stores and the queries answer alike. */
export interface RatingFacts {
  caseId: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: string;
  score: Score;
  /** 差评. */
  bad: boolean;
  channel: RatingChannel;
  comment?: string;
  ratedAt: string;
  status: RatingStatus;
  /** Bad ratings only: the rectification's due date (a Chinese calendar date). */
  dueDate?: string;
  verification?: RatingVerification;
  rectified?: RatingRectified;
  callback?: RatingCallback;
  steps: RatingStep[];
}

/** A rating as staff and its applicant see it (GET /api/ratings, /api/ratings/:caseId); the applicant's user id stays inside. */
export interface RatingView extends RatingFacts {
  /** The score in words (非常满意 … 非常不满意). */
  level: Bilingual;
  /** Bad ratings only: the rectification is past its due date and still owed. */
  overdue?: boolean;
  allowedActions: string[];
}
