import { DEFAULT_HOTLINE_LIMITS, type RegisterTicket, type TicketDecideContext, type TicketEvent } from '../../domain/hotline/index.js';
import { WorkingCalendar } from '../../domain/shared/calendar.js';
import { loadCalendarData } from '../../infrastructure/calendar/chinese-days-calendar.js';

export const calendar = new WorkingCalendar(loadCalendarData([2025, 2026]));

export const operator = { id: 'u-op', role: 'hotline_operator' };
export const marketHandler = { id: 'u-mk', role: 'department_handler', department: 'market' };
export const housingHandler = { id: 'u-hs', role: 'department_handler', department: 'housing' };
export const healthHandler = { id: 'u-hl', role: 'department_handler', department: 'health' };
export const supervisor = { id: 'u-sv', role: 'supervisor' };
export const citizen = { id: 'public', role: 'public' };

/** 10:00 Beijing time on Monday 2 November 2026, an ordinary working week. */
export const monday10 = new Date('2026-11-02T02:00:00Z');

export const ctx: TicketDecideContext = { now: monday10, actor: operator, newId: (p) => `id-${p}`, calendar, limits: DEFAULT_HOTLINE_LIMITS };

export const noise = { code: 'CG.SR.ZY', name: '噪音扰民', path: ['CG', 'CG.SR', 'CG.SR.ZY'], pathNames: ['城市管理', '市容环境', '噪音扰民'] };
export const gaoxin = { code: 'GX', name: '高新区' };

/** What the caller of the fixture tickets says, the same in the command and in the event. */
export const bbqFacts = {
  ticketId: 't-1',
  number: '12345-20261102-0001',
  type: 'complaint',
  channel: 'phone',
  urgency: 'normal',
  caller: { name: '王秀英', phone: '13800138000' },
  content: '小区楼下烧烤店每天夜里噪音扰民，油烟也很大',
} as const;

export const register = (more: Partial<RegisterTicket['data']> = {}): RegisterTicket => ({
  type: 'RegisterTicket',
  data: {
    ...bbqFacts,
    categoryCode: noise.code,
    districtCode: gaoxin.code,
    category: noise,
    district: gaoxin,
    address: '高新区科技路88号',
    ...more,
  },
});

const at = (iso: string) => new Date(iso).toISOString();

export const registered: TicketEvent = {
  type: 'TicketRegistered',
  data: {
    ...bbqFacts,
    category: noise,
    district: gaoxin,
    address: '高新区科技路88号',
    registeredAt: at('2026-11-02T10:00:00+08:00'),
  },
};

export const urgentRegistered: TicketEvent = { type: 'TicketRegistered', data: { ...(registered.data as object), urgency: 'urgent' } } as TicketEvent;

/** To market, with housing helping; sign by the end of Tuesday, finish by the end of Monday the 9th. */
export const dispatched = (round = 1): TicketEvent => ({
  type: 'TicketDispatched',
  data: {
    ticketId: 't-1',
    department: 'market',
    coHandlers: ['housing'],
    round,
    dispatchedAt: at('2026-11-02T10:00:00+08:00'),
    sign: { stage: 'sign', dueAt: at('2026-11-03T23:59:59.999+08:00'), warningAt: at('2026-11-03T00:00:00+08:00'), limit: { amount: 1, unit: 'working_days' } },
    finish: { stage: 'finish', dueAt: at('2026-11-09T23:59:59.999+08:00'), warningAt: at('2026-11-09T00:00:00+08:00'), limit: { amount: 5, unit: 'working_days' } },
  },
});

export const returned = (returns: number): TicketEvent => ({
  type: 'TicketReturned',
  data: { ticketId: 't-1', department: 'market', reason: '不属于本部门职责', returnedAt: at('2026-11-02T11:00:00+08:00'), returns, needsCoordination: returns >= 2 },
});

export const signed: TicketEvent = {
  type: 'TicketSigned',
  data: { ticketId: 't-1', department: 'market', lead: true, round: 1, signedAt: at('2026-11-02T11:00:00+08:00'), onTime: true },
};

export const replied = (round = 1): TicketEvent => ({
  type: 'TicketReplied',
  data: {
    ticketId: 't-1',
    department: 'market',
    content: '已联系店主，夜间22点后停止营业，已整改',
    round,
    repliedAt: at('2026-11-04T15:00:00+08:00'),
    onTime: true,
    callback: { stage: 'callback', dueAt: at('2026-11-06T23:59:59.999+08:00'), warningAt: at('2026-11-06T00:00:00+08:00'), limit: { amount: 2, unit: 'working_days' } },
  },
});

export const calledBack = (result: 'satisfied' | 'basically_satisfied' | 'unsatisfied', round = 1): TicketEvent => ({
  type: 'TicketCalledBack',
  data: { ticketId: 't-1', resolved: result !== 'unsatisfied', result, round, calledBackAt: at('2026-11-05T10:00:00+08:00'), onTime: true },
});

export const closed: TicketEvent = { type: 'TicketClosed', data: { ticketId: 't-1', closedAt: at('2026-11-05T11:00:00+08:00'), resolution: 'replied', callbackResult: 'satisfied' } };
