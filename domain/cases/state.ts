import type { Applicant, CaseAccepted, CaseEvent, CaseSubmitted, Channel, ItemSnapshot } from './events.js';

interface Filed {
  readonly caseId: string;
  readonly caseNo: string;
  readonly channel: Channel;
  readonly applicant: Applicant;
  readonly item: ItemSnapshot;
  readonly submittedAt: string;
}

/** The decision clock (art. 42), from acceptance. */
export type CaseClock = Omit<CaseAccepted['data'], 'caseId'>;

interface Decided {
  readonly decidedAt: string;
  readonly onTime: boolean;
}

export type CaseState =
  | { readonly status: 'none' }
  | ({ readonly status: 'submitted' } & Filed)
  | ({ readonly status: 'accepted'; readonly clock: CaseClock } & Filed)
  | ({ readonly status: 'granted'; readonly clock: CaseClock } & Filed & Decided)
  | ({ readonly status: 'denied'; readonly clock: CaseClock; readonly reasons: readonly string[] } & Filed & Decided)
  | ({ readonly status: 'completed'; readonly clock: CaseClock; readonly decision: 'granted' | 'denied'; readonly completedAt: string } & Filed & Decided);

export type CaseStatus = CaseState['status'];

export const initialState: CaseState = { status: 'none' };

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseSubmitted':
      return { status: 'submitted', ...filed(event.data) };
    case 'CaseAccepted': {
      if (state.status !== 'submitted') return state;
      const { caseId: _, ...clock } = event.data;
      return { ...state, status: 'accepted', clock };
    }
    case 'CaseGranted':
      if (state.status !== 'accepted') return state;
      return { ...state, status: 'granted', decidedAt: event.data.decidedAt, onTime: event.data.onTime };
    case 'CaseDenied':
      if (state.status !== 'accepted') return state;
      return { ...state, status: 'denied', decidedAt: event.data.decidedAt, onTime: event.data.onTime, reasons: event.data.reasons };
    case 'CaseCompleted':
      if (state.status !== 'granted' && state.status !== 'denied') return state;
      return { ...state, status: 'completed', decision: state.status, completedAt: event.data.completedAt };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function filed(data: CaseSubmitted['data']): Filed {
  const { caseId, caseNo, channel, applicant, item, submittedAt } = data;
  return { caseId, caseNo, channel, applicant, item, submittedAt };
}
