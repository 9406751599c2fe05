import { describe, expect, it } from 'vitest';
import {
  ARTICLE_LIMITS,
  articleDecider,
  articleStreamId,
  serviceGuide,
  serviceGuideId,
  type ArticleEvent,
  type PublishServiceGuide,
  type WriteArticle,
} from '../../domain/knowledge/index.js';
import type { DecideContext } from '../../domain/shared/decider.js';
import { fold } from '../../domain/shared/decider.js';
import { foodLicence as food } from '../support/catalog-items.js';
import { spec } from '../support/decider-spec.js';

const operator = { id: 'u-wei', role: 'hotline_operator' };
const admin = { id: 'u-admin', role: 'admin' };
const handler = { id: 'u-sun', role: 'department_handler', department: 'market' };
const system = { id: 'process:service-guides', role: 'process' };

const ctx: DecideContext = { now: new Date('2026-11-02T01:00:00Z'), actor: operator, newId: (p) => `id-${p}` };
const given = (events: ArticleEvent[]) => spec(articleDecider, ctx).given(events);

const write = (more: Partial<WriteArticle['data']> = {}): WriteArticle => ({
  type: 'WriteArticle',
  data: { articleId: 'a-1', kind: 'faq', title: '社保卡丢失了怎么补办？', body: '先挂失，再持身份证到服务网点补办。', tags: ['社保卡'], ...more },
});

const written: ArticleEvent = {
  type: 'ArticleWritten',
  data: { articleId: 'a-1', kind: 'faq', version: 1, title: '社保卡丢失了怎么补办？', body: '先挂失，再持身份证到服务网点补办。', tags: ['社保卡'], writtenAt: '2026-11-01T01:00:00.000Z' },
};
const publishedV1: ArticleEvent = {
  type: 'ArticlePublished',
  data: { articleId: 'a-1', kind: 'faq', version: 1, title: '社保卡丢失了怎么补办？', body: '先挂失，再持身份证到服务网点补办。', tags: ['社保卡'], publishedAt: '2026-11-01T02:00:00.000Z' },
};
const revisedV2: ArticleEvent = {
  type: 'ArticleRevised',
  data: {
    articleId: 'a-1',
    version: 2,
    publishedVersion: 1,
    title: '社保卡丢失了怎么补办？',
    body: '先拨打 12333 挂失，再持身份证到服务网点补办。',
    tags: ['社保卡'],
    revisedAt: '2026-11-01T03:00:00.000Z',
  },
};
const retired: ArticleEvent = { type: 'ArticleRetired', data: { articleId: 'a-1', publishedVersion: 1, retiredAt: '2026-11-01T04:00:00.000Z' } };

describe('writing an FAQ or a policy (编写)', () => {
  it('an operator writes version 1 as a draft, trimmed', () => {
    given([])
      .when(write({ title: '  社保卡丢失了怎么补办？ ', body: '\n先挂失，再持身份证到服务网点补办。\r\n ', tags: [' 社保卡 ', '社保卡', ''] }))
      .then([
        {
          type: 'ArticleWritten',
          data: { articleId: 'a-1', kind: 'faq', version: 1, title: '社保卡丢失了怎么补办？', body: '先挂失，再持身份证到服务网点补办。', tags: ['社保卡'], writtenAt: '2026-11-02T01:00:00.000Z' },
        },
      ]);
    expect(fold(articleDecider, [written])).toMatchObject({ status: 'draft', latest: { version: 1 } });
  });

  it('admins write policies too; a department handler writes nothing', () => {
    given([]).when(write({ kind: 'policy' }), { actor: admin }).then([{ type: 'ArticleWritten', data: { kind: 'policy' } }]);
    given([]).when(write(), { actor: handler }).thenError('article.role_not_allowed', 'forbidden');
  });

  it('nobody writes a service guide by hand: guides come from the catalog', () => {
    given([]).when(write({ kind: 'service_guide' })).thenError('article.generated_only', 'forbidden');
    given([]).when(write({ kind: 'service_guide' }), { actor: admin }).thenError('article.generated_only', 'forbidden');
  });

  it('an unknown kind is refused and names the field', () => {
    const error = given([])
      .when(write({ kind: 'rumour' as never }))
      .thenError('article.bad_kind', 'invalid');
    expect(error.details).toMatchObject({ field: 'kind' });
  });

  it('a title and a body are required, each within its limit', () => {
    expect(given([]).when(write({ title: '   ' })).thenError('article.title_required', 'invalid').details).toMatchObject({ field: 'title' });
    expect(given([]).when(write({ body: '' })).thenError('article.body_required', 'invalid').details).toMatchObject({ field: 'body' });
    given([]).when(write({ title: '问'.repeat(ARTICLE_LIMITS.titleMax) })).then([{ type: 'ArticleWritten' }]);
    expect(given([]).when(write({ title: '问'.repeat(ARTICLE_LIMITS.titleMax + 1) })).thenError('article.too_long', 'invalid').details).toMatchObject({ field: 'title' });
    expect(given([]).when(write({ body: '答'.repeat(ARTICLE_LIMITS.bodyMax + 1) })).thenError('article.too_long', 'invalid').details).toMatchObject({ field: 'body' });
    given([]).when(write({ tags: Array.from({ length: ARTICLE_LIMITS.tagsMax + 1 }, (_, i) => `标签${i}`) })).thenError('article.too_many_tags', 'invalid');
    given([]).when(write({ categoryCode: 'social security' })).thenError('article.bad_category', 'invalid');
  });

  it('an article is written once', () => {
    given([written]).when(write()).thenError('article.exists', 'conflict');
  });
});

describe('versions: revising and publishing (修订、发布)', () => {
  it('publishing makes the latest version the one search and the hotline see', () => {
    given([written])
      .when({ type: 'PublishArticle', data: { articleId: 'a-1' } })
      .then([{ type: 'ArticlePublished', data: { articleId: 'a-1', kind: 'faq', version: 1, title: '社保卡丢失了怎么补办？', publishedAt: '2026-11-02T01:00:00.000Z' } }]);
    given([written, publishedV1]).when({ type: 'PublishArticle', data: { articleId: 'a-1' } }).thenError('article.already_published', 'conflict');
  });

  it('every revision is a new version; the published one stays in front until the revision is published', () => {
    given([written, publishedV1])
      .when({ type: 'ReviseArticle', data: { articleId: 'a-1', body: '先拨打 12333 挂失，再持身份证到服务网点补办。' } })
      .then([{ type: 'ArticleRevised', data: { version: 2, publishedVersion: 1, title: '社保卡丢失了怎么补办？', body: '先拨打 12333 挂失，再持身份证到服务网点补办。', tags: ['社保卡'] } }]);
    const state = fold(articleDecider, [written, publishedV1, revisedV2]);
    expect(state).toMatchObject({ status: 'published', published: { version: 1 }, latest: { version: 2 } });
    given([written, publishedV1, revisedV2])
      .when({ type: 'PublishArticle', data: { articleId: 'a-1' } })
      .then([{ type: 'ArticlePublished', data: { version: 2, body: '先拨打 12333 挂失，再持身份证到服务网点补办。' } }]);
  });

  it('a draft revised before its first publication says it has no published version', () => {
    given([written])
      .when({ type: 'ReviseArticle', data: { articleId: 'a-1', title: '社会保障卡补办' } })
      .then([{ type: 'ArticleRevised', data: { version: 2, publishedVersion: null, title: '社会保障卡补办' } }]);
  });

  it('a revision that changes nothing is refused', () => {
    given([written, publishedV1]).when({ type: 'ReviseArticle', data: { articleId: 'a-1', title: ' 社保卡丢失了怎么补办？ ' } }).thenError('article.unchanged', 'invalid');
  });

  it('an empty category removes it', () => {
    const categorised: ArticleEvent = { type: 'ArticleWritten', data: { ...written.data, categoryCode: 'SB01' } as Extract<ArticleEvent, { type: 'ArticleWritten' }>['data'] };
    const [event] = given([categorised]).when({ type: 'ReviseArticle', data: { articleId: 'a-1', categoryCode: '' } }).then([{ type: 'ArticleRevised', data: { version: 2 } }]);
    expect(event!.data).not.toHaveProperty('categoryCode');
  });

  it('only writers of its kind act on an article, and an unknown article is not found', () => {
    given([written]).when({ type: 'PublishArticle', data: { articleId: 'a-1' } }, { actor: handler }).thenError('article.role_not_allowed', 'forbidden');
    given([]).when({ type: 'ReviseArticle', data: { articleId: 'a-9', title: 'x' } }).thenError('article.not_found', 'not_found');
  });
});

describe('retiring (下架)', () => {
  it('takes a published or draft article out for good, with an optional reason', () => {
    given([written, publishedV1])
      .when({ type: 'RetireArticle', data: { articleId: 'a-1', reason: ' 政策已调整 ' } })
      .then([{ type: 'ArticleRetired', data: { articleId: 'a-1', publishedVersion: 1, reason: '政策已调整' } }]);
    given([written]).when({ type: 'RetireArticle', data: { articleId: 'a-1' } }).then([{ type: 'ArticleRetired', data: { publishedVersion: null } }]);
  });

  it('a retired article is neither revised, published nor retired again', () => {
    given([written, publishedV1, retired]).when({ type: 'ReviseArticle', data: { articleId: 'a-1', title: '新标题' } }).thenError('article.retired', 'conflict');
    given([written, publishedV1, retired]).when({ type: 'PublishArticle', data: { articleId: 'a-1' } }).thenError('article.retired', 'conflict');
    given([written, publishedV1, retired]).when({ type: 'RetireArticle', data: { articleId: 'a-1' } }).thenError('article.retired', 'conflict');
  });
});

const market = { name: '市场监督管理局', windows: [{ code: 'A01', name: 'A01 食品经营窗口' }] };

describe('service guides from the catalog (办事指南)', () => {
  it('say what a caller asks: department, legal basis, limits, fee, materials, place', () => {
    const guide = serviceGuide({ definition: food, version: 1 }, market);
    expect(guide).toMatchObject({ articleId: 'guide-XK00101001', title: '食品经营许可', source: { itemCode: 'XK00101001', itemVersion: 1 } });
    expect(guide.tags).toEqual(['XK00101001', '市场监督管理局', '行政许可']);
    for (const line of [
      '实施部门：市场监督管理局',
      '设定依据：《中华人民共和国食品安全法》第三十五条',
      '办理时限：法定办结时限 20 个工作日，承诺办结时限 10 个工作日',
      '收费标准：不收费',
      '  2. 营业执照（复印件 1 份；必交；证照库已有的可免提交）',
      '  3. 授权委托书（原件 1 份；委托他人代为办理的提交）',
      '办理流程：受理 → 审查 → 决定',
      '办理地点：政务服务中心 A01 食品经营窗口',
      '到现场次数：0 次（全程网办）',
      '送达方式：窗口领取、邮寄送达',
    ]) {
      expect(guide.body.split('\n')).toContain(line);
    }
    expect(serviceGuide({ definition: { ...food, fee: { kind: 'computed', unitCents: 100, field: '经营场所面积', capCents: 2_000_000, unit: '平方米' } }, version: 1 }, market).body).toContain(
      '收费标准：按经营场所面积计收，每平方米 1.00 元，最高 20,000.00 元',
    );
  });

  it('a suspended item’s guide says so first, with the reason', () => {
    const guide = serviceGuide({ definition: food, version: 2, suspendedReason: '系统升级' }, market);
    expect(guide.body.split('\n')[0]).toBe('【暂停受理】本事项暂停受理，已提交的申请继续办理。原因：系统升级');
  });

  const guideCommand = (body = serviceGuide({ definition: food, version: 1 }, market)): PublishServiceGuide => ({ type: 'PublishServiceGuide', data: body });

  it('the system writes and publishes the guide of a newly published item', () => {
    given([])
      .when(guideCommand(), { actor: system })
      .then([
        { type: 'ArticleWritten', data: { articleId: 'guide-XK00101001', kind: 'service_guide', version: 1, title: '食品经营许可', source: { itemCode: 'XK00101001', itemVersion: 1 } } },
        { type: 'ArticlePublished', data: { articleId: 'guide-XK00101001', kind: 'service_guide', version: 1 } },
      ]);
  });

  it('a revised item revises its guide as a new version; an unchanged guide is left alone', () => {
    const first = given([]).when(guideCommand(), { actor: system }).then([{ type: 'ArticleWritten' }, { type: 'ArticlePublished' }]) as ArticleEvent[];
    given(first)
      .when(guideCommand(serviceGuide({ definition: { ...food, promisedLimitDays: 8 }, version: 2 }, market)), { actor: system })
      .then([
        { type: 'ArticleRevised', data: { version: 2, publishedVersion: 1, source: { itemVersion: 2 } } },
        { type: 'ArticlePublished', data: { version: 2 } },
      ]);
    expect(given(first).when(guideCommand(), { actor: system }).then([])).toEqual([]);
  });

  it('only the system keeps guides: an operator can neither revise, publish nor retire one', () => {
    const first = given([]).when(guideCommand(), { actor: system }).then([{ type: 'ArticleWritten' }, { type: 'ArticlePublished' }]) as ArticleEvent[];
    const id = serviceGuideId('XK00101001');
    given(first).when({ type: 'ReviseArticle', data: { articleId: id, title: '改个标题' } }).thenError('article.generated_only', 'forbidden');
    given(first).when({ type: 'RetireArticle', data: { articleId: id } }, { actor: admin }).thenError('article.generated_only', 'forbidden');
    given([]).when(guideCommand()).thenError('article.role_not_allowed', 'forbidden');
    given(first).when({ type: 'RetireArticle', data: { articleId: id, reason: '事项已取消' } }, { actor: system }).then([{ type: 'ArticleRetired', data: { publishedVersion: 1 } }]);
  });

  it('the system does not touch FAQs, nor a guide retired with its item', () => {
    given([written]).when({ ...guideCommand(), data: { ...guideCommand().data, articleId: 'a-1' } }, { actor: system }).thenError('article.not_a_guide', 'conflict');
    given([written, retired]).when(guideCommand(), { actor: system }).thenError('article.retired', 'conflict');
    given([written]).when({ type: 'PublishArticle', data: { articleId: 'a-1' } }, { actor: system }).thenError('article.role_not_allowed', 'forbidden');
  });

  it('an article lives in its own stream', () => {
    expect(articleStreamId(serviceGuideId('XK00101001'))).toBe('article-guide-XK00101001');
  });
});
