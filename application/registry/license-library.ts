import type { HeldLicense } from '../../domain/cases/index.js';
import type { LicenseHolder } from '../../domain/licenses/index.js';
import type { DocumentStore } from '../ports/document-store.js';
import type { LicenseRevocation } from './registry-views.js';

/** A license as the `licenses` view stores it (projections/licenses.ts), keyed by its number. */
export interface LicenseDoc {
  number: string;
  licenseType: string;
  licenseName: string;
  holder: LicenseHolder;
  /** The holder's citizen ID number or credit code: what the library is searched by. */
  holderId: string;
  department: string;
  caseId: string;
  validFrom: string;
  validUntil: string | null;
  issuedAt: string;
  registeredAt: string;
  revoked: boolean;
  revocation?: LicenseRevocation;
  updatedAt: string;
}

export const LICENSES = 'licenses';

/** No holder has this many licenses; a bound keeps one lookup from reading without end. */
const MAX_LICENSES_PER_HOLDER = 500;

/** Every license the library holds for a holder, valid or not: the decision checks validity on its own day. */
export async function licensesHeldBy(documents: DocumentStore, holderId: string | undefined): Promise<HeldLicense[]> {
  if (!holderId) return [];
  const page = await documents.find<LicenseDoc>(LICENSES, { holderId }, { limit: MAX_LICENSES_PER_HOLDER, sort: { registeredAt: 1 } });
  return page.items.map(({ number, licenseType, holderId: id, validFrom, validUntil, revoked }) => ({ number, licenseType, holderId: id, validFrom, validUntil, revoked }));
}
