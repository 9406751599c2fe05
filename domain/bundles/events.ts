import type { DeliveryMethod } from '../catalog/index.js';
import type { Applicant, Channel, DueDates } from '../cases/index.js';
import type { Event } from '../shared/decider.js';
import type { Bilingual } from '../shared/messages.js';

/** One item of the bundle, as its published version said when the bundle was filed. */
export interface BundleItem {
  readonly code: string;
  readonly name: string;
  readonly version: number;
  readonly department: string;
  /** The item's material names: each sub-case takes the shared files named for its own materials. */
  readonly materials: readonly string[];
  readonly delivery: readonly DeliveryMethod[];
}

/** A file of the shared materials, by the digest it was uploaded under. */
export interface SharedFile {
  readonly material: string;
  readonly digest: string;
}

/** How a sub-case ended without a decision, or was never opened. */
export type SubCaseClosure = 'refused' | 'withdrawn' | 'terminated';
export type SubCaseOutcome = 'granted' | 'denied' | SubCaseClosure | 'not_opened';

/** 一表申请: one application to every item of the bundle. */
export type BundleSubmitted = Event<
  'BundleSubmitted',
  {
    readonly bundleId: string;
    /** 联办编号: human-readable, never reused. */
    readonly bundleNo: string;
    readonly channel: Channel;
    readonly applicant: Applicant;
    readonly applicantUserId?: string;
    readonly items: readonly BundleItem[];
    /** 牵头部门: one of the items' departments. */
    readonly leadDepartment: string;
    /** The one form, shared by every sub-case. */
    readonly formData: Readonly<Record<string, unknown>>;
    readonly materials: readonly SharedFile[];
    readonly submittedAt: string;
  }
>;

/** A sub-case was filed for one item, through the same submission as any case. */
export type SubCaseOpened = Event<
  'SubCaseOpened',
  { readonly bundleId: string; readonly itemCode: string; readonly caseId: string; readonly caseNo: string; readonly department: string; readonly openedAt: string }
>;

/** The sub-case's submission was refused (e.g. the item was suspended in between): the item ends without a case. */
export type SubCaseNotOpened = Event<
  'SubCaseNotOpened',
  { readonly bundleId: string; readonly itemCode: string; readonly code: string; readonly reason: Bilingual; readonly at: string }
>;

export type SubCaseAccepted = Event<'SubCaseAccepted', { readonly bundleId: string; readonly itemCode: string; readonly caseId: string; readonly acceptedAt: string }>;

/** The bundle's clock starts with the first acceptance of any of its sub-cases: 45 working days (art. 42(2)). */
export type BundleAccepted = Event<
  'BundleAccepted',
  DueDates & { readonly bundleId: string; readonly acceptedAt: string; readonly startDate: string; readonly limitDays: number; readonly legalBasis: string }
>;

export type SubCaseDecided = Event<
  'SubCaseDecided',
  { readonly bundleId: string; readonly itemCode: string; readonly caseId: string; readonly outcome: 'granted' | 'denied'; readonly decidedAt: string }
>;

export type SubCaseCompleted = Event<
  'SubCaseCompleted',
  { readonly bundleId: string; readonly itemCode: string; readonly caseId: string; readonly outcome: 'granted' | 'denied'; readonly completedAt: string }
>;

/** The sub-case ended without a decision: refused (不予受理), withdrawn or terminated. */
export type SubCaseClosed = Event<
  'SubCaseClosed',
  { readonly bundleId: string; readonly itemCode: string; readonly caseId: string; readonly outcome: SubCaseClosure; readonly closedAt: string }
>;

/** Every sub-case has ended: the bundle is complete, with the outcome per item. */
export type BundleCompleted = Event<
  'BundleCompleted',
  {
    readonly bundleId: string;
    readonly completedAt: string;
    readonly outcomes: readonly { readonly itemCode: string; readonly caseId?: string; readonly outcome: SubCaseOutcome }[];
  }
>;

/** The one extension of the joint limit, by the lead department's head (art. 42(2)). */
export type BundleTimeLimitExtended = Event<
  'BundleTimeLimitExtended',
  DueDates & { readonly bundleId: string; readonly days: number; readonly reason: string; readonly extendedAt: string; readonly legalBasis: string }
>;

/** 统一出件: the results handed over together at the lead department's window. */
export type BundleDelivered = Event<'BundleDelivered', { readonly bundleId: string; readonly department: string; readonly deliveredAt: string }>;

export type BundleEvent =
  | BundleSubmitted
  | SubCaseOpened
  | SubCaseNotOpened
  | SubCaseAccepted
  | BundleAccepted
  | SubCaseDecided
  | SubCaseCompleted
  | SubCaseClosed
  | BundleCompleted
  | BundleTimeLimitExtended
  | BundleDelivered;
