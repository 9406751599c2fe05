import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DEPARTMENT_ROLES } from '../../domain/identity/roles.js';
import { licenseStanding, type LicenseHolder } from '../../domain/licenses/index.js';
import { localDate } from '../../domain/shared/calendar.js';
import { forbidden, invalid, notFound, type DomainError } from '../../domain/shared/errors.js';
import { isValidCitizenId, isValidCreditCode } from '../../domain/shared/identity-numbers.js';
import { maskIdNumber, maskName, maskPhone } from '../../domain/shared/masking.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore, Filter } from '../ports/document-store.js';
import { CLOCK, DOCUMENT_STORE } from '../ports/tokens.js';
import { readsEverything, type Viewer } from '../viewer.js';
import { LICENSES, type LicenseDoc } from './license-library.js';
import type { LicenseRow, PartyContact, PrefillAnswer } from './registry-views.js';

/** A case linked from a registry entry. */
interface CaseLink {
  caseId: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: string;
  submittedAt: string;
}

/** A person (by citizen ID number) or an enterprise (by credit code) as the registries view stores it (projections/registries.ts). */
export interface PartyDoc {
  kind: 'person' | 'enterprise';
  idNumber?: string;
  creditCode?: string;
  name: string;
  lastSeen: string;
  caseCount: number;
  contact?: PartyContact;
  cases: CaseLink[];
}

export interface ProjectDoc {
  code: string;
  lastSeen: string;
  caseCount: number;
  approvals: (CaseLink & { applicant: { kind: 'person' | 'enterprise'; name: string }; applicantId: string | null })[];
}

/** An identity number a registry is searched by: exactly one of the two. */
export type Identity = { readonly idNumber: string; readonly creditCode?: undefined } | { readonly creditCode: string; readonly idNumber?: undefined };

export class PrefillQuery extends Query<PrefillAnswer | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly identity: Identity,
  ) {
    super();
  }
}

export class ListPartiesQuery extends Query<{ items: ReturnType<typeof partyRow>[]; next?: string; total: number }> {
  constructor(
    readonly registry: 'persons' | 'enterprises',
    readonly page: { readonly limit?: number; readonly after?: string },
  ) {
    super();
  }
}

export class GetProjectQuery extends Query<ReturnType<typeof projectView> | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly code: string,
  ) {
    super();
  }
}

export interface LicenseListFilter {
  /** The holder's citizen ID number or credit code. */
  readonly holder?: string;
  readonly type?: string;
  readonly limit?: number;
  readonly after?: string;
}

export class ListLicensesQuery extends Query<{ items: LicenseRow[]; next?: string; total: number } | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: LicenseListFilter,
  ) {
    super();
  }
}

export class GetLicenseQuery extends Query<LicenseRow | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly number: string,
  ) {
    super();
  }
}

/** An identity number checked by its check character; the refusal says which rule it breaks. */
export function checkIdentity(identity: Identity): DomainError | undefined {
  if (identity.idNumber !== undefined && !isValidCitizenId(identity.idNumber)) {
    return invalid(
      'registry.bad_id_number',
      `身份证号码 ${maskIdNumber(identity.idNumber)} 不正确：须为18位，出生日期有效，末位校验码符合 GB 11643`,
      `The citizen ID number ${maskIdNumber(identity.idNumber)} is not valid: 18 characters, a real birth date and the GB 11643 check character`,
      { field: 'idNumber' },
    );
  }
  if (identity.creditCode !== undefined && !isValidCreditCode(identity.creditCode)) {
    return invalid(
      'registry.bad_credit_code',
      `统一社会信用代码 ${identity.creditCode} 不正确：须为18位，末位校验码符合 GB 32100`,
      `The unified social credit code ${identity.creditCode} is not valid: 18 characters with the GB 32100 check character`,
      { field: 'creditCode' },
    );
  }
  return undefined;
}

/** An applicant's identities: the ID numbers and credit codes they have applied with. */
export async function identitiesOf(documents: DocumentStore, userId: string): Promise<Set<string>> {
  const page = await documents.find<{ applicant: LicenseHolder }>('cases', { applicantId: userId }, { limit: 1000, fields: ['applicant'] });
  return new Set(page.items.flatMap(({ applicant }) => [applicant.idNumber, applicant.creditCode].filter((v): v is string => typeof v === 'string')));
}

const isApplicantOnly = (viewer: Viewer) => viewer.roles.every((r) => r === 'applicant');

function maskedHolder(holder: LicenseHolder): LicenseHolder {
  return {
    kind: holder.kind,
    name: maskName(holder.name, holder.kind),
    ...(holder.idNumber ? { idNumber: maskIdNumber(holder.idNumber) } : {}),
    ...(holder.creditCode ? { creditCode: maskIdNumber(holder.creditCode) } : {}),
  };
}

/** A license with its standing today; the holder's identity in full only for the holder and for who serves them. */
function licenseRow(doc: LicenseDoc, today: string, unmasked: boolean): LicenseRow {
  return {
    number: doc.number,
    licenseType: doc.licenseType,
    licenseName: doc.licenseName,
    holder: unmasked ? doc.holder : maskedHolder(doc.holder),
    department: doc.department,
    caseId: doc.caseId,
    validFrom: doc.validFrom,
    validUntil: doc.validUntil,
    issuedAt: doc.issuedAt,
    standing: licenseStanding(doc, today),
    revocation: doc.revocation ?? null,
  };
}

function prefill(identity: Identity, party: PartyDoc | undefined, licenses: LicenseRow[]): PrefillAnswer {
  return {
    ...(identity.idNumber !== undefined ? { kind: 'person' as const, idNumber: identity.idNumber } : { kind: 'enterprise' as const, creditCode: identity.creditCode }),
    known: party !== undefined,
    name: party?.name ?? null,
    contact: party?.contact ?? {},
    lastSeen: party?.lastSeen ?? null,
    caseCount: party?.caseCount ?? 0,
    licenses,
  };
}

/** A masked row of the person or enterprise registry. */
function partyRow(doc: PartyDoc) {
  return {
    kind: doc.kind,
    ...(doc.idNumber ? { idNumber: maskIdNumber(doc.idNumber) } : {}),
    ...(doc.creditCode ? { creditCode: maskIdNumber(doc.creditCode) } : {}),
    name: maskName(doc.name, doc.kind),
    ...(doc.contact?.phone ? { phone: maskPhone(doc.contact.phone) } : {}),
    firstSeen: doc.cases?.[0]?.submittedAt ?? doc.lastSeen,
    lastSeen: doc.lastSeen,
    caseCount: doc.caseCount,
  };
}

/**
 * What the registries know of a number, for filling in an application: window staff ask for
 * anyone they serve at the counter; an applicant only for a number they have applied with.
 */
@QueryHandler(PrefillQuery)
export class PrefillHandler implements IQueryHandler<PrefillQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ viewer, identity }: PrefillQuery): Promise<PrefillAnswer | DomainError> {
    const bad = checkIdentity(identity);
    if (bad) return bad;
    const number = (identity.idNumber ?? identity.creditCode)!;
    if (isApplicantOnly(viewer) && !(await identitiesOf(this.documents, viewer.userId)).has(number)) {
      return forbidden('registry.not_your_identity', '只能查询本人申请时使用过的证件号码', 'Applicants look up only a number they have applied with themselves');
    }
    const today = localDate(this.clock.now());
    const [party, held] = await Promise.all([
      this.documents.get<PartyDoc>(identity.idNumber !== undefined ? 'persons' : 'enterprises', number),
      this.documents.find<LicenseDoc>(LICENSES, { holderId: number }, { sort: { registeredAt: 1 }, limit: 500 }),
    ]);
    const valid = held.items.filter((doc) => licenseStanding(doc, today) === 'valid').map((doc) => licenseRow(doc, today, true));
    return prefill(identity, party, valid);
  }
}

/** The person or enterprise registry, most recently seen first, masked. */
@QueryHandler(ListPartiesQuery)
export class ListPartiesHandler implements IQueryHandler<ListPartiesQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ registry, page: { limit, after } }: ListPartiesQuery) {
    const fields = ['kind', 'idNumber', 'creditCode', 'name', 'contact', 'lastSeen', 'caseCount', 'cases'];
    const [page, total] = await Promise.all([
      this.documents.find<PartyDoc>(registry, {}, { sort: { lastSeen: -1 }, limit: limit ?? 20, ...(after ? { after } : {}), fields }),
      this.documents.count(registry),
    ]);
    return { items: page.items.map(partyRow), ...(page.next ? { next: page.next } : {}), total };
  }
}

/**
 * A project with every approval filed for it and where each stands now. An applicant sees only
 * their own approvals (and nothing of a project they have none in); applicant names are masked
 * for everyone else.
 */
@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ viewer, code }: GetProjectQuery) {
    const project = await this.documents.get<ProjectDoc>('projects', code);
    const own = ownApproval(viewer);
    const approvals = (project?.approvals ?? []).filter((a) => !isApplicantOnly(viewer) || own(a));
    if (!project || approvals.length === 0) return notFound('registry.project_not_found', `项目不存在：${code}`, `No such project: ${code}`);
    const cases = await this.documents.find<CaseNow & { caseId: string }>(
      'cases',
      { caseId: { $in: approvals.map((a) => a.caseId) } },
      { limit: approvals.length, fields: ['caseId', 'status', 'dueDate', 'decidedAt'] },
    );
    return projectView(project, approvals, viewer, new Map(cases.items.map((c) => [c.caseId, c])));
  }
}

type Approval = ProjectDoc['approvals'][number];
type CaseNow = { status: string; dueDate?: string; decidedAt?: string };

const ownApproval = (viewer: Viewer) => (a: Approval) => a.applicantId !== null && a.applicantId === viewer.userId;

function projectView(project: ProjectDoc, approvals: readonly Approval[], viewer: Viewer, now: ReadonlyMap<string, CaseNow>) {
  const own = ownApproval(viewer);
  return {
    code: project.code,
    firstSeen: project.approvals[0]?.submittedAt ?? project.lastSeen,
    lastSeen: project.lastSeen,
    approvals: approvals.map((approval) => {
      const { applicantId: _, applicant, ...link } = approval;
      const current = now.get(link.caseId);
      return {
        ...link,
        applicant: own(approval) ? applicant : { kind: applicant.kind, name: maskName(applicant.name, applicant.kind) },
        status: current?.status ?? null,
        dueDate: current?.dueDate ?? null,
        decidedAt: current?.decidedAt ?? null,
      };
    }),
  };
}

/**
 * Which licenses a viewer sees: supervisors, auditors, leaders and admins all; department staff
 * those their department issued; applicants those held under a number they have applied with.
 * `undefined`: none at all.
 */
async function licenseScope(documents: DocumentStore, viewer: Viewer): Promise<{ filter: Filter; own: Set<string> } | undefined> {
  const own = viewer.roles.includes('applicant') ? await identitiesOf(documents, viewer.userId) : new Set<string>();
  if (readsEverything(viewer)) return { filter: {}, own };
  const ors: Filter[] = [];
  if (viewer.department && viewer.roles.some((r) => DEPARTMENT_ROLES.includes(r))) ors.push({ department: viewer.department });
  if (own.size > 0) ors.push({ holderId: { $in: [...own] } });
  if (ors.length === 0) return undefined;
  return { filter: ors.length === 1 ? ors[0]! : { $or: ors }, own };
}

/** Whether the viewer sees a holder's identity in full: the holder, and staff of the issuing department. */
const unmaskedFor = (viewer: Viewer, own: Set<string>) => (doc: LicenseDoc) =>
  own.has(doc.holderId) || (viewer.department === doc.department && viewer.roles.some((r) => DEPARTMENT_ROLES.includes(r)));

@QueryHandler(ListLicensesQuery)
export class ListLicensesHandler implements IQueryHandler<ListLicensesQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ viewer, filter }: ListLicensesQuery): Promise<{ items: LicenseRow[]; next?: string; total: number } | DomainError> {
    if (filter.holder !== undefined) {
      const bad = checkIdentity(/^\d{17}[\dX]$/.test(filter.holder) ? { idNumber: filter.holder } : { creditCode: filter.holder });
      if (bad) return bad;
    }
    const scope = await licenseScope(this.documents, viewer);
    if (!scope) return { items: [], total: 0 };
    const clauses: Filter[] = [scope.filter];
    if (filter.holder) clauses.push({ holderId: filter.holder });
    if (filter.type) clauses.push({ licenseType: filter.type });
    const where: Filter = { $and: clauses };
    const today = localDate(this.clock.now());
    const unmasked = unmaskedFor(viewer, scope.own);
    const [page, total] = await Promise.all([
      this.documents.find<LicenseDoc>(LICENSES, where, { sort: { registeredAt: -1 }, limit: filter.limit ?? 20, ...(filter.after ? { after: filter.after } : {}) }),
      this.documents.count(LICENSES, where),
    ]);
    return { items: page.items.map((doc) => licenseRow(doc, today, unmasked(doc))), ...(page.next ? { next: page.next } : {}), total };
  }
}

@QueryHandler(GetLicenseQuery)
export class GetLicenseHandler implements IQueryHandler<GetLicenseQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ viewer, number }: GetLicenseQuery): Promise<LicenseRow | DomainError> {
    const scope = await licenseScope(this.documents, viewer);
    // A license outside the viewer's scope answers as if it did not exist.
    const [doc] = scope ? (await this.documents.find<LicenseDoc>(LICENSES, { $and: [scope.filter, { number }] }, { limit: 1 })).items : [];
    if (!doc || !scope) return notFound('license.not_found', '证照不存在', 'No such license');
    return licenseRow(doc, localDate(this.clock.now()), unmaskedFor(viewer, scope.own)(doc));
  }
}

export const registryQueryHandlers = [PrefillHandler, ListPartiesHandler, GetProjectHandler, ListLicensesHandler, GetLicenseHandler];
