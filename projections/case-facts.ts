import type { WarehouseProjection } from '../application/projection.js';
import type { RecordedEvent } from '../application/ports/event-store.js';
import type { Row } from '../application/ports/warehouse.js';
import type { CaseEvent } from '../domain/cases/index.js';
import { toClickHouseBool, toClickHouseTime } from './clickhouse-format.js';

const table = 'case_facts';

/** Every column, NULL unless the event knows it (see analytics/0002_case_facts.sql). */
const EMPTY = {
  case_no: null,
  item_code: null,
  department: null,
  channel: null,
  submitted_at: null,
  accepted_at: null,
  decided_at: null,
  completed_at: null,
  due_date: null,
  granted: null,
  working_days_used: null,
  on_time: null,
};

/**
 * Case facts for the warehouse: one row per case event with the facts that event carries; the
 * `case_facts_latest` view folds them into each case's latest facts. `version` is the event's
 * global position, so a replayed event yields the same row and deduplicates.
 */
export const caseFacts: WarehouseProjection = {
  kind: 'warehouse',
  name: 'case-facts',
  version: 1,
  categories: ['case'],
  tables: [table],
  handle(recorded) {
    const row = factsOf(recorded);
    return row ? [{ table, row: { ...EMPTY, ...row, case_id: (recorded.data as CaseEvent['data']).caseId, version: recorded.position } }] : [];
  },
};

function factsOf(recorded: RecordedEvent): Row | undefined {
  const event = { type: recorded.type, data: recorded.data } as CaseEvent;
  switch (event.type) {
    case 'CaseSubmitted': {
      const { caseNo, item, channel, submittedAt } = event.data;
      return { status: 'submitted', case_no: caseNo, item_code: item.code, department: item.department, channel, submitted_at: toClickHouseTime(submittedAt) };
    }
    case 'CaseAccepted':
      return { status: 'accepted', accepted_at: toClickHouseTime(event.data.acceptedAt), due_date: event.data.dueDate };
    case 'CaseGranted':
    case 'CaseDenied': {
      const granted = event.type === 'CaseGranted';
      return {
        status: granted ? 'granted' : 'denied',
        decided_at: toClickHouseTime(event.data.decidedAt),
        granted: toClickHouseBool(granted),
        working_days_used: event.data.workingDaysUsed,
        on_time: toClickHouseBool(event.data.onTime),
      };
    }
    case 'CaseCompleted':
      return { status: 'completed', completed_at: toClickHouseTime(event.data.completedAt) };
    default:
      return undefined;
  }
}
