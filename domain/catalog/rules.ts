import type { Role } from '../identity/roles.js';
import type { Bilingual } from '../shared/messages.js';

/** The nine kinds of service item (事项类型) of the national basic directory. */
export const ITEM_TYPES = {
  license: { code: 'XK', label: { zh: '行政许可', en: 'Administrative license' } },
  confirmation: { code: 'QR', label: { zh: '行政确认', en: 'Administrative confirmation' } },
  benefit: { code: 'JF', label: { zh: '行政给付', en: 'Administrative benefit' } },
  levy: { code: 'ZS', label: { zh: '行政征收', en: 'Administrative levy' } },
  adjudication: { code: 'CJ', label: { zh: '行政裁决', en: 'Administrative adjudication' } },
  reward: { code: 'JL', label: { zh: '行政奖励', en: 'Administrative reward' } },
  'other-power': { code: 'QT', label: { zh: '其他行政权力', en: 'Other administrative power' } },
  'public-service': { code: 'GG', label: { zh: '公共服务', en: 'Public service' } },
  'convenience-service': { code: 'BM', label: { zh: '便民服务', en: 'Convenience service' } },
} as const satisfies Record<string, { code: string; label: Bilingual }>;

export type ItemType = keyof typeof ITEM_TYPES;

export function isItemType(value: unknown): value is ItemType {
  return typeof value === 'string' && Object.hasOwn(ITEM_TYPES, value);
}

/**
 * 事项编码: two letters for the type, five digits for the main item (主项), three for the sub-item
 * (子项, 000 when there is none), e.g. XK00101000 — the basic-code layout of the provincial
 * standards built on GB/T 39554.1 (e.g. DB52/T 1264-2018). The letters must match the type.
 */
export const ITEM_CODE = /^([A-Z]{2})(\d{5})(\d{3})$/;

export function codeMatchesType(code: string, type: ItemType): boolean {
  return ITEM_CODE.exec(code)?.[1] === ITEM_TYPES[type].code;
}

/** *(seed: 审核入库后方可运行)* Items are reviewed by the legal office (法制办) before they run. */
export const LEGAL_REVIEWER_ROLES: readonly Role[] = ['legal_office'];

export const mayReviewItems = (role: string) => (LEGAL_REVIEWER_ROLES as readonly string[]).includes(role);

/** 承诺时限 ≤ 法定时限: a center may promise to be faster than the law, never slower. */
export function promisedWithinStatutory(promisedDays: number, statutoryDays: number): boolean {
  return promisedDays <= statutoryDays;
}

/** 送达方式: at the window, by mail (EMS), or electronically (电子证照). */
export const DELIVERY_METHODS = {
  window: { zh: '窗口领取', en: 'collected at the window' },
  mail: { zh: '邮寄送达', en: 'by mail' },
  electronic: { zh: '电子送达', en: 'electronically' },
} as const satisfies Record<string, Bilingual>;

export type DeliveryMethod = keyof typeof DELIVERY_METHODS;

export const isDeliveryMethod = (value: unknown): value is DeliveryMethod => typeof value === 'string' && Object.hasOwn(DELIVERY_METHODS, value);

/** 单独办理, or 统一办理、联合办理、集中办理 (行政许可法 art. 42(2)). */
export type Handling = 'single' | 'joint';

/**
 * The kinds of workflow step, in the order a case passes them: 受理, any number of 审查 steps,
 * 决定, then 发证 and 送达 when the item issues and delivers a certificate.
 */
export const STEP_KINDS = {
  accept: { rank: 0, label: { zh: '受理', en: 'acceptance' } },
  review: { rank: 1, label: { zh: '审查', en: 'review' } },
  decide: { rank: 2, label: { zh: '决定', en: 'decision' } },
  certify: { rank: 3, label: { zh: '发证', en: 'certificate' } },
  deliver: { rank: 4, label: { zh: '送达', en: 'delivery' } },
} as const satisfies Record<string, { rank: number; label: Bilingual }>;

export type StepKind = keyof typeof STEP_KINDS;

/** What is wrong with a workflow's shape, or undefined: one acceptance first, one decision, steps in order. */
export function workflowProblem(steps: readonly { readonly name: unknown; readonly kind: unknown }[]): Bilingual | undefined {
  if (steps.length === 0) return { zh: '办理流程不能为空', en: 'The workflow has no steps' };
  for (const step of steps) {
    if (typeof step.name !== 'string' || step.name.trim() === '') return { zh: '流程环节须有名称', en: 'Every workflow step needs a name' };
    if (typeof step.kind !== 'string' || !Object.hasOwn(STEP_KINDS, step.kind)) {
      return { zh: `未知的环节类型：${String(step.kind)}`, en: `Unknown kind of workflow step: ${String(step.kind)}` };
    }
  }
  const kinds = steps.map((s) => s.kind as StepKind);
  if (new Set(steps.map((s) => s.name)).size !== steps.length) return { zh: '流程环节名称不能重复', en: 'Workflow step names must differ' };
  if (kinds[0] !== 'accept') return { zh: '流程须以受理开始', en: 'The workflow starts with acceptance' };
  for (const once of ['accept', 'decide', 'certify', 'deliver'] as const) {
    const n = kinds.filter((k) => k === once).length;
    const optional = once === 'certify' || once === 'deliver';
    if (n > 1 || (n === 0 && !optional)) {
      const label = STEP_KINDS[once].label;
      return optional
        ? { zh: `流程最多只能有一个${label.zh}环节`, en: `The workflow has at most one ${label.en} step` }
        : { zh: `流程须有且只有一个${label.zh}环节`, en: `The workflow needs exactly one ${label.en} step` };
    }
  }
  for (let i = 1; i < kinds.length; i++) {
    if (STEP_KINDS[kinds[i]!].rank < STEP_KINDS[kinds[i - 1]!].rank) {
      return { zh: '流程环节顺序应为受理、审查、决定、发证、送达', en: 'Workflow steps go in the order acceptance, review, decision, certificate, delivery' };
    }
  }
  return undefined;
}
