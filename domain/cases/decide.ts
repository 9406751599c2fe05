import type { Role } from '../identity/roles.js';
import { endOfLocalDay, localDate, type WorkingCalendar } from '../shared/calendar.js';
import type { DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../shared/errors.js';
import type { CaseCommand } from './commands.js';
import type { CaseEvent } from './events.js';
import { CASE_ROLES, DENIAL_STATEMENT } from './rules.js';
import type { CaseState, CaseStatus } from './state.js';

/** A case's decisions also need the working-day calendar and the city's warning setting. */
export interface CaseDecideContext extends DecideContext {
  readonly calendar: WorkingCalendar;
  /** *(default 2)* working days before the due date when the yellow light comes on. */
  readonly warningDays: number;
}

export function decide(command: CaseCommand, state: CaseState, ctx: CaseDecideContext): Decision<CaseEvent> {
  const now = ctx.now.toISOString();
  switch (command.type) {
    case 'SubmitCase': {
      const { item: { published, ...item }, ...data } = command.data;
      if (state.status !== 'none') return outOfOrder(state, ['none'], '提交', 'submitted');
      if (!published) {
        return conflict('case.item_not_published', `事项“${item.name}”未发布，不能申请`, `“${item.name}” is not published and cannot be applied for`, { itemCode: item.code });
      }
      return checkApplication(command.data) ?? [{ type: 'CaseSubmitted', data: { ...data, item, submittedAt: now } }];
    }
    case 'AcceptCase': {
      if (state.status !== 'submitted') return outOfOrder(state, ['submitted'], '受理', 'accepted');
      const refused = staffOf(state.item.department, CASE_ROLES.accept, ctx);
      if (refused) return refused;
      const limitDays = state.item.promisedLimitDays;
      const dueDate = ctx.calendar.addWorkingDays(localDate(ctx.now), limitDays);
      const warningDate = ctx.calendar.subtractWorkingDays(dueDate, ctx.warningDays);
      return [{ type: 'CaseAccepted', data: { caseId: state.caseId, acceptedAt: now, limitDays, dueDate, warningDate, dueAt: endOfLocalDay(dueDate) } }];
    }
    case 'DecideCase': {
      if (state.status !== 'accepted') return outOfOrder(state, ['accepted'], '作出决定', 'decided');
      const refused = staffOf(state.item.department, CASE_ROLES.decide, ctx);
      if (refused) return refused;
      const facts = {
        caseId: state.caseId,
        decidedAt: now,
        workingDaysUsed: ctx.calendar.workingDaysBetween(localDate(new Date(state.clock.acceptedAt)), localDate(ctx.now)),
        onTime: now <= state.clock.dueAt,
      };
      if (command.data.decision === 'granted') return [{ type: 'CaseGranted', data: facts }];
      if (command.data.decision !== 'denied') {
        return invalid('case.unknown_decision', '决定须为准予或不予许可', 'A decision is either granted or denied');
      }
      const reasons = (command.data.reasons ?? []).map((r) => r.trim()).filter((r) => r !== '');
      if (reasons.length === 0) {
        return invalid('case.denial_needs_reasons', '不予许可须说明理由（行政许可法第三十八条）', 'A denial must state its reasons (Administrative License Law art. 38)');
      }
      return [{ type: 'CaseDenied', data: { ...facts, reasons, appealRights: DENIAL_STATEMENT.appealRights, legalBasis: DENIAL_STATEMENT.source } }];
    }
    case 'CompleteCase': {
      if (state.status !== 'granted' && state.status !== 'denied') return outOfOrder(state, ['granted', 'denied'], '办结', 'completed');
      const refused = staffOf(state.item.department, CASE_ROLES.complete, ctx);
      if (refused) return refused;
      return [{ type: 'CaseCompleted', data: { caseId: state.caseId, completedAt: now } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

const STATUS_LABEL: Record<CaseStatus, { zh: string; en: string }> = {
  none: { zh: '尚未提交', en: 'not submitted' },
  submitted: { zh: '已提交待受理', en: 'submitted, awaiting acceptance' },
  accepted: { zh: '已受理', en: 'accepted' },
  granted: { zh: '已准予许可', en: 'granted' },
  denied: { zh: '已不予许可', en: 'denied' },
  completed: { zh: '已办结', en: 'completed' },
};

/** A transition out of order: say where the case is and where it would need to be. */
function outOfOrder(state: CaseState, allowed: readonly CaseStatus[], actionZh: string, actionEn: string): DomainError {
  if (state.status === 'none') return notFound('case.not_found', '办件不存在', 'No such case');
  const now = STATUS_LABEL[state.status];
  const needed = allowed.map((s) => STATUS_LABEL[s]);
  return conflict(
    'case.wrong_status',
    `办件${now.zh}，不能${actionZh}（须为${needed.map((n) => n.zh).join('或')}）`,
    `The case is ${now.en}; it can be ${actionEn} only when ${needed.map((n) => n.en).join(' or ')}`,
    { status: state.status, allowed },
  );
}

/** Department staff act only on their own department's cases, and only in their role. */
function staffOf(department: string, roles: readonly Role[], ctx: CaseDecideContext): DomainError | undefined {
  if (!(roles as readonly string[]).includes(ctx.actor.role)) {
    return forbidden('case.role_not_allowed', '您的岗位不能办理此环节', 'Your role cannot perform this step', { role: ctx.actor.role, allowed: roles });
  }
  if (ctx.actor.department !== department) {
    return forbidden('case.other_department', '只能办理本部门的办件', 'Staff handle only their own department’s cases', { department });
  }
  return undefined;
}

const isText = (s: unknown) => typeof s === 'string' && s.trim() !== '';

// Check characters of ID numbers and credit codes belong to the shared identity checks (domain/shared).
function checkApplication(data: Extract<CaseCommand, { type: 'SubmitCase' }>['data']): DomainError | undefined {
  if (!isText(data.caseId) || !isText(data.caseNo)) return invalid('case.number_required', '缺少办件编号', 'A case needs its id and case number');
  if (!['online', 'window', 'kiosk'].includes(data.channel)) {
    return invalid('case.bad_channel', '申请渠道须为网上、窗口或自助终端', 'The channel is online, window or kiosk');
  }
  const { kind, name, idNumber, creditCode } = data.applicant ?? {};
  if (!isText(name)) return invalid('case.applicant_name_required', '请填写申请人名称', 'The applicant’s name is required');
  if (kind === 'person' && !isText(idNumber)) return invalid('case.id_number_required', '个人申请须提供身份证号码', 'A person applies with a citizen ID number');
  if (kind === 'enterprise' && !isText(creditCode)) {
    return invalid('case.credit_code_required', '企业申请须提供统一社会信用代码', 'An enterprise applies with its unified social credit code');
  }
  if (kind !== 'person' && kind !== 'enterprise') return invalid('case.bad_applicant_kind', '申请人须为个人或企业', 'The applicant is a person or an enterprise');
  return undefined;
}
