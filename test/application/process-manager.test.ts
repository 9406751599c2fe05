import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CommandPipeline } from '../../application/command-pipeline.js';
import type { NewEvent } from '../../application/ports/event-store.js';
import { processCheckpointKey, processCommandId, ProcessManagerRunner, type ProcessManager } from '../../application/process-manager.js';
import { licenseRegistration } from '../../application/registry/license-registration.js';
import type { CaseCertificateIssued } from '../../domain/cases/index.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';

const silent = pino({ level: 'silent' });
const clock = { now: () => new Date('2026-10-12T02:00:00Z') };

/** A certificate event as a case writes it (the case stream's other events do not matter here). */
function certificateIssued(caseNo: string): NewEvent {
  const data: CaseCertificateIssued['data'] = {
    caseId: `c-${caseNo}`,
    certificateNo: `XK00100001-${caseNo}`,
    licenseType: 'XK00100001',
    licenseName: '营业执照',
    department: 'market',
    holder: { kind: 'enterprise', name: '老北京餐饮有限公司', creditCode: '91350100M000100Y43' },
    validFrom: '2026-10-12',
    validUntil: null,
    issuedAt: '2026-10-12T02:00:00.000Z',
    dueDate: '2026-10-26',
    onTime: true,
  };
  return { id: randomUUID(), type: 'CaseCertificateIssued', data, metadata: { actorId: 'u-window', actorRole: 'window_staff', correlationId: 'corr-1' } };
}

/** Counts what it sees per category, to show that another manager's failure does not stop it. */
function counter(seen: string[]): ProcessManager {
  return { name: 'counter', version: 1, categories: ['hall'], react: async (event) => void seen.push(event.type) };
}

/** Throws on one event type. */
const poisoned = (type: string): ProcessManager => ({
  name: 'poisoned',
  version: 1,
  categories: ['hall'],
  react: async (event) => {
    if (event.type === type) throw new Error(`cannot handle ${type}`);
  },
});

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'process-manager-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let events: SqliteEventStore;
let documents: SqliteDocumentStore;
let pipeline: CommandPipeline;
beforeEach(() => {
  const run = fs.mkdtempSync(path.join(dir, 'run-'));
  events = new SqliteEventStore(path.join(run, 'events.sqlite'), { durability: 'normal' });
  documents = new SqliteDocumentStore(path.join(run, 'views.sqlite'));
  pipeline = new CommandPipeline(events, clock);
  return async () => {
    await events.close();
    await documents.close();
  };
});

describe('the license library’s process (证照入库)', () => {
  it('registers every issued certificate as a license stream, caused by the certificate event', async () => {
    const issued = certificateIssued('20261012-00001');
    await events.append('case-c-1', [issued], 'no_stream');
    const runner = new ProcessManagerRunner(events, documents, [licenseRegistration(pipeline)], silent);
    await runner.start();
    const [license] = await events.readStream('license-XK00100001-20261012-00001');
    expect(license).toMatchObject({
      type: 'LicenseRegistered',
      data: { number: 'XK00100001-20261012-00001', licenseType: 'XK00100001', holder: { creditCode: '91350100M000100Y43' }, department: 'market', caseId: 'c-20261012-00001' },
      metadata: {
        actorId: 'process:license-registration',
        actorRole: 'process',
        actorDepartment: 'market',
        commandId: processCommandId('license-registration', issued.id, 'register'),
        correlationId: 'corr-1',
        causationId: issued.id,
      },
    });
    await runner.stop();
  });

  it('a replay after a restart registers nothing twice, even when the checkpoint was lost', async () => {
    await events.append('case-c-2', [certificateIssued('20261012-00002')], 'no_stream');
    const first = new ProcessManagerRunner(events, documents, [licenseRegistration(pipeline)], silent);
    await first.start();
    await first.stop();
    const head = await events.headPosition();

    // Restarted from its checkpoint: nothing to do.
    const second = new ProcessManagerRunner(events, documents, [licenseRegistration(pipeline)], silent);
    await second.start();
    await second.stop();
    expect(await events.headPosition()).toBe(head);

    // As after a crash before the checkpoint was written: every certificate is handled again, and nothing is written.
    await documents.drop([], [processCheckpointKey({ name: 'license-registration', version: 1 })]);
    const third = new ProcessManagerRunner(events, documents, [licenseRegistration(pipeline)], silent);
    await third.start();
    expect(await events.headPosition()).toBe(head);
    expect(await events.readStream('license-XK00100001-20261012-00002')).toHaveLength(1);

    // Then it follows live certificates.
    await events.append('case-c-3', [certificateIssued('20261012-00003')], 'no_stream');
    await third.settle();
    expect(await events.readStream('license-XK00100001-20261012-00003')).toHaveLength(1);
    expect((await third.status())[0]).toMatchObject({ name: 'license-registration', state: 'live', position: await events.headPosition() - 1 });
    await third.stop();
  });
});

describe('the process manager runner', () => {
  const hall = (type: string): NewEvent => ({ id: randomUUID(), type, data: {} });

  it('a poison event stops that manager only, at that event, and it resumes there after a restart', async () => {
    await events.append('hall-1', [hall('HallOpened'), hall('HallFlooded'), hall('HallClosed')], 'no_stream');
    const seen: string[] = [];
    const runner = new ProcessManagerRunner(events, documents, [poisoned('HallFlooded'), counter(seen)], silent);
    await runner.start();
    const [failed, other] = await runner.status();
    expect(failed).toMatchObject({ name: 'poisoned', state: 'failed', position: 1, failure: { streamId: 'hall-1', revision: 1, position: 2, eventType: 'HallFlooded', message: 'cannot handle HallFlooded' } });
    expect(other).toMatchObject({ name: 'counter', state: 'live', position: 3 });
    await events.append('hall-1', [hall('HallOpened')], 2);
    await runner.settle();
    expect(seen).toEqual(['HallOpened', 'HallFlooded', 'HallClosed', 'HallOpened']);
    await runner.stop();

    const again = new ProcessManagerRunner(events, documents, [poisoned('HallFlooded')], silent);
    await again.start();
    expect((await again.status())[0]).toMatchObject({ state: 'failed', failure: { position: 2 } });
    await again.stop();
  });

  it('refuses two managers of one name', () => {
    expect(() => new ProcessManagerRunner(events, documents, [counter([]), counter([])], silent)).toThrow(/two process managers are named counter/);
  });
});
