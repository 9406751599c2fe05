/**
 * The embedded operational read store: one table per collection (`id`, `pos`, `doc` JSON text),
 * queried through `json_extract` so that expression indexes on JSON paths answer filters and sorts.
 * A write batch and its checkpoint commit in one SQLite transaction, which is what makes
 * projections exactly-once here.
 */
import Database from 'better-sqlite3';
import type {
  Checkpoint, DocumentStore, Filter, FindOptions, IndexSpec, Page, StoredDocument, WriteOp,
} from '../../application/ports/document-store.js';
import { logger } from '../logging/logger.js';
import {
  DocumentStoreError, checkCollection, checkFields, checkOps, checkPath, closedError, decodeCursor, encodeCursor, pageLimit, sortKeys,
} from './common.js';
import { applyPatch, patchExpression, type PatchOp } from './patch.js';
import { after, column, where } from './sqlite-query.js';

const log = logger('document-store');

type Doc = Record<string, unknown>;
type PositionedOp = WriteOp & { readonly position: number };

interface CollectionStatements {
  readonly table: string;
  readonly get: Database.Statement<[string], [rowid: number, pos: number, doc: string]>;
  readonly head: Database.Statement<[string], [rowid: number, pos: number]>;
  readonly text: Database.Statement<[number], string>;
  readonly insert: Database.Statement<[string, number, string]>;
  readonly update: Database.Statement<[number, string, number]>;
  readonly remove: Database.Statement<[number]>;
  /** Single statements for a document the batch touches once, guarded by position in SQL. */
  readonly upsertIfNewer: Database.Statement<[string, number, string]>;
  readonly removeIfOlder: Database.Statement<[string, number]>;
  /** Patch statements by the patch's SQL expression (a string kept by the patch compiler). */
  readonly patches: Map<string, Database.Statement>;
  readonly upsertPatches: Map<string, Database.Statement>;
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

export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly collections = new Map<string, CollectionStatements>();
  private readonly queries = new Map<string, Database.Statement>();
  private readonly regexps = new Map<string, RegExp>();
  private readonly readCheckpoint: Database.Statement<[string], number>;
  private readonly putCheckpoint: Database.Statement<[string, number]>;
  private readonly applyBatch: Database.Transaction<(ops: readonly PositionedOp[], checkpoint?: Checkpoint) => void>;
  private closed = false;

  constructor(file: string) {
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
    this.applyBatch = this.db.transaction((ops, checkpoint) => this.apply(ops, checkpoint));
    log.debug({ file }, 'document store opened');
  }

  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    const { table } = this.statements(collection);
    for (const spec of indexes) {
      if (spec.fields.length === 0) throw new DocumentStoreError('an index needs at least one field');
      spec.fields.forEach(checkPath);
      if (spec.fields.length === 1 && spec.fields[0] === '_id') continue;
      const name = `ix_${collection}(${spec.fields.join(',')})${spec.unique ? ' unique' : ''}`;
      const columns = spec.fields.map((f) => column(f).value).join(', ');
      this.db.exec(`CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON ${table} (${columns})`);
    }
  }

  async write(ops: readonly PositionedOp[], checkpoint?: Checkpoint): Promise<void> {
    this.assertOpen();
    checkOps(ops, checkpoint);
    // Tables are created before the batch: a rollback would drop them behind the statement cache.
    for (const collection of new Set(ops.map((op) => op.collection))) this.statements(collection);
    // IMMEDIATE takes the write lock first, so the documents read for patches cannot go stale.
    this.applyBatch.immediate(ops, checkpoint);
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
    const sql = `SELECT count(*) FROM ${this.statements(collection).table} WHERE ${where(filter, params)}`;
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
    this.db.transaction(() => {
      for (const c of collections) this.db.exec(`DROP TABLE IF EXISTS ${quoteTable(c)}`);
      for (const name of checkpoints) this.db.prepare(`DELETE FROM _checkpoints WHERE name = ?`).run(name);
    }).immediate();
    for (const c of collections) this.collections.delete(c);
    this.queries.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private apply(ops: readonly PositionedOp[], checkpoint?: Checkpoint): void {
    const touches = new Map<string, Map<string, number>>();
    for (const op of ops) {
      let ids = touches.get(op.collection);
      if (!ids) touches.set(op.collection, (ids = new Map()));
      ids.set(op.id, (ids.get(op.id) ?? 0) + 1);
    }
    const slots = new Map<string, Map<string, Slot>>();
    for (const op of ops) {
      const s = this.statements(op.collection);
      if (touches.get(op.collection)!.get(op.id) === 1 && this.applyOnce(s, op)) continue;
      let byId = slots.get(op.collection);
      if (!byId) slots.set(op.collection, (byId = new Map()));
      let slot = byId.get(op.id);
      if (!slot) byId.set(op.id, (slot = read(s, op)));
      change(s, slot, op);
    }
    for (const [collection, byId] of slots) {
      const s = this.statements(collection);
      for (const [id, slot] of byId) {
        if (!slot.dirty) continue;
        if (!slot.exists) {
          if (slot.rowid !== undefined) s.remove.run(slot.rowid);
          continue;
        }
        const text = slot.text ?? JSON.stringify(slot.doc);
        if (slot.rowid !== undefined) s.update.run(slot.pos, text, slot.rowid);
        else s.insert.run(id, slot.pos, text);
      }
    }
    if (checkpoint) this.putCheckpoint.run(checkpoint.name, checkpoint.position);
  }

  /** One statement for a document the batch touches once; false when a patch needs the JS way. */
  private applyOnce(s: CollectionStatements, op: PositionedOp): boolean {
    if (op.op === 'upsert') s.upsertIfNewer.run(op.id, op.position, JSON.stringify(withoutMeta(op.doc)));
    else if (op.op === 'delete') s.removeIfOlder.run(op.id, op.position);
    else {
      const patch = patchExpression(op);
      if (!patch) return false;
      if (op.upsert) {
        const statement = this.cached(s.upsertPatches, patch.sql, () =>
          `INSERT INTO ${s.table} (id, pos, doc) VALUES (?, ?, ?)` +
          ` ON CONFLICT (id) DO UPDATE SET pos = excluded.pos, doc = ${patch.sql} WHERE pos < excluded.pos`);
        statement.run(op.id, op.position, JSON.stringify(applyPatch({}, op)), ...patch.params);
      } else {
        const statement = this.cached(s.patches, patch.sql, () => `UPDATE ${s.table} SET pos = ?, doc = ${patch.sql} WHERE id = ? AND pos < ?`);
        statement.run(op.position, ...patch.params, op.id, op.position);
      }
    }
    return true;
  }

  private findSql(collection: string, filter: Filter, options: FindOptions): { sql: string; params: unknown[] } {
    const { table } = this.statements(collection);
    const keys = sortKeys(options.sort).map(([path, dir]) => ({ value: column(path).value, dir }));
    // Ties break on rowid (first-write order) rather than id unless _id is sorted on: every index
    // ends in rowid, so index order is the full order and no page sorts a whole group of ties.
    if (!options.sort || !('_id' in options.sort)) keys.at(-1)!.value = 'rowid';
    const params: unknown[] = [];
    const conditions = [where(filter, params)];
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
    s = {
      table,
      get: prepare<[string], [number, number, string]>(`SELECT rowid, pos, doc FROM ${table} WHERE id = ?`).raw(),
      head: prepare<[string], [number, number]>(`SELECT rowid, pos FROM ${table} WHERE id = ?`).raw(),
      text: prepare<[number], string>(`SELECT doc FROM ${table} WHERE rowid = ?`).pluck(),
      insert: prepare(`INSERT INTO ${table} (id, pos, doc) VALUES (?, ?, ?)`),
      update: prepare(`UPDATE ${table} SET pos = ?, doc = ? WHERE rowid = ?`),
      remove: prepare(`DELETE FROM ${table} WHERE rowid = ?`),
      upsertIfNewer: prepare(
        `INSERT INTO ${table} (id, pos, doc) VALUES (?, ?, ?)` +
        ` ON CONFLICT (id) DO UPDATE SET pos = excluded.pos, doc = excluded.doc WHERE pos < excluded.pos`,
      ),
      removeIfOlder: prepare(`DELETE FROM ${table} WHERE id = ? AND pos < ?`),
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

/** First touch of a document in a batch: a patch needs its text, an upsert or delete its position. */
function read(s: CollectionStatements, op: PositionedOp): Slot {
  const row = op.op === 'patch' ? s.get.get(op.id) : s.head.get(op.id);
  return row ? { rowid: row[0], pos: row[1], exists: true, text: row[2], dirty: false } : { pos: -1, exists: false, dirty: false };
}

function change(s: CollectionStatements, slot: Slot, op: PositionedOp): void {
  if (op.position <= slot.pos) return;
  if (op.op === 'upsert') {
    slot.text = JSON.stringify(withoutMeta(op.doc));
    slot.doc = undefined;
  } else if (op.op === 'patch') {
    if (!slot.exists && !op.upsert) return;
    // Neither text nor doc means the stored document, not read yet (the slot began with an upsert or delete).
    if (slot.exists && slot.text === undefined && slot.doc === undefined) slot.text = s.text.get(slot.rowid!);
    slot.doc = applyPatch(slot.exists ? (slot.doc ??= JSON.parse(slot.text!) as Doc) : {}, op as PatchOp);
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
