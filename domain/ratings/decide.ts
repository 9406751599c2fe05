import type { Role } from '../identity/roles.js';
import { endOfLocalDay, localDate, type WorkingCalendar } from '../shared/calendar.js';
import type { DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../shared/errors.js';
import type { Bilingual } from '../shared/messages.js';
import type { RatingCommand } from './commands.js';
import type { RatingEvent } from './events.js';
import { isBadRating, MAX_RATING_TEXT_LENGTH, RATING_CHANNELS, RATING_ROLES, RATING_SCALE, type Score } from './rules.js';
import type { RatingState, RatingStatus } from './state.js';

/** Ratings also need the working-day calendar and the city's rectification limit. */
export interface RatingDecideContext extends DecideContext {
  readonly calendar: WorkingCalendar;
  /** *(default 15)* working days to verify and rectify a bad rating. */
  readonly rectificationWorkingDays: number;
}

export function decide(command: RatingCommand, state: RatingState, ctx: RatingDecideContext): Decision<RatingEvent> {
  const now = ctx.now.toISOString();
  switch (command.type) {
    case 'RateService': {
      const { caseId, case: rated, score, channel } = command.data;
      const refused = raterRefusal(command.data, ctx);
      if (refused) return refused;
      if (state.status !== 'none') {
        return conflict('rating.already_rated', '该办件已评价，每件办件只能评价一次', 'This case has already been rated; a case is rated once', { caseId });
      }
      if (!Number.isInteger(score) || score < RATING_SCALE.min || score > RATING_SCALE.max) {
        return invalid(
          'rating.bad_score',
          `评价须为 ${RATING_SCALE.min} 至 ${RATING_SCALE.max}（非常不满意 1 … 非常满意 5）`,
          `A rating is from ${RATING_SCALE.min} to ${RATING_SCALE.max} (very dissatisfied 1 … very satisfied 5)`,
          { field: 'score', score },
        );
      }
      if (!(RATING_CHANNELS as readonly string[]).includes(channel)) {
        return invalid('rating.bad_channel', '评价渠道须为网上、窗口评价器或短信', 'A rating comes from the portal, the window tablet or SMS', { field: 'channel' });
      }
      const comment = text(command.data.comment);
      if (comment && comment.length > MAX_RATING_TEXT_LENGTH) return tooLong('comment');
      const events: RatingEvent[] = [
        { type: 'ServiceRated', data: { caseId, case: rated, score: score as Score, channel, ...(comment ? { comment } : {}), ratedAt: now } },
      ];
      if (isBadRating(score)) {
        const workingDays = ctx.rectificationWorkingDays;
        const dueDate = ctx.calendar.addWorkingDays(localDate(ctx.now), workingDays);
        events.push({ type: 'RectificationOpened', data: { caseId, department: rated.department, openedAt: now, workingDays, dueDate, dueAt: endOfLocalDay(dueDate) } });
      }
      return events;
    }
    case 'VerifyComplaint': {
      if (state.status !== 'awaiting_verification') return outOfOrder(state, 'awaiting_verification', { zh: '核实', en: 'verified' });
      const refused = departmentHead(state.case.department, RATING_ROLES.verify, ctx);
      if (refused) return refused;
      const { finding } = command.data;
      if (finding !== 'verified' && finding !== 'unfounded') {
        return invalid('rating.bad_finding', '核实结论须为属实或不属实', 'A finding is verified or unfounded', { field: 'finding' });
      }
      const reason = text(command.data.reason);
      if (!reason) return invalid('rating.reason_required', '请写明核实情况', 'State what the verification found', { field: 'reason' });
      if (reason.length > MAX_RATING_TEXT_LENGTH) return tooLong('reason');
      return [{ type: 'ComplaintVerified', data: { caseId: state.caseId, finding, reason, verifiedAt: now, onTime: now <= state.rectification.dueAt } }];
    }
    case 'Rectify': {
      if (state.status !== 'awaiting_rectification') return outOfOrder(state, 'awaiting_rectification', { zh: '整改', en: 'rectified' });
      const refused = departmentHead(state.case.department, RATING_ROLES.rectify, ctx);
      if (refused) return refused;
      const measures = text(command.data.measures);
      if (!measures) return invalid('rating.measures_required', '请写明整改措施', 'State what was done to rectify', { field: 'measures' });
      if (measures.length > MAX_RATING_TEXT_LENGTH) return tooLong('measures');
      return [{ type: 'ServiceRectified', data: { caseId: state.caseId, measures, rectifiedAt: now, onTime: now <= state.rectification.dueAt } }];
    }
    case 'CallBack': {
      if (state.status !== 'awaiting_callback') return outOfOrder(state, 'awaiting_callback', { zh: '回访', en: 'called back' });
      const refused = departmentHead(state.case.department, RATING_ROLES.callBack, ctx);
      if (refused) return refused;
      if (typeof command.data.satisfied !== 'boolean') {
        return invalid('rating.satisfied_required', '请记录申请人是否满意', 'Record whether the applicant is satisfied', { field: 'satisfied' });
      }
      const note = text(command.data.note);
      if (note && note.length > MAX_RATING_TEXT_LENGTH) return tooLong('note');
      return [{ type: 'ApplicantCalledBack', data: { caseId: state.caseId, satisfied: command.data.satisfied, ...(note ? { note } : {}), calledBackAt: now } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** The applicant rates their own case; window staff of its department record a window-tablet rating for them. */
function raterRefusal(data: Extract<RatingCommand, { type: 'RateService' }>['data'], ctx: RatingDecideContext): DomainError | undefined {
  const { actor } = ctx;
  if (actor.role === 'applicant' && data.case.applicantId !== null && actor.id === data.case.applicantId) return undefined;
  if (actor.role === 'window_staff' && actor.department === data.case.department) {
    if (data.channel === 'window_tablet') return undefined;
    return forbidden('rating.window_tablet_only', '窗口人员只能代录窗口评价器上的评价', 'Window staff record only ratings given on the window tablet', { channel: data.channel });
  }
  return forbidden('rating.not_applicant', '只有本办件的申请人可以评价', 'Only the applicant of this case may rate it');
}

/** The head of the rated case's department answers a bad rating. */
function departmentHead(department: string, roles: readonly Role[], ctx: RatingDecideContext): DomainError | undefined {
  if (!(roles as readonly string[]).includes(ctx.actor.role)) {
    return forbidden('rating.role_not_allowed', '您的岗位不能办理此环节', 'Your role cannot perform this step', { role: ctx.actor.role, allowed: roles });
  }
  if (ctx.actor.department !== department) {
    return forbidden('rating.other_department', '只能处理本部门的差评', 'A department answers only its own bad ratings', { department });
  }
  return undefined;
}

const STATUS_LABEL: Record<RatingStatus, Bilingual> = {
  none: { zh: '尚无评价', en: 'not rated' },
  rated: { zh: '不是差评，无需整改', en: 'not a bad rating and needs no rectification' },
  awaiting_verification: { zh: '待核实', en: 'awaiting verification' },
  awaiting_rectification: { zh: '待整改', en: 'awaiting rectification' },
  awaiting_callback: { zh: '待回访', en: 'awaiting the callback' },
  closed: { zh: '已回访办结', en: 'closed after the callback' },
};

/** A step out of order: say where the rating is and where it would need to be. */
function outOfOrder(state: RatingState, needed: RatingStatus, action: Bilingual): DomainError {
  if (state.status === 'none') return notFound('rating.not_found', '该办件尚无评价', 'This case has not been rated');
  const now = STATUS_LABEL[state.status];
  const wanted = STATUS_LABEL[needed];
  return conflict(
    'rating.wrong_status',
    `该评价${now.zh}，不能${action.zh}（须为${wanted.zh}）`,
    `The rating is ${now.en}; it can be ${action.en} only when ${wanted.en}`,
    { status: state.status, needed },
  );
}

function tooLong(field: string): DomainError {
  return invalid('rating.text_too_long', `内容不能超过 ${MAX_RATING_TEXT_LENGTH} 字`, `At most ${MAX_RATING_TEXT_LENGTH} characters`, { field });
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
