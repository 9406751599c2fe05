import type { WarehouseProjection } from '../application/projection.js';
import type { RecordedEvent } from '../application/ports/event-store.js';
import type { Row } from '../application/ports/warehouse.js';
import type { StageDeadline, TicketEvent } from '../domain/hotline/events.js';
import { toClickHouseBool, toClickHouseTime } from './clickhouse-format.js';

const table = 'ticket_facts';

/** Every column, NULL unless the event knows it (analytics/0020_ticket_facts.sql). */
const EMPTY = {
  ticket_no: null,
  type: null,
  channel: null,
  urgency: null,
  category_code: null,
  category_name: null,
  top_category: null,
  top_category_name: null,
  district: null,
  district_name: null,
  lead_department: null,
  registered_at: null,
  answered_at: null,
  dispatched_at: null,
  signed_at: null,
  replied_at: null,
  called_back_at: null,
  closed_at: null,
  archived_at: null,
  sign_due_at: null,
  finish_due_at: null,
  callback_due_at: null,
  signed_on_time: null,
  replied_on_time: null,
  called_back_on_time: null,
  round: null,
  returns: null,
  extension_requested: null,
  extension_approved: null,
  supervision_kind: null,
  callback_result: null,
  callback_resolved: null,
  merged_into: null,
  merged_from: null,
  answered_directly: null,
  article_id: null,
  article_version: null,
  published: null,
  caller_key: null,
};

/** Written by events that leave the status as it was: the latest view skips it. */
const UNCHANGED = '';

/** Written to signed_at / replied_at when a round starts: the latest view reads it as "not yet in this round". */
const NOT_YET = '1970-01-01 00:00:00.000';

/** Written to lead_department by a return: the ticket is with no department until dispatched again. */
const NO_DEPARTMENT = '';

/**
 * The caller's keyed hash, when the application put one on the registration. Never the phone:
 * the warehouse holds no personal data.
 */
function callerKeyOf(data: object): string | null {
  const key = (data as { callerKey?: unknown }).callerKey;
  return typeof key === 'string' && key !== '' ? key : null;
}

/** A new round's clocks (a dispatch or a redo): the round's signing and reply are still to come. */
function roundStarts(department: string, round: number, at: string, sign: StageDeadline, finish: StageDeadline): Row {
  return {
    status: 'dispatched',
    lead_department: department,
    round,
    dispatched_at: toClickHouseTime(at),
    signed_at: NOT_YET,
    replied_at: NOT_YET,
    sign_due_at: toClickHouseTime(sign.dueAt),
    finish_due_at: toClickHouseTime(finish.dueAt),
  };
}

/**
 * Ticket facts (工单事实) for the warehouse: one row per ticket event with the facts that event
 * carries; the `ticket_facts_latest` view folds them into one row per ticket. `version` is the
 * event's global position, so a replayed event yields the same row and deduplicates. Texts, names,
 * phones and places of callers never leave the event store.
 */
export const ticketFacts: WarehouseProjection = {
  kind: 'warehouse',
  name: 'ticket-facts',
  version: 1,
  categories: ['ticket'],
  tables: [table],
  handle(recorded) {
    const row = factsOf(recorded);
    return row ? [{ table, row: { ...EMPTY, ...row, ticket_id: (recorded.data as TicketEvent['data']).ticketId, version: recorded.position } }] : [];
  },
};

function factsOf(recorded: RecordedEvent): Row | undefined {
  const event = { type: recorded.type, data: recorded.data } as TicketEvent;
  switch (event.type) {
    case 'TicketRegistered': {
      const { number, type, channel, urgency, category, district, registeredAt } = event.data;
      return {
        status: 'registered',
        ticket_no: number,
        type,
        channel,
        urgency,
        category_code: category.code,
        category_name: category.name,
        top_category: category.path[0] ?? category.code,
        top_category_name: category.pathNames[0] ?? category.name,
        district: district.code,
        district_name: district.name,
        registered_at: toClickHouseTime(registeredAt),
        answered_directly: 0,
        caller_key: callerKeyOf(event.data),
      };
    }
    case 'TicketAnswered': {
      const { article, answeredAt } = event.data;
      return {
        status: 'answered',
        answered_at: toClickHouseTime(answeredAt),
        answered_directly: 1,
        ...(article ? { article_id: article.id, article_version: article.version } : {}),
      };
    }
    case 'TicketDispatched': {
      const { department, round, dispatchedAt, sign, finish } = event.data;
      return roundStarts(department, round, dispatchedAt, sign, finish);
    }
    case 'TicketReopened': {
      const { department, round, reopenedAt, sign, finish } = event.data;
      return roundStarts(department, round, reopenedAt, sign, finish);
    }
    case 'TicketSigned': {
      // A co-handling department's signing (协办) is not the lead department's response.
      if (!event.data.lead) return undefined;
      const { round, signedAt, onTime } = event.data;
      return { status: 'signed', round, signed_at: toClickHouseTime(signedAt), signed_on_time: toClickHouseBool(onTime) };
    }
    case 'TicketReturned':
      return { status: 'registered', lead_department: NO_DEPARTMENT, returns: event.data.returns };
    case 'TicketExtensionRequested':
      return { status: UNCHANGED, extension_requested: 1 };
    case 'TicketExtensionDecided': {
      const { approved, finish } = event.data;
      return { status: UNCHANGED, extension_approved: toClickHouseBool(approved), ...(approved && finish ? { finish_due_at: toClickHouseTime(finish.dueAt) } : {}) };
    }
    case 'TicketReplied': {
      const { round, repliedAt, onTime, callback } = event.data;
      return {
        status: 'replied',
        round,
        replied_at: toClickHouseTime(repliedAt),
        replied_on_time: toClickHouseBool(onTime),
        // No callback clock when the caller left no phone (domain/hotline/decide.ts ReplyTicket).
        ...(callback ? { callback_due_at: toClickHouseTime(callback.dueAt) } : {}),
      };
    }
    case 'TicketCalledBack': {
      const { resolved, result, round, calledBackAt, onTime } = event.data;
      return {
        status: UNCHANGED,
        round,
        called_back_at: toClickHouseTime(calledBackAt),
        called_back_on_time: toClickHouseBool(onTime),
        callback_result: result,
        // NULL for callbacks recorded before 是否解决 was asked.
        ...(resolved !== undefined ? { callback_resolved: toClickHouseBool(resolved) } : {}),
      };
    }
    case 'TicketSupervised':
      return { status: UNCHANGED, supervision_kind: event.data.kind };
    case 'TicketMerged':
      return { status: 'merged', merged_into: event.data.into };
    case 'TicketDuplicateAttached':
      return { status: UNCHANGED, merged_from: event.data.duplicate.ticketId };
    case 'TicketClosed':
      // The closing repeats the last callback's result, which its own row already holds.
      return { status: 'closed', closed_at: toClickHouseTime(event.data.closedAt) };
    case 'TicketArchived':
      return { status: 'archived', archived_at: toClickHouseTime(event.data.archivedAt) };
    case 'TicketPublished':
      return { status: UNCHANGED, published: 1 };
    default:
      return undefined;
  }
}
