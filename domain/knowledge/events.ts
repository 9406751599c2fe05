import type { Event } from '../shared/decider.js';
import type { ArticleKind } from './rules.js';

/** What a service guide was generated from: the catalog item and its published version. */
export interface GuideSource {
  readonly itemCode: string;
  readonly itemVersion: number;
}

/** The content of one version of an article. */
export interface ArticleContent {
  readonly title: string;
  readonly body: string;
  /** A node of the hotline's category tree (e.g. 社会保障/社保卡), when the article answers one. */
  readonly categoryCode?: string;
  readonly tags: readonly string[];
  readonly source?: GuideSource;
}

/** Version 1, a draft. */
export type ArticleWritten = Event<
  'ArticleWritten',
  ArticleContent & { readonly articleId: string; readonly kind: ArticleKind; readonly version: 1; readonly writtenAt: string }
>;

/** A new version. `publishedVersion` is the one search and the hotline keep seeing until this one is published (null: never published). */
export type ArticleRevised = Event<
  'ArticleRevised',
  ArticleContent & { readonly articleId: string; readonly version: number; readonly publishedVersion: number | null; readonly revisedAt: string }
>;

/** The latest version is now the one search and the hotline see; it carries its content, as cases carry the item version they run by. */
export type ArticlePublished = Event<
  'ArticlePublished',
  ArticleContent & { readonly articleId: string; readonly kind: ArticleKind; readonly version: number; readonly publishedAt: string }
>;

/** 下架: out of search and of the hotline's answers for good; tickets that quoted it keep what they quoted. */
export type ArticleRetired = Event<
  'ArticleRetired',
  { readonly articleId: string; readonly publishedVersion: number | null; readonly reason?: string; readonly retiredAt: string }
>;

export type ArticleEvent = ArticleWritten | ArticleRevised | ArticlePublished | ArticleRetired;
