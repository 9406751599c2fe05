/**
 * Micro-benchmark of the embedded document store's write path, in the shape a projection runner
 * uses during catch-up: batches of 1000 ops, each batch committed with its checkpoint.
 *
 *   node --import @swc-node/register/esm-register test/bench/document-store-micro.ts [opsPerCase] [--no-indexes]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WriteOp } from '../../application/ports/document-store.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';

type Op = WriteOp & { readonly position: number };

const TOTAL = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200_000);
const INDEXES = !process.argv.includes('--no-indexes');
const BATCH = 1000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-docstore-bench-'));
const store = new SqliteDocumentStore(path.join(dir, 'views.sqlite'));
if (INDEXES) await store.ensureIndexes('cases', [{ fields: ['status'] }, { fields: ['dept', 'dueAt'] }]);
console.log(`${TOTAL.toLocaleString('en')} ops per case, batches of ${BATCH}, ${INDEXES ? 'indexes on status and (dept, dueAt)' : 'no indexes'}; load average ${os.loadavg()[0]!.toFixed(1)}`);
let position = 0;

const caseDoc = (i: number) => ({
  caseNo: `2026-${String(i).padStart(7, '0')}`, item: 'item-11010100', dept: `dept-${i % 40}`, status: 'submitted',
  title: '企业设立登记', window: `W${i % 30}`, submittedAt: '2026-03-02T09:15:00+08:00', dueAt: '2026-03-16', steps: ['submitted'],
});

async function measure(name: string, makeOp: (i: number) => Op): Promise<void> {
  let wall = 0;
  let cpu = 0;
  for (let i = 0; i < TOTAL; i += BATCH) {
    const ops = Array.from({ length: Math.min(BATCH, TOTAL - i) }, (_, j) => makeOp(i + j));
    // Only write() is timed: making the ops is the runner's cost, not the store's.
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await store.write(ops, { name: 'bench', position });
    const used = process.cpuUsage(cpuStarted);
    wall += performance.now() - started;
    cpu += (used.user + used.system) / 1000;
  }
  // CPU time is shown too because this machine is shared: wall time also counts other processes.
  const rate = (ms: number) => Math.round(TOTAL / (ms / 1000)).toLocaleString('en').padStart(9);
  console.log(`${name.padEnd(48)} ${rate(wall)} ops/s wall ${rate(cpu)} ops/s per CPU second`);
}

await measure('upsert, distinct new documents', (i) => ({ op: 'upsert', collection: 'cases', id: `c${i}`, doc: caseDoc(i), position: ++position }));
await measure('upsert, distinct new documents, random ids', (i) => ({ op: 'upsert', collection: 'cases', id: randomUUID(), doc: caseDoc(i), position: ++position }));
await measure('upsert, replacing existing documents', (i) => ({ op: 'upsert', collection: 'cases', id: `c${i}`, doc: { ...caseDoc(i), status: 'accepted' }, position: ++position }));
await measure('patch, distinct documents (set + push)', (i) => ({
  op: 'patch', collection: 'cases', id: `c${i}`, set: { status: 'approved', 'review.by': 'w01' }, push: { steps: 'approved' }, position: ++position,
}));
await measure('patch, 50 hot documents repeated (inc + set)', (i) => ({
  op: 'patch', collection: 'dept_stats', id: `dept-${i % 50}`, inc: { received: 1, 'byStatus.submitted': 1 }, set: { lastAt: i }, upsert: true, position: ++position,
}));
await measure('mixed: 1 upsert + 2 patches of the same case', (i) => {
  const id = `m${Math.floor(i / 3)}`;
  return i % 3 === 0
    ? { op: 'upsert', collection: 'cases', id, doc: caseDoc(i), position: ++position }
    : { op: 'patch', collection: 'cases', id, set: { status: i % 3 === 1 ? 'accepted' : 'approved' }, push: { steps: 'x' }, position: ++position };
});

await store.close();
fs.rmSync(dir, { recursive: true, force: true });
