import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import type { BundleEvent } from '../domain/bundles/index.js';
import type { Bilingual } from '../domain/shared/messages.js';

const collection = 'bundles';

/**
 * 并联审批 bundles as their applicant, their departments and supervisors look them up: the number,
 * the lead department, each item with its sub-case and where it stands, the joint clock and a
 * timeline. `subCases` is keyed by item code (`itemCodes` keeps the order); `departments` lists
 * `{ code }` of every department with an item in it, for scoping; `applicantId` is the submitter.
 */
export const bundlesView: DocumentProjection = {
  kind: 'documents',
  name: 'bundles-view',
  version: 1,
  categories: ['bundle'],
  collections: [collection],
  indexes: { [collection]: [{ fields: ['applicantId'] }, { fields: ['submittedAt'] }, { fields: ['status'] }] },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as BundleEvent;
    const at = recorded.metadata.occurredAt ?? recorded.recordedAt;
    const entry = (summary: Bilingual) => ({ at, type: recorded.type, actorRole: recorded.metadata.actorRole ?? null, summary });
    const patch = (set: Record<string, unknown>, summary: Bilingual): WriteOp[] => [
      { op: 'patch', collection, id: event.data.bundleId, set: { ...set, updatedAt: at }, push: { timeline: entry(summary) } },
    ];
    const sub = (itemCode: string, set: Record<string, unknown>) => Object.fromEntries(Object.entries(set).map(([k, v]) => [`subCases.${itemCode}.${k}`, v]));
    switch (event.type) {
      case 'BundleSubmitted': {
        const { bundleId, bundleNo, items, leadDepartment, applicant, channel, submittedAt } = event.data;
        const doc = {
          bundleId,
          bundleNo,
          status: 'submitted',
          complete: false,
          leadDepartment,
          departments: [...new Set(items.map((i) => i.department))].map((code) => ({ code })),
          applicant,
          applicantId: event.data.applicantUserId ?? recorded.metadata.actorId ?? null,
          channel,
          itemCodes: items.map((i) => i.code),
          subCases: Object.fromEntries(items.map((i) => [i.code, { itemCode: i.code, itemName: i.name, itemVersion: i.version, department: i.department, status: 'pending' }])),
          submittedAt,
          updatedAt: at,
          timeline: [entry({ zh: `一表申请：${items.map((i) => i.name).join('、')}`, en: `One application for ${items.map((i) => i.name).join(', ')}` })],
        };
        return [{ op: 'upsert', collection, id: bundleId, doc }];
      }
      case 'SubCaseOpened': {
        const { itemCode, caseId, caseNo, openedAt } = event.data;
        return patch(sub(itemCode, { caseId, caseNo, status: 'submitted', openedAt }), { zh: `子办件 ${caseNo} 已提交（${itemCode}）`, en: `Sub-case ${caseNo} filed (${itemCode})` });
      }
      case 'SubCaseNotOpened': {
        const { itemCode, code, reason } = event.data;
        return patch(sub(itemCode, { status: 'not_opened', outcome: 'not_opened', refusal: { code, reason } }), { zh: `${itemCode} 未能立案：${reason.zh}`, en: `${itemCode} could not be filed: ${reason.en}` });
      }
      case 'SubCaseAccepted': {
        const { itemCode, acceptedAt } = event.data;
        return patch(sub(itemCode, { status: 'accepted', acceptedAt }), { zh: `${itemCode} 已受理`, en: `${itemCode} accepted` });
      }
      case 'BundleAccepted': {
        const { acceptedAt, startDate, limitDays, dueDate, warningDate, dueAt, legalBasis } = event.data;
        return patch(
          { status: 'accepted', acceptedAt, startDate, limitDays, dueDate, warningDate, dueAt, legalBasis },
          { zh: `联办受理，${limitDays}个工作日，${dueDate}前办结`, en: `Bundle accepted: ${limitDays} working days, due ${dueDate}` },
        );
      }
      case 'SubCaseDecided': {
        const { itemCode, outcome, decidedAt } = event.data;
        return patch(sub(itemCode, { status: outcome, outcome, decidedAt }), outcome === 'granted' ? { zh: `${itemCode} 准予许可`, en: `${itemCode} granted` } : { zh: `${itemCode} 不予许可`, en: `${itemCode} denied` });
      }
      case 'SubCaseCompleted': {
        const { itemCode, outcome, completedAt } = event.data;
        return patch(sub(itemCode, { status: 'completed', outcome, completedAt }), { zh: `${itemCode} 办结`, en: `${itemCode} completed` });
      }
      case 'SubCaseClosed': {
        const { itemCode, outcome, closedAt } = event.data;
        const label = CLOSURE[outcome];
        return patch(sub(itemCode, { status: outcome, outcome, closedAt }), { zh: `${itemCode} ${label.zh}`, en: `${itemCode} ${label.en}` });
      }
      case 'BundleCompleted':
        return patch({ status: 'completed', complete: true, completedAt: event.data.completedAt, outcomes: event.data.outcomes }, { zh: '全部子办件办结，待统一出件', en: 'Every sub-case has ended: ready for delivery' });
      case 'BundleTimeLimitExtended': {
        const { days, reason, extendedAt, legalBasis, dueDate, warningDate, dueAt } = event.data;
        return patch(
          { extension: { days, reason, at: extendedAt, legalBasis }, dueDate, warningDate, dueAt },
          { zh: `联办时限延长${days}个工作日至${dueDate}：${reason}`, en: `Joint limit extended by ${days} working days to ${dueDate}: ${reason}` },
        );
      }
      case 'BundleDelivered': {
        const { department, deliveredAt } = event.data;
        return patch({ status: 'delivered', delivery: { department, deliveredAt } }, { zh: '牵头部门窗口统一出件', en: 'Delivered together at the lead department’s window' });
      }
      default:
        return [];
    }
  },
};

const CLOSURE = {
  refused: { zh: '不予受理', en: 'refused' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  terminated: { zh: '已终止', en: 'terminated' },
} as const;
