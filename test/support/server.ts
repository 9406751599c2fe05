import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../infrastructure/config.js';
import { ManualClock } from '../../infrastructure/clock.js';
import { bootstrapAdmin } from '../../infrastructure/seed/admin.js';
import { createServer, type Server } from '../../infrastructure/server.js';

export const ADMIN_PASSWORD = 'admin-secret-1';

export interface TestServer {
  readonly url: string;
  readonly server: Server;
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** Logs in and returns a client that sends the session cookie. */
  login(username: string, password: string): Promise<Client>;
  readonly anonymous: Client;
  close(): Promise<void>;
}

export interface Answer<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface Client {
  get<T = any>(url: string): Promise<Answer<T>>;
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  /** Sends a raw body, for malformed input. */
  raw<T = any>(method: string, url: string, body: string, headers?: Record<string, string>): Promise<Answer<T>>;
}

/** A real server on an ephemeral port with its own data directory and a clock the test moves. */
export async function startTestServer(options: { now?: string; seed?: (server: Server) => Promise<void> } = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-api-'));
  const clock = new ManualClock(new Date(options.now ?? '2026-11-02T09:00:00+08:00'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD, SEED_DEMO: '0', EVENT_STORE_SYNC: 'normal' });
  const server = await createServer(config, clock);
  await bootstrapAdmin(server, config);
  if (options.seed) await options.seed(server);
  await server.app.listen(0, '127.0.0.1');
  const address = server.app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;

  const client = (cookie?: string): Client => {
    const send = async (method: string, target: string, body: string | undefined, headers: Record<string, string> = {}) => {
      const response = await fetch(url + target, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...headers },
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: response.status, body: parsed as any, headers: response.headers };
    };
    return {
      get: (target) => send('GET', target, undefined),
      post: (target, body, headers) => send('POST', target, JSON.stringify(body ?? {}), headers),
      raw: (method, target, body, headers) => send(method, target, body, headers),
    };
  };

  return {
    url,
    server,
    clock,
    dataDir,
    anonymous: client(),
    async login(username, password) {
      const answer = await client().post('/api/auth/login', { username, password });
      if (answer.status !== 200) throw new Error(`login as ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      const cookie = answer.headers.get('set-cookie')!.split(';')[0]!;
      return client(cookie);
    },
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test's people: username, role and, for department roles, the department. */
export type Person = readonly [username: string, role: string, department?: string];

/**
 * Sets up an organisation through the admin API, as an administrator would: the departments
 * (each with one window), then the users, each logged in. Returns a client per username.
 */
export async function staffUp(t: TestServer, departments: readonly string[], people: readonly Person[], password: string): Promise<Record<string, Client>> {
  const admin = await t.login('admin', ADMIN_PASSWORD);
  for (const code of departments) await admin.post('/api/admin/departments', { code, name: code, windows: [{ code: 'W1', name: '一号窗口' }] });
  await t.server.runner.settle();
  for (const [username, role, department] of people) {
    const answer = await admin.post('/api/admin/users', { username, displayName: username, password, roles: [role], ...(department ? { department } : {}) });
    if (answer.status !== 201) throw new Error(`creating ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  await t.server.runner.settle();
  const clients: Record<string, Client> = {};
  for (const [username] of people) clients[username] = await t.login(username, password);
  return clients;
}

/** Sessions last eight hours of domain time: after moving the clock by days, everyone logs in again. */
export async function moveClockTo(t: TestServer, clients: Record<string, Client>, password: string, instant: string): Promise<void> {
  t.clock.set(instant);
  for (const username of Object.keys(clients)) clients[username] = await t.login(username, password);
}

/** Waits until the process managers and the views have taken in every event so far. */
export async function settle(t: TestServer): Promise<void> {
  for (;;) {
    const head = await t.server.engines.events.headPosition();
    await t.server.processes.settle(head);
    await t.server.runner.settle();
    if ((await t.server.engines.events.headPosition()) === head) return;
  }
}

/** The answer to a request that must be refused, with a message in both languages, without writing a single event. */
export async function refusedWithoutWriting(t: TestServer, request: () => Promise<Answer>, status: number, code?: string): Promise<Answer> {
  await settle(t);
  const before = await t.server.engines.events.headPosition();
  const answer = await request();
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  if (code) expect(answer.body.code).toBe(code);
  expect(answer.body.message?.zh, 'a Chinese message').toBeTruthy();
  expect(answer.body.message?.en, 'an English message').toBeTruthy();
  expect(await t.server.engines.events.headPosition()).toBe(before);
  return answer;
}
