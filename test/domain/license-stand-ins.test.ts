import { describe, expect, it } from 'vitest';
import { caseDecider, type CaseEvent, type HeldLicense, type SubmitCase } from '../../domain/cases/index.js';
import { spec } from '../support/decider-spec.js';
import { ctx, file, submit, VALID_CREDIT_CODE } from './case-fixtures.js';

const given = spec(caseDecider, ctx).given([]);
const submitCase = (data: Partial<SubmitCase['data']> = {}) => ({ type: 'SubmitCase' as const, data: { ...submit, ...data } });

/** A business license (营业执照, type XK00100001) of the applicant, valid on 29 September 2026 (ctx's day is the 30th). */
const businessLicense: HeldLicense = {
  number: 'XK00100001-20250101-00007',
  licenseType: 'XK00100001',
  holderId: VALID_CREDIT_CODE,
  validFrom: '2025-01-01',
  validUntil: '2030-12-31',
  revoked: false,
};
const onlyTheForm = [file('申请书', 1)];

describe('免提交: a license in the library stands in for a material', () => {
  it('a valid license of the applicant is attached for the material that names its type, and no upload is needed', () => {
    given.when(submitCase({ materials: onlyTheForm, heldLicenses: [businessLicense] })).then([
      {
        type: 'CaseSubmitted',
        data: {
          materials: [
            { material: '申请书', digest: file('申请书', 1).digest },
            { material: '营业执照', source: 'license-library', licenseNo: businessLicense.number, licenseType: 'XK00100001' },
          ],
        },
      },
    ]);
  });

  it('a revoked, expired or not yet valid license is not attached', () => {
    for (const license of [
      { ...businessLicense, revoked: true },
      { ...businessLicense, validUntil: '2026-09-29' },
      { ...businessLicense, validFrom: '2026-10-01' },
    ]) {
      expectOnly(given.when(submitCase({ materials: onlyTheForm, heldLicenses: [license] })).then([{ type: 'CaseSubmitted' }]), ['申请书']);
    }
  });

  it('someone else’s license is not attached, even if the caller says it is held', () => {
    const events = given.when(submitCase({ materials: onlyTheForm, heldLicenses: [{ ...businessLicense, holderId: '91350100M000100Y43' }] })).then([{ type: 'CaseSubmitted' }]);
    expectOnly(events, ['申请书']);
  });

  it('a file the applicant uploads for the material is kept, and the license is not attached on top of it', () => {
    expectOnly(given.when(submitCase({ heldLicenses: [businessLicense] })).then([{ type: 'CaseSubmitted' }]), ['申请书', '营业执照'], 0);
  });
});

describe('项目代码: an approval names the project it belongs to', () => {
  it('a project code given with the application is recorded', () => {
    given.when(submitCase({ projectCode: 'P-2026-0001' })).then([{ type: 'CaseSubmitted', data: { projectCode: 'P-2026-0001' } }]);
  });

  it('a project code in the form is recorded too', () => {
    given
      .when(submitCase({ formData: { shopName: '面馆', area: 80, projectCode: 'P-2026-0042' } }))
      .then([{ type: 'CaseSubmitted', data: { projectCode: 'P-2026-0042' } }]);
  });

  it('a project code not shaped like P-2026-0001 is refused', () => {
    given.when(submitCase({ projectCode: '2026-1' })).thenError('case.bad_project_code', 'invalid');
  });
});

/** The submission's materials are exactly these, `fromLibrary` of them attached from the license library. */
function expectOnly(events: readonly CaseEvent[], names: string[], fromLibrary = 0) {
  const [submitted] = events;
  if (submitted?.type !== 'CaseSubmitted') return expect.fail('expected CaseSubmitted');
  expect(submitted.data.materials.map((m) => m.material)).toEqual(names);
  expect(submitted.data.materials.filter((m) => m.source === 'license-library')).toHaveLength(fromLibrary);
}
