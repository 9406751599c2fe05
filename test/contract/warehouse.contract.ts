/**
 * The one contract every Warehouse adapter passes. Table and migration names carry a random
 * suffix and tables are dropped at the end, because a ClickHouse server is shared.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarehouseError, type Warehouse } from '../../application/ports/warehouse.js';

export function warehouseContract(name: string, open: () => Promise<Warehouse>): void {
  describe(`${name}: warehouse contract`, () => {
    const run = randomBytes(4).toString('hex');
    const tables: string[] = [];
    const table = (base: string) => {
      const t = `${base}_${run}`;
      tables.push(t);
      return t;
    };
    let warehouse: Warehouse;
    let folder: string;

    beforeAll(async () => {
      warehouse = await open();
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'warehouse-migrations-'));
    });
    afterAll(async () => {
      for (const t of tables) await warehouse.exec(`DROP TABLE IF EXISTS ${t}`);
      await warehouse.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    describe('migrations', () => {
      const first = `0001_${run}_cases.sql`;
      const second = `0002_${run}_tickets.sql`;
      const cases = table('m_cases');
      const tickets = table('m_tickets');

      it('applies each file once, in name order, and records it with its checksum', async () => {
        expect(await warehouse.migrate(folder)).toEqual([]);
        fs.writeFileSync(path.join(folder, second), `CREATE TABLE ${tickets} (id String) ENGINE = MergeTree ORDER BY id;\n`);
        fs.writeFileSync(path.join(folder, first), [
          '-- two statements in one file',
          `CREATE TABLE ${cases} (id String, n UInt32) ENGINE = MergeTree ORDER BY id;`,
          `INSERT INTO ${cases} VALUES ('a', 1), ('b', 2);`,
          '',
        ].join('\n'));

        expect(await warehouse.migrate(folder)).toEqual([first, second]);
        expect(await warehouse.migrate(folder)).toEqual([]);

        expect(await warehouse.query(`SELECT id, n FROM ${cases} ORDER BY id`)).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
        const recorded = await warehouse.query<{ name: string; checksum: string; applied_at: string }>(
          'SELECT name, checksum, applied_at FROM _migrations WHERE name IN {names:Array(String)} ORDER BY name',
          { names: [first, second] });
        expect(recorded.map((r) => r.name)).toEqual([first, second]);
        expect(recorded[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(recorded[0]!.applied_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
      });

      it('refuses to go on when an already applied file was edited', async () => {
        fs.appendFileSync(path.join(folder, first), `INSERT INTO ${cases} VALUES ('c', 3);\n`);
        const third = `0003_${run}_later.sql`;
        fs.writeFileSync(path.join(folder, third), `INSERT INTO ${tickets} VALUES ('t1');\n`);

        const failure = warehouse.migrate(folder);
        await expect(failure).rejects.toThrow(WarehouseError);
        await expect(failure).rejects.toThrow(new RegExp(`${first}.*changed`));
        expect(await warehouse.query(`SELECT count() AS n FROM ${tickets}`)).toEqual([{ n: 0 }]);
      });
    });

    describe('rows', () => {
      const cases = table('w_cases');

      beforeAll(async () => {
        await warehouse.exec(`CREATE TABLE ${cases} (
          case_id String, department LowCardinality(String), revision UInt64,
          accepted_at DateTime64(3, 'UTC'), tags Array(String), note String
        ) ENGINE = ReplacingMergeTree ORDER BY (case_id, revision)`);
        await warehouse.insert(cases, [
          { case_id: 'c-1', department: '市场监管局', revision: 1, accepted_at: '2026-03-02 09:30:00.125', tags: ['urgent'], note: "O'Brien \\ \"quoted\"" },
          { case_id: 'c-2', department: '公安局', revision: 7, accepted_at: new Date('2026-03-03T01:00:00.500Z'), tags: [], note: '企业设立登记，材料齐全，当场受理。' },
          { case_id: 'c-3', department: '市场监管局', revision: 2n, accepted_at: '2026-03-04T08:00:00Z', tags: ['online', 'urgent'], note: '' },
        ]);
      });

      it('reads rows back filtered by String, UInt64, DateTime64 and Array(String) parameters', async () => {
        const rows = await warehouse.query(
          `SELECT case_id, revision, accepted_at, tags FROM ${cases} FINAL
           WHERE department = {department:String} AND revision >= {revision:UInt64}
             AND accepted_at >= {from:DateTime64(3, 'UTC')} AND hasAny(tags, {tags:Array(String)})
           ORDER BY case_id`,
          { department: '市场监管局', revision: 1, from: new Date('2026-03-02T09:30:00.125Z'), tags: ['urgent', 'none'] });
        expect(rows).toEqual([
          { case_id: 'c-1', revision: 1, accepted_at: '2026-03-02 09:30:00.125', tags: ['urgent'] },
          { case_id: 'c-3', revision: 2, accepted_at: '2026-03-04 08:00:00.000', tags: ['online', 'urgent'] },
        ]);
        const later = await warehouse.query(`SELECT case_id FROM ${cases} WHERE accepted_at > {from:DateTime64(3, 'UTC')} ORDER BY case_id`,
          { from: '2026-03-03 01:00:00.499' });
        expect(later).toEqual([{ case_id: 'c-2' }, { case_id: 'c-3' }]);
      });

      it('keeps Chinese text and quotes intact both ways', async () => {
        expect(await warehouse.query(`SELECT case_id FROM ${cases} WHERE note = {note:String}`, { note: '企业设立登记，材料齐全，当场受理。' }))
          .toEqual([{ case_id: 'c-2' }]);
        expect(await warehouse.query(`SELECT note FROM ${cases} WHERE case_id = {id:String}`, { id: 'c-1' }))
          .toEqual([{ note: "O'Brien \\ \"quoted\"" }]);
        const byDepartment = await warehouse.query(`SELECT department, count() AS cases FROM ${cases} GROUP BY department ORDER BY department`);
        expect(byDepartment).toEqual([{ department: '公安局', cases: 1 }, { department: '市场监管局', cases: 2 }]);
      });

      it('counts a re-delivered row once when read with FINAL', async () => {
        const again = { case_id: 'c-2', department: '公安局', revision: 7, accepted_at: '2026-03-03 01:00:00.500', tags: [], note: 'redelivered' };
        await warehouse.insert(cases, [again]);
        await warehouse.insert(cases, [again]);
        expect(await warehouse.query(`SELECT count() AS n FROM ${cases} FINAL WHERE case_id = 'c-2'`)).toEqual([{ n: 1 }]);
        expect(await warehouse.query(`SELECT count() AS n FROM ${cases} FINAL`)).toEqual([{ n: 3 }]);
      });

      it('inserts nothing for an empty batch', async () => {
        await warehouse.insert(cases, []);
        expect(await warehouse.query(`SELECT count() AS n FROM ${cases} FINAL`)).toEqual([{ n: 3 }]);
      });
    });

    it('reports bad SQL as a WarehouseError carrying ClickHouse\'s message', async () => {
      await expect(warehouse.query('SELEC 1')).rejects.toThrow(WarehouseError);
      await expect(warehouse.query('SELEC 1')).rejects.toThrow(/Syntax error/);
      await expect(warehouse.exec(`DROP TABLE no_such_table_${run}`)).rejects.toThrow(new RegExp(`no_such_table_${run}`));
      await expect(warehouse.insert(`no_such_table_${run}`, [{ a: 1 }])).rejects.toThrow(WarehouseError);
      await expect(warehouse.insert('cases; DROP TABLE x', [{ a: 1 }])).rejects.toThrow(/invalid table name/);
    });

    it('refuses work after close with a clear error', async () => {
      const other = await open();
      expect(await other.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await other.close();
      await other.close();
      await expect(other.query('SELECT 1')).rejects.toThrow(/warehouse is closed/);
      await expect(other.exec('SELECT 1')).rejects.toThrow(WarehouseError);
      await expect(other.insert('t', [{ a: 1 }])).rejects.toThrow(/warehouse is closed/);
      expect(await warehouse.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    });
  });
}
