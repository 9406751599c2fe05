import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Warehouse } from '../../application/ports/warehouse.js';
import { WarehouseError } from '../../application/ports/warehouse.js';
import { logger } from '../logging/logger.js';

const log = logger('warehouse-migrations');

type MigrationTarget = Pick<Warehouse, 'exec' | 'query' | 'insert'>;

/** Statements end with `;` at the end of a line; chunks holding only comments are dropped. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, '').trim() !== '');
}

/**
 * Applies the `.sql` files of `folder` in name order, each once, and records them in `_migrations`.
 * Every applied file is checked first: editing one after it ran is an error, never a silent re-run.
 * ClickHouse DDL is not transactional, so a file that fails half-way is not recorded and its
 * statements should be idempotent (`IF NOT EXISTS`).
 */
export async function applyMigrations(target: MigrationTarget, folder: string): Promise<string[]> {
  const names = (await fs.readdir(folder)).filter((f) => f.endsWith('.sql')).sort();
  const files = await Promise.all(names.map(async (name) => {
    const sql = await fs.readFile(path.join(folder, name), 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  }));

  await target.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    name String, applied_at DateTime64(3, 'UTC'), checksum String
  ) ENGINE = MergeTree ORDER BY name`);
  const applied = new Map((await target.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM _migrations WHERE name IN {names:Array(String)}', { names },
  )).map((r) => [r.name, r.checksum]));

  for (const f of files) {
    const recorded = applied.get(f.name);
    if (recorded !== undefined && recorded !== f.checksum) {
      throw new WarehouseError(`migration ${f.name} was changed after it was applied (checksum ${recorded.slice(0, 12)}… is now ${f.checksum.slice(0, 12)}…); add a new migration file instead`);
    }
  }

  const appliedNow: string[] = [];
  for (const f of files.filter((file) => !applied.has(file.name))) {
    for (const statement of splitStatements(f.sql)) await target.exec(statement);
    await target.insert('_migrations', [{ name: f.name, applied_at: new Date(), checksum: f.checksum }]);
    appliedNow.push(f.name);
    log.info({ migration: f.name }, 'warehouse migration applied');
  }
  return appliedNow;
}
