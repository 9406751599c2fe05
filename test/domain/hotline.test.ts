import { describe, expect, it } from 'vitest';
import { fold } from '../../domain/shared/decider.js';
import { ticketDecider, ticketStreamId, type TicketCommand, type TicketEvent } from '../../domain/hotline/index.js';
import { spec } from '../support/decider-spec.js';
import {
  bbqFacts,
  calledBack,
  citizen,
  closed,
  ctx,
  dispatched,
  healthHandler,
  housingHandler,
  marketHandler,
  operator,
  register,
  registered,
  replied,
  returned,
  signed,
  supervisor,
  urgentRegistered,
} from './hotline-fixtures.js';

const given = (events: readonly TicketEvent[]) => spec(ticketDecider, ctx).given(events);
const t = (type: TicketCommand['type'], data: Record<string, unknown> = {}) => ({ type, data: { ticketId: 't-1', ...data } }) as TicketCommand;
const at = (iso: string) => new Date(iso);

describe('registering a call (登记)', () => {
  it('the operator registers a complaint with its category path, district and caller', () => {
    given([])
      .when(register({ content: '  小区楼下烧烤店每天夜里噪音扰民  ' }))
      .then([
        {
          type: 'TicketRegistered',
          data: {
            ...bbqFacts,
            content: '小区楼下烧烤店每天夜里噪音扰民',
            category: { code: 'CG.SR.ZY', pathNames: ['城市管理', '市容环境', '噪音扰民'] },
            district: { code: 'GX', name: '高新区' },
            registeredAt: '2026-11-02T02:00:00.000Z',
          },
        },
      ]);
    expect(ticketStreamId('t-1')).toBe('ticket-t-1');
  });

  it('takes every ticket type and every channel', () => {
    for (const type of ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const) given([]).when(register({ type })).then([{ type: 'TicketRegistered', data: { type } }]);
    for (const channel of ['phone', 'web', 'app', 'mini_program', 'email'] as const) given([]).when(register({ channel })).then([{ type: 'TicketRegistered', data: { channel } }]);
  });

  it('refuses a category or district the classification does not have in use', () => {
    const unknownCategory = given([]).when(register({ categoryCode: 'NOPE', category: undefined })).thenError('ticket.unknown_category', 'invalid');
    expect(unknownCategory.details).toMatchObject({ field: 'categoryCode' });
    given([]).when(register({ districtCode: 'XX', district: undefined })).thenError('ticket.unknown_district', 'invalid');
    // A category found for another code than the one asked for is not the one asked for.
    given([]).when(register({ categoryCode: 'CG' })).thenError('ticket.unknown_category');
  });

  it('refuses an empty request, an unknown type, channel or urgency, and a phone number that is not one', () => {
    given([]).when(register({ content: '   ' })).thenError('ticket.content_required', 'invalid');
    given([]).when(register({ type: 'gossip' as never })).thenError('ticket.bad_type');
    given([]).when(register({ channel: 'fax' as never })).thenError('ticket.bad_channel');
    given([]).when(register({ urgency: 'very' as never })).thenError('ticket.bad_urgency');
    given([]).when(register({ caller: { phone: '不告诉你' } })).thenError('ticket.bad_phone');
  });

  it('a caller may stay anonymous', () => {
    const [event] = given([]).when(register({ caller: {} })).then([{ type: 'TicketRegistered' }]);
    expect(event!.data).toMatchObject({ caller: {} });
  });

  it('a citizen submits on the web by themselves, but cannot pose as a phone call', () => {
    given([]).when(register({ channel: 'web' }), { actor: citizen }).then([{ type: 'TicketRegistered', data: { channel: 'web' } }]);
    given([]).when(register({ channel: 'phone' }), { actor: citizen }).thenError('ticket.self_service_channel', 'forbidden');
  });

  it('only the center registers calls: a department handler cannot', () => {
    given([]).when(register(), { actor: marketHandler }).thenError('ticket.role_not_allowed', 'forbidden');
  });

  it('a ticket is registered once', () => {
    given([registered]).when(register()).thenError('ticket.already_registered', 'conflict');
  });

  it('records the operator who took the call, who sees the caller; a citizen’s own submission has none', () => {
    const [byOperator] = given([]).when(register()).then([{ type: 'TicketRegistered', data: { registeredBy: 'u-op' } }]);
    expect(fold(ticketDecider, [byOperator!])).toMatchObject({ operators: ['u-op'] });
    const [byCitizen] = given([]).when(register({ channel: 'web' }), { actor: citizen }).then([{ type: 'TicketRegistered' }]);
    expect(byCitizen!.data).not.toHaveProperty('registeredBy');
  });
});

describe('taking a ticket over (接手)', () => {
  const otherOperator = { id: 'u-op2', role: 'hotline_operator' };

  it('another operator takes over an open ticket, and the ticket records who', () => {
    given([registered, dispatched()]).when(t('TakeOverTicket'), { actor: otherOperator }).then([{ type: 'TicketTakenOver', data: { ticketId: 't-1', operatorId: 'u-op2' } }]);
    const taken: TicketEvent = { type: 'TicketTakenOver', data: { ticketId: 't-1', operatorId: 'u-op2', takenOverAt: '2026-11-02T03:00:00.000Z' } };
    expect(fold(ticketDecider, [registered, taken])).toMatchObject({ operators: ['u-op2'] });
  });

  it('taking over a ticket one already holds records nothing', () => {
    const mine: TicketEvent = { type: 'TicketRegistered', data: { ...(registered.data as object), registeredBy: 'u-op' } } as TicketEvent;
    expect(ticketDecider.decide(t('TakeOverTicket'), fold(ticketDecider, [mine]), ctx)).toEqual([]);
  });

  it('only an operator, and only while the ticket is open', () => {
    given([registered, dispatched()]).when(t('TakeOverTicket'), { actor: marketHandler }).thenError('ticket.role_not_allowed', 'forbidden');
    given([registered, dispatched()]).when(t('TakeOverTicket'), { actor: supervisor }).thenError('ticket.role_not_allowed', 'forbidden');
    given([registered, dispatched(), signed, replied(), calledBack('satisfied'), closed]).when(t('TakeOverTicket'), { actor: otherOperator }).thenError('ticket.wrong_status', 'conflict');
  });
});

describe('answering directly (直办)', () => {
  it('the operator answers from a knowledge base article, and the ticket records which version', () => {
    given([registered])
      .when(t('AnswerTicket', { answer: '可拨打12345转环保热线，或在夜间直接报警', article: { id: 'a-1', version: 3, title: '噪音扰民如何投诉' } }))
      .then([{ type: 'TicketAnswered', data: { answer: '可拨打12345转环保热线，或在夜间直接报警', article: { id: 'a-1', version: 3, title: '噪音扰民如何投诉' } } }]);
  });

  it('an answered ticket is closed without a department', () => {
    const answered: TicketEvent = { type: 'TicketAnswered', data: { ticketId: 't-1', answer: '已答复', answeredAt: '2026-11-02T02:05:00.000Z' } };
    given([registered, answered]).when(t('CloseTicket')).then([{ type: 'TicketClosed', data: { resolution: 'answered' } }]);
  });

  it('needs an answer, and cannot answer a ticket already dispatched', () => {
    given([registered]).when(t('AnswerTicket', { answer: ' ' })).thenError('ticket.answer_required');
    given([registered, dispatched()]).when(t('AnswerTicket', { answer: '已答复' })).thenError('ticket.wrong_status', 'conflict');
  });
});

describe('dispatching (派单)', () => {
  it('to a lead department and co-handling departments, with the sign and finish clocks of a normal ticket', () => {
    given([registered])
      .when(t('DispatchTicket', { department: 'market', coHandlers: ['housing', 'housing', ' '] }))
      .then([
        {
          type: 'TicketDispatched',
          data: {
            department: 'market',
            coHandlers: ['housing'],
            round: 1,
            // Monday 10:00: sign by the end of Tuesday (1 working day), finish by the end of Monday week (5 working days).
            sign: { stage: 'sign', dueAt: '2026-11-03T15:59:59.999Z', warningAt: '2026-11-02T16:00:00.000Z', limit: { amount: 1, unit: 'working_days' } },
            finish: { stage: 'finish', dueAt: '2026-11-09T15:59:59.999Z', warningAt: '2026-11-08T16:00:00.000Z' },
          },
        },
      ]);
  });

  it('an urgent ticket must be signed within 2 hours and finished within 1 day', () => {
    given([urgentRegistered])
      .when(t('DispatchTicket', { department: 'market' }))
      .then([
        {
          type: 'TicketDispatched',
          data: {
            sign: { dueAt: '2026-11-02T04:00:00.000Z', warningAt: '2026-11-02T03:30:00.000Z', limit: { amount: 2, unit: 'hours' } },
            finish: { dueAt: '2026-11-03T15:59:59.999Z', limit: { amount: 1, unit: 'days' } },
          },
        },
      ]);
  });

  it('the lead department cannot also be a co-handler; a department must be named', () => {
    given([registered]).when(t('DispatchTicket', { department: 'market', coHandlers: ['market'] })).thenError('ticket.co_handler_is_lead');
    given([registered]).when(t('DispatchTicket', { department: '' })).thenError('ticket.department_required');
  });

  it('only the center dispatches, and a ticket is dispatched once until it comes back', () => {
    given([registered]).when(t('DispatchTicket', { department: 'market' }), { actor: marketHandler }).thenError('ticket.role_not_allowed', 'forbidden');
    given([registered, dispatched()]).when(t('DispatchTicket', { department: 'housing' })).thenError('ticket.wrong_status', 'conflict');
  });

  it('a step on a ticket that does not exist is answered as not found', () => {
    given([]).when(t('DispatchTicket', { department: 'market' })).thenError('ticket.not_found', 'not_found');
    given([]).when(t('SignTicket'), { actor: marketHandler }).thenError('ticket.not_found', 'not_found');
  });
});

describe('signing for a ticket (签收)', () => {
  it('the lead department signs, on time within its clock', () => {
    given([registered, dispatched()])
      .when(t('SignTicket'), { actor: marketHandler, now: at('2026-11-03T17:00:00+08:00') })
      .then([{ type: 'TicketSigned', data: { department: 'market', lead: true, round: 1, onTime: true } }]);
  });

  it('signed after the end of the sign day: late', () => {
    given([registered, dispatched()])
      .when(t('SignTicket'), { actor: marketHandler, now: at('2026-11-04T08:30:00+08:00') })
      .then([{ type: 'TicketSigned', data: { onTime: false } }]);
  });

  it('a co-handling department signs for its part; the ticket waits for the lead', () => {
    const history = [registered, dispatched()];
    given(history).when(t('SignTicket'), { actor: housingHandler }).then([{ type: 'TicketSigned', data: { department: 'housing', lead: false } }]);
    const state = fold(ticketDecider, [...history, { type: 'TicketSigned', data: { ticketId: 't-1', department: 'housing', lead: false, round: 1, signedAt: '2026-11-02T03:00:00.000Z', onTime: true } }]);
    expect(state.status).toBe('dispatched');
  });

  it('a department it was not dispatched to cannot sign; nobody signs twice', () => {
    given([registered, dispatched()]).when(t('SignTicket'), { actor: healthHandler }).thenError('ticket.other_department', 'forbidden');
    given([registered, dispatched(), signed]).when(t('SignTicket'), { actor: marketHandler }).thenError('ticket.already_signed', 'conflict');
    given([registered]).when(t('SignTicket'), { actor: marketHandler }).thenError('ticket.wrong_status', 'conflict');
  });
});

describe('returning a ticket (退单)', () => {
  it('the lead department returns it before signing, with its reason; the ticket waits for the center again', () => {
    given([registered, dispatched()])
      .when(t('ReturnTicket', { reason: '不属于本部门职责，建议转住建局' }), { actor: marketHandler })
      .then([{ type: 'TicketReturned', data: { department: 'market', reason: '不属于本部门职责，建议转住建局', returns: 1, needsCoordination: false } }]);
    expect(fold(ticketDecider, [registered, dispatched(), returned(1)]).status).toBe('registered');
  });

  it('needs a reason', () => {
    given([registered, dispatched()]).when(t('ReturnTicket', { reason: '  ' }), { actor: marketHandler }).thenError('ticket.reason_required', 'invalid');
  });

  it('cannot be returned once signed for', () => {
    given([registered, dispatched(), signed]).when(t('ReturnTicket', { reason: '不归我们管' }), { actor: marketHandler }).thenError('ticket.return_after_signing', 'conflict');
  });

  it('a co-handling department cannot return it; only the lead can', () => {
    given([registered, dispatched()]).when(t('ReturnTicket', { reason: '不归我们管' }), { actor: housingHandler }).thenError('ticket.lead_only', 'forbidden');
  });

  it('the second return leaves the ticket needing the center’s coordination', () => {
    given([registered, dispatched(), returned(1), dispatched()])
      .when(t('ReturnTicket', { reason: '仍不属于本部门职责' }), { actor: marketHandler })
      .then([{ type: 'TicketReturned', data: { returns: 2, needsCoordination: true } }]);
    const state = fold(ticketDecider, [registered, dispatched(), returned(1), dispatched(), returned(2)]);
    expect(state).toMatchObject({ status: 'registered', returns: 2, needsCoordination: true });
  });

  it('after two returns the center must state its coordination when it dispatches again', () => {
    const twice = [registered, dispatched(), returned(1), dispatched(), returned(2)];
    given(twice).when(t('DispatchTicket', { department: 'market' })).thenError('ticket.coordination_note_required', 'invalid');
    given(twice).when(t('DispatchTicket', { department: 'market', note: '经中心协调，由市场监管局主办' })).then([{ type: 'TicketDispatched', data: { note: '经中心协调，由市场监管局主办' } }]);
  });

  it('a third return is refused: the center coordinates instead', () => {
    const error = given([registered, dispatched(), returned(1), dispatched(), returned(2), dispatched()])
      .when(t('ReturnTicket', { reason: '还是不归我们管' }), { actor: marketHandler })
      .thenError('ticket.returns_exhausted', 'conflict');
    expect(error.message.zh).toContain('须由中心协调');
    expect(error.details).toMatchObject({ returns: 2, maxReturns: 2 });
  });

  it('signing after the coordination clears the flag', () => {
    const state = fold(ticketDecider, [registered, dispatched(), returned(1), dispatched(), returned(2), dispatched(), signed]);
    expect(state).toMatchObject({ status: 'signed', returns: 2, needsCoordination: false });
  });
});

describe('extensions (延期)', () => {
  const requested: TicketEvent = {
    type: 'TicketExtensionRequested',
    data: { ticketId: 't-1', department: 'market', workingDays: 3, reason: '需协调城管联合执法', requestedAt: '2026-11-05T02:00:00.000Z' },
  };

  it('the lead department asks for more working days after signing, with a reason', () => {
    given([registered, dispatched(), signed])
      .when(t('RequestExtension', { workingDays: 3, reason: '需协调城管联合执法' }), { actor: marketHandler })
      .then([{ type: 'TicketExtensionRequested', data: { workingDays: 3, department: 'market' } }]);
    given([registered, dispatched(), signed]).when(t('RequestExtension', { workingDays: 0, reason: '需要时间' }), { actor: marketHandler }).thenError('ticket.bad_extension_days');
    given([registered, dispatched(), signed]).when(t('RequestExtension', { workingDays: 11, reason: '需要时间' }), { actor: marketHandler }).thenError('ticket.bad_extension_days');
    given([registered, dispatched()]).when(t('RequestExtension', { workingDays: 3, reason: '需要时间' }), { actor: marketHandler }).thenError('ticket.wrong_status');
    given([registered, dispatched(), signed, requested]).when(t('RequestExtension', { workingDays: 2, reason: '再等等' }), { actor: marketHandler }).thenError('ticket.extension_pending');
  });

  it('the center approves, and the finish clock moves by those working days', () => {
    given([registered, dispatched(), signed, requested])
      .when(t('DecideExtension', { approved: true, note: '同意' }))
      .then([{ type: 'TicketExtensionDecided', data: { approved: true, workingDays: 3, finish: { dueAt: '2026-11-12T15:59:59.999Z', warningAt: '2026-11-11T16:00:00.000Z' } } }]);
  });

  it('the center refuses, and the clock stays', () => {
    const [event] = given([registered, dispatched(), signed, requested]).when(t('DecideExtension', { approved: false })).then([{ type: 'TicketExtensionDecided', data: { approved: false } }]);
    expect(event!.data).not.toHaveProperty('finish');
  });

  it('only the center decides, and only on a request', () => {
    given([registered, dispatched(), signed, requested]).when(t('DecideExtension', { approved: true }), { actor: marketHandler }).thenError('ticket.role_not_allowed', 'forbidden');
    given([registered, dispatched(), signed]).when(t('DecideExtension', { approved: true })).thenError('ticket.no_extension_request', 'conflict');
  });
});

describe('replying (办结反馈)', () => {
  it('the lead department replies with what was done; the callback clock starts: 2 working days', () => {
    given([registered, dispatched(), signed])
      .when(t('ReplyTicket', { content: '已联系店主整改' }), { actor: marketHandler, now: at('2026-11-06T15:00:00+08:00') })
      .then([{ type: 'TicketReplied', data: { content: '已联系店主整改', onTime: true, callback: { stage: 'callback', dueAt: '2026-11-10T15:59:59.999Z' } } }]);
  });

  it('a reply without content is refused', () => {
    given([registered, dispatched(), signed]).when(t('ReplyTicket', { content: '   ' }), { actor: marketHandler }).thenError('ticket.reply_content_required', 'invalid');
  });

  it('a reply after the finish clock ran out is late', () => {
    given([registered, dispatched(), signed])
      .when(t('ReplyTicket', { content: '已整改' }), { actor: marketHandler, now: at('2026-11-10T09:00:00+08:00') })
      .then([{ type: 'TicketReplied', data: { onTime: false } }]);
  });

  it('only the lead department replies, and only once it has signed', () => {
    given([registered, dispatched(), signed]).when(t('ReplyTicket', { content: '已整改' }), { actor: housingHandler }).thenError('ticket.lead_only', 'forbidden');
    given([registered, dispatched()]).when(t('ReplyTicket', { content: '已整改' }), { actor: marketHandler }).thenError('ticket.wrong_status', 'conflict');
  });
});

describe('calling back (回访) and redo (重办)', () => {
  const done = [registered, dispatched(), signed, replied()];

  it('the center records whether the matter was solved, and the caller satisfied, basically satisfied or unsatisfied', () => {
    given(done).when(t('RecordCallback', { resolved: true, result: 'satisfied' })).then([{ type: 'TicketCalledBack', data: { resolved: true, result: 'satisfied', round: 1, onTime: true } }]);
    // Not solved, yet content with how it was handled (a matter beyond the department's powers): no redo.
    given(done)
      .when(t('RecordCallback', { resolved: false, result: 'basically_satisfied', note: '政策所限暂无法解决' }))
      .then([{ type: 'TicketCalledBack', data: { resolved: false, result: 'basically_satisfied', note: '政策所限暂无法解决' } }]);
    given(done).when(t('RecordCallback', { resolved: true, result: 'happy' })).thenError('ticket.bad_callback_result');
  });

  it('a callback must say whether the matter was solved (是否解决)', () => {
    given(done).when(t('RecordCallback', { result: 'satisfied' })).thenError('ticket.callback_resolved_required');
    given(done).when(t('RecordCallback', { resolved: 'yes', result: 'satisfied' })).thenError('ticket.callback_resolved_required');
  });

  it('a callback after 2 working days is late', () => {
    given(done)
      .when(t('RecordCallback', { resolved: true, result: 'satisfied' }), { now: at('2026-11-09T09:00:00+08:00') })
      .then([{ type: 'TicketCalledBack', data: { onTime: false } }]);
  });

  it('unsatisfied: the ticket is reopened for redo to the same lead department, with fresh clocks', () => {
    given(done)
      .when(t('RecordCallback', { resolved: false, result: 'unsatisfied', note: '店主仍在夜间营业' }), { now: at('2026-11-05T10:00:00+08:00') })
      .then([
        { type: 'TicketCalledBack', data: { result: 'unsatisfied', round: 1 } },
        {
          type: 'TicketReopened',
          data: {
            department: 'market',
            coHandlers: ['housing'],
            round: 2,
            sign: { dueAt: '2026-11-06T15:59:59.999Z' },
            finish: { dueAt: '2026-11-12T15:59:59.999Z' },
          },
        },
      ]);
    const reopened: TicketEvent = {
      type: 'TicketReopened',
      data: { ...(dispatched(2).data as object), reopenedAt: '2026-11-05T02:00:00.000Z' } as never,
    };
    const state = fold(ticketDecider, [...done, calledBack('unsatisfied'), reopened]);
    expect(state).toMatchObject({ status: 'dispatched', round: 2, handling: { department: 'market', signed: [] } });
    // The redo is signed for and replied to again, in round 2.
    given([...done, calledBack('unsatisfied'), reopened]).when(t('SignTicket'), { actor: marketHandler }).then([{ type: 'TicketSigned', data: { round: 2, lead: true } }]);
  });

  it('a reply is called back once, and not before there is a reply', () => {
    given([...done, calledBack('satisfied')]).when(t('RecordCallback', { resolved: false, result: 'unsatisfied' })).thenError('ticket.already_called_back', 'conflict');
    given([registered, dispatched(), signed]).when(t('RecordCallback', { resolved: true, result: 'satisfied' })).thenError('ticket.wrong_status', 'conflict');
  });

  it('the ticket closes after a satisfied callback, not before the caller is called back', () => {
    given(done).when(t('CloseTicket')).thenError('ticket.callback_required', 'conflict');
    given([...done, calledBack('basically_satisfied')]).when(t('CloseTicket')).then([{ type: 'TicketClosed', data: { resolution: 'replied', callbackResult: 'basically_satisfied' } }]);
  });

  it('an anonymous caller left no number to call back: the ticket closes on the reply', () => {
    const anonymous: TicketEvent = { type: 'TicketRegistered', data: { ...(registered.data as object), caller: {} } } as TicketEvent;
    given([anonymous, dispatched(), signed, replied()]).when(t('CloseTicket')).then([{ type: 'TicketClosed', data: { resolution: 'replied' } }]);
  });

  it('a reply to a caller who left no phone starts no callback clock', () => {
    const noPhone: TicketEvent = { type: 'TicketRegistered', data: { ...(registered.data as object), caller: { name: '王秀英' } } } as TicketEvent;
    const [reply] = given([noPhone, dispatched(), signed]).when(t('ReplyTicket', { content: '已整改' }), { actor: marketHandler }).then([{ type: 'TicketReplied' }]);
    expect(reply!.data).not.toHaveProperty('callback');
    const state = fold(ticketDecider, [noPhone, dispatched(), signed, reply!]);
    expect(state).toMatchObject({ status: 'replied' });
    expect(state).not.toHaveProperty('callbackClock');
    given([noPhone, dispatched(), signed, reply!]).when(t('CloseTicket')).then([{ type: 'TicketClosed', data: { resolution: 'replied' } }]);
    // Should the caller phone in after all, the callback is recorded, and is not late: there was no clock.
    given([noPhone, dispatched(), signed, reply!])
      .when(t('RecordCallback', { resolved: true, result: 'satisfied' }), { now: at('2026-12-01T10:00:00+08:00') })
      .then([{ type: 'TicketCalledBack', data: { onTime: true } }]);
  });

  it('a ticket in hand cannot be closed', () => {
    given([registered, dispatched(), signed]).when(t('CloseTicket')).thenError('ticket.wrong_status', 'conflict');
  });
});

describe('supervising and urging (督办/催办)', () => {
  it('the center or a supervisor supervises or urges any open ticket', () => {
    given([registered, dispatched()]).when(t('SuperviseTicket', { kind: 'urge', note: '请尽快签收' })).then([{ type: 'TicketSupervised', data: { kind: 'urge', note: '请尽快签收' } }]);
    given([registered, dispatched(), signed]).when(t('SuperviseTicket', { kind: 'supervise', note: '列入督办' }), { actor: supervisor }).then([{ type: 'TicketSupervised', data: { kind: 'supervise' } }]);
    given([registered]).when(t('SuperviseTicket', { kind: 'urge', note: '尽快派单' })).then([{ type: 'TicketSupervised' }]);
  });

  it('not a closed ticket, not without a note, not by a department', () => {
    given([registered, dispatched(), signed, replied(), calledBack('satisfied'), closed]).when(t('SuperviseTicket', { kind: 'urge', note: '催' })).thenError('ticket.wrong_status', 'conflict');
    given([registered, dispatched()]).when(t('SuperviseTicket', { kind: 'urge', note: ' ' })).thenError('ticket.note_required');
    given([registered, dispatched()]).when(t('SuperviseTicket', { kind: 'urge', note: '催' }), { actor: marketHandler }).thenError('ticket.role_not_allowed', 'forbidden');
  });
});

describe('merging duplicates (合并)', () => {
  const master = { ticketId: 't-0', number: '12345-20261101-0007', status: 'dispatched' as const };

  it('a duplicate is merged into the master ticket, which takes in its caller', () => {
    given([registered]).when(t('MergeTicket', { master })).then([{ type: 'TicketMerged', data: { into: 't-0', intoNumber: '12345-20261101-0007' } }]);
    const duplicate = { ticketId: 't-2', number: '12345-20261102-0002', caller: { name: '李娜', phone: '13900139000' }, channel: 'phone' };
    given([registered, dispatched()])
      .when(t('AttachDuplicate', { duplicate }))
      .then([{ type: 'TicketDuplicateAttached', data: { ticketId: 't-1', duplicate: { ticketId: 't-2', caller: { name: '李娜' } } } }]);
    const attached: TicketEvent = { type: 'TicketDuplicateAttached', data: { ticketId: 't-1', duplicate: duplicate as never, attachedAt: '2026-11-02T03:00:00.000Z' } };
    expect(fold(ticketDecider, [registered, attached])).toMatchObject({ duplicates: [{ ticketId: 't-2' }] });
    // Attached twice (a retried merge): nothing new.
    expect(ticketDecider.decide(t('AttachDuplicate', { duplicate }), fold(ticketDecider, [registered, attached]), ctx)).toEqual([]);
  });

  it('the master keeps the merged caller’s name, phone and address', () => {
    const duplicate = { ticketId: 't-2', number: '12345-20261102-0002', caller: { name: '李娜', phone: '13900139000' }, channel: 'phone', address: '高新区科技路90号' };
    given([registered, dispatched()])
      .when(t('AttachDuplicate', { duplicate }))
      .then([{ type: 'TicketDuplicateAttached', data: { duplicate: { caller: { name: '李娜', phone: '13900139000' }, address: '高新区科技路90号' } } }]);
    const attached: TicketEvent = { type: 'TicketDuplicateAttached', data: { ticketId: 't-1', duplicate: duplicate as never, attachedAt: '2026-11-02T03:00:00.000Z' } };
    expect(fold(ticketDecider, [registered, attached])).toMatchObject({ duplicates: [{ ticketId: 't-2', caller: { name: '李娜', phone: '13900139000' }, address: '高新区科技路90号' }] });
  });

  it('not into itself, not into a closed ticket, not once signed for', () => {
    given([registered]).when(t('MergeTicket', { master: { ...master, ticketId: 't-1' } })).thenError('ticket.merge_into_itself');
    given([registered]).when(t('MergeTicket', { master: { ...master, status: 'closed' } })).thenError('ticket.master_not_open', 'conflict');
    given([registered, dispatched(), signed]).when(t('MergeTicket', { master })).thenError('ticket.wrong_status', 'conflict');
  });

  it('a merged ticket takes no further steps', () => {
    const merged: TicketEvent = { type: 'TicketMerged', data: { ticketId: 't-1', into: 't-0', intoNumber: master.number, mergedAt: '2026-11-02T03:00:00.000Z' } };
    given([registered, merged]).when(t('DispatchTicket', { department: 'market' })).thenError('ticket.wrong_status');
    expect(fold(ticketDecider, [registered, merged])).toMatchObject({ status: 'merged', into: 't-0' });
  });
});

describe('archiving and publishing (归档、公开)', () => {
  const done = [registered, dispatched(), signed, replied(), calledBack('satisfied'), closed];

  it('a closed ticket is archived', () => {
    given(done).when(t('ArchiveTicket')).then([{ type: 'TicketArchived' }]);
    given([registered, dispatched()]).when(t('ArchiveTicket')).thenError('ticket.wrong_status', 'conflict');
  });

  it('a closed ticket is published with anonymised text', () => {
    given(done)
      .when(t('PublishTicket', { title: '烧烤店夜间噪音', content: '市民反映某小区楼下烧烤店夜间噪音扰民。', reply: '经核查，已责令店主夜间22点后停止营业。' }))
      .then([{ type: 'TicketPublished', data: { title: '烧烤店夜间噪音' } }]);
  });

  it('refuses to publish text with a phone number or an ID number, and does not repeat it in the error', () => {
    const phone = given(done)
      .when(t('PublishTicket', { title: '噪音', content: '请联系 139-0013-9000', reply: '已处理' }))
      .thenError('ticket.personal_data_in_text', 'invalid');
    expect(phone.details).toMatchObject({ field: 'content', found: [{ kind: 'phone', masked: '139****9000' }] });
    expect(JSON.stringify(phone)).not.toContain('0013');
    const id = given(done).when(t('PublishTicket', { title: '噪音', content: '来电人身份证11010519491231002X', reply: '已处理' })).thenError('ticket.personal_data_in_text');
    expect(id.details).toMatchObject({ found: [{ kind: 'id_number', masked: '110105********002X' }] });
  });

  it('refuses the caller’s own name or address in published text', () => {
    given(done).when(t('PublishTicket', { title: '噪音', content: '王秀英反映噪音', reply: '已处理' })).thenError('ticket.personal_data_in_text');
    given(done).when(t('PublishTicket', { title: '噪音', content: '高新区科技路88号楼下烧烤', reply: '已处理' })).thenError('ticket.personal_data_in_text');
  });

  it('refuses the name, phone or address of a caller merged into the ticket', () => {
    const duplicate = { ticketId: 't-2', number: '12345-20261102-0002', caller: { name: '李娜', phone: '87654321' }, channel: 'phone', address: '高新区科技路90号' };
    const attached: TicketEvent = { type: 'TicketDuplicateAttached', data: { ticketId: 't-1', duplicate: duplicate as never, attachedAt: '2026-11-02T03:00:00.000Z' } };
    const [first, ...rest] = done;
    const withDuplicate = [first!, attached, ...rest];
    const name = given(withDuplicate).when(t('PublishTicket', { title: '噪音', content: '李娜反映噪音', reply: '已处理' })).thenError('ticket.personal_data_in_text', 'invalid');
    expect(name.details).toMatchObject({ field: 'content', found: [{ kind: 'caller_name', masked: '李*' }] });
    // A short landline is only known as personal because it is the merged caller's.
    given(withDuplicate).when(t('PublishTicket', { title: '噪音', content: '噪音', reply: '已回电 8765 4321' })).thenError('ticket.personal_data_in_text');
    given(withDuplicate).when(t('PublishTicket', { title: '高新区科技路90号噪音', content: '噪音', reply: '已处理' })).thenError('ticket.personal_data_in_text');
    given(withDuplicate).when(t('PublishTicket', { title: '噪音', content: '市民反映烧烤店夜间噪音', reply: '已处理' })).then([{ type: 'TicketPublished' }]);
  });

  it('only once, and only when closed', () => {
    const published: TicketEvent = { type: 'TicketPublished', data: { ticketId: 't-1', title: 'a', content: 'b', reply: 'c', publishedAt: '2026-11-06T00:00:00.000Z' } };
    given([...done, published]).when(t('PublishTicket', { title: '噪音', content: '噪音', reply: '已处理' })).thenError('ticket.already_published');
    given([registered, dispatched()]).when(t('PublishTicket', { title: '噪音', content: '噪音', reply: '已处理' })).thenError('ticket.wrong_status');
  });
});

describe('the whole way through', () => {
  it('dispatch → return → re-dispatch → sign → reply → unsatisfied → redo → sign → reply → satisfied → close → archive', () => {
    let history: TicketEvent[] = [];
    const step = (command: TicketCommand, actor = operator, now = ctx.now) => {
      const decision = ticketDecider.decide(command, fold(ticketDecider, history), { ...ctx, actor, now });
      if (!Array.isArray(decision)) throw new Error(JSON.stringify(decision));
      history = [...history, ...(decision as TicketEvent[])];
    };
    step(register());
    step(t('DispatchTicket', { department: 'housing' }));
    step(t('ReturnTicket', { reason: '属市场监管职责' }), housingHandler);
    step(t('DispatchTicket', { department: 'market', coHandlers: ['housing'] }));
    step(t('SignTicket'), marketHandler);
    step(t('ReplyTicket', { content: '已责令整改' }), marketHandler);
    step(t('RecordCallback', { resolved: false, result: 'unsatisfied' }));
    expect(fold(ticketDecider, history)).toMatchObject({ status: 'dispatched', round: 2, returns: 1, handling: { department: 'market' } });
    step(t('SignTicket'), marketHandler);
    step(t('ReplyTicket', { content: '已联合城管查处' }), marketHandler);
    step(t('RecordCallback', { resolved: true, result: 'satisfied' }));
    step(t('CloseTicket'));
    step(t('ArchiveTicket'));
    expect(fold(ticketDecider, history)).toMatchObject({ status: 'archived', resolution: 'replied', round: 2 });
    expect(history.map((e) => e.type)).toEqual([
      'TicketRegistered',
      'TicketDispatched',
      'TicketReturned',
      'TicketDispatched',
      'TicketSigned',
      'TicketReplied',
      'TicketCalledBack',
      'TicketReopened',
      'TicketSigned',
      'TicketReplied',
      'TicketCalledBack',
      'TicketClosed',
      'TicketArchived',
    ]);
  });
});
