import fs from 'node:fs';
import path from 'node:path';
import { StoreUnavailableError, type EventStore } from '../../application/ports/event-store.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store.js';

export { KurrentDbEventStore } from './kurrentdb-event-store.js';
export { SqliteEventStore, type SqliteEventStoreOptions, type SqliteEventStoreStats } from './sqlite-event-store.js';

export interface OpenEventStoreOptions extends SqliteEventStoreOptions {
  /** Where the embedded store keeps `events.sqlite`. */
  readonly dataDir: string;
  /** A KurrentDB connection string; when given, the cluster is the store and `dataDir` is unused. */
  readonly kurrentUrl?: string;
}

/** KurrentDB when a URL is configured, else the embedded SQLite store in `dataDir`. */
export async function openEventStore({ dataDir, kurrentUrl, ...options }: OpenEventStoreOptions): Promise<EventStore> {
  if (kurrentUrl) return KurrentDbEventStore.connect(kurrentUrl);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new StoreUnavailableError(`cannot create the data directory ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  return new SqliteEventStore(path.join(dataDir, 'events.sqlite'), options);
}
