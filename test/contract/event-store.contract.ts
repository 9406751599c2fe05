import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventStoreError,
  InvalidEventError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
} from '../../application/ports/event-store.js';
import { GENESIS_HASH, verifyChain } from '../../infrastructure/event-store/hash-chain.js';

/** A category no other test (or earlier run against a shared server) has used. */
export function freshCategory(): string {
  return `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

export function newEvent(type: string, data: unknown = { n: 1 }, metadata?: NewEvent['metadata']): NewEvent {
  return { id: randomUUID(), type, data, ...(metadata ? { metadata } : {}) };
}

function numbered(count: number, type = 'CounterIncremented'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent(type, { n }));
}

/** Reads a subscription until `count` events arrived or `timeoutMs` passed. */
async function collect(subscription: Subscription, count: number, timeoutMs: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    for await (const event of subscription) {
      events.push(event);
      if (events.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  return events;
}

function expectStrictlyIncreasing(positions: readonly number[]): void {
  for (let i = 1; i < positions.length; i++) expect(positions[i]!).toBeGreaterThan(positions[i - 1]!);
}

/**
 * The behaviour every event store adapter must show. Each test uses its own streams (and its own
 * category), so the suite can run against a shared server.
 */
export function eventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('appending with an expected revision', () => {
      it('creates a stream only when it is expected not to exist yet', async () => {
        const stream = `${freshCategory()}-1`;
        const first = await store.append(stream, numbered(2), 'no_stream');
        expect(first.nextRevision).toBe(1);
        const conflict = await store.append(stream, numbered(1), 'no_stream').catch((e: unknown) => e);
        expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
        expect(conflict).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 1 });
      });

      it('appends only when the stream is still at the revision the decision was made on', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, numbered(1), 'no_stream');
        const next = await store.append(stream, numbered(2), 0);
        expect(next.nextRevision).toBe(2);
        const stale = await store.append(stream, numbered(1), 0).catch((e: unknown) => e);
        expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
        expect(stale).toMatchObject({ streamId: stream, expected: 0, actual: 2 });
        const missing = await store.append(`${freshCategory()}-1`, numbered(1), 3).catch((e: unknown) => e);
        expect(missing).toMatchObject({ name: 'WrongExpectedRevisionError', actual: 'no_stream' });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it("appends without a check when any revision is allowed, on a new or an existing stream", async () => {
        const stream = `${freshCategory()}-1`;
        expect((await store.append(stream, numbered(1), 'any')).nextRevision).toBe(0);
        expect((await store.append(stream, numbered(2), 'any')).nextRevision).toBe(2);
      });

      it('returns the position of the last appended event, which becomes the head position', async () => {
        const stream = `${freshCategory()}-1`;
        const result = await store.append(stream, numbered(3), 'no_stream');
        const events = await store.readStream(stream);
        expect(result.position).toBe(events[2]!.position);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
      });

      it('lets one append fail on a conflict without failing appends sent at the same moment', async () => {
        const category = freshCategory();
        await store.append(`${category}-b`, numbered(1), 'no_stream');
        const results = await Promise.allSettled([
          store.append(`${category}-a`, numbered(2), 'no_stream'),
          store.append(`${category}-b`, numbered(2), 'no_stream'),
          store.append(`${category}-c`, numbered(2), 'no_stream'),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.readStream(`${category}-a`)).toHaveLength(2);
        expect(await store.readStream(`${category}-b`)).toHaveLength(1);
        expect(await store.readStream(`${category}-c`)).toHaveLength(2);
      });
    });

    describe('retried appends (event-id de-duplication)', () => {
      it('writes nothing when the same events are appended again and returns the first result', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, numbered(1), 'no_stream');
        const events = numbered(3);
        const first = await store.append(stream, events, 0);
        const retry = await store.append(stream, events, 0);
        expect(retry).toEqual(first);
        const retryAny = await store.append(stream, events, 'any');
        expect(retryAny).toEqual(first);
        expect((await store.readStream(stream)).map((e) => e.id)).toHaveLength(4);
      });

      it('refuses a retry that mixes stored event ids with new ones, writing nothing', async () => {
        const stream = `${freshCategory()}-1`;
        const stored = numbered(2);
        await store.append(stream, stored, 'no_stream');
        const mixed = [stored[0]!, newEvent('CounterIncremented')];
        await expect(store.append(stream, mixed, 'no_stream')).rejects.toBeInstanceOf(EventStoreError);
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual(stored.map((e) => e.id));
      });
    });

    describe('reading a stream', () => {
      let stream: string;
      beforeAll(async () => {
        stream = `${freshCategory()}-2026-000123`;
        await store.append(stream, numbered(10), 'no_stream');
      });

      it('reads forwards from a revision, at most maxCount events', async () => {
        const events = await store.readStream(stream, { fromRevision: 3, maxCount: 4 });
        expect(events.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
        expect(events.map((e) => (e.data as { n: number }).n)).toEqual([3, 4, 5, 6]);
        expect(events.every((e) => e.streamId === stream && e.type === 'CounterIncremented')).toBe(true);
      });

      it('reads backwards from a revision, or from the end', async () => {
        const fromFive = await store.readStream(stream, { direction: 'backwards', fromRevision: 5, maxCount: 3 });
        expect(fromFive.map((e) => e.revision)).toEqual([5, 4, 3]);
        const fromEnd = await store.readStream(stream, { direction: 'backwards', maxCount: 2 });
        expect(fromEnd.map((e) => e.revision)).toEqual([9, 8]);
      });

      it('reads the whole stream by default, with recorded time and increasing positions', async () => {
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expectStrictlyIncreasing(events.map((e) => e.position));
        expect(Number.isNaN(Date.parse(events[0]!.recordedAt))).toBe(false);
      });

      it('gives an empty list for a stream that does not exist', async () => {
        expect(await store.readStream(`${freshCategory()}-none`)).toEqual([]);
      });
    });

    describe('reading all streams', () => {
      it('reads events after a checkpoint, only of the asked categories, in position order', async () => {
        const [cases, tickets, others] = [freshCategory(), freshCategory(), freshCategory()];
        await store.append(`${cases}-1`, numbered(2), 'no_stream');
        const checkpoint = await store.headPosition();
        await store.append(`${cases}-1`, numbered(1), 1);
        await store.append(`${others}-1`, numbered(2), 'no_stream');
        await store.append(`${tickets}-1`, numbered(2), 'no_stream');
        await store.append(`${cases}-2`, numbered(1), 'no_stream');

        const events = await store.readAll({ after: checkpoint, categories: [cases, tickets] });
        expect(events.map((e) => `${e.streamId}@${e.revision}`)).toEqual([
          `${cases}-1@2`,
          `${tickets}-1@0`,
          `${tickets}-1@1`,
          `${cases}-2@0`,
        ]);
        expectStrictlyIncreasing(events.map((e) => e.position));
        const firstTwo = await store.readAll({ after: checkpoint, categories: [cases, tickets], maxCount: 2 });
        expect(firstTwo.map((e) => e.id)).toEqual(events.slice(0, 2).map((e) => e.id));
        const rest = await store.readAll({ after: firstTwo[1]!.position, categories: [cases, tickets] });
        expect(rest.map((e) => e.id)).toEqual(events.slice(2).map((e) => e.id));
      });

      it('reads every category when none is named, and the head position is the last event', async () => {
        const [a, b] = [freshCategory(), freshCategory()];
        const checkpoint = await store.headPosition();
        await store.append(`${a}-1`, numbered(1), 'no_stream');
        const last = await store.append(`${b}-1`, numbered(1), 'no_stream');
        const events = await store.readAll({ after: checkpoint });
        expect(events.map((e) => e.streamId)).toEqual([`${a}-1`, `${b}-1`]);
        expect(await store.headPosition()).toBe(last.position);
      });
    });

    describe('subscriptions', () => {
      it('catches up from a checkpoint, then goes live, with no gap and no duplicate while 8 writers append', async () => {
        const [watched, ignored] = [freshCategory(), freshCategory()];
        const before = numbered(40);
        await store.append(`${watched}-0`, before.slice(0, 5), 'no_stream');
        const checkpoint = (await store.readStream(`${watched}-0`))[4]!.position;
        await store.append(`${watched}-0`, before.slice(5), 4);

        // Each writer appends to its own stream; half of them also write to a category nobody watches.
        const plans = Array.from({ length: 8 }, (_, w) =>
          Array.from({ length: 15 }, (_, round) => ({
            stream: w % 2 === 0 || round % 2 === 0 ? `${watched}-w${w}` : `${ignored}-w${w}`,
            events: numbered(round % 4 === 0 ? 3 : 1, 'WriterAppended'),
          })),
        );
        const expected = new Set(before.slice(5).map((e) => e.id));
        for (const plan of plans) for (const step of plan) if (step.stream.startsWith(`${watched}-`)) step.events.forEach((e) => expected.add(e.id));

        const subscription = store.subscribe({ after: checkpoint, categories: [watched] });
        const received = collect(subscription, expected.size, 20_000);
        await Promise.all(
          plans.map(async (plan) => {
            const revisions = new Map<string, number>();
            for (const { stream, events } of plan) {
              const result = await store.append(stream, events, revisions.get(stream) ?? 'no_stream');
              revisions.set(stream, result.nextRevision);
            }
          }),
        );
        const events = await received;

        const ids = events.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(expected);
        expectStrictlyIncreasing(events.map((e) => e.position));
        expect(events.every((e) => e.streamId.startsWith(`${watched}-`))).toBe(true);
      });

      it('delivers an event appended after the subscription went live', async () => {
        const category = freshCategory();
        const subscription = store.subscribe({ after: await store.headPosition(), categories: [category] });
        const received = collect(subscription, 1, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const event = newEvent('CaseAccepted', { caseId: '2026-000123' });
        await store.append(`${category}-1`, [event], 'no_stream');
        expect((await received).map((e) => e.id)).toEqual([event.id]);
      });

      it('ends the iteration promptly when the subscription is closed', async () => {
        const subscription = store.subscribe({ after: await store.headPosition(), categories: [freshCategory()] });
        const iterating = (async () => {
          for await (const _ of subscription) break;
          return 'ended';
        })();
        await new Promise((resolve) => setTimeout(resolve, 50));
        const started = Date.now();
        await subscription.close();
        expect(await iterating).toBe('ended');
        expect(Date.now() - started).toBeLessThan(400);
      });
    });

    describe('integrity chain', () => {
      it('links every event to the previous hash of its stream, starting from the genesis hash', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, numbered(2), 'no_stream');
        await store.append(stream, numbered(2), 1);
        const events = await store.readStream(stream);
        expect(events[0]!.metadata.prevHash).toBe(GENESIS_HASH);
        for (let i = 1; i < events.length; i++) expect(events[i]!.metadata.prevHash).toBe(events[i - 1]!.metadata.hash);
        for (const event of events) expect(event.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(() => verifyChain(events, { fromRevision: 0 })).not.toThrow();
      });

      it("keeps the caller's metadata and writes the chain links itself", async () => {
        const stream = `${freshCategory()}-1`;
        const metadata = { actorId: 'staff-7', actorRole: 'window', commandId: randomUUID(), schemaVersion: 2, hash: 'forged', prevHash: 'forged' };
        await store.append(stream, [newEvent('CaseAccepted', { ok: true }, metadata)], 'no_stream');
        const [event] = await store.readStream(stream);
        expect(event!.metadata).toMatchObject({ actorId: 'staff-7', actorRole: 'window', commandId: metadata.commandId, schemaVersion: 2 });
        expect(event!.metadata.prevHash).toBe(GENESIS_HASH);
        expect(event!.metadata.hash).not.toBe('forged');
      });
    });

    describe('refusing what cannot be stored faithfully', () => {
      const refusals: Array<[string, (stream: string) => [string, NewEvent[]]]> = [
        ['an upper-case category', () => ['Case-1', numbered(1)]],
        ['a stream id starting with a digit', () => ['1case-1', numbered(1)]],
        ['a stream id with a space', () => ['case-1 2', numbered(1)]],
        ['an empty stream id', () => ['', numbered(1)]],
        ['a stream id over 200 characters', () => [`case-${'x'.repeat(200)}`, numbered(1)]],
        ['a camelCase event type', (s) => [s, [newEvent('caseAccepted')]]],
        ['an event type with a dash', (s) => [s, [newEvent('Case-Accepted')]]],
        ['an event type over 100 characters', (s) => [s, [newEvent(`C${'a'.repeat(100)}`)]]],
        ['an event id that is not a UUID', (s) => [s, [{ ...newEvent('CaseAccepted'), id: 'not-a-uuid' }]]],
        ['data that is a string', (s) => [s, [newEvent('CaseAccepted', 'text')]]],
        ['data that is undefined', (s) => [s, [{ id: randomUUID(), type: 'CaseAccepted', data: undefined }]]],
        ['data with an undefined field', (s) => [s, [newEvent('CaseAccepted', { a: undefined })]]],
        ['data with a function', (s) => [s, [newEvent('CaseAccepted', { f: () => 1 })]]],
        ['data with a bigint', (s) => [s, [newEvent('CaseAccepted', { n: 10n })]]],
        ['data with NaN', (s) => [s, [newEvent('CaseAccepted', { n: Number.NaN })]]],
        ['data with Infinity', (s) => [s, [newEvent('CaseAccepted', { n: Number.POSITIVE_INFINITY })]]],
        ['data with a symbol', (s) => [s, [newEvent('CaseAccepted', { s: Symbol('x') })]]],
        ['data with a Date object', (s) => [s, [newEvent('CaseAccepted', { at: new Date() })]]],
        ['data with a cycle', (s) => {
          const data: Record<string, unknown> = { a: 1 };
          data.self = data;
          return [s, [newEvent('CaseAccepted', data)]];
        }],
        ['an empty append', (s) => [s, []]],
        ['more than 1000 events in one append', (s) => [s, numbered(1001)]],
        ['the same event id twice in one append', (s) => {
          const event = newEvent('CaseAccepted');
          return [s, [event, { ...event, data: { n: 2 } }]];
        }],
        ['a bad event after good ones', (s) => [s, [...numbered(2), newEvent('CaseAccepted', { n: Number.NaN })]]],
      ];

      for (const [what, build] of refusals) {
        it(`refuses ${what} and writes nothing`, async () => {
          const stream = `${freshCategory()}-1`;
          const [target, events] = build(stream);
          const head = await store.headPosition();
          await expect(store.append(target, events, 'any')).rejects.toBeInstanceOf(InvalidEventError);
          expect(await store.readStream(stream)).toEqual([]);
          expect(await store.headPosition()).toBe(head);
        });
      }

      it('leaves nothing of a multi-event append that fails on a conflict', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, numbered(1), 'no_stream');
        await expect(store.append(stream, numbered(5), 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('content', () => {
      it('round-trips Chinese text in data and metadata', async () => {
        const stream = `${freshCategory()}-2026-000123`;
        const data = { item: '不动产登记', note: '申请材料齐全，予以受理。', emoji: '✅', nested: { 部门: '自然资源局' } };
        await store.append(stream, [newEvent('CaseAccepted', data, { actorDepartment: '政务服务中心' })], 'no_stream');
        const [event] = await store.readStream(stream);
        expect(event!.data).toEqual(data);
        expect(event!.metadata.actorDepartment).toBe('政务服务中心');
      });

      it('round-trips an event of about 1 MB', async () => {
        const stream = `${freshCategory()}-1`;
        const data = { attachment: '材料'.repeat(100_000) + 'x'.repeat(400_000), rows: Array.from({ length: 1000 }, (_, i) => i) };
        expect(Buffer.byteLength(JSON.stringify(data))).toBeGreaterThan(1_000_000);
        await store.append(stream, [newEvent('MaterialsSubmitted', data)], 'no_stream');
        const [event] = await store.readStream(stream);
        expect(event!.data).toEqual(data);
      });
    });

    describe('a closed store', () => {
      it('answers every call with StoreUnavailableError', async () => {
        const closed = await open();
        const stream = `${freshCategory()}-1`;
        await closed.append(stream, numbered(1), 'no_stream');
        await closed.close();
        await expect(closed.append(stream, numbered(1), 'any')).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(closed.readStream(stream)).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(closed.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(closed.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(
          (async () => {
            for await (const _ of closed.subscribe()) break;
          })(),
        ).rejects.toBeInstanceOf(StoreUnavailableError);
        await closed.close();
      });
    });
  });
}
