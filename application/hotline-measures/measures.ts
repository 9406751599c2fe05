import { localDate } from '../../domain/shared/calendar.js';
import { forbidden, invalid, type DomainError } from '../../domain/shared/errors.js';
import type { Bilingual } from '../../domain/shared/messages.js';
import { readsEverything, type Viewer } from '../viewer.js';

/** How the three rates are grouped. */
export const MEASURE_GROUPINGS = ['department', 'category', 'month'] as const;
export type MeasureGrouping = (typeof MEASURE_GROUPINGS)[number];

/** The longest period a measure covers, in days. */
export const MAX_PERIOD_DAYS = 3 * 366;

/** The three rates, and the on-time finishing beside them, in the words of analytics/dashboards/hotline_three_rates.sql. */
export const RATE_DEFINITIONS: Readonly<Record<'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'finishRate', Bilingual>> = {
  responseRate: {
    zh: '响应率 = 按时签收的工单 ÷ 签收时限已到的派单工单（已签收或超时未签收）',
    en: 'Response rate = tickets signed for on time ÷ dispatched tickets whose sign clock has ended (signed, or unsigned past due)',
  },
  resolutionRate: {
    zh: '解决率 = 回访时来电人表示已解决的工单 ÷ 回访中回答了是否解决的工单，按每件工单最近一次回访',
    en: 'Resolution rate = tickets whose caller said the matter was solved ÷ tickets whose caller answered that question at the callback, by each ticket’s latest callback',
  },
  satisfactionRate: {
    zh: '满意率 =（满意 + 基本满意）÷ 已回访的工单，按每件工单最近一次回访结果',
    en: 'Satisfaction rate = (satisfied + basically satisfied) ÷ tickets called back, by each ticket’s latest callback',
  },
  finishRate: {
    zh: '按期办结率 = 按期办结的工单 ÷ 办结时限已到的派单工单（已办结或超期未办结）',
    en: 'On-time finishing = tickets replied on time ÷ dispatched tickets whose finish clock has ended (replied, or unreplied past due)',
  },
};

/** A period of Chinese calendar dates, both included, as the instants the warehouse compares. */
export interface Period {
  readonly from: string;
  readonly to: string;
  /** [start, end) in UTC. */
  readonly start: Date;
  readonly end: Date;
}

const DAY_MS = 86_400_000;
const startOfLocalDay = (date: string) => new Date(`${date}T00:00:00+08:00`);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The period asked for, `from` and `to` both included. Without `to`: today (China time) by the
 * clock; without `from`: the 30 days up to `to`, or for months the 6 months up to `to`'s.
 */
export function periodOf(asked: { from?: string; to?: string }, now: Date, grouping?: MeasureGrouping): Period | DomainError {
  const to = asked.to ?? localDate(now);
  const from = asked.from ?? (grouping === 'month' ? monthsBefore(to, 5) : addDays(to, -29));
  if (from > to) return invalid('hotline.measures.period_reversed', '开始日期晚于结束日期', 'The period starts after it ends', { from, to });
  const start = startOfLocalDay(from);
  const end = startOfLocalDay(addDays(to, 1));
  if ((end.getTime() - start.getTime()) / DAY_MS > MAX_PERIOD_DAYS) {
    return invalid('hotline.measures.period_too_long', `统计期间不能超过 ${MAX_PERIOD_DAYS} 天`, `The period may not exceed ${MAX_PERIOD_DAYS} days`, { from, to });
  }
  return { from, to, start, end };
}

/** The period of the same length just before, for trends. */
export function previousPeriod(period: Period): Period {
  const days = Math.round((period.end.getTime() - period.start.getTime()) / DAY_MS);
  const to = addDays(period.from, -1);
  const from = addDays(period.from, -days);
  return { from, to, start: startOfLocalDay(from), end: period.start };
}

/** The first day of the month `count` months before the month of `date`. */
function monthsBefore(date: string, count: number): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The months ('YYYY-MM') a period touches, in order. */
export function monthsOf(period: Pick<Period, 'from' | 'to'>): string[] {
  const months: string[] = [];
  for (let month = period.from.slice(0, 7); month <= period.to.slice(0, 7); month = monthsBefore(`${month}-01`, -1).slice(0, 7)) months.push(month);
  return months;
}

/**
 * Whose tickets a viewer's measures count: '' for every department (leaders, supervisors,
 * auditors, admins and the center's operators), else the viewer's own department (its head and
 * hotline desk). Asking for another department than one's own is refused.
 */
export function measureScope(viewer: Viewer, asked?: string): string | DomainError {
  if (readsEverything(viewer) || viewer.roles.includes('hotline_operator')) return asked ?? '';
  const own = viewer.department && viewer.roles.some((r) => r === 'department_head' || r === 'department_handler') ? viewer.department : undefined;
  if (!own || (asked !== undefined && asked !== own)) {
    return forbidden('hotline.measures.out_of_scope', '只能查看本部门的统计', 'You may see your own department’s measures only');
  }
  return own;
}
