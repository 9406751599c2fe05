/**
 * Key columns of the embedded document store: a column per indexed path (`"k:dept.code"`) beside
 * the document's JSON text, holding the value `json_extract(doc, '$.dept.code')` would give (text,
 * a number, 1/0 for booleans, NULL when missing or null, JSON text for an object or array). The
 * indexes are on these columns, so SQLite never parses a document to maintain or search an index:
 * the store computes the values in JS from the document it writes, or from the patch that changes
 * it when SQLite applies the patch.
 */
import type { PatchOp } from './patch.js';

export interface KeyColumn {
  readonly path: string;
  /** The quoted column name. */
  readonly column: string;
  readonly parts: readonly string[];
}

export function keyColumn(path: string): KeyColumn {
  return { path, column: `"k:${path}"`, parts: path.split('.') };
}

/** The path of a key column, from the column's name; undefined for another column. */
export function keyPath(columnName: string): string | undefined {
  return columnName.startsWith('k:') ? columnName.slice(2) : undefined;
}

/** The SQL value of a JSON value, as `json_extract` gives it. */
export function sqlValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return null; // JSON has no NaN or Infinity: they are null
      // A whole number past 2^53 is written in JSON as digits that SQLite reads as an exact
      // 64-bit integer, which the nearest double need not equal: bound as that integer.
      return Number.isSafeInteger(value) || !Number.isInteger(value) ? value : int64(JSON.stringify(value)) ?? value;
    case 'boolean':
      return value ? 1 : 0;
    case 'object':
      return value === null ? null : JSON.stringify(value);
    default:
      return null; // undefined (absent), a function, a symbol: JSON leaves them out
  }
}

const INT64_MAX = 2n ** 63n - 1n;

/** The 64-bit integer JSON digits stand for; undefined when SQLite reads them as a real (an exponent, or out of range). */
function int64(text: string): bigint | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n <= INT64_MAX && n >= -INT64_MAX - 1n ? n : undefined;
}

/** The value at `parts` below `value`, through objects only (as a JSON path goes). */
function at(value: unknown, parts: readonly string[], from = 0): unknown {
  let current = value;
  for (let i = from; i < parts.length; i++) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    const part = parts[i]!;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The key columns' values for a document, in the columns' order. */
export function keyValues(doc: Record<string, unknown>, keys: readonly KeyColumn[]): unknown[] {
  const values = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = sqlValue(at(doc, keys[i]!.parts));
  return values;
}

/**
 * How a patch changes each key column when SQLite applies it: `set` from a value the patch sets
 * (at the key's path or an ancestor), `unset` to NULL. A key the patch changes some other way (an
 * `$inc` or `$push` at or above it, any change below it) is not known without the document: the
 * patch is then applied in JS (null). Depends only on the patch's paths: the store keeps one per
 * patch shape.
 */
export type KeyPlan = readonly KeyChange[] | null;

type KeyChange =
  | { readonly kind: 'set'; readonly column: string; readonly from: string; readonly parts: readonly string[]; readonly depth: number }
  | { readonly kind: 'unset'; readonly column: string };

export function keyPlan(op: PatchOp, keys: readonly KeyColumn[]): KeyPlan {
  const changes: KeyChange[] = [];
  const { set, unset, inc, push } = op;
  for (const key of keys) {
    for (const [paths, kind] of [[set ? Object.keys(set).filter((p) => set[p] !== undefined) : [], 'set'], [unset ?? [], 'unset'], [inc ? Object.keys(inc) : [], 'other'], [push ? Object.keys(push) : [], 'other']] as const) {
      for (const p of paths) {
        const covers = p === key.path || key.path.startsWith(`${p}.`);
        if (!covers && !p.startsWith(`${key.path}.`)) continue;
        if (!covers || kind === 'other') return null;
        changes.push(kind === 'set'
          ? { kind, column: key.column, from: p, parts: key.parts, depth: p.split('.').length }
          : { kind, column: key.column });
      }
    }
  }
  return changes;
}

/** The key columns' new values under a plan, in the plan's order. */
export function plannedValues(plan: readonly KeyChange[], op: PatchOp): unknown[] {
  const values = new Array<unknown>(plan.length);
  for (let i = 0; i < plan.length; i++) {
    const change = plan[i]!;
    values[i] = change.kind === 'set' ? sqlValue(at(op.set![change.from], change.parts, change.depth)) : null;
  }
  return values;
}
