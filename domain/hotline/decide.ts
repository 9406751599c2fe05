import type { Role } from '../identity/roles.js';
import type { WorkingCalendar } from '../shared/calendar.js';
import type { DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../shared/errors.js';
import type { Bilingual } from '../shared/messages.js';
import { findPersonalData } from './anonymity.js';
import type { TicketCommand } from './commands.js';
import { extendDeadline, keptDeadline, stageDeadline } from './deadlines.js';
import type { TicketEvent } from './events.js';
import {
  CALLBACK_RESULTS,
  MAX_TICKET_TEXT_LENGTH,
  OPEN_TICKET_STATUSES,
  PUBLIC_ACTOR_ROLE,
  SELF_SERVICE_CHANNELS,
  SUPERVISION_KINDS,
  TICKET_CHANNELS,
  TICKET_NUMBER,
  TICKET_ROLES,
  TICKET_TYPES,
  URGENCIES,
  type HotlineLimits,
  type TicketStatus,
} from './rules.js';
import type { TicketState, TicketStateStatus } from './state.js';

/** Tickets also need the working calendar and the city's time limits. */
export interface TicketDecideContext extends DecideContext {
  readonly calendar: WorkingCalendar;
  readonly limits: HotlineLimits;
}

type Open = Exclude<TicketState, { status: 'none' }>;

/** A caller's phone: digits, perhaps with a leading + and dashes or spaces (mobile, landline, extension). */
const PHONE = /^\+?[\d\- ]{5,20}$/;
const MAX_NAME_LENGTH = 50;
const MAX_TITLE_LENGTH = 100;
const MAX_ADDRESS_LENGTH = 200;
const MAX_CO_HANDLERS = 10;

export function decide(command: TicketCommand, state: TicketState, ctx: TicketDecideContext): Decision<TicketEvent> {
  const now = ctx.now.toISOString();
  if (command.type === 'RegisterTicket') return register(command.data, state, ctx);
  if (state.status === 'none') return notFound('ticket.not_found', '工单不存在', 'No such ticket', { ticketId: command.data.ticketId });
  const ticketId = state.ticketId;
  switch (command.type) {
    case 'AnswerTicket': {
      const refused = roleRefusal(TICKET_ROLES.answer, ctx);
      if (refused) return refused;
      if (!isIn(state, ['registered'])) return outOfOrder(state, ['registered'], { zh: '直办答复', en: 'answered directly' });
      const answer = text(command.data.answer);
      if (!answer) return invalid('ticket.answer_required', '请填写直办答复内容', 'Write the answer given to the caller', { field: 'answer' });
      if (answer.length > MAX_TICKET_TEXT_LENGTH) return tooLong('answer');
      const { article } = command.data;
      return [{ type: 'TicketAnswered', data: { ticketId, answer, ...(article ? { article } : {}), answeredAt: now } }];
    }
    case 'DispatchTicket': {
      const refused = roleRefusal(TICKET_ROLES.dispatch, ctx);
      if (refused) return refused;
      if (!isIn(state, ['registered'])) return outOfOrder(state, ['registered'], { zh: '派单', en: 'dispatched' });
      const department = text(command.data.department);
      if (!department) return invalid('ticket.department_required', '请选择主办部门', 'Choose the lead department', { field: 'department' });
      const coHandlers = [...new Set((command.data.coHandlers ?? []).map(text).filter(Boolean))];
      if (coHandlers.includes(department)) {
        return invalid('ticket.co_handler_is_lead', '主办部门不能同时作为协办部门', 'The lead department cannot also be a co-handler', { field: 'coHandlers', department });
      }
      if (coHandlers.length > MAX_CO_HANDLERS) return invalid('ticket.too_many_co_handlers', `协办部门不能超过 ${MAX_CO_HANDLERS} 个`, `At most ${MAX_CO_HANDLERS} co-handling departments`, { field: 'coHandlers' });
      const note = text(command.data.note);
      if (note.length > MAX_TICKET_TEXT_LENGTH) return tooLong('note');
      if (state.needsCoordination && !note) {
        return invalid(
          'ticket.coordination_note_required',
          `该工单已退单 ${state.returns} 次，须由中心协调后派单，请写明协调意见`,
          `The ticket has been returned ${state.returns} times: the center coordinates the dispatch, so state the coordination`,
          { field: 'note', returns: state.returns },
        );
      }
      const clocks = handlingClocks(state.urgency, ctx);
      return [{ type: 'TicketDispatched', data: { ticketId, department, coHandlers, ...(note ? { note } : {}), round: state.round, dispatchedAt: now, ...clocks } }];
    }
    case 'SignTicket': {
      const refused = roleRefusal(TICKET_ROLES.sign, ctx);
      if (refused) return refused;
      if (!isIn(state, ['dispatched', 'signed'])) return outOfOrder(state, ['dispatched', 'signed'], { zh: '签收', en: 'signed for' });
      const { handling } = state;
      const department = ctx.actor.department ?? '';
      const lead = department === handling.department;
      if (!lead && !handling.coHandlers.includes(department)) return otherDepartment(handling.department);
      if (handling.signed.includes(department)) {
        return conflict('ticket.already_signed', '本部门已签收该工单', 'Your department has already signed for this ticket', { department });
      }
      return [{ type: 'TicketSigned', data: { ticketId, department, lead, round: state.round, signedAt: now, onTime: keptDeadline(handling.sign, ctx.now) } }];
    }
    case 'ReturnTicket': {
      const refused = roleRefusal(TICKET_ROLES.return, ctx);
      if (refused) return refused;
      if (state.status === 'signed') {
        return conflict('ticket.return_after_signing', '工单已签收，不能退单（退单只能在签收前）', 'A ticket can be returned only before it is signed for', { status: state.status });
      }
      if (!isIn(state, ['dispatched'])) return outOfOrder(state, ['dispatched'], { zh: '退单', en: 'returned' });
      if (ctx.actor.department !== state.handling.department) {
        return forbidden('ticket.lead_only', '只有主办部门可以退单', 'Only the lead department may return a ticket', { department: state.handling.department });
      }
      if (state.returns >= ctx.limits.maxReturns) {
        return conflict(
          'ticket.returns_exhausted',
          `该工单已退单 ${state.returns} 次，不能再退单，须由中心协调处理`,
          `The ticket has been returned ${state.returns} times: it cannot be returned again, the center must coordinate`,
          { returns: state.returns, maxReturns: ctx.limits.maxReturns },
        );
      }
      const reason = text(command.data.reason);
      if (!reason) return invalid('ticket.reason_required', '请写明退单理由', 'State why the ticket is returned', { field: 'reason' });
      if (reason.length > MAX_TICKET_TEXT_LENGTH) return tooLong('reason');
      const returns = state.returns + 1;
      const needsCoordination = returns >= ctx.limits.maxReturns;
      return [{ type: 'TicketReturned', data: { ticketId, department: state.handling.department, reason, returnedAt: now, returns, needsCoordination } }];
    }
    case 'RequestExtension': {
      const refused = roleRefusal(TICKET_ROLES.requestExtension, ctx);
      if (refused) return refused;
      if (!isIn(state, ['signed'])) return outOfOrder(state, ['signed'], { zh: '申请延期', en: 'extended' });
      if (ctx.actor.department !== state.handling.department) {
        return forbidden('ticket.lead_only', '只有主办部门可以申请延期', 'Only the lead department may ask for an extension', { department: state.handling.department });
      }
      if (state.handling.extensionRequest) return conflict('ticket.extension_pending', '已有延期申请待中心审批', 'An extension request is already waiting for the center');
      const { workingDays } = command.data;
      const max = ctx.limits.maxExtensionWorkingDays;
      if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > max) {
        return invalid('ticket.bad_extension_days', `延期须为 1 至 ${max} 个工作日`, `An extension is from 1 to ${max} working days`, { field: 'workingDays', max });
      }
      const reason = text(command.data.reason);
      if (!reason) return invalid('ticket.reason_required', '请写明延期理由', 'State why more time is needed', { field: 'reason' });
      if (reason.length > MAX_TICKET_TEXT_LENGTH) return tooLong('reason');
      return [{ type: 'TicketExtensionRequested', data: { ticketId, department: state.handling.department, workingDays, reason, requestedAt: now } }];
    }
    case 'DecideExtension': {
      const refused = roleRefusal(TICKET_ROLES.decideExtension, ctx);
      if (refused) return refused;
      if (!isIn(state, ['signed'])) return outOfOrder(state, ['signed'], { zh: '审批延期', en: 'given an extension' });
      const request = state.handling.extensionRequest;
      if (!request) return conflict('ticket.no_extension_request', '该工单没有待审批的延期申请', 'The ticket has no extension request waiting');
      if (typeof command.data.approved !== 'boolean') {
        return invalid('ticket.approval_required', '请选择同意或不同意延期', 'Approve or refuse the extension', { field: 'approved' });
      }
      const note = text(command.data.note);
      if (note.length > MAX_TICKET_TEXT_LENGTH) return tooLong('note');
      const { approved } = command.data;
      return [
        {
          type: 'TicketExtensionDecided',
          data: {
            ticketId,
            approved,
            workingDays: request.workingDays,
            ...(note ? { note } : {}),
            decidedAt: now,
            ...(approved ? { finish: extendDeadline(state.handling.finish, request.workingDays, ctx.calendar) } : {}),
          },
        },
      ];
    }
    case 'ReplyTicket': {
      const refused = roleRefusal(TICKET_ROLES.reply, ctx);
      if (refused) return refused;
      if (!isIn(state, ['signed'])) return outOfOrder(state, ['signed'], { zh: '办结反馈', en: 'replied to' });
      if (ctx.actor.department !== state.handling.department) {
        return forbidden('ticket.lead_only', '只有主办部门可以办结反馈', 'Only the lead department replies', { department: state.handling.department });
      }
      const content = text(command.data.content);
      if (!content) return invalid('ticket.reply_content_required', '请填写办结反馈内容', 'Write what was done: the reply cannot be empty', { field: 'content' });
      if (content.length > MAX_TICKET_TEXT_LENGTH) return tooLong('content');
      const { handling } = state;
      return [
        {
          type: 'TicketReplied',
          data: {
            ticketId,
            department: handling.department,
            content,
            round: state.round,
            repliedAt: now,
            onTime: keptDeadline(handling.finish, ctx.now),
            // A caller who left no number cannot be called back: no callback clock runs, none goes overdue.
            ...(state.caller.phone ? { callback: stageDeadline('callback', ctx.limits.callback, ctx.now, ctx.calendar) } : {}),
          },
        },
      ];
    }
    case 'RecordCallback': {
      const refused = roleRefusal(TICKET_ROLES.callBack, ctx);
      if (refused) return refused;
      if (!isIn(state, ['replied'])) return outOfOrder(state, ['replied'], { zh: '回访', en: 'called back' });
      if (state.callback) return conflict('ticket.already_called_back', '本轮办理已回访', 'The caller has already been called back about this reply', { result: state.callback });
      const { result, resolved } = command.data;
      if (typeof resolved !== 'boolean') {
        return invalid('ticket.callback_resolved_required', '请记录来电人是否认为问题已解决', 'Record whether the caller says the matter was solved', { field: 'resolved' });
      }
      if (!(CALLBACK_RESULTS as readonly string[]).includes(result)) {
        return invalid('ticket.bad_callback_result', '回访结果须为满意、基本满意或不满意', 'A callback is satisfied, basically satisfied or unsatisfied', { field: 'result' });
      }
      const note = text(command.data.note);
      if (note.length > MAX_TICKET_TEXT_LENGTH) return tooLong('note');
      const calledBack: TicketEvent = {
        type: 'TicketCalledBack',
        data: { ticketId, resolved, result, ...(note ? { note } : {}), round: state.round, calledBackAt: now, onTime: state.callbackClock ? keptDeadline(state.callbackClock, ctx.now) : true },
      };
      if (result !== 'unsatisfied') return [calledBack];
      // 重办: back to the same lead department and co-handlers, with fresh clocks.
      const { department, coHandlers } = state.handling;
      return [
        calledBack,
        { type: 'TicketReopened', data: { ticketId, department, coHandlers, round: state.round + 1, reopenedAt: now, ...handlingClocks(state.urgency, ctx) } },
      ];
    }
    case 'SuperviseTicket': {
      const refused = roleRefusal(TICKET_ROLES.supervise, ctx);
      if (refused) return refused;
      if (!isIn(state, OPEN_TICKET_STATUSES)) return outOfOrder(state, OPEN_TICKET_STATUSES, { zh: '督办或催办', en: 'supervised or urged' });
      const { kind } = command.data;
      if (!(SUPERVISION_KINDS as readonly string[]).includes(kind)) {
        return invalid('ticket.bad_supervision_kind', '请选择督办或催办', 'Choose supervise or urge', { field: 'kind' });
      }
      const note = text(command.data.note);
      if (!note) return invalid('ticket.note_required', '请写明督办、催办意见', 'State what is asked', { field: 'note' });
      if (note.length > MAX_TICKET_TEXT_LENGTH) return tooLong('note');
      return [{ type: 'TicketSupervised', data: { ticketId, kind, note, supervisedAt: now } }];
    }
    case 'MergeTicket': {
      const refused = roleRefusal(TICKET_ROLES.merge, ctx);
      if (refused) return refused;
      if (!isIn(state, ['registered', 'dispatched'])) return outOfOrder(state, ['registered', 'dispatched'], { zh: '合并', en: 'merged' });
      const { master } = command.data;
      if (master.ticketId === ticketId) return invalid('ticket.merge_into_itself', '工单不能合并到自身', 'A ticket cannot be merged into itself', { field: 'into' });
      if (!OPEN_TICKET_STATUSES.includes(master.status)) {
        return conflict('ticket.master_not_open', `主工单 ${master.number} 已${STATUS_LABEL[master.status].zh}，不能再合并`, `The master ticket ${master.number} is ${STATUS_LABEL[master.status].en}`, {
          into: master.ticketId,
          status: master.status,
        });
      }
      if (state.duplicates.length > 0) {
        return conflict('ticket.has_duplicates', '该工单已有合并进来的重复工单，不能再合并到其他工单', 'Tickets were merged into this one: it cannot itself be merged', { duplicates: state.duplicates.length });
      }
      return [{ type: 'TicketMerged', data: { ticketId, into: master.ticketId, intoNumber: master.number, mergedAt: now } }];
    }
    case 'AttachDuplicate': {
      const refused = roleRefusal(TICKET_ROLES.merge, ctx);
      if (refused) return refused;
      if (!isIn(state, OPEN_TICKET_STATUSES)) return outOfOrder(state, OPEN_TICKET_STATUSES, { zh: '合并重复工单', en: 'given duplicates' });
      const { duplicate } = command.data;
      if (duplicate.ticketId === ticketId) return invalid('ticket.merge_into_itself', '工单不能合并到自身', 'A ticket cannot be merged into itself', { field: 'into' });
      if (state.duplicates.some((d) => d.ticketId === duplicate.ticketId)) return [];
      const { ticketId: id, number, caller, channel, address } = duplicate;
      return [{ type: 'TicketDuplicateAttached', data: { ticketId, duplicate: { ticketId: id, number, caller, channel, ...(address ? { address } : {}) }, attachedAt: now } }];
    }
    case 'TakeOverTicket': {
      const refused = roleRefusal(TICKET_ROLES.takeOver, ctx);
      if (refused) return refused;
      if (!isIn(state, OPEN_TICKET_STATUSES)) return outOfOrder(state, OPEN_TICKET_STATUSES, { zh: '接手', en: 'taken over' });
      // Already theirs (they took the call, or took it over before): nothing to record.
      if (state.operators.includes(ctx.actor.id)) return [];
      return [{ type: 'TicketTakenOver', data: { ticketId, operatorId: ctx.actor.id, takenOverAt: now } }];
    }
    case 'CloseTicket': {
      const refused = roleRefusal(TICKET_ROLES.close, ctx);
      if (refused) return refused;
      if (!isIn(state, ['answered', 'replied'])) return outOfOrder(state, ['answered', 'replied'], { zh: '办结', en: 'closed' });
      if (state.status === 'answered') return [{ type: 'TicketClosed', data: { ticketId, closedAt: now, resolution: 'answered' } }];
      // The caller is called back before the ticket closes, unless they left no number to call.
      if (!state.callback && state.caller.phone) {
        return conflict('ticket.callback_required', '请先回访来电人，再办结工单', 'Call the caller back before closing the ticket');
      }
      return [{ type: 'TicketClosed', data: { ticketId, closedAt: now, resolution: 'replied', ...(state.callback ? { callbackResult: state.callback } : {}) } }];
    }
    case 'ArchiveTicket': {
      const refused = roleRefusal(TICKET_ROLES.archive, ctx);
      if (refused) return refused;
      if (!isIn(state, ['closed'])) return outOfOrder(state, ['closed'], { zh: '归档', en: 'archived' });
      return [{ type: 'TicketArchived', data: { ticketId, archivedAt: now } }];
    }
    case 'PublishTicket': {
      const refused = roleRefusal(TICKET_ROLES.publish, ctx);
      if (refused) return refused;
      if (!isIn(state, ['closed', 'archived'])) return outOfOrder(state, ['closed', 'archived'], { zh: '公开', en: 'published' });
      if (state.published) return conflict('ticket.already_published', '该工单已公开', 'The ticket has already been published');
      const texts = { title: text(command.data.title), content: text(command.data.content), reply: text(command.data.reply) };
      for (const [field, value] of Object.entries(texts)) {
        if (!value) return invalid('ticket.publish_text_required', '公开的标题、诉求和答复都不能为空', 'A published ticket needs a title, the request and the reply', { field });
        if (value.length > MAX_TICKET_TEXT_LENGTH) return tooLong(field);
        // The ticket's own caller, and every caller merged into it (DOMAIN.md §3: no names, numbers or addresses of callers).
        const callers = [{ caller: state.caller, address: state.address }, ...state.duplicates];
        const found = callers
          .flatMap(({ caller, address }) => findPersonalData(value, { caller, ...(address ? { address } : {}) }))
          .filter((f, i, all) => all.findIndex((g) => g.index === f.index && g.kind === f.kind) === i);
        if (found.length > 0) {
          return invalid(
            'ticket.personal_data_in_text',
            `公开内容须匿名：${field} 中含有${[...new Set(found.map((f) => PERSONAL_DATA_LABEL[f.kind].zh))].join('、')}，请删除后再公开`,
            `Published text must be anonymous: ${field} contains ${[...new Set(found.map((f) => PERSONAL_DATA_LABEL[f.kind].en))].join(', ')}`,
            { field, found: found.map(({ kind, masked }) => ({ kind, masked })) },
          );
        }
      }
      return [{ type: 'TicketPublished', data: { ticketId, ...texts, publishedAt: now } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function register(data: Extract<TicketCommand, { type: 'RegisterTicket' }>['data'], state: TicketState, ctx: TicketDecideContext): Decision<TicketEvent> {
  const { actor } = ctx;
  const selfService = actor.role === PUBLIC_ACTOR_ROLE || actor.role === 'applicant';
  if (selfService) {
    if (!SELF_SERVICE_CHANNELS.includes(data.channel)) {
      return forbidden('ticket.self_service_channel', '网上自助提交的诉求只能来自网站、App、小程序或邮件', 'A request submitted by the citizen comes from the web, the app, the mini program or e-mail', { channel: data.channel });
    }
  } else {
    const refused = roleRefusal(TICKET_ROLES.register, ctx);
    if (refused) return refused;
  }
  if (state.status !== 'none') return conflict('ticket.already_registered', '该工单已登记', 'This ticket is already registered', { ticketId: data.ticketId });
  if (!TICKET_NUMBER.pattern.test(data.number)) {
    return invalid('ticket.bad_number', `工单编号格式应为 ${TICKET_NUMBER.example}`, `A ticket number looks like ${TICKET_NUMBER.example}`, { field: 'number' });
  }
  if (!(TICKET_TYPES as readonly string[]).includes(data.type)) {
    return invalid('ticket.bad_type', '工单类型须为咨询、求助、投诉、举报、建议或表扬', 'A ticket is a consultation, request for help, complaint, report, suggestion or praise', { field: 'type' });
  }
  if (!(TICKET_CHANNELS as readonly string[]).includes(data.channel)) {
    return invalid('ticket.bad_channel', '来源渠道须为电话、网站、App、小程序或邮件', 'A ticket comes by phone, web, app, mini program or e-mail', { field: 'channel' });
  }
  if (!(URGENCIES as readonly string[]).includes(data.urgency)) {
    return invalid('ticket.bad_urgency', '紧急程度须为一般或紧急', 'Urgency is normal or urgent', { field: 'urgency' });
  }
  const content = text(data.content);
  if (!content) return invalid('ticket.content_required', '请填写诉求内容', 'Describe the request', { field: 'content' });
  if (content.length > MAX_TICKET_TEXT_LENGTH) return tooLong('content');
  if (!data.category || data.category.code !== data.categoryCode) {
    return invalid('ticket.unknown_category', `诉求分类不存在或已停用：${data.categoryCode}`, `No such category in use: ${data.categoryCode}`, { field: 'categoryCode' });
  }
  if (!data.district || data.district.code !== data.districtCode) {
    return invalid('ticket.unknown_district', `所属区域不存在或已停用：${data.districtCode}`, `No such district in use: ${data.districtCode}`, { field: 'districtCode' });
  }
  const name = text(data.caller.name);
  const phone = text(data.caller.phone);
  if (name.length > MAX_NAME_LENGTH) return tooLong('caller.name', MAX_NAME_LENGTH);
  if (phone && !PHONE.test(phone)) return invalid('ticket.bad_phone', '联系电话格式不正确', 'The phone number is not valid', { field: 'caller.phone' });
  const title = text(data.title);
  if (title.length > MAX_TITLE_LENGTH) return tooLong('title', MAX_TITLE_LENGTH);
  const address = text(data.address);
  if (address.length > MAX_ADDRESS_LENGTH) return tooLong('address', MAX_ADDRESS_LENGTH);
  const { location } = data;
  if (location && !(Math.abs(location.lat) <= 90 && Math.abs(location.long) <= 180)) {
    return invalid('ticket.bad_location', '位置坐标不正确', 'The location is not a valid coordinate', { field: 'location' });
  }
  return [
    {
      type: 'TicketRegistered',
      data: {
        ticketId: data.ticketId,
        number: data.number,
        type: data.type,
        channel: data.channel,
        urgency: data.urgency,
        caller: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) },
        ...(title ? { title } : {}),
        content,
        category: data.category,
        district: data.district,
        ...(address ? { address } : {}),
        ...(location ? { location: { lat: location.lat, long: location.long } } : {}),
        ...(data.callerKey ? { callerKey: data.callerKey } : {}),
        ...(selfService ? {} : { registeredBy: actor.id }),
        registeredAt: ctx.now.toISOString(),
      },
    },
  ];
}

/** The sign and finish clocks of a handling round starting now, by the ticket's urgency. */
function handlingClocks(urgency: Open['urgency'], ctx: TicketDecideContext) {
  const limits = ctx.limits[urgency];
  return { sign: stageDeadline('sign', limits.sign, ctx.now, ctx.calendar), finish: stageDeadline('finish', limits.finish, ctx.now, ctx.calendar) };
}

function roleRefusal(roles: readonly Role[], ctx: TicketDecideContext): DomainError | undefined {
  if ((roles as readonly string[]).includes(ctx.actor.role)) return undefined;
  return forbidden('ticket.role_not_allowed', '您的岗位不能办理此环节', 'Your role cannot perform this step', { role: ctx.actor.role, allowed: roles });
}

function otherDepartment(department: string): DomainError {
  return forbidden('ticket.other_department', '该工单未派给本部门', 'This ticket was not dispatched to your department', { department });
}

const STATUS_LABEL: Record<TicketStatus, Bilingual> = {
  registered: { zh: '待派单', en: 'registered, awaiting dispatch' },
  answered: { zh: '已直办答复', en: 'answered directly' },
  dispatched: { zh: '已派单待签收', en: 'dispatched, awaiting signing' },
  signed: { zh: '已签收办理中', en: 'signed for and in hand' },
  replied: { zh: '已办结反馈待回访', en: 'replied, awaiting the callback' },
  closed: { zh: '已办结', en: 'closed' },
  archived: { zh: '已归档', en: 'archived' },
  merged: { zh: '已合并到其他工单', en: 'merged into another ticket' },
};

export const ticketStatusLabel = (status: TicketStatus): Bilingual => STATUS_LABEL[status];

function isIn<S extends TicketStateStatus>(state: Open, allowed: readonly S[]): state is Extract<Open, { status: S }> {
  return (allowed as readonly TicketStateStatus[]).includes(state.status);
}

/** A step out of order: say where the ticket is and where it would need to be. */
function outOfOrder(state: Open, allowed: readonly TicketStateStatus[], action: Bilingual): DomainError {
  const now = STATUS_LABEL[state.status];
  const wanted = allowed.map((s) => STATUS_LABEL[s as TicketStatus]);
  return conflict(
    'ticket.wrong_status',
    `该工单${now.zh}，不能${action.zh}（须为${wanted.map((w) => w.zh).join('或')}）`,
    `The ticket is ${now.en}; it can be ${action.en} only when ${wanted.map((w) => w.en).join(' or ')}`,
    { status: state.status, allowed },
  );
}

const PERSONAL_DATA_LABEL = {
  phone: { zh: '电话号码', en: 'a phone number' },
  id_number: { zh: '身份证号码', en: 'an ID number' },
  caller_name: { zh: '来电人姓名', en: "the caller's name" },
  address: { zh: '来电人地址', en: "the caller's address" },
} as const;

function tooLong(field: string, max = MAX_TICKET_TEXT_LENGTH): DomainError {
  return invalid('ticket.text_too_long', `内容不能超过 ${max} 字`, `At most ${max} characters`, { field });
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
