import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedId } from '../../application/command-pipeline.js';
import { TicketStepCommand, loadTicket } from '../../application/hotline/hotline.handlers.js';
import { fileOf, ticketDecider } from '../../domain/hotline/index.js';
import { ADMIN_PASSWORD, moveClockTo, staffUp, startTestServer, type Client, type Person, type TestServer } from '../support/server.js';

const PASSWORD = 'hotline-pass-1';
let t: TestServer;
const as: Record<string, Client> = {};

const BBQ = { type: 'complaint', channel: 'phone', urgency: 'normal', caller: { name: '王秀英', phone: '13800138000' }, content: '阳光花园小区楼下烧烤店每天夜里噪音扰民，油烟也很大', categoryCode: 'CG.SR.ZY', districtCode: 'GX', address: '高新区科技路88号' };

/** Events of a ticket's stream: a refused command must add none. */
const eventCount = async (id: string) => (await as.operator!.get(`/api/hotline/tickets/${id}/history`)).body.events.length as number;

async function register(body: Record<string, unknown>, key?: string) {
  const answer = await as.operator!.post('/api/hotline/tickets', body, key ? { 'idempotency-key': key } : {});
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: string; number: string; suggestion: unknown; duplicates: { id: string; number: string; score: number; reason: string }[] };
}

async function ok(client: Client, url: string, body: unknown = {}) {
  const answer = await client.post(url, body);
  expect(answer.status, `${url}: ${JSON.stringify(answer.body)}`).toBe(201);
  return answer.body;
}

beforeAll(async () => {
  // Monday 2 November 2026, 09:00.
  t = await startTestServer({ now: '2026-11-02T09:00:00+08:00' });
  const people: Person[] = [
    ['operator', 'hotline_operator'],
    ['operator2', 'hotline_operator'],
    ['market.handler', 'department_handler', 'market'],
    ['housing.handler', 'department_handler', 'housing'],
    ['market.head', 'department_head', 'market'],
    ['supervisor', 'supervisor'],
  ];
  Object.assign(as, await staffUp(t, ['market', 'housing'], people, PASSWORD));
  for (const [code, name, parentCode] of [
    ['CG', '城市管理', null],
    ['CG.SR', '市容环境', 'CG'],
    ['CG.SR.ZY', '噪音扰民', 'CG.SR'],
    ['SC', '市场监管', null],
    ['SC.SP', '食品安全', 'SC'],
  ] as const) {
    await ok(as.operator!, '/api/hotline/categories', { code, name, parentCode });
  }
  await ok(as.operator!, '/api/hotline/districts', { code: 'GX', name: '高新区' });
  await ok(as.operator!, '/api/hotline/districts', { code: 'DC', name: '东城区' });
  // A department with its Chinese name, as the history should show it (the others are named by their codes).
  const admin = await t.login('admin', ADMIN_PASSWORD);
  expect((await admin.post('/api/admin/departments', { code: 'urban', name: '城市管理委员会', windows: [] })).status).toBe(201);
  await t.server.runner.settle();
}, 120_000);
afterAll(async () => t?.close());

describe('the classification (分类与区域)', () => {
  it('is a tree anyone may read, with each category’s path', async () => {
    const answer = await t.anonymous.get('/api/hotline/categories');
    expect(answer.status).toBe(200);
    expect(answer.body.tree.map((c: { code: string }) => c.code)).toEqual(['CG', 'SC']);
    expect(answer.body.items.find((c: { code: string }) => c.code === 'CG.SR.ZY')).toMatchObject({ pathNames: ['城市管理', '市容环境', '噪音扰民'] });
    expect((await t.anonymous.get('/api/hotline/districts')).body.items.map((d: { name: string }) => d.name)).toEqual(['东城区', '高新区']);
  });

  it('is kept by the center; a department handler cannot change it', async () => {
    expect((await as['market.handler']!.post('/api/hotline/districts', { code: 'XX', name: '某区' })).status).toBe(403);
    const orphan = await as.operator!.post('/api/hotline/categories', { code: 'ZZ.1', name: '孤儿', parentCode: 'ZZ' });
    expect(orphan.status).toBe(404);
    expect(orphan.body.code).toBe('classification.unknown_parent');
  });
});

describe('registering a ticket (登记)', () => {
  it('refuses an unknown category or district and writes nothing, not even a number', async () => {
    const category = await as.operator!.post('/api/hotline/tickets', { ...BBQ, categoryCode: 'NOPE' });
    expect(category.status).toBe(422);
    expect(category.body).toMatchObject({ code: 'ticket.unknown_category', details: { field: 'categoryCode' } });
    const district = await as.operator!.post('/api/hotline/tickets', { ...BBQ, districtCode: 'NOPE' });
    expect(district.status).toBe(422);
    expect(district.body.code).toBe('ticket.unknown_district');
    const shape = await as.operator!.post('/api/hotline/tickets', { ...BBQ, type: 'gossip' });
    expect(shape.status).toBe(400);
    expect((await as.operator!.get('/api/hotline/tickets')).body.total).toBe(0);
  });

  it('gives the first ticket of the day number 0001, once however often the request is sent', async () => {
    const first = await register(BBQ, 'register-bbq-1');
    expect(first).toMatchObject({ number: '12345-20261102-0001', suggestion: null, duplicates: [] });
    const again = await register(BBQ, 'register-bbq-1');
    expect(again).toMatchObject({ id: first.id, number: '12345-20261102-0001' });
    expect((await as.operator!.get('/api/hotline/tickets')).body.total).toBe(1);
  });

  it('only the center registers calls', async () => {
    expect((await as['market.handler']!.post('/api/hotline/tickets', BBQ)).status).toBe(403);
  });
});

describe('a ticket from dispatch to close', () => {
  let id: string;
  let number: string;

  beforeAll(async () => {
    const [ticket] = (await as.operator!.get('/api/hotline/tickets')).body.items;
    id = ticket.id;
    number = ticket.number;
  });

  it('is dispatched, returned by the wrong department, and dispatched again', async () => {
    const dispatched = await ok(as.operator!, `/api/hotline/tickets/${id}/dispatch`, { department: 'housing' });
    expect(dispatched).toMatchObject({ status: 'dispatched', department: 'housing', stages: { sign: { light: 'green', dueAt: '2026-11-03T15:59:59.999Z' }, finish: { dueAt: '2026-11-09T15:59:59.999Z' } } });
    expect((await as['housing.handler']!.get(`/api/hotline/tickets/${id}`)).body.allowedActions).toEqual(['sign', 'return']);
    const returned = await ok(as['housing.handler']!, `/api/hotline/tickets/${id}/return`, { reason: '属市场监管职责，请转市场监管局' });
    // Once returned, the ticket is no longer housing's: it no longer sees it.
    expect(returned).toEqual({ id, visible: false, events: ['TicketReturned'] });
    expect((await as['housing.handler']!.get(`/api/hotline/tickets/${id}`)).status).toBe(404);
    const back = (await as.operator!.get(`/api/hotline/tickets/${id}`)).body;
    expect(back).toMatchObject({ status: 'registered', returns: 1, needsCoordination: false, returnLog: [{ department: 'housing', reason: '属市场监管职责，请转市场监管局' }] });
    expect(back).not.toHaveProperty('department');
    expect((await as.operator!.get('/api/hotline/tickets?returned=true')).body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const again = await ok(as.operator!, `/api/hotline/tickets/${id}/dispatch`, { department: 'market', coHandlers: ['housing'] });
    expect(again).toMatchObject({ status: 'dispatched', department: 'market', coHandlers: ['housing'] });
  });

  it('refuses to dispatch to a department that does not exist', async () => {
    const other = await register({ ...BBQ, caller: {}, content: '公交站台顶棚破损漏雨', categoryCode: 'CG.SR', districtCode: 'DC' });
    const answer = await as.operator!.post(`/api/hotline/tickets/${other.id}/dispatch`, { department: 'nowhere' });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('ticket.unknown_department');
  });

  it('cannot be replied to before it is signed for, and the refusal writes nothing', async () => {
    const before = await eventCount(id);
    const early = await as['market.handler']!.post(`/api/hotline/tickets/${id}/reply`, { content: '已处理' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ticket.wrong_status');
    expect(await eventCount(id)).toBe(before);
  });

  it('is signed for by the lead department and the co-handler', async () => {
    const signed = await ok(as['market.handler']!, `/api/hotline/tickets/${id}/sign`);
    expect(signed).toMatchObject({ status: 'signed', signedBy: ['market'], stages: { sign: { onTime: true, light: 'done' } }, allowedActions: ['reply', 'request-extension'] });
    const helped = await ok(as['housing.handler']!, `/api/hotline/tickets/${id}/sign`);
    expect(helped.signedBy).toEqual(['market', 'housing']);
    // The list row says who has signed, and the answer carries the server's clock.
    const list = (await as.operator!.get('/api/hotline/tickets?status=signed')).body;
    expect(list.now).toBe('2026-11-02T01:00:00.000Z');
    expect(list.items.find((i: { id: string }) => i.id === id)).toMatchObject({ signedBy: ['market', 'housing'] });
    expect((await as.operator!.get(`/api/hotline/tickets/${id}`)).body.now).toBe('2026-11-02T01:00:00.000Z');
    // Signed: the lead department can no longer return it.
    const late = await as['market.handler']!.post(`/api/hotline/tickets/${id}/return`, { reason: '不归我们管' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('ticket.return_after_signing');
  });

  it('suggests the department that signed for such tickets before', async () => {
    const answer = await as.operator!.get('/api/hotline/dispatch-suggestion?category=CG.SR.ZY&district=GX');
    expect(answer.body).toEqual({ department: 'market', count: 1 });
    const none = await as.operator!.get('/api/hotline/dispatch-suggestion?category=SC.SP&district=GX');
    expect(none.status).toBe(200);
    expect(none.body).toBeNull();
  });

  it('refuses a reply without content and writes nothing', async () => {
    const before = await eventCount(id);
    const empty = await as['market.handler']!.post(`/api/hotline/tickets/${id}/reply`, { content: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ code: 'ticket.reply_content_required', details: { field: 'content' } });
    expect(await as['housing.handler']!.post(`/api/hotline/tickets/${id}/reply`, { content: '已处理' }).then((a) => a.status)).toBe(403);
    expect(await eventCount(id)).toBe(before);
  });

  it('is replied to, called back unsatisfied, and reopened for redo to the same department', async () => {
    await ok(as['market.handler']!, `/api/hotline/tickets/${id}/reply`, { content: '已约谈店主，要求夜间22点后停止营业' });
    // 是否解决 must be asked: a callback without the answer writes nothing.
    const before = await eventCount(id);
    const unasked = await as.operator!.post(`/api/hotline/tickets/${id}/callback`, { result: 'unsatisfied' });
    expect(unasked.status).toBe(400);
    expect(unasked.body).toMatchObject({ code: 'validation_failed', details: { fields: [{ field: 'resolved' }] } });
    expect(await eventCount(id)).toBe(before);
    const callback = await ok(as.operator!, `/api/hotline/tickets/${id}/callback`, { resolved: false, result: 'unsatisfied', note: '店主仍营业到凌晨' });
    expect(callback).toMatchObject({ status: 'dispatched', round: 2, department: 'market', coHandlers: ['housing'], unsatisfied: true, lastCallback: { resolved: false, result: 'unsatisfied', round: 1 } });
    expect(callback.stages.sign.light).toBe('green');
    expect((await as.operator!.get('/api/hotline/tickets?unsatisfied=true')).body.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it('is signed, replied to and called back satisfied in the redo, then closed', async () => {
    await ok(as['market.handler']!, `/api/hotline/tickets/${id}/sign`);
    await ok(as['market.handler']!, `/api/hotline/tickets/${id}/reply`, { content: '联合城管执法，烧烤店已停止夜间经营' });
    const early = await as.operator!.post(`/api/hotline/tickets/${id}/close`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ticket.callback_required');
    const satisfied = await ok(as.operator!, `/api/hotline/tickets/${id}/callback`, { resolved: true, result: 'satisfied' });
    expect(satisfied).toMatchObject({ status: 'replied', lastCallback: { resolved: true, result: 'satisfied', round: 2, onTime: true }, allowedActions: ['close', 'supervise'] });
    const closed = await ok(as.operator!, `/api/hotline/tickets/${id}/close`);
    expect(closed).toMatchObject({ status: 'closed', resolution: 'replied' });
    const history = (await as.operator!.get(`/api/hotline/tickets/${id}/history`)).body.events.map((e: { type: string }) => e.type);
    expect(history).toEqual([
      'TicketRegistered',
      'TicketDispatched',
      'TicketReturned',
      'TicketDispatched',
      'TicketSigned',
      'TicketSigned',
      'TicketReplied',
      'TicketCalledBack',
      'TicketReopened',
      'TicketSigned',
      'TicketReplied',
      'TicketCalledBack',
      'TicketClosed',
    ]);
    expect(number).toBe('12345-20261102-0001');
  });

  it('is published anonymised (text with a phone number is refused) and archived', async () => {
    const leaky = await as.operator!.post(`/api/hotline/tickets/${id}/publish`, { title: '烧烤店夜间噪音', content: '市民王秀英（13800138000）反映烧烤店噪音', reply: '已整改' });
    expect(leaky.status).toBe(422);
    expect(leaky.body.code).toBe('ticket.personal_data_in_text');
    expect(JSON.stringify(leaky.body)).not.toContain('13800138000');
    await ok(as.operator!, `/api/hotline/tickets/${id}/publish`, { title: '烧烤店夜间噪音扰民', content: '市民反映某小区楼下烧烤店夜间噪音扰民。', reply: '经联合执法，烧烤店已停止夜间经营。' });
    const published = await t.anonymous.get('/api/public/hotline/published');
    expect(published.body.items).toEqual([expect.objectContaining({ title: '烧烤店夜间噪音扰民', category: ['城市管理', '市容环境', '噪音扰民'], district: '高新区' })]);
    expect(JSON.stringify(published.body)).not.toMatch(/王秀英|13800138000|科技路/);
    const archived = await ok(as.operator!, `/api/hotline/tickets/${id}/archive`);
    expect(archived).toMatchObject({ status: 'archived', allowedActions: [] });
  });
});

describe('the third return (退单)', () => {
  it('after two returns the center must coordinate; a third is refused and writes nothing', async () => {
    const { id } = await register({ ...BBQ, caller: { phone: '13700137000' }, content: '东城区菜市场门口占道经营', categoryCode: 'CG.SR', districtCode: 'DC' });
    await ok(as.operator!, `/api/hotline/tickets/${id}/dispatch`, { department: 'market' });
    await ok(as['market.handler']!, `/api/hotline/tickets/${id}/return`, { reason: '属城管职责' });
    await ok(as.operator!, `/api/hotline/tickets/${id}/dispatch`, { department: 'market' });
    await ok(as['market.handler']!, `/api/hotline/tickets/${id}/return`, { reason: '仍属城管职责' });
    const coordinated = (await as.operator!.get(`/api/hotline/tickets/${id}`)).body;
    expect(coordinated).toMatchObject({ status: 'registered', returns: 2, needsCoordination: true });
    expect((await as.operator!.get('/api/hotline/tickets?needsCoordination=true')).body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const noNote = await as.operator!.post(`/api/hotline/tickets/${id}/dispatch`, { department: 'market' });
    expect(noNote.status).toBe(422);
    expect(noNote.body.code).toBe('ticket.coordination_note_required');
    await ok(as.operator!, `/api/hotline/tickets/${id}/dispatch`, { department: 'market', note: '经中心协调，占道经营由市场监管局主办' });
    const before = await eventCount(id);
    const third = await as['market.handler']!.post(`/api/hotline/tickets/${id}/return`, { reason: '还是不归我们管' });
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'ticket.returns_exhausted', details: { returns: 2 } });
    expect(third.body.message.zh).toContain('须由中心协调');
    expect(await eventCount(id)).toBe(before);
  });
});

describe('duplicates and merging (重复诉求、合并)', () => {
  let master: { id: string; number: string };
  let duplicate: { id: string; number: string; duplicates: { id: string; reason: string; score: number }[] };

  it('a similar request in the same district is offered as a likely duplicate, and the same caller too', async () => {
    master = await register({ ...BBQ, caller: { name: '赵敏', phone: '13600136000' }, content: '高新区阳光花园门口烧烤摊夜间噪音扰民，凌晨还在营业', address: '阳光花园3栋' });
    duplicate = await register({ ...BBQ, caller: { name: '李娜', phone: '13900139000' }, content: '阳光花园门口的烧烤摊夜里噪音扰民', address: '阳光花园5栋' });
    // The likeliest first; the closed barbecue ticket of the morning is no longer open, so not offered.
    expect(duplicate.duplicates).toEqual([expect.objectContaining({ id: master.id, reason: 'similar_text' })]);
    expect(duplicate.duplicates[0]!.score).toBeGreaterThanOrEqual(0.35);
    const byPhone = await as.operator!.get('/api/hotline/duplicates?phone=13600136000');
    expect(byPhone.body.items).toEqual([expect.objectContaining({ id: master.id, reason: 'same_caller' })]);
    expect(byPhone.body.windowDays).toBe(7);
    const elsewhere = await as.operator!.get(`/api/hotline/duplicates?content=${encodeURIComponent('阳光花园门口的烧烤摊夜里噪音扰民')}&districtCode=DC`);
    expect(elsewhere.body.items).toEqual([]);
    const history = await as.operator!.get('/api/hotline/callers/history?phone=13600136000');
    expect(history.body.items.map((i: { id: string }) => i.id)).toEqual([master.id]);
  });

  it('one phone in two spellings gives one caller key (来电人标识), which is not the phone', async () => {
    const again = await register({ ...BBQ, caller: { phone: '+86 136-0013-6000' }, content: '再次反映阳光花园烧烤摊问题' });
    const keyOf = async (id: string) => {
      const [registered] = await t.server.engines.events.readStream(`ticket-${id}`, { maxCount: 1 });
      return (registered!.data as { callerKey?: string }).callerKey;
    };
    const key = await keyOf(again.id);
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(key).toBe(await keyOf(master.id));
    expect(key).not.toBe(await keyOf(duplicate.id));
    expect(key).not.toContain('13600136000');
    // The caller history and the same-caller check match the phone however it is written.
    const history = await as.operator!.get('/api/hotline/callers/history?phone=13600136000');
    expect(history.body.items.map((i: { id: string }) => i.id).sort()).toEqual([master.id, again.id].sort());
    const spelled = await as.operator!.get(`/api/hotline/callers/history?phone=${encodeURIComponent('136-0013-6000')}`);
    expect(spelled.body.total).toBe(2);
    const sameCaller = await as.operator!.get(`/api/hotline/duplicates?phone=${encodeURIComponent('+86 136 0013 6000')}`);
    expect(sameCaller.body.items.filter((i: { reason: string }) => i.reason === 'same_caller').map((i: { id: string }) => i.id).sort()).toEqual([master.id, again.id].sort());
  });

  it('the duplicate is merged into the master, which lists its caller', async () => {
    const merged = await ok(as.operator!, `/api/hotline/tickets/${duplicate.id}/merge`, { into: master.id });
    expect(merged).toMatchObject({ status: 'merged', mergedInto: { id: master.id, number: master.number }, outcome: { status: 'registered' } });
    const view = (await as.operator!.get(`/api/hotline/tickets/${master.id}`)).body;
    expect(view.merged).toEqual([expect.objectContaining({ id: duplicate.id, number: duplicate.number, caller: { name: '李娜', phone: '13900139000' }, address: '阳光花园5栋' })]);
    // The master took in the caller before the duplicate was marked merged: no moment when a caller is nobody's.
    const attached = (await t.server.engines.events.readStream(`ticket-${master.id}`)).find((e) => e.type === 'TicketDuplicateAttached')!;
    const markedMerged = (await t.server.engines.events.readStream(`ticket-${duplicate.id}`)).find((e) => e.type === 'TicketMerged')!;
    expect(attached.position).toBeLessThan(markedMerged.position);
    const again = await as.operator!.post(`/api/hotline/tickets/${duplicate.id}/merge`, { into: master.id });
    expect(again.status).toBe(409);
  });

  it('a merge refused by the master writes nothing to either ticket', async () => {
    const [archived] = (await as.operator!.get('/api/hotline/tickets?status=archived')).body.items;
    const late = await register({ ...BBQ, caller: {}, content: '又是那家烧烤店', address: undefined });
    const [before, beforeMaster] = [await eventCount(late.id), await eventCount(archived.id)];
    const refused = await as.operator!.post(`/api/hotline/tickets/${late.id}/merge`, { into: archived.id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ticket.master_not_open');
    expect([await eventCount(late.id), await eventCount(archived.id)]).toEqual([before, beforeMaster]);
  });

  it('a merge that stopped halfway is completed by retrying the same command, once', async () => {
    const first = await register({ ...BBQ, caller: { name: '钱进', phone: '13100131000' }, content: '科技路口渣土车夜间噪音', address: '高新区科技路1号' });
    const second = await register({ ...BBQ, caller: { name: '孙丽', phone: '13200132000' }, content: '科技路口渣土车夜里很吵', address: '高新区科技路3号' });
    const commandId = '0b7e3c1a-5d2f-4e8a-9c6b-1f2e3d4c5b6a';
    const actor = { id: 'retry-operator', role: 'hotline_operator' };
    // The first attempt got as far as the master taking in the caller, then stopped.
    const duplicateFile = fileOf((await loadTicket(t.server.engines.events, second.id)) as Parameters<typeof fileOf>[0]);
    const half = await t.server.pipeline.handle({ decider: ticketDecider }, `ticket-${first.id}`, {
      commandId: derivedId(commandId, 'attach-duplicate'),
      actor,
      command: { type: 'AttachDuplicate', data: { ticketId: first.id, duplicate: { ticketId: second.id, number: second.number, caller: duplicateFile.caller, channel: 'phone' } } },
    });
    expect(half.ok).toBe(true);
    const merge = () => t.server.app.get(CommandBus).execute(new TicketStepCommand({ commandId, actor }, { type: 'MergeTicket', data: { ticketId: second.id, into: first.id } }));
    const retried = await merge();
    expect(retried.ok, JSON.stringify(retried)).toBe(true);
    const again = await merge();
    expect(again).toMatchObject({ ok: true, duplicate: true });
    const types = async (id: string) => (await t.server.engines.events.readStream(`ticket-${id}`)).map((e) => e.type);
    expect(await types(first.id)).toEqual(['TicketRegistered', 'TicketDuplicateAttached']);
    expect(await types(second.id)).toEqual(['TicketRegistered', 'TicketMerged']);
    await t.server.runner.settle();
  });

  it('when the master is replied to, the merged ticket shows the outcome, to staff and to its caller by number', async () => {
    await ok(as.operator!, `/api/hotline/tickets/${master.id}/dispatch`, { department: 'market' });
    await ok(as['market.handler']!, `/api/hotline/tickets/${master.id}/sign`);
    await ok(as['market.handler']!, `/api/hotline/tickets/${master.id}/reply`, { content: '已责令烧烤摊退出阳光花园门口，赵敏反映的问题已解决' });
    const staff = (await as.operator!.get(`/api/hotline/tickets/${duplicate.id}`)).body;
    expect(staff.outcome).toMatchObject({ status: 'replied', reply: { content: expect.stringContaining('已责令烧烤摊') } });
    const pub = await t.anonymous.get(`/api/public/hotline/requests/${duplicate.number}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ number: duplicate.number, mergedInto: master.number, status: 'replied', reply: { content: expect.stringContaining('已责令烧烤摊') } });
    // The reply named the master's caller: the public page masks it.
    expect(pub.body.reply.content).toContain('赵*');
    expect(JSON.stringify(pub.body)).not.toMatch(/赵敏|李娜|1390013|1360013|阳光花园5栋/);
  });
});

describe('personal data (来电人信息)', () => {
  it('lists show the caller masked, even to the center', async () => {
    const list = await as.operator!.get('/api/hotline/tickets?limit=50');
    expect(list.status).toBe(200);
    const text = JSON.stringify(list.body);
    expect(text).not.toMatch(/13800138000|王秀英|李娜|13900139000/);
    expect(list.body.items.find((i: { number: string }) => i.number === '12345-20261102-0001').caller).toEqual({ name: '王**', phone: '138****8000' });
  });

  it('the center and the handling department’s handler see the caller; another department does not see the ticket at all', async () => {
    const [first] = (await as.operator!.get('/api/hotline/tickets?district=GX&status=archived')).body.items;
    expect((await as.operator!.get(`/api/hotline/tickets/${first.id}`)).body.caller).toEqual({ name: '王秀英', phone: '13800138000' });
    expect((await as['market.handler']!.get(`/api/hotline/tickets/${first.id}`)).body.caller).toEqual({ name: '王秀英', phone: '13800138000' });
    const { id } = await register({ ...BBQ, caller: { name: '孙伟', phone: '13500135000' }, content: '某超市销售过期食品', categoryCode: 'SC.SP' });
    await ok(as.operator!, `/api/hotline/tickets/${id}/dispatch`, { department: 'market' });
    const other = await as['housing.handler']!.get(`/api/hotline/tickets/${id}`);
    expect(other.status).toBe(404);
    expect((await as['housing.handler']!.get(`/api/hotline/tickets/${id}/history`)).status).toBe(404);
    expect(JSON.stringify((await as['housing.handler']!.get('/api/hotline/tickets?limit=50')).body)).not.toContain('超市');
    expect((await as['housing.handler']!.post(`/api/hotline/tickets/${id}/sign`)).status).toBe(404);
    // Those who read but do not handle see the caller masked, in the detail and in the history.
    const head = await as['market.head']!.get(`/api/hotline/tickets/${id}`);
    expect(head.body.caller).toEqual({ name: '孙*', phone: '135****5000' });
    const sup = await as.supervisor!.get(`/api/hotline/tickets/${id}/history`);
    expect(JSON.stringify(sup.body)).not.toContain('13500135000');
    expect(sup.body.events[0].data.caller).toEqual({ name: '孙*', phone: '135****5000' });
  });

  it('another operator sees the caller masked until taking the ticket over (接手), which the history records', async () => {
    const { id } = await register({ ...BBQ, caller: { name: '吴刚', phone: '13400134000' }, content: '科技路小学门口占道摆摊', address: '高新区科技路66号', location: { lat: 30.28456, long: 120.15321 } });
    const before = (await as.operator2!.get(`/api/hotline/tickets/${id}`)).body;
    expect(before.caller).toEqual({ name: '吴*', phone: '134****4000' });
    expect(before.address).toBe('高新区科技路…');
    expect(before.location).toEqual({ lat: 30.285, long: 120.153 });
    expect(before.allowedActions).toContain('take');
    expect((await as.operator!.get(`/api/hotline/tickets/${id}`)).body.allowedActions).not.toContain('take');
    // The history masks the registration's caller, address and exact point just as the detail does.
    const masked = (await as.operator2!.get(`/api/hotline/tickets/${id}/history`)).body;
    expect(masked.events[0].data).toMatchObject({ caller: { name: '吴*', phone: '134****4000' }, address: '高新区科技路…', location: { lat: 30.285, long: 120.153 } });
    expect(JSON.stringify(masked)).not.toMatch(/吴刚|13400134000|科技路66号|30\.28456|120\.15321/);
    const supervised = JSON.stringify((await as.supervisor!.get(`/api/hotline/tickets/${id}/history`)).body);
    expect(supervised).not.toMatch(/30\.28456|120\.15321/);

    const taken = await ok(as.operator2!, `/api/hotline/tickets/${id}/take`);
    expect(taken).toMatchObject({ caller: { name: '吴刚', phone: '13400134000' }, address: '高新区科技路66号', location: { lat: 30.28456, long: 120.15321 } });
    expect(taken.allowedActions).not.toContain('take');
    expect(taken.steps.at(-1)).toMatchObject({ type: 'TicketTakenOver', actorRole: 'hotline_operator', summary: { zh: '话务员 operator2 接手工单' } });
    const history = (await as.operator2!.get(`/api/hotline/tickets/${id}/history`)).body.events;
    expect(history.at(-1)).toMatchObject({ type: 'TicketTakenOver', data: { operatorId: history.at(-1).actorId } });
    // Taken over twice: nothing more to record.
    await ok(as.operator2!, `/api/hotline/tickets/${id}/take`);
    expect((await as.operator2!.get(`/api/hotline/tickets/${id}/history`)).body.events).toHaveLength(history.length);
    // Only operators take tickets over.
    expect((await as['market.handler']!.post(`/api/hotline/tickets/${id}/take`)).status).toBe(403);
  });

  it('a supervisor urges an open ticket', async () => {
    const [open] = (await as.supervisor!.get('/api/hotline/tickets?status=dispatched')).body.items;
    const urged = await ok(as.supervisor!, `/api/hotline/tickets/${open.id}/supervise`, { kind: 'urge', note: '请尽快签收' });
    expect(urged).toMatchObject({ urgedCount: 1, supervision: [{ kind: 'urge', note: '请尽快签收', actorRole: 'supervisor' }] });
  });
});

describe('the steps of a ticket (办理过程)', () => {
  it('name departments by their Chinese name, not their code', async () => {
    const { id } = await register({ ...BBQ, caller: {}, content: '人行道井盖松动', categoryCode: 'CG.SR', districtCode: 'DC' });
    const dispatched = await ok(as.operator!, `/api/hotline/tickets/${id}/dispatch`, { department: 'urban', coHandlers: ['market'] });
    const step = dispatched.steps.find((s: { type: string }) => s.type === 'TicketDispatched');
    expect(step.summary.zh).toContain('派单至 城市管理委员会，协办 market');
    expect(JSON.stringify(dispatched.steps)).not.toMatch(/urban|\{\{/);
  });
});

describe('the public pages (网上诉求)', () => {
  it('a citizen submits a request and follows it by its number, without personal data', async () => {
    const submitted = await t.anonymous.post('/api/public/hotline/requests', { type: 'consultation', content: '新生儿医保如何办理？', categoryCode: 'SC', districtCode: 'DC', name: '周杰', phone: '13300133000' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body).toMatchObject({ number: expect.stringMatching(/^12345-20261102-\d{4}$/), status: 'registered', category: ['市场监管'], district: '东城区' });
    expect(JSON.stringify(submitted.body)).not.toMatch(/周杰|13300133000/);
    const status = await t.anonymous.get(`/api/public/hotline/requests/${submitted.body.number}`);
    expect(status.body).toMatchObject({ status: 'registered' });
    expect(status.body).not.toHaveProperty('reply');
    const [row] = (await as.operator!.get('/api/hotline/tickets?district=DC&type=consultation')).body.items;
    expect(row).toMatchObject({ channel: 'web', caller: { name: '周*' } });
    const bad = await t.anonymous.post('/api/public/hotline/requests', { type: 'consultation', content: '问一下', categoryCode: 'NOPE', districtCode: 'DC' });
    expect(bad.status).toBe(422);
    expect((await t.anonymous.get('/api/public/hotline/requests/12345-19990101-0001')).status).toBe(404);
  });

  it('an operator answers a consultation directly from a knowledge base article and closes it; the citizen reads the answer', async () => {
    const [row] = (await as.operator!.get('/api/hotline/tickets?district=DC&type=consultation')).body.items;
    // Submitted on the web, it is no operator's call yet: whoever handles it takes it over, and then sees the caller.
    expect((await as.operator!.get(`/api/hotline/tickets/${row.id}`)).body).toMatchObject({ caller: { name: '周*' }, allowedActions: ['answer', 'dispatch', 'merge', 'take', 'supervise'] });
    expect(await ok(as.operator!, `/api/hotline/tickets/${row.id}/take`)).toMatchObject({ caller: { name: '周杰', phone: '13300133000' } });
    const unknownArticle = await as.operator!.post(`/api/hotline/tickets/${row.id}/answer`, { answer: '请携带出生医学证明到社保窗口办理', articleId: 'no-such-article' });
    expect(unknownArticle.status).toBe(404);
    const written = await ok(as.operator!, '/api/knowledge/articles', { kind: 'faq', title: '新生儿医保参保办理', body: '携带出生医学证明、户口簿到社保窗口或网上办理新生儿参保。' });
    await ok(as.operator!, `/api/knowledge/articles/${written.id}/publish`);
    const answered = await ok(as.operator!, `/api/hotline/tickets/${row.id}/answer`, { answer: '请携带出生医学证明到社保窗口办理', articleId: written.id });
    expect(answered).toMatchObject({ status: 'answered', article: { id: written.id, version: 1, title: '新生儿医保参保办理' }, allowedActions: ['close', 'supervise'] });
    await ok(as.operator!, `/api/hotline/tickets/${row.id}/close`);
    const status = await t.anonymous.get(`/api/public/hotline/requests/${row.number}`);
    expect(status.body).toMatchObject({ status: 'closed', answer: { content: '请携带出生医学证明到社保窗口办理' } });
  });

  it('a report (举报) shows its status by number, but not what was said, until the center publishes it', async () => {
    const submitted = await t.anonymous.post('/api/public/hotline/requests', { type: 'report', content: '东城区某作坊无证生产食品', categoryCode: 'SC.SP', districtCode: 'DC' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const number = submitted.body.number;
    const [row] = (await as.operator!.get(`/api/hotline/tickets?type=report`)).body.items;
    await ok(as.operator!, `/api/hotline/tickets/${row.id}/answer`, { answer: '已转市场监管部门核查，作坊位于某街12号' });
    const answered = (await t.anonymous.get(`/api/public/hotline/requests/${number}`)).body;
    expect(answered).toMatchObject({ number, type: 'report', status: 'answered' });
    expect(answered).not.toHaveProperty('answer');
    expect(JSON.stringify(answered)).not.toMatch(/作坊|某街/);
    await ok(as.operator!, `/api/hotline/tickets/${row.id}/close`);
    await ok(as.operator!, `/api/hotline/tickets/${row.id}/publish`, { title: '无证食品作坊', content: '群众举报某作坊无证生产食品', reply: '经核查已依法查处' });
    const published = (await t.anonymous.get(`/api/public/hotline/requests/${number}`)).body;
    expect(published).toMatchObject({ status: 'closed', reply: { content: '经核查已依法查处' } });
    expect(published).not.toHaveProperty('answer');
  });
});

describe('live updates (实时更新)', () => {
  /** A logged-in event stream, collecting what it hears. */
  async function listen(username: string) {
    const login = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const abort = new AbortController();
    const response = await fetch(`${t.url}/api/events/stream`, { headers: { cookie }, signal: abort.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const heard = { text: '', stop: () => abort.abort() };
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          heard.text += decoder.decode(value, { stream: true });
        }
      } catch {
        /* aborted */
      }
    })();
    return heard;
  }

  it('the center hears of every ticket; a department only of those it leads or helps with', async () => {
    const [center, market, housing] = await Promise.all(['operator', 'market.handler', 'housing.handler'].map(listen));
    try {
      const { id } = await register({ ...BBQ, caller: {}, content: '农贸市场门口积水', categoryCode: 'CG.SR', districtCode: 'DC' });
      await ok(as.operator!, `/api/hotline/tickets/${id}/dispatch`, { department: 'market' });
      const about = `"collection":"tickets","id":"${id}"`;
      for (let i = 0; i < 50 && !(center.text.includes(about) && market.text.includes(about)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(center.text).toContain(about);
      expect(market.text).toContain(about);
      await new Promise((r) => setTimeout(r, 300));
      expect(housing.text).not.toContain(about);
    } finally {
      for (const stream of [center, market, housing]) stream.stop();
    }
  });
});

describe('overdue tickets (超期)', () => {
  it('a ticket not signed by the end of the next working day shows as overdue', async () => {
    const { id } = await register({ ...BBQ, caller: {}, content: '路灯不亮', categoryCode: 'CG.SR', districtCode: 'DC' });
    await ok(as.operator!, `/api/hotline/tickets/${id}/dispatch`, { department: 'market' });
    await moveClockTo(t, as, PASSWORD, '2026-11-03T23:00:00+08:00');
    const due = (await as.operator!.get(`/api/hotline/tickets/${id}`)).body;
    expect(due).toMatchObject({ overdue: false, warning: true, stages: { sign: { light: 'yellow' } } });
    await moveClockTo(t, as, PASSWORD, '2026-11-04T09:00:00+08:00');
    const overdue = await as.operator!.get('/api/hotline/tickets?overdue=true&district=DC');
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(overdue.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ overdue: true, overdueStages: ['sign'] });
    const late = await ok(as['market.handler']!, `/api/hotline/tickets/${id}/sign`);
    expect(late.stages.sign).toMatchObject({ onTime: false, light: 'done_late' });
  });

  it('a reply to a caller who left no phone starts no callback clock, so it is never overdue for one', async () => {
    const [row] = (await as.operator!.get('/api/hotline/tickets?status=signed&district=DC')).body.items.filter((i: { excerpt: string }) => i.excerpt === '路灯不亮');
    const replied = await ok(as['market.handler']!, `/api/hotline/tickets/${row.id}/reply`, { content: '已更换灯泡' });
    expect(replied.stages).not.toHaveProperty('callback');
    await moveClockTo(t, as, PASSWORD, '2026-11-12T09:00:00+08:00');
    const overdue = (await as.operator!.get('/api/hotline/tickets?overdue=true&limit=200')).body.items.map((i: { id: string }) => i.id);
    expect(overdue).not.toContain(row.id);
    expect((await as.operator!.get(`/api/hotline/tickets/${row.id}`)).body).toMatchObject({ overdue: false, allowedActions: ['close', 'supervise'] });
    // Reached another way (a message through the app), the caller's answers are recorded all the same:
    // the ticket still reads, with no callback clock to show.
    const calledBack = await ok(as.operator!, `/api/hotline/tickets/${row.id}/callback`, { resolved: true, result: 'satisfied' });
    expect(calledBack).toMatchObject({ lastCallback: { resolved: true, result: 'satisfied' }, overdue: false });
    expect(calledBack.stages).not.toHaveProperty('callback');
    const listed = await as.operator!.get('/api/hotline/tickets?district=DC&limit=200');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(row.id);
  });
});

describe('the public status page', () => {
  it('limits how fast one address may look numbers up', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await t.anonymous.get(`/api/public/hotline/requests/12345-20261102-${String(9000 + i)}`)).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(30);
    expect(statuses.slice(statuses.indexOf(429)).every((s) => s === 429)).toBe(true);
    // The published replies are another page, with the general ceiling.
    expect((await t.anonymous.get('/api/public/hotline/published')).status).toBe(200);
  });
});
