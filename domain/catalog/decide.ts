import type { DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../shared/errors.js';
import type { CatalogCommand } from './commands.js';
import type { CatalogEvent, ItemDefinition } from './events.js';
import { codeMatchesType, ITEM_TYPES, isItemType, mayReviewItems, promisedWithinStatutory } from './rules.js';
import type { ItemState, ItemStatus } from './state.js';

export function decide(command: CatalogCommand, state: ItemState, ctx: DecideContext): Decision<CatalogEvent> {
  switch (command.type) {
    case 'DraftItem': {
      if (state.status === 'none') return checkDefinition(command.data) ?? [{ type: 'ItemDrafted', data: command.data }];
      if (state.status !== 'draft' && state.status !== 'sent_back') return outOfOrder(state, ['draft', 'sent_back'], '修改', 'redrafted');
      if (state.definition.code !== command.data.code) {
        return invalid('catalog.code_changed', '事项编码不能修改', 'An item code cannot be changed', { code: state.definition.code });
      }
      return checkDefinition(command.data) ?? [{ type: 'ItemDrafted', data: command.data }];
    }
    case 'SubmitItemForReview':
      if (state.status !== 'draft' && state.status !== 'sent_back') return outOfOrder(state, ['draft', 'sent_back'], '提交审核', 'submitted for review');
      return [{ type: 'ItemSubmittedForReview', data: { code: state.definition.code } }];
    case 'ApproveItem': {
      if (!mayReviewItems(ctx.actor.role)) return legalOfficeOnly(ctx);
      if (state.status !== 'in_review') return outOfOrder(state, ['in_review'], '审核通过', 'approved');
      const opinion = command.data.opinion?.trim();
      return [{ type: 'ItemApproved', data: { code: state.definition.code, ...(opinion ? { opinion } : {}) } }];
    }
    case 'SendBackItem': {
      if (!mayReviewItems(ctx.actor.role)) return legalOfficeOnly(ctx);
      if (state.status !== 'in_review') return outOfOrder(state, ['in_review'], '退回', 'sent back');
      const reason = command.data.reason?.trim();
      if (!reason) return invalid('catalog.reason_required', '退回事项须说明理由', 'Sending an item back needs a reason');
      return [{ type: 'ItemSentBack', data: { code: state.definition.code, reason } }];
    }
    case 'PublishItem': {
      if (state.status !== 'approved') return outOfOrder(state, ['approved'], '发布', 'published');
      const version = (state.published?.version ?? 0) + 1;
      return [{ type: 'ItemPublished', data: { code: state.definition.code, version, publishedAt: ctx.now.toISOString() } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

const STATUS_LABEL: Record<ItemStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'a draft' },
  in_review: { zh: '审核中', en: 'under legal review' },
  approved: { zh: '已审核通过', en: 'approved' },
  sent_back: { zh: '已退回', en: 'sent back' },
  published: { zh: '已发布', en: 'published' },
};

/** A transition out of order: say what the item is now and what it would need to be. */
function outOfOrder(state: ItemState, allowed: readonly ItemStatus[], actionZh: string, actionEn: string): DomainError {
  if (state.status === 'none') return notFound('catalog.not_found', '事项尚未起草', 'No such item has been drafted');
  const now = STATUS_LABEL[state.status];
  const needed = allowed.map((s) => STATUS_LABEL[s]);
  return conflict(
    'catalog.wrong_status',
    `事项${now.zh}，不能${actionZh}（须为${needed.map((n) => n.zh).join('或')}）`,
    `The item is ${now.en}; it can be ${actionEn} only when ${needed.map((n) => n.en).join(' or ')}`,
    { status: state.status, allowed },
  );
}

const legalOfficeOnly = (ctx: DecideContext) =>
  forbidden('catalog.legal_review_only', '事项只能由法制机构审核', 'Only the legal office reviews service items', { role: ctx.actor.role });

const isCount = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min;
const isText = (s: unknown) => typeof s === 'string' && s.trim() !== '';

function checkDefinition(d: ItemDefinition): DomainError | undefined {
  if (!isItemType(d.type)) {
    return invalid('catalog.unknown_type', `未知的事项类型：${String(d.type)}`, `Unknown item type: ${String(d.type)}`, { allowed: Object.keys(ITEM_TYPES) });
  }
  const typeCode = ITEM_TYPES[d.type].code;
  if (typeof d.code !== 'string' || !codeMatchesType(d.code, d.type)) {
    return invalid(
      'catalog.bad_code',
      `事项编码 ${String(d.code)} 格式不正确：应为类型代码 ${typeCode} 加5位主项码和3位子项码，如 ${typeCode}00101000`,
      `Item code ${String(d.code)} is malformed: the type letters ${typeCode}, 5 digits for the main item and 3 for the sub-item, e.g. ${typeCode}00101000`,
    );
  }
  for (const [field, zh] of [['name', '事项名称'], ['department', '实施部门'], ['legalBasis', '设定依据']] as const) {
    if (!isText(d[field])) return invalid('catalog.field_required', `请填写${zh}`, `The ${field} is required`, { field });
  }
  if (!isCount(d.statutoryLimitDays, 0) || !isCount(d.promisedLimitDays, 0)) {
    return invalid('catalog.bad_limit', '时限须为不小于0的整数个工作日', 'Time limits are whole numbers of working days, 0 or more');
  }
  if (!promisedWithinStatutory(d.promisedLimitDays, d.statutoryLimitDays)) {
    return invalid(
      'catalog.promised_exceeds_statutory',
      `承诺时限（${d.promisedLimitDays}个工作日）不得超过法定时限（${d.statutoryLimitDays}个工作日）`,
      `The promised limit (${d.promisedLimitDays} working days) cannot exceed the statutory limit (${d.statutoryLimitDays})`,
    );
  }
  if (d.fee?.kind !== 'free' && !(d.fee?.kind === 'fixed' && isCount(d.fee.amountCents, 1))) {
    return invalid('catalog.bad_fee', '收费须为免费或正的固定金额（分）', 'A fee is free or a fixed positive amount in cents');
  }
  const badMaterial = (d.materials ?? []).find(
    (m) => !isText(m.name) || (m.form !== 'original' && m.form !== 'copy') || !isCount(m.count, 1) || typeof m.required !== 'boolean',
  );
  if (!Array.isArray(d.materials) || badMaterial) {
    return invalid('catalog.bad_material', `申请材料不完整：${badMaterial?.name ?? ''}（须有名称、原件或复印件、份数）`, `A material is incomplete: ${badMaterial?.name ?? ''} (name, original or copy, count)`);
  }
  if (!isCount(d.onsiteVisits, 0)) {
    return invalid('catalog.bad_onsite_visits', '到现场次数须为不小于0的整数', 'Onsite visits are a whole number, 0 or more');
  }
  return undefined;
}
