/**
 * The event corpus that `npm run bench` and catchup-micro.ts replay: cases of four events each
 * (submitted, accepted, granted, completed), in the shapes the projections read, appended by 64
 * concurrent writers as the server would.
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../application/ports/event-store.js';
import type { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';

/** A case's life as its events: submitted, accepted, granted, completed (the shapes the projections read). */
export function caseEvents(n: number): { streamId: string; events: NewEvent[] } {
  const caseId = randomUUID();
  const at = (minutes: number) => new Date(Date.UTC(2026, 8, 1, 1, 0) + n * 60_000 + minutes * 60_000).toISOString();
  const meta = (minutes: number) => ({ actorId: `user-${n % 50}`, actorRole: 'window_staff', actorDepartment: `dept-${n % 12}`, occurredAt: at(minutes), commandId: randomUUID() });
  const data = [
    ['CaseSubmitted', { caseId, caseNo: `20260901-${String(n).padStart(6, '0')}`, channel: 'online', applicant: { kind: 'person', name: '张三', idNumber: '11010519491231002X' }, formData: { area: n % 300 }, item: { code: 'XK00101001', name: '食品经营许可', version: 1, department: `dept-${n % 12}`, promisedLimitDays: 10, statutoryLimitDays: 20 }, submittedAt: at(0) }],
    ['CaseAccepted', { caseId, acceptedAt: at(60), limitDays: 10, dueDate: '2026-09-15', warningDate: '2026-09-11', dueAt: '2026-09-15T15:59:59.999Z' }],
    ['CaseGranted', { caseId, decidedAt: at(600), workingDaysUsed: 3, onTime: true }],
    ['CaseCompleted', { caseId, completedAt: at(900) }],
  ] as const;
  return { streamId: `case-${caseId}`, events: data.map(([type, d], i) => ({ id: randomUUID(), type, data: d, metadata: meta(i * 60) })) };
}

/** Appends `total` events (total / 4 cases), 64 appends at a time. */
export async function writeCorpus(store: SqliteEventStore, total: number): Promise<void> {
  const cases = Math.floor(total / 4);
  for (let n = 0; n < cases; n += 64) {
    await Promise.all(
      Array.from({ length: Math.min(64, cases - n) }, (_, i) => {
        const { streamId, events } = caseEvents(n + i);
        return store.append(streamId, events, 'no_stream');
      }),
    );
  }
}
