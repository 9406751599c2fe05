import type { WarehouseProjection } from '../application/projection.js';
import type { RecordedEvent } from '../application/ports/event-store.js';
import type { Row } from '../application/ports/warehouse.js';
import type { CaseEvent } from '../domain/cases/index.js';
import type { RatingEvent } from '../domain/ratings/index.js';
import { toClickHouseBool, toClickHouseTime } from './clickhouse-format.js';

const table = 'case_facts';

/** Every column, NULL unless the event knows it (analytics/0002_case_facts.sql, 0003_case_facts_lifecycle.sql). */
const EMPTY = {
  case_no: null,
  item_code: null,
  item_version: null,
  department: null,
  channel: null,
  submitted_at: null,
  accepted_at: null,
  deemed_accepted: null,
  supplement_requested_at: null,
  decided_at: null,
  completed_at: null,
  closed_at: null,
  due_date: null,
  granted: null,
  working_days_used: null,
  suspended_days: null,
  extension_days: null,
  on_time: null,
  fee_cents: null,
  fee_paid_at: null,
  certificate_no: null,
  certificate_issued_at: null,
  certificate_on_time: null,
  delivered_at: null,
  delivery_method: null,
  rating: null,
};

/** Written by events that leave the status as it was: the latest view skips it. */
const UNCHANGED = '';

/**
 * Case facts for the warehouse: one row per case event with the facts that event carries (and one
 * per rating, `rating-<caseId>` streams, with the score alone and status ''); the
 * `case_facts_latest` view folds them into one row per case, each column its latest value.
 * `version` is the event's global position, so a replayed event yields the same row and deduplicates.
 */
export const caseFacts: WarehouseProjection = {
  kind: 'warehouse',
  name: 'case-facts',
  version: 3,
  categories: ['case', 'rating'],
  tables: [table],
  handle(recorded) {
    const row = factsOf(recorded);
    return row ? [{ table, row: { ...EMPTY, ...row, case_id: (recorded.data as (CaseEvent | RatingEvent)['data']).caseId, version: recorded.position } }] : [];
  },
};

function factsOf(recorded: RecordedEvent): Row | undefined {
  const event = { type: recorded.type, data: recorded.data } as CaseEvent | RatingEvent;
  switch (event.type) {
    // 好差评: the case's rating; not a change of the case's status. Other rating events are not case facts.
    case 'ServiceRated':
      return { status: UNCHANGED, rating: event.data.score };
    case 'CaseSubmitted': {
      const { caseNo, item, channel, submittedAt } = event.data;
      return {
        status: 'submitted',
        case_no: caseNo,
        item_code: item.code,
        item_version: item.version,
        department: item.department,
        channel,
        submitted_at: toClickHouseTime(submittedAt),
      };
    }
    case 'CaseSupplementRequested':
      return event.data.stage === 'acceptance'
        ? { status: 'supplement_requested', supplement_requested_at: toClickHouseTime(event.data.requestedAt) }
        : { status: UNCHANGED, supplement_requested_at: toClickHouseTime(event.data.requestedAt) };
    case 'CaseSupplemented':
      return event.data.stage === 'acceptance' ? { status: 'submitted' } : undefined;
    case 'CaseRefused':
      return { status: 'refused', closed_at: toClickHouseTime(event.data.refusedAt) };
    case 'CaseAccepted':
      return {
        status: 'accepted',
        accepted_at: toClickHouseTime(event.data.acceptedAt),
        deemed_accepted: toClickHouseBool(event.data.deemedFromReceipt ?? false),
        due_date: event.data.dueDate,
        suspended_days: 0,
      };
    case 'CaseSuspended':
      return { status: 'suspended' };
    case 'CaseResumed':
      return { status: 'accepted', due_date: event.data.dueDate, suspended_days: event.data.totalSuspendedDays };
    case 'CaseTimeLimitExtended':
      return { status: UNCHANGED, due_date: event.data.dueDate, extension_days: event.data.days };
    case 'CaseGranted':
    case 'CaseDenied': {
      const granted = event.type === 'CaseGranted';
      return {
        status: granted ? 'granted' : 'denied',
        decided_at: toClickHouseTime(event.data.decidedAt),
        granted: toClickHouseBool(granted),
        working_days_used: event.data.workingDaysUsed,
        ...(event.data.suspendedDays !== undefined ? { suspended_days: event.data.suspendedDays } : {}),
        on_time: toClickHouseBool(event.data.onTime),
      };
    }
    case 'CaseFeeAssessed':
      return { status: UNCHANGED, fee_cents: event.data.amountCents };
    case 'CaseFeePaid':
      return { status: UNCHANGED, fee_paid_at: toClickHouseTime(event.data.paidAt) };
    case 'CaseCertificateIssued':
      return {
        status: 'certificate_issued',
        certificate_no: event.data.certificateNo,
        certificate_issued_at: toClickHouseTime(event.data.issuedAt),
        certificate_on_time: toClickHouseBool(event.data.onTime),
      };
    case 'CaseDelivered':
      return { status: 'delivered', delivered_at: toClickHouseTime(event.data.deliveredAt), delivery_method: event.data.method };
    case 'CaseCompleted':
      return { status: 'completed', completed_at: toClickHouseTime(event.data.completedAt) };
    case 'CaseWithdrawn':
      return { status: 'withdrawn', closed_at: toClickHouseTime(event.data.withdrawnAt) };
    case 'CaseTerminated':
      return { status: 'terminated', closed_at: toClickHouseTime(event.data.terminatedAt) };
    case 'CaseReviewed':
      return undefined;
    default:
      return undefined;
  }
}
