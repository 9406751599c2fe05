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
const pushed = (value: unknown): unknown[] =>
  value !== null && typeof value === 'object' && '$each' in value && Array.isArray(value.$each) ? value.$each : [value];

export function applyPatch(doc: Doc, op: PatchOp): Doc {
  for (const [path, value] of setEntries(op)) {
    const [parent, key] = locate(doc, path, true)!;
    parent[key] = own(value);
  }
  for (const path of op.unset ?? []) {
    const found = locate(doc, path, false);
    if (found) delete found[0][found[1]];
  }
  for (const [path, n] of Object.entries(op.inc ?? {})) {
    const [parent, key] = locate(doc, path, true)!;
    const current = Object.hasOwn(parent, key) ? parent[key] : 0;
    if (typeof current !== 'number') throw new DocumentStoreError(notNumber(path));
    parent[key] = current + n;
  }
  for (const [path, value] of Object.entries(op.push ?? {})) {
    const [parent, key] = locate(doc, path, true)!;
    const current = Object.hasOwn(parent, key) ? parent[key] : [];
    if (!Array.isArray(current)) throw new DocumentStoreError(notArray(path));
    current.push(...pushed(value).map(own));
    parent[key] = current;
  }
  return doc;
}

/** The object holding a path's last part, creating objects on the way when asked. */
function locate(doc: Doc, path: string, create: boolean): [Doc, string] | undefined {
  const parts = path.split('.');
  const key = parts.pop()!;
  let current = doc;
  for (const [i, part] of parts.entries()) {
    let next = Object.hasOwn(current, part) ? current[part] : undefined;
    if (next === undefined) {
      if (!create) return undefined;
      next = current[part] = {};
    } else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      if (!create) return undefined;
      throw new DocumentStoreError(notObject(path, parts.slice(0, i + 1).join('.')));
    }
    current = next as Doc;
  }
  return [current, key];
}

/** Values from the caller are copied so later patches in the batch never change the caller's objects. */
function own(value: unknown): unknown {
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

/**
 * The patch as an SQL expression of the stored `doc`, with its parameters in order, or undefined
 * when a path needs the JS way. Failing cases call `doc_fail`, which throws like the JS way does.
 */
export function patchExpression(op: PatchOp): { sql: string; params: unknown[] } | undefined {
  const sets = setEntries(op);
  const incs = Object.entries(op.inc ?? {});
  const pushes = Object.entries(op.push ?? {});
  const all = [...sets.map(([p]) => p), ...(op.unset ?? []), ...incs.map(([p]) => p), ...pushes.map(([p]) => p)];
  const paths = new Map(all.map((p) => [p, jsonPath(p)]));
  for (const [p, prefix] of [...paths]) {
    if (prefix === undefined) return undefined;
    const parts = p.split('.');
    for (let i = 1; i < parts.length; i++) {
      const at = parts.slice(0, i).join('.');
      if (!paths.has(at)) paths.set(at, jsonPath(at));
    }
  }
  const path = (p: string) => paths.get(p)!;

  let sql = 'doc';
  let params: unknown[] = [];
  const wrap = (fn: string, args: string[], more: unknown[]) => {
    sql = `${fn}(${sql}, ${args.join(', ')})`;
    params = [...params, ...more];
  };
  if (sets.length) wrap('json_set', sets.map(() => '?, json(?)'), sets.flatMap(([p, v]) => [path(p), JSON.stringify(v)]));
  if (op.unset?.length) wrap('json_remove', op.unset.map(() => '?'), op.unset.map(path));
  // A whole number is bound as a BigInt so that SQLite adds integers and writes `3`, not `3.0`.
  if (incs.length) wrap('json_set', incs.map(() => '?, coalesce(json_extract(doc, ?), 0) + ?'), incs.flatMap(([p, n]) => [path(p), path(p), Number.isSafeInteger(n) ? BigInt(n) : n]));
  if (pushes.length) {
    const appended = (v: unknown) => pushed(v).map(() => `, '$[#]', json(?)`).join('');
    const args = pushes.map(([, v]) => `?, json_insert(coalesce(json_extract(doc, ?), '[]')${appended(v)})`);
    wrap('json_set', args, pushes.flatMap(([p, v]) => [path(p), path(p), ...pushed(v).map((x) => JSON.stringify(x))]));
  }

  // Checks on the stored document, mirroring the errors the JS way throws.
  const checks: [string, unknown[]][] = [];
  for (const [p] of incs) checks.push([`json_type(doc, ?) NOT IN ('integer','real')`, [path(p), notNumber(p)]]);
  for (const [p] of pushes) checks.push([`json_type(doc, ?) <> 'array'`, [path(p), notArray(p)]]);
  for (const p of [...sets.map(([q]) => q), ...incs.map(([q]) => q), ...pushes.map(([q]) => q)]) {
    const parts = p.split('.');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      checks.push([`json_type(doc, ?) <> 'object'`, [path(prefix), notObject(p, prefix)]]);
    }
  }
  if (checks.length === 0) return { sql, params };
  return {
    sql: `CASE ${checks.map(([c]) => `WHEN ${c} THEN doc_fail(?)`).join(' ')} ELSE ${sql} END`,
    params: [...checks.flatMap(([, p]) => p), ...params],
  };
}
