import type { Command } from '../shared/decider.js';
import type { GuideSource } from './events.js';
import type { ArticleKind } from './rules.js';

/** Writes version 1 of an FAQ or a policy, as a draft. The id is chosen by the caller. */
export type WriteArticle = Command<
  'WriteArticle',
  {
    readonly articleId: string;
    readonly kind: ArticleKind;
    readonly title: string;
    readonly body: string;
    readonly categoryCode?: string;
    readonly tags?: readonly string[];
  }
>;

/** Writes the next version; what is not given stays as in the latest version. */
export type ReviseArticle = Command<
  'ReviseArticle',
  {
    readonly articleId: string;
    readonly title?: string;
    readonly body?: string;
    /** An empty string removes the category. */
    readonly categoryCode?: string;
    readonly tags?: readonly string[];
  }
>;

/** Publishes the latest version. */
export type PublishArticle = Command<'PublishArticle', { readonly articleId: string }>;

/** 下架. */
export type RetireArticle = Command<'RetireArticle', { readonly articleId: string; readonly reason?: string }>;

/**
 * The system brings an item's service guide level with the catalog: writes it, or revises it when
 * its text changed, and publishes it. Nothing happens when the published guide already says this.
 */
export type PublishServiceGuide = Command<
  'PublishServiceGuide',
  {
    readonly articleId: string;
    readonly title: string;
    readonly body: string;
    readonly tags: readonly string[];
    readonly source: GuideSource;
  }
>;

export type ArticleCommand = WriteArticle | ReviseArticle | PublishArticle | RetireArticle | PublishServiceGuide;
