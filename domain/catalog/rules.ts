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
