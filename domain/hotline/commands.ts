import type { Command } from '../shared/decider.js';
import type { ArticleRef, CategoryRef, DistrictRef, DuplicateRef, GeoPoint, TicketFacts, TicketRequestFields } from './events.js';
import type { CallbackResult, SupervisionKind, TicketStatus } from './rules.js';

/** A new request as it is taken or submitted: what it says, and the codes it is classified by. */
export interface NewTicketFields extends TicketRequestFields {
  readonly categoryCode: string;
  readonly districtCode: string;
  readonly location?: GeoPoint;
}

/**
 * 登记. The handler draws the number and looks the codes up in the managed classification: it
 * passes what it found, and the decider refuses a code it did not find.
 */
export type RegisterTicket = Command<
  'RegisterTicket',
  Pick<TicketFacts, 'ticketId' | 'number'> &
    NewTicketFields & {
      /** The category of `categoryCode`, when the classification has it and it is in use. */
      readonly category?: CategoryRef;
      /** The district of `districtCode`, when the classification has it and it is in use. */
      readonly district?: DistrictRef;
      /** 来电人标识: a keyed one-way pseudonym of the caller's phone, so repeat callers can be counted without the number. */
      readonly callerKey?: string;
    }
>;

/** 直办: answer the caller directly; the handler resolves the article to its published version. */
export type AnswerTicket = Command<'AnswerTicket', { readonly ticketId: string; readonly answer: string; readonly article?: ArticleRef }>;

/** 派单: to a lead department and co-handling departments. */
export type DispatchTicket = Command<
  'DispatchTicket',
  { readonly ticketId: string; readonly department: string; readonly coHandlers?: readonly string[]; readonly note?: string }
>;

/** 签收, by the acting handler's department. */
export type SignTicket = Command<'SignTicket', { readonly ticketId: string }>;

/** 退单, with the reason. */
export type ReturnTicket = Command<'ReturnTicket', { readonly ticketId: string; readonly reason: string }>;

/** 延期申请. */
export type RequestExtension = Command<'RequestExtension', { readonly ticketId: string; readonly workingDays: number; readonly reason: string }>;

/** 延期审批. */
export type DecideExtension = Command<'DecideExtension', { readonly ticketId: string; readonly approved: boolean; readonly note?: string }>;

/** 办结反馈. */
export type ReplyTicket = Command<'ReplyTicket', { readonly ticketId: string; readonly content: string }>;

/** 回访: the caller is asked whether the matter was solved (是否解决) and how satisfied they are (是否满意). */
export type RecordCallback = Command<'RecordCallback', { readonly ticketId: string; readonly resolved: boolean; readonly result: CallbackResult; readonly note?: string }>;

/** 督办 / 催办. */
export type SuperviseTicket = Command<'SuperviseTicket', { readonly ticketId: string; readonly kind: SupervisionKind; readonly note: string }>;

/** 合并: this ticket is a duplicate of `master`; the handler loads the master's number and status. */
export type MergeTicket = Command<
  'MergeTicket',
  { readonly ticketId: string; readonly master: { readonly ticketId: string; readonly number: string; readonly status: TicketStatus } }
>;

/** The master takes in a merged duplicate's caller (sent on by the merge process). */
export type AttachDuplicate = Command<'AttachDuplicate', { readonly ticketId: string; readonly duplicate: DuplicateRef }>;

/** 接手: an operator takes the ticket over, and sees its caller from then on. */
export type TakeOverTicket = Command<'TakeOverTicket', { readonly ticketId: string }>;

export type CloseTicket = Command<'CloseTicket', { readonly ticketId: string }>;

export type ArchiveTicket = Command<'ArchiveTicket', { readonly ticketId: string }>;

/** 公开: the anonymised question and reply, checked for phone and ID numbers and the caller's own data. */
export type PublishTicket = Command<'PublishTicket', { readonly ticketId: string; readonly title: string; readonly content: string; readonly reply: string }>;

export type TicketCommand =
  | RegisterTicket
  | AnswerTicket
  | DispatchTicket
  | SignTicket
  | ReturnTicket
  | RequestExtension
  | DecideExtension
  | ReplyTicket
  | RecordCallback
  | SuperviseTicket
  | MergeTicket
  | AttachDuplicate
  | TakeOverTicket
  | CloseTicket
  | ArchiveTicket
  | PublishTicket;

/** Add a category to the tree, or rename or move one. */
export type DefineCategory = Command<'DefineCategory', { readonly code: string; readonly name: string; readonly parentCode?: string | null }>;
export type RetireCategory = Command<'RetireCategory', { readonly code: string }>;
export type DefineDistrict = Command<'DefineDistrict', { readonly code: string; readonly name: string }>;
export type RetireDistrict = Command<'RetireDistrict', { readonly code: string }>;

export type ClassificationCommand = DefineCategory | RetireCategory | DefineDistrict | RetireDistrict;
