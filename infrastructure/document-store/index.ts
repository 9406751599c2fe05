import fs from 'node:fs';
import path from 'node:path';
import type { DocumentStore } from '../../application/ports/document-store.js';
import { MongoDocumentStore } from './mongo-document-store.js';
import { SqliteDocumentStore } from './sqlite-document-store.js';

export { MongoDocumentStore } from './mongo-document-store.js';
export { SqliteDocumentStore } from './sqlite-document-store.js';
export { DocumentStoreError } from './common.js';

export interface DocumentStoreConfig {
  readonly dataDir: string;
  /** A MongoDB URL switches from the embedded store to MongoDB. */
  readonly mongoUrl?: string;
}

export async function openDocumentStore({ dataDir, mongoUrl }: DocumentStoreConfig): Promise<DocumentStore> {
  if (mongoUrl) return new MongoDocumentStore(mongoUrl).connect();
  fs.mkdirSync(dataDir, { recursive: true });
  return new SqliteDocumentStore(path.join(dataDir, 'views.sqlite'));
}
