// Shapes the server declares come from domain/, type-only: no server code reaches the bundle.
import type {
  Applicant,
  CaseAction,
  CaseLight,
  CaseStatus as DomainCaseStatus,
  CertificateHolder,
  MissingMaterial,
  ProvidedMaterial,
} from '../../../domain/cases/index';
import type { Fee, Material, WorkflowStep } from '../../../domain/catalog/events';
import type { DeliveryMethod, Handling } from '../../../domain/catalog/rules';
import type { Role } from '../../../domain/identity/roles';
import type { Bilingual } from '../../../domain/shared/messages';

export type { DeliveryMethod, MissingMaterial, ProvidedMaterial, Role };
// The UI's names for domain types.
export type Localized = Bilingual;
export type FeeRule = Fee;
export type ItemMaterial = Material;

/** GET /api/auth/me's answer (`id`, `departmentName`), shaped in the controller: no declared server type. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  department?: string;
  departmentName?: string;
}

export interface Department {
  code: string;
  name: string;
}

export type CaseStatus = Exclude<DomainCaseStatus, 'none'>;
export type DueLight = CaseLight | null;
/** The steps the API offers (`allowedActions`): POST /api/cases/:id/<action>, grant and deny via /decide. */
export type { CaseAction };

// The case, rating and prefill views are inferred in application/*/*.queries.ts, Nest modules whose
// decorators fail the UI's type check: restated until they have a types-only views file (cf. article-views.ts).
export interface CaseSummary {
  caseId: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: string;
  departmentName: string;
  applicantName: string;
  status: CaseStatus;
  channel: string;
  submittedAt: string;
  acceptedAt?: string;
  dueDate?: string;
  light: DueLight;
  updatedAt: string;
}

export interface CasePage {
  items: CaseSummary[];
  next?: string;
  total: number;
}

export interface TimelineEntry {
  at: string;
  type: string;
  actorRole: string;
  summary: Localized;
}

/** What GET /api/registry/prefill knows of a citizen ID number or credit code. */
export interface PrefillAnswer {
  kind: 'person' | 'enterprise';
  idNumber?: string;
  creditCode?: string;
  known: boolean;
  name: string | null;
  contact: { phone?: string; address?: string; email?: string; contactPerson?: string };
  lastSeen: string | null;
  caseCount: number;
  licenses: { number: string; licenseType: string; licenseName: string; validFrom: string; validUntil: string | null; standing: string }[];
}

export interface Certificate {
  certificateNo: string;
  licenseType: string;
  licenseName: string;
  holder: CertificateHolder;
  validFrom: string;
  validUntil: string | null;
  issuedAt: string;
  dueDate: string;
  onTime: boolean;
}

export interface CaseDetail extends CaseSummary {
  itemVersion: number | null;
  applicant: Applicant;
  formData: Record<string, unknown>;
  receivedAt: string;
  noticeDeadline: string | null;
  materials: ProvidedMaterial[];
  itemMaterials: ItemMaterial[];
  missingMaterials: string[];
  supplementNotice: {
    stage: 'acceptance' | 'review';
    missing: MissingMaterial[];
    note?: string;
    requestedAt: string;
    supplementedAt?: string;
    legalBasis: string;
  } | null;
  refusal: { reasons: string[]; appealRights: Localized; legalBasis: string; refusedAt: string } | null;
  clock: {
    acceptedAt: string;
    startDate?: string;
    deemedFromReceipt: boolean;
    limitDays?: number;
    dueDate?: string;
    warningDate?: string;
    suspendedDays: number;
    suspension: { cause: string; reason: string; since: string; sinceDate: string; label: Localized } | null;
    extension: { days: number; reason: string; at: string; legalBasis: string } | null;
  } | null;
  workflow: WorkflowStep[];
  reviews: { step: string; opinion: string; at: string }[];
  decidedAt?: string;
  decision?: { granted: boolean; reasons?: string[] | string; appealRights?: Localized | string; decidedAt?: string; onTime?: boolean; workingDaysUsed?: number };
  fee: { rule: FeeRule; amountCents?: number; quantity?: number; assessedAt?: string; paidAt?: string; receiptNo?: string };
  certificate: Certificate | null;
  certificateDueDate: string | null;
  delivery: {
    options: { method: DeliveryMethod; label: Localized }[];
    chosen: DeliveryMethod | null;
    method?: DeliveryMethod;
    trackingNo?: string;
    deliveredAt?: string;
    onTime?: boolean;
  };
  completedAt?: string;
  withdrawal: { reason?: string; at: string } | null;
  termination: { reason: string; at: string } | null;
  timeline: TimelineEntry[];
  allowedActions: CaseAction[];
}

export interface InboxRow extends CaseSummary {
  deadline: string | null;
  allowedActions: CaseAction[];
}

export interface ItemGuide extends CatalogItem {
  legalBasis: string;
  handling?: Handling;
  fee: FeeRule;
  materials: ItemMaterial[];
  form: JsonSchema;
  workflow: WorkflowStep[];
  delivery: DeliveryMethod[];
  onsiteVisits: number;
  versions?: { version: number; publishedAt: string }[];
}

/** Deliberately richer than the domain's opaque FormSchema: the JSON Schema keywords SchemaForm renders. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

export interface RatingView {
  caseId: string;
  score: number;
  comment?: string;
  ratedAt: string;
  status: string;
}

export interface CatalogItem {
  code: string;
  name: string;
  type: string;
  department: string;
  departmentName: string;
  status: string;
  version: number | string;
  promisedLimitDays: number;
  statutoryLimitDays: number;
}

export interface DepartmentStats {
  department: string;
  departmentName: string;
  total: number;
  completed: number;
  onTime: number;
  overdue: number;
}
