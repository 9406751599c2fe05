import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlFile, projectRoot } from '../../infrastructure/paths.js';
import { startTestServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);

/** The `npm run projections` command, from source, against a data directory. */
async function projections(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', '@swc-node/register/esm-register', 'infrastructure/cli/projections.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: '0' },
      timeout: 90_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
}, 60_000);
afterAll(async () => t?.close());

describe('npm run projections', () => {
  it('goes through the running server: status, and a rebuild with progress', async () => {
    fs.writeFileSync(controlFile(t.dataDir), JSON.stringify({ pid: process.pid, port: new URL(t.url).port, token: t.server.control.value }));
    const status = await projections(t.dataDir, 'status');
    expect(status.code, status.out).toBe(0);
    expect(status.out).toContain('through the running server');
    expect(status.out).toMatch(/identity.*live/);
    const rebuild = await projections(t.dataDir, 'rebuild', 'identity');
    expect(rebuild.code, rebuild.out).toBe(0);
    expect(rebuild.out).toMatch(/100%/);
    expect(await t.server.engines.documents.get('users', 'admin')).toBeDefined();
    fs.rmSync(controlFile(t.dataDir));
  }, 120_000);

  it('works on the data directory itself when no server runs', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-cli-'));
    try {
      const rebuild = await projections(dataDir, 'rebuild', 'cases-view');
      expect(rebuild.code, rebuild.out).toBe(0);
      expect(rebuild.out).toMatch(/cases-view/);
      const unknown = await projections(dataDir, 'rebuild', 'no-such-view');
      expect(unknown.code).toBe(1);
      expect(unknown.out).toContain('no projection named no-such-view');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('explains its usage when called wrongly', async () => {
    const wrong = await projections(t.dataDir, 'frobnicate');
    expect(wrong.code).toBe(2);
    expect(wrong.out).toContain('usage: npm run projections');
  }, 60_000);
});
