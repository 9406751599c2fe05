import type { Event } from '../shared/decider.js';
import type { CallbackResult, Stage, SupervisionKind, TicketChannel, TicketType, TimeLimit, Urgency } from './rules.js';

/** Who called or wrote in. Personal data: shown only to the center and the handling department. */
export interface Caller {
  readonly name?: string;
  readonly phone?: string;
}

/** A category of the managed tree as it stood when the ticket was classified. */
export interface CategoryRef {
  readonly code: string;
  readonly name: string;
  /** Codes from the root down to this category, itself included. */
  readonly path: readonly string[];
  /** Names along the same path, e.g. ['城市管理', '市容环境', '噪音扰民']. */
  readonly pathNames: readonly string[];
}

export interface DistrictRef {
  readonly code: string;
  readonly name: string;
}

/** A knowledge base article a direct answer used, as published then. */
export interface ArticleRef {
  readonly id: string;
  readonly version: number;
  readonly title: string;
}

/** The clock of one stage: when it is due, when its warning (黄灯) comes on, and the limit it ran by. */
export interface StageDeadline {
  readonly stage: Stage;
  readonly dueAt: string;
  readonly warningAt: string;
  readonly limit: TimeLimit;
}

/** A point on the map (WGS84). */
export interface GeoPoint {
  readonly lat: number;
  readonly long: number;
}

/** What a request says, however it came in: the citizen's side of a new ticket. */
export interface TicketRequestFields {
  readonly type: TicketType;
  readonly channel: TicketChannel;
  readonly urgency: Urgency;
  readonly caller: Caller;
  readonly title?: string;
  readonly content: string;
  readonly address?: string;
}

/** What a ticket is about, as it was registered: the facts every later view of it starts from. */
export interface TicketFacts extends TicketRequestFields {
  readonly ticketId: string;
  /** 工单编号 12345-YYYYMMDD-NNNN. */
  readonly number: string;
  readonly category: CategoryRef;
  readonly district: DistrictRef;
  readonly registeredAt: string;
}

/** 登记: a call, message or web request becomes a ticket (工单). */
export type TicketRegistered = Event<
  'TicketRegistered',
  TicketFacts & {
    readonly location?: GeoPoint;
    /** 来电人标识: a keyed one-way pseudonym of the caller's phone (never the phone), for counting repeat callers. */
    readonly callerKey?: string;
    /** The operator (话务员) who took the call, and so sees the caller; absent for a citizen's own submission. */
    readonly registeredBy?: string;
  }
>;

/** 直办: the center answered the caller itself, perhaps from a knowledge base article. */
export type TicketAnswered = Event<
  'TicketAnswered',
  { readonly ticketId: string; readonly answer: string; readonly article?: ArticleRef; readonly answeredAt: string }
>;

/** 派单/转办: to a lead department (主办) and any co-handling departments (协办); the sign and finish clocks start. */
export type TicketDispatched = Event<
  'TicketDispatched',
  {
    readonly ticketId: string;
    readonly department: string;
    readonly coHandlers: readonly string[];
    readonly note?: string;
    /** 1 for the first handling; each redo (重办) adds one. */
    readonly round: number;
    readonly dispatchedAt: string;
    readonly sign: StageDeadline;
    readonly finish: StageDeadline;
  }
>;

/** 签收: by the lead department (the ticket is then theirs to finish) or a co-handling one. */
export type TicketSigned = Event<
  'TicketSigned',
  {
    readonly ticketId: string;
    readonly department: string;
    readonly lead: boolean;
    readonly round: number;
    readonly signedAt: string;
    /** Signed by the end of the sign clock. */
    readonly onTime: boolean;
  }
>;

/** 退单: the lead department sends the ticket back before signing; the center re-dispatches it. */
export type TicketReturned = Event<
  'TicketReturned',
  {
    readonly ticketId: string;
    readonly department: string;
    readonly reason: string;
    readonly returnedAt: string;
    /** Returns of this ticket so far, this one included. */
    readonly returns: number;
    /** The returns allowed are used up: the center must coordinate (协调) the next dispatch. */
    readonly needsCoordination: boolean;
  }
>;

/** 延期申请: the lead department asks for more working days to finish. */
export type TicketExtensionRequested = Event<
  'TicketExtensionRequested',
  { readonly ticketId: string; readonly department: string; readonly workingDays: number; readonly reason: string; readonly requestedAt: string }
>;

/** 延期审批: the center approves (the finish clock moves) or refuses. */
export type TicketExtensionDecided = Event<
  'TicketExtensionDecided',
  {
    readonly ticketId: string;
    readonly approved: boolean;
    readonly workingDays: number;
    readonly note?: string;
    readonly decidedAt: string;
    /** The finish clock after an approval. */
    readonly finish?: StageDeadline;
  }
>;

/** 办结反馈: the lead department's reply; the callback clock starts when the caller left a number to call. */
export type TicketReplied = Event<
  'TicketReplied',
  {
    readonly ticketId: string;
    readonly department: string;
    readonly content: string;
    readonly round: number;
    readonly repliedAt: string;
    /** Replied by the end of the finish clock. */
    readonly onTime: boolean;
    /** The callback clock; absent when the caller left no phone: nobody can be called back. */
    readonly callback?: StageDeadline;
  }
>;

/** 回访: the center called the caller back about the reply. */
export type TicketCalledBack = Event<
  'TicketCalledBack',
  {
    readonly ticketId: string;
    /** 是否解决: the caller says the matter was solved. Absent from callbacks recorded before it was asked. */
    readonly resolved?: boolean;
    readonly result: CallbackResult;
    readonly note?: string;
    readonly round: number;
    readonly calledBackAt: string;
    /** Called back by the end of the callback clock. */
    readonly onTime: boolean;
  }
>;

/** 重办: an unsatisfied callback sends the ticket back to the same lead department with fresh clocks. */
export type TicketReopened = Event<
  'TicketReopened',
  {
    readonly ticketId: string;
    readonly department: string;
    readonly coHandlers: readonly string[];
    readonly round: number;
    readonly reopenedAt: string;
    readonly sign: StageDeadline;
    readonly finish: StageDeadline;
  }
>;

/** 督办 / 催办 on an open ticket. */
export type TicketSupervised = Event<
  'TicketSupervised',
  { readonly ticketId: string; readonly kind: SupervisionKind; readonly note: string; readonly supervisedAt: string }
>;

/** 合并: this ticket is a duplicate of another (the master), which carries on for both. */
export type TicketMerged = Event<
  'TicketMerged',
  { readonly ticketId: string; readonly into: string; readonly intoNumber: string; readonly mergedAt: string }
>;

/** A merged duplicate as its master keeps it: the caller to inform, and what they gave that must not be published. */
export interface DuplicateRef {
  readonly ticketId: string;
  readonly number: string;
  readonly caller: Caller;
  readonly channel: TicketChannel;
  readonly address?: string;
}

/** The master ticket takes in a merged duplicate and its caller, so that every caller hears the outcome. */
export type TicketDuplicateAttached = Event<'TicketDuplicateAttached', { readonly ticketId: string; readonly duplicate: DuplicateRef; readonly attachedAt: string }>;

/**
 * 接手: another operator takes the ticket over (a callback, the caller phoning again) and from then
 * on sees the caller; recorded so that who saw a caller's data is accountable.
 */
export type TicketTakenOver = Event<'TicketTakenOver', { readonly ticketId: string; readonly operatorId: string; readonly takenOverAt: string }>;

/** 办结/结案. */
export type TicketClosed = Event<
  'TicketClosed',
  {
    readonly ticketId: string;
    readonly closedAt: string;
    /** How it ended: answered directly, or replied by a department (and called back). */
    readonly resolution: 'answered' | 'replied';
    /** The last callback's result, when there was one. */
    readonly callbackResult?: CallbackResult;
  }
>;

/** 归档. */
export type TicketArchived = Event<'TicketArchived', { readonly ticketId: string; readonly archivedAt: string }>;

/** 公开: an anonymised question and reply for the public pages. */
export type TicketPublished = Event<
  'TicketPublished',
  { readonly ticketId: string; readonly title: string; readonly content: string; readonly reply: string; readonly publishedAt: string }
>;

export type TicketEvent =
  | TicketRegistered
  | TicketAnswered
  | TicketDispatched
  | TicketSigned
  | TicketReturned
  | TicketExtensionRequested
  | TicketExtensionDecided
  | TicketReplied
  | TicketCalledBack
  | TicketReopened
  | TicketSupervised
  | TicketMerged
  | TicketDuplicateAttached
  | TicketTakenOver
  | TicketClosed
  | TicketArchived
  | TicketPublished;

/** 分类: one node of the category tree (a new one, or a new name or place for an existing code). */
export type HotlineCategoryDefined = Event<
  'HotlineCategoryDefined',
  { readonly code: string; readonly name: string; readonly parentCode: string | null; readonly definedAt: string }
>;

/** A category no longer offered for new tickets; old tickets keep it. */
export type HotlineCategoryRetired = Event<'HotlineCategoryRetired', { readonly code: string; readonly retiredAt: string }>;

/** 区县: a district of the city (a new one, or a new name). */
export type HotlineDistrictDefined = Event<'HotlineDistrictDefined', { readonly code: string; readonly name: string; readonly definedAt: string }>;

export type HotlineDistrictRetired = Event<'HotlineDistrictRetired', { readonly code: string; readonly retiredAt: string }>;

export type ClassificationEvent = HotlineCategoryDefined | HotlineCategoryRetired | HotlineDistrictDefined | HotlineDistrictRetired;
