import type { DecideContext, Decider } from '../shared/decider.js';
import type { CatalogCommand } from './commands.js';
import { decide } from './decide.js';
import type { CatalogEvent } from './events.js';
import { evolve, initialState, type ItemState } from './state.js';

export type * from './commands.js';
export type * from './events.js';
export * from './rules.js';
export { acceptsApplications, publishedVersion, type ItemState, type ItemStatus } from './state.js';

/** 事项库: one stream per item. */
export const catalogDecider: Decider<CatalogCommand, CatalogEvent, ItemState, DecideContext> = { initialState, evolve, decide };

export const itemStreamId = (code: string) => `item-${code}`;
