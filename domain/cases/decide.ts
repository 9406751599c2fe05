import { DELIVERY_METHODS, type FormChecker, type Material } from '../catalog/index.js';
import type { Role } from '../identity/roles.js';
import { holderIdOf, isLicenseValid } from '../licenses/index.js';
import { localDate, type WorkingCalendar } from '../shared/calendar.js';
import type { DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../shared/errors.js';
import { isValidCitizenId, isValidCreditCode } from '../shared/identity-numbers.js';
import { maskIdNumber } from '../shared/masking.js';
import { dueDates, suspendedWorkingDays, workingDaysUsed } from './clock.js';
import type { CaseCommand, HeldLicense, UploadedMaterial } from './commands.js';
import type { CaseEvent, LicenseStandIn, MissingMaterial, ProvidedMaterial, UploadedFile } from './events.js';
import { assessFee } from './fees.js';
import { caseLight } from './light.js';
import {
  CASE_ROLES,
  CERTIFICATE_DELIVERY_LIMIT,
  certificateNumber,
  DENIAL_STATEMENT,
  extensionDays,
  extensionSource,
  isSpecialProcedure,
  PROJECT_CODE,
  REFUSAL_STATEMENT,
  SPECIAL_PROCEDURES,
  SUPPLEMENT_DURING_REVIEW_EXCLUDED,
  SUPPLEMENT_NOTICE_LIMIT,
} from './rules.js';
import { feeOutstanding, hasStep, missingRequiredMaterials, stepsToReview, type CaseFile, type CaseState, type CaseStatus } from './state.js';

/** A case's decisions also need the working-day calendar, the city's warning setting and the form checker. */
export interface CaseDecideContext extends DecideContext {
  readonly calendar: WorkingCalendar;
  /** *(default 2)* working days before the due date when the yellow light comes on. */
  readonly warningDays: number;
  readonly forms: FormChecker;
}

export function decide(command: CaseCommand, state: CaseState, ctx: CaseDecideContext): Decision<CaseEvent> {
  const now = ctx.now.toISOString();
  const today = localDate(ctx.now);
  if (command.type === 'SubmitCase') return submit(command.data, state, ctx);
  if (state.status === 'none') return notFound('case.not_found', '办件不存在', 'No such case');
  const caseId = state.caseId;
  switch (command.type) {
    case 'RequestSupplement': {
      if (state.status === 'submitted') return requestSupplementBeforeAcceptance(command.data, state, ctx);
      if (state.status !== 'accepted') return outOfOrder(state, ['submitted', 'accepted'], '要求补正', 'asked for materials');
      const refused = mayAct(state, CASE_ROLES.requestSupplementInReview, ctx) ?? withinLimit(state, today, '要求补正', 'ask for materials');
      if (refused) return refused;
      const notice = checkNotice(command.data.missing, state);
      if (isError(notice)) return notice;
      const note = command.data.note?.trim();
      return [
        { type: 'CaseSupplementRequested', data: { caseId, stage: 'review', missing: notice, ...(note ? { note } : {}), requestedAt: now, legalBasis: SUPPLEMENT_DURING_REVIEW_EXCLUDED.source } },
        { type: 'CaseSuspended', data: { caseId, cause: 'supplement', reason: notice.map((m) => m.material).join('、'), suspendedAt: now, suspendedDate: today, light: caseLight(state, today) } },
      ];
    }
    case 'SupplementMaterials': {
      const awaiting = state.status === 'supplement_requested' || (state.status === 'suspended' && state.clock?.suspension?.cause === 'supplement');
      if (!awaiting) return conflict('case.not_awaiting_supplement', '本办件没有待补正的材料', 'This case is not waiting for materials', { status: state.status });
      const refused = mayAct(state, CASE_ROLES.supplement, ctx);
      if (refused) return refused;
      const materials = checkMaterials(command.data.materials, state.item.materials.map((m) => m.name));
      if (isError(materials)) return materials;
      const handedIn = new Set(materials.map((m) => m.material));
      const stillMissing = (state.supplement?.missing ?? []).filter((m) => !handedIn.has(m.material)).map((m) => m.material);
      if (materials.length === 0 || stillMissing.length > 0) {
        return invalid(
          'case.supplement_incomplete',
          `补正告知所列材料尚未补齐：${stillMissing.join('、') || '未提交任何材料'}`,
          `Not every material the notice asked for was handed in: ${stillMissing.join(', ') || 'no material at all'}`,
          { missing: stillMissing },
        );
      }
      if (state.status === 'supplement_requested') {
        // The complete materials are received today: the acceptance decision is due within 5 working days of it.
        const noticeDeadline = ctx.calendar.addWorkingDays(today, SUPPLEMENT_NOTICE_LIMIT.workingDays);
        return [{ type: 'CaseSupplemented', data: { caseId, stage: 'acceptance', materials, supplementedAt: now, noticeDeadline } }];
      }
      return [{ type: 'CaseSupplemented', data: { caseId, stage: 'review', materials, supplementedAt: now } }, resume(state, ctx)];
    }
    case 'RefuseCase': {
      if (state.status !== 'submitted' && state.status !== 'supplement_requested') return outOfOrder(state, ['submitted', 'supplement_requested'], '不予受理', 'refused');
      const refused = mayAct(state, CASE_ROLES.refuse, ctx);
      if (refused) return refused;
      const reasons = texts(command.data.reasons);
      if (reasons.length === 0) return invalid('case.refusal_needs_reasons', '不予受理须说明理由（行政许可法第三十二条）', 'A refusal to accept must state its reasons (Administrative License Law art. 32)');
      return [{ type: 'CaseRefused', data: { caseId, reasons, appealRights: REFUSAL_STATEMENT.appealRights, legalBasis: REFUSAL_STATEMENT.source, refusedAt: now } }];
    }
    case 'PreReviewCase': {
      if (state.status !== 'submitted') return outOfOrder(state, ['submitted'], '网上预审', 'pre-reviewed');
      const refused = mayAct(state, CASE_ROLES.preReview, ctx);
      if (refused) return refused;
      if (state.channel !== 'online') return conflict('case.no_pre_review', '只有网上申请需要预审', 'Only online applications are pre-reviewed', { channel: state.channel });
      if (state.preReviewedAt) return conflict('case.already_pre_reviewed', '本申请已预审通过，可以受理', 'This application has passed pre-review and can be accepted', { preReviewedAt: state.preReviewedAt });
      const missing = missingRequiredMaterials(state);
      if (missing.length > 0) return materialsMissing(missing);
      const opinion = command.data.opinion?.trim();
      if (!opinion) return invalid('case.opinion_required', '请填写预审意见', 'A pre-review needs an opinion');
      return [{ type: 'CasePreReviewed', data: { caseId, opinion, preReviewedAt: now } }];
    }
    case 'AcceptCase': {
      if (state.status !== 'submitted') return outOfOrder(state, ['submitted'], '受理', 'accepted');
      const refused = mayAct(state, CASE_ROLES.accept, ctx);
      if (refused) return refused;
      // Art. 32: not told within 5 working days of receipt, the case counts as accepted from the day of receipt.
      const deemedFromReceipt = today > state.noticeDeadline;
      // An online application is accepted once the window has pre-reviewed it, unless the law already counts it as accepted.
      if (state.channel === 'online' && !state.preReviewedAt && !deemedFromReceipt) {
        return conflict('case.pre_review_missing', '网上申请须先通过预审，再予受理', 'An online application is pre-reviewed before it is accepted');
      }
      const missing = missingRequiredMaterials(state);
      if (!deemedFromReceipt && missing.length > 0) return materialsMissing(missing);
      const startDate = deemedFromReceipt ? localDate(new Date(state.receivedAt)) : today;
      const limitDays = state.item.promisedLimitDays;
      const due = dueDates(ctx.calendar, { startDate, limitDays, suspendedDays: 0, extensionDays: 0 }, ctx.warningDays);
      return [{ type: 'CaseAccepted', data: { caseId, acceptedAt: now, limitDays, startDate, deemedFromReceipt, ...due } }];
    }
    case 'RecordReview': {
      if (state.status !== 'accepted') return outOfOrder(state, ['accepted'], '审查', 'reviewed');
      const refused = mayAct(state, CASE_ROLES.review, ctx);
      if (refused) return refused;
      const steps = state.item.workflow.filter((s) => s.kind === 'review').map((s) => s.name);
      if (!steps.includes(command.data.step)) {
        return invalid('case.unknown_review_step', `“${command.data.step}”不是本事项的审查环节（${steps.join('、') || '无'}）`, `“${command.data.step}” is not a review step of this item (${steps.join(', ') || 'none'})`, { steps });
      }
      const opinion = command.data.opinion?.trim();
      if (!opinion) return invalid('case.opinion_required', '请填写审查意见', 'A review needs an opinion');
      return [{ type: 'CaseReviewed', data: { caseId, step: command.data.step, opinion, reviewedAt: now } }];
    }
    case 'SuspendClock': {
      if (state.status !== 'accepted') return outOfOrder(state, ['accepted'], '中止计时', 'suspended');
      const refused = mayAct(state, CASE_ROLES.suspend, ctx) ?? withinLimit(state, today, '中止计时', 'suspend the clock');
      if (refused) return refused;
      if (!isSpecialProcedure(command.data.procedure)) {
        const allowed = Object.values(SPECIAL_PROCEDURES);
        return invalid(
          'case.not_a_special_procedure',
          `只有${allowed.map((p) => p.zh).join('、')}等特别程序不计入办理时限（行政许可法第四十五条）`,
          `Only special procedures (${allowed.map((p) => p.en).join(', ')}) stop the clock (Administrative License Law art. 45)`,
          { allowed: Object.keys(SPECIAL_PROCEDURES) },
        );
      }
      const reason = command.data.reason?.trim();
      if (!reason) return invalid('case.reason_required', '中止计时须说明理由', 'Suspending the clock needs a reason');
      return [{ type: 'CaseSuspended', data: { caseId, cause: command.data.procedure, reason, suspendedAt: now, suspendedDate: today, light: caseLight(state, today) } }];
    }
    case 'ResumeClock': {
      if (state.status !== 'suspended') return outOfOrder(state, ['suspended'], '恢复计时', 'resumed');
      const refused = mayAct(state, CASE_ROLES.suspend, ctx);
      if (refused) return refused;
      if (state.clock?.suspension?.cause === 'supplement') {
        return conflict('case.awaiting_supplement', '正在等待申请人补正材料，补正后自动恢复计时', 'Waiting for the applicant’s materials: the clock resumes when they are handed in');
      }
      return [resume(state, ctx)];
    }
    case 'ExtendTimeLimit': {
      if (state.status !== 'accepted' && state.status !== 'suspended') return outOfOrder(state, ['accepted', 'suspended'], '延期', 'extended');
      const refused = mayAct(state, CASE_ROLES.extend, ctx);
      if (refused) return refused;
      const clock = state.clock!;
      if (clock.extension) {
        return conflict('case.already_extended', `办理时限已延长过一次（${clock.extension.at.slice(0, 10)}），只能延长一次（行政许可法第四十二条）`, 'The time limit can be extended only once, and it already was (Administrative License Law art. 42)', {
          extension: clock.extension,
        });
      }
      const late = state.status === 'accepted' ? withinLimit(state, today, '延期', 'extend the limit') : undefined;
      if (late) return late;
      const reason = command.data.reason?.trim();
      if (!reason) return invalid('case.reason_required', '延长办理时限须说明理由', 'An extension needs a reason');
      const days = extensionDays(state.item.handling);
      const due = dueDates(ctx.calendar, { startDate: clock.startDate, limitDays: clock.limitDays, suspendedDays: clock.suspendedDays, extensionDays: days }, ctx.warningDays);
      const stopped = clock.suspension ? { suspendedLight: caseLight({ ...due, suspendedDate: clock.suspension.sinceDate }, today) } : {};
      return [{ type: 'CaseTimeLimitExtended', data: { caseId, days, reason, extendedAt: now, legalBasis: extensionSource(state.item.handling), ...due, ...stopped } }];
    }
    case 'DecideCase': {
      if (state.status !== 'accepted') return outOfOrder(state, ['accepted'], '作出决定', 'decided');
      const refused = mayAct(state, CASE_ROLES.decide, ctx);
      if (refused) return refused;
      // The item's workflow puts its review steps before the decision: each needs its opinion first.
      const unreviewed = stepsToReview(state.item.workflow, state.reviewedSteps);
      if (unreviewed.length > 0) {
        return conflict('case.reviews_missing', `尚有审查环节未完成：${unreviewed.join('、')}，不能作出决定`, `Review steps still to do before a decision: ${unreviewed.join(', ')}`, { steps: unreviewed });
      }
      const clock = state.clock!;
      const facts = {
        caseId,
        decidedAt: now,
        workingDaysUsed: workingDaysUsed(ctx.calendar, clock.startDate, today, clock.suspendedDays),
        suspendedDays: clock.suspendedDays,
        onTime: now <= clock.dueAt,
      };
      if (command.data.decision === 'granted') {
        const certificateDueDate = hasStep(state, 'certify') ? ctx.calendar.addWorkingDays(today, CERTIFICATE_DELIVERY_LIMIT.workingDays) : undefined;
        return [{ type: 'CaseGranted', data: { ...facts, ...(certificateDueDate ? { certificateDueDate } : {}) } }];
      }
      if (command.data.decision !== 'denied') return invalid('case.unknown_decision', '决定须为准予或不予许可', 'A decision is either granted or denied');
      const reasons = texts(command.data.reasons);
      if (reasons.length === 0) {
        return invalid('case.denial_needs_reasons', '不予许可须说明理由（行政许可法第三十八条）', 'A denial must state its reasons (Administrative License Law art. 38)');
      }
      return [{ type: 'CaseDenied', data: { ...facts, reasons, appealRights: DENIAL_STATEMENT.appealRights, legalBasis: DENIAL_STATEMENT.source } }];
    }
    case 'AssessFee': {
      if (state.status !== 'granted') return outOfOrder(state, ['granted'], '核定收费', 'charged');
      const refused = mayAct(state, CASE_ROLES.fee, ctx);
      if (refused) return refused;
      if (state.item.fee.kind === 'free') return conflict('case.no_fee', '本事项不收费', 'This item is free of charge');
      if (state.fee) return conflict('case.fee_already_assessed', '费用已核定', 'The fee has already been assessed', { amountCents: state.fee.amountCents });
      const assessment = assessFee(state.item.fee, state.formData);
      if ('missingField' in assessment) {
        return invalid('case.fee_quantity_missing', `申请表缺少计费字段“${assessment.missingField}”的数值`, `The form has no number in “${assessment.missingField}”, which the fee counts`);
      }
      return [{ type: 'CaseFeeAssessed', data: { caseId, amountCents: assessment.amountCents, rule: state.item.fee, ...(assessment.quantity !== undefined ? { quantity: assessment.quantity } : {}), assessedAt: now } }];
    }
    case 'RecordFeePayment': {
      if (state.status !== 'granted') return outOfOrder(state, ['granted'], '登记缴费', 'paid');
      const refused = mayAct(state, CASE_ROLES.fee, ctx);
      if (refused) return refused;
      if (!state.fee) return conflict('case.fee_not_assessed', '费用尚未核定', 'The fee has not been assessed yet');
      if (state.fee.paidAt) return conflict('case.fee_already_paid', '费用已缴纳', 'The fee has already been paid');
      if (command.data.amountCents !== state.fee.amountCents) {
        return invalid('case.payment_mismatch', `缴费金额须为核定金额 ${yuan(state.fee.amountCents)} 元`, `The payment must be the assessed ¥${yuan(state.fee.amountCents)}`, { amountCents: state.fee.amountCents });
      }
      const receiptNo = command.data.receiptNo?.trim();
      if (!receiptNo) return invalid('case.receipt_required', '请填写缴费票据号', 'A payment needs its receipt number');
      return [{ type: 'CaseFeePaid', data: { caseId, amountCents: state.fee.amountCents, receiptNo, paidAt: now } }];
    }
    case 'IssueCertificate': {
      if (state.status !== 'granted') return outOfOrder(state, ['granted'], '发证', 'given its certificate');
      const refused = mayAct(state, CASE_ROLES.certify, ctx);
      if (refused) return refused;
      if (!hasStep(state, 'certify')) return conflict('case.no_certificate', '本事项不颁发证照', 'This item issues no certificate');
      if (feeOutstanding(state)) return conflict('case.fee_unpaid', '费用尚未缴纳，不能发证', 'The fee is not paid yet: no certificate before it is');
      const validFrom = command.data.validFrom ?? today;
      const validUntil = command.data.validUntil ?? null;
      if (!isCalendarDate(validFrom) || (validUntil !== null && (!isCalendarDate(validUntil) || validUntil <= validFrom))) {
        return invalid('case.bad_validity', '有效期须为日期（YYYY-MM-DD），截止日期须晚于起始日期', 'Validity dates are YYYY-MM-DD, and the end comes after the start');
      }
      const dueDate = state.decision?.certificateDueDate ?? ctx.calendar.addWorkingDays(localDate(new Date(state.decision!.decidedAt)), CERTIFICATE_DELIVERY_LIMIT.workingDays);
      const { kind, name, idNumber, creditCode } = state.applicant;
      return [
        {
          type: 'CaseCertificateIssued',
          data: {
            caseId,
            certificateNo: certificateNumber(state.item.code, state.caseNo),
            licenseType: state.item.code,
            licenseName: state.item.name,
            department: state.item.department,
            holder: { kind, name, ...(kind === 'person' ? { idNumber } : { creditCode }) },
            validFrom,
            validUntil,
            issuedAt: now,
            dueDate,
            onTime: today <= dueDate,
          },
        },
      ];
    }
    case 'DeliverCase': {
      const ready = state.status === 'certificate_issued' || (state.status === 'granted' && !hasStep(state, 'certify'));
      if (!ready) return outOfOrder(state, hasStep(state, 'certify') ? ['certificate_issued'] : ['granted'], '送达', 'delivered');
      const refused = mayAct(state, CASE_ROLES.deliver, ctx);
      if (refused) return refused;
      if (!hasStep(state, 'deliver')) return conflict('case.no_delivery_step', '本事项的流程没有送达环节', 'This item’s workflow has no delivery step');
      if (feeOutstanding(state)) return conflict('case.fee_unpaid', '费用尚未缴纳，不能送达', 'The fee is not paid yet');
      const method = command.data.method ?? state.deliveryMethod;
      if (!state.item.delivery.includes(method)) {
        const offered = state.item.delivery.map((m) => DELIVERY_METHODS[m]);
        return invalid('case.delivery_method_not_offered', `本事项的送达方式为：${offered.map((m) => m.zh).join('、')}`, `This item is delivered ${offered.map((m) => m.en).join(' or ')}`, { offered: state.item.delivery });
      }
      const trackingNo = command.data.trackingNo?.trim();
      if (method === 'mail' && !trackingNo) return invalid('case.tracking_no_required', '邮寄送达须填写快递单号', 'Delivery by mail needs the tracking number');
      const dueDate = state.decision?.certificateDueDate;
      return [{ type: 'CaseDelivered', data: { caseId, method, ...(trackingNo ? { trackingNo } : {}), deliveredAt: now, ...(dueDate ? { onTime: today <= dueDate } : {}) } }];
    }
    case 'CompleteCase': {
      const done = ['granted', 'denied', 'certificate_issued', 'delivered'] as const;
      if (!(done as readonly CaseStatus[]).includes(state.status)) return outOfOrder(state, done, '办结', 'completed');
      const refused = mayAct(state, CASE_ROLES.complete, ctx);
      if (refused) return refused;
      if (state.status !== 'denied') {
        if (feeOutstanding(state)) return conflict('case.fee_unpaid', '费用尚未缴纳，不能办结', 'The fee is not paid yet: the case cannot be completed');
        if (state.status === 'granted' && hasStep(state, 'certify')) return conflict('case.certificate_not_issued', '尚未发证，不能办结', 'No certificate issued yet: the case cannot be completed');
        if (state.status !== 'delivered' && hasStep(state, 'deliver')) return conflict('case.not_delivered', '尚未送达，不能办结', 'Not delivered yet: the case cannot be completed');
      }
      return [{ type: 'CaseCompleted', data: { caseId, completedAt: now } }];
    }
    case 'WithdrawCase': {
      if (!BEFORE_DECISION.includes(state.status)) return outOfOrder(state, BEFORE_DECISION, '撤回', 'withdrawn');
      const refused = mayAct(state, CASE_ROLES.withdraw, ctx);
      if (refused) return refused;
      const reason = command.data.reason?.trim();
      return [{ type: 'CaseWithdrawn', data: { caseId, ...(reason ? { reason } : {}), withdrawnAt: now } }];
    }
    case 'TerminateCase': {
      if (!BEFORE_DECISION.includes(state.status)) return outOfOrder(state, BEFORE_DECISION, '终止', 'terminated');
      const refused = mayAct(state, CASE_ROLES.terminate, ctx);
      if (refused) return refused;
      const reason = command.data.reason?.trim();
      if (!reason) return invalid('case.reason_required', '终止办理须说明理由', 'Terminating a case needs a reason');
      return [{ type: 'CaseTerminated', data: { caseId, reason, terminatedAt: now } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** Open cases not yet decided: they can be withdrawn or terminated. */
const BEFORE_DECISION: readonly CaseStatus[] = ['submitted', 'supplement_requested', 'accepted', 'suspended'];

function submit(data: Extract<CaseCommand, { type: 'SubmitCase' }>['data'], state: CaseState, ctx: CaseDecideContext): Decision<CaseEvent> {
  const { item: { availability, ...item }, materials: uploaded, deliveryMethod, heldLicenses, projectCode: _, ...rest } = data;
  if (state.status !== 'none') return outOfOrder(state, ['none'], '提交', 'submitted');
  if (availability !== 'open') {
    const why = { not_published: ['未发布', 'is not published'], suspended: ['已暂停受理', 'is suspended'], retired: ['已取消', 'has been retired'] }[availability];
    return conflict(availability === 'not_published' ? 'case.item_not_published' : `case.item_${availability}`, `事项“${item.name}”${why[0]}，不能申请`, `“${item.name}” ${why[1]} and cannot be applied for`, {
      itemCode: item.code,
    });
  }
  const problem = checkApplication(data);
  if (problem) return problem;
  const formProblems = ctx.forms.problems(item.form, data.formData);
  if (formProblems.length > 0) {
    return invalid(
      'case.form_invalid',
      `申请表填写有误：${formProblems.map((p) => `${p.field || '申请表'}${p.message.zh}`).join('；')}`,
      `The application form is not filled in correctly: ${formProblems.map((p) => `${p.field || 'form'} ${p.message.en}`).join('; ')}`,
      { problems: formProblems },
    );
  }
  const projectCode = projectCodeOf(data);
  if (isError(projectCode)) return projectCode;
  const files = checkMaterials(uploaded, item.materials.map((m) => m.name));
  if (isError(files)) return files;
  const materials: ProvidedMaterial[] = [...files, ...licenseStandIns(item.materials, files, heldLicenses ?? [], holderIdOf(data.applicant), localDate(ctx.now))];
  const method = deliveryMethod ?? item.delivery[0]!;
  if (!item.delivery.includes(method)) {
    return invalid('case.delivery_method_not_offered', `本事项不提供${DELIVERY_METHODS[method]?.zh ?? String(method)}`, `This item is not delivered ${DELIVERY_METHODS[method]?.en ?? String(method)}`, { offered: item.delivery });
  }
  const now = ctx.now.toISOString();
  const noticeDeadline = ctx.calendar.addWorkingDays(localDate(ctx.now), SUPPLEMENT_NOTICE_LIMIT.workingDays);
  const applicantUserId = ctx.actor.role === 'applicant' ? ctx.actor.id : undefined;
  return [
    {
      type: 'CaseSubmitted',
      data: { ...rest, ...(applicantUserId ? { applicantUserId } : {}), ...(projectCode ? { projectCode } : {}), materials, deliveryMethod: method, item, submittedAt: now, noticeDeadline },
    },
  ];
}

/** Art. 32: the window tells the applicant every missing material at once, within 5 working days of receipt, and only once. */
function requestSupplementBeforeAcceptance(data: { readonly missing: readonly MissingMaterial[]; readonly note?: string }, state: CaseFile, ctx: CaseDecideContext): Decision<CaseEvent> {
  const refused = mayAct(state, CASE_ROLES.requestSupplement, ctx);
  if (refused) return refused;
  if (state.noticeGiven) {
    return conflict('case.supplement_already_requested', '补正材料须一次性告知，本办件已告知过（行政许可法第三十二条）', 'Missing materials are told all at once, and this case was already told (Administrative License Law art. 32)');
  }
  const today = localDate(ctx.now);
  if (today > state.noticeDeadline) {
    const received = localDate(new Date(state.receivedAt));
    return conflict(
      'case.supplement_notice_too_late',
      `收到申请材料已超过${SUPPLEMENT_NOTICE_LIMIT.workingDays}个工作日（期限至${state.noticeDeadline}），不能再要求补正；依法自收到材料之日（${received}）起即为受理（行政许可法第三十二条）`,
      `More than ${SUPPLEMENT_NOTICE_LIMIT.workingDays} working days have passed since the materials were received (the notice was due by ${state.noticeDeadline}); the case counts as accepted from ${received} (Administrative License Law art. 32)`,
      { receivedDate: received, noticeDeadline: state.noticeDeadline },
    );
  }
  const notice = checkNotice(data.missing, state);
  if (isError(notice)) return notice;
  const listed = new Set(notice.map((m) => m.material));
  const omitted = missingRequiredMaterials(state).filter((name) => !listed.has(name));
  if (omitted.length > 0) {
    return invalid(
      'case.supplement_notice_incomplete',
      `补正告知须一次性列明全部缺少的材料，还缺：${omitted.join('、')}`,
      `The notice must list every missing material at once; it leaves out: ${omitted.join(', ')}`,
      { omitted },
    );
  }
  const note = data.note?.trim();
  return [
    {
      type: 'CaseSupplementRequested',
      data: { caseId: state.caseId, stage: 'acceptance', missing: notice, ...(note ? { note } : {}), requestedAt: ctx.now.toISOString(), legalBasis: SUPPLEMENT_NOTICE_LIMIT.source },
    },
  ];
}

/** A notice names materials of the item, each once, each with what is wrong. */
function checkNotice(entries: readonly MissingMaterial[] | undefined, state: CaseFile): MissingMaterial[] | DomainError {
  const names = state.item.materials.map((m) => m.name);
  const notice = (entries ?? []).map((e) => ({ material: e.material?.trim() ?? '', reason: e.reason?.trim() ?? '' }));
  if (notice.length === 0) return invalid('case.notice_empty', '补正告知须列明需要补正的材料', 'A supplement notice lists the materials needed');
  const unknown = notice.find((e) => !names.includes(e.material));
  if (unknown) return unknownMaterial(unknown.material, names);
  if (notice.some((e) => !e.reason)) return invalid('case.notice_reason_required', '每项补正材料须说明需要补正的内容', 'Each material in the notice says what is needed');
  if (new Set(notice.map((e) => e.material)).size !== notice.length) return invalid('case.notice_duplicate', '补正告知中的材料不能重复', 'Each material appears once in the notice');
  return notice;
}

/**
 * 免提交: each material no file was given for, whose stand-ins name the type of a license the
 * applicant holds and that is valid today, is attached from the license library.
 */
function licenseStandIns(
  materials: readonly Material[],
  files: readonly UploadedFile[],
  held: readonly HeldLicense[],
  holderId: string | undefined,
  today: string,
): LicenseStandIn[] {
  const given = new Set(files.map((f) => f.material));
  const usable = held.filter((l) => holderId !== undefined && l.holderId === holderId && isLicenseValid(l, today));
  return materials.flatMap((m) => {
    if (given.has(m.name)) return [];
    const license = usable.find((l) => (m.standIns ?? []).includes(l.licenseType));
    return license ? [{ material: m.name, source: 'license-library' as const, licenseNo: license.number, licenseType: license.licenseType }] : [];
  });
}

/** 项目代码: given with the application or in the form's `projectCode` field, in the human-readable shape. */
function projectCodeOf(data: Extract<CaseCommand, { type: 'SubmitCase' }>['data']): string | undefined | DomainError {
  const fromForm = data.formData?.['projectCode'];
  const code = data.projectCode ?? (typeof fromForm === 'string' ? fromForm : undefined);
  if (code === undefined || code.trim() === '') return undefined;
  if (!PROJECT_CODE.pattern.test(code.trim())) {
    return invalid('case.bad_project_code', `项目代码 ${code} 格式不正确，应形如 ${PROJECT_CODE.example}`, `The project code ${code} is not valid: it looks like ${PROJECT_CODE.example}`, {
      field: 'projectCode',
    });
  }
  return code.trim();
}

/** Files named for the item's materials, each known to the material store, none twice. */
function checkMaterials(uploaded: readonly UploadedMaterial[] | undefined, names: readonly string[]): UploadedFile[] | DomainError {
  const out: UploadedFile[] = [];
  for (const file of uploaded ?? []) {
    if (!names.includes(file.material)) return unknownMaterial(file.material, names);
    if (!file.stored) {
      return invalid('case.material_not_uploaded', `材料“${file.material}”的文件未上传或无法找到，请重新上传`, `The file for “${file.material}” was not uploaded or cannot be found; upload it again`, {
        material: file.material,
        digest: file.digest,
      });
    }
    if (out.some((m) => m.material === file.material && m.digest === file.digest)) {
      return invalid('case.duplicate_material_file', `材料“${file.material}”的同一文件提交了两次`, `The same file was given twice for “${file.material}”`, { material: file.material });
    }
    out.push({ material: file.material, digest: file.digest, size: file.stored.size, type: file.stored.type });
  }
  return out;
}

const unknownMaterial = (name: string, names: readonly string[]) =>
  invalid('case.unknown_material', `“${name}”不是本事项的申请材料（${names.join('、') || '无'}）`, `“${name}” is not a material of this item (${names.join(', ') || 'none'})`, { material: name, materials: names });

/** The clock runs again: the due date moves by the working days it stood still. */
function resume(state: CaseFile, ctx: CaseDecideContext): CaseEvent {
  const clock = state.clock!;
  const suspendedDays = suspendedWorkingDays(ctx.calendar, clock.suspension!.sinceDate, localDate(ctx.now));
  const totalSuspendedDays = clock.suspendedDays + suspendedDays;
  const due = dueDates(ctx.calendar, { startDate: clock.startDate, limitDays: clock.limitDays, suspendedDays: totalSuspendedDays, extensionDays: clock.extension?.days ?? 0 }, ctx.warningDays);
  return { type: 'CaseResumed', data: { caseId: state.caseId, resumedAt: ctx.now.toISOString(), suspendedDays, totalSuspendedDays, ...due } };
}

/** Suspending or extending is for a limit still running: once it has run out, the case is late. */
function withinLimit(state: CaseFile, today: string, actionZh: string, actionEn: string): DomainError | undefined {
  const dueDate = state.clock?.dueDate;
  if (!dueDate || today <= dueDate) return undefined;
  return conflict('case.limit_already_passed', `办理时限已于${dueDate}届满，不能再${actionZh}`, `The time limit ran out on ${dueDate}: too late to ${actionEn}`, { dueDate });
}

const STATUS_LABEL: Record<CaseStatus, { zh: string; en: string }> = {
  none: { zh: '尚未提交', en: 'not submitted' },
  submitted: { zh: '已提交待受理', en: 'submitted, awaiting acceptance' },
  supplement_requested: { zh: '待补正', en: 'waiting for materials' },
  refused: { zh: '不予受理', en: 'refused' },
  accepted: { zh: '已受理', en: 'accepted' },
  suspended: { zh: '已中止计时', en: 'suspended' },
  granted: { zh: '已准予许可', en: 'granted' },
  denied: { zh: '已不予许可', en: 'denied' },
  certificate_issued: { zh: '已发证', en: 'given its certificate' },
  delivered: { zh: '已送达', en: 'delivered' },
  completed: { zh: '已办结', en: 'completed' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  terminated: { zh: '已终止', en: 'terminated' },
};

/** Required materials not handed in: the window tells the applicant all of them at once (art. 32). */
function materialsMissing(missing: readonly string[]): DomainError {
  return conflict(
    'case.materials_missing',
    `申请材料不齐全，缺少：${missing.join('、')}。请一次性告知申请人补正（行政许可法第三十二条）`,
    `Materials are missing: ${missing.join(', ')}. Tell the applicant all of them at once (Administrative License Law art. 32)`,
    { missing },
  );
}

/** A transition out of order: say where the case is and where it would need to be. */
function outOfOrder(state: CaseState, allowed: readonly CaseStatus[], actionZh: string, actionEn: string): DomainError {
  if (state.status === 'none') return notFound('case.not_found', '办件不存在', 'No such case');
  const now = STATUS_LABEL[state.status];
  const needed = allowed.map((s) => STATUS_LABEL[s]);
  return conflict(
    'case.wrong_status',
    `办件${now.zh}，不能${actionZh}（须为${needed.map((n) => n.zh).join('或')}）`,
    `The case is ${now.en}; it can be ${actionEn} only when ${needed.map((n) => n.en).join(' or ')}`,
    { status: state.status, allowed },
  );
}

/**
 * Who may act: the role must be one of the step's; department staff act only on their department's
 * cases, applicants only on their own.
 */
function mayAct(state: CaseFile, roles: readonly Role[], ctx: CaseDecideContext): DomainError | undefined {
  if (!(roles as readonly string[]).includes(ctx.actor.role)) {
    return forbidden('case.role_not_allowed', '您的岗位不能办理此环节', 'Your role cannot perform this step', { role: ctx.actor.role, allowed: roles });
  }
  if (ctx.actor.role === 'applicant') {
    return state.applicantUserId === ctx.actor.id ? undefined : forbidden('case.not_your_case', '只能办理本人申请的办件', 'Applicants act only on their own cases');
  }
  if (ctx.actor.department !== state.item.department) {
    return forbidden('case.other_department', '只能办理本部门的办件', 'Staff handle only their own department’s cases', { department: state.item.department });
  }
  return undefined;
}

const isText = (s: unknown) => typeof s === 'string' && s.trim() !== '';
const texts = (list: readonly string[] | undefined) => (list ?? []).map((r) => r.trim()).filter((r) => r !== '');
const isError = (value: unknown): value is DomainError => typeof value === 'object' && value !== null && 'isDomainError' in value;
const yuan = (cents: number) => (cents / 100).toFixed(2);

/** 'YYYY-MM-DD' naming a real day. */
function isCalendarDate(value: unknown): value is string {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** Who applies, by a name and a valid identifier: ID numbers and credit codes are checked by their check characters. */
function checkApplication(data: Extract<CaseCommand, { type: 'SubmitCase' }>['data']): DomainError | undefined {
  if (!isText(data.caseId) || !isText(data.caseNo)) return invalid('case.number_required', '缺少办件编号', 'A case needs its id and case number');
  if (!['online', 'window', 'kiosk'].includes(data.channel)) {
    return invalid('case.bad_channel', '申请渠道须为网上、窗口或自助终端', 'The channel is online, window or kiosk');
  }
  const { kind, name, idNumber, creditCode } = data.applicant ?? {};
  if (kind !== 'person' && kind !== 'enterprise') return invalid('case.bad_applicant_kind', '申请人须为个人或企业', 'The applicant is a person or an enterprise');
  if (!isText(name)) return invalid('case.applicant_name_required', '请填写申请人名称', 'The applicant’s name is required');
  if (kind === 'person') {
    if (!isText(idNumber)) return invalid('case.id_number_required', '个人申请须提供身份证号码', 'A person applies with a citizen ID number');
    if (!isValidCitizenId(idNumber!)) {
      return invalid(
        'case.bad_id_number',
        `身份证号码 ${maskIdNumber(idNumber!)} 不正确：须为18位，出生日期有效，末位校验码符合 GB 11643`,
        `The citizen ID number ${maskIdNumber(idNumber!)} is not valid: 18 characters, a real birth date and the GB 11643 check character`,
        { field: 'applicant.idNumber' },
      );
    }
  }
  if (kind === 'enterprise') {
    if (!isText(creditCode)) return invalid('case.credit_code_required', '企业申请须提供统一社会信用代码', 'An enterprise applies with its unified social credit code');
    if (!isValidCreditCode(creditCode!)) {
      return invalid(
        'case.bad_credit_code',
        `统一社会信用代码 ${creditCode} 不正确：须为18位，末位校验码符合 GB 32100`,
        `The unified social credit code ${creditCode} is not valid: 18 characters with the GB 32100 check character`,
        { field: 'applicant.creditCode' },
      );
    }
  }
  return undefined;
}
