import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'chdb';
import { WarehouseError, type EventLogCopy, type Row, type Warehouse } from '../../application/ports/warehouse.js';
import { logger } from '../logging/logger.js';
import {
  INSERT_BATCH_ROWS, INSERT_SETTINGS, QUERY_SETTINGS, checkTableName, closedError, settingsList, stringLiteral, toJson, toQueryParams, toWarehouseError,
} from './common.js';
import { eventLogCopySql } from './chdb-event-log-copy.js';
import { applyMigrations } from './migrations.js';
import { encodeNative, planColumns, type ColumnInfo } from './native-format.js';

const log = logger('warehouse-chdb');

/**
 * Settings of the embedded engine's inserts, besides `INSERT_SETTINGS`. Deduplicating a
 * ReplacingMergeTree block as it is inserted doubled the cost of an insert; rows are deduplicated
 * when parts merge and by FINAL, which is how every query reads those tables, and a batch never
 * holds the same row twice.
 */
const CHDB_INSERT_SETTINGS = {
  ...INSERT_SETTINGS,
  optimize_on_insert: 0,
} as const;

/** Where insert payloads are staged: memory-backed when the system has it. */
function stagingBase(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/**
 * The warehouse embedded in this process (chDB). Queries and inserts run on libuv's thread pool,
 * so the event loop keeps serving while ClickHouse works.
 *
 * Inserts are staged in a file (in /dev/shm where it exists) and read by `INSERT … FROM INFILE`:
 * chDB handles a payload inside the statement text several times slower than the same payload
 * from a file. Rows of plain values go in ClickHouse's Native format (columns of binary values,
 * no text to parse), others in JSONEachRow. Each insert is serialised when it is called and
 * written to the engine after the inserts before it, so a caller may hand over its next batch
 * while the engine writes the last one.
 */
export class ChdbWarehouse implements Warehouse {
  private readonly session: Session;
  private readonly inflight = new Set<Promise<unknown>>();
  /** Each table's columns, looked up on its first insert (again after DDL). */
  private readonly columns = new Map<string, Promise<ColumnInfo[]>>();
  /** The last insert handed over (settled either way): the next one writes after it. */
  private writes: Promise<unknown> = Promise.resolve();
  /** The directory insert payloads are staged in. */
  private staging?: string;
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
    this.columns.clear();
    return applyMigrations(this, folder);
  }

  insert(table: string, rows: readonly Row[]): Promise<void> {
    if (this.closed) return Promise.reject(closedError());
    try {
      checkTableName(table);
    } catch (e) {
      return Promise.reject(e);
    }
    if (rows.length === 0) return Promise.resolve();
    // Serialised as soon as the table's columns are known (at once, after the first insert), so
    // the caller's next work overlaps the engine's write; written after the writes before it.
    const payloads = this.columnsOf(table).then((columns) => this.payloads(rows, columns));
    const previous = this.writes;
    const written = this.track(async () => {
      const ready = await payloads;
      await previous;
      for (const payload of ready) await this.write(table, payload);
    });
    this.writes = written.catch(() => undefined);
    return written;
  }

  /**
   * Copies from the embedded event store's file (`file`) inside the engine (see
   * chdb-event-log-copy.ts). The events are read in blocks of a few thousand, so that checking
   * hashes and building rows spread over the engine's threads while one reads the file.
   */
  eventLogCopy(file: string): EventLogCopy {
    const absolute = path.resolve(file);
    const threads = Math.max(1, os.availableParallelism());
    const settings = settingsList({ ...CHDB_INSERT_SETTINGS, max_threads: threads, max_insert_threads: threads, max_block_size: 4096 });
    return {
      copy: (request) => {
        let sql: string;
        try {
          sql = eventLogCopySql(request, absolute, settings);
        } catch (e) {
          return Promise.reject(e);
        }
        return this.track(async () => {
          await this.session.queryAsync(sql);
        });
      },
    };
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
    // DDL may change a table's columns: look them up again on the next insert.
    this.columns.clear();
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

  /** The table's columns, looked up once (until the next DDL). */
  private columnsOf(table: string): Promise<ColumnInfo[]> {
    let columns = this.columns.get(table);
    if (!columns) {
      const [database, name] = table.includes('.') ? table.split('.') : [undefined, table];
      columns = this.session
        .queryBindAsync(
          `SELECT name, type FROM system.columns WHERE database = ${database ? '{database:String}' : 'currentDatabase()'} AND table = {table:String}
           AND default_kind NOT IN ('MATERIALIZED', 'ALIAS', 'EPHEMERAL') ORDER BY position`,
          database ? { database, table: name } : { table: name },
          { format: 'JSON' },
        )
        .then((result) => (JSON.parse(result.text() || '{"data":[]}') as { data: ColumnInfo[] }).data);
      this.columns.set(table, columns);
      columns.catch(() => this.columns.delete(table));
    }
    return columns;
  }

  /** The rows as payloads of at most INSERT_BATCH_ROWS: Native when every value allows, else JSON. */
  private payloads(rows: readonly Row[], columns: readonly ColumnInfo[]): Payload[] {
    const names = Object.keys(rows[0]!);
    const plans = columns.length > 0 ? planColumns(columns, names) : undefined;
    const payloads: Payload[] = [];
    for (let i = 0; i < rows.length; i += INSERT_BATCH_ROWS) {
      const slice = rows.length <= INSERT_BATCH_ROWS ? rows : rows.slice(i, i + INSERT_BATCH_ROWS);
      const native = plans && encodeNative(slice, plans);
      payloads.push(native ? { format: 'Native', columns: names, bytes: native } : { format: 'JSONEachRow', bytes: Buffer.from(toJson(slice)) });
    }
    return payloads;
  }

  /** One INSERT of a staged payload (a file removed right after). */
  private async write(table: string, payload: Payload): Promise<void> {
    this.staging ??= stagingBase();
    const name = `govhall-chdb-${process.pid}-${randomUUID()}.${payload.format === 'Native' ? 'native' : 'json'}`;
    let file = path.join(this.staging, name);
    try {
      await fs.promises.writeFile(file, payload.bytes, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      // A small /dev/shm (a container's is 64 MB by default) is full: stage on disk from now on.
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC' || this.staging === os.tmpdir()) throw e;
      await fs.promises.rm(file, { force: true });
      this.staging = os.tmpdir();
      file = path.join(this.staging, name);
      await fs.promises.writeFile(file, payload.bytes, { flag: 'wx', mode: 0o600 });
    }
    try {
      const columns = payload.columns ? ` (${payload.columns.map(quoteIdentifier).join(', ')})` : '';
      await this.session.queryAsync(`INSERT INTO ${table}${columns} FROM INFILE ${stringLiteral(file)} SETTINGS ${settingsList(CHDB_INSERT_SETTINGS)} FORMAT ${payload.format}`);
    } finally {
      await fs.promises.rm(file, { force: true });
    }
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

interface Payload {
  readonly format: 'Native' | 'JSONEachRow';
  /** Native: the columns of the block, in order. */
  readonly columns?: readonly string[];
  readonly bytes: Buffer;
}

function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
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
