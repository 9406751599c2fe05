import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CASE_ROLES, caseLight, type Applicant } from '../../domain/cases/index.js';
import { localDate } from '../../domain/shared/calendar.js';
import { notFound, type DomainError } from '../../domain/shared/errors.js';
import { maskIdNumber, maskName } from '../../domain/shared/masking.js';
import type { Bilingual } from '../../domain/shared/messages.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore, Filter, StoredDocument } from '../ports/document-store.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import { CLOCK, DOCUMENT_STORE, EVENT_STORE } from '../ports/tokens.js';
import { caseScope, readsEverything, type Viewer } from '../viewer.js';

export interface CaseDoc {
  caseId: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: string;
  channel: string;
  applicant: Applicant;
  applicantId: string | null;
  formData: Record<string, unknown>;
  status: 'submitted' | 'accepted' | 'granted' | 'denied' | 'completed';
  submittedAt: string;
  acceptedAt?: string;
  dueDate?: string;
  warningDate?: string;
  decidedAt?: string;
  completedAt?: string;
  denialReasons?: string[];
  appealRights?: string;
  updatedAt: string;
  timeline: { at: string; type: string; actorId: string | null; actorRole: string | null; summary: Bilingual }[];
}

export interface CaseListFilter {
  readonly status?: CaseDoc['status'];
  readonly department?: string;
  /** yellow: in the warning period; red: past due and still undecided. */
  readonly light?: 'yellow' | 'red';
  readonly limit?: number;
  readonly after?: string;
}

export class ListCasesQuery extends Query<{ items: ReturnType<typeof summary>[]; next?: string; total: number }> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: CaseListFilter,
  ) {
    super();
  }
}

export class GetCaseQuery extends Query<ReturnType<typeof detail> | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly caseId: string,
  ) {
    super();
  }
}

export class CaseHistoryQuery extends Query<RecordedEvent[] | DomainError> {
  constructor(readonly caseId: string) {
    super();
  }
}

type Names = ReadonlyMap<string, string>;

/** A row of the staff case list: personal data masked. */
function summary(doc: CaseDoc, today: string, departments: Names) {
  return {
    caseId: doc.caseId,
    caseNo: doc.caseNo,
    itemCode: doc.itemCode,
    itemName: doc.itemName,
    department: doc.department,
    departmentName: departments.get(doc.department) ?? doc.department,
    applicantName: maskName(doc.applicant.name, doc.applicant.kind),
    status: doc.status,
    channel: doc.channel,
    submittedAt: doc.submittedAt,
    acceptedAt: doc.acceptedAt,
    dueDate: doc.dueDate,
    light: doc.dueDate ? caseLight({ dueDate: doc.dueDate, ...(doc.warningDate ? { warningDate: doc.warningDate } : {}), ...(doc.decidedAt ? { decidedAt: doc.decidedAt } : {}) }, today) : null,
    updatedAt: doc.updatedAt,
  };
}

/** Steps the viewer could take now; the command side decides again when they do. */
function allowedActions(doc: CaseDoc, viewer: Viewer): string[] {
  const inDepartment = viewer.department === doc.department;
  const has = (roles: readonly string[]) => inDepartment && viewer.roles.some((r) => roles.includes(r));
  if (doc.status === 'submitted' && has(CASE_ROLES.accept)) return ['accept'];
  if (doc.status === 'accepted' && has(CASE_ROLES.decide)) return ['grant', 'deny'];
  if ((doc.status === 'granted' || doc.status === 'denied') && has(CASE_ROLES.complete)) return ['complete'];
  return [];
}

/** The case in full for its handlers and its applicant; masked identity for read-only viewers. */
function detail(doc: CaseDoc, viewer: Viewer, today: string, departments: Names) {
  const handles = viewer.department === doc.department || doc.applicantId === viewer.userId;
  const applicant: Applicant = handles
    ? doc.applicant
    : {
        kind: doc.applicant.kind,
        name: maskName(doc.applicant.name, doc.applicant.kind),
        ...(doc.applicant.idNumber ? { idNumber: maskIdNumber(doc.applicant.idNumber) } : {}),
        ...(doc.applicant.creditCode ? { creditCode: doc.applicant.creditCode } : {}),
      };
  const decision =
    doc.status === 'granted' || doc.status === 'denied' || doc.decidedAt
      ? { granted: doc.denialReasons === undefined, ...(doc.denialReasons ? { reasons: doc.denialReasons, appealRights: doc.appealRights } : {}), decidedAt: doc.decidedAt }
      : undefined;
  return {
    ...summary(doc, today, departments),
    applicant,
    formData: doc.formData,
    warningDate: doc.warningDate,
    decidedAt: doc.decidedAt,
    completedAt: doc.completedAt,
    ...(decision ? { decision } : {}),
    timeline: doc.timeline.map(({ at, type, actorRole, summary: s }) => ({ at, type, actorRole, summary: s })),
    allowedActions: allowedActions(doc, viewer),
  };
}

abstract class CaseReader {
  constructor(
    protected readonly documents: DocumentStore,
    protected readonly clock: Clock,
  ) {}

  protected today(): string {
    return localDate(this.clock.now());
  }

  protected async departmentNames(): Promise<Names> {
    const page = await this.documents.find<{ code: string; name: string }>('departments', {}, { limit: 1000, fields: ['code', 'name'] });
    return new Map(page.items.map((d) => [d.code, d.name]));
  }
}

@QueryHandler(ListCasesQuery)
export class ListCasesHandler extends CaseReader implements IQueryHandler<ListCasesQuery> {
  constructor(@Inject(DOCUMENT_STORE) documents: DocumentStore, @Inject(CLOCK) clock: Clock) {
    super(documents, clock);
  }

  async execute({ viewer, filter }: ListCasesQuery) {
    const scope = caseScope(viewer);
    if (!scope) return { items: [], total: 0 };
    const today = this.today();
    const clauses: Filter[] = [scope];
    if (filter.status) clauses.push({ status: filter.status });
    if (filter.department) clauses.push({ department: filter.department });
    if (filter.light === 'red') clauses.push({ status: 'accepted', dueDate: { $lt: today } });
    if (filter.light === 'yellow') clauses.push({ status: 'accepted', warningDate: { $lte: today }, dueDate: { $gte: today } });
    const where: Filter = { $and: clauses };
    const [page, total, names] = await Promise.all([
      this.documents.find<CaseDoc>('cases', where, {
        sort: { submittedAt: -1 },
        limit: filter.limit ?? 20,
        ...(filter.after ? { after: filter.after } : {}),
        fields: ['caseId', 'caseNo', 'itemCode', 'itemName', 'department', 'applicant', 'status', 'channel', 'submittedAt', 'acceptedAt', 'dueDate', 'warningDate', 'decidedAt', 'updatedAt'],
      }),
      this.documents.count('cases', where),
      this.departmentNames(),
    ]);
    return { items: page.items.map((doc) => summary(doc, today, names)), ...(page.next ? { next: page.next } : {}), total };
  }
}

@QueryHandler(GetCaseQuery)
export class GetCaseHandler extends CaseReader implements IQueryHandler<GetCaseQuery> {
  constructor(@Inject(DOCUMENT_STORE) documents: DocumentStore, @Inject(CLOCK) clock: Clock) {
    super(documents, clock);
  }

  async execute({ viewer, caseId }: GetCaseQuery) {
    const doc = await this.documents.get<CaseDoc>('cases', caseId);
    // Another department's case answers as if it did not exist: its existence is not to be probed.
    if (!doc || !visibleTo(doc, viewer)) return notFound('case.not_found', '办件不存在', 'No such case');
    return detail(doc, viewer, this.today(), await this.departmentNames());
  }
}

export function visibleTo(doc: Pick<CaseDoc, 'department' | 'applicantId'>, viewer: Viewer): boolean {
  if (readsEverything(viewer)) return true;
  const scope = caseScope(viewer);
  if (!scope) return false;
  return (viewer.department === doc.department && !viewer.roles.every((r) => r === 'applicant')) || doc.applicantId === viewer.userId;
}

/** The case's stream as stored, for auditors: every event with who, when and why, hash-checked. */
@QueryHandler(CaseHistoryQuery)
export class CaseHistoryHandler implements IQueryHandler<CaseHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ caseId }: CaseHistoryQuery) {
    const events = await this.events.readStream(`case-${caseId}`);
    return events.length ? events : notFound('case.not_found', '办件不存在', 'No such case');
  }
}

export const caseQueryHandlers = [ListCasesHandler, GetCaseHandler, CaseHistoryHandler];

/** Helper for the command side's answers: the case as the viewer now sees it. */
export type CaseDetail = ReturnType<typeof detail>;
export type { StoredDocument };
