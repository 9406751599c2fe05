import type { DecideContext, Decider } from '../shared/decider.js';
import type { ArticleCommand } from './commands.js';
import { decide } from './decide.js';
import type { ArticleEvent } from './events.js';
import { evolve, initialState, type ArticleState } from './state.js';

export type * from './commands.js';
export type * from './events.js';
export * from './rules.js';
export { serviceGuide, type GuideDepartment, type GuideItem } from './service-guide.js';
export { hasUnpublishedRevision, type ArticleState, type ArticleVersion } from './state.js';

/** 知识库: one stream per article. */
export const articleDecider: Decider<ArticleCommand, ArticleEvent, ArticleState, DecideContext> = { initialState, evolve, decide };

export const articleStreamId = (articleId: string) => `article-${articleId}`;
