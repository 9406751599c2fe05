/**
 * The embedded warehouse's inserts: rows of plain values go as a Native block, others as
 * JSONEachRow, both staged in a file. Either way a row reads back as JSON input would have made it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarehouseError, type Row } from '../../application/ports/warehouse.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { encodeNative, planColumns, type ColumnInfo } from '../../infrastructure/warehouse/native-format.js';

const COLUMNS: ColumnInfo[] = [
  { name: 'id', type: 'UUID' },
  { name: 'text', type: 'String' },
  { name: 'kind', type: 'LowCardinality(String)' },
  { name: 'small', type: 'UInt8' },
  { name: 'big', type: 'UInt64' },
  { name: 'signed', type: 'Int32' },
  { name: 'ratio', type: 'Float64' },
  { name: 'flag', type: 'Bool' },
  { name: 'maybe', type: 'Nullable(String)' },
  { name: 'maybe_n', type: 'LowCardinality(Nullable(String))' },
  { name: 'count', type: 'Nullable(UInt32)' },
  { name: 'at', type: "DateTime64(3, 'UTC')" },
  { name: 'day', type: 'Date' },
  { name: 'level', type: "Enum8('low' = 1, 'high' = 2)" },
];

function row(n: number, overrides: Partial<Row> = {}): Row {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    text: `行 ${n}: "quoted", back\\slash, tab\there, newline\nthere, 市场监管局 ${'x'.repeat(n % 200)}`,
    kind: n % 3 === 0 ? 'case' : 'ticket',
    small: n % 256,
    big: 2 ** 40 + n,
    signed: -n,
    ratio: n / 7,
    flag: n % 2 === 0,
    maybe: n % 5 === 0 ? null : `m${n}`,
    maybe_n: n % 4 === 0 ? null : 'n',
    count: n % 6 === 0 ? null : n,
    at: `2026-03-02 01:30:${String(n % 60).padStart(2, '0')}.${String(n % 1000).padStart(3, '0')}`,
    day: '2026-03-02',
    level: n % 2 === 0 ? 'low' : 'high',
    ...overrides,
  };
}

describe('Native blocks', () => {
  const plans = planColumns(COLUMNS, COLUMNS.map((c) => c.name))!;

  it('encode rows of plain values that fit their columns', () => {
    expect(encodeNative([row(1), row(2)], plans)).toBeInstanceOf(Buffer);
  });

  it('leave to JSON whatever a block would not carry exactly as JSON input reads it', () => {
    const refused: Partial<Row>[] = [
      { at: '2026-03-02T01:30:00.000Z' }, // best-effort parsing: JSON's
      { at: new Date() },
      { day: '2026-03-02 00:00:00' },
      { text: 5 },
      { small: 300 },
      { big: -1 },
      { signed: 1.5 },
      { flag: 1 },
      { kind: null },
      { text: ['a'] },
      { extra: 1 },
    ];
    for (const overrides of refused) expect(encodeNative([row(1), row(2, overrides)], plans), JSON.stringify(overrides)).toBeUndefined();
    const { text: _dropped, ...missing } = row(3);
    expect(encodeNative([row(1), missing], plans)).toBeUndefined();
  });

  it('are not planned for columns of other types, or unknown columns', () => {
    expect(planColumns([...COLUMNS, { name: 'tags', type: 'Array(String)' }], ['id', 'tags'])).toBeUndefined();
    expect(planColumns(COLUMNS, ['id', 'nope'])).toBeUndefined();
  });
});

describe('chDB inserts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chdb-native-'));
  let warehouse: ChdbWarehouse;
  const ddl = (table: string) => `CREATE TABLE ${table} (${COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ')}) ENGINE = MergeTree ORDER BY id`;
  beforeAll(async () => {
    warehouse = new ChdbWarehouse(path.join(dir, 'warehouse'));
    await warehouse.exec(ddl('native_rows'));
    await warehouse.exec(ddl('json_rows'));
  });
  afterAll(async () => {
    await warehouse.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('read back the same whether the rows went as Native or as JSON', async () => {
    const rows = Array.from({ length: 60_000 }, (_, n) => row(n));
    // One value JSON must carry (a Date) sends the whole batch as JSON.
    const json = rows.map((r, n) => (n === 0 ? { ...r, at: new Date('2026-03-02T01:30:00.000Z') } : r));
    await Promise.all([warehouse.insert('native_rows', rows), warehouse.insert('json_rows', json)]);
    const read = (table: string) => warehouse.query(`SELECT * FROM ${table} WHERE id != '00000000-0000-4000-8000-000000000000' ORDER BY id`);
    const [native, viaJson] = await Promise.all([read('native_rows'), read('json_rows')]);
    expect(native).toHaveLength(59_999);
    expect(native).toEqual(viaJson);
    expect(native[6]).toMatchObject({ text: row(7).text, big: 2 ** 40 + 7, signed: -7, flag: false, maybe: 'm7', count: 7, at: '2026-03-02 01:30:07.007', level: 'high' });
    expect(native[4]).toMatchObject({ maybe: null, count: 5 });
    expect(native[5]).toMatchObject({ maybe: 'm6', count: null });
  });

  it('writes inserts in the order they were called, and one failing does not stop the next', async () => {
    await warehouse.exec('CREATE TABLE ordered (n UInt32, at DateTime64(3, \'UTC\')) ENGINE = MergeTree ORDER BY tuple()');
    const bad = warehouse.insert('ordered', [{ n: 1, at: 'not a time' }]);
    const good = Array.from({ length: 5 }, (_, i) => warehouse.insert('ordered', [{ n: i + 2, at: '2026-03-02 00:00:00.000' }]));
    await expect(bad).rejects.toBeInstanceOf(WarehouseError);
    await Promise.all(good);
    expect(await warehouse.query('SELECT n FROM ordered ORDER BY n')).toEqual([2, 3, 4, 5, 6].map((n) => ({ n })));
  });

  it('treats a key the table has no column for as JSON input does (skipped, by ClickHouse\'s default)', async () => {
    await warehouse.exec(ddl('surplus_rows'));
    await warehouse.insert('surplus_rows', [{ ...row(1), surplus: 1 }]);
    expect(await warehouse.query('SELECT count() AS n FROM surplus_rows')).toEqual([{ n: 1 }]);
  });
});
