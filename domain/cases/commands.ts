import type { Command } from '../shared/decider.js';
import type { Applicant, Channel, ItemSnapshot } from './events.js';

/** The caller loads the item from the catalog and passes what it found, published or not. */
export type SubmitCase = Command<
  'SubmitCase',
  {
    readonly caseId: string;
    readonly caseNo: string;
    readonly channel: Channel;
    readonly applicant: Applicant;
    readonly formData: Readonly<Record<string, unknown>>;
    readonly item: ItemSnapshot & { readonly published: boolean };
  }
>;
/** 受理 (window staff). */
export type AcceptCase = Command<'AcceptCase', { readonly caseId: string }>;
/** 作出决定 (reviewer): a denial needs its reasons. */
export type DecideCase = Command<
  'DecideCase',
  { readonly caseId: string; readonly decision: 'granted' | 'denied'; readonly reasons?: readonly string[] }
>;
/** 办结. */
export type CompleteCase = Command<'CompleteCase', { readonly caseId: string }>;

export type CaseCommand = SubmitCase | AcceptCase | DecideCase | CompleteCase;
