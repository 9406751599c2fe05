import { hash as digest } from 'node:crypto';
import { IntegrityError, type EventMetadata, type RecordedEvent } from '../../application/ports/event-store.js';

/** The previous hash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The text an event's hash covers: its place (stream, revision), identity, type, and the JSON of
 * its data and of its metadata (which carries `prevHash`, not `hash`) exactly as written.
 *
 * The JSON is what JSON.stringify made of the appended objects. Reading it back with JSON.parse
 * and writing it again gives the same text (both keep the keys' order), so a store that keeps
 * objects rather than text (KurrentDB) can still verify; one that keeps the text (SQLite) hashes
 * its stored columns directly, without parsing or re-serialising anything.
 */
export function hashText(streamId: string, revision: number, id: string, type: string, dataJson: string, metadataJson: string): string {
  return digest('sha256', `${streamId}\n${revision}\n${id}\n${type}\n${dataJson}\n${metadataJson}`, 'hex');
}

/**
 * `hashText` as a ClickHouse expression over the SQLite store's columns, for an engine that reads
 * the store's file itself (see chdb-event-log-copy.ts): the same text, its SHA-256 as raw bytes.
 */
export const HASH_TEXT_CLICKHOUSE =
  "SHA256(concat(stream_id, '\\n', toString(revision), '\\n', id, '\\n', type, '\\n', data, '\\n', metadata))";

export interface ChainInput {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
}

export interface Chained {
  readonly dataJson: string;
  /** The metadata's JSON as hashed: with `prevHash`, without `hash`. */
  readonly metadataJson: string;
  readonly hash: string;
  /** The metadata as read back: the caller's (any `hash`/`prevHash` it sent replaced) plus the links. */
  readonly metadata: EventMetadata & { prevHash: string; hash: string };
}

/** Links an event to the one before it in its stream and computes its hash. */
export function chainEvent(event: ChainInput, prevHash: string): Chained {
  const linked = linkedMetadata(event.metadata, prevHash);
  const dataJson = JSON.stringify(event.data);
  const metadataJson = JSON.stringify(linked);
  const hash = hashText(event.streamId, event.revision, event.id, event.type, dataJson, metadataJson);
  return { dataJson, metadataJson, hash, metadata: { ...linked, hash } };
}

/** `chainEvent`'s text and hash alone, for a store that keeps the text (no metadata object is built). */
export function chainText(event: ChainInput, prevHash: string): Omit<Chained, 'metadata'> {
  const dataJson = JSON.stringify(event.data);
  const metadataJson = JSON.stringify(linkedMetadata(event.metadata, prevHash));
  return { dataJson, metadataJson, hash: hashText(event.streamId, event.revision, event.id, event.type, dataJson, metadataJson) };
}

/**
 * The caller's metadata without any `hash` or `prevHash` it sent, keys in their order, then the
 * link: what the hash covers. Built by assignment (a rest-and-spread copy cost more per append).
 */
function linkedMetadata(metadata: EventMetadata | undefined, prevHash: string): EventMetadata & { prevHash: string } {
  const linked: Record<string, unknown> = {};
  if (metadata) {
    for (const key of Object.keys(metadata)) {
      if (key === 'hash' || key === 'prevHash') continue;
      // An own `__proto__` key is data, as a spread copies it, not the object's prototype.
      if (key === '__proto__') Object.defineProperty(linked, key, { value: metadata[key], enumerable: true, writable: true, configurable: true });
      else linked[key] = metadata[key];
    }
  }
  linked.prevHash = prevHash;
  return linked as EventMetadata & { prevHash: string };
}

/** The hash an event read back as objects should carry. */
export function hashEvent(event: Pick<RecordedEvent, 'id' | 'streamId' | 'revision' | 'type' | 'data' | 'metadata'>): string {
  const { hash: _own, ...linked } = event.metadata;
  return hashText(event.streamId, event.revision, event.id, event.type, JSON.stringify(event.data), JSON.stringify(linked));
}

/** Checks one event's own hash (a read that does not start at revision 0 can check no more). */
export function verifyEvent(event: RecordedEvent): void {
  const { prevHash, hash } = event.metadata;
  if (typeof prevHash !== 'string' || typeof hash !== 'string') {
    throw new IntegrityError(event.streamId, event.revision, 'prevHash or hash missing from metadata');
  }
  if (event.revision === 0 && prevHash !== GENESIS_HASH) {
    throw new IntegrityError(event.streamId, event.revision, 'the first event must link to the genesis hash');
  }
  if (hashEvent(event) !== hash) {
    throw new IntegrityError(event.streamId, event.revision, 'hash does not match the content: the event was altered');
  }
}

/**
 * Checks events of one stream in ascending revision order: each event's own hash and each link to
 * the one before. Read from revision 0, this verifies the whole chain up to the last event.
 * `fromRevision`: the revision the read started at, so a missing first event is caught too.
 */
export function verifyChain(events: readonly RecordedEvent[], options: { fromRevision?: number } = {}): void {
  const first = events[0];
  if (first && options.fromRevision !== undefined && first.revision !== options.fromRevision) {
    throw new IntegrityError(first.streamId, options.fromRevision, `read starts at revision ${first.revision}: an event is missing`);
  }
  let previous: RecordedEvent | undefined;
  for (const event of events) {
    verifyEvent(event);
    if (previous) {
      if (event.revision !== previous.revision + 1) {
        throw new IntegrityError(event.streamId, event.revision, `revision follows ${previous.revision}: an event is missing`);
      }
      if (event.metadata.prevHash !== previous.metadata.hash) {
        throw new IntegrityError(event.streamId, event.revision, 'prevHash does not match the previous event: the chain is broken');
      }
    }
    previous = event;
  }
}
