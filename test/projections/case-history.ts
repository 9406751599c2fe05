import { AjvFormChecker } from '../../application/catalog/forms.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import { caseDecider, DEFAULT_WARNING_WORKING_DAYS, type CaseCommand, type CaseEvent, type CaseState, type ItemSnapshot } from '../../domain/cases/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import { WorkingCalendar } from '../../domain/shared/calendar.js';
import { isDomainError } from '../../domain/shared/errors.js';
import { loadCalendarData } from '../../infrastructure/calendar/chinese-days-calendar.js';
import { recorded } from './recorded.js';

const calendar = new WorkingCalendar(loadCalendarData([2025, 2026]));
const forms = new AjvFormChecker();

export const applicant: Actor = { id: 'u-wang', role: 'applicant' };
export const windowStaff: Actor = { id: 'u-zhao', role: 'window_staff', department: 'market-regulation' };
export const reviewer: Actor = { id: 'u-qian', role: 'reviewer', department: 'market-regulation' };
export const head: Actor = { id: 'u-zhou', role: 'department_head', department: 'market-regulation' };

/** A free item decided in three steps: no fee, no certificate, no delivery. */
export const item: ItemSnapshot = {
  code: 'XK00101000',
  name: '食品经营许可',
  version: 1,
  department: 'market-regulation',
  promisedLimitDays: 5,
  statutoryLimitDays: 20,
  handling: 'single',
  fee: { kind: 'free' },
  materials: [
    { name: '申请书', form: 'original', count: 1, required: true, standIns: [] },
    { name: '营业执照', form: 'copy', count: 1, required: true, standIns: [] },
  ],
  form: { type: 'object', properties: { shopName: { type: 'string' }, area: { type: 'number' } }, required: ['shopName'] },
  workflow: [
    { name: '受理', kind: 'accept' },
    { name: '审查', kind: 'review' },
    { name: '决定', kind: 'decide' },
  ],
  delivery: ['window'],
};

/** The same item with a fee per square metre, a certificate and its delivery. */
export const certifiedItem: ItemSnapshot = {
  ...item,
  fee: { kind: 'computed', unitCents: 100, field: 'area', capCents: 20_000 },
  form: { type: 'object', properties: { shopName: { type: 'string' }, area: { type: 'number' } }, required: ['shopName', 'area'] },
  workflow: [...item.workflow, { name: '发证', kind: 'certify' }, { name: '送达', kind: 'deliver' }],
  delivery: ['window', 'mail'],
};

export const file = (material: string, n = 1) => ({ material, digest: String(n).repeat(64), stored: { size: 2048, type: 'application/pdf' } });

/** One step of a case: the command, who sends it, and when (ISO instant). */
export type Step = readonly [CaseCommand, Actor, string];

export const submit = (caseId: string, overrides: Partial<Extract<CaseCommand, { type: 'SubmitCase' }>['data']> = {}): CaseCommand => ({
  type: 'SubmitCase',
  data: {
    caseId,
    caseNo: `SC-${caseId}`,
    channel: 'window',
    applicant: { kind: 'person', name: '王五', idNumber: '11010519491231002X' },
    formData: { shopName: '老北京面馆', area: 80 },
    materials: [file('申请书', 1), file('营业执照', 2)],
    item: { ...item, availability: 'open' },
    ...overrides,
  },
});
/** 网上预审: an online application (channel 'online') is pre-reviewed at the window before it may be accepted. */
export const preReview = (caseId: string, opinion = '网上材料齐全'): CaseCommand => ({ type: 'PreReviewCase', data: { caseId, opinion } });
export const accept = (caseId: string): CaseCommand => ({ type: 'AcceptCase', data: { caseId } });
/** The item's review step (审查环节): each review step needs an opinion before the decision. */
export const reviewStep = item.workflow.find((s) => s.kind === 'review')!.name;
export const review = (caseId: string, step = reviewStep, opinion = '材料齐全'): CaseCommand => ({ type: 'RecordReview', data: { caseId, step, opinion } });
export const grant = (caseId: string): CaseCommand => ({ type: 'DecideCase', data: { caseId, decision: 'granted' } });
export const deny = (caseId: string, reason: string): CaseCommand => ({ type: 'DecideCase', data: { caseId, decision: 'denied', reasons: [reason] } });
export const complete = (caseId: string): CaseCommand => ({ type: 'CompleteCase', data: { caseId } });

/**
 * Runs commands through the real case decider and records the events as the store would, so
 * projection tests see exactly what the domain writes.
 */
export function caseHistory(caseId: string, steps: readonly Step[], firstPosition = 1): RecordedEvent<CaseEvent['data']>[] {
  const out: RecordedEvent<CaseEvent['data']>[] = [];
  let state: CaseState = caseDecider.initialState;
  for (const [command, actor, at] of steps) {
    const ctx = { now: new Date(at), actor, newId: (p: string) => `${caseId}-${p}`, calendar, warningDays: DEFAULT_WARNING_WORKING_DAYS, forms };
    const events = caseDecider.decide(command, state, ctx);
    if (isDomainError(events)) throw new Error(`${command.type} refused: ${events.code}`);
    for (const event of events) {
      state = caseDecider.evolve(state, event);
      out.push(recorded(`case-${caseId}`, event, firstPosition + out.length, { actorId: actor.id, actorRole: actor.role, at }));
    }
  }
  return out;
}
