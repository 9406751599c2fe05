import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleProcess } from '../../application/bundles/bundle-process.js';
import type { BundleStepCommand } from '../../application/bundles/bundles.handlers.js';
import type { SubmitCaseCommand } from '../../application/cases/cases.handlers.js';
import type { NewEvent } from '../../application/ports/event-store.js';
import { ProcessManagerRunner, type ProcessManager } from '../../application/process-manager.js';
import type { BundleSubmitted } from '../../domain/bundles/index.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';

/**
 * The bundle process against a real event store and checkpoint store, with handlers that act like
 * the command pipeline: a command id seen before is answered as a duplicate and writes nothing.
 * Sub-cases it opens are written as CaseSubmitted events, so the process follows them as it would.
 */
const silent = pino({ level: 'silent' });

let dir: string;
let events: SqliteEventStore;
let documents: SqliteDocumentStore;
let handled: Set<string>;
let written: { type: string; commandId: string; itemCode?: string }[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-process-'));
  events = new SqliteEventStore(path.join(dir, 'events.sqlite'), { durability: 'normal' });
  documents = new SqliteDocumentStore(path.join(dir, 'views.sqlite'));
  handled = new Set();
  written = [];
});
afterEach(async () => {
  await events.close();
  await documents.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A handler that writes once per command id, like the pipeline. */
const once = (commandId: string) => {
  if (handled.has(commandId)) return false;
  handled.add(commandId);
  return true;
};

function process(): ProcessManager {
  return bundleProcess({
    events,
    submitCase: {
      async execute({ issued, data }: SubmitCaseCommand) {
        const caseId = `case-of-${issued.commandId}`;
        if (once(issued.commandId)) {
          written.push({ type: 'CaseSubmitted', commandId: issued.commandId, itemCode: data.itemCode });
          await events.append(`case-${caseId}`, [{ id: randomUUID(), type: 'CaseSubmitted', data: { caseId, caseNo: `N-${data.itemCode}`, item: { code: data.itemCode }, submittedAt: '2026-11-02T01:00:00.000Z', bundleId: data.bundleId } }], 'no_stream');
        }
        return { ok: true, streamId: `case-${caseId}`, events: [], revision: 0, duplicate: false, caseId };
      },
    },
    bundleStep: {
      async execute({ issued, command }: BundleStepCommand) {
        if (once(issued.commandId)) written.push({ type: command.type, commandId: issued.commandId });
        return { ok: true, streamId: `bundle-${command.data.bundleId}`, events: [], revision: 0, duplicate: false };
      },
    },
  } as never);
}

const bundleSubmitted = (bundleId: string, items: unknown = [
  { code: 'XK00201001', name: '食品经营许可', version: 1, department: 'market', materials: ['申请书'], delivery: ['window'] },
  { code: 'XK00301001', name: '建筑工程施工许可', version: 1, department: 'housing', materials: ['申请书'], delivery: ['window'] },
]): NewEvent => ({
  id: randomUUID(),
  type: 'BundleSubmitted',
  data: { bundleId, bundleNo: 'LB20261102-00001', channel: 'online', applicant: { kind: 'enterprise', name: '某公司' }, items, leadDepartment: 'market', formData: {}, materials: [], submittedAt: '2026-11-02T01:00:00.000Z' } as unknown as BundleSubmitted['data'],
  metadata: { actorId: 'u-wang', actorRole: 'applicant', occurredAt: '2026-11-02T01:00:00.000Z' },
});

describe('the bundle process manager', () => {
  it('opens one sub-case per item and records each opening on the bundle', async () => {
    await events.append('bundle-b1', [bundleSubmitted('b1')], 'no_stream');
    const runner = new ProcessManagerRunner(events, documents, [process()], silent);
    await runner.start();
    await runner.settle();
    expect(written.map((w) => [w.type, w.itemCode ?? null])).toEqual([
      ['CaseSubmitted', 'XK00201001'],
      ['CaseSubmitted', 'XK00301001'],
      ['RecordSubCaseOpened', null],
      ['RecordSubCaseOpened', null],
    ]);
    await runner.stop();
  });

  it('restarted from checkpoint 0, it sends the same command ids again: nothing is written twice', async () => {
    await events.append('bundle-b1', [bundleSubmitted('b1')], 'no_stream');
    const first = new ProcessManagerRunner(events, documents, [process()], silent);
    await first.start();
    await first.settle();
    await first.stop();
    const head = await events.headPosition();
    await documents.drop([], ['process:bundles@1']);
    const again = new ProcessManagerRunner(events, documents, [process()], silent);
    await again.start();
    await again.settle();
    expect(written).toHaveLength(4);
    expect(await events.headPosition()).toBe(head);
    const opened = (await events.readAll({ categories: ['case'] })).map((e) => (e.data as { item: { code: string } }).item.code);
    expect(opened).toEqual(['XK00201001', 'XK00301001']);
    expect((await again.status())[0]).toMatchObject({ state: 'live', position: head });
    await again.stop();
  });

  it('ignores cases that belong to no bundle', async () => {
    await events.append('case-solo', [{ id: randomUUID(), type: 'CaseSubmitted', data: { caseId: 'solo', caseNo: 'N', item: { code: 'XK00201001' }, submittedAt: '2026-11-02T01:00:00.000Z' } }], 'no_stream');
    await events.append('case-solo', [{ id: randomUUID(), type: 'CaseAccepted', data: { caseId: 'solo', acceptedAt: '2026-11-02T02:00:00.000Z' } }], 0);
    const runner = new ProcessManagerRunner(events, documents, [process()], silent);
    await runner.start();
    await runner.settle();
    expect(written).toEqual([]);
    await runner.stop();
  });

  it('a poison event stops it alone, at that event; another manager goes on, and a restart resumes at the same event', async () => {
    const seen: string[] = [];
    const other: ProcessManager = { name: 'other', version: 1, categories: ['bundle'], react: async (event) => void seen.push(event.streamId) };
    await events.append('bundle-bad', [bundleSubmitted('bad', null)], 'no_stream');
    await events.append('bundle-b2', [bundleSubmitted('b2')], 'no_stream');
    const runner = new ProcessManagerRunner(events, documents, [process(), other], silent);
    await runner.start();
    await runner.settle();
    const [bundles, others] = await runner.status();
    expect(bundles).toMatchObject({ name: 'bundles', state: 'failed', position: 0, failure: { streamId: 'bundle-bad', position: 1, eventType: 'BundleSubmitted' } });
    expect(others).toMatchObject({ name: 'other', state: 'live' });
    expect(seen).toEqual(['bundle-bad', 'bundle-b2']);
    expect(written).toEqual([]);
    await runner.stop();
    const restarted = new ProcessManagerRunner(events, documents, [process()], silent);
    await restarted.start();
    expect((await restarted.status())[0]).toMatchObject({ state: 'failed', failure: { position: 1 } });
    await restarted.stop();
  });
});
