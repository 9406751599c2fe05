import type { CatalogEvent, ItemDefinition } from './events.js';

/** Where a version stands in legal review (审核) before it is published. */
export type ReviewStatus = 'draft' | 'in_review' | 'approved' | 'sent_back';

/** The item's status: still in its first review, or published and then suspended or retired. */
export type ItemStatus = ReviewStatus | 'published' | 'suspended' | 'retired';

/** A version being drafted or reviewed. */
export interface WorkingVersion {
  readonly status: ReviewStatus;
  readonly version: number;
  readonly definition: ItemDefinition;
  readonly sentBackReason?: string;
}

export interface PublishedVersion {
  readonly version: number;
  readonly definition: ItemDefinition;
  readonly publishedAt: string;
}

export type ItemState =
  | { readonly status: 'none' }
  /** Never published: the first version is in review. */
  | ({ readonly status: ReviewStatus } & { readonly working: WorkingVersion })
  /**
   * Published at least once. `published` keeps taking applications while a `revision` (the next
   * version) goes through review; suspension closes it for a while, retirement for good.
   */
  | {
      readonly status: 'published' | 'suspended' | 'retired';
      readonly published: PublishedVersion;
      readonly revision?: WorkingVersion;
      readonly suspendedReason?: string;
    };

export const initialState: ItemState = { status: 'none' };

export function evolve(state: ItemState, event: CatalogEvent): ItemState {
  switch (event.type) {
    case 'ItemDrafted': {
      const { version, ...definition } = event.data;
      const working: WorkingVersion = { status: 'draft', version: version ?? 1, definition };
      if (state.status === 'none' || !('published' in state)) return { status: 'draft', working };
      return { ...state, revision: working };
    }
    case 'ItemSubmittedForReview':
      return review(state, 'in_review');
    case 'ItemApproved':
      return review(state, 'approved');
    case 'ItemSentBack':
      return review(state, 'sent_back', event.data.reason);
    case 'ItemPublished': {
      if (state.status === 'none') return state;
      const working = 'published' in state ? state.revision : state.working;
      // Events written before publication carried the definition take it from the version in review.
      const definition = event.data.definition ?? working?.definition;
      if (!definition) return state;
      const published = { version: event.data.version, definition, publishedAt: event.data.publishedAt };
      return 'published' in state
        ? { status: state.status, published, ...(state.suspendedReason ? { suspendedReason: state.suspendedReason } : {}) }
        : { status: 'published', published };
    }
    case 'ItemSuspended':
      return 'published' in state ? { ...state, status: 'suspended', suspendedReason: event.data.reason } : state;
    case 'ItemResumed':
      if (!('published' in state)) return state;
      return { status: 'published', published: state.published, ...(state.revision ? { revision: state.revision } : {}) };
    case 'ItemRetired':
      return 'published' in state ? { status: 'retired', published: state.published } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function review(state: ItemState, status: ReviewStatus, sentBackReason?: string): ItemState {
  const next = (w: WorkingVersion): WorkingVersion => ({ status, version: w.version, definition: w.definition, ...(sentBackReason ? { sentBackReason } : {}) });
  if (state.status === 'none') return state;
  if ('published' in state) return state.revision ? { ...state, revision: next(state.revision) } : state;
  return { status, working: next(state.working) };
}

/** The version being drafted or reviewed, if any. */
export function workingVersion(state: ItemState): WorkingVersion | undefined {
  if (state.status === 'none') return undefined;
  return 'published' in state ? state.revision : state.working;
}

/** The latest definition of the item, published or not. */
export function latestDefinition(state: ItemState): ItemDefinition | undefined {
  if (state.status === 'none') return undefined;
  return workingVersion(state)?.definition ?? ('published' in state ? state.published.definition : undefined);
}

/** Only a published, not suspended, not retired item receives applications (审核入库后方可运行). */
export function acceptsApplications(state: ItemState): boolean {
  return state.status === 'published';
}

/** The version a new case is filed under (or would be, once the item reopens); undefined before the first publication. */
export function publishedVersion(state: ItemState): PublishedVersion | undefined {
  return state.status !== 'none' && 'published' in state ? state.published : undefined;
}
