/**
 * The embedded warehouse copying straight from the embedded event store's file: the very rows
 * the projection's `handle` writes, only the range and categories asked for, every hash checked
 * (a tampered event refuses the copy, and the catch-up then reports it as a read would).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProjectionRunner } from '../../application/projection-runner.js';
import { IntegrityError, type NewEvent } from '../../application/ports/event-store.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { hashText } from '../../infrastructure/event-store/hash-chain.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { analyticsDir } from '../../infrastructure/paths.js';
import { TAMPERED } from '../../infrastructure/warehouse/chdb-event-log-copy.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { warehouseEvents } from '../../projections/warehouse-events.js';

const silent = pino({ level: 'silent' });
let dir: string;
let warehouse: ChdbWarehouse;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-log-copy-'));
  warehouse = new ChdbWarehouse(path.join(dir, 'warehouse'));
  await warehouse.migrate(analyticsDir);
});
afterAll(async () => {
  await warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await warehouse.exec('TRUNCATE TABLE events');
});

/** Metadata in every shape the store accepts: times with and without a zone, fields missing, not text, null. */
const metadatas: Record<string, unknown>[] = [
  { actorId: 'staff-1', actorRole: 'window_staff', actorDepartment: '市场监管局', occurredAt: '2026-03-02T01:30:00.000Z', commandId: randomUUID() },
  { actorId: 'staff-2', actorRole: 'department_handler', occurredAt: '2026-03-02T09:30:00+08:00' },
  { occurredAt: '2026-02-28T23:59:59.5Z' },
  {},
  { actorId: 42, actorRole: null, actorDepartment: ['x', { 部门: true }], occurredAt: null },
  { actorId: 1.5, actorRole: false, occurredAt: 1_772_400_000_000 },
  { actorId: '张三的工号', actorDepartment: "O'Brien \\ \"dept\"", occurredAt: '2026-12-31T16:00:00.000Z' },
];

function event(n: number): NewEvent {
  return {
    id: randomUUID(),
    type: n % 3 === 0 ? 'CaseSubmitted' : 'TicketRegistered',
    data: { n, 名称: '食品经营许可', nested: { list: [1, 'двa', null, { deep: true }], quote: 'a "b" \\ c\n' }, big: 'x'.repeat(n % 7 === 0 ? 20_000 : 3) },
    metadata: metadatas[n % metadatas.length] as NewEvent['metadata'],
  };
}

/** A store of `streams` streams in two categories, `perStream` events each. */
async function storeWith(streams: number, perStream: number): Promise<SqliteEventStore> {
  const store = new SqliteEventStore(path.join(fs.mkdtempSync(path.join(dir, 'run-')), 'events.sqlite'), { durability: 'normal' });
  for (let s = 0; s < streams; s++) {
    await store.append(`${s % 2 ? 'case' : 'ticket'}-${s}`, Array.from({ length: perStream }, (_, i) => event(s * perStream + i)), 'no_stream');
  }
  return store;
}

const rows = () => warehouse.query('SELECT * FROM events FINAL ORDER BY position');

describe('copying warehouse rows from the event log inside chDB', () => {
  it('writes exactly the rows the projection handles, over several copies and the handled live events after them', async () => {
    const events = await storeWith(30, 20);
    const documents = new SqliteDocumentStore(path.join(path.dirname(events.path), 'views.sqlite'));
    const byHandle = new ProjectionRunner(events, documents, warehouse, [warehouseEvents], silent);
    await byHandle.start();
    await byHandle.stop();
    const expected = await rows();
    expect(expected).toHaveLength(600);

    await warehouse.exec('TRUNCATE TABLE events');
    const progress: { done: number; total: number }[] = [];
    const byCopy = new ProjectionRunner(events, documents, warehouse, [warehouseEvents], silent, {
      logCopy: warehouse.eventLogCopy(events.path),
      logCopyBatchSize: 250,
    });
    await byCopy.rebuild('warehouse-events', (p) => progress.push(p));
    expect(await rows()).toEqual(expected);
    expect(progress.at(-1)).toEqual({ done: 600, total: 600 });
    // 250 events per copy: progress after each, then the (empty) rest handled one by one.
    expect(progress.filter((p) => p.done > 0 && p.done < 600).map((p) => p.done)).toEqual([250, 500]);

    // Live events after the catch-up go through `handle`, into the same rows.
    await events.append('case-live', [event(5), event(7)], 'no_stream');
    await byCopy.settle();
    await byCopy.stop();
    expect(await rows()).toHaveLength(602);
    await Promise.all([events.close(), documents.close()]);
  });

  it('copies only the positions and categories asked for', async () => {
    const events = await storeWith(6, 5);
    const copy = warehouse.eventLogCopy(events.path);
    await copy.copy({ table: 'events', select: warehouseEvents.logSelect!, after: 4, upTo: 22, categories: ['case'] });
    const copied = await warehouse.query<{ position: number; category: string }>('SELECT position, category FROM events FINAL ORDER BY position');
    const expected = (await events.readAll({ after: 4, maxCount: 18, categories: ['case'] })).filter((e) => e.position <= 22);
    expect(copied.map((r) => r.position)).toEqual(expected.map((e) => e.position));
    expect(new Set(copied.map((r) => r.category))).toEqual(new Set(['case']));
    await expect(copy.copy({ table: 'events; DROP TABLE events', select: warehouseEvents.logSelect!, after: 0, upTo: 1 })).rejects.toThrow(/invalid table name/);
    await expect(copy.copy({ table: 'events', select: warehouseEvents.logSelect!, after: 5, upTo: 2 })).rejects.toThrow(/not a range/);
    await events.close();
  });

  it('refuses a range holding a tampered event, and the catch-up then names it as a read does', async () => {
    const events = await storeWith(4, 10);
    const db = new Database(events.path);
    db.prepare(`UPDATE events SET data = json_set(data, '$.n', 999) WHERE position = 25`).run();
    const copy = warehouse.eventLogCopy(events.path);
    await expect(copy.copy({ table: 'events', select: warehouseEvents.logSelect!, after: 0, upTo: 40 })).rejects.toThrow(TAMPERED);
    await expect(copy.copy({ table: 'events', select: warehouseEvents.logSelect!, after: 0, upTo: 24 })).resolves.toBeUndefined();

    const documents = new SqliteDocumentStore(path.join(path.dirname(events.path), 'views.sqlite'));
    const runner = new ProjectionRunner(events, documents, warehouse, [warehouseEvents], silent, { logCopy: copy });
    await expect(runner.start()).rejects.toThrow(IntegrityError);
    await runner.stop();

    // A first event rewritten with its hash recomputed, but no longer linked to the genesis hash.
    const [row] = db.prepare(`SELECT stream_id, revision, id, type, data, metadata FROM events WHERE position = 31`).all() as {
      stream_id: string; revision: number; id: string; type: string; data: string; metadata: string;
    }[];
    expect(row!.revision).toBe(0);
    const metadata = JSON.stringify({ ...JSON.parse(row!.metadata), prevHash: 'f'.repeat(64) });
    db.prepare(`UPDATE events SET metadata = ?, hash = ? WHERE position = 31`)
      .run(metadata, hashText(row!.stream_id, row!.revision, row!.id, row!.type, row!.data, metadata));
    await expect(copy.copy({ table: 'events', select: warehouseEvents.logSelect!, after: 30, upTo: 40 })).rejects.toThrow(TAMPERED);
    db.close();
    await Promise.all([events.close(), documents.close()]);
  });
});
