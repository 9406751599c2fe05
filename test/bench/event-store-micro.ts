/**
 * The event store part of `npm run bench` alone, as a readable table: quicker to iterate on, and
 * it can measure `synchronous=NORMAL` too.
 *
 *   node --import @swc-node/register/esm-register test/bench/event-store-micro.ts
 *
 * BENCH_SECONDS (default 2.5) sets the length of each measurement, BENCH_DURABILITY=normal the
 * durability, DATA_DIR the disk (default: the temp directory).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureEventStore } from './event-store-bench.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 2.5);
const durability = process.env.BENCH_DURABILITY === 'normal' ? 'normal' : 'full';
const dir = fs.mkdtempSync(path.join(process.env.DATA_DIR ?? os.tmpdir(), 'event-store-bench-'));

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
try {
  const r = await measureEventStore({ seconds, durability, dir });
  console.log(`event store micro-benchmark: synchronous=${durability.toUpperCase()}, ${seconds}s each, ${os.cpus().length} cores, ${dir}`);
  console.log(`raw single-row commits        ${fmt(r.raw_sqlite_single_per_s)} commits/s`);
  console.log(`raw 100-row transactions      ${fmt(r.raw_sqlite_batch100_per_s)} rows/s`);
  console.log(
    `store single-event appends    ${fmt(r.append_single_per_s)} appends/s  (${((r.append_single_per_s / r.raw_sqlite_single_per_s) * 100).toFixed(0)}% of raw single; target >= 50%)`,
  );
  console.log(
    `store 100-event appends       ${fmt(r.append_batch100_per_s)} events/s   (${((r.append_batch100_per_s / r.raw_sqlite_batch100_per_s) * 100).toFixed(0)}% of raw batch; target >= 50%)`,
  );
  console.log(
    `store 64 concurrent writers   ${fmt(r.append_concurrent64_per_s)} appends/s  (${(r.append_concurrent64_per_s / r.raw_sqlite_single_per_s).toFixed(1)}x raw single; target >= 5x; ${r.appends_per_commit} appends per commit)`,
  );
  console.log(JSON.stringify(r));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
