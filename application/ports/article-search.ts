import type { ArticleKind } from '../../domain/knowledge/index.js';

/** Where a matched term stands in a snippet: UTF-16 offsets, for the UI to mark without parsing HTML. */
export interface Highlight {
  readonly start: number;
  readonly length: number;
}

export interface ArticleHit {
  readonly id: string;
  /** The published version the hit is about. */
  readonly version: number;
  readonly kind: ArticleKind;
  readonly title: string;
  readonly titleHighlights: readonly Highlight[];
  /** A passage of the body around the matched terms, in plain text. */
  readonly snippet: string;
  readonly highlights: readonly Highlight[];
  /** The query's words found in the article. */
  readonly terms: readonly string[];
  /** Relevance (BM25); higher is better, comparable within one answer only. */
  readonly score: number;
}

export interface ArticleSearchOptions {
  readonly limit: number;
  readonly kinds?: readonly ArticleKind[];
}

/**
 * Full-text search of the published knowledge base, in Chinese: the query and the articles are
 * cut into words (分词), not scanned for substrings, and hits are ranked by relevance.
 */
export interface ArticleSearch {
  search(query: string, options: ArticleSearchOptions): Promise<readonly ArticleHit[]>;
}

export const ARTICLE_SEARCH = Symbol('ArticleSearch');
