/**
 * Bulk reads of the embedded event store on a worker thread, so that reading the next page of a
 * catch-up (SQLite, and checking every event's hash) runs on another core while the caller
 * handles the page it has.
 *
 * The worker has its own connection to the database file (WAL: readers never wait for the
 * writer). It reads a page as one blob of the stored UTF-8 (`group_concat`: one value instead of
 * nine per row, nothing decoded), checks each event's hash over those very bytes (the text
 * `hashText` covers), and moves the blob to the calling thread with the offsets of every field;
 * that thread only decodes the fields and parses JSON.
 * After a full page it reads the next one ahead of being asked, which the next request takes if
 * it asks for it (a catch-up does).
 *
 * Whatever it cannot vouch for it does not decide: a row whose hash does not match, or whose text
 * does not split as expected, makes it answer `recheck`, and the store reads that page itself,
 * which verifies every row and names the one at fault.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { GENESIS_HASH } from './hash-chain.js';
import { IntegrityError, StoredEvent, type RecordedEvent } from '../../application/ports/event-store.js';

/** One page as the worker hands it over. */
interface Page {
  readonly kind: 'page';
  readonly id: number;
  /**
   * The page's rows as stored (UTF-8), separated by 0x1E, their fields by `\n`: position, hash,
   * recorded_at, stream_id, revision, id, type, data, metadata.
   */
  readonly bytes: Uint8Array;
  readonly count: number;
  /** Per row, where each of its 9 fields starts and where the last one ends (10 numbers). */
  readonly offsets: Int32Array;
  /** Per row, its position and revision. */
  readonly numbers: Float64Array;
}

type Reply = Page | { kind: 'recheck'; id: number };

interface Request {
  readonly id: number;
  readonly after: number;
  readonly limit: number;
  readonly categories: readonly string[] | null;
}

interface WorkerInput {
  readonly file: string;
  readonly driver: string;
}

/** Fields per row in a page. */
const FIELDS = 9;

/**
 * The worker's code. It runs on its own thread from its source text (so it needs no file of its
 * own, in a test runner or in `dist`), hence self-contained: `require` only, no imports, no closure.
 */
function readerMain(): void {
  const FIELDS = 9; // the module's FIELDS: this function cannot see the module's constants
  const NL = 10;
  const RS = 30;
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { hash } = require('node:crypto') as typeof import('node:crypto');
  const input = workerData as WorkerInput;
  const Database = require(input.driver) as typeof import('better-sqlite3');
  const db = new Database(input.file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('query_only = 1');
  // Pages are read once, in order: map the file rather than copy each page into a cache.
  db.pragma('mmap_size = 1073741824');
  // As a BLOB the page stays UTF-8 bytes, as stored: nothing is decoded here.
  const ROW = `concat(position, char(10), hash, char(10), recorded_at, char(10), stream_id, char(10), revision,
    char(10), id, char(10), type, char(10), data, char(10), metadata)`;
  const page = (from: string) => db.prepare(`SELECT count(*), CAST(group_concat(${ROW}, char(30)) AS BLOB) FROM (${from})`).raw();
  const inCategory = 'SELECT * FROM events WHERE category = ? AND position > ? ORDER BY position LIMIT ?';
  const statements = {
    all: page('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
    one: page(inCategory),
    /** By number of categories: one index range each, merged (as the store's own read). */
    some: new Map<number, import('better-sqlite3').Statement>(),
  };
  const several = (n: number) => {
    let statement = statements.some.get(n);
    if (!statement) {
      const ranges = Array.from({ length: n }, () => `SELECT * FROM (${inCategory})`).join(' UNION ALL ');
      statement = page(`SELECT * FROM (${ranges}) ORDER BY position LIMIT ?`);
      statements.some.set(n, statement);
    }
    return statement;
  };
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  type Read = { after: number; key: string; version: number; full: boolean; reply: Omit<Page, 'id'> | { kind: 'recheck' } };
  let ahead: Read | undefined;

  function read(after: number, limit: number, categories: readonly string[] | null): Read {
    const key = `${limit}\u0000${categories ? categories.join('\u0000') : ''}`;
    const version = dataVersion.get() as number;
    const recheck = { after, key, version, full: false, reply: { kind: 'recheck' as const } };
    const row = (
      !categories
        ? statements.all.get(after, limit)
        : categories.length === 1
          ? statements.one.get(categories[0], after, limit)
          : several(categories.length).get(...categories.flatMap((category) => [category, after, limit]), limit)
    ) as [number, Buffer | null];
    const count = row[0];
    const bytes = row[1] ?? Buffer.alloc(0);
    const offsets = new Int32Array(count * (FIELDS + 1));
    const numbers = new Float64Array(count * 2);
    let start = 0;
    let previous = after;
    for (let i = 0; i < count; i++) {
      const o = i * (FIELDS + 1);
      offsets[o] = start;
      for (let f = 1; f < FIELDS; f++) {
        const nl = bytes.indexOf(NL, offsets[o + f - 1]!);
        if (nl < 0) return recheck;
        offsets[o + f] = nl + 1;
      }
      let end = bytes.indexOf(RS, offsets[o + FIELDS - 1]!);
      if (end < 0) end = bytes.length;
      offsets[o + FIELDS] = end;
      // Exactly nine fields: no newline in the last one (JSON as written never holds a raw one).
      const stray = bytes.indexOf(NL, offsets[o + FIELDS - 1]!);
      const position = Number(bytes.toString('latin1', start, offsets[o + 1]! - 1));
      const revision = Number(bytes.toString('latin1', offsets[o + 4]!, offsets[o + 5]! - 1));
      if ((stray >= 0 && stray < end) || !(position > previous) || !Number.isSafeInteger(position) || !Number.isSafeInteger(revision)) {
        return recheck;
      }
      // The hash covers stream_id through metadata joined by newlines, as UTF-8: these very bytes.
      const expected = bytes.toString('latin1', offsets[o + 1]!, offsets[o + 2]! - 1);
      if (hash('sha256', bytes.subarray(offsets[o + 3]!, end), 'hex') !== expected) return recheck;
      numbers[i * 2] = position;
      numbers[i * 2 + 1] = revision;
      previous = position;
      start = end + 1;
    }
    if (count > 0 && start !== bytes.length + 1) return recheck;
    return { after, key, version, full: count === limit, reply: { kind: 'page', bytes, count, offsets, numbers } };
  }

  parentPort!.on('message', (request: Request) => {
    const key = `${request.limit}\u0000${request.categories ? request.categories.join('\u0000') : ''}`;
    try {
      let result = ahead;
      ahead = undefined;
      // A page read ahead is still the answer when it was full (later commits only add events
      // after its last one) or when nothing has been committed since.
      if (!result || result.after !== request.after || result.key !== key || (!result.full && result.version !== (dataVersion.get() as number))) {
        result = read(request.after, request.limit, request.categories);
      }
      const reply = result.reply;
      if (reply.kind !== 'page') {
        parentPort!.postMessage({ kind: 'recheck', id: request.id });
        return;
      }
      // The page's memory moves to the other thread rather than being copied.
      const own = reply.bytes.byteOffset === 0 && reply.bytes.byteLength === reply.bytes.buffer.byteLength;
      const bytes = own ? reply.bytes : new Uint8Array(reply.bytes);
      parentPort!.postMessage({ ...reply, bytes, id: request.id }, [bytes.buffer as ArrayBuffer, reply.offsets.buffer as ArrayBuffer, reply.numbers.buffer as ArrayBuffer]);
      if (result.full) ahead = read(reply.numbers[(reply.count - 1) * 2]!, request.limit, request.categories);
    } catch {
      // A busy or broken file: the store reads the page itself and reports what it finds.
      ahead = undefined;
      parentPort!.postMessage({ kind: 'recheck', id: request.id });
    }
  });
}

/** Pages of at least this many events are read on the worker; smaller reads are quicker in place. */
export const BULK_READ_MIN = 256;

export class SqliteBulkReader {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure?: Error;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(`(${readerMain.toString()})()`, { eval: true, workerData: { file, driver } satisfies WorkerInput });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      waiter?.resolve(reply);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the event store's reader thread exited (code ${code})`)));
  }

  /** False once the worker has failed: the store then reads in place. */
  get usable(): boolean {
    return this.failure === undefined;
  }

  /**
   * The events after `after`, verified, or `undefined` when the worker could not vouch for the
   * page (the caller reads it itself).
   */
  async read(after: number, limit: number, categories: readonly string[] | undefined): Promise<RecordedEvent[] | undefined> {
    if (this.failure) return undefined;
    const id = this.nextId++;
    // Referenced only while it owes an answer: an idle reader must not keep the process alive.
    if (this.waiting.size === 0) this.worker.ref();
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, after, limit, categories: categories ? [...new Set(categories)] : null } satisfies Request);
    }).catch(() => undefined);
    if (this.waiting.size === 0 && !this.failure) this.worker.unref();
    if (!reply || reply.kind !== 'page') return undefined;
    return decode(reply);
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the event store is closed');
    await this.worker.terminate();
  }
}

/**
 * Events from a page: each row decoded as one string (ASCII rows, most of them, decode fastest),
 * its fields slices of it; metadata parsed here, data only when first read.
 */
function decode({ bytes, count, offsets, numbers }: Page): RecordedEvent[] {
  const page = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const events: RecordedEvent[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * (FIELDS + 1);
    // From the hash on: the position is known already.
    const row = page.toString('utf8', offsets[o + 1]!, offsets[o + FIELDS]!);
    const recordedAt = row.indexOf('\n') + 1;
    const streamId = row.indexOf('\n', recordedAt) + 1;
    const revisionAt = row.indexOf('\n', streamId) + 1;
    const id = row.indexOf('\n', revisionAt) + 1;
    const type = row.indexOf('\n', id) + 1;
    const data = row.indexOf('\n', type) + 1;
    const metadataAt = row.indexOf('\n', data) + 1;
    const stream = row.slice(streamId, revisionAt - 1);
    const revision = numbers[i * 2 + 1]!;
    const parsed = JSON.parse(row.slice(metadataAt)) as Record<string, unknown>;
    // The parsed object is this event's own: the hash is added to it rather than to a copy.
    const metadata = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { ...parsed };
    metadata.hash = row.slice(0, recordedAt - 1);
    if (revision === 0 && metadata.prevHash !== GENESIS_HASH) {
      throw new IntegrityError(stream, revision, 'the first event must link to the genesis hash');
    }
    events[i] = new StoredEvent(
      row.slice(id, type - 1),
      row.slice(type, data - 1),
      row.slice(data, metadataAt - 1),
      metadata,
      stream,
      revision,
      numbers[i * 2]!,
      row.slice(recordedAt, streamId - 1),
    );
  }
  return events;
}
