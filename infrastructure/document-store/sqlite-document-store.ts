/**
 * The embedded operational read store: one table per collection (`id`, `pos`, `doc` JSON text,
 * and a key column per indexed path, see key-columns.ts), queried through `json_extract`, or the
 * key column where a path has one, so that the columns' indexes answer filters and sorts.
 * A write batch and its checkpoint commit in one SQLite transaction, which is what makes
 * projections exactly-once here.
 *
 * A write is planned on the calling thread (which documents get which text, guarded by which
 * position) and executed there, or, for a large batch (a projection catching up), by a writer
 * thread with its own connection (see sqlite-writer.ts), so that the next batch is prepared while
 * SQLite writes this one. Writes take effect in the order they were asked for either way.
 */
import Database from 'better-sqlite3';
import type {
  Checkpoint, DocumentStore, Filter, FindOptions, IndexSpec, Page, StoredDocument, WriteOp,
} from '../../application/ports/document-store.js';
import { logger } from '../logging/logger.js';
import {
  DocumentStoreError, checkCollection, checkFields, checkOps, checkPath, closedError, decodeCursor, encodeCursor, pageLimit, sortKeys,
} from './common.js';
import { keyColumn, keyPath, keyPlan, keyValues, plannedValues, type KeyColumn, type KeyPlan } from './key-columns.js';
import { applyPatch, Owned, patchExpression, patchParams, type PatchOp } from './patch.js';
import { after, column, where, type KeyColumns } from './sqlite-query.js';
import { forEachStatement, PlanBuilder, SqliteWriter, type PlannedWrites } from './sqlite-writer.js';

const log = logger('document-store');

type Doc = Record<string, unknown>;
type PositionedOp = WriteOp & { readonly position: number };

/** A patch shape's changes to the key columns, and their SET terms (`, "k:a" = ?`…) in the same order. */
interface KeySets {
  readonly changes: NonNullable<KeyPlan>;
  readonly sql: string;
}

interface CollectionStatements {
  readonly table: string;
  /** Key columns, in the order the insert and update statements take their values. */
  readonly keyList: readonly KeyColumn[];
  /** Key columns by path, for queries. */
  readonly keys: KeyColumns;
  /** How each patch shape changes the key columns (see `keyPlan`), with the SET terms for them; null: the JS way. */
  readonly keyPlans: Map<string, KeySets | null>;
  readonly get: Database.Statement<[string], [rowid: number, pos: number, doc: string]>;
  /** Rows of the ids in a JSON array. */
  readonly heads: Database.Statement<[string], [id: string, rowid: number, pos: number]>;
  readonly text: Database.Statement<[number], string>;
  /** The SQL of the writes a batch plans (run here, or by the writer thread). */
  readonly sql: {
    readonly insert: string;
    readonly update: string;
    readonly remove: string;
    /** Single statements for a document the batch touches once, guarded by position in SQL. */
    readonly upsertIfNewer: string;
    /** The insert's column list and placeholders, for upserting patches. */
    readonly insertInto: string;
    readonly removeIfOlder: string;
  };
  /** Patch statements by the patch's SQL expression (a string kept by the patch compiler). */
  readonly patches: Map<string, string>;
  readonly upsertPatches: Map<string, string>;
}

/**
 * A document a batch touches several times: read once, changed in memory, written once at the
 * end. The stored text is only read when a patch needs it.
 */
interface Slot {
  pos: number;
  /** The document exists after the ops applied so far. */
  exists: boolean;
  /** Its row in the table, if it had one before the batch. */
  rowid?: number;
  text?: string;
  doc?: Doc;
  dirty: boolean;
}

const QUERY_CACHE_SIZE = 500;

export interface SqliteDocumentStoreOptions {
  /**
   * Run the engine's part of each write (rows, indexes, commit) on a worker thread, so that the
   * caller's next batch is prepared meanwhile. What each write does is still decided here, in
   * call order. Default true (for a file; an in-memory database has no second connection).
   */
  readonly writerThread?: boolean;
}

/** Writes of at least this many ops go to the writer thread; smaller ones are quicker here. */
const WRITER_MIN_OPS = 500;

/** A write handed to the writer thread and not yet answered. */
interface InFlight {
  readonly done: Promise<void>;
  /** The documents it writes: ids by collection. */
  readonly touches: Touches;
}

export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly collections = new Map<string, CollectionStatements>();
  private readonly queries = new Map<string, Database.Statement>();
  private readonly regexps = new Map<string, RegExp>();
  private readonly readCheckpoint: Database.Statement<[string], number>;
  private readonly putCheckpoint: Database.Statement<[string, number]>;
  private readonly applyBatch: Database.Transaction<(ops: readonly PositionedOp[], checkpoint?: Checkpoint) => void>;
  private readonly writerThread: boolean;
  /** Started by the first write large enough for it. */
  private writer?: SqliteWriter;
  /** Writes handed to the writer thread, oldest first. */
  private inFlight: InFlight[] = [];
  /** Each write waits for the ones asked for before it to be done or handed over: they run in call order. */
  private turn: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private nextSeq = 0;
  /** Per checkpoint name, the last write asked for and not yet answered. */
  private readonly unsettled = new Map<string, number>();
  /** Per checkpoint name, the last write that failed (or was refused). */
  private readonly failedSeq = new Map<string, number>();
  private closed = false;

  private readonly file: string;

  constructor(file: string, options: SqliteDocumentStoreOptions = {}) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Views are rebuilt from events, so losing the last commits on power loss is acceptable.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // Keeps the b-tree pages a catch-up works on in memory (32 MiB), and checkpoints the WAL every
    // ~40 MB instead of 4: catch-up rewrites the same index pages batch after batch, and a longer
    // WAL folds those rewrites into one (1.6x on inserts with random ids, measured).
    this.db.pragma('cache_size = -32768');
    this.db.pragma('wal_autocheckpoint = 10000');
    this.db.pragma('journal_size_limit = 67108864');
    // With writes on the writer thread's connection, this one's page cache is emptied after every
    // commit there; reading mapped pages costs no copy into a cache.
    this.db.pragma('mmap_size = 268435456');
    this.db.function('doc_regexp', { deterministic: true }, (value: unknown, pattern: unknown, flags: unknown) =>
      typeof value === 'string' && this.regexp(String(pattern), String(flags)).test(value) ? 1 : 0);
    this.db.function('doc_fail', (message: unknown) => {
      throw new DocumentStoreError(String(message));
    });
    this.db.exec(`CREATE TABLE IF NOT EXISTS _checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID`);
    this.readCheckpoint = this.db.prepare<[string], number>(`SELECT position FROM _checkpoints WHERE name = ?`).pluck();
    this.putCheckpoint = this.db.prepare(
      `INSERT INTO _checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    );
    this.applyBatch = this.db.transaction((ops, checkpoint) => {
      forEachStatement(this.plan(ops), (sql, params) => this.prepare(sql).run(...params));
      if (checkpoint) this.putCheckpoint.run(checkpoint.name, checkpoint.position);
    });
    this.writerThread = (options.writerThread ?? true) && file !== ':memory:' && file !== '';
    this.file = file;
    log.debug({ file }, 'document store opened');
  }

  /**
   * Gives every indexed path a key column (filled from the documents already stored) and indexes
   * the columns. Indexes on JSON expressions, which earlier versions made, are replaced.
   */
  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    for (const spec of indexes) {
      if (spec.fields.length === 0) throw new DocumentStoreError('an index needs at least one field');
      spec.fields.forEach(checkPath);
    }
    await this.settled();
    let s = this.statements(collection);
    const missing = [...new Set(indexes.flatMap((spec) => spec.fields))].filter((f) => f !== '_id' && f !== '_pos' && !s.keys.has(f));
    const legacy = this.db
      .prepare<[string], string>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND substr(name, 1, 3) = 'ix_'`)
      .pluck()
      .all(`c_${collection}`);
    if (missing.length > 0 || legacy.length > 0) {
      this.db.transaction(() => {
        for (const name of legacy) this.db.exec(`DROP INDEX "${name}"`);
        for (const path of missing) this.db.exec(`ALTER TABLE ${s.table} ADD COLUMN ${keyColumn(path).column}`);
        // One pass over the stored documents fills every new column (a pass per column rewrote each row as often).
        if (missing.length > 0) {
          this.db.exec(`UPDATE ${s.table} SET ${missing.map((path) => `${keyColumn(path).column} = json_extract(doc, '$.${path}')`).join(', ')}`);
        }
      }).immediate();
      // Statements are rebuilt with the new columns.
      this.collections.delete(collection);
      this.queries.clear();
      s = this.statements(collection);
    }
    for (const spec of indexes) {
      if (spec.fields.length === 1 && spec.fields[0] === '_id') continue;
      const name = `kx_${collection}(${spec.fields.join(',')})${spec.unique ? ' unique' : ''}`;
      const columns = spec.fields.map((f) => column(f, 'doc', s.keys).value).join(', ');
      this.db.exec(`CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON ${s.table} (${columns})`);
    }
  }

  async write(ops: readonly PositionedOp[], checkpoint?: Checkpoint): Promise<void> {
    this.assertOpen();
    checkOps(ops, checkpoint);
    // A writer thread that has failed (could not start, died) is not asked again: writes run here.
    const threaded = this.writerThread && ops.length >= WRITER_MIN_OPS && (this.writer?.usable ?? true);
    if (!threaded && this.queued === 0 && this.inFlight.length === 0) {
      this.writeHere(ops, checkpoint);
      return;
    }
    // A write with a checkpoint depends on the last one with that checkpoint still unanswered (a
    // projection's next batch, handed over before the last was written): it is refused if that
    // one fails, so that a checkpoint never passes a batch that was not written.
    const seq = this.nextSeq++;
    const name = checkpoint?.name;
    const dependsOn = name === undefined ? undefined : this.unsettled.get(name);
    if (name !== undefined) this.unsettled.set(name, seq);
    const refused = () => name !== undefined && dependsOn !== undefined && (this.failedSeq.get(name) ?? -1) >= dependsOn;
    // Recorded as soon as it is known, whoever is waiting.
    const failed = () => {
      if (name !== undefined) this.failedSeq.set(name, Math.max(seq, this.failedSeq.get(name) ?? -1));
    };
    this.queued++;
    const turn = this.turn.then(async (): Promise<InFlight | undefined> => {
      try {
        if (refused()) throw new DocumentStoreError('not written: the write before it with the same checkpoint failed');
        if (threaded) {
          const flight = await this.handOver(ops, checkpoint, dependsOn !== undefined);
          flight.done.catch(failed);
          return flight;
        }
        // A small write runs here, once the writer thread has answered everything before it.
        await this.answered();
        this.assertOpen();
        if (refused()) throw new DocumentStoreError('not written: the write before it with the same checkpoint failed');
        this.writeHere(ops, checkpoint);
        return undefined;
      } catch (error) {
        failed();
        throw error;
      } finally {
        this.queued--;
      }
    });
    this.turn = turn.catch(() => undefined);
    try {
      const flight = await turn;
      await flight?.done;
    } finally {
      if (name !== undefined && this.unsettled.get(name) === seq) this.unsettled.delete(name);
    }
  }

  private writeHere(ops: readonly PositionedOp[], checkpoint: Checkpoint | undefined): void {
    this.createTables(ops);
    // IMMEDIATE takes the write lock first, so the documents read for patches cannot go stale.
    this.applyBatch.immediate(ops, checkpoint);
  }

  /**
   * Plans a write and hands it to the writer thread. The documents it must read first (those it
   * changes in JS) are read here once no write in flight touches them.
   */
  private async handOver(ops: readonly PositionedOp[], checkpoint: Checkpoint | undefined, follows: boolean): Promise<InFlight> {
    this.assertOpen();
    // Creating a table waits for the writer: DDL here would wait for its lock otherwise.
    if (ops.some((op) => !this.collections.has(op.collection))) await this.answered();
    this.createTables(ops);
    const touches = touchesOf(ops);
    // Wait for the writes in flight that change a document this one reads (a rare case: a
    // projection's batches seldom share a document with the batch before).
    for (const flight of this.inFlight) {
      if (readsAny(ops, touches, flight.touches, (c) => this.statements(c))) await flight.done.catch(() => undefined);
    }
    this.assertOpen();
    const plan = this.plan(ops, touches);
    this.writer ??= new SqliteWriter(this.file);
    const done = this.writer.execute({ ...plan, ...(checkpoint ? { checkpoint } : {}), follows });
    const flight: InFlight = { done, touches };
    this.inFlight.push(flight);
    const forget = () => {
      this.inFlight = this.inFlight.filter((f) => f !== flight);
    };
    done.then(forget, forget);
    return flight;
  }

  /** Resolves when every write asked for has been done or handed over, and answered. */
  private async settled(): Promise<void> {
    await this.turn;
    await this.answered();
  }

  /** Resolves when every write handed to the writer thread has been answered. */
  private async answered(): Promise<void> {
    await Promise.allSettled(this.inFlight.map((f) => f.done));
  }

  /** Tables are created before the batch: a rollback would drop them behind the statement cache. */
  private createTables(ops: readonly PositionedOp[]): void {
    let last: string | undefined;
    for (const op of ops) {
      if (op.collection === last) continue;
      last = op.collection;
      this.statements(op.collection);
    }
  }

  async get<T = Doc>(collection: string, id: string): Promise<StoredDocument<T> | undefined> {
    const row = this.statements(collection).get.get(id);
    return row ? (stored(id, row[1], row[2]) as StoredDocument<T>) : undefined;
  }

  async find<T = Doc>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<Page<StoredDocument<T>>> {
    const limit = pageLimit(options);
    if (options.fields) checkFields(options.fields);
    const query = this.findSql(collection, filter, options);
    const rows = this.prepare(query.sql).raw().all(...query.params, limit + 1) as unknown[][];
    const items = rows.slice(0, limit).map((row) => {
      const doc = stored(row[0] as string, row[1] as number, row[2] as string);
      return (options.fields ? pick(doc, options.fields) : doc) as StoredDocument<T>;
    });
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last ? { items, next: encodeCursor(last.slice(3)) } : { items };
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    const params: unknown[] = [];
    const { table, keys } = this.statements(collection);
    const sql = `SELECT count(*) FROM ${table} WHERE ${where(filter, params, keys)}`;
    return this.prepare(sql).pluck().get(...params) as number;
  }

  /** The query plan SQLite chooses for a find, so tests can prove indexed fields use an index. */
  async explain(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<string[]> {
    const query = this.findSql(collection, filter, options);
    const plan = this.db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params, pageLimit(options) + 1) as { detail: string }[];
    return plan.map((row) => row.detail);
  }

  async checkpoint(name: string): Promise<number | undefined> {
    this.assertOpen();
    return this.readCheckpoint.get(name);
  }

  async drop(collections: readonly string[], checkpoints: readonly string[]): Promise<void> {
    this.assertOpen();
    collections.forEach(checkCollection);
    await this.settled();
    this.db.transaction(() => {
      for (const c of collections) this.db.exec(`DROP TABLE IF EXISTS ${quoteTable(c)}`);
      for (const name of checkpoints) this.db.prepare(`DELETE FROM _checkpoints WHERE name = ?`).run(name);
    }).immediate();
    for (const c of collections) this.collections.delete(c);
    this.queries.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Writes already asked for are written (and answered) before the store closes.
    await this.settled();
    this.closed = true;
    await this.writer?.close();
    this.db.close();
  }

  /**
   * The statements that apply a batch, in order. A document the batch touches once is written by
   * one statement guarded by position in SQL (a patch compiled to SQL JSON functions); one it
   * touches several times (or a patch SQL cannot express) is read once, changed in memory and
   * written once.
   */
  private plan(ops: readonly PositionedOp[], touches: Touches = touchesOf(ops)): PlannedWrites {
    const owned = new Owned();
    const plan = new PlanBuilder();
    const slots = this.readSlots(ops, touches);
    for (const op of ops) {
      const s = this.statements(op.collection);
      const slot = slots.get(op.collection)?.get(op.id);
      if (slot) change(s, slot, op, owned);
      else planOnce(plan, s, op, owned);
    }
    for (const [collection, byId] of slots) {
      const { sql, keyList } = this.statements(collection);
      for (const [id, slot] of byId) {
        if (!slot.dirty) continue;
        if (!slot.exists) {
          if (slot.rowid !== undefined) plan.add(sql.remove, slot.rowid);
          continue;
        }
        // A dirty document that exists was changed in JS: `doc` is set (see `change`).
        const text = JSON.stringify(slot.doc);
        if (slot.rowid !== undefined) plan.add(sql.update, slot.pos, text, ...keyValues(slot.doc!, keyList), slot.rowid);
        else plan.add(sql.insert, id, slot.pos, text, ...keyValues(slot.doc!, keyList));
      }
    }
    return plan.build();
  }

  /**
   * The documents the batch changes in JS (those it touches several times, and those a patch SQL
   * cannot express changes), each with its row as stored: one query per collection.
   */
  private readSlots(ops: readonly PositionedOp[], touches: Touches): Map<string, Map<string, Slot>> {
    const wanted = new Map<string, Set<string>>();
    for (const op of ops) {
      if (touches.get(op.collection)!.get(op.id)! > 1 || (op.op === 'patch' && !sqlPatch(this.statements(op.collection), op))) {
        let ids = wanted.get(op.collection);
        if (!ids) wanted.set(op.collection, (ids = new Set()));
        ids.add(op.id);
      }
    }
    const slots = new Map<string, Map<string, Slot>>();
    for (const [collection, ids] of wanted) {
      const byId = new Map<string, Slot>();
      for (const id of ids) byId.set(id, { pos: -1, exists: false, dirty: false });
      const rows = this.statements(collection).heads.all(JSON.stringify([...ids]));
      for (const [id, rowid, pos] of rows) byId.set(id, { rowid, pos, exists: true, dirty: false });
      slots.set(collection, byId);
    }
    return slots;
  }

  private findSql(collection: string, filter: Filter, options: FindOptions): { sql: string; params: unknown[] } {
    const { table, keys: keyColumns } = this.statements(collection);
    const keys = sortKeys(options.sort).map(([path, dir]) => ({ value: column(path, 'doc', keyColumns).value, dir }));
    // Ties break on rowid (first-write order) rather than id unless _id is sorted on: every index
    // ends in rowid, so index order is the full order and no page sorts a whole group of ties.
    if (!options.sort || !('_id' in options.sort)) keys.at(-1)!.value = 'rowid';
    const params: unknown[] = [];
    const conditions = [where(filter, params, keyColumns)];
    if (options.after) conditions.push(after(keys, decodeCursor(options.after, keys.length), params));
    const sql =
      `SELECT id, pos, doc, ${keys.map((k) => k.value).join(', ')} FROM ${table} WHERE ${conditions.join(' AND ')}` +
      ` ORDER BY ${keys.map((k) => `${k.value} ${k.dir === 1 ? 'ASC' : 'DESC'}`).join(', ')} LIMIT ?`;
    return { sql, params };
  }

  private assertOpen(): void {
    if (this.closed) throw closedError('SqliteDocumentStore');
  }

  /** The collection's statements, creating its table on first use. */
  private statements(collection: string): CollectionStatements {
    this.assertOpen();
    let s = this.collections.get(collection);
    if (s) return s;
    const table = quoteTable(checkCollection(collection));
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, doc TEXT NOT NULL)`);
    const prepare = <P extends unknown[], R = unknown>(sql: string) => this.db.prepare<P, R>(sql);
    const keyList = (this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
      .map((c) => keyPath(c.name))
      .filter((path) => path !== undefined)
      .map(keyColumn);
    const columns = ['id', 'pos', 'doc', ...keyList.map((k) => k.column)];
    const insertInto = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    const keySets = keyList.map((k) => `, ${k.column} = ?`).join('');
    s = {
      table,
      keyList,
      keys: new Map(keyList.map((k) => [k.path, k.column])),
      keyPlans: new Map(),
      get: prepare<[string], [number, number, string]>(`SELECT rowid, pos, doc FROM ${table} WHERE id = ?`).raw(),
      heads: prepare<[string], [string, number, number]>(`SELECT id, rowid, pos FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).raw(),
      text: prepare<[number], string>(`SELECT doc FROM ${table} WHERE rowid = ?`).pluck(),
      sql: {
        insert: insertInto,
        update: `UPDATE ${table} SET pos = ?, doc = ?${keySets} WHERE rowid = ?`,
        remove: `DELETE FROM ${table} WHERE rowid = ?`,
        upsertIfNewer:
          `${insertInto} ON CONFLICT (id) DO UPDATE SET ${columns.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')} WHERE pos < excluded.pos`,
        insertInto,
        removeIfOlder: `DELETE FROM ${table} WHERE id = ? AND pos < ?`,
      },
      patches: new Map(),
      upsertPatches: new Map(),
    };
    this.collections.set(collection, s);
    return s;
  }

  private prepare(sql: string): Database.Statement {
    return this.cached(this.queries, sql, () => sql);
  }

  /** A prepared statement from a bounded cache (the oldest entry goes first). */
  private cached(cache: Map<string, Database.Statement>, key: string, sql: () => string): Database.Statement {
    let statement = cache.get(key);
    if (!statement) {
      if (cache.size >= QUERY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      statement = this.db.prepare(sql());
      cache.set(key, statement);
    }
    return statement;
  }

  private regexp(pattern: string, flags: string): RegExp {
    const key = `${flags}/${pattern}`;
    let re = this.regexps.get(key);
    if (!re) {
      if (this.regexps.size >= QUERY_CACHE_SIZE) this.regexps.clear();
      re = new RegExp(pattern, flags);
      this.regexps.set(key, re);
    }
    return re;
  }
}

function quoteTable(collection: string): string {
  return `"c_${collection}"`;
}

/**
 * A patch as SQL, with the key columns it changes, or undefined when it needs the JS way (a path
 * SQL cannot express, or a key column whose new value depends on the stored document).
 */
function sqlPatch(s: CollectionStatements, op: PatchOp): { sql: string; keys: KeySets } | undefined {
  const patch = patchExpression(op);
  if (!patch) return undefined;
  let keys = s.keyPlans.get(patch.shape);
  if (keys === undefined) {
    if (s.keyPlans.size >= QUERY_CACHE_SIZE) s.keyPlans.clear();
    const changes = keyPlan(op, s.keyList);
    keys = changes && { changes, sql: changes.map((k) => `, ${k.column} = ?`).join('') };
    s.keyPlans.set(patch.shape, keys);
  }
  return keys === null ? undefined : { sql: patch.sql, keys };
}

/** One statement for a document the batch touches once; false when a patch needs the JS way. */
function planOnce(plan: PlanBuilder, s: CollectionStatements, op: PositionedOp, owned: Owned): boolean {
  if (op.op === 'upsert') {
    const doc = withoutMeta(op.doc);
    plan.add(s.sql.upsertIfNewer, op.id, op.position, JSON.stringify(doc), ...keyValues(doc, s.keyList));
    return true;
  }
  if (op.op === 'delete') {
    plan.add(s.sql.removeIfOlder, op.id, op.position);
    return true;
  }
  const patch = sqlPatch(s, op);
  if (!patch) return false;
  // The key columns the patch changes, after its document expression (parameters bind in text order).
  const keySets = patch.keys.sql;
  const params = patchParams(op);
  const keyParams = plannedValues(patch.keys.changes, op);
  if (op.upsert) {
    const sql = cachedSql(s.upsertPatches, patch.sql + keySets, () =>
      `${s.sql.insertInto} ON CONFLICT (id) DO UPDATE SET pos = excluded.pos, doc = ${patch.sql}${keySets} WHERE pos < excluded.pos`);
    const doc = applyPatch(owned.adopt({}), op, owned);
    plan.add(sql, op.id, op.position, JSON.stringify(doc), ...keyValues(doc, s.keyList), ...params, ...keyParams);
  } else {
    const sql = cachedSql(s.patches, patch.sql + keySets, () => `UPDATE ${s.table} SET pos = ?, doc = ${patch.sql}${keySets} WHERE id = ? AND pos < ?`);
    plan.add(sql, op.position, ...params, ...keyParams, op.id, op.position);
  }
  return true;
}

function cachedSql(cache: Map<string, string>, key: string, sql: () => string): string {
  let text = cache.get(key);
  if (text === undefined) {
    if (cache.size >= QUERY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    text = sql();
    cache.set(key, text);
  }
  return text;
}

/** How many ops of a batch touch each document: ids by collection. */
type Touches = Map<string, Map<string, number>>;

function touchesOf(ops: readonly PositionedOp[]): Touches {
  const touches: Touches = new Map();
  for (const op of ops) {
    let ids = touches.get(op.collection);
    if (!ids) touches.set(op.collection, (ids = new Map()));
    ids.set(op.id, (ids.get(op.id) ?? 0) + 1);
  }
  return touches;
}

/** Whether the batch reads (see `plan`: several ops, or a patch SQL cannot express) a document the other batch writes. */
function readsAny(ops: readonly PositionedOp[], touches: Touches, written: Touches, statements: (collection: string) => CollectionStatements): boolean {
  for (const op of ops) {
    const other = written.get(op.collection);
    if (!other?.has(op.id)) continue;
    if (touches.get(op.collection)!.get(op.id)! > 1 || (op.op === 'patch' && !sqlPatch(statements(op.collection), op))) return true;
  }
  return false;
}

/**
 * One op on a document of the batch, in memory. An upserted document stays the caller's object
 * until a patch changes it, and is serialised once, at the end; a stored one is parsed once.
 * Patches change the batch's own objects only (`Owned`), made so that they stay fast objects
 * (V8) whatever fields the patches add.
 */
function change(s: CollectionStatements, slot: Slot, op: PositionedOp, owned: Owned): void {
  if (op.position <= slot.pos) return;
  if (op.op === 'upsert') {
    slot.doc = withoutMeta(op.doc);
    slot.text = undefined;
  } else if (op.op === 'patch') {
    if (!slot.exists && !op.upsert) return;
    // Neither text nor doc means the stored document, not read yet (the slot began with an upsert or delete).
    if (slot.exists && slot.text === undefined && slot.doc === undefined) slot.text = s.text.get(slot.rowid!);
    const doc = slot.exists ? (slot.doc ?? owned.adopt(JSON.parse(slot.text!) as Doc)) : owned.adopt({});
    slot.doc = applyPatch(owned.own(doc), op as PatchOp, owned);
    slot.text = undefined;
  } else {
    if (!slot.exists) return;
    slot.doc = slot.text = undefined;
  }
  slot.exists = op.op !== 'delete';
  slot.pos = op.position;
  slot.dirty = true;
}

function stored(id: string, pos: number, text: string): Doc {
  return { _id: id, _pos: pos, ...(JSON.parse(text) as Doc) };
}

function pick(doc: Doc, fields: readonly string[]): Doc {
  const out: Doc = { _id: doc._id, _pos: doc._pos };
  for (const f of fields) if (f in doc) out[f] = doc[f];
  return out;
}

function withoutMeta(doc: Doc): Doc {
  if (!('_id' in doc) && !('_pos' in doc)) return doc;
  const { _id, _pos, ...rest } = doc;
  return rest;
}
