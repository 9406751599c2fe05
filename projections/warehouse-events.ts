import type { WarehouseProjection } from '../application/projection.js';
import { categoryOf, dataJsonOf } from '../application/ports/event-store.js';
import { toClickHouseTime } from './clickhouse-format.js';

/** A metadata field as text: a string as it is, nothing as '', anything else as its JSON (as ClickHouse extracts it). */
const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));

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
        occurred_at: toClickHouseTime(typeof event.metadata.occurredAt === 'string' && event.metadata.occurredAt ? event.metadata.occurredAt : event.recordedAt),
        recorded_at: toClickHouseTime(event.recordedAt),
        actor_id: text(event.metadata.actorId),
        actor_role: text(event.metadata.actorRole),
        department: text(event.metadata.actorDepartment),
        // The JSON as stored, when the store kept it: no parse, no re-serialisation.
        data: dataJsonOf(event),
      },
    },
  ],
  // The same rows, made inside the engine (the actor's fields extracted as one tuple; a time that is not text is not a time).
  logSelect: `
    SELECT toUUID(id) AS event_id, stream_id AS stream, category, revision, position, type,
      parseDateTime64BestEffort(if(occurred = '', recorded, occurred), 3, 'UTC') AS occurred_at,
      parseDateTime64BestEffort(recorded, 3, 'UTC') AS recorded_at,
      m.1 AS actor_id, m.2 AS actor_role, m.3 AS department, data
    FROM (
      SELECT id, stream_id, category, revision, position, type, data, recorded_at AS recorded,
        if(JSONType(metadata, 'occurredAt') = 'String', JSONExtractString(metadata, 'occurredAt'), '') AS occurred,
        JSONExtract(metadata, 'Tuple(actorId String, actorRole String, actorDepartment String)') AS m
      FROM log
    )`,
};
