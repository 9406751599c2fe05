import type { Decider } from '../shared/decider.js';
import type { CatalogCommand } from './commands.js';
import { decide, type CatalogDecideContext } from './decide.js';
import type { CatalogEvent } from './events.js';
import { evolve, initialState, type ItemState } from './state.js';

export type * from './commands.js';
export type * from './events.js';
export * from './rules.js';
export { requiredNumberField, type FormChecker, type FormProblem, type FormSchema } from './form.js';
export type { CatalogDecideContext } from './decide.js';
export {
  acceptsApplications,
  latestDefinition,
  publishedVersion,
  workingVersion,
  type ItemState,
  type ItemStatus,
  type PublishedVersion,
  type ReviewStatus,
  type WorkingVersion,
} from './state.js';

/** 事项库: one stream per item. */
export const catalogDecider: Decider<CatalogCommand, CatalogEvent, ItemState, CatalogDecideContext> = { initialState, evolve, decide };

export const itemStreamId = (code: string) => `item-${code}`;
