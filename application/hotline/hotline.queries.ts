import { Inject, Optional } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  CALLBACK_RESULT_LABELS,
  OPEN_TICKET_STATUSES,
  TICKET_TYPE_LABELS,
  coarseLocation,
  redactPersonalData,
  stageLight,
  ticketStatusLabel,
  ticketStreamId,
  type Caller,
  type Stage,
  type TicketStatus,
  type TicketType,
  type Urgency,
} from '../../domain/hotline/index.js';
import { DEPARTMENT_ROLES, READ_ALL_ROLES, type Role } from '../../domain/identity/roles.js';
import { notFound, type DomainError } from '../../domain/shared/errors.js';
import { maskName, maskPhone } from '../../domain/shared/masking.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore, Filter } from '../ports/document-store.js';
import type { EventStore } from '../ports/event-store.js';
import { CLOCK, DOCUMENT_STORE, EVENT_STORE } from '../ports/tokens.js';
import type { Viewer } from '../viewer.js';
import { normalisePhone } from './caller-key.js';
import { dispatchSuggestion, findDuplicates, type DuplicateCandidate, type DuplicateProbe } from './matching.js';
import { DEFAULT_HOTLINE_SETTINGS, HOTLINE_SETTINGS, type HotlineSettings } from './settings.js';
import { STEP_MARK, TICKETS, type StageDoc, type TicketDoc } from './ticket-doc.js';

const noSuchTicket = () => notFound('ticket.not_found', '工单不存在', 'No such ticket');

/** Roles that see every ticket: the center, and those who read everything. */
const READS_ALL_TICKETS: readonly Role[] = ['hotline_operator', 'admin', ...READ_ALL_ROLES];

/** The tickets a viewer may see, as a filter; undefined: none. Departments see what they lead or help with. */
export function ticketScope(viewer: Viewer): Filter | undefined {
  if (viewer.roles.some((r) => READS_ALL_TICKETS.includes(r))) return {};
  if (viewer.department && viewer.roles.some((r) => DEPARTMENT_ROLES.includes(r))) return { handlers: { $elemMatch: { department: viewer.department } } };
  return undefined;
}

/**
 * The caller in full (DOMAIN.md §3 personal data, issue 5: "shown only to the operator handling the
 * call and the department handling the ticket"): the operator who took the call or took the ticket
 * over (接手), and the handlers of the departments the ticket is with.
 */
export function seesCaller(doc: Pick<TicketDoc, 'handlers' | 'operators'>, viewer: Viewer): boolean {
  if (handlesCall(doc, viewer)) return true;
  return viewer.roles.includes('department_handler') && viewer.department !== undefined && doc.handlers.some((h) => h.department === viewer.department);
}

const handlesCall = (doc: Pick<TicketDoc, 'operators'>, viewer: Viewer) => viewer.roles.includes('hotline_operator') && (doc.operators ?? []).includes(viewer.userId);

export const maskCaller = (caller: Caller): Caller => ({
  ...(caller.name ? { name: maskName(caller.name) } : {}),
  ...(caller.phone ? { phone: maskPhone(caller.phone) } : {}),
});

const STAGE_DONE_STATUS: Record<Stage, readonly TicketStatus[]> = {
  sign: ['dispatched'],
  finish: ['dispatched', 'signed'],
  callback: ['replied'],
};

/** Each clock of the current round with its light at `now`; a clock of an ended ticket no longer runs. */
function stagesView(doc: TicketDoc, now: Date) {
  const view: Partial<Record<Stage, StageDoc & { light: ReturnType<typeof stageLight> }>> = {};
  for (const stage of ['sign', 'finish', 'callback'] as const) {
    const s = doc.stages[stage];
    // No clock ran: a callback recorded for a caller who left no phone (reached another way) leaves
    // a stage with its doneAt alone.
    if (!s || s.dueAt === undefined) continue;
    // A caller without a phone is not called back: no callback clock runs for them.
    if (stage === 'callback' && s.doneAt === undefined && !doc.caller.phone) continue;
    const running = STAGE_DONE_STATUS[stage].includes(doc.status) && s.doneAt === undefined;
    if (!running && s.doneAt === undefined) continue;
    view[stage] = { ...s, light: stageLight(s, now, s.doneAt) };
  }
  return view;
}

/** Steps the viewer could take now; the command side decides again when they do. */
function allowedActions(doc: TicketDoc, viewer: Viewer, maxReturns: number): string[] {
  const actions: string[] = [];
  const open = OPEN_TICKET_STATUSES.includes(doc.status);
  if (viewer.roles.includes('hotline_operator')) {
    const calledBack = doc.lastCallback !== undefined && doc.lastCallback.round === doc.round;
    const byStatus: Record<TicketStatus, string[]> = {
      registered: ['answer', 'dispatch', 'merge'],
      answered: ['close'],
      dispatched: ['merge'],
      signed: doc.extension?.status === 'pending' ? ['decide-extension'] : [],
      replied: calledBack || !doc.caller.phone ? ['close'] : ['callback'],
      closed: ['archive', ...(doc.published ? [] : ['publish'])],
      archived: doc.published ? [] : ['publish'],
      merged: [],
    };
    actions.push(...byStatus[doc.status]);
    if (open && !handlesCall(doc, viewer)) actions.push('take');
  }
  if (viewer.roles.includes('department_handler') && viewer.department) {
    const lead = doc.department === viewer.department;
    const helps = doc.coHandlers.includes(viewer.department);
    const signed = doc.signedBy.includes(viewer.department);
    if ((doc.status === 'dispatched' || doc.status === 'signed') && (lead || helps) && !signed) actions.push('sign');
    if (doc.status === 'dispatched' && lead && doc.returns < maxReturns) actions.push('return');
    if (doc.status === 'signed' && lead) actions.push('reply', ...(doc.extension?.status === 'pending' ? [] : ['request-extension']));
  }
  if (open && viewer.roles.some((r) => r === 'hotline_operator' || r === 'supervisor')) actions.push('supervise');
  return actions;
}

/** A row of a ticket list: the caller masked, whoever asks. */
function summary(doc: TicketDoc, now: Date) {
  const stages = stagesView(doc, now);
  const overdueStages = (Object.keys(stages) as Stage[]).filter((s) => stages[s]!.light === 'red');
  return {
    id: doc.ticketId,
    number: doc.number,
    type: doc.type,
    typeLabel: TICKET_TYPE_LABELS[doc.type],
    channel: doc.channel,
    urgency: doc.urgency,
    status: doc.status,
    statusLabel: ticketStatusLabel(doc.status),
    ...(doc.title ? { title: doc.title } : {}),
    excerpt: [...doc.content].slice(0, 80).join(''),
    caller: maskCaller(doc.caller),
    category: { code: doc.category.code, name: doc.category.name, pathNames: doc.category.pathNames },
    district: doc.district,
    registeredAt: doc.registeredAt,
    updatedAt: doc.updatedAt,
    round: doc.round,
    ...(doc.department ? { department: doc.department } : {}),
    coHandlers: doc.coHandlers,
    /** Departments that have signed for it in this round, the lead among them once it has. */
    signedBy: doc.signedBy,
    ...(doc.handledBy ? { handledBy: doc.handledBy } : {}),
    returns: doc.returns,
    needsCoordination: doc.needsCoordination,
    stages,
    overdue: overdueStages.length > 0,
    overdueStages,
    warning: Object.values(stages).some((s) => s.light === 'yellow'),
    ...(doc.lastCallback ? { lastCallback: { ...doc.lastCallback, label: CALLBACK_RESULT_LABELS[doc.lastCallback.result] } } : {}),
    unsatisfied: doc.unsatisfied,
    extensionPending: doc.extension?.status === 'pending',
    supervisedCount: doc.supervisedCount,
    urgedCount: doc.urgedCount,
    ...(doc.mergedInto ? { mergedInto: { id: doc.mergedInto.ticketId, number: doc.mergedInto.number } } : {}),
    mergedCount: doc.merged.length,
    ...(doc.article ? { article: doc.article } : {}),
    published: doc.published !== undefined,
  };
}

export type TicketSummary = ReturnType<typeof summary>;

/** What became of a merged ticket's matter: its master's status and reply. */
function outcomeOf(master: TicketDoc) {
  return {
    id: master.ticketId,
    number: master.number,
    status: master.status,
    statusLabel: ticketStatusLabel(master.status),
    ...(master.reply && ['replied', 'closed', 'archived'].includes(master.status) ? { reply: master.reply } : {}),
    ...(master.answer ? { answer: master.answer } : {}),
    ...(master.closedAt ? { closedAt: master.closedAt } : {}),
  };
}

/** The ticket in full; the caller (and merged callers) unmasked only for those who handle it. */
function detail(doc: TicketDoc, viewer: Viewer, now: Date, maxReturns: number, steps: TicketDoc['steps'], master?: TicketDoc) {
  const full = seesCaller(doc, viewer);
  const person = (caller: Caller) => (full ? caller : maskCaller(caller));
  const address = (value: string | undefined) => (value === undefined ? {} : { address: full ? value : redactAddress(value) });
  return {
    /** The server's clock, for the lights and countdowns the screen draws. */
    now: now.toISOString(),
    ...summary(doc, now),
    caller: person(doc.caller),
    content: doc.content,
    ...address(doc.address),
    ...(doc.location ? { location: full ? doc.location : coarseLocation(doc.location) } : {}),
    ...(doc.dispatchedAt ? { dispatchedAt: doc.dispatchedAt } : {}),
    ...(doc.dispatchNote ? { dispatchNote: doc.dispatchNote } : {}),
    returnLog: doc.returnLog,
    ...(doc.extension ? { extension: doc.extension } : {}),
    ...(doc.answer ? { answer: doc.answer } : {}),
    ...(doc.reply ? { reply: doc.reply } : {}),
    supervision: doc.supervision,
    merged: doc.merged.map((m) => ({ id: m.ticketId, number: m.number, channel: m.channel, caller: person(m.caller), ...address(m.address), at: m.at })),
    ...(master ? { outcome: outcomeOf(master) } : {}),
    ...(doc.resolution ? { resolution: doc.resolution } : {}),
    ...(doc.closedAt ? { closedAt: doc.closedAt } : {}),
    ...(doc.archivedAt ? { archivedAt: doc.archivedAt } : {}),
    ...(doc.published ? { publication: doc.published } : {}),
    steps,
    allowedActions: allowedActions(doc, viewer, maxReturns),
  };
}

/** The steps with their departments and users named: a department by its Chinese name, a user by their display name. */
export async function namedSteps(documents: DocumentStore, steps: TicketDoc['steps']): Promise<TicketDoc['steps']> {
  const wanted = { dept: new Set<string>(), user: new Set<string>() };
  for (const step of steps) for (const text of [step.summary.zh, step.summary.en]) for (const [, kind, id] of text.matchAll(STEP_MARK)) wanted[kind as 'dept' | 'user'].add(id!);
  if (wanted.dept.size === 0 && wanted.user.size === 0) return steps;
  const [departments, users] = await Promise.all([
    wanted.dept.size
      ? documents.find<{ code: string; name: string }>('departments', { code: { $in: [...wanted.dept] } }, { fields: ['code', 'name'], limit: wanted.dept.size })
      : { items: [] },
    wanted.user.size
      ? documents.find<{ userId: string; displayName: string }>('users', { userId: { $in: [...wanted.user] } }, { fields: ['userId', 'displayName'], limit: wanted.user.size })
      : { items: [] },
  ]);
  const names = {
    dept: new Map(departments.items.map((d) => [d.code, d.name])),
    user: new Map(users.items.map((u) => [u.userId, u.displayName])),
  };
  const named = (text: string) => text.replace(STEP_MARK, (_, kind: 'dept' | 'user', id: string) => names[kind].get(id) ?? id);
  return steps.map((step) => ({ ...step, summary: { zh: named(step.summary.zh), en: named(step.summary.en) } }));
}

export type TicketDetail = ReturnType<typeof detail>;

/** The street without the house number, for those who see the ticket but not the caller. */
const redactAddress = (address: string) => address.replace(/[0-9０-９]+.*$/u, '…');

export interface TicketListFilter {
  readonly status?: TicketStatus;
  readonly department?: string;
  /** A category code: tickets of it and of every subcategory. */
  readonly category?: string;
  readonly district?: string;
  readonly type?: TicketType;
  readonly urgency?: Urgency;
  /** A clock still running past its due time. */
  readonly overdue?: boolean;
  /** Returned at least once. */
  readonly returned?: boolean;
  /** Called back unsatisfied at least once (redone). */
  readonly unsatisfied?: boolean;
  /** Returned twice: the center coordinates. */
  readonly needsCoordination?: boolean;
  readonly limit?: number;
  readonly after?: string;
}

export class ListTicketsQuery extends Query<{ items: TicketSummary[]; next?: string; total: number; now: string }> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: TicketListFilter,
  ) {
    super();
  }
}

export class GetTicketQuery extends Query<TicketDetail | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly ticketId: string,
  ) {
    super();
  }
}

/** Tickets in the viewer's scope, newest first, callers masked. */
@QueryHandler(ListTicketsQuery)
export class ListTicketsHandler implements IQueryHandler<ListTicketsQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ viewer, filter }: ListTicketsQuery) {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const scope = ticketScope(viewer);
    if (!scope) return { items: [], total: 0, now: nowIso };
    const clauses: Filter[] = [scope];
    if (filter.status) clauses.push({ status: filter.status });
    if (filter.department) clauses.push({ handlers: { $elemMatch: { department: filter.department } } });
    if (filter.category) clauses.push({ categoryPath: { $elemMatch: { code: filter.category } } });
    if (filter.district) clauses.push({ districtCode: filter.district });
    if (filter.type) clauses.push({ type: filter.type });
    if (filter.urgency) clauses.push({ urgency: filter.urgency });
    if (filter.overdue) {
      // A callback is overdue only when there is a number to call (older replies set the clock regardless).
      const callbackOverdue: Filter = { $and: [{ callbackDueAt: { $lt: nowIso } }, { callerPhone: { $exists: true } }] };
      clauses.push({ $or: [{ signDueAt: { $lt: nowIso } }, { finishDueAt: { $lt: nowIso } }, callbackOverdue] });
    }
    if (filter.returned) clauses.push({ returns: { $gt: 0 } });
    if (filter.unsatisfied) clauses.push({ unsatisfied: true });
    if (filter.needsCoordination) clauses.push({ needsCoordination: true });
    const where: Filter = { $and: clauses };
    const [page, total] = await Promise.all([
      this.documents.find<TicketDoc>(TICKETS, where, { sort: { registeredAt: -1 }, limit: filter.limit ?? 20, ...(filter.after ? { after: filter.after } : {}) }),
      this.documents.count(TICKETS, where),
    ]);
    return { items: page.items.map((doc) => summary(doc, now)), ...(page.next ? { next: page.next } : {}), total, now: nowIso };
  }
}

@QueryHandler(GetTicketQuery)
export class GetTicketHandler implements IQueryHandler<GetTicketQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(HOTLINE_SETTINGS) private readonly settings?: HotlineSettings,
  ) {}

  async execute({ viewer, ticketId }: GetTicketQuery) {
    const doc = await visibleTicket(this.documents, viewer, ticketId);
    if (!doc) return noSuchTicket();
    const [master, steps] = await Promise.all([
      doc.mergedInto ? this.documents.get<TicketDoc>(TICKETS, doc.mergedInto.ticketId) : undefined,
      namedSteps(this.documents, doc.steps),
    ]);
    return detail(doc, viewer, this.clock.now(), (this.settings ?? DEFAULT_HOTLINE_SETTINGS).limits.maxReturns, steps, master);
  }
}

/** The ticket, if the viewer may see it; another department's ticket is answered as not found. */
export async function visibleTicket(documents: DocumentStore, viewer: Viewer, ticketId: string): Promise<TicketDoc | undefined> {
  const scope = ticketScope(viewer);
  if (!scope) return undefined;
  return (await documents.find<TicketDoc>(TICKETS, { $and: [scope, { _id: ticketId }] }, { limit: 1 })).items[0];
}

/** One event of a ticket's stream as the history shows it. */
export interface TicketHistoryEntry {
  revision: number;
  position: number;
  type: string;
  data: unknown;
  actorId: string | null;
  actorRole: string | null;
  actorDepartment: string | null;
  occurredAt: string;
  hash: string | null;
}

export class TicketHistoryQuery extends Query<TicketHistoryEntry[] | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly ticketId: string,
  ) {
    super();
  }
}

/** Every event of the ticket's stream, for those who see the ticket; callers masked unless they may see them. */
@QueryHandler(TicketHistoryQuery)
export class TicketHistoryHandler implements IQueryHandler<TicketHistoryQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async execute({ viewer, ticketId }: TicketHistoryQuery) {
    const doc = await visibleTicket(this.documents, viewer, ticketId);
    if (!doc) return noSuchTicket();
    const full = seesCaller(doc, viewer);
    const events = await this.events.readStream(ticketStreamId(ticketId));
    return events.map((e) => ({
      revision: e.revision,
      position: e.position,
      type: e.type,
      data: full ? e.data : maskEventData(e.data),
      actorId: e.metadata.actorId ?? null,
      actorRole: e.metadata.actorRole ?? null,
      actorDepartment: e.metadata.actorDepartment ?? null,
      occurredAt: e.metadata.occurredAt ?? e.recordedAt,
      hash: e.metadata.hash ?? null,
    }));
  }
}

/** Callers inside event data (the registration, a merged duplicate), masked: name, phone, address and the exact point. */
function maskEventData(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const record = data as Record<string, unknown>;
  const out: Record<string, unknown> = { ...record };
  if (record.caller && typeof record.caller === 'object') out.caller = maskCaller(record.caller as Caller);
  if (typeof record.address === 'string') out.address = redactAddress(record.address);
  if (isPoint(record.location)) out.location = coarseLocation(record.location);
  if (record.duplicate && typeof record.duplicate === 'object') out.duplicate = maskEventData(record.duplicate);
  return out;
}

const isPoint = (value: unknown): value is { lat: number; long: number } =>
  typeof value === 'object' && value !== null && typeof (value as { lat?: unknown }).lat === 'number' && typeof (value as { long?: unknown }).long === 'number';

/** 来电历史: the earlier tickets of a phone number, for the operator taking the call; a list, so the caller stays masked. */
export class CallerHistoryQuery extends Query<{ items: (TicketSummary & { content: string })[]; total: number }> {
  constructor(readonly phone: string) {
    super();
  }
}

@QueryHandler(CallerHistoryQuery)
export class CallerHistoryHandler implements IQueryHandler<CallerHistoryQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ phone }: CallerHistoryQuery) {
    const digits = normalisePhone(phone);
    if (!digits) return { items: [], total: 0 };
    const where = { callerPhone: digits };
    const [page, total] = await Promise.all([this.documents.find<TicketDoc>(TICKETS, where, { sort: { registeredAt: -1 }, limit: 50 }), this.documents.count(TICKETS, where)]);
    const now = this.clock.now();
    return { items: page.items.map((doc) => ({ ...summary(doc, now), content: doc.content })), total };
  }
}

/** 重复诉求: open tickets likely to be the same matter, before the operator registers a new one. */
export class FindDuplicatesQuery extends Query<{ items: DuplicateCandidate[]; windowDays: number }> {
  constructor(readonly probe: DuplicateProbe) {
    super();
  }
}

@QueryHandler(FindDuplicatesQuery)
export class FindDuplicatesHandler implements IQueryHandler<FindDuplicatesQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(HOTLINE_SETTINGS) private readonly settings?: HotlineSettings,
  ) {}

  async execute({ probe }: FindDuplicatesQuery) {
    const settings = this.settings ?? DEFAULT_HOTLINE_SETTINGS;
    return { items: await findDuplicates(this.documents, this.clock.now(), settings, probe), windowDays: settings.duplicateWindowDays };
  }
}

/** 派单建议: the department that signed for most tickets of this category in this district. */
export class DispatchSuggestionQuery extends Query<{ department: string; count: number } | null> {
  constructor(
    readonly categoryCode: string,
    readonly districtCode: string,
  ) {
    super();
  }
}

@QueryHandler(DispatchSuggestionQuery)
export class DispatchSuggestionHandler implements IQueryHandler<DispatchSuggestionQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  execute({ categoryCode, districtCode }: DispatchSuggestionQuery) {
    return dispatchSuggestion(this.documents, categoryCode, districtCode);
  }
}

/** Where a request stands, for the citizen who has its number: no personal data. */
export interface PublicTicketStatus {
  number: string;
  type: TicketType;
  typeLabel: { zh: string; en: string };
  category: readonly string[];
  district: string;
  status: TicketStatus;
  statusLabel: { zh: string; en: string };
  registeredAt: string;
  /** Merged into another ticket: its number; the outcome below is that ticket's. */
  mergedInto?: string;
  answer?: { content: string; at: string };
  reply?: { content: string; at: string };
  closedAt?: string;
}

export class PublicTicketStatusQuery extends Query<PublicTicketStatus | DomainError> {
  constructor(readonly number: string) {
    super();
  }
}

@QueryHandler(PublicTicketStatusQuery)
export class PublicTicketStatusHandler implements IQueryHandler<PublicTicketStatusQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ number }: PublicTicketStatusQuery): Promise<PublicTicketStatus | DomainError> {
    const [doc] = (await this.documents.find<TicketDoc>(TICKETS, { number }, { limit: 1 })).items;
    if (!doc) return notFound('ticket.not_found', '没有该编号的诉求', 'No request with this number');
    const master = doc.mergedInto ? await this.documents.get<TicketDoc>(TICKETS, doc.mergedInto.ticketId) : undefined;
    const outcome = master ?? doc;
    // Department replies may name people or numbers by mistake: the public page masks what it finds,
    // of this ticket's caller, the master's, and every caller merged into it.
    const callers = [outcome, doc, ...outcome.merged].map(({ caller, address }) => ({ caller, ...(address ? { address } : {}) }));
    const clean = (text: string) => callers.reduce((t, facts) => redactPersonalData(t, facts), text);
    const replied = ['replied', 'closed', 'archived'].includes(outcome.status);
    // 举报 stay confidential, as in Open311: only what the center published anonymised is shown.
    const confidential = outcome.type === 'report';
    const published = outcome.published;
    return {
      number: doc.number,
      type: doc.type,
      typeLabel: TICKET_TYPE_LABELS[doc.type],
      category: doc.category.pathNames,
      district: doc.district.name,
      status: outcome.status,
      statusLabel: ticketStatusLabel(outcome.status),
      registeredAt: doc.registeredAt,
      ...(doc.mergedInto ? { mergedInto: doc.mergedInto.number } : {}),
      ...(outcome.answer && !confidential ? { answer: { content: clean(outcome.answer.content), at: outcome.answer.at } } : {}),
      ...(replied && outcome.reply && !confidential ? { reply: { content: clean(outcome.reply.content), at: outcome.reply.at } } : {}),
      ...(confidential && published ? { reply: { content: published.reply, at: published.at } } : {}),
      ...(outcome.closedAt ? { closedAt: outcome.closedAt } : {}),
    };
  }
}

/** 公开答复: anonymised questions and replies, newest first. */
export class ListPublishedTicketsQuery extends Query<{ items: { id: string; title: string; content: string; reply: string; category: readonly string[]; district: string; type: TicketType; publishedAt: string }[]; next?: string; total: number }> {
  constructor(
    readonly limit = 20,
    readonly after?: string,
    readonly category?: string,
  ) {
    super();
  }
}

@QueryHandler(ListPublishedTicketsQuery)
export class ListPublishedTicketsHandler implements IQueryHandler<ListPublishedTicketsQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ limit, after, category }: ListPublishedTicketsQuery) {
    const where: Filter = { $and: [{ publishedAt: { $exists: true } }, ...(category ? [{ categoryPath: { $elemMatch: { code: category } } }] : [])] };
    const [page, total] = await Promise.all([
      this.documents.find<TicketDoc>(TICKETS, where, { sort: { publishedAt: -1 }, limit, ...(after ? { after } : {}) }),
      this.documents.count(TICKETS, where),
    ]);
    const items = page.items.map((doc) => ({
      // The ticket id, not its number: the number would lead to the status page of one citizen's request.
      id: doc.ticketId,
      title: doc.published!.title,
      content: doc.published!.content,
      reply: doc.published!.reply,
      category: doc.category.pathNames,
      district: doc.district.name,
      type: doc.type,
      publishedAt: doc.published!.at,
    }));
    return { items, ...(page.next ? { next: page.next } : {}), total };
  }
}

export const ticketQueryHandlers = [
  ListTicketsHandler,
  GetTicketHandler,
  TicketHistoryHandler,
  CallerHistoryHandler,
  FindDuplicatesHandler,
  DispatchSuggestionHandler,
  PublicTicketStatusHandler,
  ListPublishedTicketsHandler,
];
