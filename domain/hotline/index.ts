import type { Decider } from '../shared/decider.js';
import type { TicketCommand } from './commands.js';
import { decide, type TicketDecideContext } from './decide.js';
import type { TicketEvent } from './events.js';
import { evolve, initialState, type TicketState } from './state.js';

export type * from './commands.js';
export type * from './events.js';
export * from './rules.js';
export type { TicketDecideContext } from './decide.js';
export { ticketStatusLabel } from './decide.js';
export { extendDeadline, keptDeadline, stageDeadline, stageLight, type StageLight } from './deadlines.js';
export { textSimilarity } from './similarity.js';
export { coarseAddress, coarseLocation, findPersonalData, redactPersonalData, type PersonalDataFound, type PersonalDataKind, type PrivateFacts } from './anonymity.js';
export {
  CLASSIFICATION_ID,
  MAX_CATEGORY_DEPTH,
  categoryRef,
  classificationDecider,
  classificationStreamId,
  districtRef,
  type CategoryNode,
  type ClassificationState,
  type DistrictNode,
} from './classification.js';
export { fileOf, type ExtensionRequest, type Handling, type Resolution, type TicketFile, type TicketState, type TicketStateStatus } from './state.js';

/** 工单: one stream per ticket. */
export const ticketDecider: Decider<TicketCommand, TicketEvent, TicketState, TicketDecideContext> = { initialState, evolve, decide };

export const ticketStreamId = (ticketId: string) => `ticket-${ticketId}`;
