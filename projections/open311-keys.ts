import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import type { ApiKeyEvent } from '../domain/open311/index.js';

const collection = 'open311_keys';

/** Open311 API keys as the admin lists them and the Open311 edge checks them: by digest, never the key. */
export const open311Keys: DocumentProjection = {
  kind: 'documents',
  name: 'open311-keys',
  version: 1,
  categories: ['open311key'],
  collections: [collection],
  indexes: { [collection]: [{ fields: ['keyHash'], unique: true }, { fields: ['issuedAt'] }] },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as ApiKeyEvent;
    switch (event.type) {
      case 'ApiKeyIssued':
        return [{ op: 'upsert', collection, id: event.data.keyId, doc: { ...event.data, issuedBy: recorded.metadata.actorId ?? null, active: true } }];
      case 'ApiKeyRevoked':
        return [{ op: 'patch', collection, id: event.data.keyId, set: { active: false, revokedAt: event.data.revokedAt, revokeReason: event.data.reason } }];
      default:
        return [];
    }
  },
};
