import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import type { CatalogEvent } from '../domain/catalog/index.js';

const collection = 'catalog_items';

/** 事项库 as staff and the portal browse it: one document per item code, in its latest status. */
export const catalogItems: DocumentProjection = {
  kind: 'documents',
  name: 'catalog-items',
  version: 1,
  categories: ['item'],
  collections: [collection],
  indexes: { [collection]: [{ fields: ['status'] }, { fields: ['department'] }] },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as CatalogEvent;
    const updatedAt = recorded.metadata.occurredAt ?? recorded.recordedAt;
    const patch = (set: Record<string, unknown>, unset?: string[]): WriteOp[] => [
      { op: 'patch', collection, id: event.data.code, set: { ...set, updatedAt }, ...(unset ? { unset } : {}) },
    ];
    switch (event.type) {
      case 'ItemDrafted':
        // A patch, not an upsert: redrafting keeps the number of the version already published.
        return [{ op: 'patch', collection, id: event.data.code, upsert: true, set: { ...event.data, status: 'draft', updatedAt } }];
      case 'ItemSubmittedForReview':
        return patch({ status: 'in_review' }, ['sentBackReason']);
      case 'ItemApproved':
        return patch({ status: 'approved' });
      case 'ItemSentBack':
        return patch({ status: 'sent_back', sentBackReason: event.data.reason });
      case 'ItemPublished':
        return patch({ status: 'published', version: event.data.version, publishedAt: event.data.publishedAt });
      default:
        return [];
    }
  },
};
