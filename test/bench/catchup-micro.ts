/**
 * The replay half of `npm run bench` alone, with CPU time beside wall time (the machine is shared:
 * CPU per event is the number to compare before and after a change).
 *
 *   node --import @swc-node/register/esm-register test/bench/catchup-micro.ts [read] [catchup] [ingest]
 *
 * BENCH_EVENTS (default 100,000) events; BENCH_CORPUS=<dir> keeps the corpus there and reuses it on
 * the next run; BENCH_REPEAT (default 1) runs each measurement that many times; BENCH_THREADS=1
 * adds CPU per thread (Linux); BENCH_WBATCH sets the warehouse runner's batch size; BENCH_COPY=0 ingests
 * through the projection's `handle` instead of copying inside the engine; BENCH_DBATCH sets the
 * document runner's batch size; BENCH_VIEW=reference catches up reference-view.ts (a light view) instead
 * of the cases view, to tell the machinery's cost from the view's.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { ProjectionRunner } from '../../application/projection-runner.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { analyticsDir } from '../../infrastructure/paths.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { casesView } from '../../projections/cases-view.js';
import { warehouseEvents } from '../../projections/warehouse-events.js';
import { referenceView } from './reference-view.js';
import { writeCorpus } from './corpus.js';

const total = Number(process.env.BENCH_EVENTS ?? 100_000);
const repeat = Number(process.env.BENCH_REPEAT ?? 1);
const steps = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const want = (step: string) => steps.length === 0 || steps.includes(step);
const silent = pino({ level: 'silent' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-catchup-'));
const corpusDir = process.env.BENCH_CORPUS ?? dir;
fs.mkdirSync(corpusDir, { recursive: true });
const corpusFile = path.join(corpusDir, `corpus-${total}.sqlite`);

/** CPU milliseconds of this process's main thread (Linux: /proc; 0 elsewhere). */
function mainThreadCpuMs(): number {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** CPU milliseconds per thread name (Linux), for BENCH_THREADS=1. */
function threadCpuMs(): Map<string, number> {
  const byName = new Map<string, number>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = tid === String(process.pid) ? 'main' : `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}:${tid}`;
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      byName.set(name, (byName.get(name) ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    }
  } catch {
    // not Linux
  }
  return byName;
}

async function measure(name: string, events: number, work: () => Promise<void>): Promise<void> {
  const threads = process.env.BENCH_THREADS ? threadCpuMs() : undefined;
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpuMs();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const mainMs = mainThreadCpuMs() - m0;
  console.log(
    `${name.padEnd(20)} ${Math.round(events / (ms / 1000)).toLocaleString('en').padStart(9)} events/s wall` +
    `  ${((cpuMs * 1000) / events).toFixed(2).padStart(6)} µs CPU/event (all threads)` +
    `  ${((mainMs * 1000) / events).toFixed(2).padStart(6)} µs on the main thread  ${(cpuMs / ms).toFixed(2)} cores busy`,
  );
  if (threads) {
    const after = threadCpuMs();
    const used = [...after].map(([thread, ms]) => [thread, ms - (threads.get(thread) ?? 0)] as const).filter(([, ms]) => ms > 0);
    console.log(`  by thread (µs/event; threads that ended are missing): ${used.sort((a, b) => b[1] - a[1]).map(([t, ms]) => `${t} ${((ms * 1000) / events).toFixed(1)}`).join(', ')}`);
  }
}

try {
  if (!fs.existsSync(corpusFile)) {
    const writer = new SqliteEventStore(corpusFile, { durability: 'normal' });
    await writeCorpus(writer, total);
    await writer.close();
  }
  const store = new SqliteEventStore(corpusFile, { durability: 'normal' });
  const head = await store.headPosition();
  console.log(`${head.toLocaleString('en')} events, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
  for (let r = 0; r < repeat; r++) {
    if (want('read')) {
      await measure('read_all', head, async () => {
        for (let after = 0; ; ) {
          const page = await store.readAll({ after, maxCount: 1000 });
          if (page.length === 0) break;
          after = page[page.length - 1]!.position;
        }
      });
    }
    if (want('catchup')) {
      const documents = new SqliteDocumentStore(path.join(dir, `views-${r}.sqlite`));
      const views = new ProjectionRunner(store, documents, undefined as never, [process.env.BENCH_VIEW === 'reference' ? referenceView : casesView], silent, process.env.BENCH_DBATCH ? { batchSize: Number(process.env.BENCH_DBATCH) } : {});
      await measure('projection_catchup', head, () => views.start());
      await views.stop();
      await documents.close();
    }
    if (want('ingest')) {
      const documents = new SqliteDocumentStore(path.join(dir, `checkpoints-${r}.sqlite`));
      const warehouse = new ChdbWarehouse(path.join(dir, `warehouse-${r}`));
      await warehouse.migrate(analyticsDir);
      const ingest = new ProjectionRunner(store, documents, warehouse, [warehouseEvents], silent, {
        ...(process.env.BENCH_WBATCH ? { warehouseBatchSize: Number(process.env.BENCH_WBATCH) } : {}),
        ...(process.env.BENCH_COPY === '0' ? {} : { logCopy: warehouse.eventLogCopy(corpusFile) }),
      });
      await measure('warehouse_ingest', head, () => ingest.start());
      await ingest.stop();
      const [{ n }] = (await warehouse.query<{ n: string }>('SELECT count() AS n FROM events FINAL')) as [{ n: string }];
      if (Number(n) !== head) throw new Error(`warehouse holds ${n} events, the store ${head}`);
      await Promise.all([documents.close(), warehouse.close()]);
    }
  }
  await store.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
