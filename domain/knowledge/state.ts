import type { ArticleContent, ArticleEvent } from './events.js';
import type { ArticleKind, ArticleStatus } from './rules.js';

/** One version of an article, as written. */
export interface ArticleVersion extends ArticleContent {
  readonly version: number;
}

/**
 * An article: `latest` is the newest version, `published` the one search and the hotline see
 * (absent until the first publication). A draft has never been published; a published article
 * with a newer `latest` has a revision waiting to be published.
 */
export type ArticleState =
  | { readonly status: 'none' }
  | {
      readonly status: ArticleStatus;
      readonly articleId: string;
      readonly kind: ArticleKind;
      readonly latest: ArticleVersion;
      readonly published?: ArticleVersion;
    };

export const initialState: ArticleState = { status: 'none' };

export function evolve(state: ArticleState, event: ArticleEvent): ArticleState {
  switch (event.type) {
    case 'ArticleWritten': {
      const { articleId, kind, writtenAt: _, ...content } = event.data;
      return { status: 'draft', articleId, kind, latest: content };
    }
    case 'ArticleRevised': {
      if (state.status === 'none') return state;
      const { articleId: _, publishedVersion: __, revisedAt: ___, ...content } = event.data;
      return { ...state, latest: content };
    }
    case 'ArticlePublished': {
      if (state.status === 'none') return state;
      const { articleId: _, kind: __, publishedAt: ___, ...content } = event.data;
      return { ...state, status: 'published', latest: content, published: content };
    }
    case 'ArticleRetired':
      return state.status === 'none' ? state : { ...state, status: 'retired' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Whether the latest version is a revision not yet published. */
export function hasUnpublishedRevision(state: ArticleState): boolean {
  return state.status !== 'none' && state.latest.version !== state.published?.version;
}
