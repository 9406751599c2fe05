import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../infrastructure/clock.js';
import { loadConfig } from '../../infrastructure/config.js';
import { createServer, type Server } from '../../infrastructure/server.js';
import { answers, CALLER, call, issueKey, PERSONAL, read, seedClassification } from './open311-helpers.js';

/*
 * Tokens for deferred ids need a server whose services are `batch` (OPEN311_SERVICE_TYPE): one
 * process holds one embedded warehouse, so this server has a file of its own.
 */
describe('GET service_request_id from a token (batch services)', () => {
  let batch: { server: Server; url: string; dataDir: string; key: string };

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-open311-'));
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: '0', EVENT_STORE_SYNC: 'normal', OPEN311_SERVICE_TYPE: 'batch', OPEN311_DEFAULT_DISTRICT: 'gulou' });
    const server = await createServer(config, new ManualClock(new Date('2026-11-02T09:00:00+08:00')));
    await seedClassification(server);
    const key = await issueKey(server, '批量客户端');
    await server.app.listen(0, '127.0.0.1');
    const { port } = server.app.getHttpServer().address() as { port: number };
    batch = { server, url: `http://127.0.0.1:${port}`, dataDir, key };
  }, 120_000);
  afterAll(async () => {
    await batch?.server.close();
    if (batch) fs.rmSync(batch.dataDir, { recursive: true, force: true });
  });

  it.each(['json', 'xml'] as const)('answers a new request with a token, which resolves to the number (%s)', async (format) => {
    const services = read(await call(batch.url, 'GET', `/open311/v2/services.${format}`), 'services', format);
    expect(services.every((s: { type: string }) => s.type === 'batch')).toBe(true);

    // Only lat and long: the district is the configured default.
    const answer = await call(batch.url, 'POST', `/open311/v2/requests.${format}`, { api_key: batch.key, service_code: 'city.road', lat: '26.08', long: '119.30', description: '路面坑洼', ...CALLER });
    expect(answer.status, answer.text).toBe(200);
    const [created] = read(answer, 'service_requests', format);
    expect(created).not.toHaveProperty('service_request_id');
    expect(created.token).toMatch(/^[0-9a-f-]{36}$/);

    const resolved = await call(batch.url, 'GET', `/open311/v2/tokens/${created.token}.${format}`);
    expect(resolved.status, resolved.text).toBe(200);
    const [pair] = read(resolved, 'service_requests', format);
    expect(pair.token).toBe(created.token);
    expect(pair.service_request_id).toMatch(/^12345-20261102-\d{4}$/);

    await batch.server.runner.settle();
    const [request] = read(await call(batch.url, 'GET', `/open311/v2/requests/${pair.service_request_id}.${format}`), 'service_requests', format);
    expect(request.address_id).toBe('gulou');
  });

  it.each(['json', 'xml'] as const)('answers 404 for an unknown token (%s)', async (format) => {
    for (const token of ['00000000-0000-4000-8000-000000000000', 'not-a-token']) {
      const answer = await call(batch.url, 'GET', `/open311/v2/tokens/${token}.${format}`);
      expect(answer.status).toBe(404);
      expect(String(read(answer, 'errors', format)[0].code)).toBe('404');
    }
  });
});

describe('personal data', () => {
  it('never left through any Open311 answer in this file', () => {
    expect(answers.length).toBeGreaterThan(5);
    for (const text of answers) for (const personal of PERSONAL) expect(text).not.toContain(personal);
  });
});
