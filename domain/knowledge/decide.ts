import type { DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../shared/errors.js';
import type { ArticleCommand } from './commands.js';
import type { ArticleContent, ArticleEvent } from './events.js';
import { ARTICLE_KINDS, ARTICLE_LIMITS, ARTICLE_STATUSES, ARTICLE_WRITERS, GENERATING_ROLE, isArticleKind, mayWrite, WRITTEN_KINDS, type ArticleKind } from './rules.js';
import type { ArticleState } from './state.js';

type Existing = Exclude<ArticleState, { status: 'none' }>;

export function decide(command: ArticleCommand, state: ArticleState, ctx: DecideContext): Decision<ArticleEvent> {
  const now = ctx.now.toISOString();
  switch (command.type) {
    case 'WriteArticle': {
      const { articleId, kind } = command.data;
      if (!isArticleKind(kind)) {
        return invalid('article.bad_kind', '文章类型须为常见问题或政策法规', 'An article is an FAQ or a policy', { field: 'kind' });
      }
      if (!(WRITTEN_KINDS as readonly string[]).includes(kind)) return generatedOnly(kind);
      const refused = writerRefusal(kind, ctx);
      if (refused) return refused;
      if (state.status !== 'none') return conflict('article.exists', '该文章已存在', 'This article already exists', { articleId });
      const content = checkedContent({ title: command.data.title, body: command.data.body, categoryCode: command.data.categoryCode, tags: command.data.tags ?? [] });
      if (!('title' in content)) return content;
      return [{ type: 'ArticleWritten', data: { articleId, kind, version: 1, ...content, writtenAt: now } }];
    }
    case 'ReviseArticle': {
      const found = existing(state, command.data.articleId, ctx);
      if (!isExisting(found)) return found;
      const { title, body, categoryCode, tags } = command.data;
      const latest = found.latest;
      const content = checkedContent({
        title: title ?? latest.title,
        body: body ?? latest.body,
        categoryCode: categoryCode ?? latest.categoryCode,
        tags: tags ?? latest.tags,
      });
      if (!('title' in content)) return content;
      if (sameContent(content, latest)) {
        return invalid('article.unchanged', '修订内容与最新版本相同，无需修订', 'The revision says what the latest version says');
      }
      return [revised(found, content, now)];
    }
    case 'PublishArticle': {
      const found = existing(state, command.data.articleId, ctx);
      if (!isExisting(found)) return found;
      if (found.published?.version === found.latest.version) {
        return conflict('article.already_published', `第 ${found.latest.version} 版已发布`, `Version ${found.latest.version} is already published`, {
          version: found.latest.version,
        });
      }
      return [published(found, found.latest, now)];
    }
    case 'RetireArticle': {
      const found = existing(state, command.data.articleId, ctx);
      if (!isExisting(found)) return found;
      const reason = text(command.data.reason);
      if (reason.length > ARTICLE_LIMITS.reasonMax) return tooLong('reason', ARTICLE_LIMITS.reasonMax);
      return [{ type: 'ArticleRetired', data: { articleId: found.articleId, publishedVersion: found.published?.version ?? null, ...(reason ? { reason } : {}), retiredAt: now } }];
    }
    case 'PublishServiceGuide': {
      const { articleId, source } = command.data;
      const refused = writerRefusal('service_guide', ctx);
      if (refused) return refused;
      if (state.status === 'retired') return retired();
      if (state.status !== 'none' && state.kind !== 'service_guide') {
        return conflict('article.not_a_guide', '该文章不是办事指南', 'This article is not a service guide', { articleId });
      }
      const content = checkedContent({ title: command.data.title, body: command.data.body, tags: command.data.tags, source });
      if (!('title' in content)) return content;
      if (state.status === 'none') {
        const written: ArticleEvent = { type: 'ArticleWritten', data: { articleId, kind: 'service_guide', version: 1, ...content, writtenAt: now } };
        return [written, published({ articleId, kind: 'service_guide' }, { version: 1, ...content }, now)];
      }
      if (sameContent(content, state.latest)) return state.published?.version === state.latest.version ? [] : [published(state, state.latest, now)];
      const revision = revised(state, content, now);
      return [revision, published(state, { version: revision.data.version, ...content }, now)];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** The article a command acts on, if it exists, is not retired and the actor may keep its kind. */
function existing(state: ArticleState, articleId: string, ctx: DecideContext): Existing | DomainError {
  if (state.status === 'none') return notFound('article.not_found', '文章不存在', 'No such article', { articleId });
  if (state.kind === 'service_guide' && ctx.actor.role !== GENERATING_ROLE) return generatedOnly(state.kind);
  const refused = writerRefusal(state.kind, ctx);
  if (refused) return refused;
  if (state.status === 'retired') return retired();
  return state;
}

const isExisting = (value: Existing | DomainError): value is Existing => 'status' in value;

function writerRefusal(kind: ArticleKind, ctx: DecideContext): DomainError | undefined {
  if (mayWrite(kind, ctx.actor.role)) return undefined;
  return forbidden('article.role_not_allowed', `您的岗位不能编写${ARTICLE_KINDS[kind].zh}`, `Your role cannot write a ${ARTICLE_KINDS[kind].en}`, {
    role: ctx.actor.role,
    allowed: ARTICLE_WRITERS[kind],
  });
}

function generatedOnly(kind: ArticleKind): DomainError {
  return forbidden(
    'article.generated_only',
    `${ARTICLE_KINDS[kind].zh}由事项库发布的事项自动生成，不能手工编写`,
    `A ${ARTICLE_KINDS[kind].en} is generated from the published catalog item, not written by hand`,
    { kind },
  );
}

function retired(): DomainError {
  return conflict('article.retired', `该文章${ARTICLE_STATUSES.retired.zh}，不能再修订或发布`, 'This article is retired and can be neither revised nor published');
}

function revised(state: Existing, content: ArticleContent, now: string): Extract<ArticleEvent, { type: 'ArticleRevised' }> {
  return {
    type: 'ArticleRevised',
    data: { articleId: state.articleId, version: state.latest.version + 1, publishedVersion: state.published?.version ?? null, ...content, revisedAt: now },
  };
}

function published(article: Pick<Existing, 'articleId' | 'kind'>, version: ArticleContent & { version: number }, now: string): ArticleEvent {
  const { version: number, ...content } = version;
  return { type: 'ArticlePublished', data: { articleId: article.articleId, kind: article.kind, version: number, ...withoutUndefined(content), publishedAt: now } };
}

/** The content as it will be kept: trimmed, within the limits, tags unique; or what is wrong with it. */
function checkedContent(raw: {
  title: unknown;
  body: unknown;
  categoryCode?: unknown;
  tags: readonly unknown[];
  source?: ArticleContent['source'];
}): ArticleContent | DomainError {
  const title = text(raw.title).replace(/\s+/g, ' ');
  if (!title) return invalid('article.title_required', '请填写标题', 'A title is required', { field: 'title' });
  if (title.length > ARTICLE_LIMITS.titleMax) return tooLong('title', ARTICLE_LIMITS.titleMax);
  const body = text(raw.body).replace(/\r\n?/g, '\n');
  if (!body) return invalid('article.body_required', '请填写正文', 'A body is required', { field: 'body' });
  if (body.length > ARTICLE_LIMITS.bodyMax) return tooLong('body', ARTICLE_LIMITS.bodyMax);
  const categoryCode = text(raw.categoryCode);
  if (categoryCode.length > ARTICLE_LIMITS.categoryCodeMax || /\s/.test(categoryCode)) {
    return invalid('article.bad_category', `分类编码不能含空格，且不超过 ${ARTICLE_LIMITS.categoryCodeMax} 个字符`, `A category code has no spaces and at most ${ARTICLE_LIMITS.categoryCodeMax} characters`, {
      field: 'categoryCode',
    });
  }
  const tags = [...new Set(raw.tags.map(text).filter(Boolean))];
  if (tags.length > ARTICLE_LIMITS.tagsMax) {
    return invalid('article.too_many_tags', `标签最多 ${ARTICLE_LIMITS.tagsMax} 个`, `At most ${ARTICLE_LIMITS.tagsMax} tags`, { field: 'tags' });
  }
  if (tags.some((t) => t.length > ARTICLE_LIMITS.tagMax)) return tooLong('tags', ARTICLE_LIMITS.tagMax);
  return { title, body, ...(categoryCode ? { categoryCode } : {}), tags, ...(raw.source ? { source: raw.source } : {}) };
}

function sameContent(a: ArticleContent, b: ArticleContent): boolean {
  return (
    a.title === b.title &&
    a.body === b.body &&
    (a.categoryCode ?? '') === (b.categoryCode ?? '') &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i]) &&
    a.source?.itemCode === b.source?.itemCode &&
    a.source?.itemVersion === b.source?.itemVersion
  );
}

function tooLong(field: string, max: number): DomainError {
  return invalid('article.too_long', `${FIELD_NAMES[field] ?? field}不能超过 ${max} 个字`, `The ${field} has at most ${max} characters`, { field, max });
}

const FIELD_NAMES: Record<string, string> = { title: '标题', body: '正文', tags: '标签', reason: '下架原因' };

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
