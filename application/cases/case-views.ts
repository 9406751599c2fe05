/**
 * What the case queries answer with (cases.queries.ts builds them, the cases-view projection
 * stores their parts): shared with the UI (ui/src/lib/types.ts), so this file imports types only.
 */
import type { DeliveryMethod, Fee, Material, WorkflowStep } from '../../domain/catalog/index.js';
import type {
  Applicant,
  CaseAction,
  CaseLight,
  CaseStatus,
  CertificateHolder,
  MissingMaterial,
  ProvidedMaterial,
  SuspensionCause,
} from '../../domain/cases/index.js';
import type { Bilingual } from '../../domain/shared/messages.js';

/** A row of the case list (GET /api/cases): the applicant's name masked. */
export interface CaseSummary {
  caseId: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: string;
  departmentName: string;
  applicantName: string;
  status: Exclude<CaseStatus, 'none'>;
  channel: string;
  submittedAt: string;
  acceptedAt?: string;
  dueDate?: string;
  /** null: no clock to show a light for (not accepted yet, or ended without a decision). */
  light: CaseLight | null;
  updatedAt: string;
}

/** A page of the case list or of the work inbox. */
export interface CasePage<T = CaseSummary> {
  items: T[];
  next?: string;
  total: number;
}

/** A row of the work inbox (GET /api/cases/inbox): the deadline it is sorted by, and what the viewer can do. */
export interface InboxRow extends CaseSummary {
  deadline: string | null;
  allowedActions: CaseAction[];
}

/** 补正告知: what the applicant is asked to hand in, at acceptance or during review. */
export interface SupplementNotice {
  stage: 'acceptance' | 'review';
  missing: MissingMaterial[];
  note?: string;
  requestedAt: string;
  supplementedAt?: string;
  legalBasis: string;
}

/** 不予受理. */
export interface Refusal {
  reasons: string[];
  appealRights: Bilingual;
  legalBasis: string;
  refusedAt: string;
}

/** A stopped decision clock (中止): the cause, and the day it stopped from. */
export interface Suspension {
  cause: SuspensionCause;
  reason: string;
  since: string;
  sinceDate: string;
  /** The light it stopped at, which the list filters on (absent for suspensions before it was recorded). */
  light?: CaseLight;
}

/** 延期. */
export interface Extension {
  days: number;
  reason: string;
  at: string;
  legalBasis: string;
}

/** The decision clock of an accepted case. */
export interface DecisionClock {
  acceptedAt: string;
  startDate?: string;
  /** Accepted on receipt: no notice was given within the notice period (art. 32). */
  deemedFromReceipt: boolean;
  limitDays?: number;
  dueDate?: string;
  warningDate?: string;
  suspendedDays: number;
  suspension: (Suspension & { label: Bilingual }) | null;
  extension: Extension | null;
}

export interface Review {
  step: string;
  opinion: string;
  at: string;
}

/** 网上预审通过, with the window's opinion. */
export interface PreReview {
  opinion: string;
  at: string;
}

/** 准予许可 or 不予许可; a denial carries its reasons and the applicant's appeal rights. */
export interface Decision {
  granted: boolean;
  reasons?: string[];
  appealRights?: Bilingual;
  decidedAt: string;
  onTime?: boolean;
  workingDaysUsed?: number;
}

/** The license issued on a granted case. */
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

export interface Withdrawal {
  reason?: string;
  at: string;
}

export interface Termination {
  reason: string;
  at: string;
}

export interface TimelineEntry {
  at: string;
  type: string;
  /** null: no acting user (a clock or the system). */
  actorRole: string | null;
  summary: Bilingual;
}

/** The case in full (GET /api/cases/:id, and the answer to each step taken on it). */
export interface CaseDetail extends CaseSummary {
  itemVersion: number | null;
  /** The bundle (并联审批) this case is a sub-case of. */
  bundleId: string | null;
  /** In full for the handling department and the applicant; name and ID number masked for other viewers. */
  applicant: Applicant;
  formData: Record<string, unknown>;
  receivedAt: string;
  /** Last day to accept, refuse or ask for materials before the case counts as accepted on receipt (art. 32). */
  noticeDeadline: string | null;
  materials: ProvidedMaterial[];
  /** The materials of the item version the case is filed under. */
  itemMaterials: Material[];
  /** Required materials with no file handed in. */
  missingMaterials: string[];
  supplementNotice: SupplementNotice | null;
  refusal: Refusal | null;
  /** 网上预审: an online application's materials passed at the window; null until then, and again after a supplement. */
  preReview: PreReview | null;
  warningDate?: string;
  clock: DecisionClock | null;
  workflow: WorkflowStep[];
  reviews: Review[];
  /** Review steps with no opinion yet, in workflow order: a decision waits for them. */
  reviewsToDo: string[];
  decidedAt?: string;
  decision?: Decision;
  fee: { rule: Fee; amountCents?: number; quantity?: number; assessedAt?: string; paidAt?: string; receiptNo?: string };
  /** Its holder masked like the applicant. */
  certificate: Certificate | null;
  certificateDueDate: string | null;
  delivery: {
    options: { method: DeliveryMethod; label: Bilingual }[];
    chosen: DeliveryMethod | null;
    // Once delivered: how, and when.
    method?: DeliveryMethod;
    trackingNo?: string;
    deliveredAt?: string;
    onTime?: boolean;
  };
  completedAt?: string;
  withdrawal: Withdrawal | null;
  termination: Termination | null;
  timeline: TimelineEntry[];
  allowedActions: CaseAction[];
}
