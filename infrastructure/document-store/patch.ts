/**
 * MongoDB's $set/$unset/$inc/$push on dotted paths for the SQLite store, two ways with one meaning:
 * in JS on a parsed document (when a batch changes a document several times), and as SQLite JSON
 * functions (when it changes it once, which saves reading the document into JS and back).
 * Paths were checked by `checkPatch`: no overlaps, so the order of operators does not matter.
 */
import type { WriteOp } from '../../application/ports/document-store.js';
import { DocumentStoreError } from './common.js';

export type PatchOp = Extract<WriteOp, { op: 'patch' }>;
type Doc = Record<string, unknown>;

const notNumber = (path: string) => `cannot $inc the non-numeric field ${path}`;
const notArray = (path: string) => `cannot $push to the non-array field ${path}`;
const notObject = (path: string, prefix: string) => `cannot set ${path}: ${prefix} is not an object`;

const setEntries = (op: PatchOp) => Object.entries(op.set ?? {}).filter(([, v]) => v !== undefined);
const isEach = (value: unknown): value is { $each: unknown[] } =>
  value !== null && typeof value === 'object' && '$each' in value && Array.isArray(value.$each);
const pushed = (value: unknown): unknown[] => (isEach(value) ? value.$each : [value]);

/**
 * The objects a write batch owns and may change: copies it made and objects it created. Anything
 * else is the caller's (an upserted document, a value set or pushed) or shared with it, and a patch
 * that would change it changes a shallow copy instead (copy on write), whose children stay shared
 * until a patch reaches into them: a batch copies only what it changes, where cloning every value
 * it is given cost more than the rest of the write.
 */
export class Owned {
  private readonly objects = new Set<object>();

  /** Marks an object the store made itself (a parsed document, a new object on a path). */
  adopt<T extends object>(value: T): T {
    this.objects.add(value);
    return value;
  }

  /** The value itself when the batch owns it, else a copy it owns. */
  own<T extends object>(value: T): T {
    if (this.objects.has(value)) return value;
    let copy: T;
    if (Array.isArray(value)) {
      copy = value.slice() as T;
    } else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
      // Object.assign rather than a spread: measured, a spread copy turned slow (V8 dictionary
      // mode) after three added fields, and slow objects cost more to patch and to serialise.
      copy = Object.assign(Object.getPrototypeOf(value) === null ? Object.create(null) : {}, value) as T;
    } else {
      copy = structuredClone(value); // a Date or the like: nothing in it is shared afterwards
    }
    this.objects.add(copy);
    return copy;
  }
}

/**
 * Applies a patch to `doc`, in place. With `owned`, `doc` must be the batch's own (see
 * `Owned.own`) and values are taken by reference; without, values are cloned.
 */
export function applyPatch(doc: Doc, op: PatchOp, owned?: Owned): Doc {
  const { set, unset, inc, push } = op;
  if (set) {
    for (const path in set) {
      const value = set[path];
      if (value === undefined) continue;
      parentOf(doc, path, true, owned)![leaf(path)] = owned ? value : clone(value);
    }
  }
  if (unset) {
    // Undefined rather than deleted: JSON leaves it out all the same, and deleting a field other
    // than the last added turns the object slow (V8 dictionary mode) for every later patch and
    // for serialising it. Everywhere here an undefined field counts as absent.
    for (const path of unset) {
      const parent = parentOf(doc, path, false, owned);
      const key = leaf(path);
      if (parent && Object.hasOwn(parent, key)) parent[key] = undefined;
    }
  }
  if (inc) {
    for (const path in inc) {
      const n = inc[path]!;
      const parent = parentOf(doc, path, true, owned)!;
      const key = leaf(path);
      const found = field(parent, key);
      const current = found === undefined ? 0 : found; // null is a value, and not a number
      if (typeof current !== 'number') throw new DocumentStoreError(notNumber(path));
      parent[key] = current + n;
    }
  }
  if (push) {
    for (const path in push) {
      const parent = parentOf(doc, path, true, owned)!;
      const key = leaf(path);
      const found = field(parent, key);
      if (found !== undefined && !Array.isArray(found)) throw new DocumentStoreError(notArray(path));
      let array = found as unknown[] | undefined;
      if (array === undefined) array = owned ? owned.adopt([]) : [];
      else if (owned) array = owned.own(array);
      const value = push[path];
      if (isEach(value)) for (const v of value.$each) array.push(owned ? v : clone(v));
      else array.push(owned ? value : clone(value));
      parent[key] = array;
    }
  }
  return doc;
}

/** A path's last part: the key in the object `parentOf` finds. */
function leaf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? path : path.slice(dot + 1);
}

/**
 * The object holding a path's last part (the document itself for a top-level path), creating
 * objects on the way when asked, and owning those it passes through.
 */
function parentOf(doc: Doc, path: string, create: boolean, owned: Owned | undefined): Doc | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return doc;
  const parts = path.slice(0, dot).split('.');
  let current = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    let next = field(current, part);
    if (next === undefined) {
      if (!create) return undefined;
      next = current[part] = owned ? owned.adopt({}) : {};
    } else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      if (!create) return undefined;
      throw new DocumentStoreError(notObject(path, parts.slice(0, i + 1).join('.')));
    } else if (owned) {
      const mine = owned.own(next);
      if (mine !== next) current[part] = next = mine;
    }
    current = next as Doc;
  }
  return current;
}

/** A field of a document; undefined when absent (or unset: see `applyPatch`). Null is a value. */
function field(doc: Doc, key: string): unknown {
  return Object.hasOwn(doc, key) ? doc[key] : undefined;
}

/** Values from the caller are copied so later patches in the batch never change the caller's objects. */
function clone(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

/** A SQLite JSON path; undefined for a name the path syntax cannot quote. */
function jsonPath(path: string): string | undefined {
  let out = '$';
  for (const part of path.split('.')) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += `.${part}`;
    else if (/["\\]/.test(part)) return undefined;
    else out += `."${part}"`;
  }
  return out;
}

/** The SQL for one patch shape, or null when it needs the JS way. */
type Compiled = string | null;

const compiled = new Map<string, Compiled>();
const SHAPES = 1000;

/**
 * The patch as an SQL expression of the stored `doc` (its parameters: `patchParams`), or undefined
 * when a path needs the JS way. The SQL depends only on the patch's paths (its `shape`), so it is
 * built once per shape; paths are inlined as literals because SQLite handles a constant JSON path
 * faster.
 */
export function patchExpression(op: PatchOp): { sql: string; shape: string } | undefined {
  const shape = shapeOf(op);
  if (shape === undefined) return undefined;
  let c = compiled.get(shape);
  if (c === undefined) {
    if (compiled.size >= SHAPES) compiled.clear();
    compiled.set(shape, (c = compile(op)));
  }
  return c === null ? undefined : { sql: c, shape };
}

/**
 * The patch's paths (and how many values each push appends): all its SQL depends on. Undefined
 * when a path holds a separator, which could make two patches' shapes equal: such a patch is
 * applied the JS way. Plain loops: this runs per op.
 */
function shapeOf(op: PatchOp): string | undefined {
  let shape = '';
  let odd = false;
  const { set, unset, inc, push } = op;
  if (set) {
    for (const p in set) {
      if (set[p] === undefined) continue;
      shape += `${p}\u0001`;
      odd ||= hasSeparator(p);
    }
  }
  shape += '\u0002';
  if (unset) {
    for (const p of unset) {
      shape += `${p}\u0001`;
      odd ||= hasSeparator(p);
    }
  }
  shape += '\u0002';
  if (inc) {
    for (const p in inc) {
      shape += `${p}\u0001`;
      odd ||= hasSeparator(p);
    }
  }
  shape += '\u0002';
  if (push) {
    for (const p in push) {
      const value = push[p];
      shape += `${p}\u0001${isEach(value) ? value.$each.length : 1}\u0001`;
      odd ||= hasSeparator(p);
    }
  }
  return odd ? undefined : shape;
}

/** Whether a path holds a character the shapes use as separators. */
const hasSeparator = (path: string): boolean => path.indexOf('\u0001') >= 0 || path.indexOf('\u0002') >= 0;

/** Parameters in the order `patchExpression`'s SQL takes them: set values, increments, pushed values. */
export function patchParams({ set, inc, push }: PatchOp): unknown[] {
  const params: unknown[] = [];
  if (set) for (const p in set) if (set[p] !== undefined) params.push(JSON.stringify(set[p]));
  // A whole number is bound as a BigInt so that SQLite adds integers and writes `3`, not `3.0`.
  if (inc) for (const p in inc) params.push(Number.isSafeInteger(inc[p]) ? BigInt(inc[p]!) : inc[p]);
  if (push) for (const p in push) for (const v of pushed(push[p])) params.push(JSON.stringify(v));
  return params;
}

function compile(op: PatchOp): Compiled {
  const sets = setEntries(op).map(([p]) => p);
  const unsets = op.unset ?? [];
  const incs = Object.keys(op.inc ?? {});
  const pushes = Object.entries(op.push ?? {}).map(([p, v]) => [p, pushed(v).length] as const);
  if ([...sets, ...unsets, ...incs, ...pushes.map(([p]) => p)].some((p) => jsonPath(p) === undefined)) return null;
  const path = (p: string) => literal(jsonPath(p)!);

  let sql = 'doc';
  if (sets.length) sql = `json_set(${sql}, ${sets.map((p) => `${path(p)}, json(?)`).join(', ')})`;
  if (unsets.length) sql = `json_remove(${sql}, ${unsets.map(path).join(', ')})`;
  if (incs.length) sql = `json_set(${sql}, ${incs.map((p) => `${path(p)}, coalesce(json_extract(doc, ${path(p)}), 0) + ?`).join(', ')})`;
  if (pushes.length) {
    const items = pushes.map(([p, n]) => `${path(p)}, json_insert(coalesce(json_extract(doc, ${path(p)}), '[]')${`, '$[#]', json(?)`.repeat(n)})`);
    sql = `json_set(${sql}, ${items.join(', ')})`;
  }

  // Checks on the stored document, in the order the JS way meets them, so the same error is thrown.
  const checks: string[] = [];
  const fail = (condition: string, message: string) => checks.push(`WHEN ${condition} THEN doc_fail(${literal(message)})`);
  const throughObjects = (p: string) => {
    const parts = p.split('.');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      fail(`json_type(doc, ${path(prefix)}) <> 'object'`, notObject(p, prefix));
    }
  };
  sets.forEach(throughObjects);
  for (const p of incs) {
    throughObjects(p);
    fail(`json_type(doc, ${path(p)}) NOT IN ('integer','real')`, notNumber(p));
  }
  for (const [p] of pushes) {
    throughObjects(p);
    fail(`json_type(doc, ${path(p)}) <> 'array'`, notArray(p));
  }
  if (checks.length) sql = `CASE ${checks.join(' ')} ELSE ${sql} END`;

  return sql;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
