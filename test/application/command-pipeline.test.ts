import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandPipeline } from '../../application/command-pipeline.js';
import { WrongExpectedRevisionError, type EventStore } from '../../application/ports/event-store.js';
import type { Command, Decider, Event } from '../../domain/shared/decider.js';
import { conflict } from '../../domain/shared/errors.js';
import { ManualClock } from '../../infrastructure/clock.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite-event-store.js';

/** A ticket counter: enough domain to exercise the pipeline. */
type Taken = Event<'NumberTaken', { number: number; by: string }>;
type Take = Command<'TakeNumber', { max: number }>;
const counter: Decider<Take, Taken, { last: number }> = {
  initialState: { last: 0 },
  evolve: (_state, event) => ({ last: event.data.number }),
  decide: (command, state, ctx) =>
    state.last >= command.data.max
      ? conflict('counter.exhausted', '号码已取完', 'No numbers left')
      : [{ type: 'NumberTaken', data: { number: state.last + 1, by: ctx.actor.id } }],
};
const binding = { decider: counter };
const clerk = { id: 'u-1', role: 'window_staff', department: 'market' };

let dir: string;
let store: SqliteEventStore;
let clock: ManualClock;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-'));
  store = new SqliteEventStore(path.join(dir, 'events.sqlite'), { durability: 'normal' });
  clock = new ManualClock(new Date('2026-11-02T01:00:00Z'));
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const take = (commandId: string, max = 10) => ({ commandId, actor: clerk, command: { type: 'TakeNumber' as const, data: { max } } });

describe('the command pipeline', () => {
  it('decides on the state loaded from the stream and appends with who, when and why', async () => {
    const pipeline = new CommandPipeline(store, clock);
    await pipeline.handle(binding, 'counter-a', take('c-1'));
    clock.advance(60_000);
    const outcome = await pipeline.handle(binding, 'counter-a', { ...take('c-2'), correlationId: 'corr-9', causationId: 'cause-3' });
    expect(outcome).toMatchObject({ ok: true, revision: 1, duplicate: false });
    const [, second] = await store.readStream('counter-a');
    expect(second!.data).toEqual({ number: 2, by: 'u-1' });
    expect(second!.metadata).toMatchObject({
      actorId: 'u-1',
      actorRole: 'window_staff',
      actorDepartment: 'market',
      commandId: 'c-2',
      correlationId: 'corr-9',
      causationId: 'cause-3',
      occurredAt: '2026-11-02T01:01:00.000Z',
      schemaVersion: 1,
    });
  });

  it('gives the same answer to the same command id twice and acts once', async () => {
    const pipeline = new CommandPipeline(store, clock);
    const first = await pipeline.handle(binding, 'counter-b', take('same'));
    const again = await pipeline.handle(binding, 'counter-b', take('same'));
    expect(again).toMatchObject({ ok: true, duplicate: true, revision: 0 });
    expect(again.ok && again.events.map((e) => e.data)).toEqual(first.ok && first.events.map((e) => e.data));
    expect(await store.readStream('counter-b')).toHaveLength(1);
  });

  it('acts once when the same command arrives twice at the same moment', async () => {
    const pipeline = new CommandPipeline(store, clock);
    const answers = await Promise.all([pipeline.handle(binding, 'counter-c', take('dup')), pipeline.handle(binding, 'counter-c', take('dup'))]);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(await store.readStream('counter-c')).toHaveLength(1);
  });

  it('re-decides on the fresh state when another writer got in first', async () => {
    // Eight writers at once: each loses at most seven races, so eight attempts always suffice.
    const pipeline = new CommandPipeline(store, clock, 8);
    const other = new CommandPipeline(store, clock, 8);
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? pipeline : other).handle(binding, 'counter-d', take(`p-${i}`))));
    const numbers = (await store.readStream('counter-d')).map((e) => (e.data as { number: number }).number);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('gives up with a clear conflict after a bounded number of attempts', async () => {
    let attempts = 0;
    const contended: EventStore = Object.assign(Object.create(store) as EventStore, {
      append: async () => {
        attempts++;
        throw new WrongExpectedRevisionError('counter-e', 0, 1);
      },
    });
    const outcome = await new CommandPipeline(contended, clock, 3).handle(binding, 'counter-e', take('x'));
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'conflict', code: 'concurrency.conflict' } });
    expect(attempts).toBe(3);
  });

  it('returns a domain refusal as a value and writes nothing', async () => {
    const pipeline = new CommandPipeline(store, clock);
    await pipeline.handle(binding, 'counter-f', take('1', 1));
    const outcome = await pipeline.handle(binding, 'counter-f', take('2', 1));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'counter.exhausted', message: { zh: '号码已取完' } } });
    expect(await store.readStream('counter-f')).toHaveLength(1);
  });
});
