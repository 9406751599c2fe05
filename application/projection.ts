import type { IndexSpec, WriteOp } from './ports/document-store.js';
import type { RecordedEvent } from './ports/event-store.js';
import type { Row } from './ports/warehouse.js';

interface ProjectionBase {
  /** Stable name: the checkpoint's key. */
  readonly name: string;
  /** Bumping it rebuilds the projection from the first event. */
  readonly version: number;
  /** Stream categories it reads; omitted: every stream. */
  readonly categories?: readonly string[];
}

/** Writes operational views (documents) for queries and live screens. */
export interface DocumentProjection extends ProjectionBase {
  readonly kind: 'documents';
  /** Collections it owns: dropped on rebuild. */
  readonly collections: readonly string[];
  readonly indexes?: Readonly<Record<string, readonly IndexSpec[]>>;
  /** The writes one event causes; no I/O. */
  handle(event: RecordedEvent): readonly WriteOp[];
}

/** Writes warehouse rows for dashboards and supervision rules. Rows are deduplicated by the table. */
export interface WarehouseProjection extends ProjectionBase {
  readonly kind: 'warehouse';
  /** Tables it owns: emptied on rebuild. */
  readonly tables: readonly string[];
  handle(event: RecordedEvent): readonly { readonly table: string; readonly row: Row }[];
  /**
   * The rows `handle` makes, as one ClickHouse SELECT over `log`: the events with the event
   * store's columns (`position`, `id`, `stream_id`, `category`, `revision`, `type`, `data` and
   * `metadata` as JSON text, `recorded_at` as ISO text), inserted into `tables[0]`. Given, a
   * catch-up runs inside the engines where they allow it (see `EventLogCopy`); live events still go
   * through `handle`. It must make exactly the rows `handle` makes: a test holds the two to it.
   */
  readonly logSelect?: string;
}

export type Projection = DocumentProjection | WarehouseProjection;
