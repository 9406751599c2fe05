import { ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../domain/identity/roles.js';
import { AccessGuard } from '../../infrastructure/http/auth/access.guard.js';
import type { Sessions, ControlToken } from '../../infrastructure/http/auth/sessions.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

type Expected = 'public' | 'authenticated' | 'control' | readonly Role[];

const CASE_READERS: Role[] = ['applicant', 'window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor', 'leader', 'admin'];
/** Who reads 12345 tickets: the center, the departments they are dispatched to, and those who read everything. */
const TICKET_READERS: Role[] = ['hotline_operator', 'department_handler', 'department_head', 'supervisor', 'auditor', 'leader', 'admin'];

/**
 * Who may call each route, written out by hand: the test fails when a route is added without
 * a line here, and when the server's answer differs from the line.
 */
const EXPECTED: Record<string, Expected> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'authenticated',
  'GET /api/auth/me': 'authenticated',
  'POST /api/admin/departments': ['admin'],
  'POST /api/admin/departments/:code/windows': ['admin'],
  'POST /api/admin/users': ['admin'],
  'GET /api/admin/users': ['admin'],
  'GET /api/departments': 'authenticated',
  'POST /api/catalog/items': ['department_head', 'admin'],
  'GET /api/catalog/items': 'authenticated',
  'POST /api/catalog/items/:code/submit': ['department_head', 'admin'],
  'POST /api/catalog/items/:code/approve': ['legal_office'],
  'POST /api/catalog/items/:code/send-back': ['legal_office'],
  'POST /api/catalog/items/:code/publish': ['department_head', 'admin'],
  'POST /api/catalog/items/:code/suspend': ['department_head', 'admin'],
  'POST /api/catalog/items/:code/resume': ['department_head', 'admin'],
  'POST /api/catalog/items/:code/retire': ['department_head', 'admin'],
  'GET /api/catalog/items/:code': 'authenticated',
  'GET /api/catalog/items/:code/versions/:version': 'authenticated',
  'POST /api/cases': ['applicant', 'window_staff'],
  'GET /api/cases': CASE_READERS,
  'GET /api/cases/inbox': ['window_staff', 'reviewer', 'department_head'],
  'GET /api/cases/:id': CASE_READERS,
  'GET /api/cases/:id/history': ['auditor', 'supervisor'],
  'POST /api/cases/:id/pre-review': ['window_staff'],
  'POST /api/cases/:id/accept': ['window_staff'],
  'POST /api/cases/:id/refuse': ['window_staff'],
  'POST /api/cases/:id/request-supplement': ['window_staff', 'reviewer', 'department_head'],
  'POST /api/cases/:id/supplement': ['applicant', 'window_staff'],
  'POST /api/cases/:id/review': ['reviewer', 'department_head'],
  'POST /api/cases/:id/suspend': ['reviewer', 'department_head'],
  'POST /api/cases/:id/resume': ['reviewer', 'department_head'],
  'POST /api/cases/:id/extend': ['department_head'],
  'POST /api/cases/:id/decide': ['reviewer', 'department_head'],
  'POST /api/cases/:id/assess-fee': ['window_staff'],
  'POST /api/cases/:id/pay-fee': ['window_staff'],
  'POST /api/cases/:id/issue-certificate': ['window_staff', 'department_head'],
  'POST /api/cases/:id/deliver': ['window_staff'],
  'POST /api/cases/:id/complete': ['window_staff', 'reviewer', 'department_head'],
  'POST /api/cases/:id/withdraw': ['applicant', 'window_staff'],
  'POST /api/cases/:id/terminate': ['department_head'],
  'POST /api/cases/:id/rating': ['applicant', 'window_staff'],
  'GET /api/ratings': CASE_READERS,
  'POST /api/ratings/:caseId/verify': ['department_head'],
  'POST /api/ratings/:caseId/rectify': ['department_head'],
  'POST /api/ratings/:caseId/callback': ['department_head'],
  'POST /api/bundles': ['applicant', 'window_staff'],
  'GET /api/bundles': CASE_READERS,
  'GET /api/bundles/:id': CASE_READERS,
  'POST /api/bundles/:id/extend': ['department_head'],
  'POST /api/bundles/:id/deliver': ['window_staff'],
  'POST /api/materials': ['applicant', 'window_staff'],
  'GET /api/materials/:digest': ['applicant', 'window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor'],
  'GET /api/registry/prefill': ['applicant', 'window_staff'],
  'GET /api/registry/persons': ['window_staff', 'supervisor', 'admin'],
  'GET /api/registry/enterprises': ['window_staff', 'supervisor', 'admin'],
  'GET /api/registry/projects/:code': CASE_READERS,
  'GET /api/registry/licenses': CASE_READERS,
  'GET /api/registry/licenses/:number': CASE_READERS,
  'POST /api/registry/licenses/:number/revoke': ['department_head'],
  'GET /api/analytics/cases-by-department': ['leader', 'supervisor', 'admin'],
  // hotline-measures (12345 三率, 热点): every department for the city and the center, their own for a department
  'GET /api/hotline/measures': ['leader', 'supervisor', 'auditor', 'hotline_operator', 'admin', 'department_head', 'department_handler'],
  'GET /api/hotline/hot-topics': ['leader', 'supervisor', 'auditor', 'hotline_operator', 'admin', 'department_head', 'department_handler'],
  // knowledge (知识库): search and published articles for everyone; hotline staff list and read drafts; operators and admins write
  'GET /api/knowledge/search': 'public',
  'GET /api/knowledge/articles': ['hotline_operator', 'department_handler', 'supervisor', 'auditor', 'leader', 'admin'],
  'GET /api/knowledge/articles/:id': 'public',
  'POST /api/knowledge/articles': ['hotline_operator', 'admin'],
  'POST /api/knowledge/articles/:id/revise': ['hotline_operator', 'admin'],
  'POST /api/knowledge/articles/:id/publish': ['hotline_operator', 'admin'],
  'POST /api/knowledge/articles/:id/retire': ['hotline_operator', 'admin'],
  'GET /api/cases/:id/rating-link': ['window_staff'],
  'GET /api/ratings/by-link/:token': 'public',
  'POST /api/ratings/by-link': 'public',
  // hotline (12345 工单): the center registers and steers, the dispatched department's handler works the ticket; classification and the public pages
  'POST /api/hotline/tickets': ['hotline_operator'],
  'GET /api/hotline/tickets': TICKET_READERS,
  'GET /api/hotline/tickets/:id': TICKET_READERS,
  'GET /api/hotline/tickets/:id/history': TICKET_READERS,
  'GET /api/hotline/callers/history': ['hotline_operator'],
  'GET /api/hotline/duplicates': ['hotline_operator'],
  'GET /api/hotline/dispatch-suggestion': ['hotline_operator'],
  'POST /api/hotline/tickets/:id/answer': ['hotline_operator'],
  'POST /api/hotline/tickets/:id/dispatch': ['hotline_operator'],
  'POST /api/hotline/tickets/:id/sign': ['department_handler'],
  'POST /api/hotline/tickets/:id/return': ['department_handler'],
  'POST /api/hotline/tickets/:id/request-extension': ['department_handler'],
  'POST /api/hotline/tickets/:id/decide-extension': ['hotline_operator'],
  'POST /api/hotline/tickets/:id/reply': ['department_handler'],
  'POST /api/hotline/tickets/:id/callback': ['hotline_operator'],
  'POST /api/hotline/tickets/:id/supervise': ['hotline_operator', 'supervisor'],
  'POST /api/hotline/tickets/:id/merge': ['hotline_operator'],
  'POST /api/hotline/tickets/:id/take': ['hotline_operator'],
  'POST /api/hotline/tickets/:id/close': ['hotline_operator'],
  'POST /api/hotline/tickets/:id/archive': ['hotline_operator'],
  'POST /api/hotline/tickets/:id/publish': ['hotline_operator'],
  'GET /api/hotline/categories': 'public',
  'POST /api/hotline/categories': ['hotline_operator', 'admin'],
  'POST /api/hotline/categories/:code/retire': ['hotline_operator', 'admin'],
  'GET /api/hotline/districts': 'public',
  'POST /api/hotline/districts': ['hotline_operator', 'admin'],
  'POST /api/hotline/districts/:code/retire': ['hotline_operator', 'admin'],
  'POST /api/public/hotline/requests': 'public',
  'GET /api/public/hotline/requests/:number': 'public',
  'GET /api/public/hotline/published': 'public',
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/events/stream': 'authenticated',
  'GET /api/admin/projections': 'control',
  'POST /api/admin/projections/:name/rebuild': 'control',
  // open311: the API keys of Open311 clients (the /open311/v2 routes are outside /api: public, api_key on POST)
  'POST /api/open311/keys': ['admin'],
  'GET /api/open311/keys': ['admin'],
  'POST /api/open311/keys/:id/revoke': ['admin'],
};

const PARAMS: Record<string, string> = { code: 'XK99999999', id: '00000000-0000-5000-8000-000000000000', name: 'no-such-projection' };

let t: TestServer;
const cookies = new Map<Role, string>();

beforeAll(async () => {
  t = await startTestServer();
  const admin = await t.login('admin', ADMIN_PASSWORD);
  await admin.post('/api/admin/departments', { code: 'market', name: '市场监督管理局', windows: [] });
  await t.server.runner.settle();
  for (const role of ROLES) {
    const username = `as.${role.replaceAll('_', '.')}`;
    const created = await admin.post('/api/admin/users', { username, displayName: role, password: 'matrix-pass-1', roles: [role], department: 'market' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  await t.server.runner.settle();
  for (const role of ROLES) {
    const answer = await t.anonymous.post('/api/auth/login', { username: `as.${role.replaceAll('_', '.')}`, password: 'matrix-pass-1' });
    cookies.set(role, answer.headers.get('set-cookie')!.split(';')[0]!);
  }
}, 120_000);
afterAll(async () => t?.close());

/** The routes the server really has, read from its router. */
function serverRoutes(): string[] {
  const express = t.server.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  return express.router.stack
    // The Swagger UI's own pages and assets are public documentation, mounted beside the controllers.
    .filter((layer) => layer.route?.path.startsWith('/api/') && !layer.route.path.startsWith('/api/docs'))
    .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`));
}

/** Calls a route with the least it takes to get past access control; reads only the status. */
async function call(route: string, cookie?: string): Promise<number> {
  const [method, pattern] = route.split(' ') as [string, string];
  const url = pattern.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? 'x');
  const controller = new AbortController();
  const response = await fetch(t.url + url, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    ...(method === 'POST' ? { body: '{}' } : {}),
    signal: controller.signal,
  });
  controller.abort(); // the event stream never ends by itself
  return response.status;
}

describe('access control', () => {
  it('has a line in the matrix for every route the server has, and no more', () => {
    expect(serverRoutes().sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('answers every route for every role and for anonymous callers as the matrix says', async () => {
    const wrong: string[] = [];
    // Logging out ends the session the other calls use: it goes last.
    const routes = Object.entries(EXPECTED).sort(([a], [b]) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    for (const [route, expected] of routes) {
      const anonymous = await call(route);
      if (expected === 'public' ? [401, 403].includes(anonymous) : anonymous !== 401) wrong.push(`${route} anonymous → ${anonymous}`);
      for (const role of ROLES) {
        const allowed = expected === 'public' || expected === 'authenticated' || (expected === 'control' ? role === 'admin' : expected.includes(role));
        const status = await call(route, cookies.get(role));
        if (allowed ? status === 401 || status === 403 : status !== 403) wrong.push(`${route} as ${role} → ${status} (expected ${allowed ? 'allowed' : '403'})`);
        if (status >= 500) wrong.push(`${route} as ${role} → ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('lets the local command line in with the control token and nobody else without it', async () => {
    const withToken = await fetch(`${t.url}/api/admin/projections`, { headers: { 'x-control-token': t.server.control.value } });
    const forged = await fetch(`${t.url}/api/admin/projections`, { headers: { 'x-control-token': 'guess' } });
    expect(withToken.status).toBe(200);
    expect(forged.status).toBe(401);
  });

  it('refuses a route that declares no policy, whoever calls', async () => {
    const guard = new AccessGuard(new Reflector(), { authenticate: async () => undefined } as unknown as Sessions, { matches: () => true } as unknown as ControlToken);
    const context = {
      getHandler: () => function undeclared() {},
      getClass: () => class Undeclared {},
      switchToHttp: () => ({ getRequest: () => ({ headers: {} }) }),
    };
    await expect(guard.canActivate(context as never)).rejects.toBeInstanceOf(ForbiddenException);
  });
});
