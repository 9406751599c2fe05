/**
 * The production operational read store on MongoDB. Documents keep `_id` and `_pos` (the position
 * of the last event applied); every write is guarded by `_pos`, so a replayed batch changes nothing.
 * A batch and its checkpoint share a transaction when the server has them (replica set, sharded);
 * on a standalone server the checkpoint follows the writes, which stay idempotent.
 */
import { MongoClient, MongoServerError, type AnyBulkWriteOperation, type ClientSession, type Collection, type Db, type Document } from 'mongodb';
import type {
  Checkpoint, DocumentStore, Filter, FindOptions, IndexSpec, Page, StoredDocument, WriteOp,
} from '../../application/ports/document-store.js';
import { logger } from '../logging/logger.js';
import {
  DocumentStoreError, checkCollection, checkFields, checkFilter, checkOps, checkPath, closedError,
  decodeCursor, encodeCursor, pageLimit, sortKeys,
} from './common.js';

const log = logger('document-store');

type Doc = Record<string, unknown>;
type Stored = { _id: string; _pos?: number } & Doc;
type PositionedOp = WriteOp & { readonly position: number };

const CHECKPOINTS = '_checkpoints';
const NAMESPACE_NOT_FOUND = 26;

export class MongoDocumentStore implements DocumentStore {
  private readonly client: MongoClient;
  private readonly db: Db;
  private transactions?: Promise<boolean>;
  private closed = false;

  constructor(url: string) {
    // Undefined fields are dropped, as JSON (and so the SQLite store) drops them.
    this.client = new MongoClient(url, { ignoreUndefined: true });
    this.db = this.client.db(databaseName(url));
  }

  /** Connects now, so a wrong URL fails at startup rather than on the first query. */
  async connect(): Promise<this> {
    await this.client.connect();
    return this;
  }

  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    const c = this.collection(collection);
    for (const spec of indexes) {
      if (spec.fields.length === 0) throw new DocumentStoreError('an index needs at least one field');
      spec.fields.forEach(checkPath);
      if (spec.fields.length === 1 && spec.fields[0] === '_id') continue;
      await c.createIndex(Object.fromEntries(spec.fields.map((f) => [f, 1])), { unique: spec.unique ?? false });
    }
  }

  async write(ops: readonly PositionedOp[], checkpoint?: Checkpoint): Promise<void> {
    this.assertOpen();
    checkOps(ops, checkpoint);
    if (ops.length === 0 && !checkpoint) return;
    const batches = new Map<string, AnyBulkWriteOperation<Stored>[]>();
    for (const op of ops) {
      let models = batches.get(op.collection);
      if (!models) batches.set(op.collection, (models = []));
      models.push(...bulkModels(op));
    }
    const run = async (session?: ClientSession): Promise<void> => {
      // Ordered, so several changes to one document apply in event order.
      for (const [collection, models] of batches) await this.collection(collection).bulkWrite(models, { ordered: true, session });
      if (checkpoint) {
        await this.db.collection<{ _id: string; position: number }>(CHECKPOINTS)
          .updateOne({ _id: checkpoint.name }, { $set: { position: checkpoint.position } }, { upsert: true, session });
      }
    };
    if (await this.supportsTransactions()) await this.client.withSession((session) => session.withTransaction(() => run(session)));
    else await run();
  }

  async get<T = Doc>(collection: string, id: string): Promise<StoredDocument<T> | undefined> {
    const doc = await this.collection(collection).findOne({ _id: id });
    return (doc ?? undefined) as StoredDocument<T> | undefined;
  }

  async find<T = Doc>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<Page<StoredDocument<T>>> {
    const c = this.collection(collection);
    checkFilter(filter);
    const limit = pageLimit(options);
    const keys = sortKeys(options.sort);
    const query = options.after ? { $and: [filter, after(keys, decodeCursor(options.after, keys.length))] } : filter;
    const docs = await c.find(query as Document, { sort: keys, limit: limit + 1, projection: projection(options.fields, keys) }).toArray();
    const items = docs.slice(0, limit);
    const next = docs.length > limit ? encodeCursor(keys.map(([path]) => valueAt(items.at(-1)!, path) ?? null)) : undefined;
    const shaped = (options.fields ? items.map((d) => pick(d, options.fields!)) : items) as StoredDocument<T>[];
    return next ? { items: shaped, next } : { items: shaped };
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    const c = this.collection(collection);
    checkFilter(filter);
    return c.countDocuments(filter as Document);
  }

  async checkpoint(name: string): Promise<number | undefined> {
    this.assertOpen();
    const doc = await this.db.collection<{ _id: string; position: number }>(CHECKPOINTS).findOne({ _id: name });
    return doc?.position;
  }

  async drop(collections: readonly string[], checkpoints: readonly string[]): Promise<void> {
    this.assertOpen();
    for (const name of collections) {
      await this.collection(name).drop().catch((error: unknown) => {
        if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
      });
    }
    if (checkpoints.length) await this.db.collection<{ _id: string }>(CHECKPOINTS).deleteMany({ _id: { $in: [...checkpoints] } });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  private collection(name: string): Collection<Stored> {
    this.assertOpen();
    return this.db.collection<Stored>(checkCollection(name));
  }

  private assertOpen(): void {
    if (this.closed) throw closedError('MongoDocumentStore');
  }

  /** Multi-document transactions need a replica set or a sharded cluster. */
  private supportsTransactions(): Promise<boolean> {
    this.transactions ??= this.db.admin().command({ hello: 1 }).then((hello) => {
      const supported = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
      if (!supported) log.warn('MongoDB has no transactions (standalone): checkpoints are written after their batch');
      return supported;
    });
    return this.transactions;
  }
}

/** The database named in the URL's path, else `govhall`. */
export function databaseName(url: string): string {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]+)/.exec(url)?.[1];
  return name ? decodeURIComponent(name) : 'govhall';
}

const olderThan = (position: number): Document => ({ $or: [{ _pos: { $lt: position } }, { _pos: { $exists: false } }] });

/**
 * Bulk models for one op. None can fail on a newer document: a replace is a pipeline that keeps
 * the stored document when its `_pos` is newer, and a patch only matches older documents. That
 * matters because a duplicate-key error would abort the whole transaction.
 */
function bulkModels(op: PositionedOp): AnyBulkWriteOperation<Stored>[] {
  const { id, position } = op;
  switch (op.op) {
    case 'upsert': {
      const replacement = { ...withoutMeta(op.doc), _id: id, _pos: position };
      const keepNewer = { $cond: { if: { $lt: [{ $ifNull: ['$_pos', -1] }, position] }, then: { $literal: replacement }, else: '$$ROOT' } };
      return [{ updateOne: { filter: { _id: id }, update: [{ $replaceWith: keepNewer }], upsert: true } }];
    }
    case 'patch': {
      // checkOps has refused patches of _id/_pos and overlapping paths, as MongoDB would.
      const update: Document = { $set: { ...op.set, _pos: position } };
      if (op.unset?.length) update.$unset = Object.fromEntries(op.unset.map((p) => [p, '']));
      if (op.inc && Object.keys(op.inc).length) update.$inc = op.inc;
      if (op.push && Object.keys(op.push).length) update.$push = op.push;
      const patch: AnyBulkWriteOperation<Stored> = { updateOne: { filter: { _id: id, ...olderThan(position) }, update } };
      // A missing document is first created empty and old, so the guarded patch then applies to it.
      const create: AnyBulkWriteOperation<Stored> = { updateOne: { filter: { _id: id }, update: { $setOnInsert: { _pos: -1 } }, upsert: true } };
      return op.upsert ? [create, patch] : [patch];
    }
    case 'delete':
      return [{ deleteOne: { filter: { _id: id, ...olderThan(position) } } }];
  }
}

/** Documents strictly after the cursor in sort order; null stands for missing, first when ascending. */
function after(keys: [string, 1 | -1][], values: unknown[]): Document {
  const terms: Document[] = [];
  keys.forEach(([path, dir], i) => {
    const equal = keys.slice(0, i).map(([p], j) => ({ [p]: values[j] }));
    const v = values[i];
    let beyond: Document | undefined;
    if (v === null) beyond = dir === 1 ? { [path]: { $ne: null } } : undefined;
    else beyond = dir === 1 ? { [path]: { $gt: v } } : { $or: [{ [path]: { $lt: v } }, { [path]: null }] };
    if (beyond) terms.push({ $and: [...equal, beyond] });
  });
  return terms.length ? { $or: terms } : { _id: { $exists: false } };
}

/** Requested fields, plus the sort paths the next cursor is made from. */
function projection(fields: readonly string[] | undefined, keys: [string, 1 | -1][]): Document | undefined {
  if (!fields) return undefined;
  checkFields(fields);
  const wanted = new Set(['_pos', ...fields]);
  for (const [path] of keys) if (!wanted.has(path.split('.')[0]!)) wanted.add(path);
  return Object.fromEntries([...wanted].map((f) => [f, 1]));
}

function pick(doc: Stored, fields: readonly string[]): Doc {
  const out: Doc = { _id: doc._id, _pos: doc._pos };
  for (const f of fields) if (f in doc) out[f] = doc[f];
  return out;
}

function valueAt(doc: Doc, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Doc)[part];
  }
  return current;
}

function withoutMeta<D extends Readonly<Doc>>(doc: D): Doc {
  const { _id, _pos, ...rest } = doc;
  return rest;
}
