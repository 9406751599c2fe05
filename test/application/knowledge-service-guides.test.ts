import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CommandPipeline } from '../../application/command-pipeline.js';
import { serviceGuides } from '../../application/knowledge/service-guides.js';
import type { NewEvent } from '../../application/ports/event-store.js';
import { ProcessManagerRunner, type ProcessManager } from '../../application/process-manager.js';
import type { CatalogEvent } from '../../domain/catalog/index.js';
import type { ArticleEvent } from '../../domain/knowledge/index.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { foodLicence as food } from '../support/catalog-items.js';

const silent = pino({ level: 'silent' });
const clock = { now: () => new Date('2026-11-02T01:00:00Z') };

const v2 = { ...food, promisedLimitDays: 8 };

const recorded = (event: CatalogEvent | { type: string; data: unknown }): NewEvent => ({ id: randomUUID(), type: event.type, data: event.data, metadata: { actorId: 'u-head', actorRole: 'department_head' } });

/** The catalog's history of one item: published, revised and republished, suspended, resumed, retired. */
const history: Record<string, CatalogEvent[]> = {
  published: [
    { type: 'ItemDrafted', data: { ...food, version: 1 } },
    { type: 'ItemSubmittedForReview', data: { code: food.code, version: 1 } },
    { type: 'ItemApproved', data: { code: food.code, version: 1 } },
    { type: 'ItemPublished', data: { code: food.code, version: 1, publishedAt: '2026-10-01T01:00:00.000Z', definition: food } },
  ],
  inReview: [
    { type: 'ItemDrafted', data: { ...v2, version: 2 } },
    { type: 'ItemSubmittedForReview', data: { code: food.code, version: 2 } },
  ],
  revised: [
    { type: 'ItemApproved', data: { code: food.code, version: 2 } },
    { type: 'ItemPublished', data: { code: food.code, version: 2, publishedAt: '2026-10-10T01:00:00.000Z', definition: v2 } },
  ],
  suspended: [{ type: 'ItemSuspended', data: { code: food.code, reason: '系统升级', suspendedAt: '2026-10-12T01:00:00.000Z' } }],
  resumed: [{ type: 'ItemResumed', data: { code: food.code, resumedAt: '2026-10-13T01:00:00.000Z' } }],
  retired: [{ type: 'ItemRetired', data: { code: food.code, reason: '并入食品经营许可和备案', retiredAt: '2026-10-20T01:00:00.000Z' } }],
};

let dir: string;
let events: SqliteEventStore;
let documents: SqliteDocumentStore;
let pipeline: CommandPipeline;
let revision: number;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-guides-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  const run = fs.mkdtempSync(path.join(dir, 'run-'));
  events = new SqliteEventStore(path.join(run, 'events.sqlite'), { durability: 'normal' });
  documents = new SqliteDocumentStore(path.join(run, 'views.sqlite'));
  pipeline = new CommandPipeline(events, clock);
  revision = -1;
  await events.append('department-market', [recorded({ type: 'DepartmentCreated', data: { code: 'market', name: '市场监督管理局', windows: [{ code: 'A01', name: 'A01 食品经营窗口' }] } })], 'no_stream');
  return async () => {
    await events.close();
    await documents.close();
  };
});

async function catalog(...steps: (keyof typeof history)[]) {
  for (const step of steps) {
    const list = history[step]!;
    await events.append(`item-${food.code}`, list.map(recorded), revision < 0 ? 'no_stream' : revision);
    revision += list.length;
  }
}

const guide = async () => (await events.readStream('article-guide-XK00101001')).map((e) => ({ type: e.type, data: e.data }) as ArticleEvent);

async function running(manager: ProcessManager = serviceGuides(pipeline, events)) {
  const runner = new ProcessManagerRunner(events, documents, [manager], silent);
  await runner.start();
  return runner;
}

describe('service guides follow the catalog (办事指南)', () => {
  it('writes and publishes the guide when an item is published, as the department’s window says', async () => {
    const runner = await running();
    await catalog('published');
    await runner.settle();
    const stream = await guide();
    expect(stream.map((e) => e.type)).toEqual(['ArticleWritten', 'ArticlePublished']);
    expect(stream[1]).toMatchObject({ data: { articleId: 'guide-XK00101001', kind: 'service_guide', version: 1, title: '食品经营许可', source: { itemCode: food.code, itemVersion: 1 } } });
    const body = (stream[1]!.data as { body: string }).body;
    expect(body).toContain('实施部门：市场监督管理局');
    expect(body).toContain('办理地点：政务服务中心 A01 食品经营窗口');
    const [published] = await events.readStream('article-guide-XK00101001', { fromRevision: 1 });
    expect(published!.metadata).toMatchObject({ actorRole: 'process', actorId: 'process:service-guides' });
    await runner.stop();
  });

  it('leaves the guide alone while a revision is in legal review, and revises it when the revision is published', async () => {
    const runner = await running();
    await catalog('published', 'inReview');
    await runner.settle();
    expect((await guide()).length).toBe(2);
    await catalog('revised');
    await runner.settle();
    const stream = await guide();
    expect(stream.slice(2)).toMatchObject([
      { type: 'ArticleRevised', data: { version: 2, publishedVersion: 1, source: { itemVersion: 2 } } },
      { type: 'ArticlePublished', data: { version: 2 } },
    ]);
    expect((stream[3]!.data as { body: string }).body).toContain('承诺办结时限 8 个工作日');
    await runner.stop();
  });

  it('says an item is suspended while it is, and retires the guide with the item', async () => {
    const runner = await running();
    await catalog('published', 'suspended');
    await runner.settle();
    const suspended = (await guide()).at(-1)!.data as { version: number; body: string };
    expect(suspended.version).toBe(2);
    expect(suspended.body.startsWith('【暂停受理】本事项暂停受理，已提交的申请继续办理。原因：系统升级')).toBe(true);
    await catalog('resumed', 'retired');
    await runner.settle();
    const stream = await guide();
    expect(stream.slice(-3).map((e) => e.type)).toEqual(['ArticleRevised', 'ArticlePublished', 'ArticleRetired']);
    expect((stream.at(-2)!.data as { version: number; body: string }).body).not.toContain('暂停受理');
    expect(stream.at(-1)).toMatchObject({ data: { publishedVersion: 3, reason: '事项已取消：并入食品经营许可和备案' } });
    await runner.stop();
  });

  it('started late, writes each version as the item stood at its event; replayed, writes nothing twice', async () => {
    await catalog('published', 'inReview', 'revised', 'suspended', 'resumed');
    const runner = await running();
    const stream = await guide();
    expect(stream.filter((e) => e.type === 'ArticlePublished').map((e) => (e.data as { version: number }).version)).toEqual([1, 2, 3, 4]);
    expect((stream[1]!.data as { body: string }).body).toContain('承诺办结时限 10 个工作日');
    await runner.stop();
    // A new version of the manager replays every catalog event from the start.
    const replayed = await running({ ...serviceGuides(pipeline, events), version: 2 });
    expect(await guide()).toEqual(stream);
    await replayed.stop();
  });
});
