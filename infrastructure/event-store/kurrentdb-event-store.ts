import {
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  streamNameFilter,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type Filter,
  type ReadPosition,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  categoryOf,
  EventStoreError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../application/ports/event-store.js';
import { logger } from '../logging/logger.js';
import { chainEvent, GENESIS_HASH, verifyChain, verifyEvent } from './hash-chain.js';
import { validateAppend, validateStreamId } from './validation.js';

const log = logger('event-store.kurrentdb');

/** How often an `any` append re-reads the head and retries when another writer got in first. */
const MAX_ANY_RETRIES = 20;

/**
 * The production event store: a KurrentDB (EventStoreDB) node or cluster over gRPC.
 *
 * The global position is the event's *prepare* position: the events of one multi-event append
 * share a commit position, so only the prepare position is unique and strictly increasing.
 */
export class KurrentDbEventStore implements EventStore {
  private closed = false;

  private constructor(private readonly client: KurrentDBClient) {}

  static async connect(connectionString: string): Promise<KurrentDbEventStore> {
    try {
      return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString));
    } catch (error) {
      // The connection string may carry a password: never echo it.
      throw new StoreUnavailableError(`cannot use the KurrentDB connection string: ${(error as Error).message}`, { cause: error });
    }
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, expected);
    try {
      if (expected !== 'any') {
        // A retried append names the same expected revision, so it is hashed on the same predecessor
        // and KurrentDB recognises its ids (idempotent write) instead of reporting a conflict.
        const previous = expected === 'no_stream' ? undefined : await this.eventAt(streamId, expected);
        return await this.write(streamId, events, expected, previous);
      }
      for (let attempt = 0; ; attempt++) {
        const tail = await this.readStreamRaw(streamId, { direction: 'backwards', maxCount: events.length });
        // KurrentDB does not dedupe ids on a write whose expected revision is the head: check the tail ourselves.
        if (attempt === 0 && tail.length === events.length && tail.every((e, i) => e.id === events[events.length - 1 - i]!.id)) {
          return { nextRevision: tail[0]!.revision, position: tail[0]!.position };
        }
        try {
          return await this.write(streamId, events, tail[0] ? tail[0].revision : 'no_stream', tail[0]);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ANY_RETRIES) throw error;
        }
      }
    } catch (error) {
      throw this.translate(error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateStreamId(streamId);
    try {
      const events = await this.readStreamRaw(streamId, options);
      const backwards = options.direction === 'backwards';
      verifyChain(backwards ? [...events].reverse() : events, backwards ? {} : { fromRevision: options.fromRevision ?? 0 });
      return events;
    } catch (error) {
      throw this.translate(error);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const out: RecordedEvent[] = [];
    if (maxCount <= 0 || options.categories?.length === 0) return out;
    try {
      const reads = this.client.readAll({ fromPosition: positionAfter(after), filter: filterFor(options.categories) });
      for await (const resolved of reads) {
        const event = fromAll(resolved, after, options.categories);
        if (!event) continue;
        verifyEvent(event);
        out.push(event);
        if (out.length >= maxCount) break;
      }
      return out;
    } catch (error) {
      throw this.translate(error);
    }
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const after = options.after ?? 0;
    const subscription = this.client.subscribeToAll({ fromPosition: positionAfter(after), filter: filterFor(options.categories) });
    const translate = (error: unknown) => this.translate(error);
    let closed = false;
    return {
      async close() {
        closed = true;
        await subscription.unsubscribe();
      },
      async *[Symbol.asyncIterator]() {
        let last = after;
        try {
          for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
            if (closed) return;
            const event = fromAll(resolved, last, options.categories);
            if (!event) continue;
            verifyEvent(event);
            last = event.position;
            yield event;
          }
        } catch (error) {
          if (!closed) throw translate(error);
        }
      },
    };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    try {
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: excludeSystemEvents() })) {
        return resolved.event ? positionOf(resolved.event) : 0;
      }
      return 0;
    } catch (error) {
      throw this.translate(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.dispose();
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async write(
    streamId: string,
    events: readonly NewEvent[],
    expected: 'no_stream' | number,
    previous: RecordedEvent | undefined,
  ): Promise<AppendResult> {
    let prevHash = previous?.metadata.hash ?? GENESIS_HASH;
    let revision = expected === 'no_stream' ? -1 : expected;
    const data = events.map((event) => {
      revision++;
      const { metadata } = chainEvent(
        { id: event.id, streamId, revision, type: event.type, data: event.data, ...(event.metadata ? { metadata: event.metadata } : {}) },
        prevHash,
      );
      prevHash = metadata.hash;
      return jsonEvent({ id: event.id, type: event.type, data: event.data as Record<string, unknown>, metadata });
    });
    const streamState: AppendStreamState = expected === 'no_stream' ? NO_STREAM : BigInt(expected);
    try {
      const result = await this.client.appendToStream(streamId, data, { streamState });
      const nextRevision = Number(result.nextExpectedRevision);
      // Read back the last event: the append result does not say which event its position belongs to.
      const last = await this.eventAt(streamId, nextRevision);
      return { nextRevision, position: last?.position ?? 0 };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualState === NO_STREAM ? 'no_stream' : Number(error.actualState);
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      throw error;
    }
  }

  private async eventAt(streamId: string, revision: number): Promise<RecordedEvent | undefined> {
    const [event] = await this.readStreamRaw(streamId, { fromRevision: revision, maxCount: 1 });
    return event?.revision === revision ? event : undefined;
  }

  private async readStreamRaw(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    if (options.maxCount === 0) return [];
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      })) {
        const event = fromResolved(resolved);
        if (event) out.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the KurrentDB event store is closed');
  }

  private translate(error: unknown): unknown {
    if (error instanceof EventStoreError) return error;
    if (this.closed || error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof TimeoutError || error instanceof CancelledError) {
      log.warn({ err: error }, 'KurrentDB unavailable');
      return new StoreUnavailableError(`KurrentDB is unavailable: ${(error as Error).message}`, { cause: error });
    }
    return error;
  }
}

/** Start a read at a checkpoint; the event at the checkpoint itself is skipped by the caller. */
function positionAfter(after: number): ReadPosition {
  return after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START;
}

function filterFor(categories: readonly string[] | undefined): Filter {
  // The prefix filter narrows server-side; the exact category is checked again on each event.
  return categories ? streamNameFilter({ prefixes: [...categories] }) : excludeSystemEvents();
}

function fromAll(resolved: AllStreamResolvedEvent, after: number, categories: readonly string[] | undefined): RecordedEvent | undefined {
  const event = fromResolved(resolved);
  if (!event || event.position <= after) return undefined;
  if (categories && !categories.includes(categoryOf(event.streamId))) return undefined;
  return event;
}

function fromResolved(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  const metadata = event.metadata instanceof Uint8Array || typeof event.metadata !== 'object' ? {} : (event.metadata as EventMetadata);
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event, resolved.commitPosition),
    recordedAt: event.created.toISOString(),
  };
}

function positionOf(event: { position?: { commit: bigint; prepare: bigint } }, commitPosition?: bigint): number {
  return Number(event.position?.prepare ?? commitPosition ?? 0n);
}
