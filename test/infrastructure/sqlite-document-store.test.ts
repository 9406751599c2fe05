import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Filter, FindOptions, WriteOp } from '../../application/ports/document-store.js';
import { openDocumentStore } from '../../infrastructure/document-store/index.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { documentStoreContract } from '../contract/document-store.contract.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-docstore-'));
let files = 0;
const newFile = () => path.join(root, `views-${files++}.sqlite`);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

documentStoreContract('SQLite', async () => new SqliteDocumentStore(newFile()));

describe('SQLite document store', () => {
  let file: string;
  let store: SqliteDocumentStore;
  beforeEach(() => {
    file = newFile();
    store = new SqliteDocumentStore(file);
  });
  afterEach(() => store.close());

  describe('queries on indexed fields are answered by SQLite indexes', () => {
    beforeEach(async () => {
      await store.ensureIndexes('cases', [
        { fields: ['status'] },
        { fields: ['dueAt'] },
        { fields: ['dept.code', 'receivedAt'] },
        { fields: ['urgent'] },
        { fields: ['caseNo'], unique: true },
      ]);
      await store.write(Array.from({ length: 200 }, (_, i) => ({
        op: 'upsert' as const, collection: 'cases', id: `c${i}`, position: i + 1,
        doc: { caseNo: `N${i}`, status: i % 3 ? 'open' : 'closed', dueAt: `2026-0${1 + (i % 9)}-10`, dept: { code: `d${i % 5}` }, receivedAt: i, urgent: i % 7 === 0, note: `n${i}` },
      })));
    });

    const plan = async (filter: Filter, options: FindOptions = {}) => (await store.explain('cases', filter, options)).join('\n');
    // One of our JSON-path indexes; a scan of the table or of its id index would read every document.
    const jsonIndex = /(SEARCH|SCAN) c_cases USING (COVERING )?INDEX kx_cases/;
    const fullScan = /^SCAN c_cases( USING INDEX sqlite_autoindex\S*)?$/m;

    // [rule, filter, options, whether the index also gives the order, so no matching rows are sorted]
    const indexed: [rule: string, filter: Filter, options: FindOptions, ordered: boolean][] = [
      ['equality', { status: 'open' }, {}, true],
      ['equality on a boolean', { urgent: true }, {}, true],
      ['a unique field', { caseNo: 'N17' }, {}, true],
      ['$in', { status: { $in: ['open', 'suspended'] } }, {}, false],
      ['a range', { dueAt: { $gte: '2026-03-01', $lt: '2026-04-01' } }, {}, false],
      ['a range, sorted on the same field', { dueAt: { $gte: '2026-03-01' } }, { sort: { dueAt: -1 } }, true],
      ['a dotted path, the first field of a compound index', { 'dept.code': 'd2' }, {}, false],
      ['a sort with no filter', {}, { sort: { dueAt: 1 } }, true],
      ['a descending sort', {}, { sort: { dueAt: -1 } }, true],
      ['equality then sort on a compound index', { 'dept.code': 'd1' }, { sort: { receivedAt: -1 } }, true],
    ];
    it.each(indexed)('a find by %s uses an index, not a full scan', async (_rule, filter, options, ordered) => {
      const text = await plan(filter, options);
      expect(text).toMatch(jsonIndex);
      expect(text).not.toMatch(fullScan);
      if (ordered) expect(text).not.toMatch(/TEMP B-TREE/);
    });

    it('the next page seeks into the sort index instead of starting over', async () => {
      const first = await store.find('cases', {}, { sort: { dueAt: 1 }, limit: 10 });
      const text = await plan({}, { sort: { dueAt: 1 }, after: first.next });
      expect(text).toMatch(/SEARCH c_cases USING INDEX kx_cases\(dueAt\) \(k:dueAt>\?\)/);
      expect(text).not.toMatch(/TEMP B-TREE/);
    });

    it('a field without an index is scanned (the plan check can tell)', async () => {
      const text = await plan({ note: 'n5' });
      expect(text).toMatch(fullScan);
      expect(text).not.toMatch(jsonIndex);
    });
  });

  describe('one write is one transaction', () => {
    it('a write whose op throws leaves neither its other ops nor its checkpoint', async () => {
      await store.write([{ op: 'upsert', collection: 'cases', id: 'c1', doc: { status: 'open', count: 'x' }, position: 1 }], { name: 'cases', position: 1 });
      const failing = store.write([
        { op: 'upsert', collection: 'cases', id: 'c2', doc: { status: 'open' }, position: 2 },
        { op: 'upsert', collection: 'other', id: 'o1', doc: {}, position: 3 },
        { op: 'patch', collection: 'cases', id: 'c1', set: { status: 'closed' }, position: 4 },
        { op: 'patch', collection: 'cases', id: 'c1', inc: { count: 1 }, position: 5 },
      ], { name: 'cases', position: 5 });
      await expect(failing).rejects.toThrow(/non-numeric/);
      expect(await store.get('cases', 'c2')).toBeUndefined();
      expect(await store.get('other', 'o1')).toBeUndefined();
      expect(await store.get('cases', 'c1')).toMatchObject({ _pos: 1, status: 'open' });
      expect(await store.checkpoint('cases')).toBe(1);
    });

    it('a unique index violation rolls back the earlier ops of the batch', async () => {
      await store.ensureIndexes('accounts', [{ fields: ['login'], unique: true }]);
      await store.write([{ op: 'upsert', collection: 'accounts', id: 'a1', doc: { login: 'w01' }, position: 1 }]);
      await expect(store.write([
        { op: 'upsert', collection: 'accounts', id: 'a2', doc: { login: 'w02' }, position: 2 },
        { op: 'upsert', collection: 'accounts', id: 'a3', doc: { login: 'w01' }, position: 3 },
      ], { name: 'accounts', position: 3 })).rejects.toThrow(/UNIQUE/);
      expect(await store.count('accounts')).toBe(1);
      expect(await store.checkpoint('accounts')).toBeUndefined();
    });
  });

  describe('a patch means the same whether SQLite or JS applies it', () => {
    // A document touched once in a batch is patched by SQLite's JSON functions; one touched
    // several times is read into JS. An older delete (position 0, always ignored) forces the JS way.
    const key = fc.constantFrom('a', 'b', 'n', '名 称');
    const path = fc.oneof(key, fc.tuple(key, key).map(([x, y]) => `${x}.${y}`));
    const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null));
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(key, scalar, { maxKeys: 2 }));
    const doc = fc.dictionary(key, fc.oneof(value, fc.dictionary(key, value, { maxKeys: 3 })), { maxKeys: 4 });
    const change = fc.record({
      set: fc.dictionary(path, value, { maxKeys: 2 }),
      unset: fc.array(path, { maxLength: 2 }),
      inc: fc.dictionary(path, fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -2, max: 2, noNaN: true })), { maxKeys: 2 }),
      push: fc.dictionary(path, fc.oneof(value, fc.record({ $each: fc.array(scalar, { maxLength: 2 }) })), { maxKeys: 2 }),
      upsert: fc.boolean(),
    }, { requiredKeys: [] });
    const outcome = (p: Promise<unknown>) => p.then(() => 'applied', (e: Error) => `refused: ${e.message}`);

    // Indexed paths have key columns, which both ways keep equal to what json_extract reads.
    const indexedPaths = ['a', 'n', 'a.b', 'b.n'];
    const staleKeys = (db: Database.Database, collection: string, id: string) =>
      db.prepare(`SELECT count(*) FROM c_${collection} WHERE id = ? AND (${indexedPaths.map((p) => `"k:${p}" IS NOT json_extract(doc, '$.${p}')`).join(' OR ')})`).pluck().get(id);

    it('for any document and any patch, keeping the key columns of indexed paths', async () => {
      for (const c of ['once', 'js']) await store.ensureIndexes(c, indexedPaths.map((p) => ({ fields: [p] })));
      const reader = new Database(file, { readonly: true });
      let n = 0;
      await fc.assert(fc.asyncProperty(fc.option(doc, { nil: undefined }), change, async (start, patch) => {
        const id = `d${n++}`;
        if (start) await store.write(['once', 'js'].map((c) => ({ op: 'upsert' as const, collection: c, id, doc: start, position: 1 })));
        const op = (collection: string): WriteOp & { position: number } => ({ op: 'patch', collection, id, position: 2, ...patch });
        const once = await outcome(store.write([op('once')]));
        const js = await outcome(store.write([{ op: 'delete', collection: 'js', id, position: 0 }, op('js')]));
        expect(js).toBe(once);
        const [a, b] = await Promise.all([store.get('once', id), store.get('js', id)]);
        expect(a).toEqual(b);
        expect(staleKeys(reader, 'once', id)).toBe(0);
        expect(staleKeys(reader, 'js', id)).toBe(0);
      }), { numRuns: 300 });
      reader.close();
    });
  });

  it('documents with equal sort values come in the order they were first written', async () => {
    await store.write(['z', 'a', 'm'].map((id, i) => ({ op: 'upsert' as const, collection: 'queue', id, doc: { level: 1 }, position: i + 1 })));
    await store.write([{ op: 'upsert', collection: 'queue', id: 'z', doc: { level: 1, again: true }, position: 9 }]);
    expect((await store.find('queue', {}, { sort: { level: 1 } })).items.map((d) => d._id)).toEqual(['z', 'a', 'm']);
    expect((await store.find('queue')).items.map((d) => d._id)).toEqual(['z', 'a', 'm']);
    expect((await store.find('queue', {}, { sort: { _id: 1 } })).items.map((d) => d._id)).toEqual(['a', 'm', 'z']);
  });

  it('patches whose paths hold the separators of patch shapes are told apart', async () => {
    // Written as shapes, both are "a␁b␁c␁" sets: one must not take the other's compiled SQL or checks.
    const first = { 'a\u0001b': 1, c: 2 };
    const second = { a: 3, 'b\u0001c': 4 };
    await store.write(['x', 'y'].map((id, i) => ({ op: 'upsert' as const, collection: 'odd', id, doc: {}, position: i + 1 })));
    await store.write([{ op: 'patch', collection: 'odd', id: 'x', set: first, position: 3 }]);
    await store.write([{ op: 'patch', collection: 'odd', id: 'y', set: second, position: 4 }]);
    expect(await store.get('odd', 'x')).toEqual({ _id: 'x', _pos: 3, ...first });
    expect(await store.get('odd', 'y')).toEqual({ _id: 'y', _pos: 4, ...second });
    await expect(store.write([{ op: 'patch', collection: 'odd', id: 'x', set: { 'a\u0001_id': 1 }, position: 5 }])).resolves.toBeUndefined();
    await expect(store.write([{ op: 'patch', collection: 'odd', id: 'x', set: { a: 1, _id: 2 }, position: 6 }])).rejects.toThrow(/cannot change _id/);
  });

  it('a key column holds what json_extract reads, whole numbers past 2^53 too', async () => {
    await store.ensureIndexes('odd', [{ fields: ['v'] }]);
    const values = [36995107525806970, -(2 ** 63), 2 ** 63, 1e21, 0.1, -0, 2 ** 53 + 2, true, false, null, 'x', { a: [1, '二'] }, [], Number.NaN];
    // Upserted (SQL once), and set by a patch SQLite applies and by one JS applies.
    await store.write(values.map((v, i) => ({ op: 'upsert' as const, collection: 'odd', id: `u${i}`, doc: { v }, position: 1 })));
    await store.write(values.map((_, i) => ({ op: 'upsert' as const, collection: 'odd', id: `p${i}`, doc: {}, position: 1 })));
    await store.write(values.map((v, i) => ({ op: 'patch' as const, collection: 'odd', id: `p${i}`, set: { v }, position: 2 })));
    await store.write(values.flatMap((v, i) => [
      { op: 'upsert' as const, collection: 'odd', id: `j${i}`, doc: {}, position: 3 },
      { op: 'patch' as const, collection: 'odd', id: `j${i}`, set: { v }, position: 4 },
    ]));
    const db = new Database(file, { readonly: true });
    const rows = db.prepare(`SELECT id FROM c_odd WHERE "k:v" IS NOT json_extract(doc, '$.v')`).pluck().all();
    db.close();
    expect(rows).toEqual([]);
    expect((await store.find('odd', { v: 'x' })).items.map((d) => d._id).sort()).toEqual([`j10`, 'p10', 'u10']);
  });

  it('an index declared over stored documents covers them, and replaces an index of an earlier version', async () => {
    await store.write([
      { op: 'upsert', collection: 'cases', id: 'c1', doc: { status: 'open', urgent: true, dept: { code: 'd1' } }, position: 1 },
      { op: 'upsert', collection: 'cases', id: 'c2', doc: { status: 'closed', urgent: 1 }, position: 2 },
    ]);
    await store.close();
    // Earlier versions indexed JSON expressions.
    const db = new Database(file);
    db.exec(`CREATE INDEX "ix_cases(status)" ON c_cases (json_extract(doc,'$.status'))`);
    db.close();
    store = new SqliteDocumentStore(file);
    await store.ensureIndexes('cases', [{ fields: ['status'] }, { fields: ['urgent'] }, { fields: ['dept.code'] }]);
    expect((await store.find('cases', { status: 'open' })).items.map((d) => d._id)).toEqual(['c1']);
    expect((await store.find('cases', { urgent: true })).items.map((d) => d._id)).toEqual(['c1']);
    expect((await store.find('cases', { urgent: 1 })).items.map((d) => d._id)).toEqual(['c2']);
    expect((await store.find('cases', { 'dept.code': 'd1' })).items.map((d) => d._id)).toEqual(['c1']);
    expect((await store.explain('cases', { status: 'open' })).join('\n')).toMatch(/USING INDEX kx_cases\(status\)/);
    const check = new Database(file, { readonly: true });
    const indexes = check.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'c_cases'`).pluck().all();
    check.close();
    expect(indexes).not.toContain('ix_cases(status)');
  });

  it('views and checkpoints survive closing and reopening the file', async () => {
    await store.write([{ op: 'upsert', collection: 'cases', id: 'c1', doc: { title: '不动产登记' }, position: 9 }], { name: 'cases', position: 9 });
    await store.close();
    store = new SqliteDocumentStore(file);
    expect(await store.get('cases', 'c1')).toEqual({ _id: 'c1', _pos: 9, title: '不动产登记' });
    expect(await store.checkpoint('cases')).toBe(9);
  });

  it('openDocumentStore without a MongoDB URL opens views.sqlite in the data directory, creating it', async () => {
    const dataDir = path.join(root, 'data', 'nested');
    const opened = await openDocumentStore({ dataDir });
    await opened.write([{ op: 'upsert', collection: 'cases', id: 'c1', doc: {}, position: 1 }]);
    await opened.close();
    expect(fs.existsSync(path.join(dataDir, 'views.sqlite'))).toBe(true);
  });
});
