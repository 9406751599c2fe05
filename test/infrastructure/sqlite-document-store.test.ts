import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Filter, FindOptions } from '../../application/ports/document-store.js';
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
    const bareScan = /^SCAN \S+$/m;

    const indexed: [rule: string, filter: Filter, options?: FindOptions][] = [
      ['equality', { status: 'open' }],
      ['equality on a boolean', { urgent: true }],
      ['$in', { status: { $in: ['open', 'suspended'] } }],
      ['a range', { dueAt: { $gte: '2026-03-01', $lt: '2026-04-01' } }],
      ['a dotted path, the first field of a compound index', { 'dept.code': 'd2' }],
      ['a unique field', { caseNo: 'N17' }],
      ['a sort with no filter', {}, { sort: { dueAt: 1 } }],
      ['a descending sort', {}, { sort: { dueAt: -1 } }],
      ['equality then sort on a compound index', { 'dept.code': 'd1' }, { sort: { receivedAt: -1 } }],
    ];
    it.each(indexed)('a find by %s uses an index, not a full scan', async (_rule, filter, options) => {
      const text = await plan(filter, options);
      expect(text).toMatch(/USING (COVERING )?INDEX/);
      expect(text).not.toMatch(bareScan);
      if (options?.sort) expect(text).not.toMatch(/TEMP B-TREE/);
    });

    it('the next page seeks into the sort index instead of starting over', async () => {
      const first = await store.find('cases', {}, { sort: { dueAt: 1 }, limit: 10 });
      const text = await plan({}, { sort: { dueAt: 1 }, after: first.next });
      expect(text).toMatch(/SEARCH \S+ USING INDEX .*<expr>>\?/);
      expect(text).not.toMatch(/TEMP B-TREE/);
    });

    it('a field without an index is scanned (the plan check can tell)', async () => {
      expect(await plan({ note: 'n5' })).toMatch(bareScan);
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
