import type { WarehouseProjection } from '../application/projection.js';
import type { RecordedEvent } from '../application/ports/event-store.js';
import type { Row } from '../application/ports/warehouse.js';
import { isBadRating, type RatingEvent } from '../domain/ratings/index.js';
import { toClickHouseBool, toClickHouseTime } from './clickhouse-format.js';

const table = 'rating_facts';

/** Every column, NULL unless the event knows it (see analytics/0010_rating_facts.sql). */
const EMPTY = {
  case_no: null,
  item_code: null,
  department: null,
  channel: null,
  score: null,
  bad: null,
  rated_at: null,
  due_date: null,
  finding: null,
  verified_at: null,
  rectified_at: null,
  resolved_on_time: null,
  called_back_at: null,
  satisfied: null,
};

/**
 * Rating facts for the warehouse: one row per rating event with the facts it carries; the
 * `rating_facts_latest` view folds them into one row per rating. `version` is the event's global
 * position, so a replayed event yields the same row and deduplicates.
 */
export const ratingFacts: WarehouseProjection = {
  kind: 'warehouse',
  name: 'rating-facts',
  version: 1,
  categories: ['rating'],
  tables: [table],
  handle(recorded) {
    const row = factsOf(recorded);
    return row ? [{ table, row: { ...EMPTY, ...row, case_id: (recorded.data as RatingEvent['data']).caseId, version: recorded.position } }] : [];
  },
};

function factsOf(recorded: RecordedEvent): Row | undefined {
  const event = { type: recorded.type, data: recorded.data } as RatingEvent;
  switch (event.type) {
    case 'ServiceRated': {
      const { case: rated, channel, score, ratedAt } = event.data;
      return {
        status: 'rated',
        case_no: rated.caseNo,
        item_code: rated.itemCode,
        department: rated.department,
        channel,
        score,
        bad: toClickHouseBool(isBadRating(score)),
        rated_at: toClickHouseTime(ratedAt),
      };
    }
    case 'RectificationOpened':
      return { status: 'awaiting_verification', due_date: event.data.dueDate };
    case 'ComplaintVerified': {
      const { finding, verifiedAt, onTime } = event.data;
      const unfounded = finding === 'unfounded';
      return {
        status: unfounded ? 'awaiting_callback' : 'awaiting_rectification',
        finding,
        verified_at: toClickHouseTime(verifiedAt),
        ...(unfounded ? { resolved_on_time: toClickHouseBool(onTime) } : {}),
      };
    }
    case 'ServiceRectified':
      return { status: 'awaiting_callback', rectified_at: toClickHouseTime(event.data.rectifiedAt), resolved_on_time: toClickHouseBool(event.data.onTime) };
    case 'ApplicantCalledBack':
      return { status: 'closed', called_back_at: toClickHouseTime(event.data.calledBackAt), satisfied: toClickHouseBool(event.data.satisfied) };
    default:
      return undefined;
  }
}
