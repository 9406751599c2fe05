import { describe, expect, it } from 'vitest';
import { MongoDocumentStore, databaseName } from '../../infrastructure/document-store/mongo-document-store.js';
import { documentStoreContract } from '../contract/document-store.contract.js';

const url = process.env.MONGODB_URL;
if (!url) console.warn('skipped: set MONGODB_URL (e.g. mongodb://localhost:27017/govhall_test) to run the MongoDB document store contract');

describe.skipIf(!url)('MongoDB document store', () => {
  documentStoreContract('MongoDB', async () => new MongoDocumentStore(url!).connect());
});

describe('MongoDB document store without a server', () => {
  it('takes the database name from the URL path, else govhall', () => {
    expect(databaseName('mongodb://h1:27017,h2:27017/views_prod?replicaSet=rs0')).toBe('views_prod');
    expect(databaseName('mongodb+srv://user:p%40ss@cluster.example.net/govhall_test')).toBe('govhall_test');
    expect(databaseName('mongodb://localhost:27017/?replicaSet=rs0')).toBe('govhall');
    expect(databaseName('mongodb://localhost:27017')).toBe('govhall');
  });

  it('refuses filters outside the supported subset before reaching the server', async () => {
    const store = new MongoDocumentStore('mongodb://127.0.0.1:9/never');
    await expect(store.find('cases', { $where: 'sleep(1000)' })).rejects.toThrow(/unsupported/);
    await expect(store.count('cases', { name: { $function: {} } })).rejects.toThrow(/unsupported/);
    await expect(store.find('Cases!', {})).rejects.toThrow(/collection/);
    await store.close();
    await expect(store.get('cases', 'c1')).rejects.toThrow(/closed/);
  });
});
