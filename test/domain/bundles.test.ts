import { describe, expect, it } from 'vitest';
import { bundleDecider, type BundleCommand, type BundleDecideContext, type BundleEvent, type SubmitBundle } from '../../domain/bundles/index.js';
import { JOINT_DECISION_LIMIT } from '../../domain/cases/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import { isDomainError } from '../../domain/shared/errors.js';
import { spec } from '../support/decider-spec.js';
import { applicant, beijing, calendar, VALID_CREDIT_CODE } from './case-fixtures.js';

/**
 * 并联审批: one application to several departments' items, a lead department, the joint limit of
 * 行政许可法 art. 42(2), and one delivery at the lead department's window.
 */
const process: Actor = { id: 'process:bundles', role: 'process' };
const marketWindow: Actor = { id: 'u-zhao', role: 'window_staff', department: 'market' };
const marketHead: Actor = { id: 'u-zhou', role: 'department_head', department: 'market' };
const housingHead: Actor = { id: 'u-wu', role: 'department_head', department: 'housing' };
const housingWindow: Actor = { id: 'u-zheng', role: 'window_staff', department: 'housing' };

const ctx: BundleDecideContext = { now: beijing('2026-09-22 09:00'), actor: applicant, newId: (p) => `id-${p}`, calendar, warningDays: 2 };
const given = (events: readonly BundleEvent[]) => spec(bundleDecider, ctx).given(events);

const item = (code: string, department: string, name = code) => ({
  code,
  name,
  version: 1,
  department,
  materials: ['申请书', `${name}材料`],
  delivery: ['window' as const],
  availability: 'open' as const,
});

const submission: SubmitBundle['data'] = {
  bundleId: 'b-1',
  bundleNo: 'LB20260922-00001',
  channel: 'online',
  applicant: { kind: 'enterprise', name: '某某餐饮有限公司', creditCode: VALID_CREDIT_CODE },
  items: [item('XK-FOOD', 'market', '食品经营许可'), item('XK-FIRE', 'housing', '消防验收')],
  leadDepartment: 'market',
  formData: { shopName: '老北京面馆' },
  materials: [{ material: '申请书', digest: 'a'.repeat(64) }],
};
const submit = (data: Partial<SubmitBundle['data']> = {}): BundleCommand => ({ type: 'SubmitBundle', data: { ...submission, ...data } });

/** The events of a command that must succeed. */
function decided(history: readonly BundleEvent[], command: BundleCommand, overrides: Partial<BundleDecideContext>): BundleEvent[] {
  const state = history.reduce(bundleDecider.evolve, bundleDecider.initialState);
  const events = bundleDecider.decide(command, state, { ...ctx, ...overrides });
  if (isDomainError(events)) expect.fail(`${events.code}: ${events.message.en}`);
  return [...events];
}

const record = (command: BundleCommand, at: string) => ({ command, overrides: { actor: process, now: beijing(at) } });

/** A bundle submitted on 22 September, its two sub-cases opened. */
function opened(): BundleEvent[] {
  let history = decided([], submit(), {});
  for (const [itemCode, caseId] of [['XK-FOOD', 'c-food'], ['XK-FIRE', 'c-fire']] as const) {
    const { command, overrides } = record({ type: 'RecordSubCaseOpened', data: { bundleId: 'b-1', itemCode, caseId, caseNo: `N-${caseId}`, at: '2026-09-22T01:00:00.000Z' } }, '2026-09-22 09:00');
    history = [...history, ...decided(history, command, overrides)];
  }
  return history;
}

/** Then a sub-case step, recorded as the process would. */
function then(history: BundleEvent[], command: BundleCommand): BundleEvent[] {
  return [...history, ...decided(history, command, { actor: process })];
}

const accepted = (caseId: string, at: string): BundleCommand => ({ type: 'RecordSubCaseAccepted', data: { bundleId: 'b-1', caseId, at } });
const decidedAs = (caseId: string, outcome: 'granted' | 'denied'): BundleCommand => ({ type: 'RecordSubCaseDecided', data: { bundleId: 'b-1', caseId, outcome, at: '2026-10-12T02:00:00.000Z' } });
const completed = (caseId: string): BundleCommand => ({ type: 'RecordSubCaseCompleted', data: { bundleId: 'b-1', caseId, at: '2026-10-13T02:00:00.000Z' } });

/** Both sub-cases accepted on Wednesday 30 September, the day before National Day. */
const running = () => then(then(opened(), accepted('c-food', '2026-09-30T02:00:00.000Z')), accepted('c-fire', '2026-10-09T02:00:00.000Z'));

describe('one application to several departments (一表申请)', () => {
  it('is taken with its items, its lead department and the applicant who filed it', () => {
    given([])
      .when(submit())
      .then([{ type: 'BundleSubmitted', data: { bundleId: 'b-1', bundleNo: 'LB20260922-00001', leadDepartment: 'market', applicantUserId: applicant.id, items: [{ code: 'XK-FOOD' }, { code: 'XK-FIRE' }] } }]);
  });

  it('needs at least two items', () => {
    given([]).when(submit({ items: [item('XK-FOOD', 'market')] })).thenError('bundle.too_few_items', 'invalid');
  });

  it('needs items of at least two departments: two items of one department are applied for separately', () => {
    given([]).when(submit({ items: [item('XK-FOOD', 'market'), item('XK-DRUG', 'market')] })).thenError('bundle.one_department', 'invalid');
  });

  it('names a lead department that is one of the items’ departments', () => {
    given([]).when(submit({ leadDepartment: 'health' })).thenError('bundle.lead_not_among', 'invalid');
  });

  it('takes only published items', () => {
    const draft = { ...item('XK-FIRE', 'housing'), availability: 'not_published' as const };
    given([]).when(submit({ items: [item('XK-FOOD', 'market'), draft] })).thenError('bundle.item_not_published', 'conflict');
  });

  it('lists each item once', () => {
    given([]).when(submit({ items: [item('XK-FOOD', 'market'), item('XK-FOOD', 'market'), item('XK-FIRE', 'housing')] })).thenError('bundle.duplicate_item', 'invalid');
  });

  it('takes files only for materials one of its items asks for', () => {
    given([]).when(submit({ materials: [{ material: '身份证', digest: 'b'.repeat(64) }] })).thenError('bundle.unknown_material', 'invalid');
  });

  it('is filed by the applicant or at a window, not by a reviewer', () => {
    given([]).when(submit(), { actor: { id: 'u-r', role: 'reviewer', department: 'market' } }).thenError('bundle.role_not_allowed', 'forbidden');
  });
});

describe('the joint limit (行政许可法第四十二条第二款)', () => {
  it('is 45 working days from the first acceptance: accepted 30 September, over National Day, due 8 December', () => {
    expect(JOINT_DECISION_LIMIT.workingDays).toBe(45);
    given(opened())
      .when(accepted('c-food', '2026-09-30T02:00:00.000Z'), { actor: process })
      .then([
        { type: 'SubCaseAccepted', data: { itemCode: 'XK-FOOD', caseId: 'c-food' } },
        { type: 'BundleAccepted', data: { startDate: '2026-09-30', limitDays: 45, dueDate: '2026-12-08', warningDate: '2026-12-04', legalBasis: '行政许可法 第四十二条第二款' } },
      ]);
  });

  it('does not start again when the second sub-case is accepted', () => {
    const first = then(opened(), accepted('c-food', '2026-09-30T02:00:00.000Z'));
    given(first)
      .when(accepted('c-fire', '2026-10-09T02:00:00.000Z'), { actor: process })
      .then([{ type: 'SubCaseAccepted', data: { caseId: 'c-fire' } }]);
  });

  it('the lead department’s head extends it once by 15 working days, with a reason: due 29 December', () => {
    given(running())
      .when({ type: 'ExtendBundleLimit', data: { bundleId: 'b-1', reason: '需联合现场踏勘' } }, { actor: marketHead, now: beijing('2026-11-02 10:00') })
      .then([{ type: 'BundleTimeLimitExtended', data: { days: 15, dueDate: '2026-12-29', reason: '需联合现场踏勘' } }]);
  });

  it('a second extension is refused', () => {
    const extended = [...running(), ...decided(running(), { type: 'ExtendBundleLimit', data: { bundleId: 'b-1', reason: '需联合现场踏勘' } }, { actor: marketHead })];
    given(extended).when({ type: 'ExtendBundleLimit', data: { bundleId: 'b-1', reason: '再次延长' } }, { actor: marketHead }).thenError('bundle.already_extended', 'conflict');
  });

  it('only the lead department’s head extends it, and only with a reason', () => {
    given(running()).when({ type: 'ExtendBundleLimit', data: { bundleId: 'b-1', reason: '情况复杂' } }, { actor: housingHead }).thenError('bundle.not_lead_department', 'forbidden');
    given(running()).when({ type: 'ExtendBundleLimit', data: { bundleId: 'b-1', reason: '情况复杂' } }, { actor: marketWindow }).thenError('bundle.role_not_allowed', 'forbidden');
    given(running()).when({ type: 'ExtendBundleLimit', data: { bundleId: 'b-1', reason: ' ' } }, { actor: marketHead }).thenError('bundle.reason_required', 'invalid');
  });

  it('cannot be extended before any acceptance, nor after it has run out', () => {
    given(opened()).when({ type: 'ExtendBundleLimit', data: { bundleId: 'b-1', reason: '情况复杂' } }, { actor: marketHead }).thenError('bundle.not_accepted', 'conflict');
    given(running()).when({ type: 'ExtendBundleLimit', data: { bundleId: 'b-1', reason: '情况复杂' } }, { actor: marketHead, now: beijing('2026-12-09 09:00') }).thenError('bundle.limit_already_passed', 'conflict');
  });
});

describe('sub-cases run in parallel; the bundle completes when all have ended', () => {
  it('is not complete while one sub-case is still open', () => {
    const oneDone = then(then(running(), decidedAs('c-food', 'granted')), completed('c-food'));
    expect(oneDone.map((e) => e.type)).not.toContain('BundleCompleted');
  });

  it('completes with the last sub-case, with the outcome per item: a denied item is recorded and the bundle still completes', () => {
    const history = then(then(then(running(), decidedAs('c-food', 'granted')), completed('c-food')), decidedAs('c-fire', 'denied'));
    given(history)
      .when(completed('c-fire'), { actor: process })
      .then([
        { type: 'SubCaseCompleted', data: { caseId: 'c-fire', outcome: 'denied' } },
        { type: 'BundleCompleted', data: { outcomes: [{ itemCode: 'XK-FOOD', caseId: 'c-food', outcome: 'granted' }, { itemCode: 'XK-FIRE', caseId: 'c-fire', outcome: 'denied' }] } },
      ]);
  });

  it('a sub-case refused at its window, or never opened, ends its item too', () => {
    const history = then(then(running(), decidedAs('c-food', 'granted')), completed('c-food'));
    given(history)
      .when({ type: 'RecordSubCaseClosed', data: { bundleId: 'b-1', caseId: 'c-fire', outcome: 'withdrawn', at: '2026-10-14T02:00:00.000Z' } }, { actor: process })
      .then([{ type: 'SubCaseClosed', data: { outcome: 'withdrawn' } }, { type: 'BundleCompleted', data: { outcomes: [{ outcome: 'granted' }, { outcome: 'withdrawn' }] } }]);
  });

  it('a report the bundle already holds records nothing again (a replay)', () => {
    given(running()).when(accepted('c-food', '2026-09-30T02:00:00.000Z'), { actor: process }).then([]);
    given(opened())
      .when({ type: 'RecordSubCaseOpened', data: { bundleId: 'b-1', itemCode: 'XK-FOOD', caseId: 'c-food', caseNo: 'N-c-food', at: '2026-09-22T01:00:00.000Z' } }, { actor: process })
      .then([]);
  });

  it('only the process records progress; a case of another bundle is not this bundle’s', () => {
    given(opened()).when(accepted('c-food', '2026-09-30T02:00:00.000Z'), { actor: marketWindow }).thenError('bundle.process_only', 'forbidden');
    given(opened()).when(accepted('c-other', '2026-09-30T02:00:00.000Z'), { actor: process }).thenError('bundle.unknown_sub_case', 'not_found');
  });
});

describe('one delivery at the lead department’s window (统一出件)', () => {
  const complete = () => then(then(then(then(running(), decidedAs('c-food', 'granted')), completed('c-food')), decidedAs('c-fire', 'granted')), completed('c-fire'));

  it('is refused before every sub-case is complete, naming those still open', () => {
    const error = given(then(then(running(), decidedAs('c-food', 'granted')), completed('c-food')))
      .when({ type: 'DeliverBundle', data: { bundleId: 'b-1' } }, { actor: marketWindow })
      .thenError('bundle.not_complete', 'conflict');
    expect(error.details).toEqual({ waiting: ['XK-FIRE'] });
  });

  it('the lead department’s window delivers a complete bundle, once', () => {
    const delivered = given(complete())
      .when({ type: 'DeliverBundle', data: { bundleId: 'b-1' } }, { actor: marketWindow })
      .then([{ type: 'BundleDelivered', data: { bundleId: 'b-1', department: 'market' } }]);
    given([...complete(), ...delivered]).when({ type: 'DeliverBundle', data: { bundleId: 'b-1' } }, { actor: marketWindow }).thenError('bundle.already_delivered', 'conflict');
  });

  it('another department’s window cannot deliver it', () => {
    given(complete()).when({ type: 'DeliverBundle', data: { bundleId: 'b-1' } }, { actor: housingWindow }).thenError('bundle.not_lead_department', 'forbidden');
  });
});
