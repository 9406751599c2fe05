/**
 * Micro-benchmark of warehouse ingest: ChdbWarehouse.insert in batches of BENCH_BATCH rows (default
 * 10,000) into the 12-column `events` table (ReplacingMergeTree, from analytics/) and into a plain
 * MergeTree of the same columns.
 *
 *   node --import @swc-node/register/esm-register test/bench/warehouse-micro.ts
 *
 * BENCH_ROWS (default 300,000) rows per table; rows are built before the clock starts.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from '../../application/ports/warehouse.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { toClickHouseTime } from '../../projections/clickhouse-format.js';

const total = Number(process.env.BENCH_ROWS ?? 300_000);
const batchSize = Number(process.env.BENCH_BATCH ?? 10_000);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(process.env.DATA_DIR ?? os.tmpdir(), 'warehouse-bench-'));

const departments = ['市场监管局', '公安局', '人社局', '住建局', '税务局'];
const types = ['CaseSubmitted', 'CaseAccepted', 'CaseApproved', 'TicketCreated', 'TicketClosed'];
const start = Date.parse('2026-03-02T01:30:00Z');

function event(n: number): Row {
  // As the projections write times (toClickHouseTime); ISO text with a zone would go as JSON.
  const at = toClickHouseTime(new Date(start + n * 1000));
  return {
    event_id: randomUUID(), stream: `case-2026-${String(n % 20_000).padStart(6, '0')}`, category: 'case',
    revision: Math.floor(n / 20_000), position: n, type: types[n % types.length], occurred_at: at, recorded_at: at,
    actor_id: `staff-${n % 300}`, actor_role: 'window', department: departments[n % departments.length],
    data: JSON.stringify({ caseId: `2026-${n}`, itemCode: 'ZJ-0001', dueAt: '2026-03-16', note: '材料齐全，当场受理' }),
  };
}

function batches(): Row[][] {
  return Array.from({ length: Math.ceil(total / batchSize) }, (_, b) =>
    Array.from({ length: Math.min(batchSize, total - b * batchSize) }, (_, i) => event(b * batchSize + i)));
}

/** Rows per second, and CPU milliseconds (this thread, the engine's and its merges) per 10,000 rows. */
async function ingest(warehouse: ChdbWarehouse, table: string): Promise<{ rate: number; cpu: number }> {
  await warehouse.insert(table, batches()[0]!.slice(0, 2_000)); // warm-up: JIT and engine caches
  const work = batches();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const rows of work) await warehouse.insert(table, rows);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { rate: total / seconds, cpu: (cpu.user + cpu.system) / 1000 / (total / 10_000) };
}

const warehouse = new ChdbWarehouse(dir);
try {
  await warehouse.migrate(path.join(root, 'analytics'));
  await warehouse.exec('CREATE TABLE events_mt AS events ENGINE = MergeTree ORDER BY (category, stream, revision)');
  const sample = batches()[0]!;
  const s0 = performance.now();
  JSON.stringify(sample);
  const stringifyRate = sample.length / ((performance.now() - s0) / 1000);

  console.log(`warehouse ingest, ${total.toLocaleString('en')} rows in batches of ${batchSize.toLocaleString('en')}, ` +
    `${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
  for (const table of ['events', 'events_mt']) {
    const { rate, cpu } = await ingest(warehouse, table);
    console.log(`  ${table.padEnd(10)} ${Math.round(rate).toLocaleString('en').padStart(9)} rows/s  ${cpu.toFixed(0).padStart(4)} CPU ms per 10,000 rows`);
  }
  const [{ n }] = await warehouse.query<{ n: number }>('SELECT count() AS n FROM events FINAL');
  console.log(`  events FINAL count ${n.toLocaleString('en')}; JSON.stringify alone ~${Math.round(stringifyRate).toLocaleString('en')} rows/s`);
} finally {
  await warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
