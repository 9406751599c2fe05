import type { Warehouse } from '../../application/ports/warehouse.js';
import { ChdbWarehouse } from './chdb-warehouse.js';
import { ClickHouseWarehouse } from './clickhouse-warehouse.js';

export { ChdbWarehouse } from './chdb-warehouse.js';
export { ClickHouseWarehouse } from './clickhouse-warehouse.js';
export { applyMigrations, splitStatements } from './migrations.js';

export interface WarehouseConfig {
  /** Callers pass `${DATA_DIR}/warehouse`; used when no server URL is set. */
  readonly dataDir: string;
  /** CLICKHOUSE_URL: a server or cluster replaces the embedded engine. */
  readonly clickhouseUrl?: string;
}

export async function openWarehouse({ dataDir, clickhouseUrl }: WarehouseConfig): Promise<Warehouse> {
  return clickhouseUrl ? new ClickHouseWarehouse({ url: clickhouseUrl }) : new ChdbWarehouse(dataDir);
}
