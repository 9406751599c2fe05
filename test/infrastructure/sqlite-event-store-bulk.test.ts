/**
 * Bulk reads of the SQLite event store (readAll of 256 events or more), which a worker thread
 * reads and verifies, and reads ahead: the same events as a read in place, tampering detected,
 * and never a page read ahead that misses what was committed since.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { dataJsonOf, IntegrityError, StoredEvent, type NewEvent } from '../../application/ports/event-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { freshCategory, newEvent } from '../contract/event-store.contract.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function file(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-bulk-'));
  dirs.push(dir);
  return path.join(dir, 'events.sqlite');
}

/** Events with Chinese text, nested data and metadata, in several streams of two categories. */
async function fill(store: SqliteEventStore, categories: string[], streams: number, perStream: number): Promise<void> {
  for (let s = 0; s < streams; s++) {
    const events: NewEvent[] = Array.from({ length: perStream }, (_, n) =>
      newEvent('CaseAccepted', { n, s, name: '张三', nested: { list: [1, 'двa', null], quote: 'a "b" \\ c' } }, { actorId: `staff-${s}`, occurredAt: new Date(Date.UTC(2026, 2, 2, 0, n)).toISOString() }));
    await store.append(`${categories[s % categories.length]}-${s}`, events, 'no_stream');
  }
}

describe('SQLite event store bulk reads', () => {
  it('return the very events a read in place returns, as own properties, with the stored JSON at hand', async () => {
    const f = file();
    const [a, b] = [freshCategory(), freshCategory()];
    const bulk = new SqliteEventStore(f, { durability: 'normal' });
    await fill(bulk, [a, b], 30, 40);
    const inPlace = new SqliteEventStore(f, { durability: 'normal', bulkReads: false });
    for (const options of [
      { after: 0, maxCount: 500 },
      { after: 333, maxCount: 300 },
      { after: 1150, maxCount: 1000 },
      { after: 0, maxCount: 700, categories: [a] },
      { after: 10, maxCount: 256, categories: [b, a, b] },
    ]) {
      const events = await bulk.readAll(options);
      const expected = await inPlace.readAll(options);
      expect(events.length).toBe(expected.length);
      expect(events.every((e) => e instanceof StoredEvent)).toBe(true);
      expect(events).toEqual(expected);
      expect(JSON.parse(JSON.stringify(events))).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(events.map((e) => ({ ...e }))).toEqual(expected.map((e) => ({ ...e })));
      expect(events.map(dataJsonOf)).toEqual(expected.map((e) => JSON.stringify(e.data)));
    }
    await bulk.close();
    await inPlace.close();
  });

  it('detect an event altered behind their back, naming it', async () => {
    const f = file();
    const store = new SqliteEventStore(f, { durability: 'normal' });
    const category = freshCategory();
    await fill(store, [category], 10, 50);
    const raw = new Database(f);
    // Stream 8's revision 7 is position 408.
    raw.prepare(`UPDATE events SET data = '{"n":1}' WHERE stream_id = ? AND revision = 7`).run(`${category}-8`);
    raw.close();
    await expect(store.readAll({ maxCount: 300 })).resolves.toHaveLength(300); // before the altered event
    const error = await store.readAll({ after: 100, maxCount: 400 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error).toMatchObject({ streamId: `${category}-8`, revision: 7 });
    await store.close();
  });

  it('never answer with a page read ahead that misses events committed since', async () => {
    const store = new SqliteEventStore(file(), { durability: 'normal' });
    const category = freshCategory();
    await fill(store, [category], 3, 300);
    const seen: number[] = [];
    let after = 0;
    for (let round = 0; round < 6; round++) {
      const page = await store.readAll({ after, maxCount: 256 });
      seen.push(...page.map((e) => e.position));
      if (page.length > 0) after = page[page.length - 1]!.position;
      // Commits between reads, while the worker has read ahead.
      await store.append(`${category}-x${round}`, Array.from({ length: 100 }, () => newEvent('CaseAccepted')), 'no_stream');
    }
    for (;;) {
      const page = await store.readAll({ after, maxCount: 256 });
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.position));
      after = page[page.length - 1]!.position;
    }
    const head = await store.headPosition();
    expect(seen).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    await store.close();
  });

  it('parse data only when it is read, and keep a copy apart from the stored text', async () => {
    const store = new SqliteEventStore(file(), { durability: 'normal' });
    const category = freshCategory();
    await fill(store, [category], 1, 300);
    const [event] = await store.readAll({ maxCount: 300 });
    expect(event!.data).toMatchObject({ n: 0, name: '张三' });
    expect(event!.data).toBe(event!.data); // parsed once
    const copy = { ...event!, data: { other: true } };
    expect(dataJsonOf(copy)).toBe('{"other":true}');
    expect(dataJsonOf(event!)).toBe(JSON.stringify(event!.data));
    await store.close();
  });

  it('read in place when bulk reads are off', async () => {
    const store = new SqliteEventStore(file(), { durability: 'normal', bulkReads: false });
    await fill(store, [freshCategory()], 2, 200);
    const events = await store.readAll({ maxCount: 400 });
    expect(events).toHaveLength(400);
    expect(events[0]).not.toBeInstanceOf(StoredEvent);
    await store.close();
  });
});
