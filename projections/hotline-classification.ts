import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import { CATEGORIES, DISTRICTS } from '../application/hotline/ticket-doc.js';
import type { ClassificationEvent } from '../domain/hotline/index.js';

/** The category tree and the district list of the hotline, one document per code; queries build the paths. */
export const hotlineClassification: DocumentProjection = {
  kind: 'documents',
  name: 'hotline-classification',
  version: 1,
  categories: ['hotline'],
  collections: [CATEGORIES, DISTRICTS],
  indexes: { [CATEGORIES]: [{ fields: ['parentCode'] }] },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as ClassificationEvent;
    switch (event.type) {
      case 'HotlineCategoryDefined': {
        const { code, name, parentCode, definedAt } = event.data;
        return [{ op: 'upsert', collection: CATEGORIES, id: code, doc: { code, name, parentCode, active: true, definedAt } }];
      }
      case 'HotlineCategoryRetired':
        return [{ op: 'patch', collection: CATEGORIES, id: event.data.code, set: { active: false, retiredAt: event.data.retiredAt } }];
      case 'HotlineDistrictDefined': {
        const { code, name, definedAt } = event.data;
        return [{ op: 'upsert', collection: DISTRICTS, id: code, doc: { code, name, active: true, definedAt } }];
      }
      case 'HotlineDistrictRetired':
        return [{ op: 'patch', collection: DISTRICTS, id: event.data.code, set: { active: false, retiredAt: event.data.retiredAt } }];
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};
