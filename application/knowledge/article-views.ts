/**
 * The knowledge base's stored views (`articles`, `article_versions`) and the versions the queries
 * answer with: shared with the UI (ui/src/routes/knowledge/knowledge.ts), so this file imports
 * types only.
 */
import type { ArticleKind, ArticleStatus } from '../../domain/knowledge/rules.js';

/** A version as its writer left it; a draft is one not yet published. */
export interface ArticleDraft {
  version: number;
  title: string;
  body: string;
  categoryCode?: string;
  tags: string[];
  at: string;
}

/** One version as written, and when it was published if it was. */
export interface ArticleVersionView extends ArticleDraft {
  publishedAt?: string;
}

/** The `articles` view (projections/articles.ts documents it). */
export interface ArticleDoc {
  id: string;
  kind: ArticleKind;
  status: ArticleStatus;
  /** The published version; null before the first publication. */
  version: number | null;
  latestVersion: number;
  title: string;
  body: string;
  categoryCode?: string;
  tags: string[];
  source?: { itemCode: string; itemVersion: number };
  draft?: ArticleDraft;
  createdAt: string;
  publishedAt?: string;
  retiredAt?: string;
  retiredReason?: string;
  updatedAt: string;
}
