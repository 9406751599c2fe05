import type { Event } from '../shared/decider.js';
import type { Bilingual } from '../shared/messages.js';

export type Channel = 'online' | 'window' | 'kiosk';

/** 申请人: a person gives a citizen ID number, an enterprise its unified social credit code. */
export interface Applicant {
  readonly kind: 'person' | 'enterprise';
  readonly name: string;
  readonly idNumber?: string;
  readonly creditCode?: string;
}

/** The published item version a case is filed under; the case keeps it whatever the catalog does later. */
export interface ItemSnapshot {
  readonly code: string;
  readonly name: string;
  readonly version: number;
  readonly department: string;
  readonly promisedLimitDays: number;
  readonly statutoryLimitDays: number;
}

export type CaseSubmitted = Event<
  'CaseSubmitted',
  {
    readonly caseId: string;
    /** 办件编号: human-readable, never reused. */
    readonly caseNo: string;
    readonly channel: Channel;
    readonly applicant: Applicant;
    readonly formData: Readonly<Record<string, unknown>>;
    readonly item: ItemSnapshot;
    readonly submittedAt: string;
  }
>;

/** 受理: the clock starts. Dates are Chinese calendar dates; `dueAt` is the end of the due date. */
export type CaseAccepted = Event<
  'CaseAccepted',
  {
    readonly caseId: string;
    readonly acceptedAt: string;
    /** Working days allowed: the item's promised limit (承诺时限). */
    readonly limitDays: number;
    readonly dueDate: string;
    readonly warningDate: string;
    readonly dueAt: string;
  }
>;

/** Facts of the decision against the clock, recorded when it stops. */
interface DecisionFacts {
  readonly caseId: string;
  readonly decidedAt: string;
  /** Working days from acceptance to the decision. */
  readonly workingDaysUsed: number;
  /** Decided by the end of the due date. */
  readonly onTime: boolean;
}

/** 准予许可. */
export type CaseGranted = Event<'CaseGranted', DecisionFacts>;

/** 不予许可: with its reasons and the applicant's appeal rights (art. 38). */
export type CaseDenied = Event<
  'CaseDenied',
  DecisionFacts & { readonly reasons: readonly string[]; readonly appealRights: Bilingual; readonly legalBasis: string }
>;

/** 办结. */
export type CaseCompleted = Event<'CaseCompleted', { readonly caseId: string; readonly completedAt: string }>;

export type CaseEvent = CaseSubmitted | CaseAccepted | CaseGranted | CaseDenied | CaseCompleted;
