import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketStepCommand, type TicketStep } from '../../application/hotline/hotline.handlers.js';
import type { Actor } from '../../domain/shared/decider.js';
import { ADMIN_PASSWORD, startTestServer, type Client, type TestServer } from '../support/server.js';
import { answers, CALLER, CALLER_ADDRESS, call, issueKey, PERSONAL, read, REQUEST_FIELDS, seedClassification, W3_CHINA, type Raw } from './open311-helpers.js';

let t: TestServer;
let admin: Client;
let apiKey: string;
const OPERATOR: Actor = { id: 'operator-1', role: 'hotline_operator' };
const HANDLER: Actor = { id: 'handler-1', role: 'department_handler', department: 'market' };

async function step(actor: Actor, command: TicketStep) {
  const outcome = await t.server.app.get(CommandBus).execute(new TicketStepCommand({ commandId: randomUUID(), actor }, command));
  expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
  await t.server.runner.settle();
}

async function ticketIdOf(number: string): Promise<string> {
  const found = await t.server.engines.documents.find<{ ticketId: string }>('open311_requests', { number }, { limit: 1 });
  return found.items[0]!.ticketId;
}

const events = () => t.server.engines.events.headPosition();

/** Posts a service request as a form, the way the specification sends it. */
function post(format: 'json' | 'xml', form: Record<string, string>) {
  return call(t.url, 'POST', `/open311/v2/requests.${format}`, form);
}

async function submit(form: Record<string, string>): Promise<string> {
  const answer = await post('json', { api_key: apiKey, ...form });
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text)[0].service_request_id;
}

let oldRequest: string;

beforeAll(async () => {
  // One request from July, more than 90 days before the others (November).
  t = await startTestServer({ now: '2026-07-01T10:00:00+08:00' });
  await seedClassification(t.server);
  admin = await t.login('admin', ADMIN_PASSWORD);
  expect((await admin.post('/api/admin/departments', { code: 'market', name: '市场监督管理局', windows: [] })).status).toBe(201);
  await t.server.runner.settle();
  apiKey = await issueKey(t.server, '市民随手拍 App');
  oldRequest = await submit({ service_code: 'city.road', address_string: '鼓楼区五四路 1 号', description: '路面塌陷' });
  t.clock.set('2026-11-02T09:00:00+08:00');
  admin = await t.login('admin', ADMIN_PASSWORD);
}, 120_000);
afterAll(async () => t?.close());

describe('Open311 API keys', () => {
  it('are issued by an admin, shown once, listed without the key and revoked', async () => {
    const issued = await admin.post('/api/open311/keys', { client: '街道网格 App' });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body.key).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    expect(issued.body.key.startsWith(issued.body.keyPrefix)).toBe(true);

    const listed = await admin.get('/api/open311/keys');
    expect(listed.status).toBe(200);
    const entry = listed.body.items.find((k: { keyId: string }) => k.keyId === issued.body.id);
    expect(entry).toMatchObject({ client: '街道网格 App', keyPrefix: issued.body.keyPrefix, active: true });
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
    expect(entry).not.toHaveProperty('keyHash');

    const form = { api_key: issued.body.key, service_code: 'city.noise', lat: '26.08', long: '119.30', 'attribute[district_code]': 'gulou', description: '夜间施工噪音' };
    expect((await post('json', form)).status).toBe(200);

    const revoked = await admin.post(`/api/open311/keys/${issued.body.id}/revoke`, { reason: '合作终止' });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(201);
    const after = await admin.get('/api/open311/keys');
    expect(after.body.items.find((k: { keyId: string }) => k.keyId === issued.body.id)).toMatchObject({ active: false, revokeReason: '合作终止' });
    const before = await events();
    expect((await post('json', form)).status).toBe(403);
    expect(await events()).toBe(before);

    expect((await admin.post(`/api/open311/keys/${issued.body.id}/revoke`, { reason: '再次作废' })).status).toBe(409);
  });

  it('cannot be shown a second time by retrying the request', async () => {
    const headers = { 'idempotency-key': 'open311-key-retry-1' };
    expect((await admin.post('/api/open311/keys', { client: '重试客户端' }, headers)).status).toBe(201);
    const retried = await admin.post('/api/open311/keys', { client: '重试客户端' }, headers);
    expect(retried.status).toBe(409);
    expect(retried.body.code).toBe('open311_key.already_shown');
  });

  it('refuses an unknown key id and an empty client name, in the API’s own JSON', async () => {
    const unknown = await admin.post('/api/open311/keys/00000000-0000-5000-8000-000000000000/revoke', { reason: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('open311_key.not_found');
    expect((await admin.post('/api/open311/keys', { client: '   ' })).status).toBe(422);
  });
});

describe('GET Service List', () => {
  it.each(['json', 'xml'] as const)('lists the leaf categories in use as services (%s)', async (format) => {
    const answer = await call(t.url, 'GET', `/open311/v2/services.${format}`);
    expect(answer.status).toBe(200);
    const services = read(answer, 'services', format);
    expect(services.map((s: { service_code: string }) => s.service_code)).toEqual(['city.noise', 'city.road', 'market.food']);
    const noise = services[0];
    expect(Object.keys(noise).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    expect(noise).toMatchObject({ service_name: '噪音扰民', group: '城市管理', keywords: '城市管理,噪音扰民', type: 'realtime' });
    expect(String(noise.metadata)).toBe('true');
  });
});

describe('GET Service Definition', () => {
  it.each(['json', 'xml'] as const)('gives the attributes of a service: district, kind and title (%s)', async (format) => {
    const answer = await call(t.url, 'GET', `/open311/v2/services/city.noise.${format}`);
    expect(answer.status, answer.text).toBe(200);
    const definition = read(answer, 'service_definition', format);
    expect(definition.service_code).toBe('city.noise');
    const attributes = format === 'json' ? definition.attributes : definition.attributes.attribute;
    expect(attributes.map((a: { code: string }) => a.code)).toEqual(['district_code', 'ticket_type', 'title']);
    const district = attributes[0];
    expect(Object.keys(district).sort()).toEqual(['code', 'datatype', 'datatype_description', 'description', 'order', 'required', 'values', 'variable']);
    expect(district).toMatchObject({ datatype: 'singlevaluelist' });
    expect(String(district.required)).toBe('false');
    const values = format === 'json' ? district.values : district.values.value;
    expect(values).toEqual([
      { key: 'gulou', name: '鼓楼区' },
      { key: 'taijiang', name: '台江区' },
    ]);
  });

  it.each(['json', 'xml'] as const)('answers 404 for a service that does not exist, or is not a leaf (%s)', async (format) => {
    for (const code of ['no.such', 'city']) {
      const answer = await call(t.url, 'GET', `/open311/v2/services/${code}.${format}`);
      expect(answer.status).toBe(404);
      const [error] = read(answer, 'errors', format);
      expect(String(error.code)).toBe('404');
      expect(error.description).toContain(code);
    }
  });
});

describe('POST Service Request', () => {
  it.each(['json', 'xml'] as const)('registers a hotline ticket and answers with its number (%s)', async (format) => {
    const answer = await post(format, {
      api_key: apiKey,
      service_code: 'city.noise',
      lat: '26.0745',
      long: '119.2965',
      'attribute[district_code]': 'gulou',
      'attribute[ticket_type]': 'complaint',
      'attribute[title]': '工地夜间施工',
      description: '工地每晚施工到凌晨两点，我是张三，电话 13912345678',
      address_string: CALLER_ADDRESS,
      ...CALLER,
    });
    expect(answer.status, answer.text).toBe(200);
    const [created] = read(answer, 'service_requests', format);
    expect(Object.keys(created).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    expect(created.service_request_id).toMatch(/^12345-20261102-\d{4}$/);
    expect(created.service_notice).toBe('12345热线已受理，将分派承办部门办理');
    expect(created.account_id === null || created.account_id === '').toBe(true);

    const ticket = (await t.server.engines.documents.find<Record<string, any>>('tickets', { number: created.service_request_id }, { limit: 1 })).items[0]!;
    // The center keeps the exact place; only Open311's answers are coarse.
    expect(ticket).toMatchObject({ type: 'complaint', channel: 'app', urgency: 'normal', categoryCode: 'city.noise', districtCode: 'gulou', title: '工地夜间施工', address: CALLER_ADDRESS, location: { lat: 26.0745, long: 119.2965 } });
    // The operator can call back: the caller is on the ticket, in the Chinese order of names.
    expect(ticket.caller).toEqual({ name: '张三', phone: '13912345678' });
  });

  it('takes the district from a district named in address_string, and from address_id', async () => {
    const named = await submit({ service_code: 'city.road', address_string: '福州市台江区八一七中路 88 号', description: '井盖缺失' });
    const coded = await submit({ service_code: 'city.road', address_id: 'taijiang', description: '路灯不亮' });
    for (const id of [named, coded]) {
      const [request] = read(await call(t.url, 'GET', `/open311/v2/requests/${id}.json`), 'service_requests', 'json');
      expect(request.address_id).toBe('taijiang');
    }
    // The address the public sees is the district and the road, never the house number.
    const [web] = read(await call(t.url, 'GET', `/open311/v2/requests/${named}.json`), 'service_requests', 'json');
    expect(web.address).toBe('台江区八一七中路');
    const [byId] = read(await call(t.url, 'GET', `/open311/v2/requests/${coded}.xml`), 'service_requests', 'xml');
    expect(byId.address === '' || byId.address === null).toBe(true);
  });

  it.each(['json', 'xml'] as const)('refuses a request without a location, with 400 and nothing written (%s)', async (format) => {
    const before = await events();
    const answer = await post(format, { api_key: apiKey, service_code: 'city.noise', description: '噪音', 'attribute[district_code]': 'gulou' });
    expect(answer.status).toBe(400);
    const [error] = read(answer, 'errors', format);
    expect(String(error.code)).toBe('400');
    expect(error.description).toContain('lat');
    expect(error.description).toContain('address_string');
    expect(await events()).toBe(before);
  });

  it.each(['json', 'xml'] as const)('refuses a missing or wrong api_key with 403 and nothing written (%s)', async (format) => {
    const before = await events();
    const form = { service_code: 'city.noise', lat: '26.07', long: '119.29', description: '噪音' };
    for (const sent of [form, { ...form, api_key: 'o311_not-a-real-key' }, { ...form, api_key: apiKey.slice(0, -2) }]) {
      const answer = await post(format, sent);
      expect(answer.status).toBe(403);
      const [error] = read(answer, 'errors', format);
      expect(String(error.code)).toBe('403');
      expect(error.description).toContain('api_key');
    }
    expect(await events()).toBe(before);
  });

  it.each(['json', 'xml'] as const)('refuses an unknown service code with 404 and nothing written (%s)', async (format) => {
    const before = await events();
    const answer = await post(format, { api_key: apiKey, service_code: 'no.such', lat: '26.07', long: '119.29', description: '噪音' });
    expect(answer.status).toBe(404);
    expect(read(answer, 'errors', format)[0].description).toContain('no.such');
    expect(await events()).toBe(before);
  });

  it.each(['json', 'xml'] as const)('refuses, with 400 and nothing written: no description, half a coordinate, an unknown district, an unknown kind, no district at all (%s)', async (format) => {
    const before = await events();
    const base = { api_key: apiKey, service_code: 'city.noise', lat: '26.07', long: '119.29', description: '噪音', 'attribute[district_code]': 'gulou' };
    const cases: Record<string, string>[] = [
      { ...base, description: '' },
      { ...base, long: '' },
      { ...base, 'attribute[district_code]': 'mawei' },
      { ...base, 'attribute[ticket_type]': 'gossip' },
      { ...base, address_id: 'nowhere', 'attribute[district_code]': '' },
      { ...base, 'attribute[district_code]': '' },
      { ...base, lat: '123' },
    ];
    for (const form of cases) {
      const answer = await post(format, form);
      expect(answer.status, JSON.stringify(form)).toBe(400);
      const errors = read(answer, 'errors', format);
      expect(errors.length).toBeGreaterThan(0);
      expect(String(errors[0].code)).toBe('400');
      expect(errors[0].description).toBeTruthy();
    }
    expect(await events()).toBe(before);
  });

  it('answers a malformed form or an unknown format in Open311’s own error format', async () => {
    const answer = await call(t.url, 'GET', '/open311/v2/requests.csv');
    expect(answer.status).toBe(404);
    read(answer, 'errors', 'xml');
    const missing = await call(t.url, 'GET', '/open311/v2/no-such-resource.json');
    expect(missing.status).toBe(404);
    expect(read(missing, 'errors', 'json')[0].code).toBe(404);
  });
});

describe('GET Service Request', () => {
  it.each(['json', 'xml'] as const)('shows one request with the specification’s fields, times in +08:00, and no personal data (%s)', async (format) => {
    const id = await submit({
      service_code: 'city.noise',
      lat: '26.0745',
      long: '119.2965',
      'attribute[district_code]': 'gulou',
      address_string: CALLER_ADDRESS,
      description: `我是张三，住${CALLER_ADDRESS}，电话13912345678，楼下烧烤店油烟`,
      ...CALLER,
    });
    const answer = await call(t.url, 'GET', `/open311/v2/requests/${id}.${format}`);
    expect(answer.status).toBe(200);
    const [request] = read(answer, 'service_requests', format);
    expect(Object.keys(request).sort()).toEqual([...REQUEST_FIELDS].sort());
    expect(request).toMatchObject({ service_request_id: id, status: 'open', service_code: 'city.noise', service_name: '噪音扰民', address_id: 'gulou', agency_responsible: '12345政务服务便民热线' });
    // A point to about 100 m and the district with its road: where, not whose door.
    expect(String(request.lat)).toBe('26.075');
    expect(String(request.long)).toBe('119.297');
    expect(request.address).toBe('鼓楼区五一中路');
    expect(request.description).toContain('鼓楼区五');
    expect(request.requested_datetime).toMatch(W3_CHINA);
    expect(request.requested_datetime.startsWith('2026-11-02T09:00:00')).toBe(true);
    expect(request.description).toContain('楼下烧烤店油烟');
    for (const personal of PERSONAL) expect(answer.text).not.toContain(personal);
  });

  it.each(['json', 'xml'] as const)('answers 404 for a number that does not exist (%s)', async (format) => {
    const answer = await call(t.url, 'GET', `/open311/v2/requests/12345-20260101-9999.${format}`);
    expect(answer.status).toBe(404);
    expect(String(read(answer, 'errors', format)[0].code)).toBe('404');
  });

  it('follows the ticket: dispatched, signed, replied, closed; a merged duplicate is closed and names its master', async () => {
    const id = await submit({ service_code: 'market.food', address_string: '鼓楼区东街口', description: '饭店后厨卫生差，我是张三', ...CALLER });
    const ticketId = await ticketIdOf(id);
    const show = async () => read(await call(t.url, 'GET', `/open311/v2/requests/${id}.json`), 'service_requests', 'json')[0];

    await step(OPERATOR, { type: 'DispatchTicket', data: { ticketId, department: 'market' } });
    let request = await show();
    expect(request).toMatchObject({ status: 'open', agency_responsible: '市场监督管理局', status_notes: '已派市场监督管理局办理' });
    expect(request.expected_datetime).toMatch(W3_CHINA);
    expect(request.service_notice).toContain('市场监督管理局');

    await step(HANDLER, { type: 'SignTicket', data: { ticketId } });
    expect((await show()).status_notes).toBe('市场监督管理局已签收，正在办理');

    await step(HANDLER, { type: 'ReplyTicket', data: { ticketId, content: '已约谈店主张三（13912345678）并责令整改' } });
    request = await show();
    expect(request.status).toBe('open');
    expect(request.status_notes).toContain('责令整改');
    expect(request.status_notes).toContain('张*');
    for (const personal of PERSONAL) expect(JSON.stringify(request)).not.toContain(personal);

    await step(OPERATOR, { type: 'RecordCallback', data: { ticketId, resolved: true, result: 'satisfied' } });
    await step(OPERATOR, { type: 'CloseTicket', data: { ticketId } });
    request = await show();
    expect(request.status).toBe('closed');
    expect(request.service_notice).toBeNull();
    expect(request.updated_datetime).toMatch(W3_CHINA);

    const duplicate = await submit({ service_code: 'city.noise', address_string: '鼓楼区', description: '同一件事' });
    const master = await submit({ service_code: 'city.noise', address_string: '鼓楼区', description: '工地噪音' });
    await step(OPERATOR, { type: 'MergeTicket', data: { ticketId: await ticketIdOf(duplicate), into: await ticketIdOf(master) } });
    const merged = read(await call(t.url, 'GET', `/open311/v2/requests/${duplicate}.xml`), 'service_requests', 'xml')[0];
    expect(merged.status).toBe('closed');
    expect(merged.status_notes).toContain(master);
  });

  it('clears the texts of every caller merged into the request: name, phone and address', async () => {
    const master = await submit({ service_code: 'city.noise', address_string: '鼓楼区', description: '广场舞音响太吵' });
    const duplicate = await submit({ service_code: 'city.noise', address_string: '鼓楼区六一路 7 号', description: '广场舞噪音，我是李四', first_name: '四', last_name: '李', phone: '13812345678' });
    const masterId = await ticketIdOf(master);
    await step(OPERATOR, { type: 'MergeTicket', data: { ticketId: await ticketIdOf(duplicate), into: masterId } });
    await step(OPERATOR, { type: 'DispatchTicket', data: { ticketId: masterId, department: 'market' } });
    await step(HANDLER, { type: 'SignTicket', data: { ticketId: masterId } });
    await step(HANDLER, { type: 'ReplyTicket', data: { ticketId: masterId, content: '已回复李四（13812345678），鼓楼区六一路 7 号附近广场舞已限时限音量' } });
    const [request] = read(await call(t.url, 'GET', `/open311/v2/requests/${master}.json`), 'service_requests', 'json');
    expect(request.status_notes).toContain('广场舞已限时限音量');
    expect(request.status_notes).toContain('李*');
    for (const personal of PERSONAL) expect(request.status_notes).not.toContain(personal);
  });

  it('keeps a report (举报) confidential: no text and no place until published', async () => {
    const id = await submit({ service_code: 'market.food', address_string: '鼓楼区某巷 3 号', description: '某作坊无证生产', 'attribute[ticket_type]': 'report' });
    const show = async () => read(await call(t.url, 'GET', `/open311/v2/requests/${id}.json`), 'service_requests', 'json')[0];
    expect(await show()).toMatchObject({ description: null, address: null, lat: null, long: null, address_id: 'gulou' });

    const ticketId = await ticketIdOf(id);
    await step(OPERATOR, { type: 'AnswerTicket', data: { ticketId, answer: '已转市场监管部门核查，核查结果将另行告知' } });
    expect((await show()).status_notes).toBe('热线已直接答复');
    await step(OPERATOR, { type: 'CloseTicket', data: { ticketId } });
    await step(OPERATOR, { type: 'PublishTicket', data: { ticketId, title: '无证食品作坊', content: '群众举报某作坊无证生产食品', reply: '经核查已依法查处' } });
    const published = await show();
    expect(published).toMatchObject({ status: 'closed', description: '群众举报某作坊无证生产食品', status_notes: '已直接答复并办结：经核查已依法查处', address: null });
  });
});

describe('GET Service Requests', () => {
  const ids = (raw: Raw, format: 'json' | 'xml') => read(raw, 'service_requests', format).map((r: { service_request_id: string }) => r.service_request_id);

  it.each(['json', 'xml'] as const)('by default lists the last 90 days, newest first (%s)', async (format) => {
    const answer = await call(t.url, 'GET', `/open311/v2/requests.${format}`);
    expect(answer.status).toBe(200);
    const listed = read(answer, 'service_requests', format);
    expect(listed.length).toBeGreaterThan(3);
    expect(ids(answer, format)).not.toContain(oldRequest);
    const times = listed.map((r: { requested_datetime: string }) => r.requested_datetime);
    expect([...times].sort().reverse()).toEqual(times);
    for (const r of listed) expect(Object.keys(r).sort()).toEqual([...REQUEST_FIELDS].sort());
  });

  it('filters by service_code, status and a date range, and service_request_id overrides every other filter', async () => {
    const roads = read(await call(t.url, 'GET', '/open311/v2/requests.json?service_code=city.road'), 'service_requests', 'json');
    expect(roads.length).toBeGreaterThan(0);
    expect(roads.every((r: { service_code: string }) => r.service_code === 'city.road')).toBe(true);
    const both = read(await call(t.url, 'GET', '/open311/v2/requests.json?service_code=city.road,market.food'), 'service_requests', 'json');
    expect(new Set(both.map((r: { service_code: string }) => r.service_code))).toEqual(new Set(['city.road', 'market.food']));

    const closed = read(await call(t.url, 'GET', '/open311/v2/requests.xml?status=closed'), 'service_requests', 'xml');
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r: { status: string }) => r.status === 'closed')).toBe(true);
    const open = read(await call(t.url, 'GET', '/open311/v2/requests.json?status=open'), 'service_requests', 'json');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r: { status: string }) => r.status === 'open')).toBe(true);

    const july = await call(t.url, 'GET', `/open311/v2/requests.json?start_date=${encodeURIComponent('2026-06-30T00:00:00+08:00')}&end_date=${encodeURIComponent('2026-07-02T00:00:00+08:00')}`);
    expect(ids(july, 'json')).toEqual([oldRequest]);
    const fromJuly = await call(t.url, 'GET', `/open311/v2/requests.json?start_date=${encodeURIComponent('2026-06-30T00:00:00Z')}`);
    expect(ids(fromJuly, 'json')).toEqual([oldRequest]);
    const untilJuly = await call(t.url, 'GET', `/open311/v2/requests.xml?end_date=${encodeURIComponent('2026-07-02T00:00:00+08:00')}`);
    expect(ids(untilJuly, 'xml')).toEqual([oldRequest]);

    const [recent] = ids(await call(t.url, 'GET', '/open311/v2/requests.json'), 'json');
    const overriding = await call(t.url, 'GET', `/open311/v2/requests.json?service_request_id=${oldRequest},${recent}&status=closed&service_code=market.food`);
    expect(ids(overriding, 'json').sort()).toEqual([oldRequest, recent].sort());
  });

  it.each(['json', 'xml'] as const)('refuses a range over 90 days, a reversed range and a bad status with 400 (%s)', async (format) => {
    for (const query of [
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
      'start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z',
      'status=pending',
      'start_date=yesterday',
    ]) {
      const answer = await call(t.url, 'GET', `/open311/v2/requests.${format}?${query}`);
      expect(answer.status, query).toBe(400);
      expect(read(answer, 'errors', format).length).toBeGreaterThan(0);
    }
  });
});

describe('the default limit', () => {
  it('returns at most the first 1000 requests, newest first', async () => {
    const before = read(await call(t.url, 'GET', '/open311/v2/requests.json'), 'service_requests', 'json').length;
    const needed = 1001 - before;
    const store = t.server.engines.events;
    for (let i = 0; i < needed; i++) {
      const ticketId = randomUUID();
      const registeredAt = new Date(Date.parse('2026-10-01T00:00:00Z') + i * 60_000).toISOString();
      await store.append(
        `ticket-${ticketId}`,
        [
          {
            id: randomUUID(),
            type: 'TicketRegistered',
            data: {
              ticketId,
              number: `12345-20261001-${String(5000 + i).padStart(4, '0')}`,
              type: 'help',
              channel: 'web',
              urgency: 'normal',
              caller: {},
              content: `批量诉求 ${i}`,
              category: { code: 'city.road', name: '道路破损', path: ['city', 'city.road'], pathNames: ['城市管理', '道路破损'] },
              district: { code: 'gulou', name: '鼓楼区' },
              registeredAt,
            },
            metadata: { occurredAt: registeredAt, actorId: 'bulk', actorRole: 'public' },
          },
        ],
        'no_stream',
      );
    }
    await t.server.runner.settle();
    const answer = await call(t.url, 'GET', '/open311/v2/requests.json');
    const listed = read(answer, 'service_requests', 'json');
    expect(listed.length).toBe(1000);
    // The oldest bulk request is the one left out.
    expect(listed.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain('12345-20261001-5000');
  }, 120_000);
});

describe('personal data', () => {
  it('never left through any Open311 answer in this file', () => {
    expect(answers.length).toBeGreaterThan(40);
    for (const text of answers) for (const personal of PERSONAL) expect(text).not.toContain(personal);
  });
});
