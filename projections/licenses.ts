import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import { holderIdOf, type LicenseEvent } from '../domain/licenses/index.js';

const collection = 'licenses';

/**
 * 证照库: one document per license, keyed by its number, with the holder's ID number or credit
 * code as `holderId` (stored in full for lookups; the API masks it in lists). Validity depends on
 * the day, so it is computed when read, from validFrom, validUntil and `revoked`.
 */
export const licensesView: DocumentProjection = {
  kind: 'documents',
  name: 'licenses-view',
  version: 1,
  categories: ['license'],
  collections: [collection],
  indexes: {
    [collection]: [{ fields: ['holderId'] }, { fields: ['licenseType'] }, { fields: ['department', 'registeredAt'] }, { fields: ['registeredAt'] }],
  },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as LicenseEvent;
    const at = recorded.metadata.occurredAt ?? recorded.recordedAt;
    switch (event.type) {
      case 'LicenseRegistered': {
        const d = event.data;
        const doc = {
          number: d.number,
          licenseType: d.licenseType,
          licenseName: d.licenseName,
          holder: d.holder,
          holderId: holderIdOf(d.holder) ?? null,
          department: d.department,
          caseId: d.caseId,
          validFrom: d.validFrom,
          validUntil: d.validUntil,
          issuedAt: d.issuedAt,
          registeredAt: d.registeredAt,
          revoked: false,
          updatedAt: at,
        };
        return [{ op: 'upsert', collection, id: d.number, doc }];
      }
      case 'LicenseRevoked': {
        const { number, reason, revokedAt, legalBasis } = event.data;
        const revocation = { reason, revokedAt, legalBasis, by: recorded.metadata.actorId ?? null };
        return [{ op: 'patch', collection, id: number, set: { revoked: true, revocation, updatedAt: at } }];
      }
      default:
        return [];
    }
  },
};
