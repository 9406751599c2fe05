import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ARTICLE_KINDS, ARTICLE_STATUSES, type ArticleKind, type ArticleStatus } from '../../domain/knowledge/index.js';
import { notFound, type DomainError } from '../../domain/shared/errors.js';
import type { Bilingual } from '../../domain/shared/messages.js';
import { ARTICLE_SEARCH, type ArticleHit, type ArticleSearch } from '../ports/article-search.js';
import type { DocumentStore, Filter, StoredDocument } from '../ports/document-store.js';
import { DOCUMENT_STORE } from '../ports/tokens.js';
import type { ArticleDoc, ArticleVersionView } from './article-views.js';

export type { ArticleDoc };


/** One version as written (`article_versions`). */
export interface ArticleVersionDoc extends ArticleVersionView {
  articleId: string;
}

export class SearchArticlesQuery extends Query<readonly ArticleHit[]> {
  constructor(
    readonly query: string,
    readonly limit: number,
    readonly kinds?: readonly ArticleKind[],
  ) {
    super();
  }
}

/** `staff`: drafts, retired articles and every version; otherwise the published version only. */
export class GetArticleQuery extends Query<ReturnType<typeof publicView> | ReturnType<typeof staffView> | DomainError> {
  constructor(
    readonly id: string,
    readonly staff: boolean,
  ) {
    super();
  }
}

export interface ArticleListFilter {
  readonly kind?: ArticleKind;
  readonly status?: ArticleStatus;
  readonly limit: number;
  readonly after?: string;
}

export class ListArticlesQuery extends Query<{ items: ReturnType<typeof listed>[]; next?: string; total: number }> {
  constructor(readonly filter: ArticleListFilter) {
    super();
  }
}

const label = (kind: ArticleKind): Bilingual => ARTICLE_KINDS[kind];

/** What anyone may read of a published article. */
function publicView(doc: ArticleDoc) {
  return {
    id: doc.id,
    kind: doc.kind,
    kindLabel: label(doc.kind),
    status: doc.status,
    version: doc.version,
    title: doc.title,
    body: doc.body,
    ...(doc.categoryCode ? { categoryCode: doc.categoryCode } : {}),
    tags: doc.tags ?? [],
    ...(doc.source ? { source: doc.source } : {}),
    ...(doc.publishedAt ? { publishedAt: doc.publishedAt } : {}),
    updatedAt: doc.updatedAt,
  };
}

function staffView(doc: ArticleDoc, versions: readonly ArticleVersionDoc[]) {
  return {
    ...publicView(doc),
    statusLabel: ARTICLE_STATUSES[doc.status],
    latestVersion: doc.latestVersion,
    ...(doc.draft ? { draft: doc.draft } : {}),
    createdAt: doc.createdAt,
    ...(doc.retiredAt ? { retiredAt: doc.retiredAt, ...(doc.retiredReason ? { retiredReason: doc.retiredReason } : {}) } : {}),
    versions: versions.map(({ version, title, body, categoryCode, tags, at, publishedAt }) => ({
      version,
      title,
      body,
      ...(categoryCode ? { categoryCode } : {}),
      tags,
      at,
      ...(publishedAt ? { publishedAt } : {}),
    })),
  };
}

/** A line of the editors' list: no body, the newest title. */
function listed(doc: ArticleDoc) {
  return {
    id: doc.id,
    kind: doc.kind,
    status: doc.status,
    version: doc.version,
    latestVersion: doc.latestVersion,
    title: doc.draft?.title ?? doc.title,
    ...(doc.categoryCode ? { categoryCode: doc.categoryCode } : {}),
    tags: doc.tags ?? [],
    ...(doc.source ? { source: doc.source } : {}),
    updatedAt: doc.updatedAt,
  };
}

const noSuchArticle = (id: string) => notFound('article.not_found', '文章不存在', 'No such article', { articleId: id });

@QueryHandler(SearchArticlesQuery)
export class SearchArticlesHandler implements IQueryHandler<SearchArticlesQuery> {
  constructor(@Inject(ARTICLE_SEARCH) private readonly search: ArticleSearch) {}

  execute({ query, limit, kinds }: SearchArticlesQuery) {
    return this.search.search(query, { limit, ...(kinds ? { kinds } : {}) });
  }
}

@QueryHandler(GetArticleQuery)
export class GetArticleHandler implements IQueryHandler<GetArticleQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ id, staff }: GetArticleQuery) {
    const doc = await this.documents.get<ArticleDoc>('articles', id);
    // Drafts and retired articles do not exist for the public.
    if (!doc || (!staff && doc.status !== 'published')) return noSuchArticle(id);
    if (!staff) return publicView(doc);
    const versions = await this.documents.find<ArticleVersionDoc>('article_versions', { articleId: id }, { sort: { version: -1 }, limit: 1000 });
    return staffView(doc, versions.items);
  }
}

@QueryHandler(ListArticlesQuery)
export class ListArticlesHandler implements IQueryHandler<ListArticlesQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ filter }: ListArticlesQuery) {
    const clauses: Filter[] = [];
    if (filter.kind) clauses.push({ kind: filter.kind });
    if (filter.status) clauses.push({ status: filter.status });
    const where: Filter = clauses.length ? { $and: clauses } : {};
    const [page, total] = await Promise.all([
      this.documents.find<ArticleDoc>('articles', where, { sort: { updatedAt: -1 }, limit: filter.limit, ...(filter.after ? { after: filter.after } : {}) }),
      this.documents.count('articles', where),
    ]);
    return { items: page.items.map((doc: StoredDocument<ArticleDoc>) => listed(doc)), ...(page.next ? { next: page.next } : {}), total };
  }
}

export const knowledgeQueryHandlers = [SearchArticlesHandler, GetArticleHandler, ListArticlesHandler];
