import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { isDomainError, type DomainError } from '../../domain/shared/errors.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore } from '../ports/document-store.js';
import { CLOCK, DOCUMENT_STORE, WAREHOUSE } from '../ports/tokens.js';
import type { Warehouse } from '../ports/warehouse.js';
import type { Viewer } from '../viewer.js';
import { measureScope, monthsOf, periodOf, previousPeriod, RATE_DEFINITIONS, type MeasureGrouping } from './measures.js';

/** The SQL of analytics/dashboards/hotline_*.sql; infrastructure reads the files. */
export const HOTLINE_MEASURES_SQL = Symbol('HotlineMeasuresSql');
export interface HotlineMeasuresSql {
  readonly threeRates: string;
  readonly hotTopics: string;
  readonly repeatCallers: string;
}

/** ClickHouse instants as the SQL parameters take them. */
const chTime = (instant: Date) => instant.toISOString().replace('T', ' ').replace('Z', '');
/** Counts come back as numbers (or strings past 2^53). */
const n = (value: unknown) => Number(value ?? 0);
const rate = (value: unknown) => (value === null || value === undefined ? null : Number(value));

interface RatesRow {
  key: string;
  is_total: number;
  category_name: string | null;
  [count: string]: unknown;
}

/** One group's counts and rates (rates 0–1, null when nothing was due). */
export interface Measures {
  readonly registered: number;
  /** 直办 by the center. */
  readonly answeredDirectly: number;
  /** With a lead department now. */
  readonly dispatched: number;
  readonly responseBase: number;
  readonly respondedOnTime: number;
  readonly responseRate: number | null;
  /** Tickets whose caller answered 是否解决 at the (latest) callback. */
  readonly resolutionBase: number;
  /** Of those, the caller said solved. */
  readonly resolved: number;
  readonly resolutionRate: number | null;
  /** Dispatched tickets whose finish clock has ended (按期办结率's base). */
  readonly finishBase: number;
  readonly finishedOnTime: number;
  readonly finishRate: number | null;
  readonly calledBack: number;
  readonly satisfied: number;
  readonly basicallySatisfied: number;
  readonly unsatisfied: number;
  readonly satisfactionRate: number | null;
  readonly returns: number;
  readonly extensions: number;
  /** Tickets reopened for redo (重办) at least once. */
  readonly redone: number;
  /** 督办 orders. */
  readonly supervisions: number;
  /** Tickets whose caller registered two or more in the period. */
  readonly repeatCallerTickets: number;
}

export interface MeasuresRow extends Measures {
  /** Department code, top category code, or 'YYYY-MM'. */
  readonly key: string;
  readonly name: string;
}

export interface HotlineMeasures {
  readonly from: string;
  readonly to: string;
  readonly by: MeasureGrouping;
  /** The one department counted; absent: every department. */
  readonly department?: string;
  readonly total: Measures;
  readonly rows: readonly MeasuresRow[];
  readonly repeatCallers: { readonly callers: number; readonly tickets: number; readonly mostCalls: number };
  readonly definitions: typeof RATE_DEFINITIONS;
}

const EMPTY_MEASURES: Measures = {
  registered: 0, answeredDirectly: 0, dispatched: 0,
  responseBase: 0, respondedOnTime: 0, responseRate: null,
  resolutionBase: 0, resolved: 0, resolutionRate: null,
  finishBase: 0, finishedOnTime: 0, finishRate: null,
  calledBack: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, satisfactionRate: null,
  returns: 0, extensions: 0, redone: 0, supervisions: 0, repeatCallerTickets: 0,
};

function measuresOf(r: RatesRow): Measures {
  return {
    registered: n(r['registered']),
    answeredDirectly: n(r['answered_directly']),
    dispatched: n(r['dispatched']),
    responseBase: n(r['response_base']),
    respondedOnTime: n(r['responded_on_time']),
    responseRate: rate(r['response_rate']),
    resolutionBase: n(r['resolution_base']),
    resolved: n(r['resolved']),
    resolutionRate: rate(r['resolution_rate']),
    finishBase: n(r['finish_base']),
    finishedOnTime: n(r['finished_on_time']),
    finishRate: rate(r['finish_rate']),
    calledBack: n(r['called_back']),
    satisfied: n(r['satisfied']),
    basicallySatisfied: n(r['basically_satisfied']),
    unsatisfied: n(r['unsatisfied']),
    satisfactionRate: rate(r['satisfaction_rate']),
    returns: n(r['returns']),
    extensions: n(r['extensions']),
    redone: n(r['redone']),
    supervisions: n(r['supervisions']),
    repeatCallerTickets: n(r['repeat_caller_tickets']),
  };
}

/** 三率 of the tickets registered in a period, by department, category or month, in the viewer's scope. */
export class HotlineMeasuresQuery extends Query<HotlineMeasures | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly asked: { readonly from?: string; readonly to?: string; readonly by: MeasureGrouping; readonly department?: string },
  ) {
    super();
  }
}

@QueryHandler(HotlineMeasuresQuery)
export class HotlineMeasuresHandler implements IQueryHandler<HotlineMeasuresQuery> {
  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HOTLINE_MEASURES_SQL) private readonly sql: HotlineMeasuresSql,
  ) {}

  async execute({ viewer, asked }: HotlineMeasuresQuery): Promise<HotlineMeasures | DomainError> {
    const department = measureScope(viewer, asked.department);
    if (isDomainError(department)) return department;
    const now = this.clock.now();
    const period = periodOf(asked, now, asked.by);
    if (isDomainError(period)) return period;
    const params = { from: chTime(period.start), to: chTime(period.end), now: chTime(now), by: asked.by, department };
    const [rows, [repeat], departments] = await Promise.all([
      this.warehouse.query<RatesRow>(this.sql.threeRates, params),
      this.warehouse.query(this.sql.repeatCallers, params),
      asked.by === 'department' ? this.documents.find<{ code: string; name: string }>('departments', {}, { limit: 1000 }) : undefined,
    ]);
    const departmentNames = new Map(departments?.items.map((d) => [d.code, d.name]));
    const total = rows.find((r) => n(r.is_total) === 1);
    const groups = new Map(rows.filter((r) => n(r.is_total) === 0).map((r) => [r.key, r]));
    const nameOf = (r: RatesRow): string =>
      asked.by === 'department' ? (departmentNames.get(r.key) ?? r.key) : asked.by === 'category' ? (r.category_name ?? r.key) : r.key;
    // A chart of months shows every month of the period, the quiet ones too. Tickets with no
    // department (answered directly, or waiting to be dispatched) count in the total only.
    const rowsOut: MeasuresRow[] =
      asked.by === 'month'
        ? monthsOf(period).map((month) => {
            const r = groups.get(month);
            return { key: month, name: month, ...(r ? measuresOf(r) : EMPTY_MEASURES) };
          })
        : [...groups.values()].filter((r) => r.key !== '').map((r) => ({ key: r.key, name: nameOf(r), ...measuresOf(r) }));
    return {
      from: period.from,
      to: period.to,
      by: asked.by,
      ...(department ? { department } : {}),
      total: total ? measuresOf(total) : EMPTY_MEASURES,
      rows: rowsOut,
      repeatCallers: { callers: n(repeat?.['callers']), tickets: n(repeat?.['tickets']), mostCalls: n(repeat?.['most_calls']) },
      definitions: RATE_DEFINITIONS,
    };
  }
}

/** A count this period beside the period before. */
export interface Trend {
  readonly count: number;
  readonly previous: number;
  readonly change: number;
  /** change ÷ previous; null when there were none before. */
  readonly changeRate: number | null;
}

export interface HotTopics {
  readonly from: string;
  readonly to: string;
  readonly previousFrom: string;
  readonly previousTo: string;
  readonly department?: string;
  readonly total: Trend;
  readonly topCategories: readonly (Trend & { code: string; name: string })[];
  readonly categories: readonly (Trend & { code: string; name: string; topCode: string; topName: string })[];
  readonly districts: readonly (Trend & { code: string; name: string })[];
  /** A category in a district (热点区域). */
  readonly spots: readonly (Trend & { categoryCode: string; categoryName: string; districtCode: string; districtName: string })[];
}

/** 热点诉求: the categories, districts and categories-in-districts called about most, with the trend. */
export class HotTopicsQuery extends Query<HotTopics | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly asked: { readonly from?: string; readonly to?: string; readonly limit: number; readonly department?: string },
  ) {
    super();
  }
}

@QueryHandler(HotTopicsQuery)
export class HotTopicsHandler implements IQueryHandler<HotTopicsQuery> {
  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HOTLINE_MEASURES_SQL) private readonly sql: HotlineMeasuresSql,
  ) {}

  async execute({ viewer, asked }: HotTopicsQuery): Promise<HotTopics | DomainError> {
    const department = measureScope(viewer, asked.department);
    if (isDomainError(department)) return department;
    const period = periodOf(asked, this.clock.now());
    if (isDomainError(period)) return period;
    const previous = previousPeriod(period);
    const rows = await this.warehouse.query<{ dimension: string; key: string; parent: string; name: string; parent_name: string }>(this.sql.hotTopics, {
      from: chTime(period.start),
      to: chTime(period.end),
      previous_from: chTime(previous.start),
      limit: asked.limit,
      department,
    });
    const trend = (r: Record<string, unknown>): Trend => ({ count: n(r['current']), previous: n(r['previous']), change: n(r['change']), changeRate: rate(r['change_rate']) });
    const of = (dimension: string) => rows.filter((r) => r.dimension === dimension);
    const total = of('total')[0];
    return {
      from: period.from,
      to: period.to,
      previousFrom: previous.from,
      previousTo: previous.to,
      ...(department ? { department } : {}),
      total: total ? trend(total) : { count: 0, previous: 0, change: 0, changeRate: null },
      topCategories: of('top_category').map((r) => ({ code: r.key, name: r.name, ...trend(r) })),
      categories: of('category').map((r) => ({ code: r.key, name: r.name, topCode: r.parent, topName: r.parent_name, ...trend(r) })),
      districts: of('district').map((r) => ({ code: r.key, name: r.name, ...trend(r) })),
      spots: of('spot').map((r) => ({ categoryCode: r.key, categoryName: r.name, districtCode: r.parent, districtName: r.parent_name, ...trend(r) })),
    };
  }
}

export const hotlineMeasuresQueryHandlers = [HotlineMeasuresHandler, HotTopicsHandler];
