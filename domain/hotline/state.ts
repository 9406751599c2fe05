import type { ArticleRef, DuplicateRef, StageDeadline, TicketEvent, TicketFacts } from './events.js';
import type { CallbackResult } from './rules.js';

/** What a ticket is about and what it has been through, whatever its status. */
export interface TicketFile extends TicketFacts {
  /** 退单 so far, over the ticket's whole life. */
  readonly returns: number;
  /** The returns allowed are used up: the next dispatch is the center's coordination. */
  readonly needsCoordination: boolean;
  /** 1 for the first handling, +1 for each redo (重办). */
  readonly round: number;
  /** Duplicates merged into this ticket, whose callers hear its outcome too and must not be published either. */
  readonly duplicates: readonly DuplicateRef[];
  /** Operators (话务员) who see the caller: the one who took the call, and any who took the ticket over since. */
  readonly operators: readonly string[];
  readonly published: boolean;
}

/** 延期申请 waiting for the center. */
export interface ExtensionRequest {
  readonly workingDays: number;
  readonly reason: string;
  readonly requestedAt: string;
}

/** A round of handling by departments: who leads, who helps, and the clocks. */
export interface Handling {
  readonly department: string;
  readonly coHandlers: readonly string[];
  readonly dispatchedAt: string;
  readonly sign: StageDeadline;
  readonly finish: StageDeadline;
  /** Departments that have signed for it this round, the lead among them once it has. */
  readonly signed: readonly string[];
  readonly extensionRequest?: ExtensionRequest;
}

export type Resolution = 'answered' | 'replied';

/**
 * A ticket (工单). A returned ticket is back to 'registered' (it keeps its return count); a redo
 * (重办) is back to 'dispatched' in the next round; 'merged' ends a duplicate.
 */
export type TicketState =
  | { readonly status: 'none' }
  | ({ readonly status: 'registered' } & TicketFile)
  | ({ readonly status: 'answered'; readonly answeredAt: string; readonly article?: ArticleRef } & TicketFile)
  | ({ readonly status: 'dispatched'; readonly handling: Handling } & TicketFile)
  | ({ readonly status: 'signed'; readonly handling: Handling } & TicketFile)
  | ({ readonly status: 'replied'; readonly handling: Handling; readonly callbackClock?: StageDeadline; readonly callback?: CallbackResult } & TicketFile)
  | ({ readonly status: 'closed'; readonly resolution: Resolution } & TicketFile)
  | ({ readonly status: 'archived'; readonly resolution: Resolution } & TicketFile)
  | ({ readonly status: 'merged'; readonly into: string; readonly intoNumber: string } & TicketFile);

export type TicketStateStatus = TicketState['status'];

export const initialState: TicketState = { status: 'none' };

export function evolve(state: TicketState, event: TicketEvent): TicketState {
  switch (event.type) {
    case 'TicketRegistered': {
      const { registeredBy } = event.data;
      return {
        status: 'registered',
        ...factsOf(event.data),
        returns: 0,
        needsCoordination: false,
        round: 1,
        duplicates: [],
        operators: registeredBy ? [registeredBy] : [],
        published: false,
      };
    }
    case 'TicketAnswered': {
      if (state.status !== 'registered') return state;
      const { answeredAt, article } = event.data;
      return { ...state, status: 'answered', answeredAt, ...(article ? { article } : {}) };
    }
    case 'TicketDispatched': {
      if (state.status !== 'registered') return state;
      const { department, coHandlers, dispatchedAt, sign, finish } = event.data;
      return { ...state, status: 'dispatched', handling: { department, coHandlers, dispatchedAt, sign, finish, signed: [] } };
    }
    case 'TicketSigned': {
      if (state.status !== 'dispatched' && state.status !== 'signed') return state;
      const handling = { ...state.handling, signed: [...state.handling.signed, event.data.department] };
      return event.data.lead ? { ...state, status: 'signed', handling, needsCoordination: false } : { ...state, handling };
    }
    case 'TicketReturned': {
      if (state.status !== 'dispatched') return state;
      const { handling: _, ...rest } = state;
      return { ...rest, status: 'registered', returns: event.data.returns, needsCoordination: event.data.needsCoordination };
    }
    case 'TicketExtensionRequested': {
      if (state.status !== 'signed') return state;
      const { workingDays, reason, requestedAt } = event.data;
      return { ...state, handling: { ...state.handling, extensionRequest: { workingDays, reason, requestedAt } } };
    }
    case 'TicketExtensionDecided': {
      if (state.status !== 'signed') return state;
      const { extensionRequest: _, ...handling } = state.handling;
      return { ...state, handling: event.data.finish ? { ...handling, finish: event.data.finish } : handling };
    }
    case 'TicketReplied': {
      if (state.status !== 'signed') return state;
      const { extensionRequest: _, ...handling } = state.handling;
      const { callback } = event.data;
      return { ...state, status: 'replied', handling, ...(callback ? { callbackClock: callback } : {}) };
    }
    case 'TicketCalledBack':
      if (state.status !== 'replied') return state;
      return { ...state, callback: event.data.result };
    case 'TicketReopened': {
      if (state.status !== 'replied') return state;
      const { callbackClock: _, callback: __, handling: ___, ...rest } = state;
      const { department, coHandlers, round, reopenedAt, sign, finish } = event.data;
      return { ...rest, status: 'dispatched', round, handling: { department, coHandlers, dispatchedAt: reopenedAt, sign, finish, signed: [] } };
    }
    case 'TicketSupervised':
      return state;
    case 'TicketMerged': {
      if (state.status === 'none') return state;
      const { into, intoNumber } = event.data;
      const file = fileOf(state);
      return { ...file, status: 'merged', into, intoNumber };
    }
    case 'TicketDuplicateAttached': {
      if (state.status === 'none') return state;
      return { ...state, duplicates: [...state.duplicates, event.data.duplicate] };
    }
    case 'TicketTakenOver':
      if (state.status === 'none' || state.operators.includes(event.data.operatorId)) return state;
      return { ...state, operators: [...state.operators, event.data.operatorId] };
    case 'TicketClosed': {
      if (state.status !== 'answered' && state.status !== 'replied') return state;
      return { ...fileOf(state), status: 'closed', resolution: event.data.resolution };
    }
    case 'TicketArchived':
      if (state.status !== 'closed') return state;
      return { ...state, status: 'archived' };
    case 'TicketPublished':
      if (state.status === 'none') return state;
      return { ...state, published: true };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** A ticket's registered facts alone, dropping an empty title or address. */
function factsOf(from: TicketFacts): TicketFacts {
  const { ticketId, number, type, channel, urgency, caller, title, content, category, district, address, registeredAt } = from;
  return {
    ticketId,
    number,
    type,
    channel,
    urgency,
    caller,
    ...(title ? { title } : {}),
    content,
    category,
    district,
    ...(address ? { address } : {}),
    registeredAt,
  };
}

/** The ticket's own facts, without what belongs to its current status. */
export function fileOf(state: Exclude<TicketState, { status: 'none' }>): TicketFile {
  const { returns, needsCoordination, round, duplicates, operators, published } = state;
  return { ...factsOf(state), returns, needsCoordination, round, duplicates, operators, published };
}
