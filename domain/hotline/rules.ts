/**
 * The rules of the 12345 citizen hotline (便民服务热线), DOMAIN.md §3, each named once with its source.
 * *(default)* marks a city setting, passed in through the decide context.
 */
import type { Role } from '../identity/roles.js';
import type { Bilingual } from '../shared/messages.js';

/** 国务院办公厅关于进一步优化地方政务服务便民热线的指导意见（国办发〔2020〕53号）. */
const HOTLINE_OPINION = '国办发〔2020〕53号';

/** 咨询 求助 投诉 举报 建议 表扬. */
export const TICKET_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_TYPE_LABELS: Readonly<Record<TicketType, Bilingual>> = {
  consultation: { zh: '咨询', en: 'consultation' },
  help: { zh: '求助', en: 'request for help' },
  complaint: { zh: '投诉', en: 'complaint' },
  report: { zh: '举报', en: 'report' },
  suggestion: { zh: '建议', en: 'suggestion' },
  praise: { zh: '表扬', en: 'praise' },
};

export const TICKET_CHANNELS = ['phone', 'web', 'app', 'mini_program', 'email'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** Channels a citizen uses on their own, without an operator taking the call. */
export const SELF_SERVICE_CHANNELS: readonly TicketChannel[] = ['web', 'app', 'mini_program', 'email'];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** 回访 results: 满意, 基本满意, 不满意. */
export const CALLBACK_RESULTS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type CallbackResult = (typeof CALLBACK_RESULTS)[number];

export const CALLBACK_RESULT_LABELS: Readonly<Record<CallbackResult, Bilingual>> = {
  satisfied: { zh: '满意', en: 'satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'unsatisfied' },
};

/** 督办 (a formal supervision order) and 催办 (a reminder to hurry). */
export const SUPERVISION_KINDS = ['supervise', 'urge'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];

export const TICKET_STATUSES = ['registered', 'answered', 'dispatched', 'signed', 'replied', 'closed', 'archived', 'merged'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which a ticket is still being worked on: supervision can hit it, duplicates can join it. */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['registered', 'answered', 'dispatched', 'signed', 'replied'];

/** The three clocks of a ticket: 签收, 办结, 回访. */
export const STAGES = ['sign', 'finish', 'callback'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * A time limit in the unit its rule gives:
 *  - `hours`: clock hours from the start, round the clock (民法典 art. 201: a period in hours runs from the moment given);
 *  - `days`: calendar days, the first day not counted, ending at the end of the last day (民法典 art. 201);
 *  - `working_days`: the same with working days (工作日) of the one calendar.
 */
export interface TimeLimit {
  readonly amount: number;
  readonly unit: 'hours' | 'days' | 'working_days';
}

export interface UrgencyLimits {
  /** 签收时限. */
  readonly sign: TimeLimit;
  /** 办结时限, counted from the dispatch. */
  readonly finish: TimeLimit;
}

/** The limits the decider works with; each *(default)*, a city setting. */
export interface HotlineLimits {
  readonly urgent: UrgencyLimits;
  readonly normal: UrgencyLimits;
  /** 回访时限, counted from the reply. */
  readonly callback: TimeLimit;
  /** Returns a ticket may have before the center must coordinate (协调) instead. */
  readonly maxReturns: number;
  /** The longest extension one request may ask for. */
  readonly maxExtensionWorkingDays: number;
}

/**
 * *(default)* DOMAIN.md §3: urgent — sign within 2 hours, finish within 1 day; normal — sign within
 * 1 working day, finish within 5 working days; callback within 2 working days of the reply.
 * Returns: only before signing, at most 2 before the center coordinates.
 */
export const DEFAULT_HOTLINE_LIMITS: HotlineLimits = {
  urgent: { sign: { amount: 2, unit: 'hours' }, finish: { amount: 1, unit: 'days' } },
  normal: { sign: { amount: 1, unit: 'working_days' }, finish: { amount: 5, unit: 'working_days' } },
  callback: { amount: 2, unit: 'working_days' },
  maxReturns: 2,
  maxExtensionWorkingDays: 10,
};

export const TIME_LIMITS_SOURCE = { source: `DOMAIN.md §3; ${HOTLINE_OPINION}` } as const;

/**
 * The warning (黄灯) of a stage: for a limit in hours, when a quarter of the time is left; for a
 * limit in days or working days, from the start of the last day.
 */
export const STAGE_WARNING = { hoursShareLeft: 0.25 } as const;

/** 退单: only before signing, by the lead department, with its reason. */
export const RETURN_RULE = { beforeSigningOnly: true, source: 'DOMAIN.md §3' } as const;

/** 办结反馈 and 回访 texts are kept up to this length. */
export const MAX_TICKET_TEXT_LENGTH = 4000;

/** *(default)* Days back the duplicate check looks for similar tickets in the same district. */
export const DEFAULT_DUPLICATE_WINDOW_DAYS = 7;

/** *(default)* Similarity (0–1) from which two tickets' texts count as likely the same matter. */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.35;

/**
 * Who acts on a ticket. The center (hotline operators) registers, answers, dispatches, decides
 * extensions, calls back, merges, takes tickets over, closes, archives and publishes; the department handler (承办人)
 * of the dispatched department signs, returns, asks for an extension and replies; a supervisor may
 * also supervise and urge.
 */
export const TICKET_ROLES = {
  register: ['hotline_operator'],
  answer: ['hotline_operator'],
  dispatch: ['hotline_operator'],
  sign: ['department_handler'],
  return: ['department_handler'],
  requestExtension: ['department_handler'],
  decideExtension: ['hotline_operator'],
  reply: ['department_handler'],
  callBack: ['hotline_operator'],
  supervise: ['hotline_operator', 'supervisor'],
  merge: ['hotline_operator'],
  takeOver: ['hotline_operator'],
  close: ['hotline_operator'],
  archive: ['hotline_operator'],
  publish: ['hotline_operator'],
  classify: ['hotline_operator', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

/** The actor role of a citizen submitting on their own, without logging in. */
export const PUBLIC_ACTOR_ROLE = 'public';

/** 12345-YYYYMMDD-NNNN: human-readable, unique and never reused. */
export const TICKET_NUMBER = { pattern: /^12345-\d{8}-\d{4,}$/, example: '12345-20260518-0001' } as const;

export function ticketNumber(day: string, serial: number): string {
  return `12345-${day.replaceAll('-', '')}-${String(serial).padStart(4, '0')}`;
}

export const limitsFor = (limits: HotlineLimits, urgency: Urgency): UrgencyLimits => limits[urgency];
