import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import type { CaseEvent } from '../domain/cases/index.js';
import type { Bilingual } from '../domain/shared/messages.js';

const collection = 'cases';

/**
 * 办件 as staff, applicants and supervisors look them up: one document per case with its clock and
 * a timeline of who did what. The applicant's identity number is stored in full; the API masks it
 * in list views. `applicantId` is the submitter's user id, so applicants see only their own cases.
 */
export const casesView: DocumentProjection = {
  kind: 'documents',
  name: 'cases-view',
  version: 1,
  categories: ['case'],
  collections: [collection],
  indexes: {
    [collection]: [{ fields: ['status'] }, { fields: ['department'] }, { fields: ['dueDate'] }, { fields: ['applicantId'] }, { fields: ['submittedAt'] }],
  },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as CaseEvent;
    const at = recorded.metadata.occurredAt ?? recorded.recordedAt;
    const entry = (summary: Bilingual) => ({
      at,
      type: recorded.type,
      actorId: recorded.metadata.actorId ?? null,
      actorRole: recorded.metadata.actorRole ?? null,
      summary,
    });
    const patch = (set: Record<string, unknown>, summary: Bilingual): WriteOp[] => [
      { op: 'patch', collection, id: event.data.caseId, set: { ...set, updatedAt: at }, push: { timeline: entry(summary) } },
    ];
    switch (event.type) {
      case 'CaseSubmitted': {
        const { caseId, caseNo, item, channel, applicant, formData, submittedAt } = event.data;
        const doc = {
          caseId,
          caseNo,
          itemCode: item.code,
          itemName: item.name,
          itemVersion: item.version,
          department: item.department,
          channel,
          applicant,
          applicantId: recorded.metadata.actorId ?? null,
          formData,
          status: 'submitted',
          submittedAt,
          updatedAt: at,
          timeline: [entry({ zh: `提交申请：${item.name}（${CHANNEL[channel].zh}）`, en: `Applied for ${item.name} (${CHANNEL[channel].en})` })],
        };
        return [{ op: 'upsert', collection, id: caseId, doc }];
      }
      case 'CaseAccepted': {
        const { acceptedAt, dueAt, dueDate, warningDate, limitDays } = event.data;
        return patch(
          { status: 'accepted', acceptedAt, dueAt, dueDate, warningDate, limitDays },
          { zh: `已受理，承诺${limitDays}个工作日，${dueDate}前办结`, en: `Accepted: ${limitDays} working days, due ${dueDate}` },
        );
      }
      case 'CaseGranted':
        return patch(decided(event, 'granted'), { zh: '准予许可', en: 'Granted' });
      case 'CaseDenied':
        return patch(
          { ...decided(event, 'denied'), denialReasons: event.data.reasons, appealRights: event.data.appealRights },
          { zh: `不予许可：${event.data.reasons.join('；')}`, en: `Denied: ${event.data.reasons.join('; ')}` },
        );
      case 'CaseCompleted':
        return patch({ status: 'completed', completedAt: event.data.completedAt }, { zh: '办结', en: 'Completed' });
      default:
        return [];
    }
  },
};

const CHANNEL = {
  online: { zh: '网上申请', en: 'online' },
  window: { zh: '窗口申请', en: 'at the window' },
  kiosk: { zh: '自助终端', en: 'at a kiosk' },
} as const;

function decided(event: Extract<CaseEvent, { type: 'CaseGranted' | 'CaseDenied' }>, decision: 'granted' | 'denied') {
  const { decidedAt, onTime, workingDaysUsed } = event.data;
  return { status: decision, decision, decidedAt, onTime, workingDaysUsed };
}
