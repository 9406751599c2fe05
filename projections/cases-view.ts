import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import { DELIVERY_METHODS } from '../domain/catalog/index.js';
import { SUSPENSION_CAUSES, type CaseEvent } from '../domain/cases/index.js';
import { localDate } from '../domain/shared/calendar.js';
import type { Bilingual } from '../domain/shared/messages.js';

const collection = 'cases';

/**
 * 办件 as staff, applicants and supervisors look them up: one document per case with its clock,
 * notices, fees, certificate and delivery, and a timeline of who did what. The applicant's identity
 * number is stored in full; the API masks it in list views. `applicantId` is the submitter's user id,
 * so applicants see only their own cases. `deadline` is the next date the case is due for its
 * department (acceptance, decision, certificate), for the work inbox; absent when nothing is due.
 */
export const casesView: DocumentProjection = {
  kind: 'documents',
  name: 'cases-view',
  version: 2,
  categories: ['case'],
  collections: [collection],
  indexes: {
    [collection]: [
      { fields: ['status'] },
      { fields: ['department'] },
      { fields: ['dueDate'] },
      { fields: ['applicantId'] },
      { fields: ['submittedAt'] },
      { fields: ['department', 'deadline'] },
    ],
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
    const patch = (set: Record<string, unknown>, summary: Bilingual, more: { unset?: string[]; push?: Record<string, unknown> } = {}): WriteOp[] => [
      {
        op: 'patch',
        collection,
        id: event.data.caseId,
        set: { ...set, updatedAt: at },
        push: { ...more.push, timeline: entry(summary) },
        ...(more.unset?.length ? { unset: more.unset } : {}),
      },
    ];
    switch (event.type) {
      case 'CaseSubmitted': {
        const { caseId, caseNo, item, channel, applicant, formData, submittedAt, noticeDeadline } = event.data;
        const doc = {
          caseId,
          caseNo,
          itemCode: item.code,
          itemName: item.name,
          itemVersion: item.version,
          department: item.department,
          handling: item.handling ?? 'single',
          itemMaterials: item.materials ?? [],
          workflow: item.workflow ?? [],
          deliveryOptions: item.delivery ?? ['window'],
          feeRule: item.fee ?? { kind: 'free' },
          channel,
          applicant,
          applicantId: event.data.applicantUserId ?? recorded.metadata.actorId ?? null,
          formData,
          materials: event.data.materials ?? [],
          deliveryMethod: event.data.deliveryMethod ?? item.delivery?.[0] ?? 'window',
          status: 'submitted',
          submittedAt,
          receivedAt: submittedAt,
          ...(noticeDeadline ? { noticeDeadline, deadline: noticeDeadline } : {}),
          reviews: [],
          ...(event.data.bundleId ? { bundleId: event.data.bundleId } : {}),
          updatedAt: at,
          timeline: [entry({ zh: `提交申请：${item.name}（${CHANNEL[channel].zh}）`, en: `Applied for ${item.name} (${CHANNEL[channel].en})` })],
        };
        return [{ op: 'upsert', collection, id: caseId, doc }];
      }
      case 'CaseSupplementRequested': {
        const { stage, missing, note, requestedAt, legalBasis } = event.data;
        const supplement = { stage, missing, ...(note ? { note } : {}), requestedAt, legalBasis };
        const list = missing.map((m) => m.material);
        const summary = { zh: `一次性告知补正材料：${list.join('、')}`, en: `Asked for materials, all at once: ${list.join(', ')}` };
        return stage === 'acceptance'
          ? patch({ status: 'supplement_requested', supplement, noticeGiven: true }, summary, { unset: ['deadline'] })
          : patch({ supplement }, summary);
      }
      case 'CaseSupplemented': {
        const { stage, materials, supplementedAt, noticeDeadline } = event.data;
        const summary = { zh: `补正材料已提交：${materials.map((m) => m.material).join('、')}`, en: `Materials handed in: ${materials.map((m) => m.material).join(', ')}` };
        const set =
          stage === 'acceptance'
            ? { status: 'submitted', receivedAt: supplementedAt, 'supplement.supplementedAt': supplementedAt, ...(noticeDeadline ? { noticeDeadline, deadline: noticeDeadline } : {}) }
            : { 'supplement.supplementedAt': supplementedAt };
        // New materials before acceptance: an online application is pre-reviewed again.
        return patch(set, summary, { push: { materials: { $each: materials } }, ...(stage === 'acceptance' ? { unset: ['preReview'] } : {}) });
      }
      case 'CaseRefused': {
        const { reasons, appealRights, legalBasis, refusedAt } = event.data;
        return patch({ status: 'refused', refusal: { reasons, appealRights, legalBasis, refusedAt } }, { zh: `不予受理：${reasons.join('；')}`, en: `Refused: ${reasons.join('; ')}` }, { unset: ['deadline'] });
      }
      case 'CasePreReviewed': {
        const { opinion, preReviewedAt } = event.data;
        return patch({ preReview: { opinion, at: preReviewedAt, actorId: recorded.metadata.actorId ?? null } }, { zh: `网上预审通过：${opinion}`, en: `Passed pre-review: ${opinion}` });
      }
      case 'CaseAccepted': {
        const { acceptedAt, dueAt, dueDate, warningDate, limitDays, startDate, deemedFromReceipt } = event.data;
        const deemed = deemedFromReceipt ? { zh: `，逾期未告知补正，自收到材料之日（${startDate}）起视为受理`, en: `; counted from receipt on ${startDate} (not told in time)` } : { zh: '', en: '' };
        return patch(
          { status: 'accepted', acceptedAt, dueAt, dueDate, warningDate, limitDays, startDate, deemedFromReceipt: deemedFromReceipt ?? false, suspendedDays: 0, deadline: dueDate },
          { zh: `已受理，承诺${limitDays}个工作日，${dueDate}前办结${deemed.zh}`, en: `Accepted: ${limitDays} working days, due ${dueDate}${deemed.en}` },
        );
      }
      case 'CaseReviewed': {
        const { step, opinion, reviewedAt } = event.data;
        return patch({}, { zh: `${step}：${opinion}`, en: `${step}: ${opinion}` }, { push: { reviews: { step, opinion, at: reviewedAt, actorId: recorded.metadata.actorId ?? null } } });
      }
      case 'CaseSuspended': {
        const { cause, reason, suspendedAt, suspendedDate, light } = event.data;
        const label = SUSPENSION_CAUSES[cause];
        return patch(
          { status: 'suspended', suspension: { cause, reason, since: suspendedAt, sinceDate: suspendedDate, ...(light ? { light } : {}) } },
          { zh: `中止计时（${label.zh}）：${reason}`, en: `Clock suspended (${label.en}): ${reason}` },
        );
      }
      case 'CaseResumed': {
        const { dueDate, warningDate, dueAt, suspendedDays, totalSuspendedDays } = event.data;
        return patch(
          { status: 'accepted', dueDate, warningDate, dueAt, suspendedDays: totalSuspendedDays, deadline: dueDate },
          { zh: `恢复计时，中止${suspendedDays}个工作日，${dueDate}前办结`, en: `Clock resumed after ${suspendedDays} working days; due ${dueDate}` },
          { unset: ['suspension'] },
        );
      }
      case 'CaseTimeLimitExtended': {
        const { days, reason, extendedAt, dueDate, warningDate, dueAt, legalBasis, suspendedLight } = event.data;
        return patch(
          { extension: { days, reason, at: extendedAt, legalBasis }, dueDate, warningDate, dueAt, deadline: dueDate, ...(suspendedLight ? { 'suspension.light': suspendedLight } : {}) },
          { zh: `延长${days}个工作日至${dueDate}：${reason}`, en: `Extended by ${days} working days to ${dueDate}: ${reason}` },
        );
      }
      case 'CaseGranted': {
        const certificateDueDate = event.data.certificateDueDate;
        return patch(
          { ...decided(event, 'granted'), ...(certificateDueDate ? { certificateDueDate, deadline: certificateDueDate } : { deadline: localDate(new Date(event.data.decidedAt)) }) },
          { zh: '准予许可', en: 'Granted' },
        );
      }
      case 'CaseDenied':
        return patch(
          { ...decided(event, 'denied'), denialReasons: event.data.reasons, appealRights: event.data.appealRights, deadline: localDate(new Date(event.data.decidedAt)) },
          { zh: `不予许可：${event.data.reasons.join('；')}`, en: `Denied: ${event.data.reasons.join('; ')}` },
        );
      case 'CaseFeeAssessed': {
        const { amountCents, quantity, assessedAt } = event.data;
        return patch(
          { fee: { amountCents, ...(quantity !== undefined ? { quantity } : {}), assessedAt } },
          { zh: `核定收费 ${yuan(amountCents)} 元`, en: `Fee assessed: ¥${yuan(amountCents)}` },
        );
      }
      case 'CaseFeePaid': {
        const { amountCents, receiptNo, paidAt } = event.data;
        return patch({ 'fee.paidAt': paidAt, 'fee.receiptNo': receiptNo }, { zh: `已缴费 ${yuan(amountCents)} 元，票据号 ${receiptNo}`, en: `Fee paid: ¥${yuan(amountCents)}, receipt ${receiptNo}` });
      }
      case 'CaseCertificateIssued': {
        const { caseId: _, ...certificate } = event.data;
        const late = certificate.onTime ? { zh: '', en: '' } : { zh: '（超过法定发证期限）', en: ' (later than the law allows)' };
        return patch(
          { status: 'certificate_issued', certificate },
          { zh: `发证：${certificate.certificateNo}${late.zh}`, en: `Certificate ${certificate.certificateNo} issued${late.en}` },
        );
      }
      case 'CaseDelivered': {
        const { method, trackingNo, deliveredAt, onTime } = event.data;
        return patch(
          { status: 'delivered', delivery: { method, ...(trackingNo ? { trackingNo } : {}), deliveredAt, ...(onTime !== undefined ? { onTime } : {}) }, deadline: localDate(new Date(deliveredAt)) },
          { zh: `已送达（${DELIVERY_METHODS[method].zh}${trackingNo ? `，单号 ${trackingNo}` : ''}）`, en: `Delivered ${DELIVERY_METHODS[method].en}${trackingNo ? ` (${trackingNo})` : ''}` },
        );
      }
      case 'CaseCompleted':
        return patch({ status: 'completed', completedAt: event.data.completedAt }, { zh: '办结', en: 'Completed' }, { unset: ['deadline'] });
      case 'CaseWithdrawn': {
        const { reason, withdrawnAt } = event.data;
        return patch(
          { status: 'withdrawn', withdrawal: { ...(reason ? { reason } : {}), at: withdrawnAt } },
          { zh: `申请人撤回申请${reason ? `：${reason}` : ''}`, en: `Withdrawn by the applicant${reason ? `: ${reason}` : ''}` },
          { unset: ['deadline'] },
        );
      }
      case 'CaseTerminated': {
        const { reason, terminatedAt } = event.data;
        return patch({ status: 'terminated', termination: { reason, at: terminatedAt } }, { zh: `终止办理：${reason}`, en: `Terminated: ${reason}` }, { unset: ['deadline'] });
      }
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

const yuan = (cents: number) => (cents / 100).toFixed(2);

function decided(event: Extract<CaseEvent, { type: 'CaseGranted' | 'CaseDenied' }>, decision: 'granted' | 'denied') {
  const { decidedAt, onTime, workingDaysUsed } = event.data;
  return { status: decision, decision, decidedAt, onTime, workingDaysUsed };
}
