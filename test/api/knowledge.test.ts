import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffUp, startTestServer, type Client, type Person, type TestServer } from '../support/server.js';

const PASSWORD = 'knowledge-pass-1';
let t: TestServer;
const as: Record<string, Client> = {};

/** The business licence (营业执照) as a catalog item of the market department. */
const LICENCE = {
  code: 'XK00100001',
  name: '企业设立登记（营业执照核发）',
  type: 'license',
  department: 'market',
  legalBasis: '《中华人民共和国市场主体登记管理条例》第三条',
  statutoryLimitDays: 3,
  promisedLimitDays: 1,
  fee: { kind: 'free' },
  materials: [
    { name: '公司登记（备案）申请书', form: 'original', count: 1, required: true },
    { name: '公司章程', form: 'original', count: 1, required: true },
  ],
  onsiteVisits: 0,
};

/** A food business licence lists the business licence among its materials only. */
const FOOD = {
  ...LICENCE,
  code: 'XK00101001',
  name: '食品经营许可',
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  materials: [{ name: '营业执照', form: 'copy', count: 1, required: true }],
};

const CARD = { kind: 'faq', title: '社保卡丢失了怎么补办？', body: '请先拨打 12333 挂失，再持本人身份证到社保卡服务网点补办；即时制卡网点可当场领卡。', tags: ['社保卡'] };

/** Publishes an item through legal review, then waits for its guide to reach the knowledge base. */
async function publishItem(item: typeof LICENCE) {
  for (const [who, path, body] of [
    ['m.head', '/api/catalog/items', item],
    ['m.head', `/api/catalog/items/${item.code}/submit`, {}],
    ['legal', `/api/catalog/items/${item.code}/approve`, {}],
    ['m.head', `/api/catalog/items/${item.code}/publish`, {}],
  ] as const) {
    const answer = await as[who]!.post(path, body);
    expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(201);
  }
  await guidesLevel();
}

/** The guides process and the views have caught up with the catalog. */
async function guidesLevel() {
  await t.server.processes.settle();
  await t.server.runner.settle();
}

const search = async (q: string, who: Client = t.anonymous) => {
  const answer = await who.get(`/api/knowledge/search?q=${encodeURIComponent(q)}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { id: string; version: number; kind: string; title: string; snippet: string; highlights: { start: number; length: number }[]; score: number }[];
};

beforeAll(async () => {
  t = await startTestServer({ now: '2026-11-02T09:00:00+08:00' });
  const people: Person[] = [
    ['operator', 'hotline_operator'],
    ['m.head', 'department_head', 'market'],
    ['m.handler', 'department_handler', 'market'],
    ['legal', 'legal_office'],
    ['citizen', 'applicant'],
  ];
  Object.assign(as, await staffUp(t, ['market'], people, PASSWORD));
}, 120_000);
afterAll(async () => t?.close());

describe('an FAQ, written, published, revised and retired', () => {
  let id: string;

  it('is written as a draft that only hotline staff see', async () => {
    const answer = await as['operator']!.post('/api/knowledge/articles', CARD, { 'idempotency-key': 'write-card-1' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ kind: 'faq', status: 'draft', version: null, latestVersion: 1, title: CARD.title, versions: [{ version: 1 }] });
    id = answer.body.id;
    const retried = await as['operator']!.post('/api/knowledge/articles', CARD, { 'idempotency-key': 'write-card-1' });
    expect(retried.body.id).toBe(id);
    expect((await t.anonymous.get(`/api/knowledge/articles/${id}`)).status).toBe(404);
    expect((await as['citizen']!.get(`/api/knowledge/articles/${id}`)).status).toBe(404);
    expect((await as['m.handler']!.get(`/api/knowledge/articles/${id}`)).body).toMatchObject({ status: 'draft' });
    expect(await search('社保卡')).toEqual([]);
  });

  it('once published, is found by anyone, with a snippet marking the words asked about', async () => {
    const published = await as['operator']!.post(`/api/knowledge/articles/${id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body).toMatchObject({ status: 'published', version: 1, publishedAt: expect.any(String) });
    const [hit] = await search('社保卡丢了怎么补办');
    expect(hit).toMatchObject({ id, version: 1, kind: 'faq', title: CARD.title });
    expect(hit!.highlights.map((h) => hit!.snippet.slice(h.start, h.start + h.length))).toContain('补办');
    const article = await t.anonymous.get(`/api/knowledge/articles/${id}`);
    expect(article.body).toMatchObject({ id, kind: 'faq', kindLabel: { zh: '常见问题' }, status: 'published', version: 1, body: CARD.body });
    expect(article.body).not.toHaveProperty('versions');
  });

  it('revised, keeps showing the published version until the revision is published', async () => {
    const revised = await as['operator']!.post(`/api/knowledge/articles/${id}/revise`, { body: `${CARD.body}补卡期间可使用电子社保卡。` });
    expect(revised.status, JSON.stringify(revised.body)).toBe(201);
    expect(revised.body).toMatchObject({ status: 'published', version: 1, latestVersion: 2, draft: { version: 2 } });
    expect(revised.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await t.anonymous.get(`/api/knowledge/articles/${id}`)).body.version).toBe(1);
    expect(await search('电子社保卡')).toEqual([expect.objectContaining({ id, version: 1 })]);
    await as['operator']!.post(`/api/knowledge/articles/${id}/publish`);
    expect(await search('电子社保卡')).toEqual([expect.objectContaining({ id, version: 2 })]);
    expect((await t.anonymous.get(`/api/knowledge/articles/${id}`)).body).toMatchObject({ version: 2, body: expect.stringContaining('电子社保卡') });
  });

  it('refuses what breaks a rule, writing nothing', async () => {
    const unchanged = await as['operator']!.post(`/api/knowledge/articles/${id}/revise`, { title: CARD.title });
    expect(unchanged.status).toBe(422);
    expect(unchanged.body.code).toBe('article.unchanged');
    expect((await as['operator']!.post(`/api/knowledge/articles/${id}/revise`, {})).status).toBe(400);
    const again = await as['operator']!.post(`/api/knowledge/articles/${id}/publish`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('article.already_published');
    const guide = await as['operator']!.post('/api/knowledge/articles', { ...CARD, kind: 'service_guide' });
    expect(guide.status).toBe(400);
    expect(guide.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['kind']);
    const long = await as['operator']!.post('/api/knowledge/articles', { ...CARD, title: '长'.repeat(101) });
    expect(long.status).toBe(400);
    const blank = await as['operator']!.post('/api/knowledge/articles', { ...CARD, body: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.code).toBe('article.body_required');
    expect((await as['m.handler']!.post('/api/knowledge/articles', CARD)).status).toBe(403);
    expect((await as['operator']!.post('/api/knowledge/articles/no-such-article/publish')).status).toBe(404);
    expect((await as['m.handler']!.get('/api/knowledge/articles?kind=faq')).body.total).toBe(1);
  });

  it('retired, leaves search and the public for good; staff still read it', async () => {
    const retired = await as['operator']!.post(`/api/knowledge/articles/${id}/retire`, { reason: '并入社保卡综合问答' });
    expect(retired.status, JSON.stringify(retired.body)).toBe(201);
    expect(retired.body).toMatchObject({ status: 'retired', version: 2, retiredReason: '并入社保卡综合问答' });
    expect(await search('社保卡')).toEqual([]);
    expect((await t.anonymous.get(`/api/knowledge/articles/${id}`)).status).toBe(404);
    const revise = await as['operator']!.post(`/api/knowledge/articles/${id}/revise`, { title: '社保卡补办' });
    expect(revise.status).toBe(409);
    expect(revise.body.code).toBe('article.retired');
  });
});

describe('service guides from the catalog', () => {
  it('appear in search once the item is published, the business-licence guide first for 营业执照', async () => {
    await publishItem(FOOD);
    await publishItem(LICENCE);
    const hits = await search('营业执照');
    expect(hits.map((h) => h.id)).toEqual(['guide-XK00100001', 'guide-XK00101001']);
    expect(hits[0]).toMatchObject({ kind: 'service_guide', version: 1, title: LICENCE.name });
    const guide = await t.anonymous.get('/api/knowledge/articles/guide-XK00100001');
    expect(guide.body).toMatchObject({ kind: 'service_guide', status: 'published', source: { itemCode: 'XK00100001', itemVersion: 1 } });
    expect(guide.body.body).toContain('设定依据：《中华人民共和国市场主体登记管理条例》第三条');
    expect(guide.body.body).toContain('实施部门：market');
    expect(guide.body.body).toContain('办理地点：政务服务中心 一号窗口');
  });

  it('are the system’s: operators cannot revise, publish or retire one', async () => {
    const answer = await as['operator']!.post('/api/knowledge/articles/guide-XK00100001/revise', { title: '营业执照' });
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('article.generated_only');
    expect((await as['operator']!.post('/api/knowledge/articles/guide-XK00100001/retire', {})).status).toBe(403);
  });

  it('follow the item: a published revision, a suspension, a retirement', async () => {
    await as['m.head']!.post('/api/catalog/items', { ...LICENCE, promisedLimitDays: 0 });
    await as['m.head']!.post(`/api/catalog/items/${LICENCE.code}/submit`);
    await guidesLevel();
    expect((await search('营业执照'))[0]).toMatchObject({ id: 'guide-XK00100001', version: 1 });
    await as['legal']!.post(`/api/catalog/items/${LICENCE.code}/approve`);
    await as['m.head']!.post(`/api/catalog/items/${LICENCE.code}/publish`);
    await guidesLevel();
    const revised = await t.anonymous.get('/api/knowledge/articles/guide-XK00100001');
    expect(revised.body).toMatchObject({ version: 2, source: { itemVersion: 2 }, body: expect.stringContaining('承诺办结时限 即办') });

    expect((await as['m.head']!.post(`/api/catalog/items/${LICENCE.code}/suspend`, { reason: '登记系统升级' })).status).toBe(201);
    await guidesLevel();
    const [hit] = await search('暂停受理');
    expect(hit).toMatchObject({ id: 'guide-XK00100001', version: 3 });
    expect(hit!.snippet).toContain('登记系统升级');

    expect((await as['m.head']!.post(`/api/catalog/items/${LICENCE.code}/retire`, { reason: '改为企业开办一网通办' })).status).toBe(201);
    await guidesLevel();
    expect((await search('营业执照')).map((h) => h.id)).toEqual(['guide-XK00101001']);
    const staff = await as['operator']!.get('/api/knowledge/articles/guide-XK00100001');
    expect(staff.body).toMatchObject({ status: 'retired', retiredReason: '事项已取消：改为企业开办一网通办' });
    expect(staff.body.versions).toHaveLength(3);
  });

  it('are listed for staff by kind and status', async () => {
    const list = await as['operator']!.get('/api/knowledge/articles?kind=service_guide');
    expect(list.body.items.map((a: { id: string; status: string }) => `${a.id}:${a.status}`).sort()).toEqual(['guide-XK00100001:retired', 'guide-XK00101001:published']);
    expect((await as['operator']!.get('/api/knowledge/articles?status=published')).body.items.map((a: { id: string }) => a.id)).toEqual(['guide-XK00101001']);
    expect((await as['citizen']!.get('/api/knowledge/articles')).status).toBe(403);
  });
});

describe('the search endpoint', () => {
  it('needs a query and keeps its limit within bounds', async () => {
    expect((await t.anonymous.get('/api/knowledge/search')).status).toBe(400);
    expect((await t.anonymous.get('/api/knowledge/search?q=%20')).status).toBe(400);
    expect((await t.anonymous.get('/api/knowledge/search?q=营业执照&limit=51')).status).toBe(400);
    expect((await t.anonymous.get(`/api/knowledge/search?q=${encodeURIComponent('许可')}&limit=1`)).body).toHaveLength(1);
    expect((await t.anonymous.get(`/api/knowledge/search?q=${encodeURIComponent('许可')}&kind=faq`)).body).toEqual([]);
  });
});
