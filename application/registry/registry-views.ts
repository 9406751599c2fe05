/**
 * What the registry queries answer with (registry.queries.ts builds them): shared with the UI
 * (ui/src/lib/types.ts), so this file imports types only.
 */
import type { LicenseHolder, LicenseStanding } from '../../domain/licenses/index.js';

/** 注销 or 撤销 of a license. */
export interface LicenseRevocation {
  reason: string;
  revokedAt: string;
  legalBasis: string;
  by: string | null;
}

/** A license of the library (GET /api/registry/licenses) with its standing today. */
export interface LicenseRow {
  number: string;
  licenseType: string;
  licenseName: string;
  /** In full for the holder and for who serves them; masked for everyone else. */
  holder: LicenseHolder;
  department: string;
  caseId: string;
  validFrom: string;
  validUntil: string | null;
  issuedAt: string;
  /** As of today. */
  standing: LicenseStanding;
  revocation: LicenseRevocation | null;
}

/** How a person or enterprise was last reached, as given on their applications. */
export interface PartyContact {
  phone?: string;
  address?: string;
  email?: string;
  contactPerson?: string;
}

/** What the registries know of a number (GET /api/registry/prefill), for filling in an application. */
export type PrefillAnswer = ({ kind: 'person'; idNumber: string } | { kind: 'enterprise'; creditCode: string }) & {
  /** Whether the registries know this number from an earlier case. */
  known: boolean;
  name: string | null;
  contact: PartyContact;
  lastSeen: string | null;
  caseCount: number;
  /** The holder's licenses valid today: they stand in for the materials that name their type (免提交). */
  licenses: LicenseRow[];
};
