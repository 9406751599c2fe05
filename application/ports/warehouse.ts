/**
 * The decision-support warehouse: ClickHouse SQL, embedded (chDB) or a server.
 * Parameters use ClickHouse's `{name:Type}` syntax in both adapters.
 */
export type Row = Record<string, unknown>;

export interface Warehouse {
  /** Applies the ordered `.sql` files of a folder once each, recording them; returns those applied now. */
  migrate(folder: string): Promise<string[]>;
  /** Inserts rows (JSONEachRow) into a table. */
  insert(table: string, rows: readonly Row[]): Promise<void>;
  query<T extends Row = Row>(sql: string, params?: Readonly<Record<string, unknown>>): Promise<T[]>;
  /** A statement with no result (DDL, OPTIMIZE, …). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A warehouse that can read the event store's own storage (chDB beside the embedded SQLite store)
 * copies events into warehouse rows inside the engines: it reads a range of positions straight
 * from the store, checks every event's hash as a read of the store would, and inserts the rows a
 * projection's SQL (`WarehouseProjection.logSelect`) makes of them. No event passes through this
 * process's JavaScript, which is what lets a warehouse projection catch up at the engines' speed.
 */
export interface EventLogCopy {
  /**
   * Inserts into `table` the rows `select` makes of the events in positions (after, upTo], of
   * `categories` when given. Rejects when an event's hash does not match or `select` fails on an
   * event; rows of the events before it may have been inserted (warehouse tables deduplicate).
   */
  copy(request: EventLogCopyRequest): Promise<void>;
}

export interface EventLogCopyRequest {
  readonly table: string;
  /** A ClickHouse SELECT over `log` (see `WarehouseProjection.logSelect`). */
  readonly select: string;
  readonly after: number;
  readonly upTo: number;
  readonly categories?: readonly string[];
}

export class WarehouseError extends Error {
  override readonly name = 'WarehouseError';
}
