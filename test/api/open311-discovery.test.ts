import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infrastructure/config.js';
import { DISCOVERY_CHANGESET } from '../../infrastructure/http/open311/discovery.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { call, read, W3_CHINA } from './open311-helpers.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
}, 120_000);
afterAll(async () => t?.close());

const ORIGIN = 'https://civic-app.example.org';

/** A call as a browser page on another origin makes it. */
const fromAnotherOrigin = (url: string, init: RequestInit = {}) => fetch(t.url + url, { ...init, headers: { origin: ORIGIN, ...init.headers } });

describe('Service discovery', () => {
  it.each(['json', 'xml'] as const)('tells a client where GeoReport v2 is served, in which formats, and whom to ask for a key (%s)', async (format) => {
    const answer = await call(t.url, 'GET', `/open311/v2/discovery.${format}`);
    expect(answer.status, answer.text).toBe(200);
    const found = read(answer, 'discovery', format);
    expect(found).toMatchObject({ changeset: DISCOVERY_CHANGESET, contact: '12345 政务服务便民热线' });
    expect(found.key_service).toContain('POST /api/open311/keys');
    const endpoints = format === 'json' ? found.endpoints : found.endpoints.endpoint;
    const formats = format === 'json' ? endpoints[0].formats : endpoints[0].formats.format;
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${t.url}/open311/v2`, changeset: DISCOVERY_CHANGESET, type: 'production' });
    expect(formats).toEqual(['text/xml', 'application/json']);
  });

  it('gives the address the client used behind the local reverse proxy', async () => {
    const answer = await fetch(`${t.url}/open311/v2/discovery.json`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'open311.example.gov' } });
    expect(((await answer.json()) as { endpoints: { url: string }[] }).endpoints[0]!.url).toBe('https://open311.example.gov/open311/v2');
  });

  it('takes its contact from OPEN311_CONTACT, and the hotline’s name when it is unset or empty', () => {
    expect(loadConfig({ OPEN311_CONTACT: ' 0591-12345，open311@example.gov.cn ' }).open311.contact).toBe('0591-12345，open311@example.gov.cn');
    expect(loadConfig({ OPEN311_CONTACT: '' }).open311.contact).toBe('12345 政务服务便民热线');
    expect(loadConfig({}).open311.contact).toBe('12345 政务服务便民热线');
  });

  it('names the changeset in +08:00', () => {
    expect(DISCOVERY_CHANGESET).toMatch(W3_CHINA);
  });
});

describe('CORS for civic apps on other origins', () => {
  it('lets any origin read an answer, without credentials and across helmet’s resource policy', async () => {
    const answer = await fromAnotherOrigin('/open311/v2/services.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(answer.headers.has('access-control-allow-credentials')).toBe(false);
  });

  it('lets them read the errors too: an unknown format, a refused request, a malformed body', async () => {
    const unknownFormat = await fromAnotherOrigin('/open311/v2/services.csv');
    const noKey = await fromAnotherOrigin('/open311/v2/requests.json', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'service_code=city.road' });
    const malformed = await fromAnotherOrigin('/open311/v2/requests.json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect([unknownFormat.status, noKey.status, malformed.status]).toEqual([404, 403, 400]);
    for (const answer of [unknownFormat, noKey, malformed]) {
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    }
  });

  it('answers the preflight of a POST with an Idempotency-Key', async () => {
    const answer = await fromAnotherOrigin('/open311/v2/requests.json', {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' },
    });
    expect(answer.status).toBe(204);
    expect(Object.fromEntries([...answer.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'Content-Type, Idempotency-Key',
      'access-control-max-age': '86400',
    });
  });

  it('leaves the /api routes, which a session cookie authenticates, same-origin', async () => {
    const login = await fromAnotherOrigin('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const preflight = await fromAnotherOrigin('/api/auth/login', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } });
    for (const answer of [login, preflight]) {
      expect(answer.headers.has('access-control-allow-origin')).toBe(false);
      expect(answer.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
  });
});
