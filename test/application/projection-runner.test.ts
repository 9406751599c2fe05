import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentProjection, WarehouseProjection } from '../../application/projection.js';
import { ProjectionRunner } from '../../application/projection-runner.js';
import type { NewEvent } from '../../application/ports/event-store.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { analyticsDir } from '../../infrastructure/paths.js';
import { warehouseEvents } from '../../projections/warehouse-events.js';

/** Counts visits per hall: `inc` makes a duplicate effect visible as a wrong count. */
const visits = (version = 1, poison?: string): DocumentProjection => ({
  kind: 'documents',
  name: 'visits',
  version,
  categories: ['hall'],
  collections: ['visits'],
  handle(event) {
    const { hall } = event.data as { hall: string };
    if (hall === poison) throw new Error(`cannot count ${hall}`);
    return [{ op: 'patch', collection: 'visits', id: hall, inc: { count: 1 }, set: { hall }, upsert: true }];
  },
});

/** A second projection on another category, to show that one failing does not stop the others. */
const windows: DocumentProjection = {
  kind: 'documents',
  name: 'windows',
  version: 1,
  categories: ['window'],
  collections: ['windows'],
  handle: (event) => [{ op: 'upsert', collection: 'windows', id: event.streamId, doc: { seen: event.type } }],
};

const visit = (hall: string): NewEvent => ({ id: randomUUID(), type: 'HallVisited', data: { hall }, metadata: { occurredAt: '2026-11-02T01:00:00.000Z' } });
const silent = pino({ level: 'silent' });

let dir: string;
let warehouse: ChdbWarehouse;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'));
  warehouse = new ChdbWarehouse(path.join(dir, 'warehouse'));
  await warehouse.migrate(analyticsDir);
});
afterAll(async () => {
  await warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let run: string;
let events: SqliteEventStore;
let documents: SqliteDocumentStore;
beforeEach(async () => {
  run = fs.mkdtempSync(path.join(dir, 'run-'));
  events = new SqliteEventStore(path.join(run, 'events.sqlite'), { durability: 'normal' });
  documents = new SqliteDocumentStore(path.join(run, 'views.sqlite'));
  return async () => {
    await events.close();
    await documents.close();
  };
});

const count = async (hall: string) => (await documents.get<{ count: number }>('visits', hall))?.count;

describe('the projection runner', () => {
  it('declares a projection\'s indexes on every start, so one added later is built without a rebuild', async () => {
    await events.append('hall-1', [visit('east'), visit('west')], 'no_stream');
    const first = new ProjectionRunner(events, documents, warehouse, [visits()], silent);
    await first.start();
    await first.stop();
    expect((await documents.explain('visits', { hall: 'west' })).join('\n')).not.toMatch(/USING INDEX kx_/);
    const indexed: DocumentProjection = { ...visits(), indexes: { visits: [{ fields: ['hall'] }] } };
    const second = new ProjectionRunner(events, documents, warehouse, [indexed], silent);
    await second.start();
    await second.stop();
    expect((await documents.explain('visits', { hall: 'west' })).join('\n')).toMatch(/USING INDEX kx_visits\(hall\)/);
    expect((await documents.find('visits', { hall: 'west' })).items).toMatchObject([{ _id: 'west', count: 1 }]);
  });

  it('catches up with what was written while it was down, then follows live events', async () => {
    await events.append('hall-1', [visit('east'), visit('east')], 'no_stream');
    const runner = new ProjectionRunner(events, documents, warehouse, [visits()], silent);
    await runner.start();
    expect(await count('east')).toBe(2);
    await events.append('hall-1', [visit('east')], 1);
    await runner.settle();
    expect(await count('east')).toBe(3);
    expect((await runner.status())[0]).toMatchObject({ state: 'live', position: 3, head: 3, lag: 0 });
    // Other streams moving the head on leave it level: nothing of its category is waiting.
    await events.append('window-1', [{ id: randomUUID(), type: 'WindowOpened', data: {} }], 'no_stream');
    expect((await runner.status())[0]).toMatchObject({ position: 3, head: 4, lag: 0 });
    await runner.stop();
  });

  it('resumes from its checkpoint after a restart without counting anything twice', async () => {
    await events.append('hall-2', [visit('west'), visit('west')], 'no_stream');
    const first = new ProjectionRunner(events, documents, warehouse, [visits()], silent);
    await first.start();
    await first.stop();
    await events.append('hall-2', [visit('west')], 1);
    const second = new ProjectionRunner(events, documents, warehouse, [visits()], silent, { batchSize: 2 });
    await second.start();
    await second.settle();
    expect(await count('west')).toBe(3);
    await second.stop();
  });

  it('rebuilds from the first event when its version is raised', async () => {
    await events.append('hall-3', [visit('north'), visit('north')], 'no_stream');
    const v1 = new ProjectionRunner(events, documents, warehouse, [visits(1)], silent);
    await v1.start();
    await v1.stop();
    const v2 = new ProjectionRunner(events, documents, warehouse, [visits(2)], silent);
    await v2.start();
    expect(await count('north')).toBe(2);
    await v2.stop();
  });

  it('rebuilds on request, reporting progress up to the total', async () => {
    await events.append('hall-4', Array.from({ length: 25 }, () => visit('south')), 'no_stream');
    const runner = new ProjectionRunner(events, documents, warehouse, [visits()], silent, { batchSize: 10 });
    await runner.start();
    const seen: number[] = [];
    const status = await runner.rebuild('visits', ({ done, total }) => {
      seen.push(done);
      expect(total).toBe(25);
    });
    expect(status).toMatchObject({ state: 'live', position: 25 });
    expect(seen.at(-1)).toBe(25);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await count('south')).toBe(25);
    await runner.stop();
  });

  it('stops only the projection that meets an event it cannot handle, naming the event', async () => {
    await events.append('hall-5', [visit('ok'), visit('bad'), visit('ok')], 'no_stream');
    await events.append('window-7', [{ id: randomUUID(), type: 'WindowOpened', data: {} }], 'no_stream');
    const runner = new ProjectionRunner(events, documents, warehouse, [visits(1, 'bad'), windows], silent);
    await runner.start();
    const [failed, other] = await runner.status();
    expect(failed).toMatchObject({ state: 'failed', position: 1, lag: 3, failure: { streamId: 'hall-5', revision: 1, position: 2, message: 'cannot count bad' } });
    expect(other).toMatchObject({ state: 'live', position: 4, lag: 0 });
    expect(await count('ok')).toBe(1);
    expect(await documents.get('windows', 'window-7')).toMatchObject({ seen: 'WindowOpened' });
    await runner.stop();
  });

  it('writes every event once into the warehouse, even when a batch is delivered again', async () => {
    const stream = `hall-${randomUUID()}`;
    await events.append(stream, [visit('a'), visit('b'), visit('c')], 'no_stream');
    const runner = new ProjectionRunner(events, documents, warehouse, [warehouseEvents], silent);
    await runner.start();
    await runner.stop();
    // As after a crash between the warehouse insert and the checkpoint: the same rows again.
    await warehouse.insert('events', (await events.readAll()).flatMap((e) => warehouseEvents.handle(e).map((w) => w.row)));
    const rows = await warehouse.query<{ n: string; types: string[] }>(
      'SELECT count() AS n, groupArray(type) AS types FROM events FINAL WHERE stream = {stream:String}',
      { stream },
    );
    expect(Number(rows[0]!.n)).toBe(3);
    expect(rows[0]!.types).toEqual(['HallVisited', 'HallVisited', 'HallVisited']);
  });
});
