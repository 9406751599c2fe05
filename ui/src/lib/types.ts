import type { CaseAction, CaseStatus as DomainCaseStatus } from '../../../domain/cases/index';
export type Role =
  | 'applicant'
  | 'window_staff'
  | 'reviewer'
  | 'department_head'
  | 'legal_office'
  | 'hotline_operator'
  | 'department_handler'
  | 'trading_admin'
  | 'agency'
  | 'bidder'
  | 'expert'
  | 'supervisor'
  | 'leader'
  | 'auditor'
  | 'admin';

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  department?: string;
  departmentName?: string;
}

export interface Localized {
  zh: string;
  en: string;
}

export interface Department {
  code: string;
  name: string;
}

export type CaseStatus = Exclude<DomainCaseStatus, 'none'>;
export type DueLight = 'green' | 'yellow' | 'red' | null;
/** The steps the API offers (`allowedActions`): POST /api/cases/:id/<action>, grant and deny via /decide. */
export type { CaseAction };
export type DeliveryMethod = 'window' | 'mail' | 'electronic';

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

export interface ItemMaterial {
  name: string;
  form: 'original' | 'copy';
  count: number;
  required: boolean;
  condition?: string;
  standIns?: string[];
}

/** A material as given: an uploaded file (by digest), or a license from the license library standing in for it (免提交). */
export type ProvidedMaterial = UploadedMaterial | LicenseMaterial;

export interface UploadedMaterial {
  material: string;
  source?: undefined;
  digest: string;
  size: number;
  type: string;
}

export interface LicenseMaterial {
  material: string;
  source: 'license-library';
  licenseNo: string;
  licenseType: string;
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

export interface MissingMaterial {
  material: string;
  reason: string;
}

export type FeeRule =
  | { kind: 'free' }
  | { kind: 'fixed'; amountCents: number }
  | { kind: 'computed'; unitCents: number; field: string; capCents: number; unit?: string };

export interface Holder {
  kind: string;
  name: string;
  idNumber?: string;
  creditCode?: string;
}

export interface Certificate {
  certificateNo: string;
  licenseType: string;
  licenseName: string;
  holder: Holder;
  validFrom: string;
  validUntil: string | null;
  issuedAt: string;
  dueDate: string;
  onTime: boolean;
}

export interface CaseDetail extends CaseSummary {
  itemVersion: number | null;
  applicant: Holder;
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
  workflow: { name: string; kind: string }[];
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
  handling?: 'single' | 'joint';
  fee: FeeRule;
  materials: ItemMaterial[];
  form: JsonSchema;
  workflow: { name: string; kind: string }[];
  delivery: DeliveryMethod[];
  onsiteVisits: number;
  versions?: { version: number; publishedAt: string }[];
}

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
