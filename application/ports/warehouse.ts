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

export class WarehouseError extends Error {
  override readonly name = 'WarehouseError';
}
