import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

describe('logging in', () => {
  it('lets the admin in with the configured password and tells who they are', async () => {
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const me = await admin.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: 'admin', roles: ['admin'] });
  });

  it('sets an HttpOnly, SameSite session cookie', async () => {
    const answer = await t.anonymous.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(/gh_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await t.anonymous.post('/api/auth/login', { username: 'admin', password: 'not-it-at-all' });
    const unknown = await t.anonymous.post('/api/auth/login', { username: 'nobody', password: 'not-it-at-all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.message.zh).toBe('用户名或密码错误');
  });

  it('slows down password guessing on one account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await t.anonymous.post('/api/auth/login', { username: 'guessed', password: `try-${i}` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('ends the session on logout', async () => {
    const admin = await t.login('admin', ADMIN_PASSWORD);
    expect((await admin.post('/api/auth/logout')).status).toBe(204);
    await t.server.runner.settle();
    expect((await admin.get('/api/auth/me')).status).toBe(401);
  });

  it('asks anonymous callers to log in', async () => {
    expect((await t.anonymous.get('/api/auth/me')).status).toBe(401);
  });
});

describe('bad input at the edge', () => {
  it('answers malformed JSON with 400 and a reason', async () => {
    const answer = await t.anonymous.raw('POST', '/api/auth/login', '{"username": ', { 'content-type': 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('malformed_json');
  });

  it('names the missing field', async () => {
    const answer = await t.anonymous.post('/api/auth/login', { username: 'admin' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(answer.body.details.fields).toEqual([expect.objectContaining({ field: 'password' })]);
  });

  it('answers an unknown route with JSON 404', async () => {
    const answer = await t.anonymous.get('/api/no-such-thing');
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('not_found');
  });

  it('serves the OpenAPI document', async () => {
    const answer = await t.anonymous.get('/api/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body.paths['/api/auth/login']).toBeDefined();
  });

  it('reports each engine in the health check', async () => {
    const answer = await t.anonymous.get('/api/health');
    expect(answer.status).toBe(200);
    expect(answer.body.engines).toEqual({
      eventStore: { engine: 'sqlite', state: 'up' },
      documents: { engine: 'sqlite', state: 'up' },
      warehouse: { engine: 'chdb', state: 'up' },
    });
  });
});
