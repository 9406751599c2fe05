import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import type { CatalogEvent } from '../domain/catalog/index.js';

const collection = 'catalog_items';
const versions = 'catalog_item_versions';

/**
 * 事项库 as staff and the portal browse it: one document per item code. Its fields are those of
 * the published version (or of the first draft, before any publication); `status` is the item's;
 * a new version in review sits in `revision` until it is published. Every published version is
 * also kept as it was, in `catalog_item_versions` (`<code>@<version>`), for the cases filed under it.
 */
export const catalogItems: DocumentProjection = {
  kind: 'documents',
  name: 'catalog-items',
  version: 2,
  categories: ['item'],
  collections: [collection, versions],
  indexes: { [collection]: [{ fields: ['status'] }, { fields: ['department'] }], [versions]: [{ fields: ['code', 'version'] }] },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as CatalogEvent;
    const updatedAt = recorded.metadata.occurredAt ?? recorded.recordedAt;
    const code = event.data.code;
    const patch = (set: Record<string, unknown>, unset?: string[]): WriteOp[] => [
      { op: 'patch', collection, id: code, set: { ...set, updatedAt }, ...(unset ? { unset } : {}) },
    ];
    // Versions after the first are revisions of a published item (a version is numbered only after the one before it was published).
    const revision = (version: number | undefined) => (version ?? 1) > 1;
    switch (event.type) {
      case 'ItemDrafted': {
        const { version, ...definition } = event.data;
        if (revision(version)) return patch({ revision: { version, status: 'draft', definition } });
        // A patch, not an upsert: redrafting keeps what the document already holds.
        return [{ op: 'patch', collection, id: code, upsert: true, set: { ...definition, status: 'draft', updatedAt } }];
      }
      case 'ItemSubmittedForReview':
        return revision(event.data.version) ? patch({ 'revision.status': 'in_review' }, ['revision.sentBackReason']) : patch({ status: 'in_review' }, ['sentBackReason']);
      case 'ItemApproved':
        return revision(event.data.version) ? patch({ 'revision.status': 'approved' }) : patch({ status: 'approved' });
      case 'ItemSentBack':
        return revision(event.data.version)
          ? patch({ 'revision.status': 'sent_back', 'revision.sentBackReason': event.data.reason })
          : patch({ status: 'sent_back', sentBackReason: event.data.reason });
      case 'ItemPublished': {
        const { version, publishedAt, definition } = event.data;
        // A revision published while the item is suspended leaves it suspended: only the first publication opens it.
        const ops = patch({ ...definition, version, publishedAt, ...(revision(version) ? {} : { status: 'published' }) }, ['revision']);
        return definition ? [...ops, { op: 'upsert', collection: versions, id: `${code}@${version}`, doc: { ...definition, version, publishedAt } }] : ops;
      }
      case 'ItemSuspended':
        return patch({ status: 'suspended', suspendedReason: event.data.reason, suspendedAt: event.data.suspendedAt });
      case 'ItemResumed':
        return patch({ status: 'published' }, ['suspendedReason', 'suspendedAt']);
      case 'ItemRetired':
        return patch({ status: 'retired', retiredReason: event.data.reason, retiredAt: event.data.retiredAt }, ['revision', 'suspendedReason', 'suspendedAt']);
      default:
        return [];
    }
  },
};
