/**
 * The operational read store: collections of JSON documents, written by projections and read by
 * queries. Every write is guarded by the event position that caused it: a document remembers the
 * last position applied (`_pos`) and ignores a write at or below it, so replaying events is harmless.
 */

export type Scalar = string | number | boolean | null;

/**
 * The MongoDB filter subset both adapters answer the same way:
 * `$eq $ne $in $nin $gt $gte $lt $lte $exists $and $or $regex` (with `$options: 'i'`),
 * `$elemMatch` (an array holding an object that matches a sub-filter), dotted paths, and a bare
 * value meaning `$eq`.
 */
export type Filter = {
  readonly $and?: readonly Filter[];
  readonly $or?: readonly Filter[];
} & { readonly [path: string]: unknown };

export type SortSpec = Readonly<Record<string, 1 | -1>>;

export interface FindOptions {
  readonly sort?: SortSpec;
  readonly limit?: number;
  /** Opaque cursor from a previous page's `next`. */
  readonly after?: string;
  /** Only these top-level fields (plus `_id`). */
  readonly fields?: readonly string[];
}

export interface Page<T> {
  readonly items: T[];
  /** Cursor for the next page, absent on the last page. */
  readonly next?: string;
}

export interface IndexSpec {
  /** Dotted paths, in order. */
  readonly fields: readonly string[];
  readonly unique?: boolean;
}

/** A stored document: its id, the position of the last event applied, and its fields. */
export type StoredDocument<T = Record<string, unknown>> = T & { readonly _id: string; readonly _pos: number };

export type WriteOp =
  /** Replace the whole document (creating it if absent). */
  | { readonly op: 'upsert'; readonly collection: string; readonly id: string; readonly doc: Record<string, unknown> }
  /** Change some fields of an existing document (dotted paths); no-op when absent unless `upsert`. */
  | {
      readonly op: 'patch';
      readonly collection: string;
      readonly id: string;
      readonly set?: Readonly<Record<string, unknown>>;
      readonly unset?: readonly string[];
      readonly inc?: Readonly<Record<string, number>>;
      /** Append to arrays. */
      readonly push?: Readonly<Record<string, unknown>>;
      readonly upsert?: boolean;
    }
  | { readonly op: 'delete'; readonly collection: string; readonly id: string };

export interface Checkpoint {
  readonly name: string;
  readonly position: number;
}

export interface DocumentStore {
  /** Declares indexes; idempotent. */
  ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void>;
  /**
   * Applies writes, each at the position of the event that caused it, and optionally moves a
   * checkpoint — atomically where the engine allows, otherwise idempotently in order.
   */
  write(ops: readonly (WriteOp & { readonly position: number })[], checkpoint?: Checkpoint): Promise<void>;
  get<T = Record<string, unknown>>(collection: string, id: string): Promise<StoredDocument<T> | undefined>;
  find<T = Record<string, unknown>>(collection: string, filter?: Filter, options?: FindOptions): Promise<Page<StoredDocument<T>>>;
  count(collection: string, filter?: Filter): Promise<number>;
  checkpoint(name: string): Promise<number | undefined>;
  /** Drops collections and the named checkpoints (a projection rebuild). */
  drop(collections: readonly string[], checkpoints: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
