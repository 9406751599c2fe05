import type { RecordedEvent } from '../../application/ports/event-store.js';
import type { CategoryRef, DistrictRef, StageDeadline, TicketEvent } from '../../domain/hotline/events.js';
import type { CallbackResult, Stage } from '../../domain/hotline/rules.js';
import { recorded } from './recorded.js';

/**
 * Hand-made 12345 tickets for the measures, with the facts the tests count by hand. The caller
 * keys stand for the keyed hashes the application puts on a registration ('caller-A' is one phone).
 */

const CATEGORIES: Record<string, CategoryRef> = {
  SC01: { code: 'SC01', name: '食品安全', path: ['SC', 'SC01'], pathNames: ['市场监管', '食品安全'] },
  CG01: { code: 'CG01', name: '噪音扰民', path: ['CG', 'CG01'], pathNames: ['城市管理', '噪音扰民'] },
  CG02: { code: 'CG02', name: '占道经营', path: ['CG', 'CG02'], pathNames: ['城市管理', '占道经营'] },
};
const DISTRICTS: Record<string, DistrictRef> = { D1: { code: 'D1', name: '东城区' }, D2: { code: 'D2', name: '西城区' } };

/** China time (UTC+08:00) as an ISO instant. */
export const cn = (local: string) => new Date(`${local}+08:00`).toISOString();

const deadline = (stage: Stage, due: string): StageDeadline => ({ stage, dueAt: cn(due), warningAt: cn(due), limit: { amount: 1, unit: 'working_days' } });

export const ev = {
  registered: (ticketId: string, at: string, category: string, district: string, callerKey?: string, number = `12345-${at.slice(0, 10).replaceAll('-', '')}-${ticketId.slice(2).padStart(4, '0')}`): TicketEvent => ({
    type: 'TicketRegistered',
    data: {
      ticketId,
      number,
      type: 'complaint',
      channel: 'phone',
      urgency: 'normal',
      caller: { name: '张三', phone: '13800138000' },
      content: '楼下饭店油烟和噪音',
      category: CATEGORIES[category]!,
      district: DISTRICTS[district]!,
      address: '东城区某街 1 号',
      registeredAt: cn(at),
      ...(callerKey ? { callerKey } : {}),
    },
  }),
  answered: (ticketId: string, at: string, article?: { id: string; version: number }): TicketEvent => ({
    type: 'TicketAnswered',
    data: { ticketId, answer: '按政策答复', ...(article ? { article: { ...article, title: '办事指南' } } : {}), answeredAt: cn(at) },
  }),
  dispatched: (ticketId: string, department: string, at: string, signDue: string, finishDue: string, round = 1): TicketEvent => ({
    type: 'TicketDispatched',
    data: { ticketId, department, coHandlers: [], round, dispatchedAt: cn(at), sign: deadline('sign', signDue), finish: deadline('finish', finishDue) },
  }),
  signed: (ticketId: string, department: string, at: string, onTime: boolean, round = 1, lead = true): TicketEvent => ({
    type: 'TicketSigned',
    data: { ticketId, department, lead, round, signedAt: cn(at), onTime },
  }),
  returned: (ticketId: string, department: string, at: string, returns: number): TicketEvent => ({
    type: 'TicketReturned',
    data: { ticketId, department, reason: '不属于本部门职责', returnedAt: cn(at), returns, needsCoordination: returns >= 2 },
  }),
  extensionRequested: (ticketId: string, department: string, at: string): TicketEvent => ({
    type: 'TicketExtensionRequested',
    data: { ticketId, department, workingDays: 3, reason: '需现场核查', requestedAt: cn(at) },
  }),
  extensionDecided: (ticketId: string, at: string, approved: boolean, finishDue?: string): TicketEvent => ({
    type: 'TicketExtensionDecided',
    data: { ticketId, approved, workingDays: 3, decidedAt: cn(at), ...(finishDue ? { finish: deadline('finish', finishDue) } : {}) },
  }),
  replied: (ticketId: string, department: string, at: string, onTime: boolean, callbackDue: string, round = 1): TicketEvent => ({
    type: 'TicketReplied',
    data: { ticketId, department, content: '已处理', round, repliedAt: cn(at), onTime, callback: deadline('callback', callbackDue) },
  }),
  /** `resolved` undefined: a callback recorded before 是否解决 was asked. */
  calledBack: (ticketId: string, at: string, result: CallbackResult, resolved: boolean | undefined, round = 1, onTime = true): TicketEvent => ({
    type: 'TicketCalledBack',
    data: { ticketId, ...(resolved !== undefined ? { resolved } : {}), result, round, calledBackAt: cn(at), onTime },
  }),
  reopened: (ticketId: string, department: string, at: string, signDue: string, finishDue: string, round: number): TicketEvent => ({
    type: 'TicketReopened',
    data: { ticketId, department, coHandlers: [], round, reopenedAt: cn(at), sign: deadline('sign', signDue), finish: deadline('finish', finishDue) },
  }),
  supervised: (ticketId: string, at: string, kind: 'supervise' | 'urge'): TicketEvent => ({
    type: 'TicketSupervised',
    data: { ticketId, kind, note: '请抓紧办理', supervisedAt: cn(at) },
  }),
  merged: (ticketId: string, into: string, at: string): TicketEvent => ({
    type: 'TicketMerged',
    data: { ticketId, into, intoNumber: `12345-x-${into}`, mergedAt: cn(at) },
  }),
  attached: (ticketId: string, duplicate: string, at: string): TicketEvent => ({
    type: 'TicketDuplicateAttached',
    data: { ticketId, duplicate: { ticketId: duplicate, number: `12345-x-${duplicate}`, caller: { phone: '13800138000' }, channel: 'phone' }, attachedAt: cn(at) },
  }),
  closed: (ticketId: string, at: string, resolution: 'answered' | 'replied', callbackResult?: CallbackResult): TicketEvent => ({
    type: 'TicketClosed',
    data: { ticketId, closedAt: cn(at), resolution, ...(callbackResult ? { callbackResult } : {}) },
  }),
  archived: (ticketId: string, at: string): TicketEvent => ({ type: 'TicketArchived', data: { ticketId, archivedAt: cn(at) } }),
  published: (ticketId: string, at: string): TicketEvent => ({
    type: 'TicketPublished',
    data: { ticketId, title: '油烟扰民', content: '反映油烟扰民', reply: '已整改', publishedAt: cn(at) },
  }),
};

/**
 * The tickets of October 2026 (and one of September), in the order they happened. The measures'
 * clock stands at 2 November 2026 09:00 China time.
 *
 *  t-1  market  SC01 D1 caller A: signed and replied on time, satisfied, closed, archived, published
 *  t-2  market  SC01 D2 caller B: signed late, replied on time, basically satisfied
 *  t-3  market  CG02 D1 caller A: replied late, unsatisfied → redo (round 2) on time, unsatisfied again, closed; 督办 once
 *  t-4  housing CG01 D1 caller C: to market first, returned, to housing; extension approved; replied on time
 *  t-5  housing CG01 D1 no phone: never signed, both clocks run out
 *  t-6  housing CG01 D2 caller D: registered 31 Oct, its clocks still running
 *  t-7  —       CG01 D1 caller B: answered directly from article kb-1
 *  t-8  —       SC01 D1 caller A: a duplicate of t-1, merged into it
 *  t-9  market  CG01 D1 caller A: registered in September
 *  t-10 market  SC01 D1 caller E: signed on time, its finish clock ran out unreplied
 */
export const OCTOBER: readonly (readonly [stream: string, event: TicketEvent, by: { actorId: string; actorRole: string }])[] = (() => {
  const operator = { actorId: 'u-operator', actorRole: 'hotline_operator' };
  const market = { actorId: 'u-market', actorRole: 'department_handler' };
  const housing = { actorId: 'u-housing', actorRole: 'department_handler' };
  const list: [string, TicketEvent, { actorId: string; actorRole: string }][] = [];
  const add = (by: typeof operator, ...events: TicketEvent[]) => {
    for (const e of events) list.push([`ticket-${(e.data as { ticketId: string }).ticketId}`, e, by]);
  };
  add(operator, ev.registered('t-9', '2026-09-20T10:00:00', 'CG01', 'D1', 'caller-A'), ev.dispatched('t-9', 'market', '2026-09-20T11:00:00', '2026-09-21T17:30:00', '2026-09-27T17:30:00'));
  add(operator, ev.registered('t-1', '2026-10-09T09:00:00', 'SC01', 'D1', 'caller-A'), ev.dispatched('t-1', 'market', '2026-10-09T10:00:00', '2026-10-10T17:30:00', '2026-10-16T17:30:00'));
  add(market, ev.signed('t-1', 'market', '2026-10-09T15:00:00', true));
  add(operator, ev.registered('t-8', '2026-10-09T16:00:00', 'SC01', 'D1', 'caller-A'), ev.merged('t-8', 't-1', '2026-10-09T16:05:00'), ev.attached('t-1', 't-8', '2026-10-09T16:05:00'));
  add(operator, ev.registered('t-2', '2026-10-10T09:00:00', 'SC01', 'D2', 'caller-B'), ev.dispatched('t-2', 'market', '2026-10-10T10:00:00', '2026-10-12T17:30:00', '2026-10-17T17:30:00'));
  add(operator, ev.registered('t-3', '2026-10-12T09:00:00', 'CG02', 'D1', 'caller-A'), ev.dispatched('t-3', 'market', '2026-10-12T10:00:00', '2026-10-13T17:30:00', '2026-10-19T17:30:00'));
  add(operator, ev.registered('t-10', '2026-10-12T11:00:00', 'SC01', 'D1', 'caller-E'), ev.dispatched('t-10', 'market', '2026-10-12T11:30:00', '2026-10-13T17:30:00', '2026-10-19T17:30:00'));
  add(market, ev.signed('t-10', 'market', '2026-10-12T16:00:00', true), ev.signed('t-3', 'market', '2026-10-12T16:00:00', true), ev.replied('t-1', 'market', '2026-10-14T10:00:00', true, '2026-10-16T17:30:00'));
  add(market, ev.signed('t-2', 'market', '2026-10-13T09:00:00', false));
  add(operator, ev.calledBack('t-1', '2026-10-15T10:00:00', 'satisfied', undefined), ev.closed('t-1', '2026-10-15T10:05:00', 'replied', 'satisfied'), ev.archived('t-1', '2026-10-16T10:00:00'), ev.published('t-1', '2026-10-16T11:00:00'));
  add(market, ev.replied('t-2', 'market', '2026-10-16T10:00:00', true, '2026-10-20T17:30:00'));
  add(operator, ev.supervised('t-3', '2026-10-19T09:00:00', 'supervise'), ev.supervised('t-3', '2026-10-19T09:10:00', 'urge'));
  add(market, ev.replied('t-3', 'market', '2026-10-20T10:00:00', false, '2026-10-22T17:30:00'));
  add(operator, ev.calledBack('t-2', '2026-10-20T11:00:00', 'basically_satisfied', false));
  add(operator, ev.registered('t-4', '2026-10-20T09:00:00', 'CG01', 'D1', 'caller-C'), ev.dispatched('t-4', 'market', '2026-10-20T09:30:00', '2026-10-21T17:30:00', '2026-10-27T17:30:00'));
  add(operator, ev.registered('t-5', '2026-10-20T10:00:00', 'CG01', 'D1'), ev.dispatched('t-5', 'housing', '2026-10-20T10:30:00', '2026-10-21T17:30:00', '2026-10-27T17:30:00'));
  add(market, ev.returned('t-4', 'market', '2026-10-20T14:00:00', 1));
  add(operator, ev.dispatched('t-4', 'housing', '2026-10-20T15:00:00', '2026-10-21T17:30:00', '2026-10-27T17:30:00'));
  add(housing, ev.signed('t-4', 'housing', '2026-10-21T09:00:00', true), ev.extensionRequested('t-4', 'housing', '2026-10-26T09:00:00'));
  add(operator, ev.extensionDecided('t-4', '2026-10-26T10:00:00', true, '2026-10-30T17:30:00'));
  add(operator, ev.calledBack('t-3', '2026-10-21T10:00:00', 'unsatisfied', false), ev.reopened('t-3', 'market', '2026-10-21T10:05:00', '2026-10-22T17:30:00', '2026-10-28T17:30:00', 2));
  add(market, ev.signed('t-3', 'market', '2026-10-21T15:00:00', true, 2), ev.replied('t-3', 'market', '2026-10-27T10:00:00', true, '2026-10-29T17:30:00', 2));
  add(operator, ev.registered('t-7', '2026-10-28T09:00:00', 'CG01', 'D1', 'caller-B'), ev.answered('t-7', '2026-10-28T09:05:00', { id: 'kb-1', version: 3 }), ev.closed('t-7', '2026-10-28T09:06:00', 'answered'));
  add(operator, ev.calledBack('t-3', '2026-10-29T10:00:00', 'unsatisfied', true, 2), ev.closed('t-3', '2026-10-29T10:05:00', 'replied', 'unsatisfied'));
  add(housing, ev.replied('t-4', 'housing', '2026-10-29T16:00:00', true, '2026-11-02T17:30:00'));
  add(operator, ev.registered('t-6', '2026-10-31T20:00:00', 'CG01', 'D2', 'caller-D'), ev.dispatched('t-6', 'housing', '2026-11-02T08:00:00', '2026-11-03T17:30:00', '2026-11-09T17:30:00'));
  return list;
})();

/** The measures' clock: 2 November 2026, 09:00 China time. */
export const NOW = new Date(cn('2026-11-02T09:00:00'));

/** The history as the projection receives it, from global position `first` on. */
export function octoberRecorded(first = 1): RecordedEvent[] {
  return OCTOBER.map(([stream, event, by], i) => recorded(stream, event, first + i, { ...by, at: (event.data as Record<string, string>)[Object.keys(event.data as object).find((k) => k.endsWith('At'))!]! }));
}
