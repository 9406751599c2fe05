/**
 * The one contract every DocumentStore adapter passes. Collection and checkpoint names carry a
 * random suffix and are dropped after each test, because a server store is shared.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentStore, Filter, FindOptions, StoredDocument, WriteOp } from '../../application/ports/document-store.js';

type Op = WriteOp & { readonly position: number };
type Doc = Record<string, unknown>;

const upsert = (collection: string, id: string, doc: Doc, position: number): Op => ({ op: 'upsert', collection, id, doc, position });
const patch = (collection: string, id: string, position: number, change: Omit<Extract<WriteOp, { op: 'patch' }>, 'op' | 'collection' | 'id'>): Op =>
  ({ op: 'patch', collection, id, position, ...change });
const remove = (collection: string, id: string, position: number): Op => ({ op: 'delete', collection, id, position });

const ids = (docs: readonly { _id: string }[]) => docs.map((d) => d._id);

export function documentStoreContract(name: string, open: () => Promise<DocumentStore>): void {
  describe(`${name}: document store contract`, () => {
    const run = randomBytes(4).toString('hex');
    let counter = 0;
    let store: DocumentStore;
    let collections: string[] = [];
    let checkpoints: string[] = [];

    const collection = (base: string) => {
      const c = `${base}_${run}_${counter++}`;
      collections.push(c);
      return c;
    };
    const checkpointName = (base: string) => {
      const c = `${base}-${run}-${counter++}`;
      checkpoints.push(c);
      return c;
    };
    /** Every page of a find, following `next` until the last page. */
    const allPages = async (c: string, filter: Filter, options: FindOptions) => {
      const seen: StoredDocument[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await store.find(c, filter, { ...options, after });
        seen.push(...page.items);
        after = page.next;
        if (++pages > 1000) throw new Error('paging does not end');
      } while (after);
      return { seen, pages };
    };

    beforeEach(async () => {
      store = await open();
      collections = [];
      checkpoints = [];
    });
    afterEach(async () => {
      await store.drop(collections, checkpoints);
      await store.close();
    });

    describe('writes guarded by event position', () => {
      it('a newer upsert replaces the whole document; an older or equal one is ignored', async () => {
        const c = collection('cases');
        await store.write([upsert(c, 'c1', { status: 'accepted', officer: 'w01' }, 5)]);
        await store.write([upsert(c, 'c1', { status: 'submitted' }, 3), upsert(c, 'c1', { status: 'replayed' }, 5)]);
        expect(await store.get(c, 'c1')).toEqual({ _id: 'c1', _pos: 5, status: 'accepted', officer: 'w01' });
        await store.write([upsert(c, 'c1', { status: 'approved' }, 7)]);
        expect(await store.get(c, 'c1')).toEqual({ _id: 'c1', _pos: 7, status: 'approved' });
      });

      it('replaying a batch of events changes nothing', async () => {
        const c = collection('counters');
        const batch = [
          upsert(c, 'hall', { served: 0 }, 1),
          patch(c, 'hall', 2, { inc: { served: 1 } }),
          patch(c, 'hall', 3, { inc: { served: 1 }, push: { log: 'called A001' } }),
        ];
        await store.write(batch);
        await store.write(batch);
        await store.write(batch.slice(1));
        expect(await store.get(c, 'hall')).toEqual({ _id: 'hall', _pos: 3, served: 2, log: ['called A001'] });
      });

      it('a delete removes the document only when it is newer than the document', async () => {
        const c = collection('tickets');
        await store.write([upsert(c, 't1', { open: true }, 10)]);
        await store.write([remove(c, 't1', 9)]);
        expect(await store.get(c, 't1')).toMatchObject({ _pos: 10, open: true });
        await store.write([remove(c, 't1', 11), remove(c, 'never-existed', 12)]);
        expect(await store.get(c, 't1')).toBeUndefined();
        expect(await store.count(c)).toBe(0);
      });

      it('a patch of a missing document does nothing unless it asks to upsert', async () => {
        const c = collection('items');
        await store.write([patch(c, 'i1', 1, { set: { title: 'x' } })]);
        expect(await store.get(c, 'i1')).toBeUndefined();
        await store.write([patch(c, 'i1', 2, { set: { title: '营业执照' }, inc: { views: 1 }, upsert: true })]);
        expect(await store.get(c, 'i1')).toEqual({ _id: 'i1', _pos: 2, title: '营业执照', views: 1 });
        await store.write([patch(c, 'i1', 2, { inc: { views: 1 }, upsert: true })]);
        expect(await store.get(c, 'i1')).toMatchObject({ views: 1 });
      });

      it('a patch sets, unsets, increments and pushes on dotted paths', async () => {
        const c = collection('cases');
        await store.write([upsert(c, 'c1', { applicant: { type: 'company', score: 1, temp: 'x' }, steps: ['submitted'] }, 1)]);
        await store.write([
          patch(c, 'c1', 2, {
            set: { 'applicant.type': 'person', 'review.by.dept': 'tax' },
            unset: ['applicant.temp', 'not.there'],
            inc: { 'applicant.score': 2, 'stats.calls': 1 },
            push: { steps: 'accepted', 'review.notes': 'ok' },
          }),
          patch(c, 'c1', 3, { inc: { 'applicant.score': 0.5 }, push: { steps: 'approved' } }),
        ]);
        expect(await store.get(c, 'c1')).toEqual({
          _id: 'c1',
          _pos: 3,
          applicant: { type: 'person', score: 3.5 },
          review: { by: { dept: 'tax' }, notes: ['ok'] },
          stats: { calls: 1 },
          steps: ['submitted', 'accepted', 'approved'],
        });
      });

      it('several changes to one document in one batch apply in event order', async () => {
        const c = collection('windows');
        await store.write([
          upsert(c, 'w1', { queue: 0 }, 1),
          patch(c, 'w1', 2, { inc: { queue: 1 }, set: { paused: true } }),
          upsert(c, 'w1', { queue: 10 }, 4),
          patch(c, 'w1', 3, { inc: { queue: 100 } }),
          patch(c, 'w1', 5, { inc: { queue: 1 } }),
          upsert(c, 'w2', { queue: 7 }, 6),
          remove(c, 'w2', 7),
        ]);
        expect(await store.get(c, 'w1')).toEqual({ _id: 'w1', _pos: 5, queue: 11 });
        expect(await store.get(c, 'w2')).toBeUndefined();
      });

      it('the caller’s objects are not changed by later patches in the same batch', async () => {
        const c = collection('cases');
        const doc = { steps: ['submitted'] };
        await store.write([upsert(c, 'c1', doc, 1), patch(c, 'c1', 2, { push: { steps: 'accepted' } })]);
        expect(doc).toEqual({ steps: ['submitted'] });
      });

      it('a patch that does not fit the stored document is refused and changes nothing', async () => {
        const c = collection('cases');
        await store.write([upsert(c, 'c1', { title: '不动产登记', steps: 'submitted', count: 'two', owner: null }, 1)]);
        const refused: Parameters<typeof patch>[3][] = [
          { inc: { count: 1 } },
          { push: { steps: 'accepted' } },
          { set: { 'title.short': 'x' } },
          { inc: { 'owner.calls': 1 } },
        ];
        for (const change of refused) await expect(store.write([patch(c, 'c1', 2, change)])).rejects.toThrow();
        expect(await store.get(c, 'c1')).toEqual({ _id: 'c1', _pos: 1, title: '不动产登记', steps: 'submitted', count: 'two', owner: null });
      });

      it('a patch may not touch a path twice, a path and its parent, or _id and _pos', async () => {
        const c = collection('cases');
        await store.write([upsert(c, 'c1', { a: { b: 1 } }, 1)]);
        await expect(store.write([patch(c, 'c1', 2, { set: { a: {} }, inc: { 'a.b': 1 } })])).rejects.toThrow(/both/);
        await expect(store.write([patch(c, 'c1', 2, { set: { x: 1 }, unset: ['x'] })])).rejects.toThrow(/both/);
        await expect(store.write([patch(c, 'c1', 2, { unset: ['x', 'y', 'x'] })])).rejects.toThrow(/both/);
        await expect(store.write([patch(c, 'c1', 2, { inc: { n: 1 }, push: { n: 2 } })])).rejects.toThrow(/both/);
        await expect(store.write([patch(c, 'c1', 2, { set: { list: [] }, push: { list: 2 } })])).rejects.toThrow(/both/);
        await expect(store.write([patch(c, 'c1', 2, { unset: ['n'], inc: { n: 1 } })])).rejects.toThrow(/both/);
        await expect(store.write([patch(c, 'c1', 2, { set: { _pos: 99 } })])).rejects.toThrow(/_pos/);
        await expect(store.write([patch(c, 'c1', 2, { set: { '$where': 1 } })])).rejects.toThrow(/invalid patch path/);
        await expect(store.write([patch(c, 'c1', 2, { inc: { n: Number.NaN } })])).rejects.toThrow(/number/);
        expect(await store.get(c, 'c1')).toEqual({ _id: 'c1', _pos: 1, a: { b: 1 } });
      });

      it('an invalid collection name is refused', async () => {
        await expect(store.write([upsert('Bad-Name', 'x', {}, 1)])).rejects.toThrow(/collection/);
        await expect(store.get('1cases', 'x')).rejects.toThrow(/collection/);
      });

      it('reading what was never written gives nothing, not an error', async () => {
        const c = collection('empty');
        expect(await store.get(c, 'nobody')).toBeUndefined();
        expect(await store.find(c)).toEqual({ items: [] });
        expect(await store.count(c, { a: 1 })).toBe(0);
      });
    });

    describe('filters', () => {
      let c: string;
      beforeEach(async () => {
        c = collection('people');
        await store.write([
          upsert(c, 'd1', { name: 'Alice', age: 30, active: true, dept: { code: 'TAX', floor: 2 }, note: null }, 1),
          upsert(c, 'd2', { name: 'bob', age: 25, active: false, dept: { code: 'land', floor: 3 } }, 2),
          upsert(c, 'd3', { name: 'Carol', age: 41, active: true, dept: { code: 'tax' }, note: 'vip' }, 3),
          upsert(c, 'd4', { name: 'dave', age: '41', active: 1, dept: null }, 4),
          upsert(c, 'd5', { name: '王小明', age: 19 }, 5),
        ]);
      });

      const cases: [rule: string, filter: Filter, expected: string[]][] = [
        ['an empty filter matches every document', {}, ['d1', 'd2', 'd3', 'd4', 'd5']],
        ['a bare value means equality', { name: 'bob' }, ['d2']],
        ['$eq matches a number', { age: { $eq: 30 } }, ['d1']],
        ['a number never equals the same digits in a string', { age: 41 }, ['d3']],
        ['a string never equals the same digits as a number', { age: '41' }, ['d4']],
        ['true matches booleans only, not the number 1', { active: true }, ['d1', 'd3']],
        ['false matches booleans only, not the number 0 or missing', { active: false }, ['d2']],
        ['the number 1 does not match true', { active: 1 }, ['d4']],
        ['$ne also matches documents missing the field', { active: { $ne: true } }, ['d2', 'd4', 'd5']],
        ['null matches a null or a missing field', { note: null }, ['d1', 'd2', 'd4', 'd5']],
        ['$ne null matches fields that hold a value', { note: { $ne: null } }, ['d3']],
        ['$exists true matches a field even when it holds null', { note: { $exists: true } }, ['d1', 'd3']],
        ['$exists false matches missing fields only', { note: { $exists: false } }, ['d2', 'd4', 'd5']],
        ['dotted paths reach into embedded documents', { 'dept.code': 'tax' }, ['d3']],
        ['a dotted path under a null parent counts as missing', { 'dept.code': { $exists: false } }, ['d4', 'd5']],
        ['ranges combine on one field', { 'dept.floor': { $gte: 2, $lt: 3 } }, ['d1']],
        ['a numeric range ignores strings', { age: { $gt: 25 } }, ['d1', 'd3']],
        ['$lte includes the bound', { age: { $lte: 25 } }, ['d2', 'd5']],
        ['a string range compares strings only, by code point', { name: { $gt: 'a' } }, ['d2', 'd4', 'd5']],
        ['$lt on strings', { name: { $lt: 'b' } }, ['d1', 'd3']],
        ['$in matches any listed value of its own type', { age: { $in: [19, 30, '41'] } }, ['d1', 'd4', 'd5']],
        ['$in with null matches missing fields too', { active: { $in: [false, null] } }, ['d2', 'd5']],
        ['$in with an empty list matches nothing', { 'dept.code': { $in: [] } }, []],
        ['$nin matches missing fields too', { 'dept.code': { $nin: ['tax', 'TAX'] } }, ['d2', 'd4', 'd5']],
        ['$nin with strings and numbers', { age: { $nin: [25, '41', 41] } }, ['d1', 'd5']],
        ['$regex is case sensitive by default', { name: { $regex: '^[a-z]' } }, ['d2', 'd4']],
        ['$regex with $options i ignores case', { name: { $regex: '^a', $options: 'i' } }, ['d1']],
        ['a regular expression value works like $regex', { name: /小/ }, ['d5']],
        ['$regex never matches non-strings', { age: { $regex: '4' } }, ['d4']],
        ['$or of an $and', { $or: [{ age: { $lt: 20 } }, { $and: [{ active: true }, { 'dept.code': 'TAX' }] }] }, ['d1', 'd5']],
        ['fields and $or combine with and', { active: true, $or: [{ note: 'vip' }, { age: 30 }] }, ['d1', 'd3']],
        ['$and of two $or', { $and: [{ $or: [{ name: 'bob' }, { name: 'dave' }] }, { $or: [{ age: 25 }, { age: '41' }] }] }, ['d2', 'd4']],
        ['_id can be filtered', { _id: { $in: ['d1', 'd3', 'nobody'] } }, ['d1', 'd3']],
        ['Chinese text matches exactly', { name: '王小明' }, ['d5']],
      ];

      it.each(cases)('%s', async (_rule, filter, expected) => {
        const page = await store.find(c, filter);
        expect(ids(page.items).sort()).toEqual(expected);
        expect(await store.count(c, filter)).toBe(expected.length);
      });

      it('$elemMatch finds documents with an array element matching every condition', async () => {
        const list = `${c}_lists`;
        await store.write([
          { op: 'upsert', collection: list, id: 'l1', position: 1, doc: { files: [{ digest: 'aa', kind: 'pdf' }, { digest: 'bb', kind: 'png' }] } },
          { op: 'upsert', collection: list, id: 'l2', position: 1, doc: { files: [{ digest: 'aa', kind: 'png' }] } },
          { op: 'upsert', collection: list, id: 'l3', position: 1, doc: { files: [] } },
          { op: 'upsert', collection: list, id: 'l4', position: 1, doc: { other: 1 } },
        ]);
        const match = async (filter: Filter) => ids((await store.find(list, filter)).items).sort();
        expect(await match({ files: { $elemMatch: { digest: 'aa' } } })).toEqual(['l1', 'l2']);
        expect(await match({ files: { $elemMatch: { digest: 'aa', kind: 'png' } } })).toEqual(['l2']);
        expect(await match({ files: { $elemMatch: { kind: { $in: ['png'] }, digest: { $ne: 'aa' } } } })).toEqual(['l1']);
        expect(await match({ $or: [{ other: 1 }, { files: { $elemMatch: { digest: 'bb' } } }] })).toEqual(['l1', 'l4']);
        expect(await store.count(list, { files: { $elemMatch: { digest: 'zz' } } })).toBe(0);
        await expect(store.find(list, { files: { $elemMatch: { digest: 'aa' }, $exists: true } })).rejects.toThrow(/stands alone/);
      });

      it('operators outside the supported subset are refused', async () => {
        await expect(store.find(c, { $where: 'true' })).rejects.toThrow(/unsupported/);
        await expect(store.find(c, { age: { $not: { $gt: 1 } } })).rejects.toThrow(/unsupported/);
        await expect(store.find(c, { dept: { code: 'tax' } })).rejects.toThrow(/embedded/);
        await expect(store.count(c, { $nor: [{ age: 1 }] })).rejects.toThrow(/unsupported/);
        await expect(store.find(c, { age: { $gt: true } })).rejects.toThrow(/invalid operand/);
        await expect(store.find(c, { name: { $regex: '([a-z' } })).rejects.toThrow(/regular expression/);
        await expect(store.find(c, { name: /a/g })).rejects.toThrow(/only the i flag/);
      });
    });

    describe('sorting, paging, limits and projection', () => {
      it('sorts ascending and descending on two keys, missing values first when ascending', async () => {
        const c = collection('cases');
        // Written in id order, so ties read the same whether an adapter breaks them by id or by first write.

        await store.write([
          upsert(c, 'a', { dept: 'tax', due: '2026-03-01' }, 1),
          upsert(c, 'b', { dept: 'land', due: '2026-01-15' }, 2),
          upsert(c, 'c', { dept: 'tax', due: '2026-05-20' }, 3),
          upsert(c, 'd', { dept: 'land', due: '2026-02-01' }, 4),
          upsert(c, 'e', { due: '2026-04-01' }, 5),
          upsert(c, 'f', { dept: 'tax', due: '2026-03-01' }, 6),
        ]);
        expect(ids((await store.find(c, {}, { sort: { dept: 1, due: -1 } })).items)).toEqual(['e', 'd', 'b', 'c', 'f', 'a']);
        expect(ids((await store.find(c, {}, { sort: { dept: -1, due: 1 } })).items)).toEqual(['a', 'f', 'c', 'b', 'd', 'e']);
        expect(ids((await store.find(c, { dept: { $ne: 'land' } }, { sort: { due: 1 } })).items)).toEqual(['a', 'f', 'e', 'c']);
        expect(ids((await store.find(c)).items)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      });

      describe('over 250 documents with ties and missing sort values', () => {
        let c: string;
        beforeEach(async () => {
          c = collection('queue');
          const ops = Array.from({ length: 250 }, (_, i) =>
            upsert(c, `q${String(i).padStart(3, '0')}`, { ...(i % 10 === 0 ? {} : { group: i % 7 }), rank: i % 3, n: i }, i + 1));
          await store.write(ops);
        });

        const sorts: FindOptions['sort'][] = [undefined, { group: 1 }, { group: -1 }, { group: -1, rank: 1 }, { rank: 1, group: -1 }];
        for (const sort of sorts) {
          it(`paging by ${JSON.stringify(sort ?? {})} gives every document once, in the order of one big page`, async () => {
            const whole = await store.find(c, {}, { sort, limit: 1000 });
            expect(whole.items).toHaveLength(250);
            expect(whole.next).toBeUndefined();
            const { seen, pages } = await allPages(c, {}, { sort, limit: 40 });
            expect(pages).toBe(7);
            expect(ids(seen)).toEqual(ids(whole.items));
            expect(new Set(ids(seen)).size).toBe(250);
          });
        }

        it('a sort puts missing values first ascending and last descending', async () => {
          const asc = (await store.find(c, {}, { sort: { group: 1 }, limit: 1000 })).items;
          expect(asc.slice(0, 25).every((d) => d.group === undefined)).toBe(true);
          const groups = asc.slice(25).map((d) => d.group as number);
          expect(groups).toEqual([...groups].sort((a, b) => a - b));
          const desc = (await store.find(c, {}, { sort: { group: -1 }, limit: 1000 })).items;
          expect(desc.slice(-25).every((d) => d.group === undefined)).toBe(true);
        });

        it('paging with a filter keeps to the filter', async () => {
          const filter = { rank: { $ne: 1 }, n: { $gte: 20 } };
          const { seen } = await allPages(c, filter, { sort: { group: 1, rank: -1 }, limit: 17 });
          const expected = (await store.find(c, filter, { sort: { group: 1, rank: -1 }, limit: 1000 })).items;
          expect(ids(seen)).toEqual(ids(expected));
          expect(seen).toHaveLength(await store.count(c, filter));
        });

        it('a page holds 50 documents unless a limit is given', async () => {
          const page = await store.find(c);
          expect(page.items).toHaveLength(50);
          expect(page.next).toEqual(expect.any(String));
          const small = await store.find(c, {}, { limit: 3 });
          expect(ids(small.items)).toEqual(['q000', 'q001', 'q002']);
        });

        it('a cursor made for one sort order is refused for another', async () => {
          const { next } = await store.find(c, {}, { sort: { group: 1, rank: 1 }, limit: 5 });
          await expect(store.find(c, {}, { sort: { group: 1 }, after: next })).rejects.toThrow(/cursor/);
          await expect(store.find(c, {}, { after: 'not-a-cursor' })).rejects.toThrow(/cursor/);
        });

        it('fields projection returns only those fields, plus _id and _pos, and still pages', async () => {
          const { seen } = await allPages(c, { n: { $lt: 30 } }, { fields: ['n'], sort: { group: -1 }, limit: 7 });
          expect(seen).toHaveLength(30);
          for (const d of seen) expect(Object.keys(d).sort()).toEqual(['_id', '_pos', 'n']);
        });
      });

      it('a limit above 1000 is capped at 1000', async () => {
        const c = collection('bulk');
        await store.write(Array.from({ length: 1001 }, (_, i) => upsert(c, `b${String(i).padStart(4, '0')}`, { i }, i + 1)));
        const page = await store.find(c, {}, { limit: 5000 });
        expect(page.items).toHaveLength(1000);
        const rest = await store.find(c, {}, { limit: 5000, after: page.next });
        expect(ids(rest.items)).toEqual(['b1000']);
        expect(rest.next).toBeUndefined();
      });

      it('Chinese text is stored, matched and sorted unchanged', async () => {
        const c = collection('items');
        await store.write([
          upsert(c, 'x1', { title: '营业执照变更登记', dept: '市场监督管理局' }, 1),
          upsert(c, 'x2', { title: '不动产登记', dept: '自然资源局' }, 2),
          upsert(c, 'x3', { title: '食品经营许可', dept: '市场监督管理局' }, 3),
        ]);
        expect(await store.get(c, 'x1')).toEqual({ _id: 'x1', _pos: 1, title: '营业执照变更登记', dept: '市场监督管理局' });
        expect(ids((await store.find(c, { title: { $regex: '登记$' } })).items)).toEqual(['x1', 'x2']);
        expect(ids((await store.find(c, { dept: '市场监督管理局' }, { sort: { title: -1 } })).items)).toEqual(['x3', 'x1']);
      });
    });

    describe('indexes', () => {
      it('a unique index refuses a second document with the same value', async () => {
        const c = collection('accounts');
        await store.ensureIndexes(c, [{ fields: ['login'], unique: true }, { fields: ['dept', 'since'] }]);
        await store.ensureIndexes(c, [{ fields: ['login'], unique: true }, { fields: ['dept', 'since'] }]);
        await store.write([upsert(c, 'u1', { login: 'w01', dept: 'tax', since: 1 }, 1)]);
        await expect(store.write([upsert(c, 'u2', { login: 'w01', dept: 'tax', since: 2 }, 2)])).rejects.toThrow();
        expect(await store.get(c, 'u2')).toBeUndefined();
        await store.write([upsert(c, 'u2', { login: 'w02', dept: 'tax', since: 2 }, 3)]);
        expect(ids((await store.find(c, { dept: 'tax' }, { sort: { since: -1 } })).items)).toEqual(['u2', 'u1']);
      });
    });

    describe('checkpoints and drop', () => {
      it('a checkpoint moves together with the writes of its batch', async () => {
        const c = collection('cases');
        const cp = checkpointName('cases-view');
        expect(await store.checkpoint(cp)).toBeUndefined();
        await store.write([upsert(c, 'c1', { s: 1 }, 10), upsert(c, 'c2', { s: 2 }, 11)], { name: cp, position: 11 });
        expect(await store.checkpoint(cp)).toBe(11);
        expect(await store.count(c)).toBe(2);
        await store.write([], { name: cp, position: 12 });
        expect(await store.checkpoint(cp)).toBe(12);
      });

      it('a failed write leaves the checkpoint where it was', async () => {
        const c = collection('accounts');
        const cp = checkpointName('accounts-view');
        await store.ensureIndexes(c, [{ fields: ['login'], unique: true }]);
        await store.write([upsert(c, 'u1', { login: 'w01' }, 1)], { name: cp, position: 1 });
        await expect(store.write([upsert(c, 'u2', { login: 'w01' }, 2)], { name: cp, position: 2 })).rejects.toThrow();
        expect(await store.checkpoint(cp)).toBe(1);
      });

      it('drop empties the named collections and forgets the named checkpoints only', async () => {
        const dropped = collection('old_view');
        const kept = collection('other_view');
        const cp = checkpointName('old');
        const otherCp = checkpointName('other');
        await store.write([upsert(dropped, 'a', { x: 1 }, 1), upsert(kept, 'b', { x: 2 }, 1)], { name: cp, position: 1 });
        await store.write([], { name: otherCp, position: 5 });
        await store.drop([dropped], [cp]);
        expect(await store.count(dropped)).toBe(0);
        expect(await store.get(kept, 'b')).toMatchObject({ x: 2 });
        expect(await store.checkpoint(cp)).toBeUndefined();
        expect(await store.checkpoint(otherCp)).toBe(5);
        await store.write([upsert(dropped, 'a', { x: 3 }, 1)]);
        expect(await store.get(dropped, 'a')).toEqual({ _id: 'a', _pos: 1, x: 3 });
      });
    });

    it('a closed store refuses further calls with a clear error', async () => {
      const other = await open();
      await other.close();
      await expect(other.get(collection('cases'), 'c1')).rejects.toThrow(/closed/);
      await expect(other.write([])).rejects.toThrow(/closed/);
      await expect(other.checkpoint('x')).rejects.toThrow(/closed/);
    });
  });
}
