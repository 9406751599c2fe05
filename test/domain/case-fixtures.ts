import { AjvFormChecker } from '../../application/catalog/forms.js';
import { caseDecider, DEFAULT_WARNING_WORKING_DAYS, type CaseCommand, type CaseDecideContext, type CaseEvent, type ItemSnapshot, type SubmitCase } from '../../domain/cases/index.js';
import { WorkingCalendar } from '../../domain/shared/calendar.js';
import type { Actor } from '../../domain/shared/decider.js';
import { isDomainError } from '../../domain/shared/errors.js';
import { creditCodeCheckCharacter } from '../../domain/shared/identity-numbers.js';
import { loadCalendarData } from '../../infrastructure/calendar/chinese-days-calendar.js';

/** The real 2025–2026 schedules (National Day 1–7 October 2026, make-up Saturday 10 October). */
export const calendar = new WorkingCalendar(loadCalendarData([2025, 2026]));
export const forms = new AjvFormChecker();

export const applicant: Actor = { id: 'u-wang', role: 'applicant' };
export const otherApplicant: Actor = { id: 'u-li', role: 'applicant' };
export const windowStaff: Actor = { id: 'u-zhao', role: 'window_staff', department: 'market-regulation' };
export const reviewer: Actor = { id: 'u-qian', role: 'reviewer', department: 'market-regulation' };
export const head: Actor = { id: 'u-zhou', role: 'department_head', department: 'market-regulation' };
export const otherReviewer: Actor = { id: 'u-sun', role: 'reviewer', department: 'housing' };

export const creditCode = (first17: string) => first17 + creditCodeCheckCharacter(first17);
export const VALID_CREDIT_CODE = creditCode('91110108MA01XXXX0');
export const VALID_ID_NUMBER = '11010519491231002X';

/** 食品经营许可 as version 1 says: 5 working days promised, a fee per square metre, certificate and delivery steps. */
export const item: ItemSnapshot = {
  code: 'XK00101000',
  name: '食品经营许可',
  version: 1,
  department: 'market-regulation',
  promisedLimitDays: 5,
  statutoryLimitDays: 20,
  handling: 'single',
  fee: { kind: 'computed', unitCents: 100, field: 'area', capCents: 20_000, unit: '平方米' },
  materials: [
    { name: '申请书', form: 'original', count: 1, required: true, standIns: [] },
    { name: '营业执照', form: 'copy', count: 1, required: true, standIns: ['XK00100001'] },
    { name: '授权委托书', form: 'original', count: 1, required: false, condition: '委托他人代为办理的', standIns: [] },
  ],
  form: {
    type: 'object',
    properties: { shopName: { type: 'string', minLength: 1 }, area: { type: 'number', minimum: 1 } },
    required: ['shopName', 'area'],
  },
  workflow: [
    { name: '受理', kind: 'accept' },
    { name: '材料审查', kind: 'review' },
    { name: '决定', kind: 'decide' },
    { name: '发证', kind: 'certify' },
    { name: '送达', kind: 'deliver' },
  ],
  delivery: ['window', 'mail'],
};

const digest = (n: number) => String(n).repeat(64).slice(0, 64);
/** A file the material store holds. */
export const file = (material: string, n = 1) => ({ material, digest: digest(n), stored: { size: 1024, type: 'application/pdf' } });

export const submit: SubmitCase['data'] = {
  caseId: 'c-1',
  caseNo: '20260929-00001',
  channel: 'online',
  applicant: { kind: 'enterprise', name: '某某餐饮有限公司', creditCode: VALID_CREDIT_CODE },
  formData: { shopName: '老北京面馆', area: 80 },
  materials: [file('申请书', 1), file('营业执照', 2)],
  deliveryMethod: 'mail',
  item: { ...item, availability: 'open' },
};

/** 10:00 Beijing time on Wednesday 30 September 2026, the day before the National Day holiday. */
export const beforeNationalDay = new Date('2026-09-30T02:00:00Z');

export const ctx: CaseDecideContext = {
  now: beforeNationalDay,
  actor: applicant,
  newId: (p) => `id-${p}`,
  calendar,
  warningDays: DEFAULT_WARNING_WORKING_DAYS,
  forms,
};

/** Beijing time 'YYYY-MM-DD HH:MM' as an instant. */
export const beijing = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

/**
 * The events a history of commands decides, each by its actor at its Beijing time: the `given` of
 * tests whose rule needs a case some way along.
 */
export function history(
  steps: readonly (readonly [CaseCommand, Actor, string])[],
  overrides: Partial<CaseDecideContext> = {},
  before: readonly CaseEvent[] = [],
): CaseEvent[] {
  const events: CaseEvent[] = [...before];
  for (const [command, actor, at] of steps) {
    const decision = caseDecider.decide(command, events.reduce(caseDecider.evolve, caseDecider.initialState), { ...ctx, ...overrides, actor, now: beijing(at) });
    if (isDomainError(decision)) throw new Error(`${command.type} refused: ${decision.code} ${decision.message.en}`);
    events.push(...decision);
  }
  return events;
}

/** Submitted online on Tuesday 29 September 2026 at 09:00 with the application form and materials. */
export const submitted = (data: Partial<SubmitCase['data']> = {}): readonly [CaseCommand, Actor, string] => [{ type: 'SubmitCase', data: { ...submit, ...data } }, applicant, '2026-09-29 09:00'];
/** The window's 网上预审 of the online application, the afternoon it came in: its materials are complete and in the legal form. */
export const preReviewed = (at = '2026-09-29 15:00'): readonly [CaseCommand, Actor, string] => [{ type: 'PreReviewCase', data: { caseId: 'c-1', opinion: '材料齐全，符合法定形式' } }, windowStaff, at];
/** 受理 by the window; an online application is pre-reviewed first. */
export const accepted = (at = '2026-09-30 10:00'): readonly [CaseCommand, Actor, string] => [{ type: 'AcceptCase', data: { caseId: 'c-1' } }, windowStaff, at];
/** The item's review step (审查环节): every review step needs its opinion before the decision. */
export const itemReviewStep = item.workflow.find((s) => s.kind === 'review')!.name;
/** The reviewer records an opinion at a review step of the item (by default its one review step, 材料审查). */
export const reviewed = (at: string, step = itemReviewStep): readonly [CaseCommand, Actor, string] => [{ type: 'RecordReview', data: { caseId: 'c-1', step, opinion: '材料齐全，符合法定条件' } }, reviewer, at];
export const granted = (at: string): readonly [CaseCommand, Actor, string] => [{ type: 'DecideCase', data: { caseId: 'c-1', decision: 'granted' } }, reviewer, at];
