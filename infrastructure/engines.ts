import path from 'node:path';
import type { BlobStore } from '../application/ports/blob-store.js';
import type { DocumentStore } from '../application/ports/document-store.js';
import type { EventStore } from '../application/ports/event-store.js';
import type { EventLogCopy, Warehouse } from '../application/ports/warehouse.js';
import type { Config } from './config.js';
import { FileBlobStore } from './blob-store/file-blob-store.js';
import { GridFsBlobStore } from './blob-store/gridfs-blob-store.js';
import { openDocumentStore } from './document-store/index.js';
import { openEventStore, SqliteEventStore } from './event-store/index.js';
import { ChdbWarehouse, openWarehouse } from './warehouse/index.js';

/** The three engines behind the ports, embedded or distributed as the configuration says. */
export interface Engines {
  readonly events: EventStore;
  readonly documents: DocumentStore;
  readonly warehouse: Warehouse;
  /** Uploaded materials, by content digest. */
  readonly blobs: BlobStore;
  /** Present when the warehouse reads the event store's file itself (both embedded): see `EventLogCopy`. */
  readonly logCopy?: EventLogCopy;
  /** Which engine serves each port, for health and logs. */
  readonly kinds: { readonly events: string; readonly documents: string; readonly warehouse: string };
  close(): Promise<void>;
}

export async function openEngines(config: Config): Promise<Engines> {
  const opened: { close(): Promise<void> }[] = [];
  try {
    const events = await openEventStore({ dataDir: config.dataDir, durability: config.eventStoreSync, ...(config.kurrentUrl ? { kurrentUrl: config.kurrentUrl } : {}) });
    opened.push(events);
    const documents = await openDocumentStore({ dataDir: config.dataDir, ...(config.mongoUrl ? { mongoUrl: config.mongoUrl } : {}) });
    opened.push(documents);
    const warehouse = await openWarehouse({ dataDir: path.join(config.dataDir, 'warehouse'), ...(config.clickhouseUrl ? { clickhouseUrl: config.clickhouseUrl } : {}) });
    opened.push(warehouse);
    const blobs = config.mongoUrl ? await GridFsBlobStore.open(config.mongoUrl) : new FileBlobStore(path.join(config.dataDir, 'materials'));
    opened.push(blobs);
    return {
      events,
      documents,
      warehouse,
      blobs,
      ...(events instanceof SqliteEventStore && warehouse instanceof ChdbWarehouse ? { logCopy: warehouse.eventLogCopy(events.path) } : {}),
      kinds: {
        events: config.kurrentUrl ? 'kurrentdb' : 'sqlite',
        documents: config.mongoUrl ? 'mongodb' : 'sqlite',
        warehouse: config.clickhouseUrl ? 'clickhouse' : 'chdb',
      },
      async close() {
        for (const engine of opened.reverse()) await engine.close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const engine of opened.reverse()) await engine.close().catch(() => undefined);
    throw error;
  }
}
