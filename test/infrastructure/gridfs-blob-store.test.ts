import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { GridFsBlobStore } from '../../infrastructure/blob-store/gridfs-blob-store.js';
import { databaseName } from '../../infrastructure/document-store/mongo-document-store.js';
import { blobStoreContract } from '../contract/blob-store.contract.js';

const url = process.env.MONGODB_URL;
if (!url) console.warn('skipped: set MONGODB_URL (e.g. mongodb://localhost:27017/govhall_test) to run the GridFS blob store contract');

describe.skipIf(!url)('GridFS blob store', () => {
  // Each test gets its own bucket, dropped afterwards: the server is shared.
  const run = randomBytes(4).toString('hex');
  let buckets = 0;
  let client: MongoClient;

  beforeAll(async () => {
    client = await new MongoClient(url!).connect();
  });
  afterAll(async () => client?.close());

  blobStoreContract('GridFS', async () => {
    const bucket = `materials_${run}_${buckets++}`;
    const store = await GridFsBlobStore.open(url!, bucket);
    return {
      store,
      copies: (digest) => client.db(databaseName(url!)).collection(`${bucket}.files`).countDocuments({ filename: digest }),
      async dispose() {
        await store.drop();
        await store.close();
      },
    };
  });
});
