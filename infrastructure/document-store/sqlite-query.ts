/**
 * Translates the filter subset, sort keys and paging cursors into SQLite SQL over JSON documents
 * (`json_extract(doc,'$.path')`). An indexed path reads its key column instead (see `KeyColumns`),
 * which holds the same value, so that the column's index answers the filter or sort. Paths are
 * validated identifiers, so they are inlined; values are always bound parameters.
 */
import type { Filter, Scalar } from '../../application/ports/document-store.js';
import { checkFilter, isScalar } from './common.js';

type Column = { value: string; type: string };

/** A collection's key columns by the path they hold (quoted column names). */
export type KeyColumns = ReadonlyMap<string, string>;

const NUMBER_TYPES = `IN ('integer','real')`;

/**
 * SQL for a field's value and its JSON type; paths are validated identifiers, so inlining is safe.
 * A path with a key column reads the column; its type still comes from the document (the column
 * holds booleans as 1 and 0, as `json_extract` gives them).
 */
export function column(path: string, base = 'doc', keys?: KeyColumns): Column {
  if (base === 'doc' && path === '_id') return { value: 'id', type: `'text'` };
  if (base === 'doc' && path === '_pos') return { value: 'pos', type: `'integer'` };
  const key = base === 'doc' ? keys?.get(path) : undefined;
  return { value: key ?? `json_extract(${base},'$.${path}')`, type: `json_type(${base},'$.${path}')` };
}

/**
 * Builds a WHERE clause. `$eq` and `$in` are built never to yield NULL, so `$ne`/`$nin` can be
 * their plain NOT and match missing fields the way MongoDB does.
 */
export function where(filter: Filter, params: unknown[], keys?: KeyColumns): string {
  checkFilter(filter);
  return clause(filter, params, keys);
}

/** `base` is the JSON the paths are read from: the document, or an array element inside $elemMatch. */
function clause(filter: Filter, params: unknown[], keys: KeyColumns | undefined, base = 'doc', depth = 0): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or') {
      parts.push(`(${(value as Filter[]).map((f) => clause(f, params, keys, base, depth)).join(key === '$and' ? ' AND ' : ' OR ')})`);
    } else if (isElemMatch(value)) {
      const element = `e${depth}.value`;
      const inner = clause(value.$elemMatch, params, undefined, element, depth + 1);
      parts.push(`EXISTS (SELECT 1 FROM json_each(${base},'$.${key}') AS e${depth} WHERE e${depth}.type = 'object' AND ${inner})`);
    } else {
      parts.push(...conditions(column(key, base, keys), value, params));
    }
  }
  return parts.length ? parts.join(' AND ') : '1';
}

function isElemMatch(value: unknown): value is { $elemMatch: Filter } {
  return typeof value === 'object' && value !== null && '$elemMatch' in value;
}

function conditions(c: Column, cond: unknown, params: unknown[]): string[] {
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
function eq(c: Column, v: Scalar, params: unknown[]): string {
  if (v === null) return `${c.value} IS NULL`;
  if (typeof v === 'boolean') {
    params.push(v ? 1 : 0);
    return `(${c.value} IS ? AND ${c.type} IS '${v}')`;
  }
  params.push(v);
  return typeof v === 'number' ? `(${c.value} IS ? AND ${c.type} ${NUMBER_TYPES})` : `${c.value} IS ?`;
}

function inList(c: Column, values: Scalar[], params: unknown[]): string {
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
function range(c: Column, op: string, v: number | string, params: unknown[]): string {
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
export function after(keys: { value: string; dir: 1 | -1 }[], values: unknown[], params: unknown[]): string {
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
