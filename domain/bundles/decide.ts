import { dueDates, type ItemAvailability } from '../cases/index.js';
import type { Role } from '../identity/roles.js';
import { localDate, type WorkingCalendar } from '../shared/calendar.js';
import type { DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../shared/errors.js';
import type { BundleCommand, SubCaseProgress, SubmitBundle } from './commands.js';
import type { BundleEvent } from './events.js';
import { BUNDLE_LIMIT, BUNDLE_PROCESS_ROLE, BUNDLE_ROLES, MIN_BUNDLE_DEPARTMENTS, MIN_BUNDLE_ITEMS } from './rules.js';
import { evolve, openSubCases, type BundleFile, type BundleState, type SubCase } from './state.js';

/** A bundle's decisions also need the working-day calendar and the city's warning setting. */
export interface BundleDecideContext extends DecideContext {
  readonly calendar: WorkingCalendar;
  /** *(default 2)* working days before the due date when the yellow light comes on. */
  readonly warningDays: number;
}

export function decide(command: BundleCommand, state: BundleState, ctx: BundleDecideContext): Decision<BundleEvent> {
  if (command.type === 'SubmitBundle') return submit(command.data, state, ctx);
  if (state.status === 'none') return notFound('bundle.not_found', '联办件不存在', 'No such bundle');
  const bundleId = state.bundleId;
  const now = ctx.now.toISOString();
  switch (command.type) {
    case 'ExtendBundleLimit': {
      const refused = mayAct(state, BUNDLE_ROLES.extend, ctx);
      if (refused) return refused;
      if (!state.clock) return conflict('bundle.not_accepted', '联办件尚未受理，没有可延长的时限', 'The bundle is not accepted yet: there is no limit to extend');
      if (state.status !== 'accepted') return conflict('bundle.already_complete', '联办件已办结，不能延期', 'The bundle is complete: too late to extend');
      if (state.clock.extension) {
        return conflict('bundle.already_extended', `联办时限只能延长一次（${BUNDLE_LIMIT.source}）`, `The joint limit can be extended only once (${BUNDLE_LIMIT.source})`);
      }
      const reason = command.data.reason?.trim();
      if (!reason) return invalid('bundle.reason_required', '延期须说明理由', 'An extension needs a reason');
      const today = localDate(ctx.now);
      if (today > state.clock.dueDate) {
        return conflict('bundle.limit_already_passed', `联办时限已于${state.clock.dueDate}届满，不能再延期`, `The joint limit ran out on ${state.clock.dueDate}: too late to extend`, { dueDate: state.clock.dueDate });
      }
      const days = BUNDLE_LIMIT.extensionWorkingDays;
      const due = dueDates(ctx.calendar, { startDate: state.clock.startDate, limitDays: state.clock.limitDays, suspendedDays: 0, extensionDays: days }, ctx.warningDays);
      return [{ type: 'BundleTimeLimitExtended', data: { bundleId, days, reason, extendedAt: now, legalBasis: BUNDLE_LIMIT.source, ...due } }];
    }
    case 'DeliverBundle': {
      const refused = mayAct(state, BUNDLE_ROLES.deliver, ctx);
      if (refused) return refused;
      if (state.status === 'delivered') return conflict('bundle.already_delivered', '联办件已统一出件', 'The bundle has already been delivered');
      if (state.status !== 'completed') {
        const waiting = openSubCases(state).map((s) => s.itemCode);
        return conflict(
          'bundle.not_complete',
          `尚有子办件未办结（${waiting.join('、')}），不能统一出件`,
          `Some sub-cases are not complete yet (${waiting.join(', ')}): the bundle cannot be delivered`,
          { waiting },
        );
      }
      return [{ type: 'BundleDelivered', data: { bundleId, department: state.leadDepartment, deliveredAt: now } }];
    }
    default:
      return recordProgress(command, state, ctx);
  }
}

function submit(data: SubmitBundle['data'], state: BundleState, ctx: BundleDecideContext): Decision<BundleEvent> {
  if (state.status !== 'none') return conflict('bundle.already_submitted', '联办件已提交', 'This bundle has already been submitted');
  if (!(BUNDLE_ROLES.submit as readonly string[]).includes(ctx.actor.role)) {
    return forbidden('bundle.role_not_allowed', '只有申请人或窗口人员可以提交联办申请', 'Only applicants and window staff submit bundles', { role: ctx.actor.role });
  }
  const { items: offered, ...rest } = data;
  const codes = offered.map((i) => i.code);
  if (new Set(codes).size !== codes.length) return invalid('bundle.duplicate_item', '同一事项不能在联办件中出现两次', 'An item appears in a bundle only once', { items: codes });
  if (offered.length < MIN_BUNDLE_ITEMS) {
    return invalid('bundle.too_few_items', `并联审批须包含至少${MIN_BUNDLE_ITEMS}个事项`, `A bundle joins at least ${MIN_BUNDLE_ITEMS} items`, { items: codes });
  }
  const closed = offered.find((i) => i.availability !== 'open');
  if (closed) return itemClosed(closed.name, closed.code, closed.availability);
  const departments = [...new Set(offered.map((i) => i.department))];
  if (departments.length < MIN_BUNDLE_DEPARTMENTS) {
    return invalid(
      'bundle.one_department',
      `并联审批须涉及至少${MIN_BUNDLE_DEPARTMENTS}个部门，本申请的事项都属于同一部门，请分别单独申请`,
      `A bundle joins items of at least ${MIN_BUNDLE_DEPARTMENTS} departments; these all belong to one department: apply for them separately`,
      { departments },
    );
  }
  if (!departments.includes(data.leadDepartment)) {
    return invalid('bundle.lead_not_among', '牵头部门须是联办事项所属部门之一', 'The lead department must be one of the items’ departments', {
      leadDepartment: data.leadDepartment,
      departments,
    });
  }
  const names = new Set(offered.flatMap((i) => i.materials));
  const stray = data.materials.find((m) => !names.has(m.material));
  if (stray) {
    return invalid('bundle.unknown_material', `“${stray.material}”不是联办事项的申请材料`, `“${stray.material}” is not a material of any item in the bundle`, { material: stray.material });
  }
  const items = offered.map(({ availability: _, ...item }) => item);
  const applicantUserId = ctx.actor.role === 'applicant' ? ctx.actor.id : undefined;
  return [{ type: 'BundleSubmitted', data: { ...rest, items, ...(applicantUserId ? { applicantUserId } : {}), submittedAt: ctx.now.toISOString() } }];
}

function itemClosed(name: string, code: string, availability: ItemAvailability): DomainError {
  const why = { open: ['', ''], not_published: ['未发布', 'is not published'], suspended: ['已暂停受理', 'is suspended'], retired: ['已取消', 'has been retired'] }[availability];
  return conflict(availability === 'not_published' ? 'bundle.item_not_published' : `bundle.item_${availability}`, `事项“${name}”${why[0]}，不能申请`, `“${name}” ${why[1]} and cannot be applied for`, {
    itemCode: code,
  });
}

/**
 * The sub-cases' progress, as the process manager reports it. A report the bundle already holds
 * decides nothing (a replay); the last sub-case to end completes the bundle.
 */
function recordProgress(command: SubCaseProgress, state: BundleFile, ctx: BundleDecideContext): Decision<BundleEvent> {
  if (ctx.actor.role !== BUNDLE_PROCESS_ROLE) {
    return forbidden('bundle.process_only', '子办件进度由并联审批流程自动登记', 'Sub-case progress is recorded by the parallel-approval process only');
  }
  const bundleId = state.bundleId;
  const { at } = command.data;
  // Opening reports name the item; later reports name the sub-case.
  const data: { readonly itemCode?: string; readonly caseId?: string } = command.data;
  const found = state.subCases.find((s) => (data.itemCode !== undefined ? s.itemCode === data.itemCode : s.caseId === data.caseId));
  if (!found) return notFound('bundle.unknown_sub_case', '该办件不属于本联办件', 'That case is not part of this bundle');
  const { itemCode } = found;
  const events: BundleEvent[] = [];
  switch (command.type) {
    case 'RecordSubCaseOpened': {
      if (found.stage !== 'pending') return found.caseId === command.data.caseId ? [] : conflict('bundle.sub_case_already_open', '该事项已有子办件', 'This item already has its sub-case');
      const { caseId, caseNo } = command.data;
      events.push({ type: 'SubCaseOpened', data: { bundleId, itemCode, caseId, caseNo, department: found.department, openedAt: at } });
      break;
    }
    case 'RecordSubCaseNotOpened': {
      if (found.stage !== 'pending') return [];
      const { code, reason } = command.data;
      events.push({ type: 'SubCaseNotOpened', data: { bundleId, itemCode, code, reason, at } });
      break;
    }
    case 'RecordSubCaseAccepted': {
      if (found.stage !== 'opened') return [];
      events.push({ type: 'SubCaseAccepted', data: { bundleId, itemCode, caseId: found.caseId!, acceptedAt: at } });
      if (!state.clock) {
        // The joint clock starts with the first acceptance: the applicant's time is not held up by the slowest window.
        const startDate = localDate(new Date(at));
        const limitDays = BUNDLE_LIMIT.workingDays;
        const due = dueDates(ctx.calendar, { startDate, limitDays, suspendedDays: 0, extensionDays: 0 }, ctx.warningDays);
        events.push({ type: 'BundleAccepted', data: { bundleId, acceptedAt: at, startDate, limitDays, legalBasis: BUNDLE_LIMIT.source, ...due } });
      }
      break;
    }
    case 'RecordSubCaseDecided': {
      if (found.stage === 'decided' || found.stage === 'ended') return [];
      events.push({ type: 'SubCaseDecided', data: { bundleId, itemCode, caseId: found.caseId!, outcome: command.data.outcome, decidedAt: at } });
      break;
    }
    case 'RecordSubCaseCompleted': {
      if (found.stage === 'ended') return [];
      const outcome = found.outcome === 'denied' ? 'denied' : 'granted';
      events.push({ type: 'SubCaseCompleted', data: { bundleId, itemCode, caseId: found.caseId!, outcome, completedAt: at } });
      break;
    }
    case 'RecordSubCaseClosed': {
      if (found.stage === 'ended') return [];
      events.push({ type: 'SubCaseClosed', data: { bundleId, itemCode, caseId: found.caseId!, outcome: command.data.outcome, closedAt: at } });
      break;
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
  const after = events.reduce(evolve, state as BundleState) as BundleFile;
  if (openSubCases(after).length === 0) events.push(completed(after, at));
  return events;
}

function completed(state: BundleFile, at: string): BundleEvent {
  const outcomes = state.subCases.map((s: SubCase) => ({ itemCode: s.itemCode, ...(s.caseId ? { caseId: s.caseId } : {}), outcome: s.outcome ?? 'granted' }));
  return { type: 'BundleCompleted', data: { bundleId: state.bundleId, completedAt: at, outcomes } };
}

/** The lead department's own staff act on the bundle; other departments only follow their sub-cases. */
function mayAct(state: BundleFile, roles: readonly Role[], ctx: BundleDecideContext): DomainError | undefined {
  if (!(roles as readonly string[]).includes(ctx.actor.role)) {
    return forbidden('bundle.role_not_allowed', '您的岗位不能办理此环节', 'Your role cannot perform this step', { role: ctx.actor.role, allowed: roles });
  }
  if (ctx.actor.department !== state.leadDepartment) {
    return forbidden('bundle.not_lead_department', '只有牵头部门可以办理联办件的此环节', 'Only the lead department takes this step on a bundle', { leadDepartment: state.leadDepartment });
  }
  return undefined;
}
