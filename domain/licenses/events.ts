import type { Event } from '../shared/decider.js';

/** Who holds a license: a person by citizen ID number (GB 11643), an enterprise by credit code (GB 32100). */
export interface LicenseHolder {
  readonly kind: 'person' | 'enterprise';
  readonly name: string;
  readonly idNumber?: string;
  readonly creditCode?: string;
}

/** 入库: an issued certificate enters the license library (证照库). */
export type LicenseRegistered = Event<
  'LicenseRegistered',
  {
    /** 证照编号: the certificate number. */
    readonly number: string;
    /** The license type: the code of the item that issues it. */
    readonly licenseType: string;
    readonly licenseName: string;
    readonly holder: LicenseHolder;
    readonly validFrom: string;
    /** null: valid without limit (长期有效). */
    readonly validUntil: string | null;
    /** The issuing department. */
    readonly department: string;
    /** The case that issued it. */
    readonly caseId: string;
    readonly issuedAt: string;
    readonly registeredAt: string;
  }
>;

/** 撤销: by the issuing department's head, with the reason (行政许可法 art. 69). */
export type LicenseRevoked = Event<
  'LicenseRevoked',
  { readonly number: string; readonly reason: string; readonly revokedAt: string; readonly legalBasis: string }
>;

export type LicenseEvent = LicenseRegistered | LicenseRevoked;
