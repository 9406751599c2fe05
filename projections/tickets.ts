import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import { normalisePhone } from '../application/hotline/caller-key.js';
import { departmentMark as dept, TICKETS, userMark, type StageDoc, type TicketDoc } from '../application/hotline/ticket-doc.js';
import { CALLBACK_RESULT_LABELS, TICKET_TYPE_LABELS, type StageDeadline, type TicketEvent } from '../domain/hotline/index.js';
import type { Bilingual } from '../domain/shared/messages.js';

const collection = TICKETS;

const stage = ({ dueAt, warningAt, limit }: StageDeadline): StageDoc => ({ dueAt, warningAt, limit });

const LIMIT_UNIT = { hours: { zh: '小时', en: 'hours' }, days: { zh: '天', en: 'days' }, working_days: { zh: '个工作日', en: 'working days' } } as const;

/**
 * 工单 as the center, the departments and supervisors follow them (application/hotline/ticket-doc.ts
 * says what each field is): one document per ticket, its clocks and what happened, in steps.
 */
export const ticketsView: DocumentProjection = {
  kind: 'documents',
  name: 'tickets-view',
  version: 2,
  categories: ['ticket'],
  collections: [collection],
  indexes: {
    [collection]: [
      { fields: ['number'], unique: true },
      { fields: ['status', 'registeredAt'] },
      { fields: ['department', 'registeredAt'] },
      { fields: ['callerPhone', 'registeredAt'] },
      { fields: ['districtCode', 'registeredAt'] },
      { fields: ['categoryCode', 'districtCode', 'registeredAt'] },
      { fields: ['registeredAt'] },
      { fields: ['publishedAt'] },
      { fields: ['signDueAt'] },
      { fields: ['finishDueAt'] },
      { fields: ['callbackDueAt'] },
    ],
  },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as TicketEvent;
    const at = recorded.metadata.occurredAt ?? recorded.recordedAt;
    const step = (summary: Bilingual) => ({ at, type: recorded.type, actorRole: recorded.metadata.actorRole ?? null, summary });
    const patch = (set: Record<string, unknown>, summary: Bilingual, more: { unset?: string[]; push?: Record<string, unknown>; inc?: Record<string, number> } = {}): WriteOp[] => [
      {
        op: 'patch',
        collection,
        id: event.data.ticketId,
        set: { ...set, updatedAt: at },
        push: { ...more.push, steps: step(summary) },
        ...(more.unset?.length ? { unset: more.unset } : {}),
        ...(more.inc ? { inc: more.inc } : {}),
      },
    ];
    switch (event.type) {
      case 'TicketRegistered': {
        const { ticketId, number, type, channel, urgency, caller, title, content, category, district, address, location, registeredBy, registeredAt } = event.data;
        const phone = normalisePhone(caller.phone);
        // Registrations from before `registeredBy` name their operator in the metadata only.
        const operator = registeredBy ?? (recorded.metadata.actorRole === 'hotline_operator' ? recorded.metadata.actorId : undefined);
        const doc: TicketDoc = {
          ticketId,
          number,
          type,
          channel,
          urgency,
          caller,
          ...(phone ? { callerPhone: phone } : {}),
          operators: operator ? [operator] : [],
          ...(title ? { title } : {}),
          content,
          category,
          categoryCode: category.code,
          categoryPath: category.path.map((code) => ({ code })),
          district,
          districtCode: district.code,
          ...(address ? { address } : {}),
          ...(location ? { location } : {}),
          status: 'registered',
          registeredAt,
          updatedAt: at,
          round: 1,
          coHandlers: [],
          handlers: [],
          signedBy: [],
          stages: {},
          returns: 0,
          needsCoordination: false,
          returnLog: [],
          unsatisfied: false,
          supervision: [],
          supervisedCount: 0,
          urgedCount: 0,
          merged: [],
          steps: [
            step({
              zh: `登记${urgency === 'urgent' ? '紧急' : ''}${TICKET_TYPE_LABELS[type].zh}：${category.pathNames.join(' / ')}，${district.name}`,
              en: `Registered ${urgency === 'urgent' ? 'an urgent ' : ''}${TICKET_TYPE_LABELS[type].en}: ${category.pathNames.join(' / ')}, ${district.name}`,
            }),
          ],
        };
        return [{ op: 'upsert', collection, id: ticketId, doc: doc as unknown as Record<string, unknown> }];
      }
      case 'TicketAnswered': {
        const { answer, article, answeredAt } = event.data;
        return patch(
          { status: 'answered', answer: { content: answer, at: answeredAt, ...(article ? { article } : {}) }, ...(article ? { article } : {}) },
          article ? { zh: `直办答复（引用知识：${article.title} 第${article.version}版）`, en: `Answered directly from “${article.title}” v${article.version}` } : { zh: '直办答复', en: 'Answered directly' },
        );
      }
      case 'TicketDispatched':
      case 'TicketReopened': {
        const { department, coHandlers, sign, finish, round } = event.data;
        const dispatchedAt = event.type === 'TicketDispatched' ? event.data.dispatchedAt : event.data.reopenedAt;
        const note = event.type === 'TicketDispatched' ? event.data.note : undefined;
        const limit = `${finish.limit.amount}${LIMIT_UNIT[finish.limit.unit].zh}`;
        return patch(
          {
            status: 'dispatched',
            round,
            department,
            coHandlers,
            handlers: [department, ...coHandlers].map((d) => ({ department: d })),
            signedBy: [],
            dispatchedAt,
            stages: { sign: stage(sign), finish: stage(finish) },
            signDueAt: sign.dueAt,
            finishDueAt: finish.dueAt,
            ...(note ? { dispatchNote: note } : {}),
          },
          event.type === 'TicketDispatched'
            ? {
                zh: `派单至 ${dept(department)}${coHandlers.length ? `，协办 ${coHandlers.map(dept).join('、')}` : ''}，${limit}内办结`,
                en: `Dispatched to ${dept(department)}${coHandlers.length ? ` with ${coHandlers.map(dept).join(', ')}` : ''}; finish within ${finish.limit.amount} ${LIMIT_UNIT[finish.limit.unit].en}`,
              }
            : { zh: `回访不满意，重办（第${round}轮）至 ${dept(department)}`, en: `Reopened for redo (round ${round}) to ${dept(department)}` },
          { unset: ['callbackDueAt', 'extension', ...(note ? [] : ['dispatchNote'])] },
        );
      }
      case 'TicketSigned': {
        const { department, lead, signedAt, onTime } = event.data;
        if (!lead) return patch({}, { zh: `协办部门 ${dept(department)} 签收`, en: `Co-handler ${dept(department)} signed` }, { push: { signedBy: department } });
        return patch(
          { status: 'signed', handledBy: department, needsCoordination: false, 'stages.sign.doneAt': signedAt, 'stages.sign.onTime': onTime },
          { zh: `${dept(department)} 签收${onTime ? '' : '（超时）'}`, en: `${dept(department)} signed${onTime ? '' : ' (late)'}` },
          { unset: ['signDueAt'], push: { signedBy: department } },
        );
      }
      case 'TicketReturned': {
        const { department, reason, returnedAt, returns, needsCoordination } = event.data;
        return patch(
          { status: 'registered', returns, needsCoordination, coHandlers: [], handlers: [], signedBy: [], stages: {} },
          {
            zh: `${dept(department)} 退单：${reason}${needsCoordination ? `（已退单${returns}次，须中心协调）` : ''}`,
            en: `Returned by ${dept(department)}: ${reason}${needsCoordination ? ` (returned ${returns} times: the center coordinates)` : ''}`,
          },
          { unset: ['department', 'signDueAt', 'finishDueAt', 'dispatchedAt', 'dispatchNote'], push: { returnLog: { department, reason, at: returnedAt } } },
        );
      }
      case 'TicketExtensionRequested': {
        const { workingDays, reason, requestedAt } = event.data;
        return patch({ extension: { workingDays, reason, requestedAt, status: 'pending' } }, { zh: `申请延期 ${workingDays} 个工作日：${reason}`, en: `Asked for ${workingDays} more working days: ${reason}` });
      }
      case 'TicketExtensionDecided': {
        const { approved, note, decidedAt, finish } = event.data;
        return patch(
          {
            'extension.status': approved ? 'approved' : 'refused',
            'extension.decidedAt': decidedAt,
            ...(note ? { 'extension.note': note } : {}),
            ...(finish ? { 'stages.finish.dueAt': finish.dueAt, 'stages.finish.warningAt': finish.warningAt, finishDueAt: finish.dueAt } : {}),
          },
          approved ? { zh: '同意延期', en: 'Extension approved' } : { zh: `不同意延期${note ? `：${note}` : ''}`, en: `Extension refused${note ? `: ${note}` : ''}` },
        );
      }
      case 'TicketReplied': {
        const { department, content, repliedAt, onTime, round, callback } = event.data;
        return patch(
          {
            status: 'replied',
            reply: { content, at: repliedAt, department, onTime, round },
            'stages.finish.doneAt': repliedAt,
            'stages.finish.onTime': onTime,
            // No number to call back: no callback clock, so never overdue for one.
            ...(callback ? { 'stages.callback': stage(callback), callbackDueAt: callback.dueAt } : {}),
          },
          { zh: `${dept(department)} 办结反馈${onTime ? '' : '（超时）'}`, en: `${dept(department)} replied${onTime ? '' : ' (late)'}` },
          { unset: ['finishDueAt', 'signDueAt', ...(callback ? [] : ['stages.callback', 'callbackDueAt'])] },
        );
      }
      case 'TicketCalledBack': {
        const { resolved, result, note, calledBackAt, onTime, round } = event.data;
        const label = CALLBACK_RESULT_LABELS[result];
        const solved = resolved === undefined ? { zh: '', en: '' } : resolved ? { zh: '已解决，', en: 'solved, ' } : { zh: '未解决，', en: 'not solved, ' };
        return patch(
          {
            lastCallback: { ...(resolved !== undefined ? { resolved } : {}), result, ...(note ? { note } : {}), at: calledBackAt, onTime, round },
            'stages.callback.doneAt': calledBackAt,
            'stages.callback.onTime': onTime,
            ...(result === 'unsatisfied' ? { unsatisfied: true } : {}),
          },
          { zh: `回访：${solved.zh}${label.zh}${note ? `（${note}）` : ''}`, en: `Called back: ${solved.en}${label.en}${note ? ` (${note})` : ''}` },
          { unset: ['callbackDueAt'] },
        );
      }
      case 'TicketSupervised': {
        const { kind, note, supervisedAt } = event.data;
        return patch(
          {},
          kind === 'supervise' ? { zh: `督办：${note}`, en: `Supervision order: ${note}` } : { zh: `催办：${note}`, en: `Urged: ${note}` },
          { push: { supervision: { kind, note, at: supervisedAt, actorRole: recorded.metadata.actorRole ?? null } }, inc: kind === 'supervise' ? { supervisedCount: 1 } : { urgedCount: 1 } },
        );
      }
      case 'TicketMerged': {
        const { into, intoNumber, mergedAt } = event.data;
        return patch(
          { status: 'merged', mergedInto: { ticketId: into, number: intoNumber, at: mergedAt }, handlers: [], coHandlers: [] },
          { zh: `与工单 ${intoNumber} 为同一诉求，已合并`, en: `Merged into ${intoNumber}, the same matter` },
          { unset: ['department', 'signDueAt', 'finishDueAt', 'callbackDueAt'] },
        );
      }
      case 'TicketDuplicateAttached': {
        const { duplicate, attachedAt } = event.data;
        return patch({}, { zh: `合并重复工单 ${duplicate.number}`, en: `Took in the duplicate ${duplicate.number}` }, { push: { merged: { ...duplicate, at: attachedAt } } });
      }
      case 'TicketTakenOver': {
        const { operatorId } = event.data;
        return patch({}, { zh: `话务员 ${userMark(operatorId)} 接手工单`, en: `Taken over by the operator ${userMark(operatorId)}` }, { push: { operators: operatorId } });
      }
      case 'TicketClosed': {
        const { closedAt, resolution, callbackResult } = event.data;
        return patch(
          { status: 'closed', closedAt, resolution },
          { zh: `办结${callbackResult ? `（${CALLBACK_RESULT_LABELS[callbackResult].zh}）` : ''}`, en: `Closed${callbackResult ? ` (${CALLBACK_RESULT_LABELS[callbackResult].en})` : ''}` },
          { unset: ['signDueAt', 'finishDueAt', 'callbackDueAt'] },
        );
      }
      case 'TicketArchived':
        return patch({ status: 'archived', archivedAt: event.data.archivedAt }, { zh: '归档', en: 'Archived' });
      case 'TicketPublished': {
        const { title, content, reply, publishedAt } = event.data;
        return patch({ published: { title, content, reply, at: publishedAt }, publishedAt }, { zh: `公开：${title}`, en: `Published: ${title}` });
      }
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};
