/**
 * The embedded document store with its writer thread (large write batches are executed there):
 * the same documents as writing in place, in call order, a checkpoint never past a batch that
 * failed, and refusals reported as before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { WriteOp } from '../../application/ports/document-store.js';
import { DocumentStoreError } from '../../infrastructure/document-store/common.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';

type Op = WriteOp & { position: number };

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function open(writerThread: boolean): SqliteDocumentStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docstore-writer-'));
  dirs.push(dir);
  return new SqliteDocumentStore(path.join(dir, 'views.sqlite'), { writerThread });
}

async function everything(store: SqliteDocumentStore, collection: string): Promise<unknown[]> {
  const all: unknown[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.find(collection, {}, { sort: { _id: 1 }, limit: 1000, ...(after ? { after } : {}) });
    all.push(...page.items);
    if (!page.next) return all;
    after = page.next;
  }
}

/** 600 ops over 40 documents: enough for the writer thread, and several ops per document. */
const batch = (start: number) =>
  fc.array(
    fc.record({
      kind: fc.constantFrom('upsert', 'patch', 'patch', 'patch', 'delete'),
      doc: fc.integer({ min: 0, max: 39 }),
      n: fc.integer({ min: -5, max: 5 }),
      back: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 600, maxLength: 600 },
  ).map((specs) =>
    specs.map(({ kind, doc, n, back }, i): Op => {
      // Now and then an op older than the ones before it (a replay), which must be ignored.
      const position = start + i - back * 100;
      const id = `d${doc}`;
      if (kind === 'upsert') return { op: 'upsert', collection: 'docs', id, doc: { n, tags: ['new'], nested: { k: n } }, position };
      if (kind === 'delete') return { op: 'delete', collection: 'docs', id, position };
      return n % 2 === 0
        ? { op: 'patch', collection: 'docs', id, inc: { n: 1 }, push: { tags: `t${n}` }, set: { 'nested.k': n }, upsert: true, position }
        : { op: 'patch', collection: 'docs', id, set: { last: n, nested: { k: n } }, unset: ['tags'], position };
    }),
  );

describe('SQLite document store with its writer thread', () => {
  it('writes the same documents as writing in place', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(batch(1000), batch(2000), batch(3000)), async (batches) => {
        const [threaded, inPlace] = [open(true), open(false)];
        const outcomes = async (store: SqliteDocumentStore) => {
          // Handed over together, as a catch-up does: each before the last is written.
          const results = await Promise.allSettled(batches.map((ops, i) => store.write(ops, { name: 'p', position: (i + 1) * 1000 })));
          return results.map((r) => r.status);
        };
        expect(await outcomes(threaded)).toEqual(await outcomes(inPlace));
        expect(await everything(threaded, 'docs')).toEqual(await everything(inPlace, 'docs'));
        expect(await threaded.checkpoint('p')).toBe(await inPlace.checkpoint('p'));
        await Promise.all([threaded.close(), inPlace.close()]);
      }),
      { numRuns: 15 },
    );
  });

  it('applies writes in the order they were called, small ones and large ones', async () => {
    const store = open(true);
    const large = (position: number): Op[] =>
      Array.from({ length: 600 }, (_, i): Op => ({ op: 'patch', collection: 'counts', id: `c${i % 3}`, inc: { n: 1 }, upsert: true, position: position + i }));
    const writes = [
      store.write(large(1000)),
      store.write([{ op: 'patch', collection: 'counts', id: 'c0', inc: { n: 1000 }, position: 2000 }]),
      store.write(large(3000)),
      store.write([{ op: 'upsert', collection: 'counts', id: 'c1', doc: { n: -1 }, position: 4000 }]),
    ];
    await Promise.all(writes);
    expect(await store.get('counts', 'c0')).toEqual({ _id: 'c0', _pos: 3597, n: 1400 });
    expect(await store.get('counts', 'c1')).toEqual({ _id: 'c1', _pos: 4000, n: -1 });
    expect(await store.get('counts', 'c2')).toEqual({ _id: 'c2', _pos: 3599, n: 400 });
    await store.close();
  });

  it('refuses the batches handed over after one that failed with the same checkpoint, which stays put', async () => {
    const store = open(true);
    const ops = (position: number, bad = false): Op[] => [
      // The bad batch leaves s0 to its one bad op: a patch SQL can express, refused on the writer thread.
      ...Array.from({ length: 600 }, (_, i): Op => ({ op: 'patch', collection: 'stats', id: `s${bad ? i + 1 : i}`, inc: { n: 1 }, upsert: true, position: position + i })),
      ...(bad ? [{ op: 'patch', collection: 'stats', id: 's0', push: { n: 1 }, position: position + 600 } satisfies Op] : []),
    ];
    await store.write(ops(1000), { name: 'stats', position: 1599 });
    const results = await Promise.allSettled([
      store.write(ops(2000, true), { name: 'stats', position: 2600 }), // $push to a number: refused by its SQL
      store.write(ops(3000), { name: 'stats', position: 3599 }),
      store.write(ops(4000), { name: 'other', position: 4599 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(DocumentStoreError);
    expect((results[0] as PromiseRejectedResult).reason.message).toMatch(/cannot \$push/);
    expect(await store.checkpoint('stats')).toBe(1599);
    expect(await store.get('stats', 's1')).toMatchObject({ _pos: 4001, n: 2 });
    // Once the failure is known, the projection can go on (here: from its checkpoint).
    await store.write(ops(2000), { name: 'stats', position: 2599 });
    expect(await store.checkpoint('stats')).toBe(2599);
    await store.close();
  });

  it('finishes the writes asked for before it closes', async () => {
    const store = open(true);
    const written = store.write(Array.from({ length: 600 }, (_, i): Op => ({ op: 'upsert', collection: 'late', id: `l${i}`, doc: { i }, position: i + 1 })));
    await store.close();
    await written;
    const file = dirs.at(-1)!;
    const reopened = new SqliteDocumentStore(path.join(file, 'views.sqlite'));
    expect(await reopened.count('late')).toBe(600);
    await reopened.close();
  });
});
