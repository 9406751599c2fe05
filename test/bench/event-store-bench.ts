/**
 * Throughput of the SQLite event store against bare better-sqlite3 loops that write the very same
 * table with the very same settings (`openEventsDatabase`: WAL, the same `synchronous`) on the
 * same disk: the physical limit the store's overhead is measured against. Used by `npm run bench`
 * (bench.ts) and by event-store-micro.ts.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ExpectedRevision, NewEvent } from '../../application/ports/event-store.js';
import { openEventsDatabase, SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';

export interface EventStoreBenchOptions {
  /** Time each measurement runs, in total over its interleaved slices. */
  readonly seconds: number;
  /** The store's durability, and the raw loops' `synchronous` (FULL or NORMAL). */
  readonly durability: 'full' | 'normal';
  /** Where the database files go (in a subdirectory, removed afterwards). */
  readonly dir: string;
}

export interface EventStoreBenchResult {
  /** Raw single-row INSERTs, one autocommit transaction each: commits/s. */
  readonly raw_sqlite_single_per_s: number;
  /** Raw transactions of 100 INSERTs: rows/s. */
  readonly raw_sqlite_batch100_per_s: number;
  /** `append` of one event, awaited before the next: appends/s. */
  readonly append_single_per_s: number;
  /** `append` of 100 events, awaited before the next: events/s. */
  readonly append_batch100_per_s: number;
  /** 64 writers, each on its own stream, one event per append: appends/s. */
  readonly append_concurrent64_per_s: number;
  /** Appends the store committed per transaction in the concurrent measurement (group commit). */
  readonly appends_per_commit: number;
}

const data = { caseId: '2026-000123', itemCode: 'ZJ-0001', acceptedAt: '2026-03-02T09:30:00+08:00', dueAt: '2026-03-16' };
const metadata = { actorId: 'staff-7', actorRole: 'window', commandId: randomUUID(), correlationId: randomUUID(), schemaVersion: 1 };
/** Raw rows carry metadata of the same size as the store's, whose chain links are two sha256 hex strings. */
const rawMetadata = JSON.stringify({ ...metadata, prevHash: '0'.repeat(64) });
const rawHash = 'f'.repeat(64);
const event = (n: number): NewEvent => ({ id: randomUUID(), type: 'CaseAccepted', data: { ...data, n }, metadata });

interface Bench {
  /** One unit of work; returns how many units (commits, rows, appends) it did. */
  readonly step: () => number | Promise<number>;
  readonly close: () => void | Promise<void>;
  units: number;
  ms: number;
}

function bench(step: Bench['step'], close: Bench['close']): Bench {
  return { step, close, units: 0, ms: 0 };
}

export async function measureEventStore(options: EventStoreBenchOptions): Promise<EventStoreBenchResult> {
  const { seconds, durability } = options;
  const dir = fs.mkdtempSync(path.join(options.dir, 'event-store-'));

  function rawDb(name: string): { db: Database.Database; insert: Database.Statement } {
    const db = openEventsDatabase(path.join(dir, name), durability);
    const insert = db.prepare(
      'INSERT INTO events (id, stream_id, category, revision, type, data, metadata, hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    return { db, insert };
  }

  function rawSingle(): Bench {
    const { db, insert } = rawDb('raw-single.sqlite');
    let revision = 0;
    return bench(
      () => {
        insert.run(randomUUID(), 'case-1', 'case', revision, 'CaseAccepted', JSON.stringify({ ...data, n: revision }), rawMetadata, rawHash, new Date().toISOString());
        revision++;
        return 1;
      },
      () => {
        db.close();
      },
    );
  }

  function rawBatch100(): Bench {
    const { db, insert } = rawDb('raw-batch.sqlite');
    let revision = 0;
    const batch = db.transaction(() => {
      const at = new Date().toISOString();
      for (let i = 0; i < 100; i++, revision++) {
        insert.run(randomUUID(), 'case-1', 'case', revision, 'CaseAccepted', JSON.stringify({ ...data, n: revision }), rawMetadata, rawHash, at);
      }
    });
    return bench(
      () => {
        batch.immediate();
        return 100;
      },
      () => {
        db.close();
      },
    );
  }

  function storeSingle(): Bench {
    const store = new SqliteEventStore(path.join(dir, 'store-single.sqlite'), { durability });
    let expected: ExpectedRevision = 'no_stream';
    return bench(
      async () => {
        expected = (await store.append('case-1', [event(0)], expected)).nextRevision;
        return 1;
      },
      () => store.close(),
    );
  }

  function storeBatch100(): Bench {
    const store = new SqliteEventStore(path.join(dir, 'store-batch.sqlite'), { durability });
    let expected: ExpectedRevision = 'no_stream';
    return bench(
      async () => {
        expected = (await store.append('case-1', Array.from({ length: 100 }, (_, n) => event(n)), expected)).nextRevision;
        return 100;
      },
      () => store.close(),
    );
  }

  let appendsPerCommit = 0;
  function storeConcurrent64(): Bench {
    const store = new SqliteEventStore(path.join(dir, 'store-concurrent.sqlite'), { durability });
    const expected: ExpectedRevision[] = Array.from({ length: 64 }, () => 'no_stream');
    return bench(
      async () => {
        await Promise.all(
          expected.map(async (revision, w) => {
            expected[w] = (await store.append(`case-${w}`, [event(w)], revision)).nextRevision;
          }),
        );
        return 64;
      },
      () => {
        const { appends, commits } = store.stats();
        appendsPerCommit = appends / commits;
        return store.close();
      },
    );
  }

  const benches: Bench[] = [];
  try {
    benches.push(rawSingle(), rawBatch100(), storeSingle(), storeBatch100(), storeConcurrent64());
    // Untimed: the first statements, JIT warm-up and the files' first pages.
    for (const b of benches) for (let i = 0; i < 5; i++) await b.step();
    // Short interleaved slices: a change in disk or CPU load on a shared machine hits raw and
    // store alike, so the ratios stay fair even when the absolute numbers move.
    const slices = Math.max(5, Math.round(seconds / 0.5));
    for (let slice = 0; slice < slices; slice++) {
      for (const b of benches) {
        const started = performance.now();
        while (performance.now() - started < (seconds * 1000) / slices) b.units += await b.step();
        b.ms += performance.now() - started;
      }
    }
  } finally {
    for (const b of benches) await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const [rawSingleRate, rawBatchRate, storeSingleRate, storeBatchRate, concurrentRate] = benches.map((b) =>
    Math.round(b.units / (b.ms / 1000)),
  ) as [number, number, number, number, number];
  return {
    raw_sqlite_single_per_s: rawSingleRate,
    raw_sqlite_batch100_per_s: rawBatchRate,
    append_single_per_s: storeSingleRate,
    append_batch100_per_s: storeBatchRate,
    append_concurrent64_per_s: concurrentRate,
    appends_per_commit: Math.round(appendsPerCommit * 10) / 10,
  };
}
