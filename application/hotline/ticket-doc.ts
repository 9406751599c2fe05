/**
 * The hotline's read models as projections/tickets.ts and projections/hotline-classification.ts
 * write them, and the queries read them.
 */
import type {
  ArticleRef,
  CallbackResult,
  Caller,
  CategoryRef,
  DistrictRef,
  Resolution,
  SupervisionKind,
  TicketChannel,
  TicketStatus,
  TicketType,
  TimeLimit,
  Urgency,
} from '../../domain/hotline/index.js';
import type { Bilingual } from '../../domain/shared/messages.js';

export const TICKETS = 'tickets';
export const CATEGORIES = 'hotline_categories';
export const DISTRICTS = 'hotline_districts';

/** One clock of the current round: due, warning, and when it was done. */
export interface StageDoc {
  dueAt: string;
  warningAt: string;
  limit: TimeLimit;
  doneAt?: string;
  onTime?: boolean;
}

/** One document per ticket (id = ticket id). The caller is stored in full; queries mask it for everyone but the center and the handling departments. */
export interface TicketDoc {
  ticketId: string;
  number: string;
  type: TicketType;
  channel: TicketChannel;
  urgency: Urgency;
  caller: Caller;
  /** The caller's phone, normalised (caller-key.ts normalisePhone): the caller history and the duplicate check look it up. */
  callerPhone?: string;
  /** Operators (话务员) who see the caller: who took the call, and who took the ticket over since (user ids). */
  operators: string[];
  title?: string;
  content: string;
  category: CategoryRef;
  categoryCode: string;
  /** Every category from the root down, as objects so that `$elemMatch` finds a ticket by any ancestor. */
  categoryPath: { code: string }[];
  district: DistrictRef;
  districtCode: string;
  address?: string;
  location?: { lat: number; long: number };
  status: TicketStatus;
  registeredAt: string;
  updatedAt: string;
  round: number;
  /** The lead department (主办) of the current handling; absent before dispatch and after a return. */
  department?: string;
  coHandlers: string[];
  /** Lead and co-handlers, as objects for `$elemMatch`: who sees the ticket and its caller. */
  handlers: { department: string }[];
  signedBy: string[];
  dispatchedAt?: string;
  dispatchNote?: string;
  stages: { sign?: StageDoc; finish?: StageDoc; callback?: StageDoc };
  /** Due instants of the clocks still running, for the overdue filter; unset once the stage is done. */
  signDueAt?: string;
  finishDueAt?: string;
  callbackDueAt?: string;
  returns: number;
  needsCoordination: boolean;
  returnLog: { department: string; reason: string; at: string }[];
  extension?: { workingDays: number; reason: string; requestedAt: string; status: 'pending' | 'approved' | 'refused'; decidedAt?: string; note?: string };
  answer?: { content: string; at: string; article?: ArticleRef };
  /** The knowledge base article a direct answer used. */
  article?: ArticleRef;
  reply?: { content: string; at: string; department: string; onTime: boolean; round: number };
  /** `resolved` (是否解决) is absent from callbacks recorded before the question was asked. */
  lastCallback?: { resolved?: boolean; result: CallbackResult; note?: string; at: string; onTime: boolean; round: number };
  /** Ever called back unsatisfied (the center's list of redone tickets). */
  unsatisfied: boolean;
  supervision: { kind: SupervisionKind; note: string; at: string; actorRole: string | null }[];
  supervisedCount: number;
  urgedCount: number;
  /** This ticket was merged into another (the master), which carries on for both. */
  mergedInto?: { ticketId: string; number: string; at: string };
  /** Duplicates merged into this one, with their callers, who hear the outcome too. */
  merged: { ticketId: string; number: string; channel: TicketChannel; caller: Caller; address?: string; at: string }[];
  /** The lead department that signed for it last: the dispatch suggestion counts these. */
  handledBy?: string;
  resolution?: Resolution;
  closedAt?: string;
  archivedAt?: string;
  published?: { title: string; content: string; reply: string; at: string };
  publishedAt?: string;
  /** What happened, in words; departments and users appear as {@link departmentMark} / {@link userMark}, named when read. */
  steps: { at: string; type: string; actorRole: string | null; summary: Bilingual }[];
}

/**
 * A department or a user inside a step's summary. The projection knows only codes and ids; the
 * query puts in the department's Chinese name and the user's display name (names can change, and
 * a projection does no I/O).
 */
export const departmentMark = (code: string) => `{{dept:${code}}}`;
export const userMark = (userId: string) => `{{user:${userId}}}`;
export const STEP_MARK = /\{\{(dept|user):([^}]+)\}\}/g;

export interface CategoryDoc {
  code: string;
  name: string;
  parentCode: string | null;
  active: boolean;
  definedAt: string;
}

export interface DistrictDoc {
  code: string;
  name: string;
  active: boolean;
  definedAt: string;
}
