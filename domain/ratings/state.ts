import type { ComplaintVerified, RatedCase, RatingEvent, RectificationOpened, ServiceRated } from './events.js';

interface Rated {
  readonly caseId: string;
  readonly case: RatedCase;
  readonly score: ServiceRated['data']['score'];
  readonly ratedAt: string;
}

/** The rectification clock of a bad rating. */
export type Rectification = Omit<RectificationOpened['data'], 'caseId' | 'department'>;

interface Verified {
  readonly finding: ComplaintVerified['data']['finding'];
}

/**
 * A rating: one that is not bad is done once given ('rated'); a bad one goes through
 * verification, rectification (when the complaint is verified) and the callback.
 */
export type RatingState =
  | { readonly status: 'none' }
  | ({ readonly status: 'rated' } & Rated)
  | ({ readonly status: 'awaiting_verification'; readonly rectification: Rectification } & Rated)
  | ({ readonly status: 'awaiting_rectification'; readonly rectification: Rectification } & Rated & Verified)
  | ({ readonly status: 'awaiting_callback'; readonly rectification: Rectification } & Rated & Verified)
  | ({ readonly status: 'closed'; readonly rectification: Rectification; readonly satisfied: boolean } & Rated & Verified);

export type RatingStatus = RatingState['status'];

/** Statuses in which the rectification is still owed: past its due date they are overdue. */
export const OPEN_RECTIFICATION: readonly RatingStatus[] = ['awaiting_verification', 'awaiting_rectification'];

export const initialState: RatingState = { status: 'none' };

export function evolve(state: RatingState, event: RatingEvent): RatingState {
  switch (event.type) {
    case 'ServiceRated': {
      const { caseId, case: rated, score, ratedAt } = event.data;
      return { status: 'rated', caseId, case: rated, score, ratedAt };
    }
    case 'RectificationOpened': {
      if (state.status !== 'rated') return state;
      const { caseId: _, department: __, ...rectification } = event.data;
      return { ...state, status: 'awaiting_verification', rectification };
    }
    case 'ComplaintVerified': {
      if (state.status !== 'awaiting_verification') return state;
      const { finding } = event.data;
      return { ...state, status: finding === 'verified' ? 'awaiting_rectification' : 'awaiting_callback', finding };
    }
    case 'ServiceRectified':
      if (state.status !== 'awaiting_rectification') return state;
      return { ...state, status: 'awaiting_callback' };
    case 'ApplicantCalledBack':
      if (state.status !== 'awaiting_callback') return state;
      return { ...state, status: 'closed', satisfied: event.data.satisfied };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
