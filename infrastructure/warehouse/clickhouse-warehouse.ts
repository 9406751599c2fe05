import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import type { Row, Warehouse } from '../../application/ports/warehouse.js';
import { logger } from '../logging/logger.js';
import {
  INSERT_BATCH_ROWS, INSERT_SETTINGS, QUERY_SETTINGS, checkTableName, closedError, toJson, toQueryParams, toWarehouseError,
} from './common.js';
import { applyMigrations } from './migrations.js';

const log = logger('warehouse-clickhouse');

export interface ClickHouseWarehouseOptions {
  /** `http[s]://[user:password@]host:port[/database]` */
  readonly url: string;
  /** Overrides the database of the URL. */
  readonly database?: string;
  /** More client settings (TLS, timeouts, a custom connection); url, database and settings above win. */
  readonly client?: ClickHouseClientConfigOptions;
}

/** The warehouse on a ClickHouse server or cluster, over HTTP. */
export class ClickHouseWarehouse implements Warehouse {
  private readonly client: ClickHouseClient;
  private closed = false;

  constructor(options: ClickHouseWarehouseOptions) {
    this.client = createClient({
      ...options.client,
      url: options.url,
      ...(options.database ? { database: options.database } : {}),
      application: 'govhall',
      clickhouse_settings: { ...options.client?.clickhouse_settings, ...QUERY_SETTINGS },
      json: { parse: JSON.parse, stringify: toJson },
    });
    log.info({ host: new URL(options.url).host }, 'ClickHouse warehouse client created');
  }

  migrate(folder: string): Promise<string[]> {
    return applyMigrations(this, folder);
  }

  async insert(table: string, rows: readonly Row[]): Promise<void> {
    this.checkOpen();
    checkTableName(table);
    try {
      for (let i = 0; i < rows.length; i += INSERT_BATCH_ROWS) {
        await this.client.insert({
          table,
          values: rows.slice(i, i + INSERT_BATCH_ROWS),
          format: 'JSONEachRow',
          clickhouse_settings: INSERT_SETTINGS,
        });
      }
    } catch (e) {
      throw toWarehouseError(e);
    }
  }

  async query<T extends Row = Row>(sql: string, params?: Readonly<Record<string, unknown>>): Promise<T[]> {
    this.checkOpen();
    try {
      const result = await this.client.query({ query: sql, query_params: toQueryParams(params), format: 'JSONEachRow' });
      return await result.json<T>();
    } catch (e) {
      throw toWarehouseError(e);
    }
  }

  async exec(sql: string): Promise<void> {
    this.checkOpen();
    try {
      await this.client.command({ query: sql });
    } catch (e) {
      throw toWarehouseError(e);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  private checkOpen(): void {
    if (this.closed) throw closedError();
  }
}
