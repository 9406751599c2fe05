import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { afterAll, beforeAll, describe } from 'vitest';
import { ClickHouseWarehouse } from '../../infrastructure/warehouse/clickhouse-warehouse.js';
import { warehouseContract } from '../contract/warehouse.contract.js';

const url = process.env.CLICKHOUSE_URL;
if (!url) console.warn('skipped: set CLICKHOUSE_URL (e.g. http://default:@localhost:8123, ClickHouse 23.8 or newer) to run the ClickHouse warehouse contract against a server');

describe.skipIf(!url)('ClickHouse warehouse on a server', () => {
  // A database of its own per run, so `_migrations` and tables never meet another run's on a shared server.
  const database = `govhall_test_${randomBytes(4).toString('hex')}`;
  const admin = url ? createClient({ url }) : undefined;
  beforeAll(async () => {
    await admin!.command({ query: `CREATE DATABASE ${database}` });
  });
  afterAll(async () => {
    await admin!.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await admin!.close();
  });

  warehouseContract('ClickHouse server', async () => new ClickHouseWarehouse({ url: url!, database }));
});

/**
 * No server here, so the adapter's own code (parameters, JSONEachRow inserts, commands, errors) also runs
 * through chDB's in-process connection for @clickhouse/client. This does not replace the server run above.
 */
describe('ClickHouse warehouse adapter through chDB\'s client connection', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clickhouse-adapter-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  warehouseContract('ClickHouse adapter (in-process)', async () => new ClickHouseWarehouse({
    url: 'http://localhost:8123',
    // chdb is typed against @clickhouse/client-common; the client bundles its own copy of those types.
    client: { connection: createChdbConnection({ path: dataDir }) as unknown as ClickHouseClientConfigOptions['connection'] },
  }));
});
