import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DELIVERY_METHODS, type DeliveryMethod, type Fee, type Material, type WorkflowStep } from '../../domain/catalog/index.js';
import { CASE_ROLES, caseLight, stepsToReview, SUSPENSION_CAUSES, type Applicant, type CaseAction, type CaseStatus, type ProvidedMaterial } from '../../domain/cases/index.js';
import type { Role } from '../../domain/identity/roles.js';
import { localDate } from '../../domain/shared/calendar.js';
import { notFound, type DomainError } from '../../domain/shared/errors.js';
import { maskIdNumber, maskName } from '../../domain/shared/masking.js';
import type { Bilingual } from '../../domain/shared/messages.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore, Filter, StoredDocument } from '../ports/document-store.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import { CLOCK, DOCUMENT_STORE, EVENT_STORE } from '../ports/tokens.js';
import { caseScope, readsEverything, type Viewer } from '../viewer.js';
import type {
  CaseDetail,
  CasePage,
  CaseSummary,
  Certificate,
  Extension,
  InboxRow,
  PreReview,
  Refusal,
  Review,
  SupplementNotice,
  Suspension,
  Termination,
  TimelineEntry,
  Withdrawal,
} from './case-views.js';

/** A case as the cases-view projection stores it (projections/cases-view.ts). */
export interface CaseDoc {
  caseId: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  itemVersion?: number;
  department: string;
  handling?: 'single' | 'joint';
  itemMaterials?: Material[];
  workflow?: WorkflowStep[];
  deliveryOptions?: DeliveryMethod[];
  feeRule?: Fee;
  channel: string;
  applicant: Applicant;
  applicantId: string | null;
  formData: Record<string, unknown>;
  materials?: ProvidedMaterial[];
  deliveryMethod?: DeliveryMethod;
  status: Exclude<CaseStatus, 'none'>;
  submittedAt: string;
  receivedAt?: string;
  noticeDeadline?: string;
  noticeGiven?: boolean;
  supplement?: SupplementNotice;
  refusal?: Refusal;
  preReview?: PreReview & { actorId: string | null };
  acceptedAt?: string;
  startDate?: string;
  deemedFromReceipt?: boolean;
  limitDays?: number;
  dueDate?: string;
  warningDate?: string;
  suspendedDays?: number;
  suspension?: Suspension;
  extension?: Extension;
  reviews?: (Review & { actorId: string | null })[];
  decidedAt?: string;
  onTime?: boolean;
  workingDaysUsed?: number;
  certificateDueDate?: string;
  denialReasons?: string[];
  appealRights?: Bilingual;
  fee?: { amountCents: number; quantity?: number; assessedAt: string; paidAt?: string; receiptNo?: string };
  certificate?: Certificate;
  delivery?: { method: DeliveryMethod; trackingNo?: string; deliveredAt: string; onTime?: boolean };
  completedAt?: string;
  withdrawal?: Withdrawal;
  termination?: Termination;
  deadline?: string;
  /** The bundle (并联审批) this case is a sub-case of. */
  bundleId?: string;
  updatedAt: string;
  timeline: (TimelineEntry & { actorId: string | null })[];
}

export interface CaseListFilter {
  readonly status?: CaseDoc['status'];
  readonly department?: string;
  /** yellow: in the warning period; red: past due and still undecided. */
  readonly light?: 'yellow' | 'red';
  readonly limit?: number;
  readonly after?: string;
}

export class ListCasesQuery extends Query<CasePage> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: CaseListFilter,
  ) {
    super();
  }
}

/** The viewer's work: cases of their department waiting for a step their role takes, the nearest deadline first. */
export class CaseInboxQuery extends Query<CasePage<InboxRow>> {
  constructor(
    readonly viewer: Viewer,
    readonly page: { readonly limit?: number; readonly after?: string },
  ) {
    super();
  }
}

export class GetCaseQuery extends Query<CaseDetail | DomainError> {
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

/** Ended without a decision: no clock to show a light for. */
const ENDED_UNDECIDED: readonly string[] = ['refused', 'withdrawn', 'terminated'];

function lightOf(doc: Pick<CaseDoc, 'status' | 'dueDate' | 'warningDate' | 'decidedAt' | 'suspension'>, today: string) {
  if (!doc.dueDate || ENDED_UNDECIDED.includes(doc.status)) return null;
  return caseLight(
    {
      dueDate: doc.dueDate,
      ...(doc.warningDate ? { warningDate: doc.warningDate } : {}),
      ...(doc.decidedAt ? { decidedAt: doc.decidedAt } : {}),
      ...(doc.suspension ? { suspendedDate: doc.suspension.sinceDate } : {}),
    },
    today,
  );
}

/** A row of the staff case list: personal data masked. */
function summary(doc: CaseDoc, today: string, departments: Names): CaseSummary {
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
    light: lightOf(doc, today),
    updatedAt: doc.updatedAt,
  };
}

/** The workflow's review steps the case still waits for before a decision (the decider's rule, on the view). */
const reviewsToDo = (doc: CaseDoc): string[] => stepsToReview(doc.workflow ?? [], (doc.reviews ?? []).map((r) => r.step));

const BEFORE_DECISION: readonly string[] = ['submitted', 'supplement_requested', 'accepted', 'suspended'];

/** Steps the viewer could take now; the command side decides again when they do. */
export function allowedActions(doc: CaseDoc, viewer: Viewer, today: string): CaseAction[] {
  const inDepartment = viewer.department === doc.department;
  const staff = (roles: readonly Role[]) => inDepartment && viewer.roles.some((r) => roles.includes(r));
  const own = doc.applicantId === viewer.userId && viewer.roles.includes('applicant');
  const may = (roles: readonly Role[]) => (roles.includes('applicant') && own) || staff(roles.filter((r) => r !== 'applicant'));
  const steps = new Set((doc.workflow ?? []).map((s) => s.kind));
  const feeSettled = (doc.feeRule?.kind ?? 'free') === 'free' || doc.fee?.paidAt !== undefined;
  const withinLimit = !doc.dueDate || today <= doc.dueDate;
  const out: CaseAction[] = [];
  const add = (action: CaseAction, when: boolean) => {
    if (when) out.push(action);
  };
  switch (doc.status) {
    case 'submitted': {
      const pastNotice = doc.noticeDeadline !== undefined && today > doc.noticeDeadline;
      const complete = missingMaterials(doc).length === 0;
      // An online application is pre-reviewed first, unless the law already counts it as accepted.
      const awaitsPreReview = doc.channel === 'online' && !doc.preReview && !pastNotice;
      add('pre-review', staff(CASE_ROLES.preReview) && awaitsPreReview && complete);
      add('accept', staff(CASE_ROLES.accept) && !awaitsPreReview && (pastNotice || complete));
      add('request-supplement', staff(CASE_ROLES.requestSupplement) && !doc.noticeGiven && !pastNotice);
      add('refuse', staff(CASE_ROLES.refuse));
      break;
    }
    case 'supplement_requested':
      add('supplement', may(CASE_ROLES.supplement));
      add('refuse', staff(CASE_ROLES.refuse));
      break;
    case 'accepted': {
      const reviewed = reviewsToDo(doc).length === 0;
      add('review', staff(CASE_ROLES.review) && steps.has('review'));
      add('request-supplement', staff(CASE_ROLES.requestSupplementInReview) && withinLimit);
      add('suspend', staff(CASE_ROLES.suspend) && withinLimit);
      add('extend', staff(CASE_ROLES.extend) && !doc.extension && withinLimit);
      // A decision waits for an opinion at every review step of the workflow.
      add('grant', staff(CASE_ROLES.decide) && reviewed);
      add('deny', staff(CASE_ROLES.decide) && reviewed);
      break;
    }
    case 'suspended':
      add('supplement', doc.suspension?.cause === 'supplement' && may(CASE_ROLES.supplement));
      add('resume', doc.suspension?.cause !== 'supplement' && staff(CASE_ROLES.suspend));
      add('extend', staff(CASE_ROLES.extend) && !doc.extension);
      break;
    case 'granted':
      add('assess-fee', staff(CASE_ROLES.fee) && (doc.feeRule?.kind ?? 'free') !== 'free' && !doc.fee);
      add('pay-fee', staff(CASE_ROLES.fee) && doc.fee !== undefined && !doc.fee.paidAt);
      add('issue-certificate', staff(CASE_ROLES.certify) && steps.has('certify') && feeSettled);
      add('deliver', staff(CASE_ROLES.deliver) && !steps.has('certify') && steps.has('deliver') && feeSettled);
      add('complete', staff(CASE_ROLES.complete) && !steps.has('certify') && !steps.has('deliver') && feeSettled);
      break;
    case 'certificate_issued':
      add('deliver', staff(CASE_ROLES.deliver) && steps.has('deliver'));
      add('complete', staff(CASE_ROLES.complete) && !steps.has('deliver'));
      break;
    case 'delivered':
    case 'denied':
      add('complete', staff(CASE_ROLES.complete));
      break;
    default:
      break;
  }
  if (BEFORE_DECISION.includes(doc.status)) {
    add('withdraw', may(CASE_ROLES.withdraw));
    add('terminate', staff(CASE_ROLES.terminate));
  }
  return out;
}

/** Required materials of the case's item version with no file handed in: what a supplement notice must list. */
function missingMaterials(doc: CaseDoc): string[] {
  const provided = new Set((doc.materials ?? []).map((m) => m.material));
  return (doc.itemMaterials ?? []).filter((m) => m.required && !provided.has(m.name)).map((m) => m.name);
}

/** The case in full for its handlers and its applicant; masked identity for read-only viewers. */
function detail(doc: CaseDoc, viewer: Viewer, today: string, departments: Names): CaseDetail {
  const handles = viewer.department === doc.department || doc.applicantId === viewer.userId;
  const mask = <T extends { kind: 'person' | 'enterprise'; name: string; idNumber?: string; creditCode?: string }>(who: T) =>
    handles
      ? who
      : {
          kind: who.kind,
          name: maskName(who.name, who.kind),
          ...(who.idNumber ? { idNumber: maskIdNumber(who.idNumber) } : {}),
          ...(who.creditCode ? { creditCode: who.creditCode } : {}),
        };
  const decision =
    doc.decidedAt !== undefined
      ? {
          granted: doc.denialReasons === undefined,
          ...(doc.denialReasons ? { reasons: doc.denialReasons, appealRights: doc.appealRights } : {}),
          decidedAt: doc.decidedAt,
          onTime: doc.onTime,
          workingDaysUsed: doc.workingDaysUsed,
        }
      : undefined;
  const clock = doc.acceptedAt
    ? {
        acceptedAt: doc.acceptedAt,
        startDate: doc.startDate,
        deemedFromReceipt: doc.deemedFromReceipt ?? false,
        limitDays: doc.limitDays,
        dueDate: doc.dueDate,
        warningDate: doc.warningDate,
        suspendedDays: doc.suspendedDays ?? 0,
        suspension: doc.suspension ? { ...doc.suspension, label: SUSPENSION_CAUSES[doc.suspension.cause] } : null,
        extension: doc.extension ?? null,
      }
    : null;
  const feeRule = doc.feeRule ?? { kind: 'free' as const };
  return {
    ...summary(doc, today, departments),
    itemVersion: doc.itemVersion ?? null,
    bundleId: doc.bundleId ?? null,
    applicant: mask(doc.applicant),
    formData: doc.formData,
    receivedAt: doc.receivedAt ?? doc.submittedAt,
    noticeDeadline: doc.noticeDeadline ?? null,
    materials: doc.materials ?? [],
    itemMaterials: doc.itemMaterials ?? [],
    missingMaterials: missingMaterials(doc),
    supplementNotice: doc.supplement ?? null,
    refusal: doc.refusal ?? null,
    preReview: doc.preReview ? { opinion: doc.preReview.opinion, at: doc.preReview.at } : null,
    warningDate: doc.warningDate,
    clock,
    workflow: doc.workflow ?? [],
    reviews: (doc.reviews ?? []).map(({ step, opinion, at }) => ({ step, opinion, at })),
    reviewsToDo: reviewsToDo(doc),
    decidedAt: doc.decidedAt,
    ...(decision ? { decision } : {}),
    fee: { rule: feeRule, ...(doc.fee ?? {}) },
    certificate: doc.certificate ? { ...doc.certificate, holder: mask(doc.certificate.holder) } : null,
    certificateDueDate: doc.certificateDueDate ?? null,
    delivery: {
      options: (doc.deliveryOptions ?? ['window']).map((method) => ({ method, label: DELIVERY_METHODS[method] })),
      chosen: doc.deliveryMethod ?? null,
      ...(doc.delivery ?? {}),
    },
    completedAt: doc.completedAt,
    withdrawal: doc.withdrawal ?? null,
    termination: doc.termination ?? null,
    timeline: doc.timeline.map(({ at, type, actorRole, summary: s }) => ({ at, type, actorRole, summary: s })),
    allowedActions: allowedActions(doc, viewer, today),
  };
}

/** A row of the work inbox: the list row, the deadline it is sorted by, and what the viewer can do. */
function inboxRow(doc: CaseDoc, viewer: Viewer, today: string, departments: Names): InboxRow {
  return { ...summary(doc, today, departments), deadline: doc.deadline ?? null, allowedActions: allowedActions(doc, viewer, today) };
}

/** Which cases wait for whom: the statuses in which each department role has a step to take. */
const INBOX_STATUSES: Partial<Record<Role, readonly CaseDoc['status'][]>> = {
  window_staff: ['submitted', 'granted', 'certificate_issued', 'delivered', 'denied'],
  reviewer: ['accepted', 'suspended'],
  department_head: ['accepted', 'suspended'],
};

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

const LIST_FIELDS = [
  'caseId',
  'caseNo',
  'itemCode',
  'itemName',
  'department',
  'applicant',
  'status',
  'channel',
  'submittedAt',
  'acceptedAt',
  'dueDate',
  'warningDate',
  'decidedAt',
  'suspension',
  'updatedAt',
];

@QueryHandler(ListCasesQuery)
export class ListCasesHandler extends CaseReader implements IQueryHandler<ListCasesQuery> {
  constructor(@Inject(DOCUMENT_STORE) documents: DocumentStore, @Inject(CLOCK) clock: Clock) {
    super(documents, clock);
  }

  async execute({ viewer, filter }: ListCasesQuery): Promise<CasePage> {
    const scope = caseScope(viewer);
    if (!scope) return { items: [], total: 0 };
    const today = this.today();
    const clauses: Filter[] = [scope];
    if (filter.status) clauses.push({ status: filter.status });
    if (filter.department) clauses.push({ department: filter.department });
    // A suspended clock stands still, its light as it was the day it stopped (never red: the clock
    // cannot stop past its due date); running clocks turn yellow or red by today.
    if (filter.light === 'red') clauses.push({ status: 'accepted', dueDate: { $lt: today } });
    if (filter.light === 'yellow') {
      clauses.push({ $or: [{ status: 'accepted', warningDate: { $lte: today }, dueDate: { $gte: today } }, { status: 'suspended', 'suspension.light': 'yellow' }] });
    }
    const where: Filter = { $and: clauses };
    const [page, total, names] = await Promise.all([
      this.documents.find<CaseDoc>('cases', where, { sort: { submittedAt: -1 }, limit: filter.limit ?? 20, ...(filter.after ? { after: filter.after } : {}), fields: LIST_FIELDS }),
      this.documents.count('cases', where),
      this.departmentNames(),
    ]);
    return { items: page.items.map((doc) => summary(doc, today, names)), ...(page.next ? { next: page.next } : {}), total };
  }
}

@QueryHandler(CaseInboxQuery)
export class CaseInboxHandler extends CaseReader implements IQueryHandler<CaseInboxQuery> {
  constructor(@Inject(DOCUMENT_STORE) documents: DocumentStore, @Inject(CLOCK) clock: Clock) {
    super(documents, clock);
  }

  async execute({ viewer, page: { limit, after } }: CaseInboxQuery): Promise<CasePage<InboxRow>> {
    const statuses = [...new Set(viewer.roles.flatMap((r) => INBOX_STATUSES[r] ?? []))];
    if (!viewer.department || statuses.length === 0) return { items: [], total: 0 };
    const where: Filter = { $and: [{ department: viewer.department }, { status: { $in: statuses } }, { deadline: { $exists: true } }] };
    const today = this.today();
    const [found, total, names] = await Promise.all([
      this.documents.find<CaseDoc>('cases', where, { sort: { deadline: 1, submittedAt: 1 }, limit: limit ?? 20, ...(after ? { after } : {}) }),
      this.documents.count('cases', where),
      this.departmentNames(),
    ]);
    return { items: found.items.map((doc) => inboxRow(doc, viewer, today, names)), ...(found.next ? { next: found.next } : {}), total };
  }
}

@QueryHandler(GetCaseQuery)
export class GetCaseHandler extends CaseReader implements IQueryHandler<GetCaseQuery> {
  constructor(@Inject(DOCUMENT_STORE) documents: DocumentStore, @Inject(CLOCK) clock: Clock) {
    super(documents, clock);
  }

  async execute({ viewer, caseId }: GetCaseQuery): Promise<CaseDetail | DomainError> {
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

export const caseQueryHandlers = [ListCasesHandler, CaseInboxHandler, GetCaseHandler, CaseHistoryHandler];
export type { StoredDocument };
