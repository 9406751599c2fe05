/**
 * The embedded document store's SQLite writes, on a worker thread with its own connection, so
 * that the engine's part of a write batch (each row into the table and its expression indexes,
 * the commit) runs on another core while the caller prepares its next batch.
 *
 * The store decides everything a batch does on the calling thread, as before: which document
 * gets which text, guarded by which position. The worker only executes that plan, as one
 * transaction with its checkpoint, in the order plans were handed over, and answers when it has
 * committed or rolled back. Statements a patch compiles to SQL run there too, against the rows
 * as the earlier plans left them.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Checkpoint } from '../../application/ports/document-store.js';
import { DocumentStoreError } from './common.js';

/**
 * The statements of a write, flat (a few arrays rather than an object per statement, which is
 * what makes handing a batch to the other thread cheap): statement i runs `sql[order[i]]` with the
 * next `arity[order[i]]` values.
 */
export interface PlannedWrites {
  readonly sql: readonly string[];
  readonly arity: readonly number[];
  readonly order: readonly number[];
  readonly values: readonly unknown[];
}

/** Builds a `PlannedWrites`. */
export class PlanBuilder {
  private readonly sql: string[] = [];
  private readonly arity: number[] = [];
  private readonly index = new Map<string, number>();
  private readonly order: number[] = [];
  private readonly values: unknown[] = [];

  add(sql: string, ...params: unknown[]): void {
    let i = this.index.get(sql);
    if (i === undefined) {
      i = this.sql.length;
      this.index.set(sql, i);
      this.sql.push(sql);
      this.arity.push(params.length);
    } else if (this.arity[i] !== params.length) {
      throw new Error(`statement planned with ${params.length} values, then ${this.arity[i]}: ${sql}`);
    }
    this.order.push(i);
    for (const value of params) this.values.push(value);
  }

  build(): PlannedWrites {
    return { sql: this.sql, arity: this.arity, order: this.order, values: this.values };
  }
}

/** Calls `run` for each statement of a plan, in order. */
export function forEachStatement(plan: PlannedWrites, run: (sql: string, params: unknown[]) => void): void {
  let at = 0;
  for (const i of plan.order) {
    const n = plan.arity[i]!;
    run(plan.sql[i]!, plan.values.slice(at, at + n) as unknown[]);
    at += n;
  }
}

export interface Plan extends PlannedWrites {
  readonly checkpoint?: Checkpoint;
  /**
   * The plan depends on the one handed over before it with the same checkpoint (a projection's
   * next batch): it is refused if that one failed, so a checkpoint never passes a batch that was
   * not written.
   */
  readonly follows: boolean;
}

interface Request extends Plan {
  readonly id: number;
}

type Reply =
  | { id: number; ok: true }
  | { id: number; ok: false; message: string; documentError: boolean; name?: string; code?: string };

interface WorkerInput {
  readonly file: string;
  readonly driver: string;
}

/** The worker's code: runs from its source text, so self-contained (`require` only, no closure). */
function writerMain(): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const input = workerData as WorkerInput;
  const Database = require(input.driver) as typeof import('better-sqlite3');
  const db = new Database(input.file, { fileMustExist: true });
  // The same settings as the store's own connection (see SqliteDocumentStore).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -32768');
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('journal_size_limit = 67108864');
  class RefusedPatch extends Error {}
  const regexps = new Map<string, RegExp>();
  db.function('doc_regexp', { deterministic: true }, (value: unknown, pattern: unknown, flags: unknown) => {
    const key = `${String(flags)}/${String(pattern)}`;
    let re = regexps.get(key);
    if (!re) {
      if (regexps.size >= 500) regexps.clear();
      re = new RegExp(String(pattern), String(flags));
      regexps.set(key, re);
    }
    return typeof value === 'string' && re.test(value) ? 1 : 0;
  });
  db.function('doc_fail', (message: unknown) => {
    throw new RefusedPatch(String(message));
  });
  const prepared = new Map<string, import('better-sqlite3').Statement>();
  const statement = (sql: string) => {
    let s = prepared.get(sql);
    if (!s) {
      if (prepared.size >= 1000) prepared.clear();
      s = db.prepare(sql);
      prepared.set(sql, s);
    }
    return s;
  };
  const putCheckpoint = db.prepare(
    'INSERT INTO _checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
  );
  const failed = new Set<string>();
  const run = db.transaction((request: Request) => {
    // As forEachStatement (which this code cannot call).
    const statements = request.sql.map(statement);
    let at = 0;
    for (const i of request.order) {
      const n = request.arity[i]!;
      statements[i]!.run(...request.values.slice(at, at + n));
      at += n;
    }
    if (request.checkpoint) putCheckpoint.run(request.checkpoint.name, request.checkpoint.position);
  });

  parentPort!.on('message', (request: Request) => {
    const name = request.checkpoint?.name;
    if (name !== undefined && request.follows && failed.has(name)) {
      parentPort!.postMessage({ id: request.id, ok: false, message: 'not written: the write before it with the same checkpoint failed', documentError: true });
      return;
    }
    try {
      run.immediate(request);
      if (name !== undefined) failed.delete(name);
      parentPort!.postMessage({ id: request.id, ok: true });
    } catch (error) {
      if (name !== undefined) failed.add(name);
      // A patch refused by its SQL checks (doc_fail) is the store's own error; others are SQLite's.
      const { message, name: errorName, code } = error instanceof Error ? (error as Error & { code?: string }) : { message: String(error), name: undefined, code: undefined };
      parentPort!.postMessage({ id: request.id, ok: false, message, documentError: error instanceof RefusedPatch, name: errorName, code });
    }
  });
}

/** An error of SQLite's on the writer thread, with its name and code as the calling thread would have seen them. */
function engineError({ message, name, code }: { message: string; name?: string; code?: string }): Error {
  const error = new Error(message) as Error & { code?: string };
  if (name) error.name = name;
  if (code) error.code = code;
  return error;
}

/** Executes write plans on a worker thread, one transaction each, in order. */
export class SqliteWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure?: Error;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(`(${writerMain.toString()})()`, { eval: true, workerData: { file, driver } satisfies WorkerInput });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (!waiter) return;
      if (reply.ok) waiter.resolve();
      else waiter.reject(reply.documentError ? new DocumentStoreError(reply.message) : engineError(reply));
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new DocumentStoreError(`the document store's writer thread exited (code ${code})`)));
  }

  /** False once the thread has failed or the writer was closed. */
  get usable(): boolean {
    return this.failure === undefined;
  }

  /** Resolves once the plan is committed; rejects when it was rolled back (or refused). */
  execute(plan: Plan): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // Referenced only while it owes an answer: an idle writer must not keep the process alive.
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...plan, id } satisfies Request);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new DocumentStoreError('the document store is closed');
    await this.worker.terminate();
  }
}
