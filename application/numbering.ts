import type { EventStore } from './ports/event-store.js';

/**
 * Human-readable numbers that are unique and never reused: each number is the revision of an
 * event appended to a per-day sequence stream, so the store's ordering hands them out.
 */
export async function allocateNumber(store: EventStore, series: string, day: string, by: string): Promise<number> {
  const { nextRevision } = await store.append(
    `sequence-${series}.${day.replaceAll('-', '')}`,
    [{ id: crypto.randomUUID(), type: 'NumberAllocated', data: { series, day }, metadata: { actorId: by } }],
    'any',
  );
  return nextRevision + 1;
}
