import { DELIVERY_METHODS, ITEM_TYPES, type Fee, type ItemDefinition } from '../catalog/index.js';
import type { PublishServiceGuide } from './commands.js';
import { ARTICLE_LIMITS, serviceGuideId } from './rules.js';

/** The published version of an item, and whether it is open for applications, as the catalog says. */
export interface GuideItem {
  readonly definition: ItemDefinition;
  readonly version: number;
  /** 暂停受理: the reason, while the item is suspended. */
  readonly suspendedReason?: string;
}

/** The department that runs the item, with its windows (办理地点). */
export interface GuideDepartment {
  readonly name: string;
  readonly windows: readonly { readonly code: string; readonly name: string }[];
}

/**
 * 办事指南: what a caller asks the hotline about an item — who runs it, on what legal basis, which
 * materials, how long, what it costs, where to apply — written from the item's published version.
 * The same item and department always give the same text, so the guide is revised only when the
 * catalog changed something a caller would notice.
 */
export function serviceGuide(item: GuideItem, department: GuideDepartment | undefined): PublishServiceGuide['data'] {
  const d = item.definition;
  const departmentName = department?.name ?? d.department;
  const lines: string[] = [];
  if (item.suspendedReason) lines.push(`【暂停受理】本事项暂停受理，已提交的申请继续办理。原因：${item.suspendedReason}`, '');
  lines.push(
    `事项名称：${d.name}`,
    `事项编码：${d.code}`,
    `事项类型：${ITEM_TYPES[d.type]?.label.zh ?? d.type}`,
    `实施部门：${departmentName}`,
    `设定依据：${d.legalBasis}`,
    `办理时限：法定办结时限 ${d.statutoryLimitDays} 个工作日，承诺办结时限 ${d.promisedLimitDays === 0 ? '即办' : `${d.promisedLimitDays} 个工作日`}`,
    `收费标准：${feeText(d.fee)}`,
    '申请材料：',
    ...materialLines(d.materials),
    `办理流程：${d.workflow.map((s) => s.name).join(' → ')}`,
    `办理地点：${placeText(departmentName, department?.windows ?? [])}`,
    `到现场次数：${d.onsiteVisits === 0 ? '0 次（全程网办）' : `${d.onsiteVisits} 次`}`,
    `送达方式：${d.delivery.map((m) => DELIVERY_METHODS[m]?.zh ?? m).join('、')}`,
    `咨询方式：拨打 12345 政务服务便民热线，或到${departmentName}窗口咨询。`,
  );
  return {
    articleId: serviceGuideId(d.code),
    title: d.name,
    body: fitted(lines.join('\n')),
    tags: [d.code, departmentName, ITEM_TYPES[d.type]?.label.zh ?? d.type],
    source: { itemCode: d.code, itemVersion: item.version },
  };
}

function feeText(fee: Fee): string {
  switch (fee.kind) {
    case 'free':
      return '不收费';
    case 'fixed':
      return `${yuan(fee.amountCents)} 元`;
    case 'computed':
      return `按${fee.field}计收，每${fee.unit ?? '单位'} ${yuan(fee.unitCents)} 元，最高 ${yuan(fee.capCents)} 元`;
    default: {
      const unknown: never = fee;
      return unknown;
    }
  }
}

function materialLines(materials: ItemDefinition['materials']): string[] {
  if (materials.length === 0) return ['  无需提交材料'];
  return materials.map((m, i) => {
    const notes = [`${m.form === 'original' ? '原件' : '复印件'} ${m.count} 份`, m.required ? '必交' : `${m.condition ?? '视情况'}提交`];
    if (m.standIns.length > 0) notes.push('证照库已有的可免提交');
    return `  ${i + 1}. ${m.name}（${notes.join('；')}）`;
  });
}

function placeText(departmentName: string, windows: GuideDepartment['windows']): string {
  const hall = `政务服务中心${departmentName}窗口`;
  return windows.length === 0 ? hall : `政务服务中心 ${windows.map((w) => w.name).join('、')}`;
}

const yuan = (cents: number) => (cents / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A guide longer than an article may be keeps its beginning; the item's page has everything. */
function fitted(body: string): string {
  const note = '\n……（完整内容请查看事项详情）';
  return body.length <= ARTICLE_LIMITS.bodyMax ? body : body.slice(0, ARTICLE_LIMITS.bodyMax - note.length) + note;
}
