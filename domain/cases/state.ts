import type { DeliveryMethod, WorkflowStep } from '../catalog/index.js';
import { localDate } from '../shared/calendar.js';
import type { Applicant, CaseEvent, Channel, DueDates, ItemSnapshot, MissingMaterial, ProvidedMaterial } from './events.js';
import type { SuspensionCause } from './rules.js';

export type CaseStatus =
  | 'none'
  | 'submitted'
  /** 补正: waiting for the applicant, before acceptance. */
  | 'supplement_requested'
  /** 不予受理 (final). */
  | 'refused'
  | 'accepted'
  /** The clock stands still (art. 45, or a supplement during review). */
  | 'suspended'
  | 'granted'
  | 'denied'
  | 'certificate_issued'
  | 'delivered'
  | 'completed'
  | 'withdrawn'
  | 'terminated';

/** The decision clock (art. 42), from acceptance. */
export interface CaseClock extends DueDates {
  readonly acceptedAt: string;
  readonly limitDays: number;
  readonly startDate: string;
  readonly deemedFromReceipt: boolean;
  /** Working days suspended so far, over every finished suspension. */
  readonly suspendedDays: number;
  readonly suspension?: { readonly cause: SuspensionCause; readonly reason: string; readonly since: string; readonly sinceDate: string };
  readonly extension?: { readonly days: number; readonly reason: string; readonly at: string };
}

export interface CaseFile {
  readonly status: Exclude<CaseStatus, 'none'>;
  readonly caseId: string;
  readonly caseNo: string;
  readonly channel: Channel;
  readonly applicant: Applicant;
  readonly applicantUserId?: string;
  readonly item: ItemSnapshot;
  readonly formData: Readonly<Record<string, unknown>>;
  readonly deliveryMethod: DeliveryMethod;
  readonly submittedAt: string;
  /** When the latest materials were received: the submission, or the supplement before acceptance. */
  readonly receivedAt: string;
  readonly noticeDeadline: string;
  readonly materials: readonly ProvidedMaterial[];
  /** The latest supplement notice. */
  readonly supplement?: { readonly stage: 'acceptance' | 'review'; readonly missing: readonly MissingMaterial[]; readonly requestedAt: string; readonly supplementedAt?: string };
  /** The one notice before acceptance was given (一次性告知). */
  readonly noticeGiven: boolean;
  /** When an online application's materials as they stand passed pre-review (网上预审); cleared by a supplement. */
  readonly preReviewedAt?: string;
  /** The item's review steps (审查环节) recorded so far, each once. */
  readonly reviewedSteps: readonly string[];
  readonly clock?: CaseClock;
  readonly decision?: {
    readonly granted: boolean;
    readonly decidedAt: string;
    readonly onTime: boolean;
    readonly reasons?: readonly string[];
    readonly certificateDueDate?: string;
  };
  readonly fee?: { readonly amountCents: number; readonly assessedAt: string; readonly paidAt?: string };
  readonly certificate?: { readonly certificateNo: string; readonly issuedAt: string };
  readonly delivery?: { readonly method: DeliveryMethod; readonly deliveredAt: string };
  readonly completedAt?: string;
}

export type CaseState = { readonly status: 'none' } | CaseFile;

export const initialState: CaseState = { status: 'none' };

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseSubmitted') {
    const d = event.data;
    return {
      status: 'submitted',
      caseId: d.caseId,
      caseNo: d.caseNo,
      channel: d.channel,
      applicant: d.applicant,
      ...(d.applicantUserId ? { applicantUserId: d.applicantUserId } : {}),
      item: snapshot(d.item),
      formData: d.formData,
      deliveryMethod: d.deliveryMethod ?? d.item.delivery?.[0] ?? 'window',
      submittedAt: d.submittedAt,
      receivedAt: d.submittedAt,
      noticeDeadline: d.noticeDeadline ?? localDate(new Date(d.submittedAt)),
      materials: d.materials ?? [],
      noticeGiven: false,
      reviewedSteps: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CaseSupplementRequested': {
      const { stage, missing, requestedAt } = event.data;
      const supplement = { stage, missing, requestedAt };
      return stage === 'acceptance' ? { ...state, status: 'supplement_requested', supplement, noticeGiven: true } : { ...state, supplement };
    }
    case 'CaseSupplemented': {
      const { stage, materials, supplementedAt, noticeDeadline } = event.data;
      const next = {
        ...state,
        materials: [...state.materials, ...materials],
        ...(state.supplement ? { supplement: { ...state.supplement, supplementedAt } } : {}),
      };
      if (stage !== 'acceptance') return next;
      // New materials: an online application's pre-review covered the old ones only.
      const { preReviewedAt: _, ...rest } = next;
      return { ...rest, status: 'submitted', receivedAt: supplementedAt, noticeDeadline: noticeDeadline ?? state.noticeDeadline };
    }
    case 'CaseRefused':
      return { ...state, status: 'refused' };
    case 'CasePreReviewed':
      return { ...state, preReviewedAt: event.data.preReviewedAt };
    case 'CaseAccepted': {
      const { caseId: _, startDate, deemedFromReceipt, ...clock } = event.data;
      return {
        ...state,
        status: 'accepted',
        clock: { ...clock, startDate: startDate ?? localDate(new Date(clock.acceptedAt)), deemedFromReceipt: deemedFromReceipt ?? false, suspendedDays: 0 },
      };
    }
    case 'CaseReviewed':
      return state.reviewedSteps.includes(event.data.step) ? state : { ...state, reviewedSteps: [...state.reviewedSteps, event.data.step] };
    case 'CaseSuspended': {
      if (!state.clock) return state;
      const { cause, reason, suspendedAt, suspendedDate } = event.data;
      return { ...state, status: 'suspended', clock: { ...state.clock, suspension: { cause, reason, since: suspendedAt, sinceDate: suspendedDate } } };
    }
    case 'CaseResumed': {
      if (!state.clock) return state;
      const { suspension: _, ...clock } = state.clock;
      const { dueDate, warningDate, dueAt, totalSuspendedDays } = event.data;
      return { ...state, status: 'accepted', clock: { ...clock, dueDate, warningDate, dueAt, suspendedDays: totalSuspendedDays } };
    }
    case 'CaseTimeLimitExtended': {
      if (!state.clock) return state;
      const { dueDate, warningDate, dueAt, days, reason, extendedAt } = event.data;
      return { ...state, clock: { ...state.clock, dueDate, warningDate, dueAt, extension: { days, reason, at: extendedAt } } };
    }
    case 'CaseGranted': {
      const { decidedAt, onTime, certificateDueDate } = event.data;
      return { ...state, status: 'granted', decision: { granted: true, decidedAt, onTime, ...(certificateDueDate ? { certificateDueDate } : {}) } };
    }
    case 'CaseDenied': {
      const { decidedAt, onTime, reasons } = event.data;
      return { ...state, status: 'denied', decision: { granted: false, decidedAt, onTime, reasons } };
    }
    case 'CaseFeeAssessed':
      return { ...state, fee: { amountCents: event.data.amountCents, assessedAt: event.data.assessedAt } };
    case 'CaseFeePaid':
      return state.fee ? { ...state, fee: { ...state.fee, paidAt: event.data.paidAt } } : state;
    case 'CaseCertificateIssued':
      return { ...state, status: 'certificate_issued', certificate: { certificateNo: event.data.certificateNo, issuedAt: event.data.issuedAt } };
    case 'CaseDelivered':
      return { ...state, status: 'delivered', delivery: { method: event.data.method, deliveredAt: event.data.deliveredAt } };
    case 'CaseCompleted':
      return { ...state, status: 'completed', completedAt: event.data.completedAt };
    case 'CaseWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'CaseTerminated':
      return { ...state, status: 'terminated' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Snapshots written before the catalog had these fields run by the defaults of that time. */
function snapshot(item: ItemSnapshot): ItemSnapshot {
  return {
    ...item,
    handling: item.handling ?? 'single',
    fee: item.fee ?? { kind: 'free' },
    materials: item.materials ?? [],
    form: item.form ?? { type: 'object' },
    workflow: item.workflow ?? [],
    delivery: item.delivery ?? ['window'],
  };
}

/** A workflow's review steps with no opinion recorded yet, in workflow order: a decision waits for them. */
export const stepsToReview = (workflow: readonly WorkflowStep[], reviewed: readonly string[]): string[] =>
  workflow.filter((s) => s.kind === 'review' && !reviewed.includes(s.name)).map((s) => s.name);

/** Whether the case's item version has a step of this kind. */
export const hasStep = (state: CaseFile, kind: 'certify' | 'deliver') => state.item.workflow.some((s) => s.kind === kind);

/** Required materials of the item version with no file handed in. */
export function missingRequiredMaterials(state: CaseFile): string[] {
  const provided = new Set(state.materials.map((m) => m.material));
  return state.item.materials.filter((m) => m.required && !provided.has(m.name)).map((m) => m.name);
}

/** A fee is due when the item charges one; it must be paid before the certificate or completion. */
export const feeOutstanding = (state: CaseFile) => state.item.fee.kind !== 'free' && !state.fee?.paidAt;
