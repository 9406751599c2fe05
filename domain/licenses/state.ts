import type { LicenseEvent, LicenseHolder } from './events.js';

export interface License {
  readonly status: 'registered' | 'revoked';
  readonly number: string;
  readonly licenseType: string;
  readonly licenseName: string;
  readonly holder: LicenseHolder;
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly department: string;
  readonly caseId: string;
  readonly revocation?: { readonly reason: string; readonly revokedAt: string };
}

export type LicenseState = { readonly status: 'none' } | License;

export const initialState: LicenseState = { status: 'none' };

export function evolve(state: LicenseState, event: LicenseEvent): LicenseState {
  switch (event.type) {
    case 'LicenseRegistered': {
      const { registeredAt: _, issuedAt: __, ...license } = event.data;
      return { status: 'registered', ...license };
    }
    case 'LicenseRevoked':
      return state.status === 'none' ? state : { ...state, status: 'revoked', revocation: { reason: event.data.reason, revokedAt: event.data.revokedAt } };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
