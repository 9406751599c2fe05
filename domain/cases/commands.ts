import type { DeliveryMethod } from '../catalog/index.js';
import type { LicenseTerm } from '../licenses/index.js';
import type { Command } from '../shared/decider.js';
import type { Applicant, Channel, ItemSnapshot, MissingMaterial } from './events.js';
import type { SpecialProcedure } from './rules.js';

/**
 * A file the applicant names for a material, by its digest; `stored` is what the material store
 * knows of that digest (filled in by the application, never by the caller), absent when it knows nothing.
 */
export interface UploadedMaterial {
  readonly material: string;
  readonly digest: string;
  readonly stored?: { readonly size: number; readonly type: string };
}

/**
 * A license the license library holds for the applicant (by ID number or credit code): the caller
 * loads them and says what it found; the decision checks holder and validity again.
 */
export interface HeldLicense extends LicenseTerm {
  readonly number: string;
  readonly licenseType: string;
  readonly holderId: string;
}

/** Whether the item takes applications now: the caller loads it from the catalog and says what it found. */
export type ItemAvailability = 'open' | 'not_published' | 'suspended' | 'retired';

export type SubmitCase = Command<
  'SubmitCase',
  {
    readonly caseId: string;
    readonly caseNo: string;
    readonly channel: Channel;
    readonly applicant: Applicant;
    readonly formData: Readonly<Record<string, unknown>>;
    /** 项目代码, e.g. P-2026-0001; also taken from the form's `projectCode` field. */
    readonly projectCode?: string;
    readonly materials: readonly UploadedMaterial[];
    /** The applicant's licenses in the library: a valid one stands in for a material that names its type (免提交). */
    readonly heldLicenses?: readonly HeldLicense[];
    /** Defaults to the item's first delivery option. */
    readonly deliveryMethod?: DeliveryMethod;
    readonly item: ItemSnapshot & { readonly availability: ItemAvailability };
    /** The bundle (并联审批) the case was opened for, when it is a sub-case of one. */
    readonly bundleId?: string;
  }
>;
/** 补正告知: before acceptance from the window (art. 32), or during review from the reviewer. */
export type RequestSupplement = Command<'RequestSupplement', { readonly caseId: string; readonly missing: readonly MissingMaterial[]; readonly note?: string }>;
/** The applicant (or the window, for them) hands in the materials asked for. */
export type SupplementMaterials = Command<'SupplementMaterials', { readonly caseId: string; readonly materials: readonly UploadedMaterial[] }>;
/** 不予受理. */
export type RefuseCase = Command<'RefuseCase', { readonly caseId: string; readonly reasons: readonly string[] }>;
/**
 * 网上预审: the window checks an online application's materials before it is accepted; the opinion
 * says what it found. Materials that fall short get the supplement notice instead (art. 32).
 */
export type PreReviewCase = Command<'PreReviewCase', { readonly caseId: string; readonly opinion: string }>;
/** 受理 (window staff). */
export type AcceptCase = Command<'AcceptCase', { readonly caseId: string }>;
/** An opinion at one of the item's review steps (审查). */
export type RecordReview = Command<'RecordReview', { readonly caseId: string; readonly step: string; readonly opinion: string }>;
/** Stops the clock for a special procedure (art. 45). */
export type SuspendClock = Command<'SuspendClock', { readonly caseId: string; readonly procedure: SpecialProcedure; readonly reason: string }>;
export type ResumeClock = Command<'ResumeClock', { readonly caseId: string }>;
/** 延期 (department head, once, with a reason). */
export type ExtendTimeLimit = Command<'ExtendTimeLimit', { readonly caseId: string; readonly reason: string }>;
/** 作出决定 (reviewer): a denial needs its reasons. */
export type DecideCase = Command<
  'DecideCase',
  { readonly caseId: string; readonly decision: 'granted' | 'denied'; readonly reasons?: readonly string[] }
>;
/** 核定收费, from the item version's fee rule. */
export type AssessFee = Command<'AssessFee', { readonly caseId: string }>;
export type RecordFeePayment = Command<'RecordFeePayment', { readonly caseId: string; readonly amountCents: number; readonly receiptNo: string }>;
/** 发证. Dates are 'YYYY-MM-DD'; validFrom defaults to the day of issue, validUntil null means without limit. */
export type IssueCertificate = Command<'IssueCertificate', { readonly caseId: string; readonly validFrom?: string; readonly validUntil?: string | null }>;
/** 送达: by the method the applicant chose unless another of the item's options is given. */
export type DeliverCase = Command<'DeliverCase', { readonly caseId: string; readonly method?: DeliveryMethod; readonly trackingNo?: string }>;
/** 办结. */
export type CompleteCase = Command<'CompleteCase', { readonly caseId: string }>;
/** 撤回 (the applicant, before a decision). */
export type WithdrawCase = Command<'WithdrawCase', { readonly caseId: string; readonly reason?: string }>;
/** 终止 (the department head). */
export type TerminateCase = Command<'TerminateCase', { readonly caseId: string; readonly reason: string }>;

export type CaseCommand =
  | SubmitCase
  | RequestSupplement
  | SupplementMaterials
  | RefuseCase
  | PreReviewCase
  | AcceptCase
  | RecordReview
  | SuspendClock
  | ResumeClock
  | ExtendTimeLimit
  | DecideCase
  | AssessFee
  | RecordFeePayment
  | IssueCertificate
  | DeliverCase
  | CompleteCase
  | WithdrawCase
  | TerminateCase;
