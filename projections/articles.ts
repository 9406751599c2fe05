import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import type { ArticleEvent } from '../domain/knowledge/index.js';

const collection = 'articles';
const versions = 'article_versions';

/**
 * 知识库 as search, the hotline and the editors read it.
 *
 * `articles`, one document per article (id = article id):
 *   { id, kind: 'faq'|'policy'|'service_guide', status: 'draft'|'published'|'retired',
 *     version: number|null,          // the published version; null before the first publication
 *     title, body, categoryCode?, tags: string[], source?: { itemCode, itemVersion },
 *                                    // the published version's content (a never-published draft's own)
 *     latestVersion: number,         // the newest version, published or not
 *     draft?: { version, title, body, categoryCode?, tags, source?, at },
 *                                    // a revision newer than the published version, waiting to be published
 *     createdAt, publishedAt?, retiredAt?, retiredReason?, updatedAt }
 * The hotline answers with `title`/`body` at `version` of a 'published' article; search indexes
 * exactly those (infrastructure/search/article-index.ts keeps its in-process index level with this
 * collection through the projection runner's change notices, and reloads it on start).
 *
 * `article_versions`, every version as written (id = `<articleId>@<version>`):
 *   { articleId, version, title, body, categoryCode?, tags, source?, at, publishedAt? }
 */
export const articlesView: DocumentProjection = {
  kind: 'documents',
  name: 'articles',
  version: 1,
  categories: ['article'],
  collections: [collection, versions],
  indexes: {
    [collection]: [{ fields: ['status', 'kind'] }, { fields: ['updatedAt'] }],
    [versions]: [{ fields: ['articleId', 'version'] }],
  },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as ArticleEvent;
    const at = recorded.metadata.occurredAt ?? recorded.recordedAt;
    const id = event.data.articleId;
    switch (event.type) {
      case 'ArticleWritten': {
        const { articleId, version, writtenAt, ...content } = event.data;
        return [
          { op: 'upsert', collection, id, doc: { id, ...content, status: 'draft', version: null, latestVersion: version, createdAt: writtenAt, updatedAt: at } },
          { op: 'upsert', collection: versions, id: `${id}@${version}`, doc: { articleId, version, ...content, at: writtenAt } },
        ];
      }
      case 'ArticleRevised': {
        const { articleId, version, publishedVersion, revisedAt, ...content } = event.data;
        const versionDoc: WriteOp = { op: 'upsert', collection: versions, id: `${id}@${version}`, doc: { articleId, version, ...content, at: revisedAt } };
        // Before the first publication the draft is the article; after it, the published version stays in front.
        const article: WriteOp =
          publishedVersion === null
            ? { op: 'patch', collection, id, set: { ...content, latestVersion: version, updatedAt: at }, unset: absent(content) }
            : { op: 'patch', collection, id, set: { draft: { version, ...content, at: revisedAt }, latestVersion: version, updatedAt: at } };
        return [article, versionDoc];
      }
      case 'ArticlePublished': {
        const { articleId: _, kind: __, version, publishedAt, ...content } = event.data;
        return [
          { op: 'patch', collection, id, set: { ...content, status: 'published', version, latestVersion: version, publishedAt, updatedAt: at }, unset: ['draft', ...absent(content)] },
          { op: 'patch', collection: versions, id: `${id}@${version}`, set: { publishedAt } },
        ];
      }
      case 'ArticleRetired': {
        const { reason, retiredAt } = event.data;
        return [{ op: 'patch', collection, id, set: { status: 'retired', retiredAt, ...(reason ? { retiredReason: reason } : {}), updatedAt: at }, unset: ['draft'] }];
      }
      default:
        return [];
    }
  },
};

/** Optional fields a version does not have: cleared, so that they do not linger from an earlier one. */
function absent(content: { categoryCode?: string; source?: unknown }): string[] {
  return [...(content.categoryCode === undefined ? ['categoryCode'] : []), ...(content.source === undefined ? ['source'] : [])];
}
