import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'chdb';
import { WarehouseError, type Row, type Warehouse } from '../../application/ports/warehouse.js';
import { logger } from '../logging/logger.js';
import {
  INSERT_BATCH_ROWS, INSERT_SETTINGS, QUERY_SETTINGS, checkTableName, closedError, toJson, toQueryParams, toWarehouseError,
} from './common.js';
import { applyMigrations } from './migrations.js';

const log = logger('warehouse-chdb');

/**
 * The warehouse embedded in this process (chDB). Queries and inserts run on libuv's thread pool,
 * so the event loop keeps serving while ClickHouse works.
 */
export class ChdbWarehouse implements Warehouse {
  private readonly session: Session;
  private readonly inflight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(readonly dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      this.session = new Session(dataDir, {
        connectionArgs: Object.entries(QUERY_SETTINGS).map(([k, v]) => `--${k}=${v}`),
      });
    } catch (e) {
      throw openError(dataDir, e);
    }
    log.info({ dataDir }, 'embedded warehouse opened');
  }

  migrate(folder: string): Promise<string[]> {
    return applyMigrations(this, folder);
  }

  insert(table: string, rows: readonly Row[]): Promise<void> {
    return this.track(async () => {
      checkTableName(table);
      // Each batch goes as one JSON array, which JSONEachRow accepts and V8 stringifies about twice
      // as fast as row by row; the next batch is serialised while the engine writes this one.
      let writing: Promise<unknown> | undefined;
      try {
        for (let i = 0; i < rows.length; i += INSERT_BATCH_ROWS) {
          const values = Buffer.from(toJson(rows.slice(i, i + INSERT_BATCH_ROWS)));
          await writing;
          writing = this.session.insert({ table, values, format: 'JSONEachRow', settings: INSERT_SETTINGS });
        }
      } catch (e) {
        await writing?.catch(() => undefined); // never settle (and let close() run) while a write is running
        throw e;
      }
      await writing;
    });
  }

  query<T extends Row = Row>(sql: string, params?: Readonly<Record<string, unknown>>): Promise<T[]> {
    return this.track(async () => {
      const result = params && Object.keys(params).length > 0
        ? await this.session.queryBindAsync(sql, toQueryParams(params), { format: 'JSON' })
        : await this.session.queryAsync(sql, { format: 'JSON' });
      const text = result.text();
      return text ? (JSON.parse(text) as { data: T[] }).data : [];
    });
  }

  exec(sql: string): Promise<void> {
    return this.track(async () => {
      await this.session.queryAsync(sql);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Closing under a running operation would abort the engine for the whole process.
    await Promise.allSettled([...this.inflight]);
    this.session.close();
    log.info({ dataDir: this.dataDir }, 'embedded warehouse closed');
  }

  private track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(closedError());
    const running = operation().catch((e: unknown) => {
      throw toWarehouseError(e);
    });
    this.inflight.add(running);
    const forget = () => this.inflight.delete(running);
    running.then(forget, forget);
    return running;
  }
}

/** ClickHouse locks `<dir>/status`, which names the holder's pid, while a process uses the directory. */
function openError(dataDir: string, e: unknown): WarehouseError {
  const pid = holderPid(path.join(dataDir, 'status'));
  if (pid !== undefined) {
    return new WarehouseError(
      `the warehouse data directory ${dataDir} is in use by another process (pid ${pid}), ` +
      'e.g. a running server; stop it or point DATA_DIR elsewhere', { cause: e });
  }
  return new WarehouseError(`cannot open the warehouse at ${dataDir}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

function holderPid(statusFile: string): number | undefined {
  let pid: number;
  try {
    pid = Number(/PID:\s*(\d+)/.exec(fs.readFileSync(statusFile, 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
  if (!pid || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0); // probes only; throws ESRCH for a stale file left by a crash
    return pid;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
