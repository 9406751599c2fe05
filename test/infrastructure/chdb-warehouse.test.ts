import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../application/ports/warehouse.js';
import { ChdbWarehouse } from '../../infrastructure/warehouse/chdb-warehouse.js';
import { warehouseContract } from '../contract/warehouse.contract.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// chDB binds one data directory per process, so every warehouse in this file shares one.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chdb-warehouse-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

warehouseContract('chDB', async () => new ChdbWarehouse(dataDir));

describe('chDB warehouse', () => {
  let warehouse: Warehouse;
  beforeAll(() => {
    warehouse = new ChdbWarehouse(dataDir);
  });
  afterAll(() => warehouse.close());

  it('keeps the event loop serving while a heavy query runs', async () => {
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 10);
    const started = performance.now();
    const [{ total }] = await warehouse.query<{ total: number }>('SELECT sum(number % 7) AS total FROM numbers(300000000)');
    const elapsed = performance.now() - started;
    clearInterval(timer);

    expect(total).toBe(899999997);
    expect(elapsed).toBeGreaterThan(300); // heavy enough that a blocked loop would show
    // A blocked loop would show one gap as long as the query; a busy machine only delays some ticks.
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(ticks.length).toBeGreaterThan(elapsed / 10 / 4);
    expect(Math.max(...gaps)).toBeLessThan(elapsed / 2);
  });

  it('migrates the analytics folder once and keeps one row per re-delivered event', async () => {
    const folder = path.join(root, 'analytics');
    const applied = await warehouse.migrate(folder);
    expect(applied).toContain('0001_events.sql');
    expect(await warehouse.migrate(folder)).toEqual([]);

    const event = {
      event_id: '0b7c9a52-3f1e-4d2a-9c4b-5e6f7a8b9c0d', stream: 'case-2026-000123', category: 'case', revision: 0, position: 41,
      type: 'CaseAccepted', occurred_at: '2026-03-02T09:30:00.000+08:00', recorded_at: new Date('2026-03-02T01:30:00.012Z'),
      actor_id: 'staff-7', actor_role: 'window', department: '市场监管局', data: JSON.stringify({ caseId: '2026-000123', dueAt: '2026-03-16' }),
    };
    await warehouse.insert('events', [event]);
    await warehouse.insert('events', [event]);
    const rows = await warehouse.query(`SELECT stream, occurred_at, recorded_at, department, JSONExtractString(data, 'dueAt') AS due_at
      FROM events FINAL WHERE category = {category:String}`, { category: 'case' });
    expect(rows).toEqual([{
      stream: 'case-2026-000123', occurred_at: '2026-03-02 01:30:00.000', recorded_at: '2026-03-02 01:30:00.012',
      department: '市场监管局', due_at: '2026-03-16',
    }]);

    await warehouse.insert('projection_checkpoints', [
      { name: 'case-stats', position: 10, updated_at: '2026-03-02 01:30:00.000' },
      { name: 'case-stats', position: 41, updated_at: '2026-03-02 01:31:00.000' },
    ]);
    expect(await warehouse.query('SELECT name, position FROM projection_checkpoints FINAL')).toEqual([{ name: 'case-stats', position: 41 }]);
  });

  it('tells a second process that the data directory is in use by another process', async () => {
    const child = `
      import { ChdbWarehouse } from ${JSON.stringify(path.join(root, 'infrastructure/warehouse/chdb-warehouse.ts'))};
      try { new ChdbWarehouse(${JSON.stringify(dataDir)}); console.log(JSON.stringify({ opened: true })); }
      catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }`;
    const output = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', '--input-type=module', '-e', child],
        { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.on('error', reject);
      p.on('close', () => resolve(out));
    });
    const result = JSON.parse(output.trim().split('\n').pop()!) as { name?: string; message?: string; opened?: boolean };
    expect(result.name).toBe('WarehouseError');
    expect(result.message).toMatch(/data directory .* is in use by another process \(pid \d+\)/);
    expect(result.message).toContain(`pid ${process.pid}`);
  }, 60_000);
});
