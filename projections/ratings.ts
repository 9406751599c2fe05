import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import { isBadRating, ratingLevel, type RatingEvent } from '../domain/ratings/index.js';
import type { Bilingual } from '../domain/shared/messages.js';

const collection = 'ratings';

/**
 * 好差评 as departments and supervisors follow them: one document per rated case with the
 * rectification's due date and each step taken. `department` and `applicantId` scope it like
 * cases; status and due date find the overdue rectifications.
 */
export const ratingsView: DocumentProjection = {
  kind: 'documents',
  name: 'ratings-view',
  version: 1,
  categories: ['rating'],
  collections: [collection],
  indexes: {
    [collection]: [{ fields: ['department', 'ratedAt'] }, { fields: ['status', 'dueDate'] }, { fields: ['applicantId'] }, { fields: ['ratedAt'] }],
  },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as RatingEvent;
    const at = recorded.metadata.occurredAt ?? recorded.recordedAt;
    const step = (summary: Bilingual) => ({ at, type: recorded.type, actorRole: recorded.metadata.actorRole ?? null, summary });
    const patch = (set: Record<string, unknown>, summary: Bilingual): WriteOp[] => [
      { op: 'patch', collection, id: event.data.caseId, set: { ...set, updatedAt: at }, push: { steps: step(summary) } },
    ];
    switch (event.type) {
      case 'ServiceRated': {
        const { caseId, case: rated, score, channel, comment, ratedAt } = event.data;
        const level = ratingLevel(score);
        const doc = {
          caseId,
          caseNo: rated.caseNo,
          itemCode: rated.itemCode,
          itemName: rated.itemName,
          department: rated.department,
          applicantId: rated.applicantId,
          score,
          bad: isBadRating(score),
          channel,
          ...(comment ? { comment } : {}),
          ratedAt,
          status: 'rated',
          updatedAt: at,
          steps: [step({ zh: `评价：${level.zh}（${CHANNEL[channel].zh}）`, en: `Rated ${level.en} (${CHANNEL[channel].en})` })],
        };
        return [{ op: 'upsert', collection, id: caseId, doc }];
      }
      case 'RectificationOpened': {
        const { dueDate, dueAt, workingDays } = event.data;
        return patch(
          { status: 'awaiting_verification', dueDate, dueAt },
          { zh: `差评待核实整改，${workingDays}个工作日内（${dueDate}前）`, en: `Bad rating: verify and rectify within ${workingDays} working days, by ${dueDate}` },
        );
      }
      case 'ComplaintVerified': {
        const { finding, reason, verifiedAt, onTime } = event.data;
        const verifiedTrue = finding === 'verified';
        return patch(
          { status: verifiedTrue ? 'awaiting_rectification' : 'awaiting_callback', verification: { finding, reason, at: verifiedAt, onTime } },
          verifiedTrue ? { zh: `核实属实：${reason}`, en: `Verified: ${reason}` } : { zh: `核实不属实：${reason}`, en: `Unfounded: ${reason}` },
        );
      }
      case 'ServiceRectified': {
        const { measures, rectifiedAt, onTime } = event.data;
        return patch({ status: 'awaiting_callback', rectified: { measures, at: rectifiedAt, onTime } }, { zh: `已整改：${measures}`, en: `Rectified: ${measures}` });
      }
      case 'ApplicantCalledBack': {
        const { satisfied, note, calledBackAt } = event.data;
        return patch(
          { status: 'closed', callback: { satisfied, ...(note ? { note } : {}), at: calledBackAt } },
          satisfied ? { zh: '已回访：满意', en: 'Called back: satisfied' } : { zh: '已回访：不满意', en: 'Called back: not satisfied' },
        );
      }
      default:
        return [];
    }
  },
};

const CHANNEL = {
  portal: { zh: '网上评价', en: 'online' },
  window_tablet: { zh: '窗口评价器', en: 'on the window tablet' },
  sms: { zh: '短信评价', en: 'by SMS' },
} as const;
