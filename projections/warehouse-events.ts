import type { WarehouseProjection } from '../application/projection.js';
import { categoryOf, dataJsonOf } from '../application/ports/event-store.js';
import { toClickHouseTime } from './clickhouse-format.js';

/** Every event, as it was written, into the warehouse's `events` table: the raw material of every report. */
export const warehouseEvents: WarehouseProjection = {
  kind: 'warehouse',
  name: 'warehouse-events',
  version: 1,
  tables: ['events'],
  handle: (event) => [
    {
      table: 'events',
      row: {
        event_id: event.id,
        stream: event.streamId,
        category: categoryOf(event.streamId),
        revision: event.revision,
        position: event.position,
        type: event.type,
        occurred_at: toClickHouseTime(event.metadata.occurredAt ?? event.recordedAt),
        recorded_at: toClickHouseTime(event.recordedAt),
        actor_id: event.metadata.actorId ?? '',
        actor_role: event.metadata.actorRole ?? '',
        department: event.metadata.actorDepartment ?? '',
        // The JSON as stored, when the store kept it: no parse, no re-serialisation.
        data: dataJsonOf(event),
      },
    },
  ],
};
