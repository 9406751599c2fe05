import { knowledgeHandlers } from '../../../application/knowledge/knowledge.handlers.js';
import { knowledgeQueryHandlers } from '../../../application/knowledge/knowledge.queries.js';
import { ARTICLE_SEARCH } from '../../../application/ports/article-search.js';
import { ArticleIndex } from '../../search/article-index.js';
import { KnowledgeController } from '../controllers/knowledge.controller.js';
import type { ContextWiring } from './index.js';

/** The 12345 knowledge base (知识库): FAQs, policies and service guides, searched in Chinese. */
export const knowledge: ContextWiring = {
  controllers: [KnowledgeController],
  providers: [ArticleIndex, { provide: ARTICLE_SEARCH, useExisting: ArticleIndex }, ...knowledgeHandlers, ...knowledgeQueryHandlers],
};
