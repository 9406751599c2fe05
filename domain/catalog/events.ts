import type { Event } from '../shared/decider.js';
import type { ItemType } from './rules.js';

export type Fee = { readonly kind: 'free' } | { readonly kind: 'fixed'; readonly amountCents: number };

/** A required material (申请材料). */
export interface Material {
  readonly name: string;
  /** 原件 or 复印件. */
  readonly form: 'original' | 'copy';
  readonly count: number;
  /** false: needed only in some cases (容缺 / conditional). */
  readonly required: boolean;
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
  /** 承诺时限, working days; 0 = decided on the spot (即办件). */
  readonly promisedLimitDays: number;
  readonly fee: Fee;
  readonly materials: readonly Material[];
  /** 跑动次数: 0 = fully online. */
  readonly onsiteVisits: number;
}

export type ItemDrafted = Event<'ItemDrafted', ItemDefinition>;
export type ItemSubmittedForReview = Event<'ItemSubmittedForReview', { readonly code: string }>;
export type ItemApproved = Event<'ItemApproved', { readonly code: string; readonly opinion?: string }>;
export type ItemSentBack = Event<'ItemSentBack', { readonly code: string; readonly reason: string }>;
export type ItemPublished = Event<'ItemPublished', { readonly code: string; readonly version: number; readonly publishedAt: string }>;

export type CatalogEvent = ItemDrafted | ItemSubmittedForReview | ItemApproved | ItemSentBack | ItemPublished;
