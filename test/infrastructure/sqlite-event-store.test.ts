import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  IntegrityError,
  InvalidEventError,
  StoreUnavailableError,
} from '../../application/ports/event-store.js';
import { chainEvent, chainText, GENESIS_HASH, hashEvent } from '../../infrastructure/event-store/hash-chain.js';
import { openEventStore, SqliteEventStore } from '../../infrastructure/event-store/index.js';
import { eventStoreContract, freshCategory, newEvent } from '../contract/event-store.contract.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

// A small catch-up batch makes the contract's subscription test cross several batch boundaries.
eventStoreContract('SQLite', () => openEventStore({ dataDir: tempDir(), catchUpBatchSize: 16 }));

describe('SQLite event store', () => {
  function openStore(): { store: SqliteEventStore; file: string } {
    const file = path.join(tempDir(), 'events.sqlite');
    return { store: new SqliteEventStore(file), file };
  }

  it('detects an event altered behind its back, naming the stream and revision', async () => {
    const { store, file } = openStore();
    const stream = `${freshCategory()}-1`;
    await store.append(stream, [newEvent('FeePaid', { amount: 100 }), newEvent('FeePaid', { amount: 200 }), newEvent('FeePaid', { amount: 300 })], 'no_stream');
    const raw = new Database(file);
    raw.prepare(`UPDATE events SET data = '{"amount":1}' WHERE stream_id = ? AND revision = 1`).run(stream);
    raw.close();

    const error = await store.readStream(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error).toMatchObject({ streamId: stream, revision: 1 });
    expect((error as Error).message).toContain(`stream ${stream} revision 1`);
    await expect(store.readStream(stream, { fromRevision: 1 })).rejects.toBeInstanceOf(IntegrityError);
    await expect(store.readAll()).rejects.toBeInstanceOf(IntegrityError);
    await store.close();
  });

  it('stores data nested deeper than the quick JSON check goes, and still refuses a cycle down there', async () => {
    const { store } = openStore();
    const deep = (levels: number, leaf: unknown): unknown => (levels === 0 ? leaf : { next: deep(levels - 1, leaf) });
    const event = { id: randomUUID(), type: 'CaseAccepted', data: deep(100, [1, '二']) as Record<string, unknown> };
    await store.append('case-deep', [event], 'no_stream');
    expect((await store.readStream('case-deep'))[0]!.data).toEqual(event.data);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await expect(store.append('case-deep', [{ id: randomUUID(), type: 'CaseAccepted', data: deep(100, cycle) as Record<string, unknown> }], 0)).rejects.toThrow(/cyclic/);
    await store.close();
  });

  it('detects a deleted event as a broken chain', async () => {
    const { store, file } = openStore();
    const stream = `${freshCategory()}-1`;
    await store.append(stream, [newEvent('FeePaid'), newEvent('FeePaid'), newEvent('FeePaid')], 'no_stream');
    const raw = new Database(file);
    raw.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 1').run(stream);
    raw.close();
    await expect(store.readStream(stream)).rejects.toMatchObject({ name: 'IntegrityError', streamId: stream, revision: 2 });
    await store.close();
  });

  it('waits for the disk by default (synchronous=FULL) in WAL mode', async () => {
    const { store, file } = openStore();
    expect(store.stats().synchronous).toBe('full');
    await store.close();
    const relaxed = new SqliteEventStore(file, { durability: 'normal' });
    expect(relaxed.stats().synchronous).toBe('normal');
    await relaxed.close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('commits 64 appends sent at once in far fewer than 64 transactions', async () => {
    const { store } = openStore();
    const category = freshCategory();
    const before = store.stats().commits;
    await Promise.all(Array.from({ length: 64 }, (_, i) => store.append(`${category}-${i}`, [newEvent('TicketOpened')], 'no_stream')));
    expect(store.stats().commits - before).toBeLessThanOrEqual(2);
    expect(store.stats().appends).toBe(64);
    await store.close();
  });

  it('names a retry with a mix of stored and new ids as invalid, whatever the expected revision', async () => {
    const { store } = openStore();
    const stream = `${freshCategory()}-1`;
    const stored = [newEvent('FeePaid'), newEvent('FeePaid'), newEvent('FeePaid')];
    await store.append(stream, stored, 'no_stream');
    await expect(store.append(stream, [stored[0]!, newEvent('FeePaid')], 'no_stream')).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.append(stream, [newEvent('FeePaid'), stored[1]!], 'any')).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.append(stream, [newEvent('FeePaid'), stored[1]!], 0)).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.append(stream, [stored[1]!, stored[0]!], 'any')).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.append(stream, [stored[0]!, stored[2]!], 'any')).rejects.toBeInstanceOf(InvalidEventError);
    expect(await store.readStream(stream)).toHaveLength(3);
    await store.close();
  });

  it('de-duplicates ids within a stream: another stream may hold the same id (as in KurrentDB)', async () => {
    const { store } = openStore();
    const category = freshCategory();
    const event = newEvent('FeePaid');
    const first = await store.append(`${category}-1`, [event], 'no_stream');
    const other = await store.append(`${category}-2`, [event], 'any');
    expect(other.position).toBeGreaterThan(first.position);
    expect(await store.append(`${category}-2`, [event], 'no_stream')).toEqual(other);
    const all = await store.readAll({ categories: [category] });
    expect(all.map((e) => [e.streamId, e.id])).toEqual([[`${category}-1`, event.id], [`${category}-2`, event.id]]);
    await store.close();
  });

  it('recognises a retry with any expected revision after later appends to the stream', async () => {
    const { store } = openStore();
    const stream = `${freshCategory()}-1`;
    const events = [newEvent('FeePaid'), newEvent('FeePaid')];
    await store.append(stream, [newEvent('FeePaid')], 'any');
    const first = await store.append(stream, events, 'any');
    await store.append(stream, [newEvent('FeePaid')], 'any');
    expect(await store.append(stream, events, 'any')).toEqual(first);
    expect(await store.append(stream, events, 0)).toEqual(first);
    expect(await store.append(stream, events, 'no_stream')).toEqual(first);
    // Each id the stream holds is a no-op; a part of a stored append, in order, is one too.
    expect(await store.append(stream, [events[1]!], 0)).toEqual(first);
    expect(await store.append(stream, [events[0]!], 'any')).toEqual({ nextRevision: 1, position: first.position - 1 });
    expect(await store.readStream(stream)).toHaveLength(4);
    await store.close();
  });

  it('turns a write from another connection into a conflict, never a forked chain', async () => {
    const { store, file } = openStore();
    const other = new SqliteEventStore(file);
    const stream = `${freshCategory()}-1`;
    await store.append(stream, [newEvent('FeePaid')], 'no_stream');
    await other.append(stream, [newEvent('FeePaid')], 0);
    await expect(store.append(stream, [newEvent('FeePaid')], 0)).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', actual: 1 });
    await expect(store.append(stream, [newEvent('FeePaid')], 'any')).resolves.toMatchObject({ nextRevision: 2 });
    expect((await other.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
    await other.close();
    await store.close();
  });

  it('recognises a retry of an append made through another connection, with an expected revision or any', async () => {
    const { store, file } = openStore();
    const other = new SqliteEventStore(file);
    const stream = `${freshCategory()}-1`;
    await store.append(stream, [newEvent('FeePaid')], 'any');
    const retried = [newEvent('FeePaid'), newEvent('FeePaid')];
    const first = await other.append(stream, retried, 0);
    // `store` knew revision 0 as the head and every id of the stream: both are refreshed.
    expect(await store.append(stream, retried, 0)).toEqual(first);
    expect(await store.append(stream, retried, 'any')).toEqual(first);
    const later = newEvent('FeePaid');
    const again = await other.append(stream, [later], 'any');
    expect(await store.append(stream, [later], 'any')).toEqual(again);
    await expect(store.append(stream, [newEvent('FeePaid')], 'any')).resolves.toMatchObject({ nextRevision: 4 });
    await expect(store.readStream(stream)).resolves.toHaveLength(5);
    await other.close();
    await store.close();
  });

  it('reads a long stream once for its ids, not on every append with any revision', async () => {
    const store = new SqliteEventStore(path.join(tempDir(), 'events.sqlite'), { durability: 'normal' });
    const stream = `sequence-${freshCategory()}`;
    for (let i = 0; i < 10; i++) await store.append(stream, Array.from({ length: 1000 }, () => newEvent('NumberAllocated')), i === 0 ? 'no_stream' : i * 1000 - 1);
    const time = async (expected: () => number | 'any') => {
      const started = performance.now();
      for (let i = 0; i < 50; i++) await store.append(stream, [newEvent('NumberAllocated')], expected());
      return performance.now() - started;
    };
    const withRevision = await time(() => 9999 + (store.stats().appends - 10));
    const withAny = await time(() => 'any');
    expect((await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0]!.revision).toBe(10099);
    // Reading the stream's 10,000 rows on every append would take far longer than appending.
    expect(withAny).toBeLessThan(withRevision * 2 + 30);
    await store.close();
  });

  it('leaves nothing of an append that fails half-way, and commits the appends sent with it', async () => {
    const { store, file } = openStore();
    const category = freshCategory();
    await store.append(`${category}-1`, [newEvent('FeePaid')], 'no_stream');
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON events WHEN json_extract(NEW.data, '$.refuse')
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    raw.close();

    const [halfWay, single, fine] = await Promise.allSettled([
      store.append(`${category}-1`, [newEvent('FeePaid'), newEvent('FeePaid', { refuse: true })], 0),
      store.append(`${category}-2`, [newEvent('FeePaid', { refuse: true })], 'no_stream'),
      store.append(`${category}-3`, [newEvent('FeePaid'), newEvent('FeePaid')], 'no_stream'),
    ]);
    expect(halfWay).toMatchObject({ status: 'rejected', reason: { message: 'refused by the test' } });
    expect(single).toMatchObject({ status: 'rejected', reason: { message: 'refused by the test' } });
    expect(fine).toMatchObject({ status: 'fulfilled', value: { nextRevision: 1 } });
    expect((await store.readStream(`${category}-1`)).map((e) => e.revision)).toEqual([0]);
    expect(await store.readStream(`${category}-2`)).toEqual([]);
    expect((await store.readStream(`${category}-3`)).map((e) => e.revision)).toEqual([0, 1]);
    await expect(store.append(`${category}-1`, [newEvent('FeePaid')], 0)).resolves.toMatchObject({ nextRevision: 1 });
    await store.close();
  });

  it('fails every append of a commit that SQLite rolled back whole, and writes none of them', async () => {
    const { store, file } = openStore();
    const category = freshCategory();
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER give_up BEFORE INSERT ON events WHEN json_extract(NEW.data, '$.giveUp')
      BEGIN SELECT RAISE(ROLLBACK, 'transaction rolled back by the test'); END`);
    raw.close();
    const results = await Promise.allSettled([
      store.append(`${category}-1`, [newEvent('FeePaid')], 'no_stream'),
      store.append(`${category}-2`, [newEvent('FeePaid', { giveUp: true })], 'no_stream'),
      store.append(`${category}-3`, [newEvent('FeePaid')], 'no_stream'),
      store.append(`${category}-4`, [newEvent('FeePaid'), newEvent('FeePaid')], 'no_stream'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(await store.readAll({ categories: [category] })).toEqual([]);
    await expect(store.append(`${category}-3`, [newEvent('FeePaid')], 'no_stream')).resolves.toMatchObject({ nextRevision: 0 });
    await store.close();
  });

  it('commits appends still queued when the store is closed', async () => {
    const { store, file } = openStore();
    const stream = `${freshCategory()}-1`;
    const pending = store.append(stream, [newEvent('FeePaid')], 'no_stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextRevision: 0 });
    const reopened = new SqliteEventStore(file);
    expect(await reopened.readStream(stream)).toHaveLength(1);
    await reopened.close();
  });

  it('keeps every acknowledged event when the process is killed mid-write', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.sqlite');
    const script = path.join(dir, 'writer.mjs');
    const storeModule = path.join(root, 'infrastructure/event-store/sqlite-event-store.ts');
    fs.writeFileSync(
      script,
      `import { writeSync } from 'node:fs';
       import { randomUUID } from 'node:crypto';
       const { SqliteEventStore } = await import(${JSON.stringify(storeModule)});
       const store = new SqliteEventStore(${JSON.stringify(file)});
       const revisions = [-1, -1, -1, -1];
       for (;;) {
         await Promise.all(revisions.map(async (revision, w) => {
           const event = { id: randomUUID(), type: 'TicketUpdated', data: { w, revision } };
           await store.append('ticket-' + w, [event], revision < 0 ? 'no_stream' : revision);
           revisions[w] = revision + 1;
           writeSync(1, event.id + '\\n');
         }));
       }`,
    );
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', script], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let buffered = '';
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        acknowledged.push(...lines);
        if (acknowledged.length >= 400) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
    });
    await exited;

    const store = new SqliteEventStore(file);
    const stored = new Set((await store.readAll()).map((e) => e.id));
    for (const id of acknowledged) expect(stored.has(id)).toBe(true);
    for (let w = 0; w < 4; w++) await expect(store.readStream(`ticket-${w}`)).resolves.not.toHaveLength(0);
    await store.close();
  });

  it('says which path it cannot open when the data directory is a file', async () => {
    const blocker = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(blocker, 'x');
    const file = path.join(blocker, 'events.sqlite');
    expect(() => new SqliteEventStore(file)).toThrow(StoreUnavailableError);
    expect(() => new SqliteEventStore(file)).toThrow(file);
    await expect(openEventStore({ dataDir: blocker })).rejects.toThrow(StoreUnavailableError);
    await expect(openEventStore({ dataDir: blocker })).rejects.toThrow(blocker);
  });

  it('stores events in one file under the data directory', async () => {
    const dir = tempDir();
    const store = await openEventStore({ dataDir: path.join(dir, 'nested', 'data') });
    await store.append(`${freshCategory()}-${randomUUID()}`, [newEvent('FeePaid')], 'no_stream');
    await store.close();
    expect(fs.existsSync(path.join(dir, 'nested', 'data', 'events.sqlite'))).toBe(true);
  });
});

describe('hash chain over the written JSON', () => {
  const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

  it('verifies an event read back as objects, whatever JSON it carries (as a store of objects reads it)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), fc.dictionary(fc.string(), fc.jsonValue()), (data, metadata) => {
        const event = { id: randomUUID(), streamId: 'case-1', revision: 3, type: 'CaseAccepted' };
        const chained = chainEvent({ ...event, data, metadata }, 'a'.repeat(64));
        expect(hashEvent({ ...event, data: roundTrip(data), metadata: roundTrip(chained.metadata) })).toBe(chained.hash);
        // The SQLite store's text-only chaining writes the same text and hash: the caller's metadata, links replaced.
        const { hash: _hash, prevHash: _prevHash, ...caller } = metadata;
        expect(chained.metadataJson).toBe(JSON.stringify({ ...caller, prevHash: 'a'.repeat(64) }));
        expect(chainText({ ...event, data, metadata }, 'a'.repeat(64))).toEqual({ dataJson: chained.dataJson, metadataJson: chained.metadataJson, hash: chained.hash });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a metadata key named __proto__ as data, as JSON has it', () => {
    const metadata = JSON.parse('{"actorId":"u1","__proto__":{"x":1},"hash":"forged"}') as Record<string, unknown>;
    const event = { id: randomUUID(), streamId: 'case-1', revision: 0, type: 'CaseAccepted', data: {}, metadata };
    expect(chainText(event, GENESIS_HASH).metadataJson).toBe(`{"actorId":"u1","__proto__":{"x":1},"prevHash":"${GENESIS_HASH}"}`);
    expect(chainEvent(event, GENESIS_HASH).metadataJson).toBe(chainText(event, GENESIS_HASH).metadataJson);
  });

  it('replaces the chain links a caller sends with its own', () => {
    const event = { id: randomUUID(), streamId: 'case-1', revision: 0, type: 'CaseAccepted', data: {} };
    const chained = chainEvent({ ...event, metadata: { prevHash: 'forged', hash: 'forged', actorId: 'u1' } }, GENESIS_HASH);
    expect(chained.metadata).toEqual({ actorId: 'u1', prevHash: GENESIS_HASH, hash: chained.hash });
    expect(chained.metadataJson).not.toContain('forged');
  });

  it('changes when any part of the event changes', () => {
    const event = { id: randomUUID(), streamId: 'case-1', revision: 1, type: 'FeePaid', data: { amount: 100 }, metadata: { actorId: 'u1' } };
    const base = chainEvent(event, 'a'.repeat(64)).hash;
    expect(chainEvent({ ...event, data: { amount: 101 } }, 'a'.repeat(64)).hash).not.toBe(base);
    expect(chainEvent({ ...event, revision: 2 }, 'a'.repeat(64)).hash).not.toBe(base);
    expect(chainEvent({ ...event, metadata: { actorId: 'u2' } }, 'a'.repeat(64)).hash).not.toBe(base);
    expect(chainEvent(event, 'b'.repeat(64)).hash).not.toBe(base);
  });
});
