import { hash as digest } from 'node:crypto';
import { IntegrityError, type EventMetadata, type RecordedEvent } from '../../application/ports/event-store.js';

/** The previous hash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted (UTF-16 order), no whitespace: the same content always gives the
 * same text, whatever order the keys were built in. Inputs are validated JSON values; keys whose
 * value is `undefined` are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
        return out + ']';
      }
      const object = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(object).sort()) {
        if (object[key] === undefined) continue;
        out += (first ? '' : ',') + jsonString(key) + ':' + canonicalJson(object[key]);
        first = false;
      }
      return out + '}';
    }
    default:
      return JSON.stringify(value);
  }
}

/** Most keys and values need no escaping; skipping JSON.stringify for them halves the hashing time. */
const NEEDS_NO_ESCAPE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
function jsonString(text: string): string {
  return NEEDS_NO_ESCAPE.test(text) ? `"${text}"` : JSON.stringify(text);
}

export interface HashInput {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  /** Must already carry `prevHash`; a `hash` in it is ignored. */
  readonly metadata: EventMetadata;
}

/**
 * sha256 over the canonical JSON of {id, streamId, revision, type, data, metadata without `hash`,
 * prevHash}. The text is assembled in sorted key order directly: this runs for every event written
 * and read, and building an envelope object per event costs more than the hash itself.
 */
export function hashEvent(event: HashInput): string {
  const { metadata } = event;
  const text =
    `{"data":${canonicalJson(event.data)},"id":${JSON.stringify(event.id)},` +
    `"metadata":${canonicalJson(metadata.hash === undefined ? metadata : { ...metadata, hash: undefined })},` +
    `"prevHash":${JSON.stringify(metadata.prevHash ?? null)},"revision":${JSON.stringify(event.revision)},` +
    `"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`;
  return digest('sha256', text, 'hex');
}

/** Metadata as stored: the caller's (any `hash`/`prevHash` it sent is replaced), plus the chain links. */
export function chainMetadata(
  event: Omit<HashInput, 'metadata'> & { readonly metadata?: EventMetadata },
  prevHash: string,
): EventMetadata & { prevHash: string; hash: string } {
  // `hash: undefined` keeps the key's place without hashing it; undefined keys vanish in JSON.
  const metadata: Record<string, unknown> = { ...event.metadata, prevHash, hash: undefined };
  const { id, streamId, revision, type, data } = event;
  metadata.hash = hashEvent({ id, streamId, revision, type, data, metadata });
  return metadata as EventMetadata & { prevHash: string; hash: string };
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
