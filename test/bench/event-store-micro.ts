/**
 * Micro-benchmark of the SQLite event store against raw better-sqlite3 with the same settings
 * (WAL, synchronous=FULL unless BENCH_DURABILITY=normal), on the same disk.
 *
 *   node --import @swc-node/register/esm-register test/bench/event-store-micro.ts
 *
 * BENCH_SECONDS (default 2.5) sets the length of each measurement.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { NewEvent } from '../../application/ports/event-store.js';
import { EVENTS_SCHEMA, SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 2.5);
const durability = process.env.BENCH_DURABILITY === 'normal' ? 'normal' : 'full';
const dir = fs.mkdtempSync(path.join(process.env.DATA_DIR ?? os.tmpdir(), 'event-store-bench-'));

const data = { caseId: '2026-000123', itemCode: 'ZJ-0001', acceptedAt: '2026-03-02T09:30:00+08:00', dueAt: '2026-03-16' };
const metadata = { actorId: 'staff-7', actorRole: 'window', commandId: randomUUID(), correlationId: randomUUID(), schemaVersion: 1 };
/** Raw rows carry metadata of the same size as the store's, whose chain links are two sha256 hex strings. */
const rawMetadata = JSON.stringify({ ...metadata, prevHash: '0'.repeat(64), hash: 'f'.repeat(64) });
const event = (n: number): NewEvent => ({ id: randomUUID(), type: 'CaseAccepted', data: { ...data, n }, metadata });

interface Bench {
  /** One unit of work; returns how many units (commits, rows, appends) it did. */
  step(): number | Promise<number>;
  close(): void | Promise<void>;
  units: number;
  ms: number;
}

function bench(step: Bench['step'], close: Bench['close']): Bench {
  return { step, close, units: 0, ms: 0 };
}

function rawDb(name: string): { db: Database.Database; insert: Database.Statement } {
  const db = new Database(path.join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability.toUpperCase()}`);
  db.exec(EVENTS_SCHEMA);
  const insert = db.prepare('INSERT INTO events (id, stream_id, category, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  return { db, insert };
}

function rawSingle(): Bench {
  const { db, insert } = rawDb('raw-single.sqlite');
  let revision = 0;
  const metadataText = rawMetadata;
  return bench(() => {
    insert.run(randomUUID(), 'case-1', 'case', revision, 'CaseAccepted', JSON.stringify({ ...data, n: revision }), metadataText, new Date().toISOString());
    revision++;
    return 1;
  }, () => {
    db.close();
  });
}

function rawBatch100(): Bench {
  const { db, insert } = rawDb('raw-batch.sqlite');
  let revision = 0;
  const metadataText = rawMetadata;
  const batch = db.transaction(() => {
    const at = new Date().toISOString();
    for (let i = 0; i < 100; i++, revision++) {
      insert.run(randomUUID(), 'case-1', 'case', revision, 'CaseAccepted', JSON.stringify({ ...data, n: revision }), metadataText, at);
    }
  });
  return bench(() => {
    batch();
    return 100;
  }, () => {
    db.close();
  });
}

function storeSingle(): Bench {
  const store = new SqliteEventStore(path.join(dir, 'store-single.sqlite'), { durability });
  let expected: number | 'no_stream' = 'no_stream';
  return bench(async () => {
    expected = (await store.append('case-1', [event(0)], expected)).nextRevision;
    return 1;
  }, () => store.close());
}

function storeBatch100(): Bench {
  const store = new SqliteEventStore(path.join(dir, 'store-batch.sqlite'), { durability });
  let expected: number | 'no_stream' = 'no_stream';
  return bench(async () => {
    expected = (await store.append('case-1', Array.from({ length: 100 }, (_, n) => event(n)), expected)).nextRevision;
    return 100;
  }, () => store.close());
}

let appendsPerCommit = 0;
function storeConcurrent64(): Bench {
  const store = new SqliteEventStore(path.join(dir, 'store-concurrent.sqlite'), { durability });
  const expected: Array<number | 'no_stream'> = Array.from({ length: 64 }, () => 'no_stream');
  return bench(async () => {
    await Promise.all(
      expected.map(async (revision, w) => {
        expected[w] = (await store.append(`case-${w}`, [event(w)], revision)).nextRevision;
      }),
    );
    return 64;
  }, () => {
    const { appends, commits } = store.stats();
    appendsPerCommit = appends / commits;
    return store.close();
  });
}

/**
 * Runs the benchmarks in short interleaved slices, so that a change in disk or CPU load on a
 * shared machine hits raw and store alike and the ratios stay fair.
 */
async function run(benches: Bench[]): Promise<number[]> {
  const slices = 5;
  for (let slice = 0; slice < slices; slice++) {
    for (const b of benches) {
      const started = performance.now();
      while (performance.now() - started < (seconds * 1000) / slices) b.units += await b.step();
      b.ms += performance.now() - started;
    }
  }
  for (const b of benches) await b.close();
  return benches.map((b) => b.units / (b.ms / 1000));
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
try {
  const [rawSingleRate, rawBatchRate, storeSingleRate, storeBatchRate, concurrentRate] = (await run([
    rawSingle(), rawBatch100(), storeSingle(), storeBatch100(), storeConcurrent64(),
  ])) as [number, number, number, number, number];
  console.log(`event store micro-benchmark: synchronous=${durability.toUpperCase()}, ${seconds}s each, ${os.cpus().length} cores, ${dir}`);
  console.log(`raw single-row commits        ${fmt(rawSingleRate)} commits/s`);
  console.log(`raw 100-row transactions      ${fmt(rawBatchRate)} rows/s`);
  console.log(`store single-event appends    ${fmt(storeSingleRate)} appends/s  (${((storeSingleRate / rawSingleRate) * 100).toFixed(0)}% of raw single; target >= 50%)`);
  console.log(`store 100-event appends       ${fmt(storeBatchRate)} events/s   (${((storeBatchRate / rawBatchRate) * 100).toFixed(0)}% of raw batch; target >= 50%)`);
  console.log(
    `store 64 concurrent writers   ${fmt(concurrentRate)} appends/s  (${(concurrentRate / rawSingleRate).toFixed(1)}x raw single; target >= 5x; ${appendsPerCommit.toFixed(1)} appends per commit)`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
