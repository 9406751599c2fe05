import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandPipeline } from '../../application/command-pipeline.js';
import type { Warehouse } from '../../application/ports/warehouse.js';
import { ProjectionRunner } from '../../application/projection-runner.js';
import { articleDecider, articleStreamId, type ArticleCommand } from '../../domain/knowledge/index.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';
import { ArticleIndex } from '../../infrastructure/search/article-index.js';
import { articlesView } from '../../projections/articles.js';

const silent = pino({ level: 'silent' });
const operator = { id: 'u-wei', role: 'hotline_operator' };
/** The articles view writes documents only. */
const noWarehouse = {} as Warehouse;

let dir: string;
let events: SqliteEventStore;
let documents: SqliteDocumentStore;
let runner: ProjectionRunner;
let index: ArticleIndex;
let pipeline: CommandPipeline;
let sequence = 0;

async function run(command: ArticleCommand) {
  const outcome = await pipeline.handle({ decider: articleDecider }, articleStreamId(command.data.articleId), { commandId: `c-${++sequence}`, command, actor: operator });
  if (!outcome.ok) throw new Error(outcome.error.code);
  await runner.settle();
}

const found = async (query: string) => (await index.search(query, { limit: 10 })).map((h) => `${h.id}@${h.version}`);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knowledge-index-'));
  events = new SqliteEventStore(path.join(dir, 'events.sqlite'), { durability: 'normal' });
  documents = new SqliteDocumentStore(path.join(dir, 'views.sqlite'));
  pipeline = new CommandPipeline(events, { now: () => new Date('2026-11-02T01:00:00Z') });
  runner = new ProjectionRunner(events, documents, noWarehouse, [articlesView], silent);
  // One article published before the application starts.
  await pipeline.handle({ decider: articleDecider }, articleStreamId('card'), {
    commandId: 'before-1',
    command: { type: 'WriteArticle', data: { articleId: 'card', kind: 'faq', title: '社保卡丢失了怎么补办？', body: '先挂失，再到服务网点补办。' } },
    actor: operator,
  });
  await pipeline.handle({ decider: articleDecider }, articleStreamId('card'), { commandId: 'before-2', command: { type: 'PublishArticle', data: { articleId: 'card' } }, actor: operator });
  await runner.start();
  index = new ArticleIndex(documents, runner);
  await index.onModuleInit();
});

afterAll(async () => {
  index?.onModuleDestroy();
  await runner?.stop();
  await events?.close();
  await documents?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the search index follows the articles view', () => {
  it('holds what was published before the application started', async () => {
    expect(await found('社保卡')).toEqual(['card@1']);
  });

  it('sees an article as soon as the command that published it has settled', async () => {
    await run({ type: 'WriteArticle', data: { articleId: 'fund', kind: 'faq', title: '公积金提取条件', body: '离休、退休的职工可以提取住房公积金。' } });
    expect(await found('公积金')).toEqual([]);
    await run({ type: 'PublishArticle', data: { articleId: 'fund' } });
    expect(await found('公积金')).toEqual(['fund@1']);
  });

  it('keeps the published version until a revision is published', async () => {
    await run({ type: 'ReviseArticle', data: { articleId: 'card', body: '先拨打 12333 挂失，再申领电子社保卡。' } });
    expect(await found('12333')).toEqual([]);
    expect(await found('服务网点')).toEqual(['card@1']);
    await run({ type: 'PublishArticle', data: { articleId: 'card' } });
    expect(await found('12333')).toEqual(['card@2']);
    expect(await found('服务网点')).toEqual([]);
  });

  it('drops a retired article', async () => {
    await run({ type: 'RetireArticle', data: { articleId: 'fund', reason: '政策调整' } });
    expect(await found('公积金')).toEqual([]);
  });

  it('is the same after the view is rebuilt', async () => {
    await runner.rebuild('articles');
    expect(await found('12333')).toEqual(['card@2']);
    expect(await found('公积金')).toEqual([]);
  });

  it('is the same after a restart', async () => {
    index.onModuleDestroy();
    await runner.stop();
    runner = new ProjectionRunner(events, documents, noWarehouse, [articlesView], silent);
    await runner.start();
    index = new ArticleIndex(documents, runner);
    await index.onModuleInit();
    expect(await found('社保卡')).toEqual(['card@2']);
    expect(await found('公积金')).toEqual([]);
    // And it follows live changes again.
    await run({ type: 'WriteArticle', data: { articleId: 'noise', kind: 'policy', title: '噪音投诉处理时限', body: '紧急诉求 2 小时内签收。' } });
    await run({ type: 'PublishArticle', data: { articleId: 'noise' } });
    expect(await found('噪音投诉')).toEqual(['noise@1']);
  });
});
