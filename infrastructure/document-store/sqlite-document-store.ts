/**
 * The embedded operational read store: one WITHOUT ROWID table per collection
 * (`id`, `pos`, `doc` JSON text), queried through `json_extract` so indexes on JSON paths answer
 * filters and sorts. A write batch and its checkpoint commit in one SQLite transaction, which is
 * what makes projections exactly-once here.
 */
import Database from 'better-sqlite3';
import type {
  Checkpoint, DocumentStore, Filter, FindOptions, IndexSpec, Page, Scalar, StoredDocument, WriteOp,
} from '../../application/ports/document-store.js';
import { logger } from '../logging/logger.js';
import {
  DocumentStoreError, checkCollection, checkFields, checkFilter, checkOps, checkPatchPath, checkPath, closedError,
  decodeCursor, encodeCursor, isScalar, pageLimit, sortKeys,
} from './common.js';

const log = logger('document-store');

type Doc = Record<string, unknown>;
type PositionedOp = WriteOp & { readonly position: number };
type PatchOp = Extract<WriteOp, { op: 'patch' }>;

interface CollectionStatements {
  readonly get: Database.Statement<[string], { pos: number; doc: string }>;
  readonly position: Database.Statement<[string], number>;
  readonly insert: Database.Statement<[string, number, string]>;
  readonly update: Database.Statement<[number, string, string]>;
  readonly remove: Database.Statement<[string]>;
}

/**
 * A document as the batch sees it: read once, changed in memory, written once at the end. The
 * stored text is only read when a patch needs it; an upsert or delete needs the position alone.
 */
interface Slot {
  pos: number;
  /** The document exists after the ops applied so far. */
  exists: boolean;
  /** A row for it is in the table (decides INSERT or UPDATE at the end). */
  stored: boolean;
  text?: string;
  doc?: Doc;
  dirty: boolean;
}

interface Sql {
  readonly sql: string;
  readonly params: unknown[];
  readonly keys: number;
}

const QUERY_CACHE_SIZE = 500;
const NUMBER_TYPES = `IN ('integer','real')`;

export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly collections = new Map<string, CollectionStatements>();
  private readonly queries = new Map<string, Database.Statement>();
  private readonly regexps = new Map<string, RegExp>();
  private readonly readCheckpoint: Database.Statement<[string], { position: number }>;
  private readonly putCheckpoint: Database.Statement<[string, number]>;
  private readonly applyBatch: Database.Transaction<(ops: readonly PositionedOp[], checkpoint?: Checkpoint) => void>;
  private closed = false;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Views are rebuilt from events, so losing the last commits on power loss is acceptable.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // A larger page cache keeps the b-tree pages of a catch-up's working set in memory (32 MiB).
    this.db.pragma('cache_size = -32768');
    this.db.function('doc_regexp', { deterministic: true }, (value: unknown, pattern: unknown, flags: unknown) =>
      typeof value === 'string' && this.regexp(String(pattern), String(flags)).test(value) ? 1 : 0);
    this.db.exec(`CREATE TABLE IF NOT EXISTS _checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID`);
    this.readCheckpoint = this.db.prepare(`SELECT position FROM _checkpoints WHERE name = ?`);
    this.putCheckpoint = this.db.prepare(
      `INSERT INTO _checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    );
    this.applyBatch = this.db.transaction((ops, checkpoint) => this.apply(ops, checkpoint));
    log.debug({ file }, 'document store opened');
  }

  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    const table = this.table(collection);
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
    checkOps(ops);
    if (checkpoint && (typeof checkpoint.name !== 'string' || !checkpoint.name || !Number.isSafeInteger(checkpoint.position))) {
      throw new DocumentStoreError('a checkpoint needs a name and an integer position');
    }
    // Tables are created before the batch: a rollback would drop them behind the statement cache.
    for (const collection of new Set(ops.map((op) => op.collection))) this.statements(collection);
    // IMMEDIATE takes the write lock first, so the documents read for patches cannot go stale.
    this.applyBatch.immediate(ops, checkpoint);
  }

  async get<T = Doc>(collection: string, id: string): Promise<StoredDocument<T> | undefined> {
    const row = this.statements(collection).get.get(id);
    return row ? (stored(id, row.pos, row.doc) as StoredDocument<T>) : undefined;
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
    const sql = `SELECT count(*) FROM ${this.table(collection)} WHERE ${where(filter, params)}`;
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
    return this.readCheckpoint.get(name)?.position;
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
    const batch = new Map<string, Map<string, Slot>>();
    for (const op of ops) {
      let slots = batch.get(op.collection);
      if (!slots) batch.set(op.collection, (slots = new Map()));
      let slot = slots.get(op.id);
      if (!slot) {
        const s = this.statements(op.collection);
        const row = op.op === 'patch' ? s.get.get(op.id) : undefined;
        const pos = row ? row.pos : op.op === 'patch' ? undefined : s.position.get(op.id);
        slot = { pos: pos ?? -1, exists: pos !== undefined, stored: pos !== undefined, text: row?.doc, dirty: false };
        slots.set(op.id, slot);
      }
      if (op.position <= slot.pos) continue;
      if (op.op === 'upsert') {
        slot.text = JSON.stringify(withoutMeta(op.doc));
        slot.doc = undefined;
      } else if (op.op === 'patch') {
        if (!slot.exists && !op.upsert) continue;
        // Neither text nor doc yet means the document is the stored one, not read so far.
        if (slot.exists && slot.text === undefined && slot.doc === undefined) slot.text = this.statements(op.collection).get.get(op.id)!.doc;
        slot.doc = applyPatch(slot.exists ? (slot.doc ??= JSON.parse(slot.text!) as Doc) : {}, op);
        slot.text = undefined;
      } else {
        if (!slot.exists) continue;
        slot.doc = slot.text = undefined;
      }
      slot.exists = op.op !== 'delete';
      slot.pos = op.position;
      slot.dirty = true;
    }
    for (const [collection, slots] of batch) {
      const s = this.statements(collection);
      for (const [id, slot] of slots) {
        if (!slot.dirty) continue;
        if (!slot.exists) s.remove.run(id);
        else if (slot.stored) s.update.run(slot.pos, slot.text ?? JSON.stringify(slot.doc), id);
        else s.insert.run(id, slot.pos, slot.text ?? JSON.stringify(slot.doc));
      }
    }
    if (checkpoint) this.putCheckpoint.run(checkpoint.name, checkpoint.position);
  }

  private findSql(collection: string, filter: Filter, options: FindOptions): Sql {
    const table = this.table(collection);
    const keys = sortKeys(options.sort).map(([path, dir]) => ({ value: column(path).value, dir }));
    const params: unknown[] = [];
    const conditions = [where(filter, params)];
    if (options.after) conditions.push(after(keys, decodeCursor(options.after, keys.length), params));
    const sql =
      `SELECT id, pos, doc, ${keys.map((k) => k.value).join(', ')} FROM ${table} WHERE ${conditions.join(' AND ')}` +
      ` ORDER BY ${keys.map((k) => `${k.value} ${k.dir === 1 ? 'ASC' : 'DESC'}`).join(', ')} LIMIT ?`;
    return { sql, params, keys: keys.length };
  }

  private assertOpen(): void {
    if (this.closed) throw closedError('SqliteDocumentStore');
  }

  /** The collection's table, created on first use. */
  private table(collection: string): string {
    this.statements(collection);
    return quoteTable(collection);
  }

  private statements(collection: string): CollectionStatements {
    this.assertOpen();
    let s = this.collections.get(collection);
    if (s) return s;
    const table = quoteTable(checkCollection(collection));
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, doc TEXT NOT NULL)`);
    s = {
      get: this.db.prepare(`SELECT pos, doc FROM ${table} WHERE id = ?`),
      position: this.db.prepare<[string], number>(`SELECT pos FROM ${table} WHERE id = ?`).pluck(),
      insert: this.db.prepare(`INSERT INTO ${table} (id, pos, doc) VALUES (?, ?, ?)`),
      update: this.db.prepare(`UPDATE ${table} SET pos = ?, doc = ? WHERE id = ?`),
      remove: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
    };
    this.collections.set(collection, s);
    return s;
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.queries.get(sql);
    if (!statement) {
      if (this.queries.size >= QUERY_CACHE_SIZE) this.queries.delete(this.queries.keys().next().value!);
      statement = this.db.prepare(sql);
      this.queries.set(sql, statement);
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

/** SQL for a field's value and its JSON type; paths are validated identifiers, so inlining is safe. */
function column(path: string): { value: string; type: string } {
  if (path === '_id') return { value: 'id', type: `'text'` };
  if (path === '_pos') return { value: 'pos', type: `'integer'` };
  return { value: `json_extract(doc,'$.${path}')`, type: `json_type(doc,'$.${path}')` };
}

/**
 * Builds a WHERE clause. `$eq` and `$in` are built never to yield NULL, so `$ne`/`$nin` can be
 * their plain NOT and match missing fields the way MongoDB does.
 */
function where(filter: Filter, params: unknown[]): string {
  checkFilter(filter);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or') {
      parts.push(`(${(value as Filter[]).map((f) => where(f, params)).join(key === '$and' ? ' AND ' : ' OR ')})`);
    } else {
      parts.push(...conditions(column(key), value, params));
    }
  }
  return parts.length ? parts.join(' AND ') : '1';
}

function conditions(c: { value: string; type: string }, cond: unknown, params: unknown[]): string[] {
  if (cond instanceof RegExp) return [regex(c, cond.source, cond.flags, params)];
  if (isScalar(cond)) return [eq(c, cond, params)];
  const ops = cond as Record<string, unknown>;
  return Object.entries(ops).flatMap(([op, v]): string[] => {
    switch (op) {
      case '$eq': return [eq(c, v as Scalar, params)];
      case '$ne': return [`NOT ${eq(c, v as Scalar, params)}`];
      case '$in': return [inList(c, v as Scalar[], params)];
      case '$nin': return [`NOT ${inList(c, v as Scalar[], params)}`];
      case '$gt': return [range(c, '>', v as number | string, params)];
      case '$gte': return [range(c, '>=', v as number | string, params)];
      case '$lt': return [range(c, '<', v as number | string, params)];
      case '$lte': return [range(c, '<=', v as number | string, params)];
      case '$exists': return [`${c.type} IS ${v ? 'NOT NULL' : 'NULL'}`];
      case '$regex': {
        const flags = v instanceof RegExp ? v.flags : String(ops.$options ?? '');
        return [regex(c, v instanceof RegExp ? v.source : String(v), flags, params)];
      }
      default: return []; // $options, read with $regex
    }
  });
}

/** json_extract turns true/false into 1/0, so booleans and numbers are told apart by json_type. */
function eq(c: { value: string; type: string }, v: Scalar, params: unknown[]): string {
  if (v === null) return `${c.value} IS NULL`;
  if (typeof v === 'boolean') {
    params.push(v ? 1 : 0);
    return `(${c.value} IS ? AND ${c.type} IS '${v}')`;
  }
  params.push(v);
  return typeof v === 'number' ? `(${c.value} IS ? AND ${c.type} ${NUMBER_TYPES})` : `${c.value} IS ?`;
}

function inList(c: { value: string; type: string }, values: Scalar[], params: unknown[]): string {
  const strings = values.filter((v) => typeof v === 'string');
  const numbers = values.filter((v) => typeof v === 'number');
  const parts: string[] = [];
  for (const [group, guard] of [[strings, ''], [numbers, ` AND ${c.type} ${NUMBER_TYPES}`]] as const) {
    if (group.length === 1) parts.push(eq(c, group[0]!, params));
    if (group.length > 1) {
      params.push(...group);
      parts.push(`(${c.value} IS NOT NULL AND ${c.value} IN (${group.map(() => '?').join(',')})${guard})`);
    }
  }
  for (const v of new Set(values.filter((v) => typeof v === 'boolean' || v === null))) parts.push(eq(c, v, params));
  if (parts.length === 0) return '0';
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** Like MongoDB, a range only matches values of the operand's own type. */
function range(c: { value: string; type: string }, op: string, v: number | string, params: unknown[]): string {
  params.push(v);
  return `(${c.value} ${op} ? AND ${c.type} ${typeof v === 'number' ? NUMBER_TYPES : `IS 'text'`})`;
}

function regex(c: { value: string }, pattern: string, flags: string, params: unknown[]): string {
  params.push(pattern, flags);
  return `doc_regexp(${c.value}, ?, ?)`;
}

/**
 * Keyset paging: rows strictly after the cursor in the sort order, with NULL (missing) first when
 * ascending and last when descending, as both SQLite and MongoDB order them.
 */
function after(keys: { value: string; dir: 1 | -1 }[], values: unknown[], params: unknown[]): string {
  // A plain range on the first key lets SQLite seek in its index instead of walking from the start.
  const first = keys[0]!;
  let lead = '';
  if (first.dir === 1 && values[0] !== null) {
    params.push(values[0]);
    lead = `${first.value} >= ? AND `;
  }
  const terms: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const equal = keys.slice(0, i).map((k, j) => {
      params.push(values[j]);
      return `${k.value} IS ?`;
    });
    const { value, dir } = keys[i]!;
    const v = values[i];
    let beyond: string;
    if (v === null) beyond = dir === 1 ? `${value} IS NOT NULL` : '0';
    else {
      params.push(v);
      beyond = dir === 1 ? `${value} > ?` : `(${value} < ? OR ${value} IS NULL)`;
    }
    terms.push(`(${[...equal, beyond].join(' AND ')})`);
  }
  return `(${lead}(${terms.join(' OR ')}))`;
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

/** MongoDB's $set/$unset/$inc/$push on dotted paths, applied in that order to a private copy. */
export function applyPatch(doc: Doc, op: PatchOp): Doc {
  for (const [path, value] of Object.entries(op.set ?? {})) {
    const [parent, key] = locate(doc, path, true);
    parent![key] = own(value);
  }
  for (const path of op.unset ?? []) {
    const [parent, key] = locate(doc, path, false);
    if (parent && Array.isArray(parent)) parent[Number(key)] = null;
    else if (parent) delete parent[key];
  }
  for (const [path, n] of Object.entries(op.inc ?? {})) {
    if (typeof n !== 'number') throw new DocumentStoreError(`$inc on ${path} needs a number`);
    const [parent, key] = locate(doc, path, true);
    const current = Object.hasOwn(parent!, key) ? parent![key] : 0;
    if (typeof current !== 'number') throw new DocumentStoreError(`cannot $inc the non-numeric field ${path}`);
    parent![key] = current + n;
  }
  for (const [path, value] of Object.entries(op.push ?? {})) {
    const [parent, key] = locate(doc, path, true);
    const current = Object.hasOwn(parent!, key) ? parent![key] : [];
    if (!Array.isArray(current)) throw new DocumentStoreError(`cannot $push to the non-array field ${path}`);
    const each = value !== null && typeof value === 'object' && '$each' in value ? (value as { $each: unknown }).$each : undefined;
    current.push(...(Array.isArray(each) ? each.map(own) : [own(value)]));
    parent![key] = current;
  }
  return doc;
}

/** The container holding a dotted path's last part, creating objects on the way when asked. */
function locate(doc: Doc, path: string, create: boolean): [Record<string, unknown> | undefined, string] {
  const parts = checkPatchPath(path);
  if (parts.includes('__proto__')) throw new DocumentStoreError(`invalid patch path ${JSON.stringify(path)}`);
  const key = parts.pop()!;
  let current: Record<string, unknown> = doc;
  for (const part of parts) {
    let next = Object.hasOwn(current, part) ? current[part] : undefined;
    if (next === undefined) {
      if (!create) return [undefined, key];
      next = current[part] = {};
    } else if (next === null || typeof next !== 'object') {
      if (!create) return [undefined, key];
      throw new DocumentStoreError(`cannot create ${path}: ${part} is not an object`);
    }
    current = next as Record<string, unknown>;
  }
  return [current, key];
}

/** Values from the caller are copied so later patches in the batch never change the caller's objects. */
function own(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}
