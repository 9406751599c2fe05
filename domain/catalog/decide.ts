import type { DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../shared/errors.js';
import type { CatalogCommand } from './commands.js';
import type { CatalogEvent, Fee, ItemDefinition } from './events.js';
import { requiredNumberField, type FormChecker } from './form.js';
import { codeMatchesType, ITEM_CODE, ITEM_TYPES, isDeliveryMethod, isItemType, mayReviewItems, promisedWithinStatutory, workflowProblem } from './rules.js';
import { workingVersion, type ItemState, type ReviewStatus } from './state.js';

/** Drafting checks the application form with the JSON Schema engine the application supplies. */
export interface CatalogDecideContext extends DecideContext {
  readonly forms: FormChecker;
}

export function decide(command: CatalogCommand, state: ItemState, ctx: CatalogDecideContext): Decision<CatalogEvent> {
  const now = ctx.now.toISOString();
  switch (command.type) {
    case 'DraftItem': {
      const d = command.data;
      if (state.status === 'none') return checkDefinition(d, ctx.forms) ?? [{ type: 'ItemDrafted', data: { ...d, version: 1 } }];
      if (state.status === 'retired') return outOfOrder(state, '修改', 'redrafted');
      const working = workingVersion(state);
      const published = 'published' in state ? state.published : undefined;
      if (working && working.status !== 'draft' && working.status !== 'sent_back') return outOfOrder(state, '修改', 'redrafted');
      const current = working?.definition ?? published!.definition;
      if (current.code !== d.code) return invalid('catalog.code_changed', '事项编码不能修改', 'An item code cannot be changed', { code: current.code });
      if (current.department !== d.department) {
        return invalid('catalog.department_changed', '事项的实施部门不能修改', 'The department of an item cannot be changed', { department: current.department });
      }
      const version = working?.version ?? published!.version + 1;
      return checkDefinition(d, ctx.forms) ?? [{ type: 'ItemDrafted', data: { ...d, version } }];
    }
    case 'SubmitItemForReview': {
      const working = inReviewStep(state, ['draft', 'sent_back']);
      if (!working) return outOfOrder(state, '提交审核', 'submitted for review');
      return [{ type: 'ItemSubmittedForReview', data: { code: command.data.code, version: working.version } }];
    }
    case 'ApproveItem': {
      if (!mayReviewItems(ctx.actor.role)) return legalOfficeOnly(ctx);
      const working = inReviewStep(state, ['in_review']);
      if (!working) return outOfOrder(state, '审核通过', 'approved');
      const opinion = command.data.opinion?.trim();
      return [{ type: 'ItemApproved', data: { code: command.data.code, version: working.version, ...(opinion ? { opinion } : {}) } }];
    }
    case 'SendBackItem': {
      if (!mayReviewItems(ctx.actor.role)) return legalOfficeOnly(ctx);
      const working = inReviewStep(state, ['in_review']);
      if (!working) return outOfOrder(state, '退回', 'sent back');
      const reason = command.data.reason?.trim();
      if (!reason) return invalid('catalog.reason_required', '退回事项须说明理由', 'Sending an item back needs a reason');
      return [{ type: 'ItemSentBack', data: { code: command.data.code, version: working.version, reason } }];
    }
    case 'PublishItem': {
      const working = state.status === 'retired' ? undefined : inReviewStep(state, ['approved']);
      if (!working) return outOfOrder(state, '发布', 'published');
      return [{ type: 'ItemPublished', data: { code: command.data.code, version: working.version, publishedAt: now, definition: working.definition } }];
    }
    case 'SuspendItem': {
      if (state.status !== 'published') return outOfOrder(state, '暂停', 'suspended');
      const reason = command.data.reason?.trim();
      if (!reason) return invalid('catalog.reason_required', '暂停事项须说明理由', 'Suspending an item needs a reason');
      return [{ type: 'ItemSuspended', data: { code: command.data.code, reason, suspendedAt: now } }];
    }
    case 'ResumeItem':
      if (state.status !== 'suspended') return outOfOrder(state, '恢复', 'resumed');
      return [{ type: 'ItemResumed', data: { code: command.data.code, resumedAt: now } }];
    case 'RetireItem': {
      if (state.status !== 'published' && state.status !== 'suspended') return outOfOrder(state, '取消', 'retired');
      const reason = command.data.reason?.trim();
      if (!reason) return invalid('catalog.reason_required', '取消事项须说明理由', 'Retiring an item needs a reason');
      return [{ type: 'ItemRetired', data: { code: command.data.code, reason, retiredAt: now } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** The version under review when it is at one of these review steps (the first version, or a revision). */
function inReviewStep(state: ItemState, steps: readonly ReviewStatus[]) {
  const working = workingVersion(state);
  return working && steps.includes(working.status) ? working : undefined;
}

const STATUS_LABEL: Record<ReviewStatus | 'published' | 'suspended' | 'retired', { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'a draft' },
  in_review: { zh: '审核中', en: 'under legal review' },
  approved: { zh: '已审核通过', en: 'approved' },
  sent_back: { zh: '已退回', en: 'sent back' },
  published: { zh: '已发布', en: 'published' },
  suspended: { zh: '已暂停', en: 'suspended' },
  retired: { zh: '已取消', en: 'retired' },
};

/** A transition out of order: say where the item (and its revision, if any) stands. */
function outOfOrder(state: ItemState, actionZh: string, actionEn: string): DomainError {
  if (state.status === 'none') return notFound('catalog.not_found', '事项尚未起草', 'No such item has been drafted');
  const now = STATUS_LABEL[state.status];
  const revision = 'published' in state && state.revision ? STATUS_LABEL[state.revision.status] : undefined;
  return conflict(
    'catalog.wrong_status',
    `事项${now.zh}${revision ? `（新版本${revision.zh}）` : ''}，不能${actionZh}`,
    `The item is ${now.en}${revision ? ` (its new version is ${revision.en})` : ''}; it cannot be ${actionEn} now`,
    { status: state.status, ...(revision ? { revisionStatus: 'published' in state ? state.revision?.status : undefined } : {}) },
  );
}

const legalOfficeOnly = (ctx: DecideContext) =>
  forbidden('catalog.legal_review_only', '事项只能由法制机构审核', 'Only the legal office reviews service items', { role: ctx.actor.role });

const isCount = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min;
const isText = (s: unknown) => typeof s === 'string' && s.trim() !== '';

function checkDefinition(d: ItemDefinition, forms: FormChecker): DomainError | undefined {
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
  if (d.handling !== 'single' && d.handling !== 'joint') {
    return invalid('catalog.bad_handling', '办理方式须为单独办理或联合办理', 'Handling is single or joint');
  }
  const formProblem = checkForm(d, forms);
  if (formProblem) return formProblem;
  const feeProblem = checkFee(d.fee, d);
  if (feeProblem) return feeProblem;
  const materials = Array.isArray(d.materials) ? d.materials : undefined;
  const badMaterial = (materials ?? []).find(
    (m) =>
      !isText(m.name) ||
      (m.form !== 'original' && m.form !== 'copy') ||
      !isCount(m.count, 1) ||
      typeof m.required !== 'boolean' ||
      (!m.required && !isText(m.condition)) ||
      !Array.isArray(m.standIns) ||
      m.standIns.some((code: unknown) => typeof code !== 'string' || !ITEM_CODE.test(code)),
  );
  if (!materials || badMaterial) {
    return invalid(
      'catalog.bad_material',
      `申请材料不完整：${badMaterial?.name ?? ''}（须有名称、原件或复印件、份数；非必要材料须写明适用情形；免提交证照须为事项编码）`,
      `A material is incomplete: ${badMaterial?.name ?? ''} (name, original or copy, count; a conditional one says when it is needed; stand-ins are item codes)`,
      { material: badMaterial?.name },
    );
  }
  if (new Set(materials.map((m) => m.name.trim())).size !== materials.length) {
    return invalid('catalog.duplicate_material', '申请材料名称不能重复', 'Each material needs its own name');
  }
  const workflow = Array.isArray(d.workflow) ? workflowProblem(d.workflow) : { zh: '请填写办理流程', en: 'The workflow is required' };
  if (workflow) return invalid('catalog.bad_workflow', workflow.zh, workflow.en);
  if (!Array.isArray(d.delivery) || d.delivery.length === 0 || !d.delivery.every(isDeliveryMethod) || new Set(d.delivery).size !== d.delivery.length) {
    return invalid('catalog.bad_delivery', '送达方式须为窗口领取、邮寄送达、电子送达中的一种或几种', 'Delivery is one or more of window, mail and electronic');
  }
  if (!isCount(d.onsiteVisits, 0)) {
    return invalid('catalog.bad_onsite_visits', '到现场次数须为不小于0的整数', 'Onsite visits are a whole number, 0 or more');
  }
  return undefined;
}

/** The application form is a JSON Schema of an object that the schema engine can compile. */
function checkForm(d: ItemDefinition, forms: FormChecker): DomainError | undefined {
  if (d.form === null || typeof d.form !== 'object' || Array.isArray(d.form) || d.form['type'] !== 'object') {
    return invalid('catalog.bad_form', '申请表须为 type 为 object 的 JSON Schema', 'The application form is a JSON Schema of type object');
  }
  const problem = forms.schemaProblem(d.form);
  if (problem) {
    return invalid('catalog.bad_form', `申请表的 JSON Schema 无法使用：${problem}`, `The application form’s JSON Schema cannot be used: ${problem}`, { problem });
  }
  return undefined;
}

function checkFee(fee: Fee, d: ItemDefinition): DomainError | undefined {
  const bad = (zh: string, en: string) => invalid('catalog.bad_fee', zh, en);
  switch (fee?.kind) {
    case 'free':
      return undefined;
    case 'fixed':
      return isCount(fee.amountCents, 1) ? undefined : bad('固定收费须为正的金额（分）', 'A fixed fee is a positive amount in cents');
    case 'computed':
      if (!isCount(fee.unitCents, 1) || !isCount(fee.capCents, 1) || fee.capCents < fee.unitCents) {
        return bad('按量收费须有正的单价和不低于单价的封顶金额（分）', 'A computed fee has a positive unit amount and a cap no lower than it, in cents');
      }
      if (!isText(fee.field) || !requiredNumberField(d.form, fee.field)) {
        return bad(
          `按量收费的计费字段“${String(fee.field)}”须为申请表中必填的数值字段`,
          `The field a computed fee counts (“${String(fee.field)}”) must be a required number on the application form`,
        );
      }
      return undefined;
    default:
      return bad('收费须为免费、固定金额或按量计算', 'A fee is free, fixed or computed');
  }
}
