/**
 * What the operator is offered while a call is taken: likely duplicates and a dispatch suggestion,
 * read from the tickets view as projections/tickets.ts writes it (a SQLite view, no server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchSuggestion, findDuplicates } from '../../application/hotline/matching.js';
import { DEFAULT_HOTLINE_SETTINGS } from '../../application/hotline/settings.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import type { TicketEvent } from '../../domain/hotline/index.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { ticketsView } from '../../projections/tickets.js';
import { dispatched, gaoxin, registered, signed } from './hotline-fixtures.js';

let dir: string;
let documents: SqliteDocumentStore;
let position = 0;

/** Runs events of one ticket through the tickets view. */
async function project(ticketId: string, events: readonly TicketEvent[], actor = { actorId: 'u-op', actorRole: 'hotline_operator' }) {
  for (const event of events) {
    const data = { ...event.data, ticketId } as TicketEvent['data'];
    const recorded: RecordedEvent = {
      id: `e-${++position}`,
      type: event.type,
      data,
      metadata: { ...actor, occurredAt: (Object.values(data).find((v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) as string) ?? new Date().toISOString() },
      streamId: `ticket-${ticketId}`,
      revision: 0,
      position,
      recordedAt: new Date().toISOString(),
    };
    await documents.write(ticketsView.handle(recorded).map((op) => ({ ...op, position })));
  }
}

let serial = 0;
/** A ticket of the noise category in 高新区, registered at `at`, with this caller and text. */
function ticket(at: string, more: Partial<Extract<TicketEvent, { type: 'TicketRegistered' }>['data']> = {}): TicketEvent {
  serial += 1;
  return { type: 'TicketRegistered', data: { ...(registered.data as object), number: `12345-20261102-${String(serial).padStart(4, '0')}`, registeredAt: new Date(at).toISOString(), ...more } } as TicketEvent;
}

/** Signed for by `department`, as lead: the suggestion counts these. */
const signedBy = (department: string): TicketEvent[] => [
  { type: 'TicketDispatched', data: { ...(dispatched().data as object), department, coHandlers: [] } } as unknown as TicketEvent,
  { type: 'TicketSigned', data: { ...(signed.data as object), department } } as unknown as TicketEvent,
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-matching-'));
  documents = new SqliteDocumentStore(path.join(dir, 'views.sqlite'));
  await documents.ensureIndexes('tickets', ticketsView.indexes!.tickets!);
});
afterAll(async () => {
  await documents.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the same caller (同一来电人)', () => {
  it('one phone in any spelling is one caller: +86 136-0013-6000 is 13600136000', async () => {
    await project('same-1', [ticket('2026-11-01T10:00:00+08:00', { caller: { name: '赵敏', phone: '+86 136-0013-6000' }, content: '阳光花园门口烧烤摊噪音' })]);
    const [doc] = (await documents.find<{ callerPhone: string }>('tickets', { _id: 'same-1' })).items;
    expect(doc!.callerPhone).toBe('13600136000');
    const now = new Date('2026-11-02T10:00:00+08:00');
    for (const phone of ['13600136000', '136 0013 6000', '0086-13600136000']) {
      const found = await findDuplicates(documents, now, DEFAULT_HOTLINE_SETTINGS, { phone });
      expect(found.map((d) => [d.id, d.reason]), phone).toEqual([['same-1', 'same_caller']]);
    }
  });
});

describe('the duplicate window (重复诉求的时间范围)', () => {
  const content = '科技园东门夜间渣土车噪音扰民';

  it('a similar ticket in the same district within the window is offered; one older than the window is not', async () => {
    const now = new Date('2026-11-20T10:00:00+08:00');
    const days = DEFAULT_HOTLINE_SETTINGS.duplicateWindowDays;
    const inside = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString();
    const outside = new Date(now.getTime() - (days + 1) * 86_400_000).toISOString();
    await project('window-in', [ticket(inside, { caller: {}, content })]);
    await project('window-out', [ticket(outside, { caller: {}, content })]);
    const found = await findDuplicates(documents, now, DEFAULT_HOTLINE_SETTINGS, { content, districtCode: gaoxin.code });
    expect(found.map((d) => [d.id, d.reason])).toEqual([['window-in', 'similar_text']]);
    // A wider window, as a city may set it, finds both.
    const wider = await findDuplicates(documents, now, { ...DEFAULT_HOTLINE_SETTINGS, duplicateWindowDays: days + 2 }, { content, districtCode: gaoxin.code });
    expect(wider.map((d) => d.id).sort()).toEqual(['window-in', 'window-out']);
  });
});

describe('the dispatch suggestion (派单建议)', () => {
  const other = { code: 'XX.1', name: '占道经营', path: ['XX', 'XX.1'], pathNames: ['市容', '占道经营'] };

  it('is the department that signed for most such tickets', async () => {
    let day = 1;
    for (const department of ['housing', 'market', 'market', 'health', 'market', 'housing']) {
      await project(`most-${day}`, [ticket(`2026-10-${String(day++).padStart(2, '0')}T10:00:00+08:00`, { category: other, caller: {} }), ...signedBy(department)]);
    }
    expect(await dispatchSuggestion(documents, other.code, gaoxin.code)).toEqual({ department: 'market', count: 3 });
    expect(await dispatchSuggestion(documents, other.code, 'NOWHERE')).toBeNull();
  });

  it('counts only the most recent tickets of its window, newest first, whatever the store’s order', async () => {
    const recent = { code: 'XX.2', name: '违章搭建', path: ['XX', 'XX.2'], pathNames: ['市容', '违章搭建'] };
    // Years ago housing handled these; lately market does.
    const history = ['housing', 'housing', 'housing', 'housing', 'market', 'market', 'market'];
    let day = 1;
    for (const department of history) {
      await project(`recent-${day}`, [ticket(`2026-09-${String(day++).padStart(2, '0')}T10:00:00+08:00`, { category: recent, caller: {} }), ...signedBy(department)]);
    }
    expect(await dispatchSuggestion(documents, recent.code, gaoxin.code, 3)).toEqual({ department: 'market', count: 3 });
    expect(await dispatchSuggestion(documents, recent.code, gaoxin.code, 100)).toEqual({ department: 'housing', count: 4 });
  });

  it('breaks a tie by the department code, so that it does not flicker', async () => {
    const tie = { code: 'XX.3', name: '绿化', path: ['XX', 'XX.3'], pathNames: ['市容', '绿化'] };
    let day = 1;
    for (const department of ['market', 'housing']) {
      await project(`tie-${day}`, [ticket(`2026-08-${String(day++).padStart(2, '0')}T10:00:00+08:00`, { category: tie, caller: {} }), ...signedBy(department)]);
    }
    expect(await dispatchSuggestion(documents, tie.code, gaoxin.code)).toEqual({ department: 'housing', count: 1 });
  });
});
