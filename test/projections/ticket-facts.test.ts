import { describe, expect, it } from 'vitest';
import { CallerKeys, normalisePhone } from '../../application/hotline/caller-key.js';
import { ticketFacts } from '../../projections/ticket-facts.js';
import { recorded } from './recorded.js';
import { ev, octoberRecorded } from './ticket-facts-history.js';

const history = octoberRecorded();
const rowsOf = (ticketId: string) => history.filter((e) => (e.data as { ticketId: string }).ticketId === ticketId).map((e) => ticketFacts.handle(e));
const by = { actorId: 'u-operator', actorRole: 'hotline_operator', at: '2026-10-09T01:00:00.000Z' };

describe('ticket facts for the warehouse', () => {
  it('writes the ticket_facts table from the ticket streams', () => {
    expect(ticketFacts).toMatchObject({ kind: 'warehouse', name: 'ticket-facts', categories: ['ticket'], tables: ['ticket_facts'] });
  });

  it('a registration: one row with the classification, the top of the category tree and the caller key, versioned by the position', () => {
    const [[registered]] = rowsOf('t-1') as [[{ table: string; row: Record<string, unknown> }]];
    expect(registered.table).toBe('ticket_facts');
    expect(registered.row).toMatchObject({
      ticket_id: 't-1',
      ticket_no: '12345-20261009-0001',
      type: 'complaint',
      channel: 'phone',
      urgency: 'normal',
      category_code: 'SC01',
      category_name: '食品安全',
      top_category: 'SC',
      top_category_name: '市场监管',
      district: 'D1',
      district_name: '东城区',
      status: 'registered',
      registered_at: '2026-10-09 01:00:00.000',
      answered_directly: 0,
      caller_key: 'caller-A',
      lead_department: null,
      signed_at: null,
    });
    expect(registered.row['version']).toBe(history.find((e) => e.type === 'TicketRegistered' && (e.data as { ticketId: string }).ticketId === 't-1')!.position);
  });

  it('never carries the caller’s name, phone or address, nor the texts of the ticket', () => {
    const text = JSON.stringify(history.flatMap((e) => ticketFacts.handle(e)));
    for (const personal of ['张三', '13800138000', '某街', '油烟', '已处理', '按政策答复', '不属于本部门职责']) expect(text).not.toContain(personal);
  });

  it('a registration without a caller key (no phone, or none computed) has none', () => {
    expect(rowsOf('t-5')[0]![0]!.row['caller_key']).toBeNull();
  });

  it('a dispatch starts a round: the lead department, its sign and finish clocks, nothing signed or replied yet in it', () => {
    expect(rowsOf('t-1')[1]![0]!.row).toMatchObject({
      status: 'dispatched',
      lead_department: 'market',
      round: 1,
      dispatched_at: '2026-10-09 02:00:00.000',
      signed_at: '1970-01-01 00:00:00.000',
      replied_at: '1970-01-01 00:00:00.000',
      sign_due_at: '2026-10-10 09:30:00.000',
      finish_due_at: '2026-10-16 09:30:00.000',
    });
  });

  it('the lead department’s signing records whether it was on time; a co-handling department’s records nothing', () => {
    expect(rowsOf('t-2')[2]![0]!.row).toMatchObject({ status: 'signed', signed_at: '2026-10-13 01:00:00.000', signed_on_time: 0, round: 1 });
    expect(ticketFacts.handle(recorded('ticket-t-2', ev.signed('t-2', 'housing', '2026-10-13T10:00:00', true, 1, false), 900, by))).toEqual([]);
  });

  it('a return leaves the ticket with no department and counts the returns; an approved extension moves the finish clock', () => {
    const t4 = rowsOf('t-4').map((rows) => rows[0]!.row);
    expect(t4[2]).toMatchObject({ status: 'registered', lead_department: '', returns: 1 });
    expect(t4[3]).toMatchObject({ status: 'dispatched', lead_department: 'housing' });
    expect(t4[5]).toMatchObject({ status: '', extension_requested: 1 });
    expect(t4[6]).toMatchObject({ status: '', extension_approved: 1, finish_due_at: '2026-10-30 09:30:00.000' });
    const refused = ticketFacts.handle(recorded('ticket-t-4', ev.extensionDecided('t-4', '2026-10-26T10:00:00', false), 901, by))[0]!.row;
    expect(refused).toMatchObject({ extension_approved: 0, finish_due_at: null });
  });

  it('a reply, a callback and a redo: the redo starts round 2 with fresh clocks', () => {
    const rows = rowsOf('t-3').map((written) => written[0]!.row);
    expect(rows.find((r) => r['status'] === 'replied')).toMatchObject({ replied_on_time: 0, replied_at: '2026-10-20 02:00:00.000', callback_due_at: '2026-10-22 09:30:00.000' });
    expect(rows.filter((r) => r['callback_result'] === 'unsatisfied')).toMatchObject([
      { status: '', called_back_at: '2026-10-21 02:00:00.000', called_back_on_time: 1, callback_resolved: 0 },
      { round: 2, callback_resolved: 1 },
    ]);
    // Called back before 是否解决 was asked: the column stays NULL.
    expect(rowsOf('t-1').flat().find((w) => w.row['callback_result'])!.row).toMatchObject({ callback_result: 'satisfied', callback_resolved: null });
    expect(rows.filter((r) => r['status'] === 'dispatched').at(-1)).toMatchObject({ round: 2, lead_department: 'market', signed_at: '1970-01-01 00:00:00.000', sign_due_at: '2026-10-22 09:30:00.000' });
    expect(rows.filter((r) => r['supervision_kind'] !== null).map((r) => r['supervision_kind'])).toEqual(['supervise', 'urge']);
  });

  it('a merge marks the duplicate and gives the master a row naming it', () => {
    expect(rowsOf('t-8')[1]![0]!.row).toMatchObject({ status: 'merged', merged_into: 't-1' });
    expect(rowsOf('t-1').flat().find((w) => w.row['merged_from'])!.row).toMatchObject({ ticket_id: 't-1', status: '', merged_from: 't-8' });
  });

  it('a direct answer records the article; closing, archiving and publishing', () => {
    expect(rowsOf('t-7')[1]![0]!.row).toMatchObject({ status: 'answered', answered_directly: 1, article_id: 'kb-1', article_version: 3, answered_at: '2026-10-28 01:05:00.000' });
    const t1 = rowsOf('t-1').map((rows) => rows[0]!.row);
    expect(t1.find((r) => r['status'] === 'closed')).toMatchObject({ closed_at: '2026-10-15 02:05:00.000', callback_result: null });
    expect(t1.find((r) => r['status'] === 'archived')).toMatchObject({ archived_at: '2026-10-16 02:00:00.000' });
    expect(t1.find((r) => r['published'] === 1)).toMatchObject({ status: '' });
  });

  it('a replayed event gives the very same row, so the table deduplicates it', () => {
    for (const event of history) expect(ticketFacts.handle(event)).toEqual(ticketFacts.handle(event));
  });

  it('events of other streams write nothing', () => {
    const other = recorded('hotline-classification-main', { type: 'HotlineCategoryDefined', data: { code: 'CG', name: '城市管理', parentCode: null, definedAt: by.at } }, 902, by);
    expect(ticketFacts.handle(other)).toEqual([]);
  });
});

describe('caller keys', () => {
  const keys = new CallerKeys(Buffer.alloc(32, 7));

  it('one phone, one key, however it is written; another phone, another key', () => {
    expect(keys.of('138 0013 8000')).toBe(keys.of('+86-13800138000'));
    expect(keys.of('008613800138000')).toBe(keys.of('13800138000'));
    expect(keys.of('13800138001')).not.toBe(keys.of('13800138000'));
    expect(keys.of('13800138000')).not.toContain('13800138000');
  });

  it('another installation’s key gives other keys; no number, no key', () => {
    expect(new CallerKeys(Buffer.alloc(32, 8)).of('13800138000')).not.toBe(keys.of('13800138000'));
    expect(keys.of(undefined)).toBeUndefined();
    expect(normalisePhone('12')).toBeUndefined();
    expect(normalisePhone('010-6512 3456')).toBe('01065123456');
  });
});
