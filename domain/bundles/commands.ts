import type { Applicant, Channel, ItemAvailability } from '../cases/index.js';
import type { Command } from '../shared/decider.js';
import type { Bilingual } from '../shared/messages.js';
import type { BundleItem, SharedFile, SubCaseClosure } from './events.js';

/** 一表申请: the caller loads each item from the catalog and says whether it takes applications. */
export type SubmitBundle = Command<
  'SubmitBundle',
  {
    readonly bundleId: string;
    readonly bundleNo: string;
    readonly channel: Channel;
    readonly applicant: Applicant;
    readonly items: readonly (BundleItem & { readonly availability: ItemAvailability })[];
    readonly leadDepartment: string;
    readonly formData: Readonly<Record<string, unknown>>;
    readonly materials: readonly SharedFile[];
  }
>;

/** 延期 of the joint limit (the lead department's head, once, with a reason). */
export type ExtendBundleLimit = Command<'ExtendBundleLimit', { readonly bundleId: string; readonly reason: string }>;
/** 统一出件 at the lead department's window, once every sub-case has ended. */
export type DeliverBundle = Command<'DeliverBundle', { readonly bundleId: string }>;

/*
 * The sub-cases' progress, recorded by the process manager. `at` is when it happened on the
 * sub-case (its event's domain time), not when the process got to it.
 */
export type RecordSubCaseOpened = Command<'RecordSubCaseOpened', { readonly bundleId: string; readonly itemCode: string; readonly caseId: string; readonly caseNo: string; readonly at: string }>;
export type RecordSubCaseNotOpened = Command<'RecordSubCaseNotOpened', { readonly bundleId: string; readonly itemCode: string; readonly code: string; readonly reason: Bilingual; readonly at: string }>;
export type RecordSubCaseAccepted = Command<'RecordSubCaseAccepted', { readonly bundleId: string; readonly caseId: string; readonly at: string }>;
export type RecordSubCaseDecided = Command<'RecordSubCaseDecided', { readonly bundleId: string; readonly caseId: string; readonly outcome: 'granted' | 'denied'; readonly at: string }>;
export type RecordSubCaseCompleted = Command<'RecordSubCaseCompleted', { readonly bundleId: string; readonly caseId: string; readonly at: string }>;
export type RecordSubCaseClosed = Command<'RecordSubCaseClosed', { readonly bundleId: string; readonly caseId: string; readonly outcome: SubCaseClosure; readonly at: string }>;

export type SubCaseProgress = RecordSubCaseOpened | RecordSubCaseNotOpened | RecordSubCaseAccepted | RecordSubCaseDecided | RecordSubCaseCompleted | RecordSubCaseClosed;

export type BundleCommand = SubmitBundle | ExtendBundleLimit | DeliverBundle | SubCaseProgress;
