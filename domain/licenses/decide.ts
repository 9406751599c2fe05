import type { DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../shared/errors.js';
import { isValidCitizenId, isValidCreditCode } from '../shared/identity-numbers.js';
import type { LicenseCommand, RegisterLicense } from './commands.js';
import type { LicenseEvent } from './events.js';
import { LICENSE_ROLES, REVOCATION } from './rules.js';
import type { LicenseState } from './state.js';

export function decide(command: LicenseCommand, state: LicenseState, ctx: DecideContext): Decision<LicenseEvent> {
  const now = ctx.now.toISOString();
  switch (command.type) {
    case 'RegisterLicense': {
      if (!LICENSE_ROLES.register.includes(ctx.actor.role)) {
        return forbidden('license.register_not_allowed', '证照由发证办件自动入库，不能手工登记', 'Licenses enter the library from the case that issued them, not by hand');
      }
      if (state.status !== 'none') return conflict('license.already_registered', `证照 ${state.number} 已入库`, `License ${state.number} is already in the library`, { number: state.number });
      const problem = checkRegistration(command.data);
      if (problem) return problem;
      return [{ type: 'LicenseRegistered', data: { ...command.data, registeredAt: now } }];
    }
    case 'RevokeLicense': {
      if (state.status === 'none') return notFound('license.not_found', '证照不存在', 'No such license');
      if (!(LICENSE_ROLES.revoke as readonly string[]).includes(ctx.actor.role)) {
        return forbidden('license.role_not_allowed', '只有发证部门负责人可以撤销证照', 'Only the head of the issuing department can revoke a license');
      }
      if (ctx.actor.department !== state.department) {
        return forbidden('license.other_department', '只能撤销本部门颁发的证照', 'A department revokes only the licenses it issued', { department: state.department });
      }
      if (state.status === 'revoked') return conflict('license.already_revoked', `证照 ${state.number} 已于 ${state.revocation?.revokedAt ?? ''} 撤销`, `License ${state.number} is already revoked`);
      const reason = command.data.reason?.trim();
      if (!reason) return invalid('license.reason_required', '撤销证照须说明理由（行政许可法第六十九条）', 'Revoking a license needs a reason (Administrative License Law art. 69)');
      return [{ type: 'LicenseRevoked', data: { number: state.number, reason, revokedAt: now, legalBasis: REVOCATION.source } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A certificate names its number, type, a holder with a valid identifier, and a validity that ends after it starts. */
function checkRegistration(data: RegisterLicense['data']): DomainError | undefined {
  if (!data.number?.trim() || !data.licenseType?.trim() || !data.department?.trim() || !data.caseId?.trim()) {
    return invalid('license.incomplete', '证照须有编号、类型、发证部门和办件', 'A license needs its number, type, issuing department and case');
  }
  const { kind, name, idNumber, creditCode } = data.holder ?? {};
  const identified = kind === 'person' ? isValidCitizenId(idNumber ?? '') : kind === 'enterprise' ? isValidCreditCode(creditCode ?? '') : false;
  if (!name?.trim() || !identified) {
    return invalid('license.bad_holder', '持证人须有名称和有效的身份证号码或统一社会信用代码', 'The holder needs a name and a valid citizen ID number or unified social credit code');
  }
  if (!DATE.test(data.validFrom ?? '') || (data.validUntil !== null && (!DATE.test(data.validUntil ?? '') || data.validUntil < data.validFrom))) {
    return invalid('license.bad_validity', '有效期须为日期（YYYY-MM-DD），截止日期不早于起始日期', 'Validity dates are YYYY-MM-DD, and the end is not before the start');
  }
  return undefined;
}
