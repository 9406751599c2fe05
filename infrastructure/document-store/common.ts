/**
 * Rules both document-store adapters share, so they accept and reject the same inputs:
 * collection names, field paths, the filter subset, limits and the opaque paging cursor.
 */
import type { Checkpoint, Filter, FindOptions, Scalar, SortSpec, WriteOp } from '../../application/ports/document-store.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

const COLLECTION = /^[a-z][a-z0-9_]*$/;
/** Paths used in filters, sorts and indexes end up inside SQL JSON paths, so they stay plain. */
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

const FIELD_OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte', '$exists', '$regex', '$options', '$elemMatch']);

export class DocumentStoreError extends Error {
  override name = 'DocumentStoreError';
}

/** Collection names already found valid. */
const validCollections = new Set<string>();

export function checkCollection(name: string): string {
  if (validCollections.has(name)) return name;
  if (typeof name !== 'string' || !COLLECTION.test(name)) {
    throw new DocumentStoreError(`invalid collection name ${JSON.stringify(name)}: expected ${COLLECTION}`);
  }
  if (validCollections.size < 10_000) validCollections.add(name);
  return name;
}

export function checkPath(path: string): string {
  if (!PATH.test(path)) throw new DocumentStoreError(`invalid field path ${JSON.stringify(path)}: expected dotted identifiers`);
  return path;
}

/** Patch paths already found valid: a projection patches the same few paths over and over. */
const validPatchPaths = new Set<string>();

/** Patch paths follow MongoDB's rule (no empty part, no leading `$`); `_id` and `_pos` belong to the store. */
function checkPatchPath(path: string): void {
  if (validPatchPaths.has(path)) return;
  const parts = path.split('.');
  if (parts.some((p) => p === '' || p.startsWith('$') || p === '__proto__')) throw new DocumentStoreError(`invalid patch path ${JSON.stringify(path)}`);
  if (parts[0] === '_id' || parts[0] === '_pos') throw new DocumentStoreError(`a patch cannot change ${parts[0]}`);
  if (validPatchPaths.size >= 10_000) validPatchPaths.clear();
  validPatchPaths.add(path);
}

/** One path is the other, or its parent. */
function overlaps(a: string, b: string): boolean {
  if (a.length === b.length) return a === b;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.charCodeAt(short.length) === 46 /* . */ && long.startsWith(short);
}

/** Like MongoDB, one patch may not touch a path twice or a path and its parent. (Plain loops: this runs per op.) */
function checkPatch(op: Extract<WriteOp, { op: 'patch' }>): void {
  const paths: string[] = [];
  const { set, unset, inc, push } = op;
  if (set) for (const path in set) paths.push(path);
  if (unset) for (const path of unset) paths.push(path);
  if (inc) for (const path in inc) paths.push(path);
  if (push) for (const path in push) paths.push(path);
  let dotted = false;
  for (const path of paths) {
    checkPatchPath(path);
    if (!dotted && path.includes('.')) dotted = true;
  }
  // Top-level paths only clash by being equal: a Set finds that without comparing every pair.
  if (!dotted && new Set(paths).size === paths.length) {
    // no clash
  } else {
    for (let i = 0; i < paths.length; i++) {
      const a = paths[i]!;
      for (let j = i + 1; j < paths.length; j++) {
        const b = paths[j]!;
        if (overlaps(a, b)) throw new DocumentStoreError(`a patch changes both ${a} and ${b}`);
      }
    }
  }
  if (inc) {
    for (const path in inc) {
      const n = inc[path];
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new DocumentStoreError(`$inc on ${path} needs a number`);
    }
  }
}

export function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp);
}

/** Throws unless the filter stays inside the subset both adapters answer the same way. */
export function checkFilter(filter: Filter): void {
  if (!isPlainObject(filter)) throw new DocumentStoreError('a filter must be an object');
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) throw new DocumentStoreError(`${key} needs a non-empty array of filters`);
      value.forEach((f) => checkFilter(f as Filter));
    } else if (key.startsWith('$')) {
      throw new DocumentStoreError(`unsupported filter operator ${key}`);
    } else {
      checkPath(key);
      checkCondition(key, value);
    }
  }
}

function checkCondition(path: string, cond: unknown): void {
  if (isScalar(cond) || cond instanceof RegExp) return checkRegex(cond);
  if (!isPlainObject(cond)) throw new DocumentStoreError(`unsupported value for ${path}: arrays and non-JSON values cannot be matched`);
  const ops = Object.keys(cond);
  if (ops.length === 0 || ops.some((op) => !op.startsWith('$'))) {
    throw new DocumentStoreError(`unsupported value for ${path}: embedded-document equality is not supported, use dotted paths`);
  }
  for (const op of ops) {
    const v = cond[op];
    if (!FIELD_OPERATORS.has(op)) throw new DocumentStoreError(`unsupported filter operator ${op} on ${path}`);
    if (op === '$elemMatch') {
      // An array field with at least one element (an object) matching the sub-filter over its fields.
      if (ops.length !== 1) throw new DocumentStoreError(`$elemMatch on ${path} stands alone`);
      checkFilter(v as Filter);
      continue;
    }
    const ok =
      op === '$eq' || op === '$ne' ? isScalar(v)
      : op === '$in' || op === '$nin' ? Array.isArray(v) && v.every(isScalar)
      : op === '$exists' ? typeof v === 'boolean'
      : op === '$regex' ? typeof v === 'string' || v instanceof RegExp
      : op === '$options' ? (v === 'i' || v === '') && '$regex' in cond
      : (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string';
    if (!ok) throw new DocumentStoreError(`invalid operand for ${op} on ${path}`);
    if (op === '$regex') checkRegex(v);
  }
}

function checkRegex(v: unknown): void {
  if (v instanceof RegExp && v.flags.replace('i', '') !== '') throw new DocumentStoreError(`only the i flag is supported on regular expressions`);
  if (typeof v !== 'string') return;
  try {
    new RegExp(v);
  } catch {
    throw new DocumentStoreError(`invalid regular expression ${JSON.stringify(v)}`);
  }
}

export function pageLimit(options: FindOptions): number {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new DocumentStoreError(`limit must be a positive integer`);
  return Math.min(limit, MAX_LIMIT);
}

/** Sort keys with the tie-break (`_id`) last, in the last key's direction so one index serves the whole order. */
export function sortKeys(sort: SortSpec | undefined): [path: string, dir: 1 | -1][] {
  const keys = Object.entries(sort ?? {}).map(([path, dir]): [string, 1 | -1] => {
    if (dir !== 1 && dir !== -1) throw new DocumentStoreError(`sort direction for ${path} must be 1 or -1`);
    return [checkPath(path), dir];
  });
  const idAt = keys.findIndex(([p]) => p === '_id');
  if (idAt >= 0) return keys.slice(0, idAt + 1);
  return [...keys, ['_id', keys.at(-1)?.[1] ?? 1]];
}

/** The cursor holds the last item's sort values, tie-break last; the engine compares, not JS. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, keyCount: number): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== keyCount || !['string', 'number'].includes(typeof values.at(-1))) {
    throw new DocumentStoreError('invalid cursor (was it made for another sort order?)');
  }
  return values;
}

export function checkOps(ops: readonly (WriteOp & { readonly position: number })[], checkpoint?: Checkpoint): void {
  if (checkpoint && (typeof checkpoint.name !== 'string' || !checkpoint.name || !Number.isSafeInteger(checkpoint.position))) {
    throw new DocumentStoreError('a checkpoint needs a name and an integer position');
  }
  for (const op of ops) {
    checkCollection(op.collection);
    if (typeof op.id !== 'string' || op.id === '') throw new DocumentStoreError(`a document id must be a non-empty string`);
    if (!Number.isSafeInteger(op.position) || op.position < 0) throw new DocumentStoreError(`invalid position ${op.position}`);
    if (op.op === 'patch') checkPatch(op);
    else if (op.op !== 'upsert' && op.op !== 'delete') throw new DocumentStoreError(`unknown write op ${(op as { op: unknown }).op}`);
  }
}

export function checkFields(fields: readonly string[]): void {
  for (const f of fields) if (!FIELD.test(f)) throw new DocumentStoreError(`invalid projected field ${JSON.stringify(f)}: top-level names only`);
}

export function closedError(adapter: string): DocumentStoreError {
  return new DocumentStoreError(`${adapter} is closed`);
}
