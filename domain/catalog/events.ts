import type { Event } from '../shared/decider.js';
import type { FormSchema } from './form.js';
import type { DeliveryMethod, Handling, ItemType, StepKind } from './rules.js';

/**
 * 收费: free, a fixed amount, or computed — a unit amount times a number the applicant enters on
 * the form (e.g. per square metre), capped. Amounts are in cents (分).
 */
export type Fee =
  | { readonly kind: 'free' }
  | { readonly kind: 'fixed'; readonly amountCents: number }
  | {
      readonly kind: 'computed';
      readonly unitCents: number;
      /** The numeric form field the amount is computed from; the form must require it. */
      readonly field: string;
      readonly capCents: number;
      /** What one unit is, for the fee notice (e.g. 平方米). */
      readonly unit?: string;
    };

/** A required material (申请材料). */
export interface Material {
  readonly name: string;
  /** 原件 or 复印件. */
  readonly form: 'original' | 'copy';
  readonly count: number;
  /** false: conditional — needed only in the case `condition` describes. */
  readonly required: boolean;
  /** When a conditional material is needed (e.g. 委托他人办理的). */
  readonly condition?: string;
  /** License types (the item codes issuing them) whose license in the license library stands in for the material (免提交). */
  readonly standIns: readonly string[];
}

/** A step of the item's workflow (办理流程), e.g. 受理 → 审查 → 决定 → 发证 → 送达. */
export interface WorkflowStep {
  readonly name: string;
  readonly kind: StepKind;
}

/** What an item is: the fields a department drafts and the legal office reviews. */
export interface ItemDefinition {
  readonly code: string;
  readonly name: string;
  readonly type: ItemType;
  readonly department: string;
  /** 设定依据. */
  readonly legalBasis: string;
  /** 法定时限, working days. */
  readonly statutoryLimitDays: number;
  /** 承诺时限, working days; 0 = decided on the spot (即办件). The due date counts from it. */
  readonly promisedLimitDays: number;
  /** 单独办理, or 统一办理/联合办理/集中办理 (art. 42(2): 45 working days, extendable by 15). */
  readonly handling: Handling;
  readonly fee: Fee;
  readonly materials: readonly Material[];
  /** The application form, as a JSON Schema. */
  readonly form: FormSchema;
  readonly workflow: readonly WorkflowStep[];
  /** How results reach the applicant (送达方式). */
  readonly delivery: readonly DeliveryMethod[];
  /** 跑动次数: 0 = fully online. */
  readonly onsiteVisits: number;
}

/** A version drafted: 1 for a new item, the next number for a revision of a published one. */
export type ItemDrafted = Event<'ItemDrafted', ItemDefinition & { readonly version: number }>;
export type ItemSubmittedForReview = Event<'ItemSubmittedForReview', { readonly code: string; readonly version: number }>;
export type ItemApproved = Event<'ItemApproved', { readonly code: string; readonly version: number; readonly opinion?: string }>;
export type ItemSentBack = Event<'ItemSentBack', { readonly code: string; readonly version: number; readonly reason: string }>;
/** The version now open for applications, with what it says: cases filed under it keep it. */
export type ItemPublished = Event<
  'ItemPublished',
  { readonly code: string; readonly version: number; readonly publishedAt: string; readonly definition: ItemDefinition }
>;
/** 暂停: no new applications until resumed; cases already filed go on. */
export type ItemSuspended = Event<'ItemSuspended', { readonly code: string; readonly reason: string; readonly suspendedAt: string }>;
export type ItemResumed = Event<'ItemResumed', { readonly code: string; readonly resumedAt: string }>;
/** 取消: final. */
export type ItemRetired = Event<'ItemRetired', { readonly code: string; readonly reason: string; readonly retiredAt: string }>;

export type CatalogEvent =
  | ItemDrafted
  | ItemSubmittedForReview
  | ItemApproved
  | ItemSentBack
  | ItemPublished
  | ItemSuspended
  | ItemResumed
  | ItemRetired;
