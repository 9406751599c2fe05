import type { RecordedEvent } from '../../application/ports/event-store.js';
import type { Event } from '../../domain/shared/decider.js';

/** A stored event as a projection receives it: a stream, a position, who and when. */
export function recorded<E extends Event>(
  streamId: string,
  event: E,
  position: number,
  by: { actorId: string; actorRole: string; at: string },
): RecordedEvent<E['data']> {
  return {
    id: `evt-${position}`,
    type: event.type,
    data: event.data,
    metadata: { actorId: by.actorId, actorRole: by.actorRole, occurredAt: by.at, schemaVersion: 1 },
    streamId,
    revision: position - 1,
    position,
    recordedAt: by.at,
  };
}
