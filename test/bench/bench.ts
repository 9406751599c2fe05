/**
 * `npm run bench [-- --quick]`: the core's throughput on this machine, measured in one run. The
 * last line printed is one JSON object; the lines before it compare each number with its target.
 *
 *  - event store: single, 100-event and 64-concurrent appends against a bare better-sqlite3 loop
 *    with the same durability (the physical limit), see event-store-bench.ts;
 *  - read_all: the whole store read forwards in pages of 1000;
 *  - projection catch-up: the real `cases-view` projection and runner into the embedded read store;
 *  - warehouse ingest: the real `warehouse-events` projection and runner into chDB, which copies
 *    from the event store's file inside the engine, as the server does when both are embedded.
 *  The two replays run three times each, into fresh stores; the median run counts.
 * Both runners use the server's settings (the runner's defaults). The corpus is corpus.ts's.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { ProjectionRunner } from '../../application/projection-runner.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { analyticsDir } from '../../infrastructure/paths.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { casesView } from '../../projections/cases-view.js';
import { warehouseEvents } from '../../projections/warehouse-events.js';
import { writeCorpus } from './corpus.js';
import { measureEventStore } from './event-store-bench.js';

const quick = process.argv.includes('--quick');
const seconds = quick ? 2.5 : 8;
/** Events in the store that the read, projection and warehouse measurements replay. */
const corpus = quick ? 100_000 : 400_000;
const silent = pino({ level: 'silent' });
const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'govhall-bench-'));
const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Wall seconds of the work, and the CPU it took (every thread of the process: reader and writer
 * threads, the warehouse engine, the garbage collector), which a busy shared machine inflates far
 * less than wall time: the number to compare runs by when the machine is not idle.
 */
async function timed<T>(work: () => Promise<T>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

interface Timing {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

/** Replays of the catch-up and of the warehouse ingest per run; the median counts. */
const REPLAYS = 3;

/** The run of median wall time (REPLAYS is odd). */
const median = (runs: readonly Timing[]): Timing => [...runs].sort((a, b) => a.seconds - b.seconds)[(runs.length - 1) / 2]!;

/** CPU microseconds per event, to one decimal. */
const perEvent = (cpuSeconds: number, events: number) => Math.round((cpuSeconds * 1e7) / events) / 10;

try {
  const loadAverage = Math.round(os.loadavg()[0]! * 100) / 100;
  say(`govhall bench${quick ? ' (quick)' : ''}: ${os.cpus().length} cores, Node ${process.version}, ${seconds}s per event-store measurement, ${corpus.toLocaleString('en')} events replayed, load average ${loadAverage}`);
  const appends = await measureEventStore({ seconds, durability: 'full', dir });

  const store = new SqliteEventStore(path.join(dir, 'corpus.sqlite'), { durability: 'normal' });
  await writeCorpus(store, corpus);
  const head = await store.headPosition();

  let read = 0;
  const readTime = await timed(async () => {
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, maxCount: 1000 });
      if (page.length === 0) break;
      read += page.length;
      after = page[page.length - 1]!.position;
    }
  });

  // Each replay runs REPLAYS times into fresh stores and the median counts: one replay lasts 0.5–4 s,
  // which a shared machine stretches by ±20% from one run to the next.
  const catchups: Timing[] = [];
  const ingests: Timing[] = [];
  for (let r = 0; r < REPLAYS; r++) {
    const documents = new SqliteDocumentStore(path.join(dir, `views-${r}.sqlite`));
    const views = new ProjectionRunner(store, documents, undefined as never, [casesView], silent);
    catchups.push(await timed(() => views.start()));
    await views.stop();
    const checkpoints = new SqliteDocumentStore(path.join(dir, `checkpoints-${r}.sqlite`));
    const warehouse = new ChdbWarehouse(path.join(dir, `warehouse-${r}`));
    await warehouse.migrate(analyticsDir);
    const ingest = new ProjectionRunner(store, checkpoints, warehouse, [warehouseEvents], silent, { logCopy: warehouse.eventLogCopy(store.path) });
    ingests.push(await timed(() => ingest.start()));
    await ingest.stop();
    const [{ n: rows }] = (await warehouse.query<{ n: string }>('SELECT count() AS n FROM events FINAL')) as [{ n: string }];
    if (Number(rows) !== head) throw new Error(`warehouse holds ${rows} events, the store ${head}`);
    await Promise.all([documents.close(), checkpoints.close(), warehouse.close()]);
  }
  await store.close();
  const catchupTime = median(catchups);
  const ingestTime = median(ingests);
  const rates = (runs: readonly Timing[]) => runs.map((run) => Math.round(head / run.seconds));

  const result = {
    ...appends,
    read_all_per_s: Math.round(read / readTime.seconds),
    projection_catchup_per_s: Math.round(head / catchupTime.seconds),
    warehouse_ingest_per_s: Math.round(head / ingestTime.seconds),
    // CPU per event over every thread of the process (see `timed`).
    read_all_cpu_us_per_event: perEvent(readTime.cpuSeconds, read),
    projection_catchup_cpu_us_per_event: perEvent(catchupTime.cpuSeconds, head),
    warehouse_ingest_cpu_us_per_event: perEvent(ingestTime.cpuSeconds, head),
    // Every replay's rate, in the order run; the medians above are the results.
    projection_catchup_runs_per_s: rates(catchups),
    warehouse_ingest_runs_per_s: rates(ingests),
    load_average: loadAverage,
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
  say(`CPU per event (all threads): read_all ${result.read_all_cpu_us_per_event} µs, catch-up ${result.projection_catchup_cpu_us_per_event} µs, warehouse ingest ${result.warehouse_ingest_cpu_us_per_event} µs`);
  console.log(JSON.stringify(result));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
