import type { DeliveryMethod, Fee, FormSchema, Handling, Material, WorkflowStep } from '../catalog/index.js';
import type { Event } from '../shared/decider.js';
import type { Bilingual } from '../shared/messages.js';
import type { CaseLight } from './light.js';
import type { SuspensionCause } from './rules.js';

export type Channel = 'online' | 'window' | 'kiosk';

/** 申请人: a person gives a citizen ID number, an enterprise its unified social credit code. */
export interface Applicant {
  readonly kind: 'person' | 'enterprise';
  readonly name: string;
  readonly idNumber?: string;
  readonly creditCode?: string;
}

/**
 * The published item version a case is filed under; the case keeps it whatever the catalog does
 * later. Its rules (materials, fee, workflow, delivery, limits) are the ones the case runs by.
 */
export interface ItemSnapshot {
  readonly code: string;
  readonly name: string;
  readonly version: number;
  readonly department: string;
  readonly promisedLimitDays: number;
  readonly statutoryLimitDays: number;
  readonly handling: Handling;
  readonly fee: Fee;
  readonly materials: readonly Material[];
  readonly form: FormSchema;
  readonly workflow: readonly WorkflowStep[];
  readonly delivery: readonly DeliveryMethod[];
}

/** A file handed in for one of the item's materials, by the SHA-256 digest the material store keeps it under. */
export interface UploadedFile {
  /** The item material it is for (its name). */
  readonly material: string;
  readonly source?: 'upload';
  readonly digest: string;
  readonly size: number;
  readonly type: string;
}

/** 免提交: a valid license of the applicant in the license library stands in for the material; nothing is uploaded. */
export interface LicenseStandIn {
  readonly material: string;
  readonly source: 'license-library';
  readonly licenseNo: string;
  readonly licenseType: string;
}

export type ProvidedMaterial = UploadedFile | LicenseStandIn;

/** One entry of a supplement notice (补正告知): which material, and what is wrong or missing. */
export interface MissingMaterial {
  readonly material: string;
  readonly reason: string;
}

/** What an issued license says, for the license library (证照库). */
export interface CertificateHolder {
  readonly kind: 'person' | 'enterprise';
  readonly name: string;
  /** Citizen ID number (person) — GB 11643. */
  readonly idNumber?: string;
  /** Unified social credit code (enterprise) — GB 32100. */
  readonly creditCode?: string;
}

/** The dates of a running decision clock: the due date, the warning date and the end of the due date. */
export interface DueDates {
  readonly dueDate: string;
  readonly warningDate: string;
  readonly dueAt: string;
}

export type CaseSubmitted = Event<
  'CaseSubmitted',
  {
    readonly caseId: string;
    /** 办件编号: human-readable, never reused. */
    readonly caseNo: string;
    readonly channel: Channel;
    readonly applicant: Applicant;
    /** The applicant's own account, when they applied themselves (online or at a kiosk). */
    readonly applicantUserId?: string;
    readonly formData: Readonly<Record<string, unknown>>;
    /** 项目代码: the project the approval belongs to, linking it with the project's other approvals. */
    readonly projectCode?: string;
    readonly materials: readonly ProvidedMaterial[];
    /** How the applicant wants the result (one of the item's delivery options). */
    readonly deliveryMethod: DeliveryMethod;
    readonly item: ItemSnapshot;
    /** Also the day the materials were received (收到申请材料之日). */
    readonly submittedAt: string;
    /** Last day to accept, refuse or give the supplement notice before the case counts as accepted on receipt (art. 32). */
    readonly noticeDeadline: string;
    /** The bundle (并联审批) the case was opened for, when it is a sub-case of one. */
    readonly bundleId?: string;
  }
>;

/** 补正告知: every missing material at once; before acceptance (art. 32), or during review, which suspends the clock. */
export type CaseSupplementRequested = Event<
  'CaseSupplementRequested',
  {
    readonly caseId: string;
    readonly stage: 'acceptance' | 'review';
    readonly missing: readonly MissingMaterial[];
    readonly note?: string;
    readonly requestedAt: string;
    readonly legalBasis: string;
  }
>;

/** The applicant handed in what the notice asked for. Before acceptance it is the new date of receipt. */
export type CaseSupplemented = Event<
  'CaseSupplemented',
  {
    readonly caseId: string;
    readonly stage: 'acceptance' | 'review';
    readonly materials: readonly UploadedFile[];
    readonly supplementedAt: string;
    /** Before acceptance: the new last day to accept or refuse. */
    readonly noticeDeadline?: string;
  }
>;

/** 不予受理: with its reasons and the applicant's appeal rights. */
export type CaseRefused = Event<
  'CaseRefused',
  { readonly caseId: string; readonly reasons: readonly string[]; readonly appealRights: Bilingual; readonly legalBasis: string; readonly refusedAt: string }
>;

/** 网上预审通过: an online application's materials were checked at the window, and may be accepted. */
export type CasePreReviewed = Event<'CasePreReviewed', { readonly caseId: string; readonly opinion: string; readonly preReviewedAt: string }>;

/** 受理: the clock starts. Dates are Chinese calendar dates; `dueAt` is the end of the due date. */
export type CaseAccepted = Event<
  'CaseAccepted',
  DueDates & {
    readonly caseId: string;
    readonly acceptedAt: string;
    /** Working days allowed: the item's promised limit (承诺时限). */
    readonly limitDays: number;
    /** The day the clock counts from: the day of acceptance, or of receipt when the case counts as accepted then. */
    readonly startDate: string;
    /** Accepted after the notice deadline: counts as accepted from receipt (art. 32). */
    readonly deemedFromReceipt: boolean;
  }
>;

/** An opinion recorded at a review step (审查意见). */
export type CaseReviewed = Event<'CaseReviewed', { readonly caseId: string; readonly step: string; readonly opinion: string; readonly reviewedAt: string }>;

/** The clock stops (art. 45): a special procedure, or a supplement during review. */
export type CaseSuspended = Event<
  'CaseSuspended',
  {
    readonly caseId: string;
    readonly cause: SuspensionCause;
    readonly reason: string;
    readonly suspendedAt: string;
    readonly suspendedDate: string;
    /**
     * The light (红黄绿灯) the day the clock stopped, which it keeps until it runs again: green or
     * yellow (the clock cannot stop past its due date). Absent from events written before it was recorded.
     */
    readonly light?: CaseLight;
  }
>;

/** The clock runs again; the due date moves by the working days it stood still. */
export type CaseResumed = Event<
  'CaseResumed',
  DueDates & {
    readonly caseId: string;
    readonly resumedAt: string;
    /** Working days of this suspension. */
    readonly suspendedDays: number;
    /** Working days of every suspension so far. */
    readonly totalSuspendedDays: number;
  }
>;

/** The one extension a department head may grant (art. 42). */
export type CaseTimeLimitExtended = Event<
  'CaseTimeLimitExtended',
  DueDates & {
    readonly caseId: string;
    readonly days: number;
    readonly reason: string;
    readonly extendedAt: string;
    readonly legalBasis: string;
    /** Extended while the clock is suspended: the light it stopped at, by the new dates (a yellow one may turn green). */
    readonly suspendedLight?: CaseLight;
  }
>;

/** Facts of the decision against the clock, recorded when it stops. */
interface DecisionFacts {
  readonly caseId: string;
  readonly decidedAt: string;
  /** Working days from the start of the clock to the decision, suspensions left out. */
  readonly workingDaysUsed: number;
  readonly suspendedDays: number;
  /** Decided by the end of the due date. */
  readonly onTime: boolean;
}

/** 准予许可. When the item issues a certificate, it is due within 10 working days (art. 44). */
export type CaseGranted = Event<'CaseGranted', DecisionFacts & { readonly certificateDueDate?: string }>;

/** 不予许可: with its reasons and the applicant's appeal rights (art. 38). */
export type CaseDenied = Event<
  'CaseDenied',
  DecisionFacts & { readonly reasons: readonly string[]; readonly appealRights: Bilingual; readonly legalBasis: string }
>;

/** 收费: assessed from the fee rule of the case's item version. */
export type CaseFeeAssessed = Event<
  'CaseFeeAssessed',
  { readonly caseId: string; readonly amountCents: number; readonly rule: Fee; readonly quantity?: number; readonly assessedAt: string }
>;

export type CaseFeePaid = Event<'CaseFeePaid', { readonly caseId: string; readonly amountCents: number; readonly receiptNo: string; readonly paidAt: string }>;

/** 发证: what the license library needs — holder, license type (the item code), validity. */
export type CaseCertificateIssued = Event<
  'CaseCertificateIssued',
  {
    readonly caseId: string;
    readonly certificateNo: string;
    /** The license type: the code of the item that issues it. */
    readonly licenseType: string;
    readonly licenseName: string;
    readonly department: string;
    readonly holder: CertificateHolder;
    readonly validFrom: string;
    /** null: valid without limit (长期有效). */
    readonly validUntil: string | null;
    readonly issuedAt: string;
    /** The last day allowed by art. 44, and whether it was kept. */
    readonly dueDate: string;
    readonly onTime: boolean;
  }
>;

/** 送达. */
export type CaseDelivered = Event<
  'CaseDelivered',
  { readonly caseId: string; readonly method: DeliveryMethod; readonly trackingNo?: string; readonly deliveredAt: string; readonly onTime?: boolean }
>;

/** 办结. */
export type CaseCompleted = Event<'CaseCompleted', { readonly caseId: string; readonly completedAt: string }>;

/** 撤回: by the applicant, before a decision. */
export type CaseWithdrawn = Event<'CaseWithdrawn', { readonly caseId: string; readonly reason?: string; readonly withdrawnAt: string }>;

/** 终止: by the department head, with the reason. */
export type CaseTerminated = Event<'CaseTerminated', { readonly caseId: string; readonly reason: string; readonly terminatedAt: string }>;

export type CaseEvent =
  | CaseSubmitted
  | CaseSupplementRequested
  | CaseSupplemented
  | CaseRefused
  | CasePreReviewed
  | CaseAccepted
  | CaseReviewed
  | CaseSuspended
  | CaseResumed
  | CaseTimeLimitExtended
  | CaseGranted
  | CaseDenied
  | CaseFeeAssessed
  | CaseFeePaid
  | CaseCertificateIssued
  | CaseDelivered
  | CaseCompleted
  | CaseWithdrawn
  | CaseTerminated;
