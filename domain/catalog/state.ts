import type { CatalogEvent, ItemDefinition } from './events.js';

export type ItemStatus = 'draft' | 'in_review' | 'approved' | 'sent_back' | 'published';

export type ItemState =
  | { readonly status: 'none' }
  | {
      readonly status: ItemStatus;
      readonly definition: ItemDefinition;
      /** The version now open for applications; kept apart so that a later revision under review does not close it. */
      readonly published?: { readonly version: number; readonly definition: ItemDefinition };
      readonly sentBackReason?: string;
    };

export const initialState: ItemState = { status: 'none' };

export function evolve(state: ItemState, event: CatalogEvent): ItemState {
  switch (event.type) {
    case 'ItemDrafted':
      return state.status === 'none'
        ? { status: 'draft', definition: event.data }
        : { status: 'draft', definition: event.data, ...(state.published ? { published: state.published } : {}) };
    case 'ItemSubmittedForReview':
      return state.status === 'none' ? state : { ...state, status: 'in_review', sentBackReason: undefined };
    case 'ItemApproved':
      return state.status === 'none' ? state : { ...state, status: 'approved' };
    case 'ItemSentBack':
      return state.status === 'none' ? state : { ...state, status: 'sent_back', sentBackReason: event.data.reason };
    case 'ItemPublished':
      return state.status === 'none'
        ? state
        : { ...state, status: 'published', published: { version: event.data.version, definition: state.definition } };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Only a published version receives applications (审核入库后方可运行). */
export function acceptsApplications(state: ItemState): boolean {
  return state.status !== 'none' && state.published !== undefined;
}

/** The published version a new case is filed under, or undefined when there is none. */
export function publishedVersion(state: ItemState): { readonly version: number; readonly definition: ItemDefinition } | undefined {
  return state.status === 'none' ? undefined : state.published;
}
