import type { Applicant, DueDates } from '../cases/index.js';
import type { BundleEvent, BundleItem, SubCaseOutcome } from './events.js';

export type BundleStatus = 'none' | 'submitted' | 'accepted' | 'completed' | 'delivered';

/** Where one item's sub-case stands, as the bundle has recorded it. */
export type SubCaseStage = 'pending' | 'opened' | 'accepted' | 'decided' | 'ended';

export interface SubCase {
  readonly itemCode: string;
  readonly department: string;
  readonly stage: SubCaseStage;
  readonly caseId?: string;
  readonly caseNo?: string;
  readonly outcome?: SubCaseOutcome;
}

/** The joint clock (art. 42(2)), from the first acceptance. */
export interface BundleClock extends DueDates {
  readonly acceptedAt: string;
  readonly startDate: string;
  readonly limitDays: number;
  readonly extension?: { readonly days: number; readonly reason: string; readonly at: string };
}

export interface BundleFile {
  readonly status: Exclude<BundleStatus, 'none'>;
  readonly bundleId: string;
  readonly bundleNo: string;
  readonly applicant: Applicant;
  readonly applicantUserId?: string;
  readonly items: readonly BundleItem[];
  readonly leadDepartment: string;
  /** In the items' order. */
  readonly subCases: readonly SubCase[];
  readonly clock?: BundleClock;
  readonly completedAt?: string;
  readonly deliveredAt?: string;
}

export type BundleState = { readonly status: 'none' } | BundleFile;

export const initialState: BundleState = { status: 'none' };

export function evolve(state: BundleState, event: BundleEvent): BundleState {
  if (event.type === 'BundleSubmitted') {
    const d = event.data;
    return {
      status: 'submitted',
      bundleId: d.bundleId,
      bundleNo: d.bundleNo,
      applicant: d.applicant,
      ...(d.applicantUserId ? { applicantUserId: d.applicantUserId } : {}),
      items: d.items,
      leadDepartment: d.leadDepartment,
      subCases: d.items.map((item) => ({ itemCode: item.code, department: item.department, stage: 'pending' })),
    };
  }
  if (state.status === 'none') return state;
  const update = (itemCode: string, change: Partial<SubCase>): BundleFile => ({
    ...state,
    subCases: state.subCases.map((s) => (s.itemCode === itemCode ? { ...s, ...change } : s)),
  });
  switch (event.type) {
    case 'SubCaseOpened':
      return update(event.data.itemCode, { stage: 'opened', caseId: event.data.caseId, caseNo: event.data.caseNo });
    case 'SubCaseNotOpened':
      return update(event.data.itemCode, { stage: 'ended', outcome: 'not_opened' });
    case 'SubCaseAccepted':
      return update(event.data.itemCode, { stage: 'accepted' });
    case 'BundleAccepted': {
      const { bundleId: _, legalBasis: __, ...clock } = event.data;
      return { ...state, status: 'accepted', clock };
    }
    case 'SubCaseDecided':
      return update(event.data.itemCode, { stage: 'decided', outcome: event.data.outcome });
    case 'SubCaseCompleted':
      return update(event.data.itemCode, { stage: 'ended', outcome: event.data.outcome });
    case 'SubCaseClosed':
      return update(event.data.itemCode, { stage: 'ended', outcome: event.data.outcome });
    case 'BundleCompleted':
      return { ...state, status: 'completed', completedAt: event.data.completedAt };
    case 'BundleTimeLimitExtended': {
      if (!state.clock) return state;
      const { dueDate, warningDate, dueAt, days, reason, extendedAt } = event.data;
      return { ...state, clock: { ...state.clock, dueDate, warningDate, dueAt, extension: { days, reason, at: extendedAt } } };
    }
    case 'BundleDelivered':
      return { ...state, status: 'delivered', deliveredAt: event.data.deliveredAt };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Items whose sub-case has not ended yet. */
export const openSubCases = (state: BundleFile) => state.subCases.filter((s) => s.stage !== 'ended');
