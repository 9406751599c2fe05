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

const UNPARSED: unique symbol = Symbol('unparsed');

/** `data` of a StoredEvent: an own, enumerable property whose JSON is parsed on first read. */
const LAZY_DATA: PropertyDescriptor = {
  get(this: StoredEvent) {
    return StoredEvent.dataOf(this);
  },
  enumerable: true,
  configurable: true,
};

/**
 * A recorded event read from a store that keeps events as JSON text (the embedded SQLite store,
 * in its bulk reads). `data` is parsed from that text the first time it is read, and the text
 * itself stays available through `dataJsonOf`, so a projection that only copies the data as JSON
 * (the warehouse's `events` table) neither parses nor re-serialises it. Otherwise it behaves as a
 * plain `RecordedEvent`: `data` is an own enumerable property, so spreading, `JSON.stringify` and
 * deep equality see it as usual. Copies (`{ ...event }`) are plain objects and carry no text.
 */
export class StoredEvent<Data = unknown> implements RecordedEvent<Data> {
  declare readonly id: string;
  declare readonly type: string;
  declare readonly data: Data;
  declare readonly metadata: EventMetadata;
  declare readonly streamId: string;
  declare readonly revision: number;
  declare readonly position: number;
  declare readonly recordedAt: string;
  readonly #dataJson: string;
  #data: Data | typeof UNPARSED = UNPARSED;

  constructor(
    id: string,
    type: string,
    dataJson: string,
    metadata: EventMetadata,
    streamId: string,
    revision: number,
    position: number,
    recordedAt: string,
  ) {
    // The same properties, in the same order, as a plain recorded event.
    this.id = id;
    this.type = type;
    Object.defineProperty(this, 'data', LAZY_DATA);
    this.metadata = metadata;
    this.streamId = streamId;
    this.revision = revision;
    this.position = position;
    this.recordedAt = recordedAt;
    this.#dataJson = dataJson;
  }

  /** @internal the getter behind `data`. */
  static dataOf<D>(event: StoredEvent<D>): D {
    const data = event.#data;
    return data === UNPARSED ? (event.#data = JSON.parse(event.#dataJson) as D) : data;
  }

  /** The JSON text of the data, as stored. */
  static dataJson(event: StoredEvent): string {
    return event.#dataJson;
  }
}

/**
 * The JSON text of an event's data: as stored when the store kept it (a `StoredEvent`), else
 * `JSON.stringify(event.data)`. Both give the same text for an event as it was appended.
 */
export function dataJsonOf(event: RecordedEvent): string {
  return event instanceof StoredEvent ? StoredEvent.dataJson(event) : JSON.stringify(event.data);
}
