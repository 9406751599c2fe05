import Database from 'better-sqlite3';
import {
  categoryOf,
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
import { chainMetadata, GENESIS_HASH, verifyChain, verifyEvent } from './hash-chain.js';
import { validateAppend, validateStreamId } from './validation.js';

const log = logger('event-store.sqlite');

export interface SqliteEventStoreOptions {
  /** `full` (default): an acknowledged append survives a power cut. `normal`: it survives a process crash. */
  readonly durability?: 'full' | 'normal';
  /** Safety-net poll of live subscriptions, for writers in other processes. Default 500 ms. */
  readonly pollIntervalMs?: number;
  /** Events per read while a subscription catches up. Default 500. */
  readonly catchUpBatchSize?: number;
}

export interface SqliteEventStoreStats {
  /** Transactions committed; group commit makes this far smaller than `appends` under load. */
  readonly commits: number;
  readonly appends: number;
  readonly events: number;
  /** The connection's `synchronous` pragma, as read back from SQLite. */
  readonly synchronous: string;
}

interface Row {
  position: number;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

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

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/** The store's tables; exported so the benchmark's raw baseline writes the very same table. */
export const EVENTS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    stream_id   TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE INDEX IF NOT EXISTS events_by_category ON events (category, position);
`;
const COLUMNS = 'position, id, stream_id, revision, type, data, metadata, recorded_at';

/**
 * The embedded system of record: one SQLite file in WAL mode. Appends that arrive in the same
 * event-loop turn are committed together in one transaction (one fsync), each in its own
 * savepoint so that one append's conflict does not fail the others.
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
   * before its insert. If another connection wrote meanwhile, UNIQUE (stream_id, revision)
   * refuses the insert and the entry is dropped: a conflict, never a forked chain.
   */
  private readonly heads = new Map<string, StreamHead>();
  private readonly pollIntervalMs: number;
  private readonly catchUpBatchSize: number;

  constructor(
    readonly path: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.catchUpBatchSize = options.catchUpBatchSize ?? 500;
    let db: Database.Database | undefined;
    try {
      db = new Database(path);
      db.pragma('busy_timeout = 5000');
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
      db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.exec(EVENTS_SCHEMA);
    } catch (error) {
      db?.close();
      throw new StoreUnavailableError(`cannot open the event store at ${path}: ${(error as Error).message}`, { cause: error });
    }
    this.db = db;
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackTo: db.prepare('ROLLBACK TO append'),
      head: db.prepare<[string], StreamHead>(
        `SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1`,
      ),
      byId: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO events (id, stream_id, category, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      forwards: db.prepare<[string, number, number], Row>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      backwards: db.prepare<[string, number, number], Row>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      all: db.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      category: db.prepare<[string, number, number], Row>(
        `SELECT ${COLUMNS} FROM events WHERE category = ? AND position > ? ORDER BY position LIMIT ?`,
      ),
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
    return this.readAllNow(options.after ?? 0, options.maxCount ?? -1, options.categories);
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
    // A lone append needs no savepoint: if it fails, the whole transaction is rolled back.
    const isolate = batch.length > 1;
    const outcomes: Outcome[] = [];
    // Heads written by this batch; they become `this.heads` only once the commit succeeded.
    const staged = new Map<string, StreamHead>();
    let written = 0;
    try {
      begin.run();
      for (const pending of batch) {
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
   * One append inside the open transaction. Throws to have its savepoint rolled back. Returns the
   * stream's new head, or none when it was a retry of an append already stored.
   */
  private write(
    { streamId, events, expected }: PendingAppend,
    recordedAt: string,
    staged: ReadonlyMap<string, StreamHead>,
  ): { result: AppendResult; head?: StreamHead } {
    const head = staged.get(streamId) ?? this.heads.get(streamId) ?? this.statements.head.get(streamId);
    const actual = head ? head.revision : 'no_stream';
    if (expected !== 'any' && expected !== actual) {
      // A retry comes back with the expected revision its first attempt was decided on.
      const stored = this.statements.byId.get(events[0]!.id);
      if (stored) return { result: this.replayed(streamId, events, stored) };
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }

    const category = categoryOf(streamId);
    let revision = head ? head.revision : -1;
    let prevHash = head ? head.hash : GENESIS_HASH;
    let position = 0;
    for (const [i, event] of events.entries()) {
      revision++;
      const metadata = chainMetadata(
        { id: event.id, streamId, revision, type: event.type, data: event.data, metadata: event.metadata },
        prevHash,
      );
      try {
        const info = this.statements.insert.run(
          event.id, streamId, category, revision, event.type, JSON.stringify(event.data), JSON.stringify(metadata), recordedAt,
        );
        position = Number(info.lastInsertRowid);
      } catch (error) {
        // The first id already stored: a retry whose expected revision still matches (or was 'any').
        if (i === 0 && uniqueViolation(error) === 'events.id') {
          return { result: this.replayed(streamId, events, this.statements.byId.get(event.id)!) };
        }
        throw error;
      }
      prevHash = metadata.hash;
    }
    return { result: { nextRevision: revision, position }, head: { revision, hash: prevHash } };
  }

  /** A retried append (the same ids, in the same order, already in this stream) gets its first result back. */
  private replayed(
    streamId: string,
    events: readonly NewEvent[],
    first: { stream_id: string; revision: number; position: number },
  ): AppendResult {
    if (first.stream_id !== streamId) {
      throw new InvalidEventError(`stream ${streamId}: event id ${events[0]!.id} is already stored in another stream`);
    }
    let last = first;
    for (let i = 1; i < events.length; i++) {
      const row = this.statements.byId.get(events[i]!.id);
      if (!row || row.stream_id !== streamId || row.revision !== first.revision + i) {
        throw new InvalidEventError(
          `stream ${streamId}: event ${i} (${events[i]!.id}) does not repeat the stored append; a retry must send exactly the same event ids`,
        );
      }
      last = row;
    }
    return { nextRevision: last.revision, position: last.position };
  }

  private translate(error: unknown, { streamId, expected }: PendingAppend): unknown {
    switch (uniqueViolation(error)) {
      case 'events.id':
        return new InvalidEventError(
          `stream ${streamId}: an event id of this append is already stored; a retry must send exactly the same event ids`,
        );
      case 'events.stream_id':
        // Another connection appended to this stream since its head was cached.
        this.heads.delete(streamId);
        return new WrongExpectedRevisionError(streamId, expected, this.statements.head.get(streamId)?.revision ?? 'no_stream');
      default:
        return error;
    }
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
        rows.sort((a, b) => a.position - b.position);
        if (limit >= 0) rows = rows.slice(0, limit);
      }
    }
    return rows.map((row) => {
      const event = toRecordedEvent(row);
      verifyEvent(event);
      return event;
    });
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

/** Which UNIQUE constraint an insert broke: `events.id` or `events.stream_id` (with revision). */
function uniqueViolation(error: unknown): string | undefined {
  if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
  return /UNIQUE constraint failed: (events\.\w+)/.exec((error as Error).message)?.[1];
}

function toRecordedEvent(row: Row): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
  };
}
