/**
 * The city's own limits (DOMAIN.md §3 *(default)*): the HOTLINE_* settings, read by the
 * configuration and mapped by the hotline context, are the limits the tickets run by.
 */
import { describe, expect, it } from 'vitest';
import { ticketContext } from '../../application/hotline/hotline.handlers.js';
import { ticketDecider, type TicketCommand } from '../../domain/hotline/index.js';
import { loadConfig } from '../../infrastructure/config.js';
import { hotlineSettings } from '../../infrastructure/http/contexts/hotline.js';
import { spec } from '../support/decider-spec.js';
import { calendar, ctx, dispatched, marketHandler, registered, signed, urgentRegistered } from './hotline-fixtures.js';

const t = (type: TicketCommand['type'], data: Record<string, unknown> = {}) => ({ type, data: { ticketId: 't-1', ...data } }) as TicketCommand;

/** A city that gives urgent tickets 3 hours to be signed for, normal ones 2 working days, and extensions of at most 3 working days. */
const settings = hotlineSettings(
  loadConfig({ HOTLINE_URGENT_SIGN_HOURS: '3', HOTLINE_NORMAL_SIGN_WORKING_DAYS: '2', HOTLINE_MAX_EXTENSION_WORKING_DAYS: '3', HOTLINE_DUPLICATE_WINDOW_DAYS: '14' }),
);
const given = spec(ticketDecider, { ...ctx, ...ticketContext(calendar, settings) }).given;

describe('limits set by the city (HOTLINE_*)', () => {
  it('are read from the configuration, the others keeping their defaults', () => {
    expect(settings.limits.urgent.sign).toEqual({ amount: 3, unit: 'hours' });
    expect(settings.limits.normal.sign).toEqual({ amount: 2, unit: 'working_days' });
    expect(settings.limits.normal.finish).toEqual({ amount: 5, unit: 'working_days' });
    expect(settings.limits.maxExtensionWorkingDays).toBe(3);
    expect(settings.duplicateWindowDays).toBe(14);
  });

  it('an urgent ticket dispatched at 10:00 is due to be signed for by 13:00, its warning at 12:15', () => {
    given([urgentRegistered])
      .when(t('DispatchTicket', { department: 'market' }), { now: new Date('2026-11-02T10:00:00+08:00') })
      .then([{ type: 'TicketDispatched', data: { sign: { dueAt: '2026-11-02T05:00:00.000Z', warningAt: '2026-11-02T04:15:00.000Z', limit: { amount: 3, unit: 'hours' } } } }]);
  });

  it('a normal ticket dispatched on Monday is due to be signed for by the end of Wednesday', () => {
    given([registered]).when(t('DispatchTicket', { department: 'market' })).then([{ type: 'TicketDispatched', data: { sign: { dueAt: '2026-11-04T15:59:59.999Z' } } }]);
  });

  it('an extension may ask for at most the configured working days', () => {
    given([registered, dispatched(), signed]).when(t('RequestExtension', { workingDays: 3, reason: '需现场复查' }), { actor: marketHandler }).then([{ type: 'TicketExtensionRequested', data: { workingDays: 3 } }]);
    const refused = given([registered, dispatched(), signed]).when(t('RequestExtension', { workingDays: 4, reason: '需现场复查' }), { actor: marketHandler }).thenError('ticket.bad_extension_days', 'invalid');
    expect(refused.details).toMatchObject({ max: 3 });
  });

  it('a bad value stops the process with a message naming the variable', () => {
    expect(() => loadConfig({ HOTLINE_MAX_EXTENSION_WORKING_DAYS: '0' })).toThrow(/HOTLINE_MAX_EXTENSION_WORKING_DAYS/);
  });
});
