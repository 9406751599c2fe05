import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { BUNDLE_ROLES, type BundleStatus, type SubCaseOutcome } from '../../domain/bundles/index.js';
import type { Applicant } from '../../domain/cases/index.js';
import { DEPARTMENT_ROLES, type Role } from '../../domain/identity/roles.js';
import { localDate } from '../../domain/shared/calendar.js';
import { notFound, type DomainError } from '../../domain/shared/errors.js';
import { maskIdNumber, maskName } from '../../domain/shared/masking.js';
import type { Bilingual } from '../../domain/shared/messages.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore, Filter } from '../ports/document-store.js';
import { CLOCK, DOCUMENT_STORE } from '../ports/tokens.js';
import { readsEverything, type Viewer } from '../viewer.js';

/** One item's sub-case as the bundles view stores it (projections/bundles-view.ts). */
interface SubCaseDoc {
  itemCode: string;
  itemName: string;
  itemVersion: number;
  department: string;
  status: string;
  caseId?: string;
  caseNo?: string;
  outcome?: SubCaseOutcome;
  refusal?: { code: string; reason: Bilingual };
  acceptedAt?: string;
  decidedAt?: string;
  completedAt?: string;
}

export interface BundleDoc {
  bundleId: string;
  bundleNo: string;
  status: Exclude<BundleStatus, 'none'>;
  complete: boolean;
  leadDepartment: string;
  departments: { code: string }[];
  applicant: Applicant;
  applicantId: string | null;
  channel: string;
  itemCodes: string[];
  subCases: Record<string, SubCaseDoc>;
  submittedAt: string;
  acceptedAt?: string;
  startDate?: string;
  limitDays?: number;
  dueDate?: string;
  warningDate?: string;
  legalBasis?: string;
  extension?: { days: number; reason: string; at: string; legalBasis: string };
  completedAt?: string;
  delivery?: { department: string; deliveredAt: string };
  updatedAt: string;
  timeline: { at: string; type: string; actorRole: string | null; summary: Bilingual }[];
}

/** Steps the API offers on a bundle (POST /api/bundles/:id/<action>). */
export type BundleAction = 'extend' | 'deliver';

type Names = ReadonlyMap<string, string>;

/**
 * The bundles a viewer may see: supervisors, auditors, leaders and admins every one; department
 * staff those with an item of their department; applicants their own. `undefined`: none.
 */
export function bundleScope(viewer: Viewer): Filter | undefined {
  if (readsEverything(viewer)) return {};
  const ors: Filter[] = [];
  if (viewer.department && viewer.roles.some((r) => DEPARTMENT_ROLES.includes(r))) ors.push({ departments: { $elemMatch: { code: viewer.department } } });
  if (viewer.roles.includes('applicant')) ors.push({ applicantId: viewer.userId });
  if (ors.length === 0) return undefined;
  return ors.length === 1 ? ors[0] : { $or: ors };
}

function visibleTo(doc: BundleDoc, viewer: Viewer): boolean {
  if (readsEverything(viewer)) return true;
  const staff = viewer.department !== undefined && viewer.roles.some((r) => DEPARTMENT_ROLES.includes(r)) && doc.departments.some((d) => d.code === viewer.department);
  return staff || (viewer.roles.includes('applicant') && doc.applicantId === viewer.userId);
}

export class ListBundlesQuery extends Query<{ items: ReturnType<typeof summary>[]; next?: string; total: number }> {
  constructor(
    readonly viewer: Viewer,
    readonly page: { readonly status?: BundleDoc['status']; readonly limit?: number; readonly after?: string },
  ) {
    super();
  }
}

export class GetBundleQuery extends Query<ReturnType<typeof detail> | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly bundleId: string,
  ) {
    super();
  }
}

function items(doc: BundleDoc, departments: Names) {
  return doc.itemCodes.map((code) => {
    const s = doc.subCases[code]!;
    return {
      itemCode: s.itemCode,
      itemName: s.itemName,
      department: s.department,
      departmentName: departments.get(s.department) ?? s.department,
      caseId: s.caseId ?? null,
      caseNo: s.caseNo ?? null,
      status: s.status,
      outcome: s.outcome ?? null,
      ...(s.refusal ? { refusal: s.refusal } : {}),
    };
  });
}

function summary(doc: BundleDoc, departments: Names, today: string) {
  return {
    bundleId: doc.bundleId,
    bundleNo: doc.bundleNo,
    status: doc.status,
    complete: doc.complete,
    leadDepartment: doc.leadDepartment,
    leadDepartmentName: departments.get(doc.leadDepartment) ?? doc.leadDepartment,
    applicantName: maskName(doc.applicant.name, doc.applicant.kind),
    items: items(doc, departments),
    submittedAt: doc.submittedAt,
    acceptedAt: doc.acceptedAt ?? null,
    dueDate: doc.dueDate ?? null,
    /** Past the joint limit and not complete yet. */
    overdue: doc.dueDate !== undefined && !doc.complete && today > doc.dueDate,
    updatedAt: doc.updatedAt,
  };
}

/** Steps the viewer could take now; the command side decides again when they do. */
function allowedActions(doc: BundleDoc, viewer: Viewer, today: string): BundleAction[] {
  const lead = (roles: readonly Role[]) => viewer.department === doc.leadDepartment && viewer.roles.some((r) => roles.includes(r));
  const out: BundleAction[] = [];
  if (doc.status === 'accepted' && !doc.extension && doc.dueDate && today <= doc.dueDate && lead(BUNDLE_ROLES.extend)) out.push('extend');
  if (doc.status === 'completed' && lead(BUNDLE_ROLES.deliver)) out.push('deliver');
  return out;
}

function detail(doc: BundleDoc, viewer: Viewer, departments: Names, today: string) {
  const handles = doc.applicantId === viewer.userId || doc.departments.some((d) => d.code === viewer.department);
  const { kind, name, idNumber, creditCode } = doc.applicant;
  const applicant = handles ? doc.applicant : { kind, name: maskName(name, kind), ...(idNumber ? { idNumber: maskIdNumber(idNumber) } : {}), ...(creditCode ? { creditCode } : {}) };
  return {
    ...summary(doc, departments, today),
    applicant,
    channel: doc.channel,
    clock: doc.acceptedAt
      ? { acceptedAt: doc.acceptedAt, startDate: doc.startDate, limitDays: doc.limitDays, dueDate: doc.dueDate, warningDate: doc.warningDate, legalBasis: doc.legalBasis, extension: doc.extension ?? null }
      : null,
    completedAt: doc.completedAt ?? null,
    delivery: doc.delivery ?? null,
    timeline: doc.timeline,
    allowedActions: allowedActions(doc, viewer, today),
  };
}

abstract class BundleReader {
  constructor(
    protected readonly documents: DocumentStore,
    protected readonly clock: Clock,
  ) {}

  protected async departmentNames(): Promise<Names> {
    const page = await this.documents.find<{ code: string; name: string }>('departments', {}, { limit: 1000, fields: ['code', 'name'] });
    return new Map(page.items.map((d) => [d.code, d.name]));
  }
}

@QueryHandler(ListBundlesQuery)
export class ListBundlesHandler extends BundleReader implements IQueryHandler<ListBundlesQuery> {
  constructor(@Inject(DOCUMENT_STORE) documents: DocumentStore, @Inject(CLOCK) clock: Clock) {
    super(documents, clock);
  }

  async execute({ viewer, page }: ListBundlesQuery) {
    const scope = bundleScope(viewer);
    if (!scope) return { items: [], total: 0 };
    const where: Filter = page.status ? { $and: [scope, { status: page.status }] } : scope;
    const [found, total, names] = await Promise.all([
      this.documents.find<BundleDoc>('bundles', where, { sort: { submittedAt: -1 }, limit: page.limit ?? 20, ...(page.after ? { after: page.after } : {}) }),
      this.documents.count('bundles', where),
      this.departmentNames(),
    ]);
    const today = localDate(this.clock.now());
    return { items: found.items.map((doc) => summary(doc, names, today)), ...(found.next ? { next: found.next } : {}), total };
  }
}

@QueryHandler(GetBundleQuery)
export class GetBundleHandler extends BundleReader implements IQueryHandler<GetBundleQuery> {
  constructor(@Inject(DOCUMENT_STORE) documents: DocumentStore, @Inject(CLOCK) clock: Clock) {
    super(documents, clock);
  }

  async execute({ viewer, bundleId }: GetBundleQuery) {
    const doc = await this.documents.get<BundleDoc>('bundles', bundleId);
    // A bundle outside the viewer's scope answers as if it did not exist.
    if (!doc || !visibleTo(doc, viewer)) return notFound('bundle.not_found', '联办件不存在', 'No such bundle');
    return detail(doc, viewer, await this.departmentNames(), localDate(this.clock.now()));
  }
}

export const bundleQueryHandlers = [ListBundlesHandler, GetBundleHandler];
