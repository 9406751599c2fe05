import Database from 'better-sqlite3';
import {
  categoryOf,
  IntegrityError,
  InvalidEventError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../application/ports/event-store.js';
import { logger } from '../logging/logger.js';
import { chainText, GENESIS_HASH, hashText, verifyChain } from './hash-chain.js';
import { BULK_READ_MIN, SqliteBulkReader } from './sqlite-bulk-reader.js';
import { validateAppend, validateStreamId } from './validation.js';

const log = logger('event-store.sqlite');

export interface SqliteEventStoreOptions {
  /** `full` (default): an acknowledged append survives a power cut. `normal`: it survives a process crash. */
  readonly durability?: 'full' | 'normal';
  /** Safety-net poll of live subscriptions, for writers in other processes. Default 500 ms. */
  readonly pollIntervalMs?: number;
  /** Events per read while a subscription catches up. Default 500. */
  readonly catchUpBatchSize?: number;
  /**
   * Reads of many events (`readAll` with a `maxCount` of 256 or more: a catch-up's pages) run on a
   * worker thread that reads the next page ahead, so reading overlaps the caller's work. Default true.
   */
  readonly bulkReads?: boolean;
}

export interface SqliteEventStoreStats {
  /** Transactions committed; group commit makes this far smaller than `appends` under load. */
  readonly commits: number;
  readonly appends: number;
  readonly events: number;
  /** The connection's `synchronous` pragma, as read back from SQLite. */
  readonly synchronous: string;
}

/**
 * A row as read, in `COLUMNS` order (raw arrays: better-sqlite3 makes them at half the cost of
 * objects). `metadata` is the metadata's JSON as hashed: with `prevHash`, without `hash`, which
 * has its own column.
 */
type Row = [position: number, id: string, stream_id: string, revision: number, type: string, data: string, metadata: string, hash: string, recorded_at: string];

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

interface StoredId {
  id: string;
  revision: number;
  position: number;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/**
 * The store's tables (created by `openEventsDatabase`).
 *
 * An event id is unique within its stream, not across the store (as in KurrentDB): the store
 * checks it where a retry can occur (see `write`), so no index on `id` is needed. A global UNIQUE
 * index on random UUIDs put every event in a random leaf page, which nearly doubled the pages a
 * group commit of 64 streams writes to the WAL (and later checkpoints into the file).
 */
export const EVENTS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL,
    stream_id   TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE INDEX IF NOT EXISTS events_by_category ON events (category, position);
`;
const COLUMNS = 'position, id, stream_id, revision, type, data, metadata, hash, recorded_at';

/**
 * Opens (creating if need be) the events database with the store's settings; exported so that the
 * benchmark's raw baseline writes the very same table with the very same settings.
 */
export function openEventsDatabase(path: string, durability: 'full' | 'normal' = 'full'): Database.Database {
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 5000');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
    db.pragma(`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    // A group commit rewrites the same hot index pages (each stream's last leaf): checkpointing every
    // 4,000 pages (16 MB of WAL) rather than 1,000 writes each of them back to the file 4 times less.
    db.pragma('wal_autocheckpoint = 4000');
    db.exec(EVENTS_SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The embedded system of record: one SQLite file in WAL mode. Appends that arrive in the same
 * event-loop turn are committed together in one transaction (one fsync); one append's failure
 * does not fail the others (see `flush`).
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly statements;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private commitSeq = 0;
  private readonly counts = { commits: 0, appends: 0, events: 0 };
  private readonly commitListeners = new Set<() => void>();
  /**
   * Last committed revision and hash of streams appended to, so that an append needs no read
   * before its insert. Dropped whenever another connection has committed (`data_version`); were
   * one stale all the same, UNIQUE (stream_id, revision) refuses the insert: a conflict, never a
   * forked chain.
   */
  private readonly heads = new Map<string, StreamHead>();
  /**
   * Every id of the streams appended to with `any` (numbering streams), so that such an append
   * need not read its whole stream to know it repeats nothing. A superset: ids are added as they
   * are inserted, so an append rolled back leaves some behind, and a hit is confirmed in SQL.
   * Dropped with `heads`.
   */
  private readonly streamIds = new Map<string, Set<string>>();
  private cachedIds = 0;
  /** `PRAGMA data_version` when the caches were last known good: it changes when another connection commits. */
  private dataVersion = -1;
  private readonly pollIntervalMs: number;
  private readonly catchUpBatchSize: number;
  /** Started on the first bulk read; undefined when bulk reads are off. */
  private bulk?: SqliteBulkReader;
  private readonly bulkReads: boolean;

  constructor(
    readonly path: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.catchUpBatchSize = options.catchUpBatchSize ?? 500;
    this.bulkReads = (options.bulkReads ?? true) && path !== ':memory:' && path !== '';
    try {
      this.db = openEventsDatabase(path, options.durability);
    } catch (error) {
      throw new StoreUnavailableError(`cannot open the event store at ${path}: ${(error as Error).message}`, { cause: error });
    }
    const db = this.db;
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackTo: db.prepare('ROLLBACK TO append'),
      head: db.prepare<[string], StreamHead>(
        `SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1`,
      ),
      // Through UNIQUE (stream_id, revision): reads only this stream's rows.
      storedIds: db.prepare<[string, string], StoredId>(
        'SELECT id, revision, position FROM events WHERE stream_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY revision',
      ),
      insert: db.prepare(
        `INSERT INTO events (id, stream_id, category, revision, type, data, metadata, hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      forwards: db.prepare<[string, number, number], Row>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ).raw(),
      backwards: db.prepare<[string, number, number], Row>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ).raw(),
      all: db.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(),
      category: db.prepare<[string, number, number], Row>(
        `SELECT ${COLUMNS} FROM events WHERE category = ? AND position > ? ORDER BY position LIMIT ?`,
      ).raw(),
      streamIdList: db.prepare<[string], string>('SELECT id FROM events WHERE stream_id = ?').pluck(),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      lastPosition: db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck(),
    };
    log.info({ path, durability: options.durability ?? 'full' }, 'event store opened');
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(this.unavailable());
    try {
      validateAppend(streamId, events, expected);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate, not a microtask: appends from every I/O callback of this loop turn share the commit.
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateStreamId(streamId);
    const limit = options.maxCount ?? -1;
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const rows = (backwards ? this.statements.backwards : this.statements.forwards).all(streamId, from, limit);
    const events = rows.map(toRecordedEvent);
    const ascending = backwards ? [...events].reverse() : events;
    verifyChain(ascending, backwards ? {} : { fromRevision: from });
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    const limit = options.maxCount ?? -1;
    if (this.bulkReads && limit >= BULK_READ_MIN) {
      this.bulk ??= new SqliteBulkReader(this.path);
      const events = await this.bulk.read(after, limit, options.categories);
      this.assertOpen();
      // Undefined: the worker failed or could not vouch for the page; reading it here verifies
      // every row and reports the one at fault.
      if (events) return events;
    }
    return this.readAllNow(after, limit, options.categories);
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    return new SqliteSubscription(this, options.after ?? 0, options.categories);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.statements.lastPosition.get() ?? 0;
  }

  /** Counters for tests and metrics. */
  stats(): SqliteEventStoreStats {
    const level = this.closed ? -1 : Number(this.db.pragma('synchronous', { simple: true }));
    return { ...this.counts, synchronous: ['off', 'normal', 'full', 'extra'][level] ?? 'closed' };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    for (const listener of [...this.commitListeners]) listener();
    await this.bulk?.close();
    this.db.close();
    log.info({ path: this.path }, 'event store closed');
  }

  // ---- group commit -------------------------------------------------------------------------

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.flushScheduled = false;
    if (batch.length === 0) return;
    const { begin, commit, rollback, savepoint, release, rollbackTo } = this.statements;
    const recordedAt = new Date().toISOString();
    const outcomes: Outcome[] = [];
    // Heads written by this batch; they become `this.heads` only once the commit succeeded.
    const staged = new Map<string, StreamHead>();
    let written = 0;
    try {
      begin.run();
      const version = this.statements.dataVersion.get()!;
      if (version !== this.dataVersion) {
        // Another connection has committed (or this is the first flush): the caches may be stale.
        this.heads.clear();
        this.streamIds.clear();
        this.cachedIds = 0;
        this.dataVersion = version;
      }
      for (const pending of batch) {
        // A savepoint lets one append fail without failing the others. A single-event append needs
        // none: its one INSERT either succeeds or fails whole (SQLite undoes a failed statement), and
        // all else it does is read. Nor does a lone append: its failure rolls back the transaction.
        const isolate = batch.length > 1 && pending.events.length > 1;
        if (isolate) savepoint.run();
        try {
          const { result, head } = this.write(pending, recordedAt, staged);
          if (isolate) release.run();
          if (head) {
            staged.set(pending.streamId, head);
            written += pending.events.length;
          }
          outcomes.push({ ok: true, result });
        } catch (error) {
          // Some errors (I/O, a full disk) make SQLite roll the whole transaction back: then the
          // appends before this one are lost too, and the ones after must not run in autocommit.
          if (!this.db.inTransaction) throw error;
          if (isolate) {
            rollbackTo.run();
            release.run();
          }
          outcomes.push({ ok: false, error: this.translate(error, pending) });
        }
      }
      if (written > 0) {
        commit.run();
        this.counts.commits++;
      } else {
        rollback.run();
      }
    } catch (error) {
      if (this.db.inTransaction) rollback.run();
      log.error({ err: error, path: this.path, appends: batch.length }, 'event store commit failed');
      const failure = new StoreUnavailableError(`event store at ${this.path}: commit failed: ${(error as Error).message}`, {
        cause: error,
      });
      for (const pending of batch) pending.reject(failure);
      return;
    }
    if (this.heads.size > 100_000) this.heads.clear();
    if (this.cachedIds > 100_000) {
      this.streamIds.clear();
      this.cachedIds = 0;
    }
    for (const [streamId, head] of staged) this.heads.set(streamId, head);
    this.counts.appends += batch.length;
    this.counts.events += written;
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    if (written > 0) {
      this.commitSeq++;
      for (const listener of [...this.commitListeners]) listener();
    }
  }

  /**
   * One append inside the open transaction. Throws to have its savepoint rolled back; writes
   * nothing before it has decided to write everything. Returns the stream's new head, or none
   * when it was a retry of an append already stored.
   *
   * Ids are de-duplicated within the stream, and only where a retry can be: an append whose
   * expected revision is the stream's head cannot repeat a stored append (that one moved the head
   * past the revision both were decided on), so it is written without looking; on a conflict, or
   * for `any`, the append's ids are looked up among the stream's own events first.
   */
  private write(
    { streamId, events, expected }: PendingAppend,
    recordedAt: string,
    staged: ReadonlyMap<string, StreamHead>,
  ): { result: AppendResult; head?: StreamHead } {
    const head = staged.get(streamId) ?? this.heads.get(streamId) ?? this.statements.head.get(streamId);
    const actual = head ? head.revision : 'no_stream';
    if (expected === 'any' || expected !== actual) {
      const stored = this.storedAppend(streamId, events, expected === 'any');
      if (stored) return { result: stored };
      if (expected !== 'any') throw new WrongExpectedRevisionError(streamId, expected, actual);
    }

    const category = categoryOf(streamId);
    const ids = this.streamIds.get(streamId);
    let revision = head ? head.revision : -1;
    let prevHash = head ? head.hash : GENESIS_HASH;
    let position = 0;
    for (const event of events) {
      revision++;
      const chained = chainText({ id: event.id, streamId, revision, type: event.type, data: event.data, ...(event.metadata ? { metadata: event.metadata } : {}) }, prevHash);
      const info = this.statements.insert.run(
        event.id, streamId, category, revision, event.type, chained.dataJson, chained.metadataJson, chained.hash, recordedAt,
      );
      position = Number(info.lastInsertRowid);
      prevHash = chained.hash;
      if (ids) {
        ids.add(event.id);
        this.cachedIds++;
      }
    }
    return { result: { nextRevision: revision, position }, head: { revision, hash: prevHash } };
  }

  /**
   * If the stream already holds ids of this append: its first result when it holds exactly these
   * events, in this order, one after the other (a retry); an `InvalidEventError` when it holds
   * only some of them. `undefined` when it holds none.
   *
   * Without an index on ids this reads the stream's rows; for `any` (`remember`), the stream's ids
   * are read once and kept, so that the next `any` append to it reads nothing.
   */
  private storedAppend(streamId: string, events: readonly NewEvent[], remember: boolean): AppendResult | undefined {
    let ids = this.streamIds.get(streamId);
    if (!ids && remember) {
      ids = new Set(this.statements.streamIdList.all(streamId));
      this.streamIds.set(streamId, ids);
      this.cachedIds += ids.size;
    }
    if (ids && !events.some((event) => ids.has(event.id))) return undefined;
    const rows = this.statements.storedIds.all(streamId, JSON.stringify(events.map((event) => event.id)));
    if (rows.length === 0) return undefined;
    const first = rows[0]!;
    const repeated =
      rows.length === events.length && rows.every((row, i) => row.id === events[i]!.id && row.revision === first.revision + i);
    if (!repeated) {
      throw new InvalidEventError(
        `stream ${streamId}: ${rows.length} of the ${events.length} event ids of this append are already stored, not as one earlier append; a retry must send exactly the same event ids`,
      );
    }
    const last = rows[rows.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }

  /** A revision taken although the head said it was free: the head was stale, so the append is a conflict. */
  private translate(error: unknown, { streamId, expected }: PendingAppend): unknown {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') return error;
    this.heads.delete(streamId);
    return new WrongExpectedRevisionError(streamId, expected, this.statements.head.get(streamId)?.revision ?? 'no_stream');
  }

  // ---- reads ---------------------------------------------------------------------------------

  private readAllNow(after: number, limit: number, categories: readonly string[] | undefined): RecordedEvent[] {
    let rows: Row[];
    if (!categories) {
      rows = this.statements.all.all(after, limit);
    } else {
      // One index range per category, merged: each stays an ordered range scan however big the store.
      rows = [...new Set(categories)].flatMap((category) => this.statements.category.all(category, after, limit));
      if (categories.length > 1) {
        rows.sort((a, b) => a[0] - b[0]);
        if (limit >= 0) rows = rows.slice(0, limit);
      }
    }
    return rows.map(verifiedRow);
  }

  private assertOpen(): void {
    if (this.closed) throw this.unavailable();
  }

  private unavailable(): StoreUnavailableError {
    return new StoreUnavailableError(`event store at ${this.path} is closed`);
  }

  /** @internal for subscriptions */
  catchUp(after: number, categories: readonly string[] | undefined): { events: RecordedEvent[]; seq: number } {
    this.assertOpen();
    const seq = this.commitSeq;
    return { events: this.readAllNow(after, this.catchUpBatchSize, categories), seq };
  }

  /** @internal Resolves on the next commit, after the poll interval, or when the store closes. */
  nextCommit(seenSeq: number, signal: { cancel?: () => void }): Promise<void> {
    if (this.closed || this.commitSeq !== seenSeq) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.commitListeners.delete(done);
        signal.cancel = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.commitListeners.add(done);
      signal.cancel = done;
    });
  }
}

class SqliteSubscription implements Subscription {
  private closed = false;
  private readonly waiting: { cancel?: () => void } = {};

  constructor(
    private readonly store: SqliteEventStore,
    private after: number,
    private readonly categories: readonly string[] | undefined,
  ) {}

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.cancel?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    while (!this.closed) {
      const { events, seq } = this.store.catchUp(this.after, this.categories);
      for (const event of events) {
        if (this.closed) return;
        this.after = event.position;
        yield event;
      }
      if (events.length === 0) await this.store.nextCommit(seq, this.waiting);
    }
  }
}

/** An event read on its own: its hash is checked over the stored text itself, before anything is parsed. */
function verifiedRow(row: Row): RecordedEvent {
  if (hashText(row[2], row[3], row[1], row[4], row[5], row[6]) !== row[7]) {
    throw new IntegrityError(row[2], row[3], 'hash does not match the content: the event was altered');
  }
  const event = toRecordedEvent(row);
  if (row[3] === 0 && event.metadata.prevHash !== GENESIS_HASH) {
    throw new IntegrityError(row[2], row[3], 'the first event must link to the genesis hash');
  }
  return event;
}

function toRecordedEvent(row: Row): RecordedEvent {
  const parsed = JSON.parse(row[6]) as Record<string, unknown>;
  // The parsed object is this event's own: the hash is added to it rather than to a copy.
  const metadata = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { ...parsed };
  metadata.hash = row[7];
  return {
    id: row[1],
    type: row[4],
    data: JSON.parse(row[5]),
    metadata,
    streamId: row[2],
    revision: row[3],
    position: row[0],
    recordedAt: row[8],
  };
}
