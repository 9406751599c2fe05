/**
 * The event store port. Streams are named `<category>-<id>` (`case-2026-000123`); the category
 * is the text before the first dash and is what subscriptions filter on.
 *
 * Positions are global and strictly increasing in commit order; a checkpoint is the position of
 * the last event a reader has handled, and reads "from" a checkpoint start after it.
 */

export interface EventMetadata {
  /** Who did it. */
  readonly actorId?: string;
  readonly actorRole?: string;
  readonly actorDepartment?: string;
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Domain time (ISO 8601), from the Clock port. */
  readonly occurredAt?: string;
  readonly schemaVersion?: number;
  /** Written by the store: the previous event's hash in this stream, and this event's. */
  readonly prevHash?: string;
  readonly hash?: string;
  readonly [key: string]: unknown;
}

/** An event to append. */
export interface NewEvent {
  /** UUID; appending an id the stream already holds is a no-op (idempotent retries). */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
}

/** An event as stored. */
export interface RecordedEvent<Data = unknown> {
  readonly id: string;
  readonly type: string;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly streamId: string;
  /** 0-based index of the event in its stream. */
  readonly revision: number;
  /** Global position in the store. */
  readonly position: number;
  /** When the store recorded it (ISO 8601). */
  readonly recordedAt: string;
}

/** `no_stream`: the stream must not exist; a number: its last revision must be this; `any`: no check. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event in the stream after the append. */
  readonly nextRevision: number;
  /** Position of the last event appended (or of the existing event, for a de-duplicated append). */
  readonly position: number;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Default: the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive checkpoint: events strictly after this position. Default: from the beginning. */
  readonly after?: number;
  readonly maxCount?: number;
  /** Only streams of these categories. */
  readonly categories?: readonly string[];
}

export interface SubscribeOptions {
  /** Exclusive checkpoint; omitted: from the beginning. */
  readonly after?: number;
  readonly categories?: readonly string[];
}

/**
 * A catch-up subscription: an async iterable that yields stored events in position order, then
 * live ones as they are committed, with no gap and no duplicate. `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Verifies the hash chain of what it returns; a broken chain is an `IntegrityError`. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** Position of the last event in the store (0 when empty). */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

/** Category of a stream: the text before the first dash. */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export class EventStoreError extends Error {
  override readonly name: string = 'EventStoreError';
}

export class WrongExpectedRevisionError extends EventStoreError {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class IntegrityError extends EventStoreError {
  override readonly name = 'IntegrityError';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    detail: string,
  ) {
    super(`stream ${streamId} revision ${revision}: ${detail}`);
  }
}

/** The store cannot be reached or has been closed. */
export class StoreUnavailableError extends EventStoreError {
  override readonly name = 'StoreUnavailableError';
}

/** A stream name, event type or payload that the store refuses before writing anything. */
export class InvalidEventError extends EventStoreError {
  override readonly name = 'InvalidEventError';
}
