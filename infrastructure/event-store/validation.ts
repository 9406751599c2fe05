import {
  InvalidEventError,
  type EventMetadata,
  type ExpectedRevision,
  type NewEvent,
} from '../../application/ports/event-store.js';

/** `<category>-<id>`: a lower-case category, then an optional id after the first dash. */
const STREAM_ID = /^[a-z][a-z0-9]*(-[A-Za-z0-9_.:-]+)?$/;
const MAX_STREAM_ID = 200;
/** Past-tense PascalCase, e.g. `CaseAccepted`. */
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;
const MAX_EVENT_TYPE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_EVENTS_PER_APPEND = 1000;

/**
 * Refuses anything the store could not write faithfully, before a single row is written:
 * a bad name, a bad type, a payload that would not come back as it went in.
 */
export function validateAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  validateStreamId(streamId);
  if (!(expected === 'no_stream' || expected === 'any' || (Number.isSafeInteger(expected) && expected >= 0))) {
    throw new InvalidEventError(`stream ${streamId}: expected revision must be 'no_stream', 'any' or an integer >= 0, got ${String(expected)}`);
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError(`stream ${streamId}: an append needs at least one event`);
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidEventError(`stream ${streamId}: an append holds at most ${MAX_EVENTS_PER_APPEND} events, got ${events.length}`);
  }
  const ids = new Set<string>();
  events.forEach((event, index) => {
    const where = `stream ${streamId}, event ${index}`;
    if (typeof event.id !== 'string' || !UUID.test(event.id)) throw new InvalidEventError(`${where}: id must be a UUID`);
    if (ids.has(event.id)) throw new InvalidEventError(`${where}: id ${event.id} appears twice in one append`);
    ids.add(event.id);
    if (typeof event.type !== 'string' || event.type.length > MAX_EVENT_TYPE || !EVENT_TYPE.test(event.type)) {
      throw new InvalidEventError(`${where}: type must be PascalCase (${EVENT_TYPE.source}), at most ${MAX_EVENT_TYPE} characters`);
    }
    if (typeof event.data !== 'object' || event.data === null) {
      throw new InvalidEventError(`${where} (${event.type}): data must be a JSON object or array`);
    }
    if (!isJson(event.data, 0)) assertJson(event.data, `${where} (${event.type}): data`, new Set());
    if (event.metadata !== undefined) {
      if (typeof event.metadata !== 'object' || event.metadata === null || Array.isArray(event.metadata)) {
        throw new InvalidEventError(`${where} (${event.type}): metadata must be a JSON object`);
      }
      const metadata = withoutUndefined(event.metadata);
      if (!isJson(metadata, 0)) assertJson(metadata, `${where} (${event.type}): metadata`, new Set());
    }
  });
}

export function validateStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length > MAX_STREAM_ID || !STREAM_ID.test(streamId)) {
    throw new InvalidEventError(
      `stream id ${JSON.stringify(String(streamId).slice(0, 60))} must match ${STREAM_ID.source} and be at most ${MAX_STREAM_ID} characters`,
    );
  }
}

/** Optional metadata fields left `undefined` by callers are simply absent, as JSON would have them. */
export function withoutUndefined(metadata: EventMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(metadata)) if (metadata[key] !== undefined) out[key] = metadata[key];
  return out;
}

/** Nesting deeper than this is checked the slow way, which tells a cycle from depth. */
const FAST_DEPTH = 64;

/**
 * Whether `assertJson` would pass the value, answered without building a path or a set of
 * ancestors for every value (an append's usual case); false sends the value to `assertJson`,
 * which says what is wrong and where.
 */
function isJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > FAST_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(value).length > 0) return false;
      for (const key of Object.keys(value)) if (!isJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** Only values JSON.stringify keeps as they are: plain objects, arrays, strings, finite numbers, booleans, null. */
function assertJson(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidEventError(`${path}: ${value} is not a JSON number`);
      return;
    case 'object': {
      if (value === null) return;
      if (ancestors.has(value)) throw new InvalidEventError(`${path}: cyclic reference`);
      ancestors.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) assertJson(value[i], `${path}[${i}]`, ancestors);
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          throw new InvalidEventError(`${path}: ${proto?.constructor?.name ?? 'object'} is not a plain JSON object`);
        }
        if (Object.getOwnPropertySymbols(value).length > 0) throw new InvalidEventError(`${path}: symbol keys are not JSON`);
        for (const key of Object.keys(value)) assertJson((value as Record<string, unknown>)[key], `${path}.${key}`, ancestors);
      }
      ancestors.delete(value);
      return;
    }
    default:
      throw new InvalidEventError(`${path}: ${typeof value} is not JSON`);
  }
}
