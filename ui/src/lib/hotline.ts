import { api } from './api';
import type { Department, Role, User } from './types';
import { hasAnyRole } from './session.svelte';

/** The 12345 hotline as the UI sees it (contract: /tmp/hotline-contract.md, DOMAIN.md §3). */

// The vocabulary is the domain's own (domain/hotline/rules.ts imports nothing at run time).
export {
  CALLBACK_RESULTS,
  SUPERVISION_KINDS,
  TICKET_CHANNELS,
  TICKET_STATUSES,
  TICKET_TYPES,
  URGENCIES,
} from '../../../domain/hotline/rules';
export type { CallbackResult, Stage, SupervisionKind, TicketChannel, TicketStatus, TicketType, Urgency } from '../../../domain/hotline/rules';
import type { CallbackResult, Stage, TicketChannel, TicketStatus, TicketType, Urgency } from '../../../domain/hotline/rules';
import type { StageDeadline } from '../../../domain/hotline/events';

export interface Caller {
  name?: string;
  phone?: string;
}

/** A stage's clock as the API shows it: with the light at the server's now. */
export type StageView = StageDeadline & { doneAt?: string; onTime?: boolean; light?: 'green' | 'yellow' | 'red' | 'done' | 'done_late' };

/** A row of GET /api/hotline/tickets (caller masked by the API). */
export interface TicketSummary {
  id: string;
  number: string;
  type: TicketType;
  channel: TicketChannel;
  urgency: Urgency;
  status: TicketStatus;
  title?: string;
  content?: string;
  /** The first words of the request (lists). */
  excerpt?: string;
  caller?: Caller;
  categoryCode?: string;
  categoryName?: string;
  districtCode?: string;
  districtName?: string;
  department?: string | null;
  departmentName?: string | null;
  coHandlers?: string[];
  /** Departments that have signed for it this round (the lead among them once it has). */
  signedBy?: string[];
  registeredAt?: string;
  /** The clocks of the current round (签收, 办结, 回访), as the domain records them. */
  sign?: StageView | null;
  finish?: StageView | null;
  callback?: StageView | null;
  signDueAt?: string | null;
  finishDueAt?: string | null;
  callbackDueAt?: string | null;
  signedAt?: string | null;
  repliedAt?: string | null;
  returns?: number;
  needsCoordination?: boolean;
  extensionRequested?: boolean;
  overdue?: boolean;
  callbackResult?: CallbackResult | null;
  /** 是否解决 at the latest callback; null when not asked (callbacks recorded before the question). */
  callbackResolved?: boolean | null;
  round?: number;
  updatedAt?: string;
}

export interface TicketAnswer {
  answer: string;
  articleId?: string;
  articleVersion?: number;
  articleTitle?: string;
  answeredAt?: string;
}

/** A duplicate merged into this ticket: its caller hears this ticket's outcome too. */
export interface MergedEntry {
  id: string;
  number: string;
  channel: TicketChannel;
  caller: Caller;
  /** Cut after the street for those who do not see the caller. */
  address?: string;
  at: string;
}

/** What became of a merged ticket's matter: the master's status and reply. */
export interface TicketOutcome {
  id: string;
  number: string;
  status: TicketStatus;
  reply?: { content: string; at: string };
  answer?: { content: string; at: string };
  closedAt?: string;
}

export interface TicketDetail extends TicketSummary {
  /** The server's clock when it answered (ISO). */
  now?: string;
  /** Cut after the street for those who do not see the caller. */
  address?: string;
  /** The exact point for those who see the caller; rounded (about 100 m) for the others. */
  location?: { lat: number; long: number };
  answer?: TicketAnswer | null;
  reply?: { content: string; at?: string; repliedAt?: string } | null;
  returnLog?: { reason: string; at: string; department: string }[];
  extension?: { workingDays: number; reason: string; requestedAt?: string; status?: 'pending' | 'approved' | 'refused' } | null;
  supervision?: { kind: 'supervise' | 'urge'; note: string; at: string }[];
  mergedInto?: string | null;
  mergedIntoNumber?: string | null;
  merged?: MergedEntry[];
  outcome?: TicketOutcome;
  published?: boolean | { title: string; content: string; reply: string; at?: string } | null;
  allowedActions?: string[];
}

export interface TicketPage {
  items: TicketSummary[];
  next?: string;
  total?: number;
}

/** GET /api/hotline/duplicates: application/hotline/matching.ts DuplicateCandidate. */
export interface DuplicateCandidate {
  id: string;
  number: string;
  /** 0–1. */
  score: number;
  reason: 'same_caller' | 'similar_text';
  status: TicketStatus;
  registeredAt?: string;
  category?: string;
  district?: string;
  excerpt?: string;
}

export interface DispatchSuggestion {
  department: string;
  departmentName?: string;
  count: number;
}

export interface RegisterResult {
  id: string;
  number: string;
  suggestion: DispatchSuggestion | null;
  duplicates: DuplicateCandidate[];
}

export interface KnowledgeHit {
  id: string;
  version: number;
  kind: 'faq' | 'policy' | 'service_guide' | string;
  title: string;
  snippet: string;
  score: number;
}

export interface KnowledgeArticle {
  id: string;
  version: number;
  kind: string;
  title: string;
  body: string;
}

export interface HistoryEntry {
  at: string;
  type: string;
  summary?: { zh: string; en: string } | string;
  actorRole?: string;
  by?: { role?: string; department?: string };
  data?: Record<string, unknown>;
}

/** A node of the category tree, flattened for the picker. */
export interface CategoryOption {
  code: string;
  name: string;
  path: string;
  depth: number;
  leaf: boolean;
}

export interface District {
  code: string;
  name: string;
}

/** The API answers lists either bare or as `{ items }`. */
export function itemsOf<T>(value: T[] | { items?: T[] } | null | undefined): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : (value.items ?? []);
}

interface RawCategory {
  code: string;
  name: string;
  parent?: string | null;
  parentCode?: string | null;
  children?: RawCategory[];
}

/** The category tree (nested `children`, or flat with `parent`) as picker rows in tree order. */
export function flattenCategories(raw: RawCategory[]): CategoryOption[] {
  const nested = raw.some((c) => Array.isArray(c.children) && c.children.length > 0);
  const out: CategoryOption[] = [];
  if (nested) {
    const walk = (nodes: RawCategory[], depth: number, prefix: string) => {
      for (const n of nodes) {
        const path = prefix ? `${prefix} / ${n.name}` : n.name;
        const children = n.children ?? [];
        out.push({ code: n.code, name: n.name, path, depth, leaf: children.length === 0 });
        walk(children, depth + 1, path);
      }
    };
    walk(raw, 0, '');
    return out;
  }
  const parentOf = (c: RawCategory) => c.parent ?? c.parentCode ?? null;
  const byParent = new Map<string | null, RawCategory[]>();
  const codes = new Set(raw.map((c) => c.code));
  for (const c of raw) {
    const p = parentOf(c);
    const key = p && codes.has(p) ? p : null;
    byParent.set(key, [...(byParent.get(key) ?? []), c]);
  }
  const walk = (parent: string | null, depth: number, prefix: string) => {
    for (const n of [...(byParent.get(parent) ?? [])].sort((a, b) => a.code.localeCompare(b.code))) {
      const path = prefix ? `${prefix} / ${n.name}` : n.name;
      out.push({ code: n.code, name: n.name, path, depth, leaf: !byParent.has(n.code) });
      walk(n.code, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return out;
}

/** Categories and districts: managed data, the same for every page; fetched once. */
let classification: Promise<{ categories: CategoryOption[]; districts: District[] }> | null = null;
export function loadClassification(): Promise<{ categories: CategoryOption[]; districts: District[] }> {
  classification ??= Promise.all([
    api<RawCategory[] | { items: RawCategory[] }>('/hotline/categories'),
    api<District[] | { items: District[] }>('/hotline/districts'),
  ])
    .then(([c, d]) => ({ categories: flattenCategories(itemsOf(c)), districts: itemsOf(d) }))
    .catch((e) => {
      classification = null;
      throw e;
    });
  return classification;
}

let departments: Promise<Department[]> | null = null;
export function loadDepartments(): Promise<Department[]> {
  departments ??= api<{ items: Department[] }>('/departments')
    .then((r) => itemsOf(r))
    .catch((e) => {
      departments = null;
      throw e;
    });
  return departments;
}

/** Roles of the 12345 center (话务员 and the center's supervision). */
export const CENTER_ROLES: readonly Role[] = ['hotline_operator', 'supervisor', 'leader', 'admin'];

export function isOperator(user: User | null): boolean {
  return hasAnyRole(user, ['hotline_operator']);
}

export function isHandlerOf(user: User | null, ticket: TicketSummary): boolean {
  if (!user?.department || !hasAnyRole(user, ['department_handler'])) return false;
  return ticket.department === user.department || (ticket.coHandlers ?? []).includes(user.department);
}

export function isLeadHandler(user: User | null, ticket: TicketSummary): boolean {
  return !!user?.department && hasAnyRole(user, ['department_handler']) && ticket.department === user.department;
}

/** Whether this department has signed for the ticket in the current round. */
export function hasSigned(ticket: TicketSummary, department: string | null | undefined): boolean {
  return !!department && (ticket.signedBy ?? []).includes(department);
}

/** The API masks callers (王*, 139****5678) for those who do not handle the call. */
export function isMaskedCaller(caller: Caller | null | undefined): boolean {
  return !!caller && [caller.name, caller.phone].some((v) => !!v && v.includes('*'));
}

/** Who called, as one line. */
export function callerText(caller: Caller | null | undefined): string {
  return [caller?.name, caller?.phone].filter(Boolean).join(' ');
}

const OPEN: readonly TicketStatus[] = ['registered', 'dispatched', 'signed', 'replied'];

export function isOpen(ticket: TicketSummary): boolean {
  return OPEN.includes(ticket.status);
}

/** Steps on the ticket page: the API's `allowedActions` when it sends them, else by status and role. */
export function ticketActions(user: User | null, t: TicketDetail): Set<string> {
  if (Array.isArray(t.allowedActions)) return new Set(t.allowedActions);
  const a = new Set<string>();
  const op = isOperator(user);
  if (op) {
    if (t.status === 'registered') a.add('answer').add('dispatch').add('merge');
    if (t.status === 'dispatched' || t.status === 'signed') a.add('merge');
    if (t.status === 'signed' && t.extensionRequested) a.add('decide-extension');
    if (t.status === 'replied') a.add('callback');
    if (t.status === 'answered' || (t.status === 'replied' && t.callbackResult && t.callbackResult !== 'unsatisfied')) a.add('close');
    if (t.status === 'closed') a.add('archive');
    if ((t.status === 'closed' || t.status === 'archived') && !t.published) a.add('publish');
  }
  if ((op || hasAnyRole(user, ['supervisor'])) && isOpen(t)) a.add('supervise');
  if (isHandlerOf(user, t)) {
    // Lead and co-handlers each sign once; a co-handler may sign after the lead.
    if ((t.status === 'dispatched' || t.status === 'signed') && !(t.signedBy ?? []).includes(user!.department!)) a.add('sign');
    if (t.status === 'dispatched' && isLeadHandler(user, t)) a.add('return');
    if (t.status === 'signed' && isLeadHandler(user, t)) {
      a.add('reply');
      if (!t.extensionRequested) a.add('request-extension');
    }
  }
  return a;
}

export type DeadlineLight = 'green' | 'yellow' | 'red';

export interface CurrentDeadline {
  stage: Stage;
  dueAt: string;
  warningAt?: string;
  /** The stage is done (signed, replied, called back), and whether in time. */
  doneAt?: string;
  onTime?: boolean;
  /** The server's light at its own now (the browser's clock may differ from the domain clock). */
  light?: StageView['light'];
}

/** A stage's clock, from whichever shape the read model gives it. */
export function stageDeadline(t: TicketSummary, stage: Stage): CurrentDeadline | null {
  const d = t[stage];
  if (d && typeof d === 'object' && d.dueAt) {
    const onTime = d.onTime ?? (d.light === 'done' ? true : d.light === 'done_late' ? false : undefined);
    return { stage, dueAt: d.dueAt, warningAt: d.warningAt, doneAt: d.doneAt, onTime, light: d.light };
  }
  const flat = t[`${stage}DueAt` as const];
  return flat ? { stage, dueAt: flat } : null;
}

/** The deadline that matters now: signing while dispatched, finishing while signed, callback once replied. */
export function currentDeadline(t: TicketSummary): CurrentDeadline | null {
  // Co-handlers may sign before the lead: the sign clock runs until the lead has signed.
  if (t.status === 'dispatched') return stageDeadline(t, 'sign');
  if (t.status === 'signed') return stageDeadline(t, 'finish');
  if (t.status === 'replied') return stageDeadline(t, 'callback');
  return null;
}

/** Red once past due, yellow from the warning time (黄灯; else the last four hours), green before. */
export function deadlineLight(d: CurrentDeadline, now: number, overdue?: boolean): DeadlineLight {
  if (d.light === 'green' || d.light === 'yellow' || d.light === 'red') return d.light;
  const due = Date.parse(d.dueAt);
  if (overdue || now >= due) return 'red';
  const warn = d.warningAt ? Date.parse(d.warningAt) : due - 4 * 3_600_000;
  return now >= warn ? 'yellow' : 'green';
}

/** `2天3小时` / `45分钟` / `超时 1小时20分钟`: what is left, in words a desk officer reads at a glance. */
export function countdown(dueAt: string, now: number, en = false): string {
  let ms = Date.parse(dueAt) - now;
  const late = ms < 0;
  ms = Math.abs(ms);
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = en
    ? [days ? `${days}d` : '', hours ? `${hours}h` : '', !days && mins ? `${mins}m` : ''].filter(Boolean)
    : [days ? `${days}天` : '', hours ? `${hours}小时` : '', !days && mins ? `${mins}分钟` : ''].filter(Boolean);
  const text = parts.join(en ? ' ' : '') || (en ? '<1m' : '不到1分钟');
  if (late) return en ? `overdue ${text}` : `超时 ${text}`;
  return en ? `${text} left` : `剩余 ${text}`;
}

/** Debounces a function: calls it once, `ms` after the last call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  call.cancel = () => clearTimeout(timer);
  return call;
}

export function ticketHref(id: string): string {
  return `/hotline/tickets/${encodeURIComponent(id)}`;
}

/** A similarity score 0..1 (or 0..100) as a percentage. */
export function scorePercent(score: number): string {
  const p = score <= 1 ? score * 100 : score;
  return `${Math.round(p)}%`;
}

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A ticket from the API in the one shape the pages use. The read model is application/hotline/
 * ticket-doc.ts (stages, answer.article, lastCallback, mergedInto {ticketId, number}, steps);
 * flat variants are accepted too.
 */
export function normalizeTicket(raw: Raw): TicketDetail {
  const handling: Raw = raw.handling ?? {};
  const stages: Raw = raw.stages ?? {};
  const category: Raw | undefined = typeof raw.category === 'object' && raw.category ? raw.category : undefined;
  const district: Raw | undefined = typeof raw.district === 'object' && raw.district ? raw.district : undefined;
  const extension: Raw | null = raw.extension ?? handling.extensionRequest ?? null;
  const article: Raw | undefined = raw.answer?.article ?? raw.article;
  const answerText: string | undefined = typeof raw.answer === 'string' ? raw.answer : (raw.answer?.content ?? raw.answer?.answer);
  const replyContent: string | undefined = typeof raw.reply === 'string' ? raw.reply : raw.reply?.content;
  const merged: Raw | string | undefined = raw.mergedInto ?? raw.into;
  const stage = (name: Stage) => {
    const d = stages[name] ?? handling[name] ?? (name === 'callback' ? raw.callbackClock : raw[name]);
    return d && typeof d === 'object' && d.dueAt ? (d as StageDeadline & { doneAt?: string }) : null;
  };
  return {
    ...(raw as TicketDetail),
    id: raw.id ?? raw.ticketId,
    content: raw.content ?? raw.excerpt,
    categoryCode: raw.categoryCode ?? category?.code,
    categoryName: raw.categoryName ?? (Array.isArray(category?.pathNames) ? category.pathNames.join(' / ') : category?.name),
    districtCode: raw.districtCode ?? district?.code,
    districtName: raw.districtName ?? district?.name,
    department: raw.department ?? handling.department ?? null,
    coHandlers: raw.coHandlers ?? handling.coHandlers ?? [],
    sign: stage('sign'),
    finish: stage('finish'),
    callback: stage('callback'),
    published: raw.publication ?? raw.published ?? null,
    extensionRequested: raw.extensionPending ?? raw.extensionRequested ?? (!!extension && (extension.status === undefined || extension.status === 'pending')),
    extension: extension ? { workingDays: extension.workingDays, reason: extension.reason, requestedAt: extension.requestedAt, status: extension.status } : null,
    answer:
      answerText !== undefined || article
        ? {
            answer: answerText ?? '',
            ...(article ? { articleId: article.id, articleVersion: article.version, articleTitle: article.title } : {}),
            answeredAt: raw.answer?.at ?? raw.answer?.answeredAt ?? raw.answeredAt,
          }
        : null,
    reply: replyContent !== undefined ? { content: replyContent, at: raw.reply?.at ?? raw.repliedAt } : null,
    mergedInto: typeof merged === 'string' ? merged : (merged?.id ?? merged?.ticketId ?? null),
    mergedIntoNumber: raw.mergedIntoNumber ?? raw.intoNumber ?? (typeof merged === 'object' ? merged?.number : null) ?? null,
    callbackResult: raw.callbackResult ?? raw.lastCallback?.result ?? (typeof raw.callback === 'string' ? raw.callback : null),
    callbackResolved: raw.lastCallback?.resolved ?? null,
  };
}

/**
 * GET /api/hotline/measures and /api/hotline/hot-topics, as application/hotline-measures/measures.queries.ts
 * answers them (restated: that module carries Nest decorators the UI's compiler does not take).
 */
export interface Measures {
  registered: number;
  answeredDirectly: number;
  dispatched: number;
  responseBase: number;
  respondedOnTime: number;
  responseRate: number | null;
  /** Tickets whose latest callback answered 是否解决. */
  resolutionBase: number;
  /** Of those, the caller said solved. */
  resolved: number;
  resolutionRate: number | null;
  /** Dispatched tickets whose finish clock has ended (按期办结率's base). */
  finishBase: number;
  finishedOnTime: number;
  finishRate: number | null;
  calledBack: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  satisfactionRate: number | null;
  returns: number;
  extensions: number;
  redone: number;
  supervisions: number;
  repeatCallerTickets: number;
}

export interface HotlineMeasures {
  from: string;
  to: string;
  by: 'department' | 'category' | 'month';
  department?: string;
  total: Measures;
  rows: (Measures & { key: string; name: string })[];
  repeatCallers: { callers: number; tickets: number; mostCalls: number };
  definitions: Record<'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'finishRate', { zh: string; en: string }>;
}

export interface Trend {
  count: number;
  previous: number;
  change: number;
  changeRate: number | null;
}

export interface HotTopics {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  department?: string;
  total: Trend;
  topCategories: (Trend & { code: string; name: string })[];
  categories: (Trend & { code: string; name: string; topCode: string; topName: string })[];
  districts: (Trend & { code: string; name: string })[];
  spots: (Trend & { categoryCode: string; categoryName: string; districtCode: string; districtName: string })[];
}
