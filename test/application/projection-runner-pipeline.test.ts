/**
 * A catch-up over many batches, where the runner reads the next batch and hands it to the stores
 * before the last one is written: effects exactly once, checkpoints never past a batch that was
 * not written, a poison event or a failed write stopping the projection where it was.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentProjection, WarehouseProjection } from '../../application/projection.js';
import { ProjectionRunner } from '../../application/projection-runner.js';
import type { NewEvent } from '../../application/ports/event-store.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { analyticsDir } from '../../infrastructure/paths.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { warehouseEvents } from '../../projections/warehouse-events.js';

const silent = pino({ level: 'silent' });
const visit = (hall: string, n: number): NewEvent => ({ id: randomUUID(), type: 'HallVisited', data: { hall, n }, metadata: { occurredAt: '2026-11-02T01:00:00.000Z' } });

/** Counts visits per hall (a duplicate effect shows as a wrong count); throws on the poison visit. */
const visits = (poison?: number): DocumentProjection => ({
  kind: 'documents',
  name: 'pipeline-visits',
  version: 1,
  categories: ['hall'],
  collections: ['pipeline_visits'],
  handle(event) {
    const { hall, n } = event.data as { hall: string; n: number };
    if (n === poison) throw new Error(`cannot count visit ${n}`);
    return [{ op: 'patch', collection: 'pipeline_visits', id: hall, inc: { count: 1 }, push: { seen: n }, upsert: true }];
  },
});

let dir: string;
let warehouse: ChdbWarehouse;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-pipeline-'));
  warehouse = new ChdbWarehouse(path.join(dir, 'warehouse'));
  await warehouse.migrate(analyticsDir);
});
afterAll(async () => {
  await warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function stores(): Promise<{ events: SqliteEventStore; documents: SqliteDocumentStore; close: () => Promise<void> }> {
  const run = fs.mkdtempSync(path.join(dir, 'run-'));
  const events = new SqliteEventStore(path.join(run, 'events.sqlite'), { durability: 'normal' });
  const documents = new SqliteDocumentStore(path.join(run, 'views.sqlite'));
  // 2,400 visits to 40 halls, in streams of 24.
  for (let s = 0; s < 100; s++) {
    await events.append(`hall-${s}`, Array.from({ length: 24 }, (_, i) => visit(`h${(s * 24 + i) % 40}`, s * 24 + i + 1)), 'no_stream');
  }
  return { events, documents, close: async () => void (await Promise.all([events.close(), documents.close()])) };
}

describe('a pipelined catch-up', () => {
  it('applies every event once over many batches, and checkpoints the last', async () => {
    const { events, documents, close } = await stores();
    const runner = new ProjectionRunner(events, documents, warehouse, [visits()], silent, { batchSize: 600 });
    await runner.start();
    const halls = (await documents.find<{ count: number; seen: number[] }>('pipeline_visits', {}, { limit: 100 })).items;
    expect(halls).toHaveLength(40);
    expect(halls.every((h) => h.count === 60 && h.seen.length === 60)).toBe(true);
    expect(halls.flatMap((h) => h.seen).sort((a, b) => a - b)).toEqual(Array.from({ length: 2400 }, (_, i) => i + 1));
    expect(await documents.checkpoint('pipeline-visits@1')).toBe(2400);
    await runner.stop();
    await close();
  });

  it('stops at a poison event in a later batch with everything before it applied, once', async () => {
    const { events, documents, close } = await stores();
    const runner = new ProjectionRunner(events, documents, warehouse, [visits(1700)], silent, { batchSize: 600 });
    await runner.start();
    const [status] = await runner.status();
    expect(status).toMatchObject({ state: 'failed', position: 1699, failure: { position: 1700 } });
    expect(await documents.checkpoint('pipeline-visits@1')).toBe(1699);
    const seen = (await documents.find<{ seen: number[] }>('pipeline_visits', {}, { limit: 100 })).items.flatMap((h) => h.seen);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 1699 }, (_, i) => i + 1));
    await runner.stop();
    await close();
  });

  it('leaves the checkpoint before a warehouse batch that failed, and a restart writes each event once', async () => {
    const { events, documents, close } = await stores();
    let failing = true;
    // Like warehouse-events, but one event's time ClickHouse cannot read while `failing`.
    const flaky: WarehouseProjection = {
      ...warehouseEvents,
      name: 'pipeline-events',
      handle: (event) =>
        warehouseEvents.handle(event).map(({ table, row }) => ({ table, row: failing && event.position === 1500 ? { ...row, occurred_at: 'never' } : row })),
    };
    await warehouse.exec('TRUNCATE TABLE events');
    const first = new ProjectionRunner(events, documents, warehouse, [flaky], silent, { warehouseBatchSize: 400 });
    await expect(first.start()).rejects.toThrow();
    await first.stop();
    const checkpoint = await documents.checkpoint('pipeline-events@1');
    expect(checkpoint).toBe(1200); // the batches of 400 before the one holding event 1500
    failing = false;
    const second = new ProjectionRunner(events, documents, warehouse, [flaky], silent, { warehouseBatchSize: 400 });
    await second.start();
    await second.stop();
    expect(await documents.checkpoint('pipeline-events@1')).toBe(2400);
    const [{ n, distinct }] = await warehouse.query<{ n: number; distinct: number }>('SELECT count() AS n, uniqExact(position) AS distinct FROM events FINAL');
    expect({ n, distinct }).toEqual({ n: 2400, distinct: 2400 });
    await close();
  });
});
