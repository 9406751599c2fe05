import { describe, expect, it } from 'vitest';
import { isLicenseValid, licenseDecider, licenseStanding, type LicenseEvent, type RegisterLicense } from '../../domain/licenses/index.js';
import type { Actor, DecideContext } from '../../domain/shared/decider.js';
import { spec } from '../support/decider-spec.js';
import { head, otherReviewer, VALID_CREDIT_CODE, windowStaff } from './case-fixtures.js';

/** The license library's own process: the only one that registers licenses. */
const libraryProcess: Actor = { id: 'process:license-registration', role: 'process', department: 'market-regulation' };
const otherHead: Actor = { id: 'u-wu', role: 'department_head', department: 'housing' };

const ctx: DecideContext = { now: new Date('2026-10-12T02:00:00Z'), actor: libraryProcess, newId: (p) => `id-${p}` };
const given = (events: readonly LicenseEvent[]) => spec(licenseDecider, ctx).given(events);

const certificate: RegisterLicense['data'] = {
  number: 'XK00100001-20261012-00001',
  licenseType: 'XK00100001',
  licenseName: '营业执照',
  holder: { kind: 'enterprise', name: '某某餐饮有限公司', creditCode: VALID_CREDIT_CODE },
  validFrom: '2026-10-12',
  validUntil: '2031-10-11',
  department: 'market-regulation',
  caseId: 'c-1',
  issuedAt: '2026-10-12T02:00:00.000Z',
};
const register = (data: Partial<RegisterLicense['data']> = {}): RegisterLicense => ({ type: 'RegisterLicense', data: { ...certificate, ...data } });
const registered: LicenseEvent = { type: 'LicenseRegistered', data: { ...certificate, registeredAt: '2026-10-12T02:00:01.000Z' } };
const revoked: LicenseEvent = { type: 'LicenseRevoked', data: { number: certificate.number, reason: '以欺骗手段取得', revokedAt: '2026-11-02T02:00:00.000Z', legalBasis: '行政许可法 第六十九条' } };
const revoke = (reason = '以欺骗手段取得许可') => ({ type: 'RevokeLicense' as const, data: { number: certificate.number, reason } });

describe('registering an issued certificate in the license library (证照入库)', () => {
  it('the library’s process registers it with its holder, type, validity, issuing department and case', () => {
    given([])
      .when(register())
      .then([{ type: 'LicenseRegistered', data: { ...certificate, registeredAt: '2026-10-12T02:00:00.000Z' } }]);
  });

  it('a license without limit (长期有效) is registered too', () => {
    given([]).when(register({ validUntil: null })).then([{ type: 'LicenseRegistered', data: { validUntil: null } }]);
  });

  it('nobody registers a license by hand, not even the window', () => {
    given([]).when(register(), { actor: windowStaff }).thenError('license.register_not_allowed', 'forbidden');
  });

  it('the same number cannot enter the library twice', () => {
    given([registered]).when(register()).thenError('license.already_registered', 'conflict');
  });

  it('a holder without a valid credit code or ID number is refused', () => {
    given([]).when(register({ holder: { kind: 'enterprise', name: '某公司', creditCode: '91350100M000100Y44' } })).thenError('license.bad_holder', 'invalid');
    given([]).when(register({ holder: { kind: 'person', name: '张三', idNumber: '110105194912310021' } })).thenError('license.bad_holder', 'invalid');
  });

  it('a validity that ends before it starts is refused', () => {
    given([]).when(register({ validUntil: '2026-10-01' })).thenError('license.bad_validity', 'invalid');
  });
});

describe('revoking a license (撤销, 行政许可法第六十九条)', () => {
  it('the head of the issuing department revokes it with the reason', () => {
    given([registered])
      .when(revoke(), { actor: head })
      .then([{ type: 'LicenseRevoked', data: { number: certificate.number, reason: '以欺骗手段取得许可', legalBasis: '行政许可法 第六十九条' } }]);
  });

  it('a revocation needs a reason', () => {
    given([registered]).when(revoke('  '), { actor: head }).thenError('license.reason_required', 'invalid');
  });

  it('the head of another department cannot revoke it, nor can a reviewer', () => {
    given([registered]).when(revoke(), { actor: otherHead }).thenError('license.other_department', 'forbidden');
    given([registered]).when(revoke(), { actor: otherReviewer }).thenError('license.role_not_allowed', 'forbidden');
  });

  it('out of order: a license not in the library cannot be revoked, and a revoked one not again', () => {
    given([]).when(revoke(), { actor: head }).thenError('license.not_found', 'not_found');
    given([registered, revoked]).when(revoke(), { actor: head }).thenError('license.already_revoked', 'conflict');
  });
});

describe('whether a license stands on a given day (有效期, 行政许可法第七十条)', () => {
  const term = { validFrom: '2026-10-12', validUntil: '2031-10-11', revoked: false };

  it('is valid from its first day through its last day', () => {
    expect(licenseStanding(term, '2026-10-12')).toBe('valid');
    expect(licenseStanding(term, '2031-10-11')).toBe('valid');
  });

  it('is not yet valid the day before, and expired the day after', () => {
    expect(licenseStanding(term, '2026-10-11')).toBe('not_yet_valid');
    expect(licenseStanding(term, '2031-10-12')).toBe('expired');
    expect(isLicenseValid(term, '2031-10-12')).toBe(false);
  });

  it('a license without limit never expires; a revoked one is never valid', () => {
    expect(licenseStanding({ ...term, validUntil: null }, '2099-01-01')).toBe('valid');
    expect(licenseStanding({ ...term, revoked: true }, '2027-01-01')).toBe('revoked');
  });
});
