/**
 * `npm run bench [-- --quick]`: the core's throughput on this machine, measured in one run. The
 * last line printed is one JSON object; the lines before it compare each number with its target.
 *
 *  - event store: single, 100-event and 64-concurrent appends against a bare better-sqlite3 loop
 *    with the same durability (the physical limit), see event-store-bench.ts;
 *  - read_all: the whole store read forwards in pages of 1000;
 *  - projection catch-up: the real `cases-view` projection and runner into the embedded read store;
 *  - warehouse ingest: the real `warehouse-events` projection and runner into chDB.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { ProjectionRunner } from '../../application/projection-runner.js';
import type { NewEvent } from '../../application/ports/event-store.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { analyticsDir } from '../../infrastructure/paths.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { casesView } from '../../projections/cases-view.js';
import { warehouseEvents } from '../../projections/warehouse-events.js';
import { measureEventStore } from './event-store-bench.js';

const quick = process.argv.includes('--quick');
const seconds = quick ? 2.5 : 8;
/** Events in the store that the read, projection and warehouse measurements replay. */
const corpus = quick ? 100_000 : 400_000;
const silent = pino({ level: 'silent' });
const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'govhall-bench-'));
const say = (line: string) => process.stderr.write(`${line}\n`);

/** A case's life as its events: submitted, accepted, granted, completed (the shapes the projections read). */
function caseEvents(n: number): { streamId: string; events: NewEvent[] } {
  const caseId = randomUUID();
  const at = (minutes: number) => new Date(Date.UTC(2026, 8, 1, 1, 0) + n * 60_000 + minutes * 60_000).toISOString();
  const meta = (minutes: number) => ({ actorId: `user-${n % 50}`, actorRole: 'window_staff', actorDepartment: `dept-${n % 12}`, occurredAt: at(minutes), commandId: randomUUID() });
  const data = [
    ['CaseSubmitted', { caseId, caseNo: `20260901-${String(n).padStart(6, '0')}`, channel: 'online', applicant: { kind: 'person', name: '张三', idNumber: '11010519491231002X' }, formData: { area: n % 300 }, item: { code: 'XK00101001', name: '食品经营许可', version: 1, department: `dept-${n % 12}`, promisedLimitDays: 10, statutoryLimitDays: 20 }, submittedAt: at(0) }],
    ['CaseAccepted', { caseId, acceptedAt: at(60), limitDays: 10, dueDate: '2026-09-15', warningDate: '2026-09-11', dueAt: '2026-09-15T15:59:59.999Z' }],
    ['CaseGranted', { caseId, decidedAt: at(600), workingDaysUsed: 3, onTime: true }],
    ['CaseCompleted', { caseId, completedAt: at(900) }],
  ] as const;
  return { streamId: `case-${caseId}`, events: data.map(([type, d], i) => ({ id: randomUUID(), type, data: d, metadata: meta(i * 60) })) };
}

async function writeCorpus(store: SqliteEventStore): Promise<void> {
  for (let n = 0; n < corpus / 4; n += 64) {
    await Promise.all(
      Array.from({ length: Math.min(64, corpus / 4 - n) }, (_, i) => {
        const { streamId, events } = caseEvents(n + i);
        return store.append(streamId, events, 'no_stream');
      }),
    );
  }
}

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

try {
  say(`govhall bench${quick ? ' (quick)' : ''}: ${os.cpus().length} cores, Node ${process.version}, ${seconds}s per event-store measurement, ${corpus.toLocaleString('en')} events replayed`);
  const appends = await measureEventStore({ seconds, durability: 'full', dir });

  const store = new SqliteEventStore(path.join(dir, 'corpus.sqlite'), { durability: 'normal' });
  await writeCorpus(store);
  const head = await store.headPosition();

  let read = 0;
  const readSeconds = await timed(async () => {
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, maxCount: 1000 });
      if (page.length === 0) break;
      read += page.length;
      after = page[page.length - 1]!.position;
    }
  });

  const documents = new SqliteDocumentStore(path.join(dir, 'views.sqlite'));
  const warehouse = new ChdbWarehouse(path.join(dir, 'warehouse'));
  await warehouse.migrate(analyticsDir);
  const views = new ProjectionRunner(store, documents, warehouse, [casesView], silent);
  const catchupSeconds = await timed(() => views.start());
  await views.stop();
  const ingest = new ProjectionRunner(store, documents, warehouse, [warehouseEvents], silent, { batchSize: 10_000 });
  const ingestSeconds = await timed(() => ingest.start());
  await ingest.stop();
  const [{ n: rows }] = (await warehouse.query<{ n: string }>('SELECT count() AS n FROM events FINAL')) as [{ n: string }];
  if (Number(rows) !== head) throw new Error(`warehouse holds ${rows} events, the store ${head}`);
  await Promise.all([store.close(), documents.close(), warehouse.close()]);

  const result = {
    ...appends,
    read_all_per_s: Math.round(read / readSeconds),
    projection_catchup_per_s: Math.round(head / catchupSeconds),
    warehouse_ingest_per_s: Math.round(head / ingestSeconds),
    node: process.version,
    sqlite: (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    cores: os.cpus().length,
    quick,
  };
  const targets: [string, number, number][] = [
    ['append_single ≥ 50% of raw single', result.append_single_per_s, 0.5 * result.raw_sqlite_single_per_s],
    ['append_batch100 ≥ 50% of raw batch100', result.append_batch100_per_s, 0.5 * result.raw_sqlite_batch100_per_s],
    ['append_concurrent64 ≥ 5× raw single', result.append_concurrent64_per_s, 5 * result.raw_sqlite_single_per_s],
    ['projection catch-up ≥ 50,000 events/s', result.projection_catchup_per_s, 50_000],
    ['warehouse ingest ≥ 200,000 events/s', result.warehouse_ingest_per_s, 200_000],
  ];
  for (const [name, value, target] of targets) {
    say(`${value >= target ? 'met ' : 'MISS'}  ${name}: ${Math.round(value).toLocaleString('en')} (target ${Math.round(target).toLocaleString('en')})`);
  }
  console.log(JSON.stringify(result));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
