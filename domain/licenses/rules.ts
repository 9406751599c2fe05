/**
 * The rules of the license library (证照库), each named once with its source.
 */
import type { Role } from '../identity/roles.js';

/** 行政许可法 art. 69: the issuing authority revokes (撤销) a license, stating why. */
export const REVOCATION = { source: '行政许可法 第六十九条' } as const;

/** 行政许可法 art. 70(1): a license whose term has run out without renewal no longer stands (有效期届满未延续). */
export const EXPIRY = { source: '行政许可法 第七十条第一项' } as const;

/**
 * Who acts on licenses. Registration is done by the library's own process (the role its commands
 * are recorded with), never by a person; revocation by the issuing department's head.
 */
export const LICENSE_ROLES = {
  register: ['process'] as readonly string[],
  revoke: ['department_head'] as readonly Role[],
} as const;

/** What a license is on a given day. */
export type LicenseStanding = 'valid' | 'not_yet_valid' | 'expired' | 'revoked';

/** The facts validity depends on. */
export interface LicenseTerm {
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly revoked: boolean;
}

/** Valid only while validFrom ≤ today ≤ validUntil (or without limit) and not revoked. Dates are 'YYYY-MM-DD'. */
export function licenseStanding(license: LicenseTerm, today: string): LicenseStanding {
  if (license.revoked) return 'revoked';
  if (today < license.validFrom) return 'not_yet_valid';
  if (license.validUntil !== null && today > license.validUntil) return 'expired';
  return 'valid';
}

export const isLicenseValid = (license: LicenseTerm, today: string) => licenseStanding(license, today) === 'valid';

/** The number a holder is known by: the citizen ID number of a person, the credit code of an enterprise. */
export function holderIdOf(holder: { readonly kind: 'person' | 'enterprise'; readonly idNumber?: string; readonly creditCode?: string }): string | undefined {
  return holder.kind === 'person' ? holder.idNumber : holder.creditCode;
}
